"""Parse the comment section of a text dump into a comment tree.

Crawl dumps keep only layout: list numbers ("1.", "2."), indentation for
replies, author/date lines ("Jane says:", "Jane • 3 years ago") and the
buttons around them. The parser walks the lines once, keeping a stack of open
comments keyed by indentation, so a deeper-indented comment is a reply to the
nearest shallower one above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsaudit.anatomy import patterns as P
from newsaudit.anatomy.classify import (
    absorb_short_labels,
    boilerplate_reason,
    comment_header_reason,
    credit_reason,
    declared_comment_count,
    is_date,
    policy_reason,
    widget_heading,
)
from newsaudit.anatomy.commenters import REPLY_TAIL, comment_author, reply_tail, split_reply_target, without_rank
from newsaudit.anatomy.lexicon import match_any
from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.masthead import title_case
from newsaudit.anatomy.thread_edges import (
    form_buttons,
    form_heading,
    form_lines,
    form_under_thread,
    name_line_inside,
    site_text_at_the_ends,
    type_site_lines,
)
from newsaudit.page import NO_ATTRS, BlockType, Comment, Page

_QUOTE_HEADER = re.compile(r"\b(?:wrote|said)\s*:", re.I)
_FORUM_SUBJECT = re.compile(r"^(?:re|aw|sv|antw)\s*:\s*\S", re.I)
#: A community diary's comment subject with its recommendation tally: "Comp time is a scam (11+ / 0-)"
_RATED_SUBJECT = re.compile(r"\S.{0,120}\(\d{1,5}\+\s*/\s*\d{1,5}-\)$")
#: A community diary's author line: "by millvalley_dan on Wed Mar 01, 2017 at 04:10:22 PM EST" (in a thread only:
#: above a story the same shape is the story's byline)
_BY_ON_DATE = re.compile(r"^by\s+(?P<author>\S[^\n]{0,40}?)\s+on\s+(?P<when>(?:[A-Z][a-z]{2,8},?\s+)?"
                         r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})[^\n]{0,30})$",
                         re.I)
#: "#2  Hollis P.": a forum post's number and its poster, over a rank or date line
_NUMBERED_POSTER = re.compile(r"^#\d{1,5}\s+(?P<name>\S[^\n]{0,40})$")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}|copyright\b.{0,60}\b(?:19|20)\d{2}$)"
                        r"|\ball rights reserved\b|©\s*(?:19|20)\d{2}\b"
                        # the site's terms for reposting under the thread: "Material on this website may be reprinted
                        # if the source is credited.", "Text of the Dispatch is free to share with a link back."
                        r"|\b(?:may|can) be (?:freely )?(?:reprinted|republished|reposted|shared)\b"
                        r"|\bfree to (?:share|republish|repost|reprint)\b|\byou may (?:repost|republish|reprint)\b",
                        re.I)


def _poster_under_header(content: list[Line], pos: int, kinds: dict[int, str]) -> str | None:
    """The poster's name on a message board: a short name line under a post's date line numbered "#2", or over
    the poster's rank ("Senior Member"), as vBulletin prints them."""
    line = content[pos]
    if pos == 0 or kinds.get(content[pos - 1].index) != "meta" or not is_date(content[pos - 1]):
        return None
    named = P.AUTHOR_ALONE.match(line.text)
    if not named or line.words > 4 or is_date(line) or line.text.endswith((".", "!", "?", "…")):
        return None  # "Sure it is.": a short comment under its date line
    nxt = content[pos + 1] if pos + 1 < len(content) else None
    numbered = re.search(r"#\d+$", content[pos - 1].text)
    return named.group("author") if numbered or (nxt is not None and boilerplate_reason(nxt)) else None


def _furniture_not_policy(line: Line) -> str | None:
    """Furniture, unless the line also states the rules for commenters ("Disclaimer : … All the comments will be
    moderated …"): that is the thread's policy, read as such below."""
    return None if policy_reason(line) else boilerplate_reason(line)


#: What a comment system prints under every comment in words of its own ("Answer this", "Thumbs up 22 · Respond"):
#: a short line, no sentence, repeated with only its counts changed
_CONTROL_WORDS = 6
_CONTROL_VERB = re.compile(r"(?i)\b(?:repl\w*|respond|answer|like|share|report|flag|quote|vote|thumbs|recommend)\b")


