"""The lines around a byline that belong to it: the writer's role in their own words, the dates a site stamps in
its own words, and a role line standing over the "By" line. Read by position next to a byline, since their wording
is each site's own."""

from __future__ import annotations

import re

from newsaudit.anatomy.classify import byline_names, is_date
from newsaudit.anatomy.lexicon import agency_named
from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.masthead import title_case
from newsaudit.anatomy.patterns import BYLINE_PREFIXED, CALENDAR_DATE, DATE_IN_LINE

#: What a writer is, in any wording of a role line ("Community herbalist and contributing writer at …")
ROLE_NOUN = re.compile(r"\b(?:writer|reporter|correspondent|columnist|contributor|editor|investigator|blogger|"
                        r"journalist|analyst|researcher|producer|photographer|fellow|author|commentator|critic|"
                        r"freelancer|stringer|scholar|professor|lecturer|economist)s?\b", re.I)
_ROLE_WORDS = 20
#: a byline carried on in lower case may run longer: it is plainly no sentence of the story
_LOWER_ROLE_WORDS = 30


def role_line(line: Line) -> bool:
    """A role under the byline, in the writer's own words: short, no sentence's end, and naming what a writer is,
    or carrying the byline on in lower case ("bus driver for nineteen years and a guest writer for …")."""
    if SENTENCE_CLOSE.search(line.text) or _COUNTERS.search(line.text):
        return False
    return (line.words <= _ROLE_WORDS and bool(ROLE_NOUN.search(line.text))) \
        or (line.text[:1].islower() and line.words <= _LOWER_ROLE_WORDS)


def under_byline_role(line: Line) -> bool:
    """Whatever the writer calls their trade, a short phrase straight under the byline that ends no sentence is its
    role ("Certified gut-health educator", "Labor beat, staff"), unless it reads like a headline. No digit: a count
    or a date is no trade."""
    return line.words <= 12 and line.text[:1].isalpha() and not re.search(r"\d", line.text) \
        and not _BUTTON_WORD.match(line.text) and not SENTENCE_CLOSE.search(line.text) \
        and not line.text.endswith(":") and not (line.words >= 6 and title_case(line) >= 0.8)


#: "Share - WeChat", "Follow us": a button under the byline, not the writer's role
_BUTTON_WORD = re.compile(r"(?i)(?:share|tweet|email|e-mail|print|follow|save|like|subscribe|comment|listen|copy)\b")
SENTENCE_CLOSE = re.compile(r"[.!?…][\"”’)]?$")
#: A member's profile under the byline counts what they did ("Contributor since 2015 · 412 posts · 88 followers")
_COUNTERS = re.compile(r"\d[\d,.]*\s*(?:posts?|followers?|comments?|points?|karma|replies|shares|views|likes|"
                       r"boosts?)\b", re.I)


def over_date(content: list[Line], pos: int) -> bool:
    """The line stands over the byline's date near the top ("Kelsey Dunmore | Viral Editor" over "Mar 14, 2018")."""
    return pos < 12 and pos + 1 < len(content) and content[pos + 1].index == content[pos].index + 1 \
        and is_date(content[pos + 1])


def over_by(content: list[Line], pos: int) -> bool:
    """The line stands straight over a "By NAME" line ("Guest writer for The Furrow" over "By Inés Calloway")."""
    return pos + 1 < len(content) and content[pos + 1].index == content[pos].index + 1 \
        and BYLINE_PREFIXED.match(content[pos + 1].text) is not None


#: Where a site's cells meet in a byline block: a dot or a bar between spaces
_CELL_GAP = re.compile(r"\s(?:[|·•∙◦]|⤳)\s")


def dated_cells(line: Line) -> bool:
    """Cells set apart by a dot or a bar, one of them dated and none a sentence, in whatever words the site stamps
    its dates ("First shared 04/03/2017 · last tended 01/19/2018", "Ironclad Energy Desk | May 10, 2018 | 3 readers
    responded"): under a byline, the rest of the byline block."""
    cells = _CELL_GAP.split(line.text)
    return len(cells) >= 2 and line.words <= 16 and any(DATE_IN_LINE.search(_LENGTH.sub(" ", c)) for c in cells) \
        and not any(SENTENCE_CLOSE.search(c.strip()) for c in cells) \
        and not any(_BUTTON_WORD.fullmatch(re.sub(r"^\W+|\W+$", "", c)) for c in cells)  # "✉ Email", "🖨 Print"


