"""Type the article part of a text dump: title, paragraphs, dateline, byline, credits, insertions."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsaudit.anatomy.bios import (
    about_named_below,
    bio_with_contact,
    heads_bio,
    is_author_heading,
    is_bio_heading_question,
    mark_bios,
)
from newsaudit.anatomy.byline_block import (
    ROLE_NOUN,
    SENTENCE_CLOSE,
    agency_stamp,
    dated_cells,
    name_and_when,
    over_by,
    over_date,
    role_line,
    staff_stamp,
    stamp_cells,
    under_byline_role,
)
from newsaudit.anatomy.captions import find_captions, table_row
from newsaudit.anatomy.classify import (
    absorb_short_labels,
    boilerplate_reason,
    byline_names,
    credit_reason,
    is_date,
    policy_reason,
    quoted_teaser,
    sponsored_headline,
    widget_heading,
)
from newsaudit.anatomy.foot import mark_foot_credits
from newsaudit.anatomy.insertions import first_dateline, mark_editor_notes, mark_insertions, mark_prefaces
from newsaudit.anatomy.lexicon import match_any
from newsaudit.anatomy.lines import Line, norm_words
from newsaudit.anatomy.link_lists import WIDGET_LINE_WORDS, list_item, listed_headline, more_over_headlines, short_run
from newsaudit.anatomy.masthead import (
    MAX_LEAD_LINES,
    dated_byline,
    is_prose_line,
    lead_zone,
    publication_name,
    read_masthead,
    stamp_phrase,
    title_case,
)
from newsaudit.anatomy.menus import menu_runs
from newsaudit.anatomy.paragraphs import (
    SECTION_LABEL,
    mark_bylines,
    mark_pull_quotes,
    mark_signed_credits,
    menu_items,
    split_paragraphs,
)
from newsaudit.anatomy.patterns import (
    BYLINE_POSTED,
    BYLINE_ROLE,
    CALENDAR_DATE,
    CONTACT_HEADING,
    PROFILE_HEADING,
    SIGNATURE_RULE,
)
from newsaudit.page import BlockType, Page

_TITLE_END = re.compile(r"[.,;]$")




@dataclass
class ArticleConfig:
    max_title_words: int = 30
    max_title_chars: int = 250
    #: how many body paragraphs from the top a dateline may appear in (inserted leads push it down)
    dateline_window: int = 12
    detect_insertions: bool = True


def segment_article(page: Page, lines: list[Line], config: ArticleConfig, find_title: bool = True) -> dict:
    """Add article blocks for ``lines`` to ``page``; return facts the stage summarises."""
    content = [ln for ln in lines if not ln.blank]
    facts: dict = {"wire": None, "dateline": None, "insertions": 0}
    captions = find_captions(content)
    masthead_labels: dict[int, tuple[str, str, dict]] = {}
    if find_title and not page.blocks_of(BlockType.TITLE):
        lead = [ln for ln in lead_zone(content, skip=set(captions)) if ln.index not in captions]
        masthead = read_masthead(lead, page.meta.get("title"))
        masthead_labels = masthead.labels
        if masthead.title:
            title = masthead.title
            page.add_block(BlockType.TITLE, title.start, title.end, masthead.title_reason)
            heading = norm_words(title.text)
            repeats = [ln for ln in content[:MAX_LEAD_LINES] if ln is not title and norm_words(ln.text) == heading]
            for ln in repeats:
                page.add_block(BlockType.TITLE, ln.start, ln.end, "repeats the title")
            dropped = {title.index, *(ln.index for ln in repeats)}
            content = [ln for ln in content if ln.index not in dropped]
    content_ids = {ln.index for ln in content}
    # A title line taken out still parts the lines above it from those below: blank, not gone, so that no
    # paragraph is merged across it (a paragraph block never spans a title block).
    lines = [ln if ln.blank or ln.index in content_ids else Line(ln.index, ln.start, ln.start, ln.indent, "")
             for ln in lines]

    kinds, reasons, attrs = _label_lines(content)
    content_by_index = {line.index: line for line in content}
    for index, (kind, reason, extra) in masthead_labels.items():
        if index in content_ids and not (reasons.get(index) == _ROLE_LINE and kind == "boilerplate"
                                         and BYLINE_ROLE.match(content_by_index[index].text)):
            kinds[index], reasons[index], attrs[index] = kind, reason, extra  # a role's "|" is no breadcrumb's
    _ad_box(content, kinds, reasons)
    menu = menu_items(content)
    for line in content:
        if kinds.get(line.index) == "byline" and line.text.strip().casefold() in menu:
            kinds[line.index], reasons[line.index] = "boilerplate", SECTION_LABEL
            attrs.pop(line.index, None)
    for index, parts in list(captions.items()):
        if kinds.get(index) == "credit" and parts[0].type is BlockType.BOILERPLATE and len(parts) == 1:
            del captions[index]  # a line of a sources list above an image credit, not a caption
            continue
        kinds[index], reasons[index] = "caption", "photo caption"
    for index in absorb_short_labels(lines, kinds):
        kinds[index], reasons[index] = "boilerplate", "short label between page-furniture lines"
    for index in menu_runs(content, kinds):
        kinds[index], reasons[index] = "boilerplate", "one of a run of short labels (a menu or a list of links)"
    paragraphs = split_paragraphs(lines, kinds)
    mark_pull_quotes(paragraphs, content)
    mark_bylines(paragraphs, menu)
    mark_foot_credits(paragraphs)  # first: a credit under the bio must not push it out of the bios' reach
    mark_bios(paragraphs, _authors(attrs.values()) | _authors(extra for *_, extra in masthead_labels.values()))
    mark_signed_credits(paragraphs, content, kinds)
    mark_editor_notes(paragraphs)
    mark_prefaces(paragraphs, content, kinds)
    prose = [p for p in paragraphs if p.kind is BlockType.PARAGRAPH]
    dateline, at = first_dateline(prose, config.dateline_window)
    if dateline:
        facts["dateline"] = page.text[dateline.start : dateline.end]
        facts["wire"] = dateline.agency.name if dateline.agency else None
    # a mixed-case place opens a local story: what stands above it is a caption or a byline, not an insertion
    if dateline and config.detect_insertions and not dateline.leading_only:
        facts["insertions"] = mark_insertions(page, prose, at, dateline, content, kinds)

    for line in content:
        if line.index in captions:
            for piece in captions[line.index]:
                page.add_block(piece.type, piece.start, piece.end, piece.reason, **piece.attrs)
        elif line.index in kinds:
            page.add_block(_LINE_TYPES[kinds[line.index]], line.start, line.end, reasons[line.index],
                           **attrs.get(line.index, {}))
    for p in paragraphs:
        page.add_block(p.kind, p.start, p.end, p.reason, **p.attrs)
    if dateline:
        found: dict[str, str | None] = {"place": dateline.place}
        if dateline.agency:
            found |= {"agency": dateline.agency.id, "agency_name": dateline.agency.name}
        why = (f"wire dateline: place and agency ({dateline.agency.name})" if dateline.agency
               else "dateline: all-caps place and dash opening the story")
        page.add_block(BlockType.DATELINE, dateline.start, dateline.end, why, **found)
    return facts


_ROLE_LINE = "role or date line of the byline"
_AD_HEADLINE = "an ad network's headline: 'this' thing, sold in the trade's stock words"
_LINE_TYPES = {"boilerplate": BlockType.BOILERPLATE, "credit": BlockType.CREDIT, "byline": BlockType.BYLINE,
               "policy": BlockType.COMMENT_POLICY}
_EDGE_LINES = 5  # bylines and their date lines stand within this many lines of the top or the foot
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")
#: "RV/ak/ps", "(ABNN/kb/mf)": an agency's desk and its editors' initials, closing a state agency's story
_DESK_SLUG = re.compile(r"^\(?[A-Z]{2,8}(?:/[a-z]{1,4}){1,4}\)?$")
#: "Facebook", "Social Media": a heading of one or two capitalised words, no button's digits or colon (not
#: "Video unavailable")
_WORDS_ONLY = re.compile(r"^[A-Z][A-Za-z&'’-]*(?: [A-Z][A-Za-z&'’-]*)?$")
#: "Published: 18 Jun, 2018 11:42", "Edited time: …", "Last updated on …": a date the story is stamped with
_STAMPED = re.compile(r"(?i)^(?:last |first )?(?:published|updated|edited|modified|posted|refreshed|revised|"
                      r"looked over|"
                      r"(?:last |fact[- ]|medically )?(?:reviewed|checked))(?: time| on| at)?\s*:?\s+\S"
                      # a site's own participle and a colon ("Last freshened: March 3, 2018"), not a heading's
                      r"|^(?:(?:last|first)\s+)?(?!related|featured|sponsored|tagged|promoted|recommended|trending)"
                      r"[a-z]{3,}(?:ed|en)\s*:\s+\S")


def _label_lines(content: list[Line]) -> tuple[dict[int, str], dict[int, str], dict[int, dict]]:
    """Line-level types: furniture, credit lines, links under a "Related" heading, profile boxes, bylines."""
    kinds: dict[int, str] = {}
    reasons: dict[int, str] = {}
    attrs: dict[int, dict] = {}
    block: str | None = None  # "links", "contact" or "profile": the run a heading opened
    block_lines = 0
    previous: Line | None = None
    prose_seen = False  # a line of the story's prose stands above: the headline is behind
    n = len(content)
    for pos, line in enumerate(content):
        contiguous = previous is not None and line.index == previous.index + 1
        gap = previous is not None and line.index == previous.index + 2
        # a bio may stand a blank line under its heading ("About Prairie Gateway Midstream", blank, the text)
        across_gap = block == "author" and block_lines == 1 and gap  # only the heading so far
        # a list of links may set its items apart by blank lines ("Related", blank, headline / date / In "World")
        if block == "links" and gap and pos + 1 < n and content[pos + 1].index == line.index + 1 \
                and listed_headline(content[pos + 1]):
            across_gap = True
        # … or set each headline apart ("Read more:", blank, headline, blank, headline): title case says a headline
        # (a headline standing alone: one with its paragraph under it is a listicle's item after an advert)
        if block == "links" and gap and listed_headline(line) and title_case(line) >= 0.7 \
                and (pos + 1 == n or content[pos + 1].index > line.index + 1):
            across_gap = True
        if block and not ((contiguous or across_gap) and _continues_block(block, line, block_lines)):
            block = None
        near_edge = pos < _EDGE_LINES or pos >= n - _EDGE_LINES
        late = pos >= n * 0.6
        # Mid-page, only a short "By NAME" line counts: it heads a re-posted article inside the page.
        mid_page_by = line.text[:3].lower() == "by " and (line.words <= 8 or (pos < n * 0.4 and line.words <= 16))
        names = byline_names(line, bare_allowed=False) if (near_edge or mid_page_by or pos < 12) else None
        if names is None and BYLINE_POSTED.match(line.text):
            names = byline_names(line, bare_allowed=False)
        if names is None and pos < 12 and pos + 1 < n and content[pos + 1].index == line.index + 1 \
                and (is_date(content[pos + 1]) or BYLINE_ROLE.match(content[pos + 1].text)):
            names = byline_names(line, bare_allowed=True)  # a bare name over a date or role line, under the deck
        if names is None and pos < 12:
            names = name_and_when(line)  # "Kayla Brightwater · 3 days ago"
            if names is None and (agency := agency_stamp(line)):  # "UPI | Picked up by NewsWhirl | June 22, 2017"
                names = [agency]
        if names is None and (late or pos >= n - _EDGE_LINES or pos < 12) and line.words <= 4 and pos + 1 < n \
                and content[pos + 1].index == line.index + 1 \
                and ROLE_NOUN.search(content[pos + 1].text) and role_line(content[pos + 1]):
            names = byline_names(line, bare_allowed=True)  # "Owen Albright" over "Sentinel county government reporter"
            # at the top or the foot
        # a date line follows the byline, or the source credited where the byline stands ("Source: AAP")
        after_byline = previous is not None and contiguous and (
            kinds.get(previous.index) == "byline" or (kinds.get(previous.index) == "credit" and pos < 8)
            or (pos < 12 and BYLINE_POSTED.match(previous.text) is not None))  # "Posted on … by basin_watcher"
        under_names = previous is not None and contiguous and previous.index in attrs  # straight under "By X"
        # Furniture or a credit ends a list of links, except a bare URL, which is one of its links.
        furniture, credit = boilerplate_reason(line), credit_reason(line)
        if credit and bio_with_contact(line):
            credit = None  # the bio is read among the story's last paragraphs
        if furniture is None and prose_seen and quoted_teaser(line):
            furniture = "a teaser for another story: a short lead-in and its headline in quotes"
        elif furniture is None and prose_seen and sponsored_headline(line):
            furniture = _AD_HEADLINE
        if furniture and line.words <= 2 and _WORDS_ONLY.match(line.text) and 0 < pos < n - 1 \
                and is_prose_line(content[pos + 1]) \
                and (is_prose_line(content[pos - 1]) or _platform_heading(content, pos)):
            furniture = None  # "Facebook" between two paragraphs of a story about it: a subheading, not a button
        if furniture and 0 < pos < n - 1 and (_heads_its_paragraph(line, content[pos + 1])
                                              or (prose_seen and _echoed_heading(line, content[pos + 1]))):
            furniture = None  # "Share It With Your Mother" over "Share it with your mother, because …": a subheading
        if furniture and (_table_header(content, pos) or table_row(line)):
            furniture = None  # "Date<TAB>Dock temp<TAB>Breaks due" over rows of figures: a table's head, not a menu
        fixed = furniture or (credit and not _BARE_URL.match(line.text))
        if previous is not None and contiguous and SIGNATURE_RULE.match(previous.text) and line.words <= 30:
            kinds[line.index], reasons[line.index] = "boilerplate", "the poster's signature, under its rule"
        elif CONTACT_HEADING.match(line.text):
            block, block_lines = ("sources" if _SOURCES_HEADING.match(line.text) else "contact"), 0
            kinds[line.index], reasons[line.index] = "credit", "heads " + _CREDIT_BLOCKS[block]
        elif is_author_heading(line) or about_named_below(line, below := content[pos + 1] if pos + 1 < n else None) \
                or (late and (is_bio_heading_question(line, below)
                              or (not fixed and heads_bio(line, below, _authors(attrs.values()))))):
            block, block_lines = "author", 0
            kinds[line.index], reasons[line.index] = "byline", "heads the author's bio"
        elif PROFILE_HEADING.match(line.text):
            block, block_lines = "profile", 0
            kinds[line.index], reasons[line.index] = "boilerplate", "heads a profile box"
        elif match_any("link_list_heading", line.text) or (prose_seen and more_over_headlines(content, pos)):
            block, block_lines = "links", 0
            kinds[line.index], reasons[line.index] = "boilerplate", "heading of a list of links"
        elif widget_heading(line) and pos + 1 < n \
                and (late or (short_run(content, pos + 1) >= 3 and not _bylined(content, pos + 1))) \
                and content[pos + 1].index == line.index + 1 and content[pos + 1].words <= WIDGET_LINE_WORDS:
            block, block_lines = "widget", 0  # "READER POLL", "LATEST", "FRONTLINE GEAR" below the story
            kinds[line.index], reasons[line.index] = "boilerplate", "heading of a sidebar widget below the story"
        elif block == "widget" and not credit:
            kinds[line.index], reasons[line.index] = "boilerplate", "line of a sidebar widget below the story"
        elif block in ("contact", "sources"):
            kinds[line.index], reasons[line.index] = "credit", "line of " + _CREDIT_BLOCKS[block]
        elif block == "profile" or (block == "author" and furniture):
            kinds[line.index], reasons[line.index] = "boilerplate", "line of a profile box"
        elif block == "author":
            kinds[line.index], reasons[line.index] = "byline", "the author's bio under its heading"
        elif block == "links" and not fixed and not (names and pos < n * 0.4):
            kinds[line.index], reasons[line.index] = "boilerplate", "headline in a list of links"
        elif block == "newsletter" and not fixed and not (late and policy_reason(line)):
            kinds[line.index], reasons[line.index] = "boilerplate", "line of a newsletter sign-up box"
        elif _DESK_SLUG.match(line.text) and previous is not None and is_prose_line(previous):
            kinds[line.index], reasons[line.index] = "byline", "the agency desk's initials under the story"
        elif names:
            kinds[line.index], reasons[line.index] = "byline", "names the story's author(s)"
            attrs[line.index] = {"authors": names}
            if late and _SIGNED_OFF.match(line.text):  # "Written by X" under the story: the bio follows it
                block, block_lines = "author", 0
        elif ((after_byline or 0 < pos < 3) and (BYLINE_ROLE.match(line.text) or is_date(line)) and not furniture) \
                or (BYLINE_ROLE.match(line.text) and (after_byline or over_date(content, pos)
                                                      or over_by(content, pos))) \
                or (after_byline and (dated_byline(line) or (dated_cells(line) and not furniture))) \
                or (not late and (stamp_cells(line) or staff_stamp(line))) \
                or (after_byline and (role_line(line) or (under_names and under_byline_role(line))) and not fixed):
            # "Prairie Labor Wire | January 16, 2018", "Bus rider and contributing writer for …" under "By …"
            kinds[line.index], reasons[line.index] = "byline", _ROLE_LINE
        elif after_byline and publication_name(line) and not furniture:
            kinds[line.index], reasons[line.index] = "byline", "publication named in the byline block"
        elif pos < _EDGE_LINES * 2 and ((_STAMPED.match(line.text) and (
                is_date(line) or (line.words <= 16 and CALENDAR_DATE.search(line.text))))
                                         or ((not prose_seen or after_byline) and stamp_phrase(line))):
            kinds[line.index], reasons[line.index] = "byline", "the story's publication or edit date"
        elif late and not (furniture and line.spaced) and (policy := policy_reason(line)):
            kinds[line.index], reasons[line.index] = "policy", policy
        elif credit:  # credit patterns are the more specific ("Disclaimer: ... auto-generated from a feed")
            kinds[line.index], reasons[line.index] = "credit", credit
        elif furniture:
            kinds[line.index], reasons[line.index] = "boilerplate", furniture
            if _NEWSLETTER.search(line.text):
                block, block_lines = "newsletter", 0  # its pitch and form lines follow
        if block:
            block_lines += 1
        previous = line
        prose_seen = prose_seen or is_prose_line(line)
    return kinds, reasons, attrs


def _authors(extras: Iterable[dict]) -> set[str]:
    """The authors the lines' attrs name (so far, while the lines are read), in lower case."""
    return {a.casefold() for extra in extras for a in extra.get("authors", [])}


