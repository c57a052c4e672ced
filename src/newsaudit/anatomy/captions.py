"""Photo captions and their credits, which text dumps keep inline with the story.

A caption is furniture and its credit a credit line: "… on Monday. (AP Photo/Renata Cole)", "… overdue. Picture:
Gary Dunmore", or a credit line of its own ("Tribune photo by Luis Ybarra") under the caption it belongs to.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, NamedTuple

from newsaudit.anatomy.lexicon import match_any
from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.patterns import CAPTION_WITH_CREDIT, CAPTION_WITH_PLAIN_CREDIT, PHOTO_CREDIT_LINE
from newsaudit.page import BlockType


class Piece(NamedTuple):
    """A block that part of a line becomes: a caption or its credit, a cell of a tabbed line."""

    type: BlockType
    start: int
    end: int
    reason: str
    attrs: MappingProxyType[str, Any] = MappingProxyType({})


def find_captions(content: list[Line]) -> dict[int, list[Piece]]:
    """Photo captions and their credits, which dumps keep inline with the story."""
    found: dict[int, list[Piece]] = {}
    for pos, line in enumerate(content):
        m = CAPTION_WITH_CREDIT.match(line.text) or CAPTION_WITH_PLAIN_CREDIT.match(line.text)
        cells = tab_cells(line) if line.tabs else []
        if len(cells) == 2 and cells[0].words >= 3 and PHOTO_CREDIT_LINE.match(cells[1].text):
            found[line.index] = [  # "A freight train leaves the hub.<TAB>[Photo/EHN]": caption and credit in cells
                Piece(BlockType.BOILERPLATE, cells[0].start, cells[0].end, "photo caption (its credit in a cell)"),
                Piece(BlockType.CREDIT, cells[1].start, cells[1].end, "photo credit"),
            ]
        elif m:
            found[line.index] = [
                Piece(BlockType.BOILERPLATE, *line.span(m.start("caption"), m.end("caption")),
                      "photo caption (carries a photo credit)"),
                Piece(BlockType.CREDIT, *line.span(m.start("credit"), m.end("credit")), "photo credit"),
            ]
        # "More Nation/World" is a link list's heading, not a "Name/Outlet" credit
        elif PHOTO_CREDIT_LINE.match(line.text) and not match_any("link_list_heading", line.text):
            found[line.index] = [Piece(BlockType.CREDIT, line.start, line.end, "photo credit")]
            above = content[pos - 1] if pos else None
            if above is not None and above.index == line.index - 1 and above.index not in found and above.words <= 60:
                found[above.index] = [Piece(BlockType.BOILERPLATE, above.start, above.end,
                                             "photo caption (the line above a photo credit)")]
    return found


def tab_cells(line: Line) -> list[Line]:
    """The cells of a line a crawler kept its tabs in ("By Ines Halvorsen<TAB>July 26, 2018"), each a line of its
    own at its page offsets."""
    cells, at = [], 0
    for tab in (*line.tabs, len(line.text)):
        text = line.text[at:tab].strip()
        if text:
            first = at + line.text[at:tab].index(text)
            start, end = line.span(first, first + len(text))
            cells.append(Line(line.index, start, end, 0, text))
        at = tab + 1
    return cells


def table_row(line: Line) -> bool:
    """"Total<TAB>6.3<TAB>6.4<TAB>6.9": a tabbed row whose cells are mostly figures, a table's row and no menu."""
    if not line.tabs:
        return False
    cells = tab_cells(line)
    figures = sum(1 for cell in cells if _FIGURE.match(cell.text))
    return figures >= 2 and figures * 2 >= len(cells)


_FIGURE = re.compile(r"^[-+−]?[$€£]?\d[\d.,]*\s?(?:%|[kKmMbB]n?)?$")