def _repeated_controls(content: list[Line], named: set[int]) -> set[int]:
    """Lines of the thread that repeat, counts aside, under several comments: the system's buttons, not comments.
    Three times is enough; twice, the line must have a count or a button's verb ("Respond" under two comments)."""
    shapes: dict[str, list[int]] = {}
    for line in content:
        if line.words <= _CONTROL_WORDS and not line.text.endswith((".", "!", "?", "…", ":")) \
                and not is_date(line) and line.index not in named and not _NUMBERED_POSTER.match(line.text):
            shapes.setdefault(re.sub(r"\d[\d,.]*[km]?", "#", line.text.casefold()), []).append(line.index)
    return {index for shape, found in shapes.items()
            if len(found) >= 3 or (len(found) == 2 and ("#" in shape or _CONTROL_VERB.search(shape)))
            for index in found}


@dataclass
class _Open:
    comment_id: str
    indent: int  # indentation of the line that opened the comment
    start: int
    end: int
    author: str | None = None
    numbered: bool = False
    number: int | None = None  # its list number ("3." → 3)
    closed: bool = False  # a button line ("Reply") ended its text
    #: where its text lines stand when the number sat on the author line above them ("3. Jo wrote on …:")
    text_indent: int | None = None
    wrapped: list[int] = field(default_factory=list)  # page offsets where the crawler's hard wrapping broke a line
    meta: dict = field(default_factory=dict)


#: a headline in a list is mostly capitalised words
_HEADLINE_CASE = 0.7


