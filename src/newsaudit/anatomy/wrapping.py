"""Hard-wrapped dumps: find the width a crawler wrapped at and join each wrapped line back together.

Rules read whole lines ("Your email address will not be published.", "Jane says:"), and a dump wrapped at
72 columns splits them. Joining happens before any rule runs; offsets stay those of the page.
"""

from __future__ import annotations

import itertools
import re

from newsaudit.anatomy import patterns as P
from newsaudit.anatomy.classify import (
    boilerplate_reason,
    comment_header_reason,
    credit_reason,
    find_dateline,
    is_date,
    policy_reason,
)
from newsaudit.anatomy.commenters import comment_author
from newsaudit.anatomy.foot import credit_said
from newsaudit.anatomy.lexicon import match_any
from newsaudit.anatomy.lines import OPEN_ENDED, Line
from newsaudit.anatomy.masthead import dated_byline

_SENTENCE_END = re.compile(r"[.!?…:\"”’)]$")
#: A list item's marker: a wrapped item's later lines hang under the text after it
_ITEM = re.compile(r"(?:\d{1,3}[.)]|[-*•·])\s+")
#: How far under its width a wrapped line may end: the next word did not fit
_WRAP_SLACK = 16
#: How often a single-line pattern (a button, a copyright line) may be split by the wrapper before rules miss it
_MIN_WRAPPED_LINES = 5
#: Narrower than this, a page of short lines (menus, headlines) would look wrapped
_MIN_WIDTH = 60
_MAX_WIDTH = 120
#: A list item ending on one of these goes on (relative words too: "… the company that")
_OPEN_ENDED = OPEN_ENDED | {"into", "that", "who", "which"}
#: The separators of a menu bar's items
_BAR_SEPARATORS = ("|", "·", "•")
#: Columns the width may be over-estimated by (a tab-indented line counts its tab as four)
_FIT_MARGIN = 2


def _width(line: Line) -> int:
    """The columns a wrapper saw: it counts a tab as one character, as the page holds it."""
    return (line.indent if line.lead is None else line.lead) + len(line.text)


