"""Insertions: what a publisher added around the copy it reposts, and where that copy starts.

A wire story starts at its dateline and ends at its closing credit; a reposted column starts at its byline. Prose
before them, after the credit, or in the poster's own voice inside them, is the publisher's, not the source's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsaudit.anatomy.classify import Dateline, find_dateline
from newsaudit.anatomy.lexicon import agency_credit
from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.masthead import is_prose_line, title_case
from newsaudit.anatomy.patterns import (
    BYLINE_PREFIXED,
    CORRECTION_WORDS,
    EDITOR_NOTE,
    NEWSROOM_NOTE,
    QUOTED,
    READER_ADDRESS,
)
from newsaudit.page import BlockType, Page

if TYPE_CHECKING:
    from newsaudit.anatomy.paragraphs import Paragraph

_BRACKETED_NOTE = re.compile(r"^\[[^\[\]]{10,}\]$")


def reader_address(text: str) -> str | None:
    """The first first- or second-person word outside quotation marks, if any."""
    outside = QUOTED.sub(" ", text)
    opening = min((i for i in (outside.find("“"), outside.find('"')) if i >= 0), default=-1)
    if opening >= 0:  # a quotation that runs on into the next paragraph
        outside = outside[:opening]
    m = READER_ADDRESS.search(outside)
    return m.group(0) if m else None


def _is_correction_note(text: str) -> bool:
    """"UPDATE: ...", "CORRECTION: ...", or an editor's note that corrects the story."""
    return bool(NEWSROOM_NOTE.match(text) or (EDITOR_NOTE.match(text) and CORRECTION_WORDS.search(text)))


def mark_editor_notes(paragraphs: list[Paragraph]) -> None:
    """A paragraph the publisher labels as its own note is an editorial insertion, wherever it stands."""
    for i, p in enumerate(paragraphs):
        first = p.lines[0].text
        if p.kind is BlockType.PARAGRAPH and EDITOR_NOTE.match(first) and not _is_correction_note(first) \
                and not _SERIES_NOTE.search(" ".join(ln.text for ln in p.lines)):
            p.kind = BlockType.INSERTION
            p.reason = "labelled as the editor's or publisher's own note, not part of the reported story"
            p.attrs = {"position": "editor_note"}
            _note_runs_on(paragraphs, i)


#: a note that places the story in the newsroom's series ("This is the first of two stories on …"): its own work's
#: plan, as a correction is its own, not an opinion set over copied text
_SERIES_NOTE = re.compile(r"(?i)\b(?:(?:first|second|third|fourth|last|final|next) (?:of|in) (?:two|three|four|five|"
                          r"six|a|our)\b|part (?:one|two|three|four|\d+) of\b|in (?:a|our|this) (?:[\w-]+ )?series\b)")
#: paragraphs an editor's note above a reposted piece may run on for before the piece's headline or byline
_NOTE_RUNS_ON = 2
#: a note opens the page when at most this many of its paragraphs stand above it (a title, a credit line, …)
_NOTE_OPENS_WITHIN = 5


def _note_runs_on(paragraphs: list[Paragraph], note: int) -> None:
    """The paragraphs under an editor's note at the top of a repost are the note's until the reposted piece's own
    headline or byline ("Editor's Comment: …", "Nevertheless, the drums of war …", then "EU Commissioner's Dire
    Warning: …" and "by Tyler Durden"): the editor's voice does not stop at the paragraph break."""
    if note >= _NOTE_OPENS_WITHIN:
        return
    run: list[Paragraph] = []
    for i in range(note + 1, min(len(paragraphs), note + 2 + _NOTE_RUNS_ON)):
        q = paragraphs[i]
        if run and (q.kind is BlockType.BYLINE or _piece_headline(q)) and i + 1 < len(paragraphs) \
                and any(r.kind is BlockType.PARAGRAPH for r in paragraphs[i + 1:i + 3]):
            for r in run:
                r.kind = BlockType.INSERTION
                r.reason = "runs on the editor's note above it, up to the headline of the piece it reposts"
                r.attrs = {"position": "editor_note"}
            return
        if q.kind is not BlockType.PARAGRAPH or not any(is_prose_line(ln) for ln in q.lines):
            return
        run.append(q)


