"""Line-level judgements shared by the article and comment-thread rules."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newsaudit.anatomy import patterns as P
from newsaudit.anatomy.lexicon import Agency, agencies, agency_credit, agency_named, match_any, non_name_words
from newsaudit.anatomy.lines import Line, is_short_label, long_words
from newsaudit.anatomy.pointers import (
    arrow_teaser,
    colon_teaser,
    filed_under,
    funding_plea,
    page_pointer,
    sales_pitch,
)

#: A line this long with two sentences or more is prose: no furniture pattern found inside it (rather than at its
#: start) may swallow it
#: ("… sign up for our newsletter at the bottom of this page …" in the last paragraph of a story)
_PROSE_WORDS = 40


def boilerplate_reason(line: Line) -> str | None:
    if button_bar(line):
        return "a bar of buttons and counters (short cells, most behind a pictograph or a count)"
    if counter_line(line):
        return "a counter of views, shares or replies behind a pictograph (a widget, not a sentence)"
    if page_pointer(line):
        return "points the reader down the page to the story's rest (a place on the page, no reporting)"
    if arrow_teaser(line) or colon_teaser(line):
        return "a lead-in, an arrow or a colon and another story's headline"
    if _opens_on_pictograph(line.text) and line.words <= _PROMO_WORDS and _CLOSING_CALL.search(line.text):
        return "a promo behind a pictograph that closes on a call to act (\"… Join today.\")"
    if promo_behind_pictograph(line):
        return ("a promo behind a pictograph: a label and a colon, a price, a call to share, join or log in, or a "
                "newsletter")
    if line.words <= _PROMO_WORDS and _PRICE_PER_TERM.search(line.text) and _CALL_TO_ACT.search(line.text):
        return "a membership's pitch: a price by the month or year and a call to join (\"Join for $4 a month.\")"
    if sales_pitch(line):
        return "an advert's offer: a discount, a code, free shipping or a shop's phone"
    if funding_plea(line):
        return "the site asks its readers for money (how it is paid for, and an amount, a cheque or a membership)"
    if filed_under(line):
        return "the post's tags, after a verb of filing or a label (\"Subjects:\")"
    pattern = match_any("boilerplate", line.cells_text)
    if pattern is None and _opens_on_pictograph(line.text) and line.words <= _ICON_WORDS:
        pattern = match_any("boilerplate", _ICON.sub("", line.cells_text))  # "🔑 Login", "✉ Subscribe"
    if (pattern and not pattern.pattern.startswith("^") and line.words >= _PROSE_WORDS
            and _SENTENCE_END.search(line.text)):
        return None  # a pattern that may match anywhere in a line found its words inside a paragraph
    if pattern and _ASKING_PATTERN.search(pattern.pattern) and line.words >= _PLEA_PARAGRAPH_WORDS \
            and not _opens_on_pictograph(line.text) and _reporting_beside(line.text):
        return None  # "Share this before it gets memory-holed" in a paragraph that also reports
    return f"page furniture (matches /{pattern.pattern}/)" if pattern else None


#: a button's pictograph before its word ("🔑 Login"): the word is read as the button's
_ICON = re.compile(r"^\W+\s*")
_ICON_WORDS = 4
#: The gaps between a bar's cells: three spaces or more, a tab, a dot or a bar between spaces
_CELL_GAP = re.compile(r"\s{3,}|\t|\s[·|•]\s")
#: A counter's cell: "212 lifts", "48,210 shares", "3.1K views"
_COUNT_CELL = re.compile(r"^\d[\d,.]*[KkMm]?\s+[a-z]+(?: (?!ago$)[a-z]+)?$")  # "12 carried along", not "7 hours ago"
_BAR_CELL_WORDS, _BAR_WORDS = 6, 24
#: a comment system's button word as a bar's cell ("♥ 12 helpful ⸱ Answer ⸱ Flag"); a bar of these alone is read
#: by the furniture patterns
_BUTTON_CELL = re.compile(r"(?i)^(?:reply|answer|respond|flag|report|quote|like|share|edit|permalink)$")


def quoted_teaser(line: Line) -> bool:
    """"↪ Also pinned on this board: "Who signed off?"", "Readers who finished this one went on to: "The Fog
    Machines at Pier 9"": a short lead-in in the site's own words and another story's headline in quotes. A quoted
    sentence has its full stop inside the quotes, and a numbered part's heading a number in its lead-in; the
    headline above the story has this shape too, so this is read only below the story's first prose, and only
    with a lead-in in sentence case."""
    m = _QUOTED_TEASER.match(line.text)
    if not m or len(m.group("lead").split()) > _TEASER_LEAD_WORDS or m.group("head").rstrip().endswith(".") \
            or _SPEECH_OR_PART.search(m.group("lead")):
        return False
    lead_words = long_words(m.group("lead"))
    # "EU Commissioner's Dire Warning: "…"": a lead-in in title case is a headline's first half
    return sum(w[0].isupper() for w in lead_words) * 2 < len(lead_words)


_QUOTED_TEASER = re.compile(r'^\W{0,3}\s*(?P<lead>[^:"“”→]{2,60}?)\s*(?::|→|➜|👉|»)\s*["“](?P<head>[^"“”]{8,160})["”]'
                            r"(?P<tail>[^.!?]{0,60})$")
_TEASER_LEAD_WORDS = 8
#: "The note said: …", "Part Two: …", "POINT 2 OF 4: …": a quotation or a numbered part, not a teaser
_SPEECH_OR_PART = re.compile(r"(?i)\b(?:said|says|say|told|tells|wrote|writes|read|reads|asked|asks|added|adds|replied|"
                             r"declared|stated|warned|put it|part|point|step|chapter|section|day|no\.)\b|\d")


def sponsored_headline(line: Line) -> bool:
    """"These Copper-Lined Knee Sleeves Are Selling Out Across the Midwest", "Doctors are furious about this 10-second
    joint trick": an ad network's headline, alone on its line with no sentence's end, pointing at "this" thing and
    selling it in the trade's stock words (81 of 90 such lines in the dev sets are adverts; the rest are junk
    science's own headlines, above the story, where this is not read)."""
    return line.words <= _SPONSORED_WORDS and not _ENDS_SENTENCE.search(line.text) \
        and bool(_POINTED.search(line.text)) and bool(_SELLING.search(line.text))


