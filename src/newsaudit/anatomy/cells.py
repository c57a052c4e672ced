"""The cells of a tabbed line that the page shows apart, each a block of its own.

A crawler that keeps a table's tabs writes a site's name and its tagline, a caption and its photo credit, a byline
and its date, role and source, a copyright and the footer's links on one line. The page showed them side by side as
different things; a reader of the dump sees one line. Once the rules have typed the line, its cells are read one by
one: a menu of short items, a table row of figures, a plea and its button or a bullet and its item stay one block.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from newsaudit.anatomy.captions import tab_cells
from newsaudit.anatomy.classify import byline_names, credit_reason, is_date
from newsaudit.anatomy.lines import Line, long_words, split_lines
from newsaudit.anatomy.patterns import PHOTO_CREDIT_LINE
from newsaudit.page import NO_ATTRS, Block, BlockType, Page

#: A block a cell (or a run of cells) becomes: its type, its span, why, its attrs
_Piece = tuple[BlockType, tuple[int, int], str, dict]
#: A button: "Give $5 »", "Become a sustainer »", "[ OK, I agree ]"
_BUTTON = re.compile(r"[»›→↗⇗]\s*$|^\[.{1,40}\]$|[$€£]\s?\d")
#: A role in a byline's cell: a few words, no sentence, no figure ("Capitol Ledger education reporter")
_ROLE_WORDS, _NAME_WORDS, _TAGLINE_WORDS = 8, 6, 14
_SENTENCE_END = re.compile(r"[.!?:;]$")
#: Words only, no figures or pictographs: a site's name and its tagline
_LETTERS = re.compile(r"^[^\W\d_](?:[^\W\d]|['’&,.\- ])*$")
#: The first cell of a footer row: a copyright or a licence ("Words licensed CC BY-NC-ND 4.0. © 2018 …")
_RIGHTS = re.compile(r"©|\bcopyright\b|\bcreative commons\b|\bCC BY\b|\blicen[cs]ed\b", re.I)


def split_cells(page: Page) -> None:
    """Split each one-line block whose tabbed cells the page shows apart into one block a cell."""
    for block in list(page.blocks):
        text = page.slice(block)
        if "\t" not in text or "\n" in text or block.comment_id is not None:
            continue
        cells = tab_cells(split_lines(page.text, block.start, block.end)[0])
        pieces = _row(block.type, cells) if len(cells) >= 2 else None
        if not pieces:
            continue
        at = page.blocks.index(block)
        page.blocks[at:at + 1] = [Block(kind, start, end, reason, MappingProxyType(attrs) if attrs else NO_ATTRS)
                                  for kind, (start, end), reason, attrs in pieces]


def _row(kind: BlockType, cells: list[Line]) -> list[_Piece] | None:
    """The blocks a typed line's cells make, or None when it stays one block."""
    if kind in (BlockType.BYLINE, BlockType.PARAGRAPH) and (row := _byline_row(cells) or _stamp_row(cells)):
        return row
    if kind in (BlockType.PARAGRAPH, BlockType.BOILERPLATE) and len(cells) == 2 and cells[0].words >= 3 \
            and PHOTO_CREDIT_LINE.match(cells[1].text):
        return [(BlockType.BOILERPLATE, _span(cells[0]), "photo caption (its credit in a cell)", {}),
                (BlockType.CREDIT, _span(cells[1]), "photo credit, in a cell beside its caption", {})]
    if kind is BlockType.BOILERPLATE and len(cells) == 2 and _masthead_and_tagline(*cells):
        return [(BlockType.BOILERPLATE, _span(cells[0]), "the site's furniture, in a cell of its own", {}),
                (BlockType.BOILERPLATE, _span(cells[1]), "the site's furniture, in a cell beside it", {})]
    if kind is BlockType.CREDIT and _RIGHTS.search(cells[0].text) and all(c.words <= 3 for c in cells[1:]) \
            and not any(re.match(r"(?i)all rights reserved", c.text) for c in cells[1:]):
        return [(BlockType.CREDIT, _span(cells[0]), "copyright line", {}),
                (BlockType.BOILERPLATE, (cells[1].start, cells[-1].end), "the footer's links beside the copyright", {})]
    return None


