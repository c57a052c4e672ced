"""The top of a page: site furniture, the title, and the byline block under it.

Dumps often start with a site name, a navigation bar, a breadcrumb or a
section label before the headline, and put author, agency and date lines
between the headline and the story. The masthead is every line before the
first line of prose (or the dateline); the title is the most headline-like of
its lines, and what stands above it is furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsaudit.anatomy.classify import boilerplate_reason, byline_names, credit_reason, find_dateline, is_date
from newsaudit.anatomy.lexicon import agency_named, match_any, nav_words
from newsaudit.anatomy.lines import Line, is_short_label, long_words, norm_words
from newsaudit.anatomy.patterns import BYLINE_PREFIXED, BYLINE_ROLE, CALENDAR_DATE, DATE_IN_LINE

MAX_LEAD_LINES = 14
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*$")
_SMALL_WORDS = frozenset("a an and as at by for from in into of on or over the to under up with vs".split())


@dataclass
class Masthead:
    title: Line | None = None
    title_reason: str = ""
    #: line index -> (kind, reason, attrs) for masthead lines other than the title
    labels: dict[int, tuple[str, str, dict]] = field(default_factory=dict)


def is_prose_line(line: Line) -> bool:
    """A line that reads as running text rather than a heading or label."""
    return line.words >= 25 or (line.words >= 10 and bool(_SENTENCE_END.search(line.text)))


def lead_zone(content: list[Line], skip: set[int] | None = None) -> list[Line]:
    """Lines above the story: everything before the first prose line or dateline (``skip``: ignore these, and
    furniture such as a cookie banner, which reads as prose but is not the story)."""
    lead: list[Line] = []
    for line in content[:MAX_LEAD_LINES]:
        if (skip and line.index in skip) or (is_prose_line(line) and boilerplate_reason(line)):
            lead.append(line)
            continue
        # The first line may be a title however it ends ("Why Is It So Contagious?").
        first_short = not lead and line.words <= 30 and not find_dateline(line)
        # a headline in title case that asks a question ("Why Is NATO Rehearsing a War …?") is not prose
        headline = ((line.words <= 20 and title_case(line) >= 0.7 and (not line.text.endswith(".") or _clickbait(line)))
                    or _tabloid_headline(line))
        if not first_short and not headline and (is_prose_line(line) or find_dateline(line)):
            break
        lead.append(line)
    return lead



def _tabloid_headline(line: Line) -> bool:
    """"Dad-of-three fined £300 by council 'bin police' for putting his wheelie bin out ONE day early - and told he
    could face court …": a long headline in sentence case, as British tabloids write them; no sentence ends in it."""
    return (20 < line.words <= 30 and not _SENTENCE_END.search(line.text) and not line.text.endswith((",", ":", ";"))
            and not find_dateline(line)  # "MOSCOW (Reuters) - Russia said …" cut short: the story's first line
            and not re.search(r"[a-z]{2,}[.!?][\"”’]?\s+[A-Z]", line.text))


def _clickbait(line: Line) -> bool:
    """"She Thought It Was Just Another Shift. Then She Read the Note.": a headline in title case that ends on a
    full stop, as clickbait sites write them."""
    return 6 <= line.words <= 30 and title_case(line) >= 0.8


def _headline_shape(line: Line) -> bool:
    """Could this line be a headline at all? (Not a sentence, menu, breadcrumb or label.)"""
    text = line.text
    words = text.split()
    if not words or len(text) > 250 or len(words) > 30:
        return False
    if re.search(r"(?<![.…])[.,;][\"”’']?$", text) and not _clickbait(line):
        return False  # a sentence, not a headline (an ellipsis is fine; so is a title-case clickbait headline
        # that ends on a full stop), also when a quotation closes it ('… who "didn't want to know."')
    if re.search(r"\s[|·•»›∙]\s|\s/\s", text):  # a navigation bar or breadcrumb
        return False
    if text[:3].lower() == "by ":
        return False
    if len(words) >= 12 and re.search(r"[a-z]{3,}\. [A-Z]", text) and title_case(line) < 0.7:
        return False  # two sentences in sentence case: a short paragraph
    return not _is_menu(words)


def _is_menu(words: list[str]) -> bool:
    """"Home News Sports Obituaries Opinion Classifieds": mostly menu vocabulary, no syntax."""
    if len(words) < 4 or any(w.casefold() in _SMALL_WORDS for w in words):
        return False
    if any(re.search(r"[,:;'’\"“”?!()]", w) for w in words):
        return False
    return sum(w.casefold() in nav_words() for w in words) >= 0.5 * len(words)