_SPONSORED_WORDS = 18
_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"”’)]?$")
_POINTED = re.compile(r"(?i)\b(?:this|these)\b")
_SELLING = re.compile(r"(?i)\b(?:selling out|sells out|sold out|outsell\w*|buying|stocking up|stunned|furious|begging|"
                      r"baffled|can'?t stop|swear by|trick|hack|gadget|one weird|doctors|experts are|flying off)\b")


def button_bar(line: Line) -> bool:
    """"▲ 212 lifts   💬 Talk it over   ⤴ Pass it on   ⚑ Flag", "📈 3,812 clicks · 💬 talk is off": a bar of a site's
    buttons and counters, whatever their words. Each cell is short and most stand behind a pictograph or an arrow,
    or count something; a table's row of figures has no pictographs, and a list's bullets stand one a line."""
    if line.words > _BAR_WORDS:
        return False
    cells = [cell.strip() for cell in _CELL_GAP.split(line.text.strip()) if cell.strip()]
    if len(cells) < 2 or any(len(cell.split()) > _BAR_CELL_WORDS for cell in cells):
        return False
    marked = sum(1 for cell in cells if _pictograph(cell[0]) or _COUNT_CELL.match(cell) or _BUTTON_CELL.match(cell))
    return marked >= 2 and marked * 2 >= len(cells) and any(not _BUTTON_CELL.match(cell) for cell in cells)


def counter_line(line: Line) -> bool:
    """"👁 6,012 looks · comments are switched off", "💬 0 replies so far — start the conversation", "Views: 1 204":
    a widget's count, told by its pictograph and what it counts."""
    text = line.text.strip()
    if _BARE_COUNT.match(text):
        return True
    # a pictograph, not an arrow: "↳ Reply from DixieMom · 7 hours ago" opens a reply
    lead = ord(text[0]) if text else 0
    arrow = 0x2190 <= lead <= 0x21FF or 0x27F0 <= lead <= 0x27FF or 0x2900 <= lead <= 0x297F
    arrow = arrow and not _COUNT_AFTER.match(text)  # "↻ 1,877 reshares" counts; "↳ Reply from …" opens a reply
    return bool(text) and unicodedata.category(text[0]) == "So" and not arrow and line.words <= _COUNTER_WORDS \
        and bool(_COUNTED.search(text))


