"""What stands between a story and its comment thread, in whatever words the site chose.

The thread is found by its comments (authors over dates over texts); the lines just above its first comment are
its heading and the site's rules for commenters. A heading's wording is each site's own ("What our readers fired
back (2)", "3 gatekeepers sounded off", "Forum talk on this article (5 posts)"), but it counts the comments; the
rules stand between that heading and the first comment. Only paragraphs the rules kept as story are retyped, and
the walk up from the thread gives up past three lines or at a line too long for rules.
"""

from __future__ import annotations

import re
from itertools import pairwise

from newsaudit.anatomy import patterns as P
from newsaudit.anatomy.classify import boilerplate_reason, credit_reason, policy_reason
from newsaudit.anatomy.foot import credit_said
from newsaudit.anatomy.lines import Line, split_lines
from newsaudit.page import Block, BlockType, Page

#: A count of the thread's comments: "(2)" at the end, "3 gatekeepers …" at the start, after a dash, "5 posts",
#: "6 voices"
_COUNT = re.compile(r"\(\s*\d{1,5}(?:\s+[a-z]+)?\s*\)\s*$|^\d{1,5}\s+[A-Za-z]|\s[·•|]\s*\d{1,5}\s*$"
                    r"|\s[—–]\s*\d{1,5}\s+[a-z]+"  # "Porch Talk — 3 neighbors have spoken"
                    r"|\b\d{1,5}\s+(?:posts?|voices|comments?|replies|remarks|letters|responses|thoughts|reactions|"
                    r"opinions|messages|notes|takes)\b")
#: A heading is short and says no sentence ("What do you think? (3 voices)" asks one, with its count after)
_HEADING_WORDS = 16
_SENTENCE_END = re.compile(r"\.[\"”’)]?$")
#: The site's rules under the heading run to a few sentences
_POLICY_WORDS = 60
#: Lines above the first comment the walk reads at most (a heading and two lines of rules)
_WALK = 3