#: "Liberty Ledger — News the Coastal Media Won't Touch": a site's name and its slogan
_SITE_TAGLINE = re.compile(r"^(?:[A-Z][\w'’.&]*\s+){0,3}[A-Z][\w'’.&]*\s+(?:[—–|-]|--|::?)\s+(?:\S+\s+){0,8}\S+$")


def weak_headline(line: Line) -> bool:
    """Short or shouting lines at the top are more often a site name or section label than the headline."""
    if _SITE_TAGLINE.match(line.text):
        return True
    words = line.text.split()
    return len(words) <= 2 or _shouting(line) or (len(words) <= 4 and not any(w[:1].islower() for w in words))


def _strong_headline(line: Line) -> bool:
    """A clear headline: several words, ordinary syntax, not a quotation or a lead-in ending in a colon."""
    words = line.text.split()
    return (5 <= len(words) <= 25 and not line.text.endswith(":") and not _quotation(line.text)
            and any(w[:1].islower() or w.casefold() in _SMALL_WORDS for w in words))


def headline_like(line: Line) -> bool:
    """A clear headline by its shape alone: not a sentence, menu or label, several words, not a lead-in."""
    return ((_strong_headline(line) or _title_case_headline(line)) and _headline_shape(line)
            and not weak_headline(line) and not line.text.rstrip().endswith(":")
            and not line.spaced)  # a bar of items spaced out


def headline_over_byline(line: Line) -> bool:
    """A headline by its shape, right over the story's byline: there, a dash in a headline ("Illegal Crossings SURGE
    Again — And the Media Is Silent") is no site's slogan, nor a shouted word a section label."""
    return ((_strong_headline(line) or _title_case_headline(line)) and _headline_shape(line) and not _shouting(line)
            and not line.text.rstrip().endswith(":") and not line.spaced)