_BARE_COUNT = re.compile(r"^(?:(?i:views|reads|looks|hits)\s*:?|[^\w\s])\s*\d[\d ,.]*[KkMm]?$")
_COUNTED = re.compile(r"\b(?:repl(?:y|ies)|comments?|views|looks|reads|shares|saves|likes|conversation|weighed in|"
                      r"talk it over)\b|\d\s*(?:people|readers|folks|visitors|neighbou?rs)\b", re.I)
_COUNTER_WORDS = 15


_COUNT_AFTER = re.compile(r"^\W\s*\d")


def _pictograph(char: str) -> bool:
    """A pictograph, a dingbat or an arrow (not a letter, a figure, punctuation or a plus sign)."""
    category = unicodedata.category(char)
    return category == "So" or (category == "Sm" and ord(char) >= 0x2190)


def _opens_on_pictograph(text: str) -> bool:
    return bool(text) and _pictograph(text[0])


#: "▶▶ FROM OUR FRIENDS: …", "☄ NEW THIS MONTH: …", "📎 From the files: …": a kicker's label behind the pictograph
_KICKER = re.compile(r"^(?:[^\w\s]\ufe0f?\s*){1,3}"
                     r"(?!(?i:update|updated|correction|clarification|editor['’]?s note|note)\s*:)"  # the story's notes
                     r"(?!(?i:step|tip|fact|point|part|day|week|rule|reason|lesson|myth|question)\b)"  # a list's items
                     r"(?![^:]*\d)[\w'’&-]+(?: [\w'’&-]+){0,4}\s*:\s+\S")
#: a price or an offer: "$9 a month", "20% off"; a price by the term: "$4 a month"
_AMOUNT = r"[$€£]\s?\d[\d,.]*"
_PRICE = re.compile(rf"(?i){_AMOUNT}|\b\d{{1,2}}\s?% off\b")
_PRICE_PER_TERM = re.compile(rf"(?i){_AMOUNT}\s*(?:a|per|/)\s*(?:month|mo|year|yr|week)\b")
#: a sentence that tells the reader to share, join or log in: "Share it before the algorithm does."
_CALL_TO_ACT = re.compile(r"(?i)(?:^|[.!?…]\s+)(?:share|join|subscribe|sign up|log in|sign in|donate|upgrade|order|"
                          r"get yours|grab|tag)\b")
#: what a site pitches by name: its newsletter, its e-mail, its members' digest ("📬 Like this reporting? Our Friday
#: email brings it to you first.")
_PITCH_NOUN = re.compile(r"(?i)\b(?:newsletter|e-?mail|digest|bulletin|podcast|text alerts?)\b")


#: a list's tick or box: a sales page's or a listicle's items stand behind it ("✔ The $40 fix that …")
_TICKS = ("✔", "✓", "✅", "☑", "☐", "□", "■", "▪", "◦", "✗", "✘", "❌")


def promo_behind_pictograph(line: Line) -> bool:
    """A short line behind a pictograph that sells, labels, asks or pitches the site's newsletter: the site's promo,
    wherever it stands (a story's own lines open on a letter, a quotation mark or a list's bullet)."""
    text = line.text
    if not _opens_on_pictograph(text) or text.startswith(_TICKS) or line.words > _PROMO_WORDS:
        return False
    rest = _ICON.sub("", text)
    return bool(_KICKER.match(text) or _PRICE.search(rest) or _CALL_TO_ACT.search(rest) or _PITCH_NOUN.search(rest))


def _reporting_beside(text: str) -> bool:
    """A sentence that asks nothing of the reader beside the one a pattern matched: the site's plea is part of
    its story's paragraph ("If this was happening in one county, it was happening in others. Share this …")."""
    if _PLEASE.match(text):
        return False  # "Please share this article with every parent you know. They won't hear it …": the site asks
    sentences = _SENTENCE_END.split(text)
    return len(sentences) >= 2 and any(len(s.split()) >= _REPORTING_WORDS and not _ASKS.search(s)
                                       and not s.rstrip("\"”’) ").endswith(("?", "!")) and not _IMPERATIVE.match(s)
                                       for s in sentences)


_REPORTING_WORDS = 8
_PROMO_WORDS = 25
#: a short last sentence that tells the reader to join, subscribe or sign up: "Join today.", "Sign up now!"
_CLOSING_CALL = re.compile(r"(?i)(?:^|[.!?…]\s+)(?:join|subscribe|sign up|donate|upgrade|register|become a member|"
                           r"try it|start your trial)(?: \w+){0,2}[.!]?$")