#: "Sources:", "References:": the heading of a list of citations under a story
_SOURCES_HEADING = re.compile(
    r"(?i)^(?:(?:video|image|photo|picture|data|original)?\s*sources?|references|citations)\s*:?$")
#: what a credit heading opens, as its reasons name it
_CREDIT_BLOCKS = {"sources": "a list of sources", "contact": "a press contact block"}
#: "Written by Marisol Vandeveer" below the story (Medium and its likes), over a line or two of bio
_SIGNED_OFF = re.compile(r"^(?:written|posted|published) by\s", re.I)
_NEWSLETTER = re.compile(r"\b(?:newsletter|inbox|subscribe|sign up)\b", re.I)


#: A platform's name alone on its line may head the story's section about it ("Facebook", "Twitter")
_PLATFORM = re.compile(r"(?i)^(?:facebook|twitter|youtube|instagram|reddit|telegram|tiktok|gab|parler|linkedin)$")


def _heads_its_paragraph(line: Line, below: Line) -> bool:
    """A short heading whose words open the prose under it: the story's subheading, whatever furniture it sounds
    like."""
    words = norm_words(line.text)
    return 2 <= line.words <= _SUBHEADING_WORDS and is_prose_line(below) \
        and norm_words(below.text).startswith(words + " ")