def _shouting(line: Line) -> bool:
    """Most of the line's letters are capitals: a site's name or a section label shouts, a headline seldom does."""
    letters = [c for c in line.text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > _SHOUTING


_SHOUTING = 0.8


def title_case(line: Line) -> float:
    """Share of the longer words that start with a capital: high for "Poll Workers Say They Were Told …"."""
    words = long_words(line.text)
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _quotation(text: str) -> bool:
    """A line that is a quotation (a pull quote), not a headline that opens with a quoted term ("“Sonic Booms”
    Rattle Four States …")."""
    if text[:1] not in "\"“‘'":
        return False
    closing = max(text.rfind(q, 1) for q in "\"”’'")
    return closing < 0 or closing >= 0.6 * len(text)


def _title_case_headline(line: Line) -> bool:
    """"Big Tech's Purge Widens: Three Platforms, One Week": every word capitalised, but long enough to be a
    headline rather than a site name or section label."""
    return (5 <= line.words <= 25 and title_case(line) >= 0.7 and not weak_headline(line)
            and not _quotation(line.text) and not line.spaced)  # a menu spaced out: "Home   Water   …"


def _headline_over_deck(stronger: list[Line], site: Line, candidates: list[Line], bylines: set[int]) -> Line:
    """The last clear headline, unless it stands under the byline (a deck or a caption) or is a deck: a sentence
    in sentence case right under another headline (a blank line between them at most, or the byline lines)."""
    under_byline = min((i for i in bylines if i > stronger[0].index), default=None)
    above_byline = [ln for ln in stronger if under_byline is None or ln.index < under_byline]
    if len(above_byline) >= 2:  # a role line or caption under the byline is no headline
        stronger = above_byline
    last = stronger[-1]
    if len(stronger) < 2:
        return last
    above = stronger[-2]
    if _SITE_TAGLINE.match(above.text) or above.index == site.index + 1:  # the slogan under the site's name
        return last
    if any(above.index < i < last.index for i in bylines):
        return above  # the headline stands above its byline
    # a deck: nothing that could be a headline between them, no further than a byline and a date line away
    # (a short or shouting piece between them, such as the end of a wrapped headline, does not count)
    if title_case(last) > 0.6:
        return last
    next_candidate = not any(above.index < c.index < last.index and not weak_headline(c) for c in candidates)
    gap = last.index - above.index
    long_deck = last.words >= 10 and above.words >= 5 and next_candidate and gap <= 6
    # a shorter deck or series line right under the headline (a blank line between at most), where the headline is
    # of a headline's length (a ticker's run of items is longer)
    short_deck = last.words >= _SHORT_DECK_WORDS and _HEADLINE_WORDS[0] <= above.words <= _HEADLINE_WORDS[1] \
        and gap <= 2
    return above if long_deck or short_deck else last


_SHORT_DECK_WORDS = 6
_HEADLINE_WORDS = (5, 16)


def _choose_title(candidates: list[Line], meta_title: str | None, bylines: set[int]) -> tuple[Line, str] | None:
    """The first headline-shaped line, unless it is weak and a clear headline follows it."""
    if meta_title and norm_words(meta_title):
        for line in candidates:
            if norm_words(line.text) == norm_words(meta_title):
                return line, "equals the page's title metadata"
    viable = [ln for ln in candidates if _headline_shape(ln)]
    if not viable:
        return None
    first = viable[0]
    if weak_headline(first):
        # the next three lines that could be headlines, past a menu of short or shouting labels ("POLITICS", "SHOP")
        stronger = [ln for ln in [ln for ln in viable[1:] if not weak_headline(ln)][:3]
                    if (_strong_headline(ln) or _title_case_headline(ln)) and not find_dateline(ln)]
        if stronger:
            headline = _headline_over_deck(stronger, first, candidates, bylines)
            return headline, "the headline under the site's name or section label"
        if len(first.text.split()) <= 2 and len(viable) > 1:
            return None
    return first, "first headline-shaped line of the page (short, no closing full stop)"


def publication_name(line: Line) -> bool:
    """"The Prairie Ledger", "USA TODAY": a short capitalised name, no sentence."""
    words = line.text.split()
    return (1 <= len(words) <= 5 and not _SENTENCE_END.search(line.text) and not re.search(r"[:,|/]", line.text)
            and all(w[:1].isupper() or w.casefold() in _SMALL_WORDS for w in words)
            and not _FILED_IN.match(line.text) and not (len(words) == 1 and words[0].casefold() in _SHARE_HEADS))


#: "Posted in Elections", "Filed under Politics": the story's category, not the publication
_FILED_IN = re.compile(r"(?i)^(?:posted|filed|published)\s+(?:in|under)\s")
#: a share bar's heading under the byline ("Connect", then Facebook, Twitter, ...)
_SHARE_HEADS = frozenset({"connect", "share", "follow", "social", "print", "email", "comments"})


_READING_TIME = re.compile(r"(?i)\b\d+\s*min(?:ute)?s?\.?\s*(?:to |of )?read(?:ing)?\b")
_COMMENT_COUNT = re.compile(r"(?i)(?:\b\d+|\bno)\s+(?:comments?|responses?|replies|thoughts)\b|\bleave a comment\b")


#: "14:32", "6:15 PM": the time beside a byline's date
_CLOCK = re.compile(r"(?i)\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?!\w)")


_VIA = re.compile(r"(?i)\bvia\s+\S+")


def stamp_phrase(line: Line) -> bool:
    """A few words of the site's with a participle, then the calendar date, perhaps a time and who filed it ("Field
    notes filed 12 December 2017", "Dropped on the porch March 3, 2018 by Wes Hollister"): when the story went up,
    however the site words it. A wrapped line of prose ("The suit, filed March 3, 2018 in …") runs on past it."""
    m = _STAMP_PHRASE.match(line.text)
    return bool(m and line.words <= _STAMP_PHRASE_WORDS and CALENDAR_DATE.fullmatch(m.group("date"))
                and _PARTICIPLE.search(m.group("lead")))


_STAMP_PHRASE_WORDS = 14
_STAMP_PHRASE = re.compile(
    r"^(?!(?:He|She|They|It|We|I|You)\b)(?P<lead>[A-Z][\w'’-]*(?: [\w'’-]+){0,5}?)(?: [·|•] [^·|•,]{3,30})?"
    r"(?::| [·|•])? (?:on )?"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.?,? \d{4}|\d{4}-\d\d-\d\d))"
    r"(?:(?:,| [·|•])? (?:at )?\d{1,2}[:.]\d\d(?: ?[ap]\.?m\.?| ?[AP]M)?(?: [A-Z]{2,4})?)?"
    r"(?: by (?:[A-Z][\w.'’-]*|@?[\w.]+)(?: [A-Z][\w.'’-]*){0,3})?"
    r"(?: [·|•] (?:about |around )?\d+ min(?:ute)?s?\.? (?:to |of )?read(?:ing)?)?$")
#: a word that says the story was put somewhere: "filed", "shared", "stirred", "written", "set down"
_PARTICIPLE = re.compile(r"(?i)\b(?:[a-z]{3,}(?:ed|en)|set down|put|sent|went up|came out)\b")