def segment_thread(page: Page, lines: list[Line], id_prefix: str = "c") -> dict:
    """Add comment-section blocks and comments for ``lines`` (which start after the article)."""
    content = [ln for ln in lines if not ln.blank]
    kinds: dict[int, str] = {}
    reasons: dict[int, str] = {}
    authors: dict[int, tuple[str, str]] = {}
    reply_targets: dict[int, str] = {}  # "in reply to X" lines
    base_indent = min((ln.indent for ln in content), default=0)
    # A dump with its indentation stripped: numbered comments run on over unmarked lines, replies show as restarts
    flat = all(ln.indent == base_indent for ln in content)

    link_list: str | None = None
    widget = False  # the list open is a sidebar widget's (under a heading in capitals)
    seen_meta = False  # an author or date line read: a sidebar's heading stands below comments, not above
    profile: int | None = None  # the line of an "About Me" heading whose box is being read
    # each line's author, read once: the buttons' count below and the walk through the thread both ask
    author_of = {ln.index: comment_author(ln, nxt) for ln, nxt in zip(content, [*content[1:], None], strict=True)}
    authored = {index for index, author in author_of.items() if author}
    controls = _repeated_controls(content, authored)
    for pos, line in enumerate(content):
        nxt = content[pos + 1] if pos + 1 < len(content) else None
        # an author or date line, or the thread's header or form, read: a capitals heading below is a sidebar's
        seen_meta = seen_meta or (pos > 0 and kinds.get(content[pos - 1].index) in ("meta", "header"))
        contiguous = pos > 0 and content[pos - 1].index == line.index - 1
        if _COPYRIGHT.search(line.text) and line.words <= 30:  # also ends a list of links above it
            kinds[line.index], reasons[line.index] = "credit", "copyright line"
            link_list = None
            continue
        if link_list and not (contiguous and line.words <= 16 and (
                not line.text.endswith((".", "!")) or title_case(line) >= _HEADLINE_CASE)):
            link_list = None  # a listed headline may end on a full stop, in title case ("… We Saved Copies.")
        if link_list and widget and (is_date(line) or author_of[line.index]):
            link_list = None  # a signature in capitals ("MOLON LABE") over the next post's date line: no sidebar
        if match_any("link_list_heading", line.text):  # "Most viewed" under the thread: links, not comments
            link_list, widget = line.text, False
        elif seen_meta and widget_heading(line):  # "BEACON STORE", "READER POLL": a sidebar below the thread
            link_list, widget = line.text, True
        if P.PROFILE_HEADING.match(line.text):  # "About Me" in the sidebar: a name and a bio, no comment
            profile = line.index
        elif profile is not None and contiguous and content[pos - 1].index in kinds:
            kinds[line.index], reasons[line.index] = "boilerplate", "line of a profile box below the thread"
            continue
        else:
            profile = None
        if link_list == line.text:
            kinds[line.index], reasons[line.index] = "boilerplate", ("heading of a sidebar widget below the thread"
                                                                     if widget else "heading of a list of links")
            continue
        if link_list:
            kinds[line.index], reasons[line.index] = "boilerplate", f"headline listed under '{link_list}'"
            continue
        if pos > 0 and P.SIGNATURE_RULE.match(content[pos - 1].text) and contiguous and line.words <= 30:
            kinds[line.index], reasons[line.index] = "boilerplate", "the poster's signature, under its rule"
            continue
        if line.index in controls:
            kinds[line.index], reasons[line.index] = "boilerplate", "a comment system's button, repeated under comments"
            continue
        for label, judge in (("header", comment_header_reason), ("boilerplate", _furniture_not_policy)):
            why = judge(line)
            if why and not (label == "header" and P.LIST_MARKER.match(line.text)):
                kinds[line.index], reasons[line.index] = label, why
                break
        else:
            author = author_of[line.index]
            if author is None and (by_on := _BY_ON_DATE.match(line.text)):
                author = by_on.group("author"), "comment author ('by NAME on DATE' line in the thread)"
            if answers := P.IN_REPLY_TO.match(line.text):
                kinds[line.index], reasons[line.index] = "meta", "names the comment this one answers"
                reply_targets[line.index] = answers.group("target")
            elif (numbered := _NUMBERED_POSTER.match(line.text)) and line.words <= 6 and nxt is not None and (
                    is_date(nxt) or _furniture_not_policy(nxt) or P.PROFILE_LINE.match(nxt.text)):
                kinds[line.index], reasons[line.index] = "meta", "comment author (a forum post's number and poster)"
                authors[line.index] = (numbered.group("name").strip(), "comment author (numbered forum post)")
            elif author and not P.LIST_MARKER.match(line.text):
                kinds[line.index], reasons[line.index] = "meta", author[1]
                authors[line.index] = author
            elif is_date(line):
                kinds[line.index], reasons[line.index] = "meta", "comment date line"
            elif (forum_name := _poster_under_header(content, pos, kinds)) is not None:
                kinds[line.index], reasons[line.index] = "meta", "poster's name under the post's date line"
                authors[line.index] = (forum_name, "comment author (name under a numbered post's date line)")
            elif (_FORUM_SUBJECT.match(line.text) or _RATED_SUBJECT.match(line.text)) and line.words <= 20:
                kinds[line.index], reasons[line.index] = "meta", "subject line of a forum post (\"Re: …\")"
            elif P.PROFILE_LINE.match(line.text) and line.words <= 10:
                kinds[line.index], reasons[line.index] = "meta", "commenter's profile line"
    if (heading := form_heading(content, kinds, controls, authored)) is not None:
        kinds[heading], reasons[heading] = "header", "the comment form's heading, in the site's own words"
        authors.pop(heading, None)
        for index in form_lines(content, kinds, heading):
            kinds[index], reasons[index] = "boilerplate", "a field, prompt or button of the comment form, under it"
    for index in form_buttons(content, kinds, controls):
        kinds[index], reasons[index] = "boilerplate", "the comment form's button, under its fields"
    for index in absorb_short_labels(lines, kinds, frozenset({"boilerplate", "header"})):
        kinds[index], reasons[index] = "boilerplate", "short label between comment-form lines"

    stack: list[_Open] = []
    finished: list[_Open] = []
    parents: dict[str, str | None] = {}
    depth: dict[str, int] = {}
    counter = 0
    pending_author: tuple[str, int, str | None] | None = None  # (author, indent, whom it answers)
    pending_numbered = False  # the pending author stood on a numbered line ("1. Marty Kessler")
    facts: dict = {"header": None, "declared_count": None}

    def numbered_indent(line: Line, number: int) -> int:
        """Where a numbered comment sits when indentation does not say: after "3." a "4." is its sibling, a "1."
        its first reply (replies are numbered afresh); otherwise where its line is indented."""
        if not stack or stack[-1].number is None or stack[-1].indent != line.indent:
            return line.indent
        for opened in reversed(stack):
            if opened.number is not None and opened.number == number - 1:
                return opened.indent
        return stack[-1].indent + 1 if number == 1 else line.indent

    def open_comment(line: Line, text_start: int, author: str | None, numbered: bool, indent: int,
                     number: int | None = None) -> None:
        nonlocal counter
        while stack and stack[-1].indent >= indent:
            finished.append(stack.pop())
        counter += 1
        cid = f"{id_prefix}{counter}"
        parent = stack[-1].comment_id if stack else None
        parents[cid], depth[cid] = parent, len(stack)
        opened = _Open(cid, indent, text_start, line.end, author, numbered, number,
                       wrapped=[offset for _, offset in line.joints])
        mention = P.MENTION.match(page.text[text_start : line.end])
        if mention:
            opened.meta["mentions"] = [mention.group("name")]
        stack.append(opened)

    def current() -> _Open | None:
        return stack[-1] if stack else None

    def end_text() -> None:
        """A line typed as something else (header, credit, furniture, author or date) ends the text of the
        comment above it: a comment block never spans another block."""
        if stack:
            stack[-1].closed = True

    for pos, line in enumerate(content):
        nxt = content[pos + 1] if pos + 1 < len(content) else None
        kind = kinds.get(line.index)
        if kind == "header":
            page.add_block(BlockType.COMMENT_HEADER, line.start, line.end, reasons[line.index])
            if facts["header"] is None or declared_comment_count(facts["header"]) is None:
                facts["header"] = line.text  # keep the header that states a count
            end_text()
            continue
        if kind == "credit":
            page.add_block(BlockType.CREDIT, line.start, line.end, reasons[line.index])
            end_text()
            continue
        top = current()
        if kind == "boilerplate":
            page.add_block(BlockType.BOILERPLATE, line.start, line.end, reasons[line.index])
            end_text()  # a button bar ends the comment above it
            continue
        if kind == "meta" and line.index in authors and pending_author and _QUOTE_HEADER.search(line.text):
            # "DesertRat_NV wrote:" right under a post's own author line quotes another post: it is text
            open_comment(line, line.start, pending_author[0], pending_numbered, pending_author[1])
            pending_author, pending_numbered = None, False
            continue
        if kind == "meta":
            page.add_block(BlockType.COMMENT_META, line.start, line.end, reasons[line.index])
            if line.index in reply_targets and pending_author:
                pending_author = (pending_author[0], pending_author[1], reply_targets[line.index])
            if line.index in authors:
                name_shown, reply_to = split_reply_target(authors[line.index][0])
                if P.SIGNATURE.match(line.text) and top is not None and not top.closed and top.author is None:
                    top.author, top.closed = name_shown, True  # signed below its text
                else:
                    pending_author = (name_shown, line.indent, reply_to or reply_tail(line))
            end_text()
            continue
        marker = P.LIST_MARKER.match(line.text)
        if marker:
            rest = line.text[marker.end():]
            tail = REPLY_TAIL.search(rest)  # "2. Hannelore W.   22 April 2018, 10:02 · replied to X"
            if tail:
                rest = rest[:tail.start()]
            says = comment_author(Line(line.index, line.at(marker.end()), line.at(marker.end() + len(rest) - 1) + 1,
                                       line.indent, rest), nxt)
            named = P.NAME_LINE.match(rest) or P.AUTHOR_ALONE.match(rest)
            over_date = named and nxt is not None and kinds.get(nxt.index) == "meta" and len(rest.split()) <= 4
            if says or over_date:
                # "1. Marty Kessler" over a date line, "1. Haroon says:": the number heads the comment,
                # the name is its author
                page.add_block(BlockType.COMMENT_META, line.at(marker.end()), line.end,
                               "comment author on the numbered line")
                shown = split_reply_target(says[0])[0] if says else rest.strip()
                whom = tail.group("target").strip() if tail else None
                pending_author, pending_numbered = (shown, line.indent, whom), True
                continue
            by = pending_author[0] if pending_author else None
            number = int(marker.group("num"))
            open_comment(line, line.at(marker.end()), by, True, numbered_indent(line, number), number)
            pending_author = None
            continue
        if pending_author:
            by, indent, reply_to = pending_author
            if not pending_numbered:  # a reply's text set in under a meta line left at the margin: the text says
                indent = max(indent, line.indent)
            open_comment(line, line.start, by, pending_numbered, indent)
            if pending_numbered:
                stack[-1].text_indent = line.indent
            pending_numbered = False
            if reply_to:
                stack[-1].meta["reply_to"] = reply_to
            pending_author = None
            continue
        next_is_meta = nxt is not None and kinds.get(nxt.index) == "meta"
        # A one-word handle counts as a name only when a meta line ("in reply to", a date) follows it.
        name = P.NAME_LINE.match(line.text) or (P.AUTHOR_ALONE.match(line.text) if next_is_meta else None)
        if (name and (top is None or top.closed) and nxt is not None and (next_is_meta or nxt.index not in kinds)
                and not P.LIST_MARKER.match(nxt.text)):
            shown = name.group("name") if "name" in name.groupdict() else name.group("author")
            page.add_block(BlockType.COMMENT_META, line.start, line.end, _NAME_ABOVE)
            pending_author = (shown, line.indent, None)
            continue
        after_gap = pos > 0 and content[pos - 1].index < line.index - 1
        # A policy line after a gap, or a short one standing alone ("Comments are closed.") in a dump without gaps
        # … or one under a comment that is a single short line so far (a form's heading, "Add yours")
        heading_only = top is not None and not top.closed and top.start == content[pos - 1].start \
            and content[pos - 1].words <= 4
        if (after_gap or line.words <= 12 or heading_only) and line.indent <= base_indent \
                and (policy := policy_reason(line)):
            page.add_block(BlockType.COMMENT_POLICY, line.start, line.end, policy)
            while stack:
                finished.append(stack.pop())
            continue
        if top is not None and not top.closed and (
            flat or (line.indent >= top.text_indent if top.text_indent is not None
                     else line.indent > top.indent if top.numbered else line.indent >= top.indent)
        ):
            top.end = line.end  # the comment goes on
            top.wrapped.extend(offset for _, offset in line.joints)
            continue
        if line.indent <= base_indent and (top is None or top.numbered or top.closed):
            reason = None
            for block_type, judge in ((BlockType.COMMENT_POLICY, policy_reason), (BlockType.CREDIT, credit_reason)):
                reason = judge(line)
                if reason:
                    page.add_block(block_type, line.start, line.end, reason)
                    while stack:
                        finished.append(stack.pop())
                    break
            if reason:
                continue
        open_comment(line, line.start, None, False, line.indent)
    finished.extend(stack)
    ordered = sorted(finished, key=lambda c: c.start)
    while ordered and (form := form_under_thread(ordered[-1].author, _lines_of(ordered[-1], content))):
        # the comment form in the site's own words ("Your two cents *", "Send it"), read as a last comment
        for line in form:
            page.add_block(BlockType.BOILERPLATE, line.start, line.end, "a field or button of the comment form")
        ordered.pop()
    first_named = next((k for k, c in enumerate(ordered) if c.author), 0)
    for n in reversed(site_text_at_the_ends([c.author for c in ordered])):
        own = _lines_of(ordered[n], content)
        if n == 0 and (inside := name_line_inside(own)):  # a form's prompt ran into the first comment
            at, ordered[n].author = inside
            type_site_lines(page, own[:at], above=True)
            page.add_block(BlockType.COMMENT_META, own[at].start, own[at].end, _NAME_ABOVE)
            ordered[n].start = own[at + 1].start
            continue
        type_site_lines(page, own, above=n < first_named)
        gone = ordered.pop(n).comment_id
        for cid in [cid for cid, parent in parents.items() if parent == gone]:  # its replies move up to its parent
            parents[cid], depth[cid] = parents[gone], depth[cid] - 1
    for c in ordered:
        c.author = without_rank(c.author)
    if flat:
        _replies_by_name(ordered, parents, depth)

    for c in ordered:
        wrapped = {"wrapped_at": tuple(c.wrapped)} if c.wrapped else {}
        page.add_block(BlockType.COMMENT, c.start, c.end, "reader comment", comment_id=c.comment_id, **wrapped)
        page.add_comment(Comment(id=c.comment_id, start=c.start, end=c.end, parent=parents[c.comment_id],
                                 depth=depth[c.comment_id], author=c.author, meta=c.meta or NO_ATTRS))
    return facts