#: how long a story takes ("6 min read", "(11 min)", "6 min stir"), which is no date: "6 min ago" is one
_LENGTH = re.compile(r"(?i)\b\d+\s*min(?:ute)?s?\b(?!\s*ago)")


def stamp_cells(line: Line) -> bool:
    """Two or more cells, each a few words of the site's and a date or a time ("Filed Feb. 13, 2018, 6:41 a.m. · Last
    touched Feb. 13, 2018, 10:02 a.m.", "Put online April 2, 2018 · Amended April 3, 2018"): when the story went up
    and was changed, however the site words it."""
    cells = _CELL_GAP.split(line.text)
    return len(cells) >= 2 and line.words <= 24 and all(
        _STAMP_CELL.match(c.strip()) and (CALENDAR_DATE.search(c) or _CLOCK.search(c)) for c in cells)


_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
#: A cell of a stamp line: up to three words, then a date or a time, and nothing that ends a sentence but "a.m."
_STAMP_CELL = re.compile(r"^[A-Z][a-z]+(?: [a-z]+){0,2}:? (?=.{0,12}\d)(?:[^.!?]|\.(?! *$)|[ap]\.m\.$){4,40}$")


def agency_stamp(line: Line) -> str | None:
    """The agency a relayed story came from, where the line is the agency's name and the relay's cells, one of them
    dated or timed ("UPI | Picked up by NewsWhirl | June 22, 2017 03:41 PM", "UPI ⤳ lifted from the agency feed 14
    minutes ago · queue #2271"): an aggregator's byline, in whatever words it relays."""
    cells = [c.strip() for c in _CELL_GAP.split(line.tabs_as(" · "))]  # a tab parts cells too
    if len(cells) < 2 or line.words > 20 or any(SENTENCE_CLOSE.search(_MERIDIEM.sub("", c)) for c in cells):
        return None
    dated = any(DATE_IN_LINE.search(c) or _CLOCK.search(c) or _AGO.search(c) for c in cells[1:])
    if not dated:
        return None
    if agency_named(cells[0]):
        return cells[0]
    relay = _RELAY.match(cells[0])  # "Via the Reuters wire", "Fed through from the Bloomberg terminal"
    return relay.group("agency") if relay and agency_named(relay.group("agency")) else None


#: The way a relayed story came, around the agency's name: "Via the Reuters wire", "Fed through from the Bloomberg
#: terminal", "Off the AP feed"
_RELAY = re.compile(r"^(?:[A-Za-z]+ ){0,3}(?i:via|from|off|through|over) (?:the )?"
                    r"(?P<agency>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*)?) "
                    r"(?:wire|feed|terminal|service|newswire|ticker|desk)$")
#: "11:48 a.m." ends a cell on a time, not a sentence
_MERIDIEM = re.compile(r"(?<=\d) ?[ap]\.m\.$")


def staff_stamp(line: Line) -> bool:
    """The newsroom as author, then the date in cells ("Staff of Patriot Flashpoint · November 4, 2017 · 6:02 AM",
    "Ledger News Desk | May 2, 2018"): a byline with no one's name."""
    return bool(_STAFF_CELL.match(line.text)) and dated_cells(line)


_STAFF_CELL = re.compile(
    r"^(?:(?:the )?staff (?:of|at)\b|(?:[A-Z][\w'’&-]* ){1,4}(?:staff|desk|newsroom|team)\s+[|·•])", re.I)


def name_and_when(line: Line) -> list[str] | None:
    """A bare name and when the piece went up, in two cells ("Kayla Brightwater · 3 days ago"): the byline near the
    top, as the name alone over a date line is."""
    cells = _NAME_WHEN.match(line.text)
    if cells is None or not (DATE_IN_LINE.fullmatch(cells.group("when")) or _AGO.fullmatch(cells.group("when"))):
        return None
    name = cells.group("name")
    return byline_names(Line(line.index, line.start, line.start + len(name), 0, name), bare_allowed=True)


_NAME_WHEN = re.compile(r"^(?P<name>[^·|•\d]{3,40}?)\s+[·|•]\s+(?P<when>[^·|•]{3,40})$")
_AGO = re.compile(r"(?:\d{1,3}|an?|one) (?:minute|min|hour|hr|day|week|month)s? ago", re.I)