def _piece_headline(p: Paragraph) -> bool:
    """A reposted piece's headline: one title-case line that does not end as a sentence does."""
    line = p.single_line
    return line is not None and p.kind is BlockType.PARAGRAPH and 3 <= line.words <= 20 \
        and title_case(line) >= 0.7 and not line.text.rstrip().endswith((".", ",", ";", ":"))


#: how many paragraphs of the poster's own words may stand above the copied piece's byline
_MAX_PREFACE = 3


def mark_prefaces(paragraphs: list[Paragraph], content: list[Line], kinds: dict[int, str]) -> None:
    """A poster's first-person lines above a "By X" byline in mid-page introduce someone else's wire copy.

    A blog reposting an agency's story opens with "Read this before the networks spin it …" and then gives the
    story with its own byline and dateline: the opening is the poster's insertion, as a lead before a wire
    dateline is. Only first- or second-person paragraphs count, so a deck above a byline stays. Above a pasted
    column or blog post (no agency's dateline under the byline, no agency's or syndicate's credit closing it) the
    poster's words are the post's own paragraphs: 31 of the 33 such openings in the development sets are labelled
    so; the two insertions stand above AP copy and a syndicated column.
    """
    bylines = [ln for ln in content if kinds.get(ln.index) == "byline" and BYLINE_PREFIXED.match(ln.text)]
    for p in paragraphs:
        if p.kind is BlockType.BYLINE and p.single_line and BYLINE_PREFIXED.match(p.single_line.text):
            bylines.append(p.single_line)
    if not bylines:
        return
    byline = min(bylines, key=lambda ln: ln.start)
    above = [q for q in paragraphs if q.end <= byline.start]
    below = [q for q in paragraphs if q.start > byline.end and q.kind is BlockType.PARAGRAPH]
    if not 0 < len(above) <= _MAX_PREFACE or len(below) < 2:
        return
    syndicated = any(kinds.get(ln.index) == "credit" and (agency_credit(ln.text) or _SYNDICATE.search(ln.text))
                     for ln in content if ln.start > byline.end)
    if not syndicated and not any((found := find_dateline(q.lines[0])) and found.agency
                                  for q in below[:_WIRE_WITHIN]):
        return  # a pasted column or blog post, not an agency's or a syndicate's copy
    if all(q.kind is BlockType.PARAGRAPH and any(is_prose_line(ln) and title_case(ln) < 0.7 for ln in q.lines)
           and reader_address(" ".join(ln.text for ln in q.lines)) for q in above):  # not a title-case promo
        for q in above:
            q.kind = BlockType.INSERTION
            q.reason = f"the poster's own words above the byline '{byline.text}' of the piece it reposts"
            q.attrs = {"position": "before_byline"}


#: A syndicate's copyright closing a column it distributes ("COPYRIGHT 2017 KEYSTONE FEATURES SYNDICATE, INC.")
_SYNDICATE = re.compile(r"\bsyndicate\b|\bfeatures? (?:service|agency)\b", re.I)
#: the wire copy's dateline opens one of its first paragraphs under the byline (a caption or a role line may come
#: first)
_WIRE_WITHIN = 3
#: a mixed-case dateline may follow this many paragraphs the rules kept as prose (a caption, a byline line)
_LEADING_WITHIN = 2


def first_dateline(prose: list[Paragraph], window: int) -> tuple[Dateline | None, int]:
    for i, p in enumerate(prose[:window]):
        found = find_dateline(p.lines[0])
        if found and not (found.leading_only and i > _LEADING_WITHIN) and not _speaker_label(found, prose):
            return found, i
    return None, -1


def _speaker_label(found: Dateline, prose: list[Paragraph]) -> bool:
    """"TERRY: Dusty, long-time listener …": a transcript's speaker, not a place, when another paragraph opens with
    a label of the same shape (a name in capitals and a colon) and the story names no agency."""
    if found.agency is not None or found.place is None or not found.place.isupper():
        return False
    return sum(1 for p in prose if _SPEAKER.match(p.lines[0].text)) >= 2