def _byline_row(cells: list[Line]) -> list[_Piece] | None:
    """"By Ellery Vance<TAB>Capitol Ledger education reporter<TAB>May 2, 2018", "Author: X<TAB>date<TAB>Source: Y":
    the name, then each cell a date, a role or a source."""
    rest = cells[1:]
    if any(not re.search(r"\w", c.text) for c in rest):
        return None  # "By X<TAB>|<TAB>date": the page's own separator holds the row together
    names = byline_names(cells[0], bare_allowed=any(is_date(c) for c in rest))
    if not names:
        return None
    row: list[_Piece] = [(BlockType.BYLINE, _span(cells[0]), "names the story's author(s)", {"authors": names})]
    for cell in rest:
        if is_date(cell):
            row.append((BlockType.BYLINE, _span(cell), "the byline's date, in a cell of its own", {}))
        elif credit_reason(cell):
            row.append((BlockType.CREDIT, _span(cell), "a credit in a cell of the byline's row", {}))
        elif cell.words <= _ROLE_WORDS and not _SENTENCE_END.search(cell.text) and not any(c.isdigit()
                                                                                          for c in cell.text) \
                and not _BUTTON.search(cell.text):
            row.append((BlockType.BYLINE, _span(cell), "the author's role, in a cell of the byline's row", {}))
        else:
            return None
    return row


def _stamp_row(cells: list[Line]) -> list[_Piece] | None:
    """"11:20<TAB>03.10.2017<TAB>Source: KNA": an agency's time, date and source, each a cell of the stamp under its
    headline, or stamps in words ("Posted Oct 30, 2017 at 11:48 AM<TAB>Updated …"); dated or timed cells first
    ("12.10.2017<TAB>14:05" alone stays one byline block, "Xinhua<TAB>2017-09-21 14:32<TAB>via NewsFeedHub" the
    relay's byline)."""
    row: list[_Piece] = []
    for cell in cells:
        if _CLOCK_OR_DAY.match(cell.text) or is_date(cell):
            row.append((BlockType.BYLINE, _span(cell), "the story's date or time, in a cell of its own", {}))
        elif credit_reason(cell):
            row.append((BlockType.CREDIT, _span(cell), "a credit in a cell of the story's stamp", {}))
        else:
            return None
    kinds = [kind for kind, *_ in row]
    labelled = any(re.search(r"[^\W\d_]{3}", cell.text) for cell in cells)  # "Updated: 22 Jan, 2018 13:40"
    return row if kinds[0] is BlockType.BYLINE and (BlockType.CREDIT in kinds or labelled) else None


#: "11:20", "15:42 MSK", "03.10.2017", "14/10/2017"
_CLOCK_OR_DAY = re.compile(r"^(?:\d{1,2}:\d\d(?:\s?[A-Z]{2,4})?|\d{1,2}[./]\d{1,2}[./]\d{2,4})$")


def _span(cell: Line) -> tuple[int, int]:
    return cell.start, cell.end


def _masthead_and_tagline(name: Line, tagline: Line) -> bool:
    """"THE COMMON GROUND<TAB>News for people who work for a living": a short name in letters, then words about the
    site (no date, no count: "The Substation Nobody Will Name<TAB>Feb 12, 2018" is a teaser)."""
    return bool(name.words <= _NAME_WORDS and not _SENTENCE_END.search(name.text) and _LETTERS.match(name.text)
                and 3 <= tagline.words <= _TAGLINE_WORDS and _LETTERS.match(tagline.text)
                and not _BUTTON.search(tagline.text) and not is_date(tagline)
                and (name.text.isupper() or (name.words >= 2 and _title_case(name.text))))


def _title_case(text: str) -> bool:
    words = long_words(text)
    return bool(words) and all(w[0].isupper() for w in words)