def dated_byline(line: Line) -> bool:
    """"Posted June 12, 2016 in Environment", "Selin Kaya | 17.09.2019", "Mar 3, 2019 · 6 min read"."""
    if line.words > 20 or not DATE_IN_LINE.search(_READING_TIME.sub(" ", line.text)):
        return False  # "6 min read" alone is a reading time, not a date
    relative = all(m.group(0).casefold() in ("today", "yesterday") for m in DATE_IN_LINE.finditer(line.text))
    if line.text.isupper() and relative:
        return False  # "USA TODAY", "VOSTOK TODAY": a paper's name
    if re.match(r"(?i)^(?:posted|published|updated|last modified|filed)\b", line.text):
        return True
    # "via NewsFeedHub": the aggregator the story came through, not a name
    rest = _VIA.sub(" ", line.text)
    rest = DATE_IN_LINE.sub(" ", _COMMENT_COUNT.sub(" ", _READING_TIME.sub(" ", _CLOCK.sub(" ", rest))))
    rest = re.sub(r"(?i)\b(?:updated|published|posted|last modified|edited|filed|time|on|at|by|"
                  r"(?-i:[A-Z]{2,4}T?))\b|[|·•:,/\-–—]", " ", rest).strip()  # zone: "IST"
    if not rest:
        return True
    probe = Line(line.index, line.start, line.start + len(rest), 0, rest)
    return bool(byline_names(probe, bare_allowed=True) or agency_named(rest) or BYLINE_ROLE.match(rest)
                or re.fullmatch(r"@?[\w.-]{2,30}", rest))


def _menu_item(above: Line | None, line: Line, below: Line | None, labelled: dict) -> bool:
    """"Home" / "Latin America" / "Labor": a name right under furniture, or between two short labels (no date or
    role line under it, as under a byline), is the next item of a menu, not a bare byline."""
    if above is None or above.index != line.index - 1:
        return False
    if labelled.get(above.index, ("",))[0] == "boilerplate":
        return True
    return (below is not None and below.index == line.index + 1 and is_short_label(above, max_words=2)
            and is_short_label(below, max_words=3) and not is_date(below) and not BYLINE_ROLE.match(below.text))


def read_masthead(lead: list[Line], meta_title: str | None) -> Masthead:
    result = Masthead()
    labelled: dict[int, tuple[str, str, dict]] = {}
    candidates: list[Line] = []
    previous: Line | None = None
    for pos, line in enumerate(lead):
        after_byline = (previous is not None and previous.index == line.index - 1
                        and labelled.get(previous.index, ("",))[0] == "byline")
        in_menu = _menu_item(previous, line, lead[pos + 1] if pos + 1 < len(lead) else None, labelled)
        previous = line
        if after_byline and publication_name(line) and not boilerplate_reason(line):
            labelled[line.index] = ("byline", "publication named in the byline block", {})
            continue
        names = byline_names(line, bare_allowed=True)
        by_line = bool(names) and bool(BYLINE_PREFIXED.match(line.text))  # "Op-Ed by X | Contributing Editor"
        reason = None if by_line else boilerplate_reason(line)
        if reason:
            labelled[line.index] = ("boilerplate", reason, {})
        elif names and (by_line or (candidates and not in_menu)) \
                and norm_words(line.text) != norm_words(meta_title or ""):
            # Bare names count as a byline only under a possible headline ("Context Is Everything" is a title).
            labelled[line.index] = ("byline", "names the story's author(s)", {"authors": names})
        elif agency_named(line.text.strip(" .")):
            labelled[line.index] = ("byline", "names the news agency the story is from", {})
        elif is_date(line) and line is lead[0] and len(lead) > 3:
            labelled[line.index] = ("boilerplate", "the top bar's date, above the site's name and the headline", {})
        elif BYLINE_ROLE.match(line.text) or is_date(line) or dated_byline(line) or stamp_phrase(line):
            labelled[line.index] = ("byline", "role or date line of the byline", {})
        elif credit := credit_reason(line):
            labelled[line.index] = ("credit", credit, {})
        elif match_any("link_list_heading", line.text) and any(not weak_headline(c) for c in candidates):
            break  # "Up Next", "Related" under a headline: what follows is other stories' headlines
        elif all(norm_words(c.text) != norm_words(line.text) for c in candidates):
            candidates.append(line)  # a headline repeated as the first body line counts once
    chosen = _choose_title(candidates, meta_title, {i for i, label in labelled.items() if label[0] == "byline"})
    if chosen is None:
        result.labels = labelled
        return result
    title, result.title_reason = chosen
    result.title = title
    for line in lead:
        if line.index not in labelled and line is not title and line.start < title.start:
            labelled[line.index] = ("boilerplate", "site header above the title (site name, menu, section)", {})
    result.labels = labelled
    return result