_SUBHEADING_WORDS = 8


def _echoed_heading(line: Line, below: Line) -> bool:
    """A heading worded like a button inside the story, whose phrase the paragraph under it takes
    up ("Subscribe to the Fine Print" over "Here is some fine print worth reading."): the writer's play on the
    furniture, a subheading. Furniture speaks for the site ("our", "your") and is not taken up."""
    words = norm_words(line.text).split()
    if not 2 <= len(words) <= _SUBHEADING_WORDS or _SITE_VOICE & set(words) or not is_prose_line(below) \
            or re.search(r"[:/|»›→]", line.text):
        return False
    echoed = f" {norm_words(below.text)} "
    return any(f" {a} {b} " in echoed for a, b in itertools.pairwise(words)
               if max(len(a), len(b)) >= 4 and not {a, b} <= _SMALL_WORDS)


_SITE_VOICE = frozenset({"our", "my", "your", "us", "we", "this", "story", "article", "post", "newsletter",
                         "newsletters", "here", "now", "today"})
_SMALL_WORDS = frozenset({"the", "a", "an", "to", "for", "of", "and", "or", "in", "on", "with", "up", "that"})


def _platform_heading(content: list[Line], pos: int) -> bool:
    """A platform's name under a long line that prompts nothing (an appeal, a paragraph that does not read as
    prose): a heading's place; a button stands among other buttons or under its widget's prompt ("Follow us:")."""
    above = content[pos - 1]
    return bool(_PLATFORM.match(content[pos].text)) and above.words > 5 and not above.text.endswith(":")