def wrap_width(lines: list[Line]) -> int | None:
    """The column a dump was hard-wrapped at (lynx, w3m, ``fmt``, e-mail gateways), or None.

    Wrapped text piles its lines up just under one width, and a line that ends there is mostly followed by more of
    its paragraph whose first word would not have fitted. Choose the width under which the most longer lines end
    within the wrapper's slack; call the page wrapped when those are a clear share of its longer lines, few lines
    run past the width (a wrapped article under unwrapped comments still counts), and most of them are followed
    as a wrapper leaves them.
    """
    widths = [_width(ln) for ln in lines if ln.words >= 4]
    if len(widths) < _MIN_WRAPPED_LINES:
        return None
    # lines ending at each column up to the widest width tried: one pass over the page, then a sliding window
    ending = [0] * (_MAX_WIDTH + 1)
    for w in widths:
        if w <= _MAX_WIDTH:
            ending[w] += 1
    best, best_near = 0, 0
    for width in range(_MIN_WIDTH, _MAX_WIDTH + 1):
        near = sum(ending[width - _WRAP_SLACK + 1 : width + 1])
        if near > best_near:
            best, best_near = width, near
    if best_near < _MIN_WRAPPED_LINES:
        return None
    width = max(w for w in widths if w <= best)
    longer = sum(1 for w in widths if w > width // 2)
    over = sum(1 for w in widths if w > width)
    # lines far past the width were never wrapped: many of them (a single-newline story under short headlines) say
    # the short lines only happen to end near one column
    far = sum(1 for w in widths if w > 1.5 * width)
    if best_near < 0.4 * longer or over > best_near or far * 2 > best_near:
        return None
    # a wrapper breaks lines mid-sentence mostly; lines that each end a sentence are paragraphs of their own
    broken = sum(1 for a, b in itertools.pairwise(lines) if not a.blank and not b.blank
                 and width - _WRAP_SLACK < _width(a) <= width < _width(a) + 1 + len(b.text.split(" ", 1)[0])
                 and not _SENTENCE_END.search(a.text))
    return width if broken >= 0.5 * best_near else None


def unwrap(lines: list[Line]) -> list[Line]:
    """Join the pieces of hard-wrapped lines back into one line each, so that every rule sees whole lines.

    Two adjacent lines are one when the page is wrapped, the first runs close to the width and the second's first
    word would not have fitted on it, the second starts no list item, and it sits at the first's indentation or
    hangs under the text of the first's list item. Offsets stay those of the page (``Line.at``); the lines are
    numbered again, blank ones included, so that positions and indexes agree.
    """
    width = wrap_width(lines)
    if width is None:
        return lines
    out: list[Line] = []
    last = 0  # width of the last piece of out[-1]: it decides whether the next line goes on
    hang: int | None = None  # indentation the later pieces of out[-1] sit at
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and not prev.blank and not line.blank and _continues(prev, last, hang, line, width) \
                and not (not prev.joints and len(out) > 1 and _listed_over(out[-2], prev, line, width)):
            joints = (*prev.joints, (len(prev.text) + 1, line.start))
            tabs = (*prev.tabs, *(len(prev.text) + 1 + tab for tab in line.tabs))
            out[-1] = Line(prev.index, prev.start, line.end, prev.indent, f"{prev.text} {line.text}", joints, prev.lead,
                           tabs)
            hang = line.indent
        else:
            out.append(Line(len(out), line.start, line.end, line.indent, line.text, lead=line.lead, tabs=line.tabs))
            hang = None
        last = _width(line)
    return out


def _fitted(columns: int, line: Line, width: int) -> bool:
    """Whether ``line``'s first word would have fitted after a piece ``columns`` wide: no wrapper broke there."""
    return columns + 1 + len(line.text.split(" ", 1)[0]) <= width - _FIT_MARGIN


def _listed_over(above: Line, prev: Line, line: Line, width: int) -> bool:
    """One item of a list of headlines under another, a line of its own however long: the item above it ran
    short of the width with no sentence end, and no blank line stands between them ("Related Articles",
    "Ardoin County commission delays vote on sewer bond — again", "What a ‘structurally deficient’ sewer …")."""
    return (not above.blank and above.index == prev.index - 1 and _fitted(_width(above), prev, width)
            and not _SENTENCE_END.search(above.text) and not _SENTENCE_END.search(prev.text)
            and prev.text.rsplit(" ", 1)[-1].casefold() not in _OPEN_ENDED
            and not line.text.rstrip().endswith((".", "!", "…"))  # the next item a headline too, no sentence's end
            and line.text[:1].isupper() and above.indent == prev.indent == line.indent
            and (above.words >= 5 or bool(match_any("link_list_heading", above.text))))  # "Recent Posts" over it


def _continues(prev: Line, last: int, hang: int | None, line: Line, width: int) -> bool:
    """Whether ``line`` is the next piece of ``prev`` (whose last piece is ``last`` columns wide)."""
    if last < width - _WRAP_SLACK or _fitted(last, line, width):
        return False
    if _ITEM.match(line.text):
        return False
    if not prev.joints and _STAMPED_CELLS.search(prev.text):
        return False  # "2 · Miriam Oduya replied to dockworker_dan · 11 April 2017, 15:30" ends at its stamp
    if prev.text.rstrip().endswith(_BAR_SEPARATORS) or line.text.startswith(_BAR_SEPARATORS):
        return True  # "Home | Deep State | … | Archives" / "| Donate": a menu bar goes on past its separator
    if prev.text.count("(") > prev.text.count(")"):
        return True  # "(Reporting by …;" goes on to its closing bracket
    if prev.text.count("“") > prev.text.count("”") or prev.text.count("‘") > prev.text.count("’"):
        return True  # "… Told to ‘Stop Asking" goes on to its closing quotation mark
    if not _SENTENCE_END.search(prev.text) and (credit_reason(prev) or credit_said(prev.text)):
        return True  # "… first published on the author's blog, The Copper" goes on to the credit's end
    if not line.text[:1].islower() and _headline(prev) and not prev.spaced and not _stands_alone(line) \
            and _headline_tail(line):
        return True  # "GOP Congressman’s Top Donor Landed … Three" / "Weeks After Fundraiser": the headline goes on
    if not line.text[:1].islower() and (_stands_alone(line) or _headline(prev)):
        return False
    if _LOWER_BYLINE.match(line.text) and _headline(prev):
        return False  # "by Dispatch Staff | November 14, 2017" under a headline: the byline, not its next piece
    if _SENTENCE_END.search(prev.text) and line.words <= 4 and line.text[:1].isupper():
        return False  # "Reply", a commenter's name, "Read more" under a full line: lines of their own
    if _SENTENCE_END.search(prev.text) and _meta_shaped(line) and any(c.isdigit() for c in line.text) \
            and comment_author(line, None):
        return False  # "ladonna_k wrote at 6:02 pm, Sept. 12:" under the rules' last sentence: a comment begins
    if hang is not None:
        return line.indent == hang
    item = _ITEM.match(prev.text)
    if item is None or line.indent == prev.indent:
        return line.indent == prev.indent
    # a hanging indent turned into tabs keeps no exact column: any deeper tab indentation hangs under the item
    tabbed = line.lead is not None and line.lead < line.indent
    return line.indent == prev.indent + item.end() or (tabbed and line.indent > prev.indent)




#: Cells apart at a dot, bar or dash, the last a time (or, after two, a date): a comment's or a byline's meta line,
#: also with whom it answers after the stamp ("… 6:40 am  ·  replied to Ted Baranski")
_STAMPED_CELLS = re.compile(r"(?:[·•|—–]\s*[^·•|—–]*\b\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?"
                            r"|[·•|—–].*[·•|—–]\s*[^·•|—–]*\b(?:19|20)\d\d)"
                            rf"(?:\s*[·•|—–,]\s*{P.REPLY_VERB}\s+[^·•|—–]{{1,40}})?$", re.I)


#: A byline written in lower case: "by" and capitalised names, then a separator or the end of the line
_LOWER_BYLINE = re.compile(r"^by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*(?:[|,·•]|$)")


def _stands_alone(line: Line) -> bool:
    """A line the rules recognise by itself (a button, a credit, a header, an author or date line): a wrapper
    would not have begun a line there, so it is not the next piece of the line above."""
    return bool(boilerplate_reason(line) or credit_reason(line) or comment_header_reason(line)
                or policy_reason(line)
                or (_meta_shaped(line) and comment_author(line, None)) or is_date(line)
                or P.BYLINE_PREFIXED.match(line.text) or P.BYLINE_POSTED.match(line.text) or find_dateline(line)
                or (line.words <= 12 and dated_byline(line)))  # "Yonhap | March 5, 2018 | 14:32 KST"


def _meta_shaped(line: Line) -> bool:
    """Short enough to be a commenter's line: a few words, or a few more set apart by a bar or a dot or closed by a
    colon ("♥ Tomas Reinholt | 13 days ago", "ladonna_k wrote at 6:02 pm, Sept. 12:"), as no piece of prose is."""
    return line.words <= 6 or (line.words <= _META_WORDS
                               and (line.text.endswith(":") or bool(_CELL_SEP.search(line.text))))


_META_WORDS = 10
_CELL_SEP = re.compile(r"\s[|·•—–]\s")


def _headline_tail(line: Line) -> bool:
    """The last words of a wrapped title-case headline: a few capitalised words, no sentence end before the
    line's own, no menu ("Old Man Wrote on the Receipt." ends a clickbait headline)."""
    words = line.text.split()
    longer = [w for w in words if len(w) >= 4]
    # a title-case headline of two sentences goes on past a full stop ("… Child / Abuse Hotline. Then the Calls …")
    inner = re.sub(r"[.!?](?= [A-Z])", "", line.text)
    return (1 <= len(words) <= 12 and not re.search(r"[.!?…:|·•](?![\"”’']?$)", inner) and not line.spaced
            and bool(longer) and all(w.lstrip("\"“‘'")[:1].isupper() for w in longer))


def _headline(line: Line) -> bool:
    """A title-case line without a full stop ("Berlin Coalition Caves Again: Family Reunification Back on the
    Table"): a headline ends its own line, so the capitalised line under it is not its next piece."""
    words = [w for w in line.text.split() if len(w) >= 4 and w[0].isalpha()]
    open_ended = line.text.endswith((",", "—", "–", "-", ";", "&"))  # "… Syria Training Money Went," goes on
    # a closing quotation mark ends a headline too ("… for ‘Sanctuary Campuses’"): only .!?…: end a sentence
    return (not line.joints and not re.search(r"[.!?…:][\"”’']?$", line.text) and not open_ended and len(words) >= 3
            and sum(w[0].isupper() for w in words) >= 0.7 * len(words))