_NAME_ABOVE = "comment author (name line above the text)"


def _lines_of(comment: _Open, content: list[Line]) -> list[Line]:
    return [line for line in content if comment.start <= line.start < comment.end]


def _replies_by_name(comments: list[_Open], parents: dict[str, str | None], depth: dict[str, int]) -> None:
    """Without indentation, a comment whose meta line names whom it answers ("gerald_h → Jean-Marc R.", "in reply
    to Jean-Marc R.") replies to that commenter's latest comment above it: the trace of nesting a stripped dump
    keeps. An "@name" in the text is wording, not layout, and leaves the comment where it stands."""
    def key(name: str) -> str:
        return " ".join(name.lstrip("@").split()).casefold()

    latest: dict[str, str] = {}
    for n, c in enumerate(comments):
        target = c.meta.get("reply_to")
        if parents[c.comment_id] is None and target:
            if numbered := re.fullmatch(r"#(\d{1,5})", target):
                # "in answer to #1": a flat numbered board counts its posts from the first, as they stand
                post = int(numbered.group(1))
                parent = comments[post - 1].comment_id if 0 < post <= n else None
            else:
                parent = latest.get(key(target))
            if parent is not None:
                parents[c.comment_id], depth[c.comment_id] = parent, depth[parent] + 1
        if c.author:
            latest[key(c.author)] = c.comment_id