#: a plea inside the story's paragraph runs to a sentence of reporting beside it ("Share this everywhere. If the media
#: won't cover it, we will."); a promo behind a pictograph is the site's whatever its length
_PLEA_PARAGRAPH_WORDS = 10
_PLEASE = re.compile(r"(?i)^\W*please\b")
#: a sentence that opens on a verb tells the reader what to do: the plea's, not the story's
_IMPERATIVE = re.compile(
    r"(?i)^\W*(?:please |just |now )?(?:send|tell|forward|join|get|use|click|tap|call|give|let|make|take|keep|help|"
    r"read|watch|follow|like|share|sign|subscribe|donate|support|pass|spread|show|ask|contact|write|visit|check|try|"
    r"grab|order|buy|download|don['’]t|do not|remember|go|see)\b")
#: the patterns of furniture that asks something of the reader (to share, forward, sign up), which a site's writers
#: also ask inside their own paragraphs; a notice (a disclaimer, a copyright) is furniture whatever stands beside it
_ASKING_PATTERN = re.compile(r"share|forward|repost|spread|pass it on|sign.{0,4}up|subscribe|newsletter")
#: what furniture asks of the reader, or names as its own
_ASKS = re.compile(r"(?i)\b(?:share|like|follow|subscrib|sign|click|tap|comment|donat|join|forward|tweet|pass|spread|"
                   r"support|read|watch|download|regist|log|email|e-mail|newsletter|cookie|privacy|terms|polic|"
                   r"copyright|rights|reserved|advert|sponsor|member|account|password|site|page|website|app|"
                   r"browser|free|offer|order|shop|buy|code|your?)\w*")
#: the gap after a sentence, its closing punctuation kept with it
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[A-Z“\"‘])")


def credit_reason(line: Line) -> str | None:
    if len(line.text) > 300:
        return None
    agency = agency_credit(line.text)
    if agency:
        return f"closing credit line of {agency.name} copy"
    inner = _BRACKETED.match(line.text)
    pattern = match_any("credit", line.text) or (inner and match_any("credit", inner.group(1)))
    return f"source or credit line (matches /{pattern.pattern}/)" if pattern else None


#: A line wholly in parentheses ("(Desk editor on shift: Teodora Marinescu)"): read for a credit without them (square
#: brackets hold a placeholder instead: "[Graphic: Where the levy money would go]")
_BRACKETED = re.compile(r"^\(\s*(.+?)\s*\)$")


def policy_reason(line: Line) -> str | None:
    if len(line.text) > 700:  # a site's rules run to a paragraph ("Disclaimer : We respect your thoughts …")
        return None
    pattern = match_any("comment_policy", line.text)
    return f"the site's rules for commenters (matches /{pattern.pattern}/)" if pattern else None


def comment_header_reason(line: Line) -> str | None:
    if len(line.text) > 300:
        return None
    pattern = match_any("comment_header", line.text)
    return f"opens the comment section (matches /{pattern.pattern}/)" if pattern else None


def declared_comment_count(text: str) -> int | None:
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "no": 0}
    m = P.DECLARED_COUNT.search(text)
    if not m:
        return None
    raw = (m.group("n") or m.group("n2") or m.group("n3") or "").lower()
    return int(raw) if raw.isdigit() else words.get(raw)


@dataclass(frozen=True)
class Dateline:
    start: int  # offsets into page text
    end: int
    place: str | None
    agency: Agency | None
    agency_text: str | None
    #: a mixed-case place ("Cape Town -") counts only near a story's first words, where it cannot be a label
    leading_only: bool = False


#: the dots or bars between a list's items on one line
_LIST_CELLS = re.compile(r"\s[·•|]\s")


