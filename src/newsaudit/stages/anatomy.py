"""Anatomy stage: split a page into title, article parts, comment thread and furniture.

Text dumps are the hard, common case: the HTML is gone and only line layout
remains. The stage finds where the comment section starts (a "N thoughts on"
header, a comment form, or the first "NAME says:" line), types the article
lines before it and parses the thread after it. Pages built from HTML arrive
with ``meta["regions"]`` and their comments already separated; then only the
article region is typed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsaudit.anatomy.article import ArticleConfig, segment_article
from newsaudit.anatomy.cells import split_cells
from newsaudit.anatomy.classify import (
    comment_header_reason,
    declared_comment_count,
    is_date,
    policy_reason,
)
from newsaudit.anatomy.commenters import comment_author
from newsaudit.anatomy.line_check import check_lines
from newsaudit.anatomy.lines import Line, split_lines
from newsaudit.anatomy.masthead import is_prose_line
from newsaudit.anatomy.page_kind import NO_THREAD_PAGES, mark_no_story, no_story_reason
from newsaudit.anatomy.patterns import BYLINE_PREFIXED, LIST_MARKER
from newsaudit.anatomy.retitle import clear_above_title, rescue_title
from newsaudit.anatomy.thread import segment_thread
from newsaudit.anatomy.thread_edges import mark_thread_heading
from newsaudit.anatomy.title_check import check_title
from newsaudit.anatomy.wrapping import unwrap
from newsaudit.page import BlockType, Page

#: Headers of a comment form open the comment section even when no comment follows
_FORM_OPENER = re.compile(r"^(?:leave|post|write|add|have)\b", re.I)


@dataclass
class AnatomyConfig:
    """The ``anatomy`` stage: the page's parts (title, story, byline, credits, insertions, furniture) and its
    comment thread."""

    #: the rules' settings for the story's blocks
    article: ArticleConfig = field(default_factory=ArticleConfig)
    #: read the comment section into a thread; False: it stays blocks
    parse_comments: bool = True
    #: let the learned line check retype story lines that are the furniture, bylines or credits around a story
    line_check: bool = True
    #: let the learned title check move the title to a line it finds clearly likelier to be the headline
    title_check: bool = True


def _thread_signals(content: list[Line], start: int, numbered: bool = True) -> int:
    """How many lines after ``start`` look like the parts of a comment (authors, and numbered items unless
    ``numbered`` is False)."""
    signals = 0
    for pos in range(start + 1, min(len(content), start + 60)):
        nxt = content[pos + 1] if pos + 1 < len(content) else None
        if (numbered and LIST_MARKER.match(content[pos].text)) or comment_author(content[pos], nxt):
            signals += 1
    return signals


def _signed(content: list[Line], pos: int) -> bool:
    """Whether the line at ``pos`` stands as a comment's text does: under its author or date line, or after its
    number."""
    line, above = content[pos], content[pos - 1]
    return bool(comment_author(above, line) or is_date(above) or LIST_MARKER.match(line.text))


def _story_follows(content: list[Line], start: int) -> bool:
    """Long paragraphs right under a count ("44 Kommentare" in the meta line of a post, above its story): the
    story is still to come, so the count heads no thread yet."""
    story = 0
    for pos in range(start + 1, min(len(content), start + 12)):
        story += content[pos].words >= 40 and not _signed(content, pos)  # a long comment is signed
    return story >= 2


def _story_resumes(content: list[Line], start: int) -> bool:
    """Five paragraphs of prose in a row further down (100 words or more), none under an author or date line
    or after a number: the story goes on below a would-be opener (a "Comments" button under the headline, a
    "Have your say" menu item, a teaser list of author and date lines inside the story), so it opens no thread.
    A thread's long comments stand one or two under each author line; once two comments have stood under
    theirs, a long run is one more long comment."""
    run = words = bodies = 0
    for pos in range(start + 1, min(len(content), start + 200)):
        line = content[pos]
        prose = is_prose_line(line)
        signed = prose and _signed(content, pos)  # only prose needs the author lines looked up
        if prose and line.words >= 10 and not signed:
            run, words = run + 1, words + line.words
            if run >= 5 and words >= 100:
                return True
        else:
            run = words = 0
            bodies += signed
            if bodies >= 2:
                return False
    return False


_UNDER_WALK = 4
_UNDER_WORDS = 25


def _prose_under(content: list[Line], pos: int) -> bool:
    """Two long paragraphs, neither signed nor the site's rules, among the few lines right under a would-be heading
    ("Join the conversation" as the story's own subheading, the numbered list of most-shared stories further down
    taken for a forum's posts): the story goes on under it. A thread's heading stands over its rules, a form or an
    author's line."""
    below = content[pos + 1 : pos + 1 + _UNDER_WALK]
    if any(comment_author(ln, nxt) for ln, nxt in zip(below, [*below[1:], None], strict=True)):
        return False
    paragraphs = [i for i, ln in enumerate(below, start=pos + 1) if ln.words >= _UNDER_WORDS and is_prose_line(ln)
                  and not _signed(content, i) and not policy_reason(ln)]
    return len(paragraphs) >= 2


def _under_byline(content: list[Line], pos: int) -> bool:
    """The line stands right under a "By NAME" line, with no blank line between."""
    above = content[pos - 1] if pos else None
    return above is not None and above.index == content[pos].index - 1 and bool(BYLINE_PREFIXED.match(above.text))


def find_comment_start(lines: list[Line]) -> int | None:
    """Index into ``lines`` where the comment section begins, or None.

    A header with a count ("10 thoughts on ...") or a comment form opens the
    section outright; a bare "Join the discussion" only when comment-like lines
    follow; a "NAME says:" line only when it is dated or more author lines follow.
    """
    content = [ln for ln in lines if not ln.blank]
    if len(content) < 3:
        return None
    first_body = content[1].index  # never the title line
    prose_seen = 0
    for pos, line in enumerate(content):
        prose_seen += is_prose_line(line)
        if line.index <= first_body:
            continue
        if comment_header_reason(line):
            # A count opens the section outright below the story; above it ("2 comments" in a post's meta
            # line under the headline) only when comments follow
            counted = (declared_comment_count(line.text) is not None and prose_seen >= 2
                       and not _story_follows(content, pos))
            if counted:
                return line.index
            # "Have your say" over long unsigned paragraphs is the story's subheading, not a comment form
            if (_FORM_OPENER.match(line.text) or _thread_signals(content, pos)) and not _story_follows(content, pos) \
                    and not _story_resumes(content, pos) and not _prose_under(content, pos):
                return line.index
            continue
        nxt = content[pos + 1] if pos + 1 < len(content) else None
        # Author lines open a thread only below the story: bylines and date lines stand above it, and a name and
        # date right under "By NAME" are the byline's outlet and date. Another author line must follow: numbered
        # lines below are as often the story's own numbered sections as a forum's numbered posts
        if prose_seen >= 2 and line.words <= 12 and comment_author(line, nxt) and not _under_byline(content, pos) \
                and _thread_signals(content, pos, numbered=False) and not _story_resumes(content, pos):
            return line.index
    return None


MIN_ARTICLE_WORDS = 40


def _keep_datelines_in_story(page: Page, facts: dict) -> None:
    """A dateline opens a paragraph: one found in a line later taken for the headline ("LEAKED: Senator's Aide …")
    was the headline's label, not a place."""
    paragraphs = page.blocks_of(BlockType.PARAGRAPH, BlockType.INSERTION)
    for dateline in page.blocks_of(BlockType.DATELINE):
        if not any(p.start <= dateline.start and dateline.end <= p.end for p in paragraphs):
            page.blocks.remove(dateline)
            facts.pop("dateline", None)
            facts.pop("wire", None)


def _story_words(page: Page) -> int:
    return sum(len(page.slice(b).split()) for b in page.blocks_of(BlockType.PARAGRAPH, BlockType.INSERTION))


class AnatomyStage:
    name = "anatomy"

    def __init__(self, config: AnatomyConfig | None = None) -> None:
        self.config = config or AnatomyConfig()

    def __call__(self, page: Page) -> Page:
        regions = page.meta.get("regions") or {}
        if regions.get("article"):
            a_start, a_end = regions["article"]
            article_lines = unwrap(split_lines(page.text, a_start, a_end))
            facts = segment_article(page, article_lines, self.config.article, find_title=True)
            thread_facts: dict = {}
        else:
            lines = unwrap(split_lines(page.text))
            cut = find_comment_start(lines) if self.config.parse_comments else None
            no_story = None
            if cut is not None and not comment_header_reason(lines[cut]):
                # "Posted by X on DATE" under each teaser of an index reads as comment authors; an index page holds
                # no comment section either, nor does an error page under its "recent headlines"
                whole_page = no_story_reason(lines)
                if whole_page is not None and whole_page[0] in NO_THREAD_PAGES:
                    cut, no_story = None, whole_page
            article_lines = lines if cut is None else lines[:cut]
            facts = segment_article(page, article_lines, self.config.article)
            thread_facts = segment_thread(page, lines[cut:]) if cut is not None else {}
            if cut is not None:
                mark_thread_heading(page)
            if no_story := no_story or no_story_reason(article_lines):
                mark_no_story(page, *no_story, article_lines)
                thread_facts["no_story"] = no_story[0]
            else:
                if self.config.line_check:
                    check_lines(page, lines)  # the thread's lines too: a line's neighbours are the page's
                rescue_title(page, article_lines)
            if self.config.title_check:  # on a page with no story too: an error page's apology, a landing page's offer
                check_title(page, article_lines)
            if not no_story:
                clear_above_title(page)
                _keep_datelines_in_story(page, facts)
            if not no_story and not page.comments and _story_words(page) < MIN_ARTICLE_WORDS and not any(
                    len(page.slice(b).split()) >= 8 for b in page.blocks_of(BlockType.PARAGRAPH)):
                # no sentence anywhere ("4:37" under a video): a short post that says something stays story
                reason = "a page with a heading and too little text for a story (a video or a promo)"
                mark_no_story(page, reason, None, article_lines)
                thread_facts["no_story"] = reason
        split_cells(page)  # once every line is typed: the cells of a tabbed line the page shows apart
        page.summary["anatomy"] = self._summary(page, facts, thread_facts)
        return page

    @staticmethod
    def _summary(page: Page, facts: dict, thread: dict) -> dict:
        counts: dict[str, int] = {}
        for block in page.blocks:
            counts[block.type.value] = counts.get(block.type.value, 0) + 1
        header = thread.get("header")
        bylines = page.blocks_of(BlockType.BYLINE)
        article_words = _story_words(page)
        return {
            "title": page.title,
            "block_counts": counts,
            "dateline": facts.get("dateline"),
            "wire_agency": facts.get("wire"),
            "bylines": [a for b in bylines for a in b.attrs.get("authors", [])],
            "insertions": len(page.blocks_of(BlockType.INSERTION)),
            "comments_found": len(page.comments),
            "comments_declared": declared_comment_count(header) if header else None,
            "replies": sum(1 for c in page.comments if c.parent),
            # Promo-only and error pages have a title and furniture but (almost) no story text.
            "article_words": article_words,
            "has_article": article_words >= MIN_ARTICLE_WORDS and "no_story" not in thread,
            "no_story": thread.get("no_story"),
        }
