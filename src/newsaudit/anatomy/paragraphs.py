"""Prose paragraphs of a story and the marks set on a whole paragraph: pull quotes, section labels, bylines.

The line labels (article.py) come first; what is left unlabelled is prose, and some of it reads as something
else only once it stands as a paragraph among the others (a pull quote repeats one, a byline stands at an edge).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from newsaudit.anatomy.classify import byline_names
from newsaudit.anatomy.lines import Line, groups, norm_words
from newsaudit.anatomy.masthead import title_case
from newsaudit.anatomy.patterns import BYLINE_PREFIXED
from newsaudit.page import BlockType

_MAX_PULL_QUOTE_PARAGRAPHS = 400
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]$")


@dataclass
class Paragraph:
    lines: list[Line]
    kind: BlockType = BlockType.PARAGRAPH
    reason: str = "article prose"
    attrs: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def single_line(self) -> Line | None:
        return self.lines[0] if len(self.lines) == 1 else None


def _heading(line: Line) -> bool:
    """A short title-case line ("1. Potato Chips", "How We Got Here") that heads the text under it."""
    return line.words <= 8 and title_case(line) >= 0.7 and not line.text.endswith((",", ";", "—", "–", "-", "&"))


def _wrapped(run: list[Line]) -> bool:
    """True when consecutive lines are one hard-wrapped paragraph rather than one paragraph each."""
    if len(run) < 2:
        return False
    body = run[:-1]
    if any(ln.tabs for ln in run):
        return False  # a table's rows, their cells apart at tabs: a wrapping tool never puts a tab inside a line
    if any(_heading(ln) and nxt.words >= 15 for ln, nxt in itertools.pairwise(run)):
        return False  # "1. Potato Chips" over its paragraph: a heading, not the first piece of a wrapped line
    if len(body) >= 2 and max(len(ln.text) for ln in body) - min(len(ln.text) for ln in body) > 25 \
            and all(ln.text[:1].isupper() or ln.text[:1] in _ITEM_OPENERS for ln in run[1:]):
        return False  # list items whose bullets were dropped: ragged lines, each opening as a sentence does
    open_ended = sum(1 for ln in body if not _SENTENCE_END.search(ln.text))
    return all(len(ln.text) <= 100 for ln in body) and open_ended * 2 >= len(body)


def _cut_where_broken_early(run: list[Line]) -> list[list[Line]]:
    """The run cut after each line that stops mid-sentence although the next line's first word would have fitted.

    A wrapping tool fills each line up to its width before it breaks, so the width is at least the run's longest
    line; a line that ends well short of that, with no sentence ended, was broken by the page ("Share · Report"
    over the host's notice, a section label over a headline), not by the tool.
    """
    width = max(len(piece) for ln in run for piece in _printed(ln))
    if width < _NARROWEST_WRAP:
        return [run]  # a code listing's or a poem's short lines: set by hand, kept together as before
    pieces: list[list[Line]] = [[run[0]]]
    for line, nxt in itertools.pairwise(run):
        first_word = nxt.text.split(maxsplit=1)[0] if nxt.text.strip() else ""
        if not _SENTENCE_END.search(line.text) and len(_printed(line)[-1]) + 1 + len(first_word) + _WRAP_SLACK <= width:
            pieces.append([])
        pieces[-1].append(nxt)
    return pieces


def _printed(line: Line) -> list[str]:
    """The line as the page printed it: the pieces a hard-wrapped line was joined from, or the line itself."""
    cuts = [pos for pos, _ in line.joints]
    return [line.text[start : end - 1 if end else None] for start, end in zip([0, *cuts], [*cuts, 0], strict=True)]


#: No tool wraps text this narrow; a run whose lines are all shorter was set line by line
_NARROWEST_WRAP = 50

#: How far short of the width a wrapped line may stop (a tool that breaks at hyphens or counts wide characters)
_WRAP_SLACK = 8


#: What else a list item may open with: a figure, a price, a quotation mark
_ITEM_OPENERS = frozenset("0123456789$€£\"“‘'")


def split_paragraphs(lines: list[Line], kinds: dict[int, str]) -> list[Paragraph]:
    """Prose paragraphs: unlabelled lines of a blank-line group, merged only where the text is hard-wrapped."""
    paragraphs: list[Paragraph] = []

    def flush(run: list[Line]) -> None:
        if not run:
            return
        if not _wrapped(run):
            paragraphs.extend(Paragraph([ln]) for ln in run)
            return
        pieces = _cut_where_broken_early(run)
        for piece in pieces:
            if len(pieces) == 1 or _wrapped(piece):
                paragraphs.append(Paragraph(piece))
            else:
                paragraphs.extend(Paragraph([ln]) for ln in piece)

    for group in groups(lines):
        run: list[Line] = []
        for line in group:
            if line.index in kinds:
                flush(run)
                run = []
            else:
                run.append(line)
        flush(run)
    return paragraphs


def mark_signed_credits(paragraphs: list[Paragraph], content: list[Line], kinds: dict[int, str]) -> None:
    """A reporter's name on its own line just above the story's credit line is a byline."""
    following = {a.index: b for a, b in itertools.pairwise(content)}
    for p in paragraphs:
        line = p.single_line
        if p.kind is not BlockType.PARAGRAPH or line is None or line.index not in following:
            continue
        if kinds.get(following[line.index].index) == "credit":
            names = byline_names(line, bare_allowed=True)
            if names:
                p.kind, p.reason, p.attrs = BlockType.BYLINE, "names the reporter above the credit line", {
                    "authors": names}


def mark_pull_quotes(paragraphs: list[Paragraph], content: list[Line]) -> None:
    """A short paragraph that repeats a sentence of another paragraph word for word is a pull quote, unless it stands
    straight over a "By" line: that is a pasted piece's headline, which the poster quoted in their own title."""
    if len(paragraphs) > _MAX_PULL_QUOTE_PARAGRAPHS:
        return  # quadratic check; pages this long are not news pages with pull quotes
    texts = [norm_words(" ".join(ln.text for ln in p.lines)) for p in paragraphs]
    following = {a.index: b for a, b in itertools.pairwise(content)}
    for i, p in enumerate(paragraphs):
        words = len(texts[i].split())
        if 6 <= words <= 40 and any(j != i and len(texts[j]) > len(texts[i]) and texts[i] in texts[j]
                                    for j in range(len(paragraphs))) \
                and not (p.lines[-1].index in following and BYLINE_PREFIXED.match(following[p.lines[-1].index].text)):
            p.kind = BlockType.BOILERPLATE
            p.reason = "pull quote: repeats words of another paragraph"


SECTION_LABEL = "a section label: repeats an item of the site's menu"
#: a menu line's separators: "News | Analysis | West Asia | Videos"
_MENU_SEPARATOR = re.compile(r"\s+[|•·]\s+")


def menu_items(content: list[Line]) -> frozenset[str]:
    """The items of the page's menu lines (three or more short items between bars or dots)."""
    items: set[str] = set()
    for line in content:
        parts = _MENU_SEPARATOR.split(line.text)
        if len(parts) >= 3 and all(0 < len(part.split()) <= 4 for part in parts):
            items.update(part.strip().casefold() for part in parts)
    return frozenset(items)


def mark_bylines(paragraphs: list[Paragraph], menu_items: frozenset[str] = frozenset()) -> None:
    """Bylines stand at the top or the bottom of the story; bare name lists only there."""
    n = len(paragraphs)
    for i, p in enumerate(paragraphs):
        line = p.single_line
        if line is None:
            continue
        if line.text.strip().casefold() in menu_items:  # "Global South" over the headline, as in the menu above
            p.kind = BlockType.BOILERPLATE
            p.reason = SECTION_LABEL
            continue
        at_edge = i == 0 or i == n - 1 or (i == 1 and paragraphs[0].kind is BlockType.BYLINE)
        near_edge = i < 3 or i >= n - 3
        names = byline_names(line, bare_allowed=at_edge) if near_edge else None
        if names:
            p.kind = BlockType.BYLINE
            p.reason = "names the story's author(s)" + (" at the foot of the story" if i >= n - 3 and i else "")
            p.attrs = {"authors": names}