def find_dateline(line: Line) -> Dateline | None:
    """A dateline at the start of a paragraph: wire ("(Reuters) -") or plain ("SPRINGFIELD, Ill. —")."""
    text = line.text
    if len(_LIST_CELLS.findall(text)) >= 2:
        return None  # "EVERYONE'S READING: Sanctuary mayor's meltdown · The … · Who …": a ticker's items, no story
    m = P.AGENCY_FIRST_DATELINE.match(text)
    if m and agency_named(m.group("agency")):
        return Dateline(*line.span(m.start("dateline"), m.end("dateline")),
                        m.group("place").strip(), agency_named(m.group("agency")), m.group("agency"))
    m = P.WIRE_DATELINE.match(text)
    if m:
        agency_text = (m.group("agency") or m.group("release_wire")).strip()
        agency = agency_named(agency_text)
        place = (m.group("place") or "").strip() or None
        # An unknown source in parentheses ("ODESSA, Texas (KQZN)": a station) counts after an all-caps place.
        caps_place = place is not None and re.split(r"[\s,./]", place)[0].isupper() and len(place) >= 3
        if agency or (caps_place and agency_text.replace(".", "").replace(" ", "").isalnum()):
            return Dateline(*line.span(m.start("dateline"), m.end("dateline")), place, agency,
                            agency_text)
    m = P.DATED_AGENCY_DATELINE.match(text)
    if m and line.words >= 12:
        agency_text = m.group("agency") or m.group("slashed")
        return Dateline(*line.span(m.start("dateline"), m.end("dateline")), m.group("place").strip(),
                        agency_named(agency_text), agency_text)
    m = P.PLAIN_DATELINE.match(text)
    if m:
        place = m.group("place").strip()
        first = re.split(r"[\s,/]", place)[0].strip(":")
        letters = sum(ch.isalpha() for ch in place)
        rest = len(text[m.end():].split())  # a story follows a dateline, not a slogan ("DAILY - Your Health")
        # a short one must end as a sentence does: "WIREHOPPER — the day's news, one feed" is a masthead's motto
        sentence = rest >= 8 or text.endswith((".", "!", "?", "\"", "”"))
        if first.upper() not in P.NOT_PLACES and letters >= 3 and line.words >= 6 and rest >= 5 and sentence:
            return Dateline(*line.span(m.start("dateline"), m.end("dateline")), place, None, None)
    m = P.MIXED_PLAIN_DATELINE.match(text)
    if m and line.words >= 15:
        place = m.group("place").strip()
        words = place.split()
        # a report's lead speaks in the third person: "Tobacco – I quit that years back" is a blogger's list
        voice = P.READER_ADDRESS.search(P.QUOTED.sub(" ", text[m.end():]))
        if (words[0].upper().strip(":") not in P.NOT_PLACES and not non_name_words() & {w.casefold() for w in words}
                and len(words) <= 3 and voice is None):
            return Dateline(*line.span(m.start("dateline"), m.end("dateline")), place, None, None, leading_only=True)
    return None


def byline_names(line: Line, bare_allowed: bool) -> list[str] | None:
    """Names if the line is a byline. Bare name lists count only where a byline can stand."""
    text = line.text
    if len(text) > 140:
        return None
    m = P.BYLINE_PREFIXED.match(text)
    people = _people(m.group("names")) if m else []
    if people:
        return people
    m = P.BYLINE_AGENCY.match(text)
    if m and agency_named(m.group("agency")):
        return [m.group("agency")]
    if P.BYLINE_DESK.match(text):  # the desk's name without the date after it
        return [re.split(r"\s+[|–—·•-]\s+", re.sub(r"(?i)^.*?\bby\s+", "", text, count=1).strip())[0]]
    m = _NAME_ROLE.match(text)
    if m:  # "Glen Pruett, Senior Correspondent"
        return [m.group("name")]
    m = _BY_HANDLE.match(text)
    if m:  # "By Thunderhawk1776 (Citizen Contributor)": a user-submitted post's handle
        return [m.group("handle")]
    m = P.BYLINE_POSTED.match(text)
    if m:  # blog bylines name handles and desks too ("newsdesk", "Signal Staff")
        return [re.split(r"\s*[|,]\s*|\s+(?:at|on)\s+", m.group("names").strip())[0]]
    m = P.BYLINE_BY_WHEN.match(text)
    if m and not P.NOT_WRITER_VERB.search(m.group("verb")):
        return [re.sub(r"^the\s+", "", m.group("names").strip(), flags=re.I)]
    m = P.BYLINE_PLACED.match(text)
    if m:  # the name before each "in": "Des Moines" is where one filed, not who
        placed = [_people(who.group("who")) for who in re.finditer(rf"(?P<who>{P.PERSON})\s+in\s", m.group("names"))]
        return [name for names in placed for name in names] or None
    m = P.BYLINE_TRADE.match(text)
    if m and (people := _people(m.group("names"))):
        return people
    m = P.BYLINE_DESK_DATED.match(text)
    if m:
        return [m.group("desk")]
    m = P.BYLINE_ANY_VERB.match(text)
    if m and not P.NOT_WRITER_VERB.search(m.group("verb")) and not credit_reason(line):
        return _people(m.group("names")) or None  # "Jotted down by Wade Pruitt · March 12, 2018"
    if bare_allowed and not text.endswith((".", "!", "?", ":")):
        m = P.BYLINE_BARE.match(text)
        possessive = re.search(r"['’]s\b", text)
        if m and not possessive and not any(w.casefold().strip(".,&") in non_name_words() for w in text.split()):
            return _people(m.group("names")) or None
    return None