def _table_header(content: list[Line], pos: int) -> bool:
    """A tabbed line over a row of as many cells holding figures: the head of a table in the story."""
    line = content[pos]
    if not line.tabs or pos + 1 == len(content):
        return False
    row = content[pos + 1]
    return row.index == line.index + 1 and len(row.tabs) == len(line.tabs) and any(c.isdigit() for c in row.text)


def _continues_block(block: str, line: Line, so_far: int) -> bool:
    if block == "links":
        return list_item(line)
    if block == "sources":  # a list of references: a citation a line, longer than a contact's lines
        return line.words <= 40 and so_far < 15 and not boilerplate_reason(line)
    if block == "contact":  # a name, a company, a phone and an address; furniture ("Visit us on social media:") ends it
        return line.words <= 10 and so_far < 8 and not boilerplate_reason(line)
    if block == "newsletter":
        return line.words <= 15 and so_far < 3
    if block == "widget":  # a poll's question and answers, a store's items, a list of times and headlines
        return line.words <= WIDGET_LINE_WORDS and so_far < 12
    return so_far < 3  # a profile or author box: a name and a line or two of bio


def _ad_box(content: list[Line], kinds: dict[int, str], reasons: dict[int, str]) -> None:
    """The untyped short lines run together with an ad network's headline are its box ("From around the web", "Ad ·
    The gutter trick contractors hate"): typed alone, the headline would leave them as a paragraph."""
    ads = [pos for pos, line in enumerate(content) if reasons.get(line.index) == _AD_HEADLINE]
    for pos in ads:
        for step in (-1, 1):
            at = pos + step
            while 0 <= at < len(content) and abs(content[at].index - content[at - step].index) == 1 \
                    and content[at].index not in kinds and content[at].words <= WIDGET_LINE_WORDS \
                    and not SENTENCE_CLOSE.search(content[at].text):
                kinds[content[at].index] = "boilerplate"
                reasons[content[at].index] = "in the box of an ad network's headlines"
                at += step


def _bylined(content: list[Line], pos: int) -> bool:
    """A "By NAME" line in the short run from ``content[pos]``: a section label over the headline and its byline
    ("NATURAL HEALING", the headline, "By …" or "Lovingly written by …"), not a sidebar widget over its items."""
    return any(byline_names(line, bare_allowed=False) for line in content[pos : pos + short_run(content, pos)]
               if _BY_OPENING.match(line.text))


_BY_OPENING = re.compile(r"(?i)^(?:[\w'’-]+ ){0,2}by ")