def mark_thread_heading(page: Page) -> int:
    """Retype the thread's heading (a short line counting the comments just above the first one) and the rules
    between it and the first comment; return how many lines changed. A paragraph the rules joined from several
    lines ("2 voices on this story" over "Keep it about the news.") is read a line at a time and split."""
    thread = page.blocks_of(BlockType.COMMENT_META, BlockType.COMMENT)
    if not thread:
        return 0
    first = thread[0].start
    above = [b for b in page.blocks if b.end <= first and b.type is not BlockType.DATELINE]
    story = [b for b in above if b.type in (BlockType.PARAGRAPH, BlockType.INSERTION)]
    walked: list[tuple[Block, int, int]] = []  # (block, start, end) of each line read, nearest the thread first
    for block in reversed(above):
        if block.type is BlockType.COMMENT_HEADER:
            return 0  # the rules found the heading already: nothing to mend
        if block.type not in (BlockType.PARAGRAPH, BlockType.INSERTION):
            continue  # a sort bar, a form's field, a share line, the rules' own policy line under the heading
        for start, end in reversed(_line_spans(page.text, block.start, block.end)):
            walked.append((block, start, end))
            text = page.text[start:end]
            if len(walked) > _WALK or len(text.split()) > _POLICY_WORDS:
                return 0
            if not _heading(text):
                continue
            if block is story[0] and (start, end) == (block.start, block.end):
                return 0  # the page's only story line is no heading
            _retype(page, walked)
            return len(walked)
    return 0


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of ``text[start:end]``, each without its leading and trailing spaces."""
    return [(line.start, line.end) for line in split_lines(text, start, end) if not line.blank]


def _retype(page: Page, walked: list[tuple[Block, int, int]]) -> None:
    """The last line walked is the heading, those before it (nearer the thread) the rules; a block they share
    with lines above the heading is split, its upper lines staying story."""
    heading = walked[-1]
    kinds = {(start, end): BlockType.COMMENT_POLICY for _, start, end in walked[:-1]}
    kinds[heading[1:]] = BlockType.COMMENT_HEADER
    touched = {id(block): block for block, _, _ in walked}
    for block in touched.values():
        spans = _line_spans(page.text, block.start, block.end)
        page.blocks.remove(block)
        kept = [span for span in spans if span not in kinds]
        if kept:  # the block's lines above the heading stay together, as the rules joined them
            page.add_block(block.type, kept[0][0], kept[-1][1], block.reason, **dict(block.attrs))
        for span in spans:
            if span in kinds:
                page.add_block(kinds[span], *span, _REASONS[kinds[span]])


_REASONS = {
    BlockType.COMMENT_HEADER: "the comment thread's heading: a short line counting the comments, just above the "
                              "first one",
    BlockType.COMMENT_POLICY: "the site's rules for commenters, between the thread's heading and its first comment",
}


def _heading(text: str) -> bool:
    """A short line counting the comments; the story's headline it may quote ("7 deckhands chimed in on “…”") is not
    counted in its length."""
    unquoted = _QUOTED.sub("", text)
    return len(unquoted.split()) <= _HEADING_WORDS and bool(_COUNT.search(unquoted)) \
        and not _SENTENCE_END.search(unquoted)


_QUOTED = re.compile(r"\s[“\"][^“”\"]{3,200}[”\"]\s*$")


def site_text_at_the_ends(authors: list[str | None]) -> list[int]:
    """The positions of the comments before the first that names an author, and of the last if it names none, in a
    thread where every other comment names one: there the site speaks where a reader's comment would stand (a prompt
    or its heading over the first comment, its rules or a host's notice under the last, the form's placeholder), not
    a reader. Two named comments at least."""
    named = [n for n, author in enumerate(authors) if author]
    if len(named) < 2:
        return []
    # the run before the first named comment ("Stashed in: …" over the thread's heading) and the last one alone: an
    # unnamed run under the thread may be a reader whose name line the system wrote in a shape not read
    ends = {*range(named[0]), len(authors) - 1}
    if any(author is None and n not in ends for n, author in enumerate(authors)):
        return []  # an unnamed comment inside the thread: this system does not name every commenter
    return sorted(n for n in ends if authors[n] is None)


def name_line_inside(own: list[Line]) -> tuple[int, str] | None:
    """Where a name line stands inside a "comment", text under it ("Say something nice...", "Brenda Kowalczyk", her
    text: the form's prompt ran into the first comment), and the name; None if no such line. The name may stand
    first in cells the system lays out after it ("Donna Rae Pickett · Top Commenter · Works at Mercy Health")."""
    for k in range(len(own) - 1):
        first_cell = _CELL.split(own[k].text, maxsplit=1)[0]
        if own[k].words <= _NAME_LINE_WORDS and (named := P.NAME_LINE.match(first_cell)):
            return k, named.group("name")
    return None


_CELL = re.compile(r"\s+[·•|]\s+")
_NAME_LINE_WORDS = 12


def type_site_lines(page: Page, lines: list[Line], above: bool) -> None:
    """Type each line of the site's own words in the thread (see :func:`site_line`)."""
    for line in lines:
        kind, why = site_line(line, above)
        page.add_block(kind, line.start, line.end, why)


def site_line(line: Line, above: bool = False) -> tuple[BlockType, str]:
    """What a line of the site's own words in the thread is: a credit, the rules for commenters (a sentence, in
    whatever words), a form's prompt above the first comment ("Say something nice..."), or a field or label of the
    form."""
    if above and _PROMPT.search(line.text) and line.words <= _PROMPT_WORDS:
        return BlockType.COMMENT_HEADER, "the comment form's prompt above the first comment"
    if above and _heading(line.text):
        return BlockType.COMMENT_HEADER, _REASONS[BlockType.COMMENT_HEADER]
    if why := credit_reason(line) or credit_said(line.text):
        return BlockType.CREDIT, why
    if why := policy_reason(line):
        return BlockType.COMMENT_POLICY, why
    if why := boilerplate_reason(line):
        return BlockType.BOILERPLATE, why  # the form's own instructions ("Fields with * must be filled.")
    if _SAID.search(line.text) and line.words >= _POLICY_SENTENCE_WORDS:  # "… members only. Sign in"
        return BlockType.COMMENT_POLICY, _SITE_RULES
    return BlockType.BOILERPLATE, "the site's own words where a comment would stand, with no author over them"


#: a sentence of the site's rules ("Sign with a real name and keep it about the story."); a placeholder's "…" is none
_SAID = re.compile(r"(?<!\.\.)[.!?][\"”’)]?(?:$|\s)")
_POLICY_SENTENCE_WORDS = 6
_SITE_RULES = "the site's rules for commenters, in its own words, where a comment would stand with no author over it"
#: a form's prompt trails off, waiting for the reader's words: "Write something…", "Begin the conversation..."
_PROMPT = re.compile(r"(?:…|\.\.\.)$")
_PROMPT_WORDS = 6


def form_under_thread(author: str | None, own: list[Line]) -> list[Line] | None:
    """The lines of the last "comment" (``own``) when they are a form's: no author, every line short, none (or, among
    several, one) written as a sentence."""
    if author is not None:
        return None
    sentences = sum(1 for ln in own if _FORM_SENTENCE.search(ln.text))
    if not own or any(ln.words > _FORM_WORDS for ln in own) or sentences > (1 if len(own) > 2 else 0):
        return None
    return own


#: a comment form's fields and buttons are this short and, but for one line of instructions, read as no sentence
_FORM_WORDS = 8
_FORM_SENTENCE = re.compile(r"[.!?…][\"”’)]?$")


def form_heading(content: list[Line], kinds: dict[int, str], controls: set[int], named: set[int]) -> int | None:
    """The line index of the comment form's heading in the site's own words ("Take the floor", "Holler Back", "Mail
    the editor's inbox"), or None. Its wording is each site's own; its place is not: a short line that says no
    sentence, under the last comment (after its buttons or a blank line) and at most two lines above the form's
    first field or its log-in prompt. The thread must have had an author or date line above it (``named``: the lines
    that name a comment's author), and no heading of the site's since."""
    seen_meta = headed = False
    for pos, line in enumerate(content):
        if (kinds.get(line.index) == "meta" or line.index in named) and not _HEADING_SHAPE.match(line.text):
            seen_meta, headed = True, False
            continue
        headed = headed or kinds.get(line.index) == "header"
        if headed or not seen_meta or line.index in controls or not _form_signal(line):
            continue
        under_furniture = None  # a candidate under the form's own lines: a field's label, unless none stands higher
        for up in range(pos - 1, max(pos - 1 - _FORM_WALK, 0), -1):
            heading, above = content[up], content[up - 1]
            kind = kinds.get(heading.index)
            if kind == "meta" and (not _HEADING_SHAPE.match(heading.text) or heading.index not in named):
                break  # a comment's author or date stands between: this is no form under the thread
            if heading.words > _FORM_HEADING_WORDS or not _HEADING_SHAPE.match(heading.text) \
                    or heading.index in controls or _FIELD.match(heading.text) or kind == "credit" \
                    or _NOT_HEADING.match(heading.text):
                continue
            if kinds.get(above.index) == "meta":
                break
            if above.index in controls or above.index < heading.index - 1:
                return heading.index
            if kinds.get(above.index) != "boilerplate":
                break
            under_furniture = under_furniture or heading.index
        if under_furniture is not None:
            return under_furniture
    return None


def form_lines(content: list[Line], kinds: dict[int, str], heading: int) -> list[int]:
    """The unlabelled lines under the form's heading ("Display name", "Say something kind...", "Post it ♡"): short,
    no two sentences, up to the next line the thread has typed or a line of prose."""
    out: list[int] = []
    below = [line for line in content if line.index > heading]
    for line in below[:_FORM_LINES]:
        if line.index in kinds and kinds[line.index] != "boilerplate":
            break
        if line.words > _FORM_WORDS or len(_SENTENCES.findall(line.text)) > 1:
            break
        if line.index not in kinds:
            out.append(line.index)
    return out


_FORM_LINES = 8
_SENTENCES = re.compile(r"\w[.!?](?:\s|$)")


def _form_signal(line: Line) -> bool:
    """A field of the form, or a prompt to log in to comment (a bare "Sign Up" button may be a newsletter's)."""
    return bool((_FIELD.match(line.text) and line.words <= _FIELD_WORDS)
                or (_LOG_IN.search(line.text) and 3 <= line.words <= _LOG_IN_WORDS))


def form_buttons(content: list[Line], kinds: dict[int, str], controls: set[int]) -> list[int]:
    """Lines read as a thread's heading ("Post Remark") that stand straight under a field of the form: its button.
    A heading that counts the comments ("3 Comments") stays one, wherever the system puts its form."""
    return [line.index for prev, line in pairwise(content)
            if kinds.get(line.index) == "header" and prev.index == line.index - 1 and _FIELD.match(prev.text)
            and prev.words <= _FIELD_WORDS and prev.index not in controls and not any(c.isdigit() for c in line.text)]


#: a form's field: "Name *", "Your holler *", "[ Your comment ]", "Email (never shared)", "Website"
_FIELD = re.compile(r"(?i)^\[?\s*(?:(?:your\s+)?[\w'’-]+(?:\s[\w'’-]+){0,2}\s*(?:[*✷✱✳★⁎]|\((?:required|never "
                    r"shared|not shared|optional|not published|private|kept private)\))|(?:your\s+)?(?:(?:display|"
                    r"screen|user)\s?name|nickname|name|e-?mail|e-?mail address|website|url|comment|message)|"
                    r"your\s+[\w'’-]+(?:\s[\w'’-]+)?)\s*:?\s*\]?$")
_FIELD_WORDS = 4
_LOG_IN_WORDS = 16
#: "Log in to take the floor", "Posting is for members. Sign in | Become a member"
_LOG_IN = re.compile(r"(?i)\b(?:log ?in|sign ?in|sign up)\b|\bregister (?:to|now|here|free)\b")
#: a heading is words, no sentence: no full stop, question, colon or ellipsis at its end, no figure
_HEADING_SHAPE = re.compile(r"^[^\W\d_][^.!?:…|·•\d]*[^\W\d_]$")
_FORM_HEADING_WORDS = 6
#: lines the walk reads above the form's first field: the heading, two lines of rules and one of instructions
_FORM_WALK = 4
#: a newsletter's box asks for an address too ("Enter your email address"): that is no heading
_NOT_HEADING = re.compile(r"(?i)^(?:enter|type|add) your\b")