#: "Glen Pruett, Senior Correspondent": a name and the writer's role
_NAME_ROLE = re.compile(
    rf"^(?P<name>{P.PERSON}),\s+(?:(?i:senior|staff|chief|special|contributing|political|national|foreign|"
    r"investigative|business|health|science)\s+)?(?:[A-Z][a-z]+\s+)?"  # "Senior Traffic Correspondent"
    r"(?i:writer|reporter|correspondent|editor|columnist|contributor)$")
#: "By Thunderhawk1776", "by patriot_mom (Citizen Contributor)": a handle (with a digit or an underscore) as author
_BY_HANDLE = re.compile(r"^[Bb][Yy]:?\s+(?P<handle>@?[A-Za-z][\w.-]*[\d_][\w.-]*)\s*(?:\([^()]{2,40}\))?$")


def _people(names: str) -> list[str]:
    """Person names from a byline, without agency or desk names ("Associated Press", "Staff Writer")."""
    stop = non_name_words()
    for agency in agencies():  # "HARRIET VANCE Associated Press": the agency is not part of the name
        for name in agency.names:
            if len(name) > 3 and names.casefold().endswith(" " + name.casefold()):
                names = names[: -len(name)].rstrip(" ,")
    return [
        name for name in P.PERSON_RE.findall(names)
        if not agency_named(name) and not any(w.casefold().strip(".") in stop for w in name.split())
        and name.casefold() not in {"associated press", "staff writer", "staff reporter"}
    ]


def is_date(line: Line) -> bool:
    """A line that is only a date or time, perhaps with "Published"/"Updated" and a time zone."""
    if P.WHEN_LINE.match(line.text) or P.MONTH_DAY_LINE.match(line.text):
        return True
    if line.words > 18 or not P.DATE_IN_LINE.search(line.text):
        return False
    # "14:22 21.03.2018 (updated 15:03 …)", "20 Mar, 2018 14:05 / Updated 20 Mar, 2018 16:31"
    residue = re.sub(r"[()\[\]/]", " ", P.DATE_IN_LINE.sub(" ", line.text))
    return all(w.casefold() in P.DATE_LINE_WORDS or P.TIME_TOKEN.match(w) for w in residue.replace(":", " : ").split())


def absorb_short_labels(
    lines: list[Line], kinds: dict[int, str], targets: frozenset[str] = frozenset({"boilerplate"})
) -> set[int]:
    """Short unlabelled lines that sit between furniture lines are furniture too ("Google photo").

    A maximal run of unlabelled short lines is absorbed when the nearest labelled
    lines on both sides (or the edge of the region) are of a kind in ``targets``.
    """
    absorbed: set[int] = set()
    content = [ln for ln in lines if not ln.blank]
    i = 0
    while i < len(content):
        if content[i].index in kinds or not is_short_label(content[i]):
            i += 1
            continue
        j = i
        while j < len(content) and content[j].index not in kinds and is_short_label(content[j]):
            j += 1
        before = kinds.get(content[i - 1].index) if i > 0 else "edge"
        after = kinds.get(content[j].index) if j < len(content) else "edge"
        sides = {before, after} - {"edge"}
        if sides and sides <= targets:
            absorbed.update(ln.index for ln in content[i:j])
        i = j
    return absorbed


def widget_heading(line: Line) -> bool:
    """"BEACON STORE", "READER POLL", "WHAT THE VALLEY IS READING": a sidebar widget's heading in capitals, two to six
    words."""
    words = line.text.split()
    letters = [c for c in line.text if c.isalpha()]
    return (2 <= len(words) <= 6 and bool(letters) and all(c.isupper() for c in letters)
            and sum(len(re.sub(r"[^\w]", "", w)) >= 2 for w in words) >= 2  # "SELECT *" heads code, not a widget
            and not any(c.isdigit() for c in line.text)  # "03-14-2018, 09:31 AM #3": a post's date line
            and not re.search(r"[.!?:]$", line.text) and not comment_header_reason(line))
