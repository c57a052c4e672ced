"""Lists of other stories' headlines around a story: a heading over short headline-shaped lines, told by its words
("More rural health coverage", "Keep reading") or by its place at the page's foot, where the list runs to the
copyright. Typed by ``article`` as the site's furniture."""

from __future__ import annotations

import re

from newsaudit.anatomy.classify import boilerplate_reason, byline_names, credit_reason
from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.masthead import title_case

#: a widget's or a list's lines are short: a poll answer, a product and its price, a time and a headline
WIDGET_LINE_WORDS = 16
#: Characters of program code ("SELECT * FROM stats;", "status_code │ last_value"): a listing, not a widget
_CODE = re.compile(r"[;{}=│]|\w_\w|\($")


def short_run(content: list[Line], pos: int) -> int:
    """How many contiguous short lines, none ending like a sentence, run from ``content[pos]``."""
    run = 0
    while pos + run < len(content) and content[pos + run].words <= WIDGET_LINE_WORDS \
            and not content[pos + run].text.endswith(".") and not _CODE.search(content[pos + run].text) \
            and (run == 0 or content[pos + run].index == content[pos + run - 1].index + 1):
        run += 1
    return run


HEADLINE_WORDS, LISTED_WORDS = 16, 20
_NUMBERED = re.compile(r"^\d{1,2}[.)] ")


def listed_headline(line: Line, most_words: int = HEADLINE_WORDS) -> bool:
    """A listed headline: short, no sentence ending unless in title case ("… Supplies. Here's How Much.")."""
    return 0 < line.words <= most_words and len(line.text) <= 140 \
        and (not line.text.endswith((".", "!")) or title_case(line) >= 0.7)


def list_item(line: Line) -> bool:
    """A line that carries on a list of links: a listed headline, longer where the list numbers its items ("1. County
    ambulances took more than …")."""
    return listed_headline(line, LISTED_WORDS if _NUMBERED.match(line.text) else HEADLINE_WORDS)


_MORE = re.compile(r"(?i)^(?:more|other|further|also|keep reading|read more|read on)\b[^.!?]*$")


def more_over_headlines(content: list[Line], pos: int) -> bool:
    """A short "More …" line over two listed headlines under the story ("More rural health coverage", "More shared
    this week on PorchLight Commons"): a list of links, however the site words its heading."""
    line = content[pos]
    below = content[pos + 1 : pos + 3]
    if not (len(below) == 2 and all(b.index == line.index + k for k, b in enumerate(below, 1))
            and all(map(listed_headline, below))):
        return False
    return (line.words <= 8 and bool(_MORE.match(line.text))) or _own_list_heading(content, pos)


def _own_list_heading(content: list[Line], pos: int) -> bool:
    """A short heading in the site's own words over the headlines that close the page ("From Nettie's Notebook",
    two headlines in title case, then the copyright): the list of links is known by its place, not its words."""
    line, run = content[pos], short_run(content, pos + 1)
    end = pos + 1 + run
    listed = content[pos + 1 : end]
    closing = end == len(content) or bool(boilerplate_reason(content[end]) or credit_reason(content[end]))
    return pos >= len(content) * _FOOT and line.words <= _LIST_HEADING_WORDS and bool(_HEADING_WORDS.match(line.text)) \
        and closing and not byline_names(line, bare_allowed=False) \
        and 2 <= len(listed) <= _LISTED_MOST and not any(map(boilerplate_reason, [line, *listed])) \
        and all(listed_headline(b) and title_case(b) >= 0.7 for b in listed)


_LIST_HEADING_WORDS, _LISTED_MOST, _FOOT = 6, 8, 0.6
#: words and no sentence: no full stop, question, colon or figure at its end
_HEADING_WORDS = re.compile(r"^[A-Z][^.!?:…|·•\d]*[A-Za-z'’]$")