#: "TERRY:", "DUSTY:", "Q:": a speaker's label opening a transcript's turn
_SPEAKER = re.compile(r"^(?-i:[A-Z][A-Z.'’-]{0,20})(?: (?-i:[A-Z][A-Z.'’-]{1,20}))?:\s+\S")


#: "Story below from the AP", "Full story below": a line pointing down at the copy it introduces
_POINTS_DOWN = re.compile(
    r"(?i)\b(?:story|report|article|details|text) (?:is )?below\b|\b(?:read|see) (?:it|more) below\b")
#: "Here is AFP’s report:", "Read the full story below:": the publisher's own line leading into the copy (up to
#: a few sentences: "Even the wire services admit it. Read how Reuters spins it:")
_LEAD_IN = re.compile(r"^(?=(?:\S+\s+){1,44}\S+$).*\w.*:$")


def mark_insertions(page: Page, prose: list[Paragraph], at: int, dateline: Dateline,
                     content: list[Line], kinds: dict[int, str]) -> int:
    """Prose before a story's dateline, or after a wire story's closing credit, is not the story."""
    marked = 0
    source = dateline.agency.name if dateline.agency else "the story"
    label = page.text[dateline.start : dateline.end]
    # the copied story's own byline pasted over its dateline ("By MEGAN TULLY, Associated Press") is not the page's:
    # the poster's text may stand above it, under the page's byline
    names = "|".join(re.escape(n) for n in dateline.agency.names) if dateline.agency else None
    wire = re.compile(rf"\b(?:{names})\b") if names else None
    last_byline = max((ln.start for ln in content if kinds.get(ln.index) == "byline" and ln.start < dateline.start
                       and not (wire and wire.search(ln.text))), default=-1)
    for p in prose[:at]:
        lead_in = p is prose[at - 1] and _LEAD_IN.match(" ".join(ln.text for ln in p.lines))
        if not any(is_prose_line(line) for line in p.lines) and len(p.lines) == 1 and not lead_in:
            continue  # a kicker, deck or stray label above the story is not an inserted argument
        body = " ".join(ln.text for ln in p.lines)
        if p.end <= last_byline and not (_POINTS_DOWN.search(body) or (reader_address(body) and body.endswith(":"))):
            continue  # a deck under the headline, above the byline: the masthead, not an inserted argument
            # (unless the poster points down at the copy: "Story below from the AP", "Read this and weep:")
        if _is_correction_note(p.lines[0].text):
            continue  # the newsroom's own update or correction of its story
        p.kind = BlockType.INSERTION
        p.reason = (f"precedes the dateline '{label}': {source} copy starts at its dateline, "
                    "so this text was added by the publisher")
        p.attrs = {"position": "before_dateline", "agency": dateline.agency.id if dateline.agency else None}
        marked += 1
    if dateline.agency is None:
        return marked
    for p in prose[at + 1 :] if dateline.agency.kind == "news_agency" else []:
        body = " ".join(ln.text for ln in p.lines)
        if _BRACKETED_NOTE.match(body):
            p.kind = BlockType.INSERTION
            p.reason = f"a bracketed note set inside {source} copy by the publisher"
            p.attrs = {"position": "inside_wire_copy", "agency": dateline.agency.id}
            marked += 1
            continue
        voice = reader_address(body)
        if voice:
            p.kind = BlockType.INSERTION
            p.reason = (f"inside {source} copy but speaks to the reader ('{voice}'); "
                        "wire copy does not use the first or second person outside quotations")
            p.attrs = {"position": "inside_wire_copy", "agency": dateline.agency.id}
            marked += 1
    # Only the wire's own closing credit ends its copy: a generic "Source:" line may stand anywhere.
    credit_ends = [ln.end for ln in content
                   if kinds.get(ln.index) == "credit" and ln.start > dateline.end and agency_credit(ln.text)]
    if credit_ends:
        after = min(credit_ends)
        for p in prose[at + 1 :]:
            if p.start > after and p.kind is BlockType.PARAGRAPH and any(is_prose_line(ln) for ln in p.lines):
                p.kind = BlockType.INSERTION
                p.reason = f"follows the closing credit of the {source} story"
                p.attrs = {"position": "after_credit", "agency": dateline.agency.id}
                marked += 1
    return marked
