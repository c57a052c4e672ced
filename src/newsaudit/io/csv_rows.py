"""Read CSV records so that a broken quote or a stray encoding is named, never merged or replaced.

Python's csv module, left lenient, reads everything up to the next quote as one cell: one unterminated
quote swallows the records after it (a violent comment merged into an allowed one), and the paragraph
lines of a multi-paragraph cell come back as records of their own. Here rows are parsed strictly. When a
row's quoting breaks, the lines from that row up to the next row that parses into the header's cells and
looks like a record become one :class:`CsvProblem` naming them and the line the quote opened on; the
records before and after it are read as usual, with the numbers (``row N`` keys) a well-formed file gives.

A cell that was not valid UTF-8 is read as cp1252 (the Western encoding most mis-saved CSV is in), never
as U+FFFD, and its row says so (see :mod:`newsaudit.io.csv_text`). Input is read a row at a time, and a
row is cut at MAX_ROW_CHARS: memory does not grow with the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Literal

from newsaudit.io.csv_text import DecodedLines, cell_text

ProblemKind = Literal["broken_quote", "malformed", "more_cells", "fewer_cells"]

_FIELD_LIMIT = 2**31 - 1  # a 10 MB article is one cell: rows are bounded by MAX_ROW_CHARS instead
#: A row longer than this is a quote that never closes (or not CSV): it ends the row, so that memory stays
#: bounded however large the file (about 250 MB at most). No page or comment is this long: batch refuses
#: pages over 20 MiB unless told otherwise, comments over 100,000 characters.
MAX_ROW_CHARS = 32 * 2**20
#: One cell of a line whose quoted cell holds undoubled quotes: quoted (a quote closes it only before a
#: comma or the line end) or unquoted (not starting with a quote).
_LENIENT_CELL = re.compile(r'"((?:[^"]++|"(?!,|\Z))*+)"(?=,|\Z)|(?!")([^,]*)')
_QUOTE_ERRORS = ("unexpected end of data", "expected after", "row longer")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class CsvRow:
    """One record. ``number`` counts records from 1 after the header; a broken region counts as one."""

    number: int
    first_line: int
    last_line: int
    cells: dict[str, str]
    encoding: str = "utf-8"  # "cp1252" when a cell was not UTF-8 and was read as cp1252
    note: str | None = None  # how a slightly malformed row was read, when it was

    @property
    def remarks(self) -> dict[str, str]:
        """How the row was read where it was not plain UTF-8 CSV: ``encoding`` and ``note``, when they apply."""
        plain = {"encoding": self.encoding if self.encoding != "utf-8" else None, "note": self.note}
        return {name: value for name, value in plain.items() if value is not None}


@dataclass(frozen=True)
class CsvProblem:
    """Lines that could not be read as records; ``cells`` holds what was read before the break (the id)."""

    number: int
    first_line: int
    last_line: int
    kind: ProblemKind
    reason: str  # starts with the lines, e.g. "lines 3-9: a quote opened on line 3 never closes ..."
    cells: dict[str, str] = field(default_factory=dict)
    cell_count: int | None = None  # for more_cells / fewer_cells


@dataclass
class CsvTable:
    """The header and a stream of rows; ``problem`` says why there is no usable header (and no rows)."""

    header: list[str]
    problem: str | None
    rows: Iterator[CsvRow | CsvProblem]


def _lines_label(first: int, last: int) -> str:
    return f"line {first}" if last <= first else f"lines {first}-{last}"


def read_table(source: IO[bytes] | Iterable[str], max_row_chars: int = MAX_ROW_CHARS) -> CsvTable:
    """Rows of a CSV file: a binary stream (decoded here) or lines of text (as ``open(newline="")`` gives)."""
    csv.field_size_limit(_FIELD_LIMIT)
    reader = _RowReader(source, max_row_chars)
    header_row = reader.header_row()
    if isinstance(header_row, str):
        reader.release()
        return CsvTable([], header_row, iter(()))
    return CsvTable(header_row, None, reader.rows(header_row))


class _RowTooLong(Exception):
    """Raised through the csv reader when a row passes MAX_ROW_CHARS."""


class _Lines:
    """Numbered physical lines that can be handed back, to read them again after a break."""

    def __init__(self, source: Iterable[str], max_row_chars: int) -> None:
        self._source = iter(source)
        self._again: deque[str] = deque()
        self.next_number = 1
        self.taken: list[str] = []  # the lines of the row being read
        self.max_row_chars = max_row_chars
        self._row_chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._again.popleft() if self._again else next(self._source)
        self.next_number += 1
        self.taken.append(line)
        self._row_chars += len(line)
        if self._row_chars > self.max_row_chars:
            raise _RowTooLong
        return line

    def start_row(self) -> int:
        self.taken = []
        self._row_chars = 0
        return self.next_number

    def give_back(self, lines: list[str]) -> None:
        self._again.extendleft(reversed(lines))
        self.next_number -= len(lines)


@dataclass
class _Attempt:
    """One strict parse: its first line, the lines it read, the cells (None at the end), the csv error."""

    start: int
    lines: list[str]
    cells: list[str] | None
    error: str | None = None

    @property
    def end(self) -> int:
        return self.start + max(len(self.lines), 1) - 1


class _RowReader:
    def __init__(self, source: IO[bytes] | Iterable[str], max_row_chars: int) -> None:
        self._text = DecodedLines(source)
        self._lines = _Lines(self._text, max_row_chars)
        self._csv = csv.reader(self._lines, strict=True)
        self._number = 0

    def release(self) -> None:
        self._text.release()

    def _attempt(self) -> _Attempt:
        start = self._lines.start_row()
        try:
            cells = next(self._csv)
        except StopIteration:
            return _Attempt(start, self._lines.taken, None)
        except csv.Error as exc:
            return _Attempt(start, self._lines.taken, [], str(exc))
        except _RowTooLong:
            return _Attempt(start, self._lines.taken, [], f"row longer than {self._lines.max_row_chars:,} characters")
        return _Attempt(start, self._lines.taken, cells)

    def header_row(self) -> list[str] | str:
        got = self._attempt()
        while got.cells == [] and got.error is None:  # blank lines above the header
            got = self._attempt()
        if got.cells is None:
            return "empty CSV file (no header row)"
        if got.error is not None:
            return f"{_lines_label(got.start, got.end)}: the header row could not be read ({got.error})"
        return [cell_text(c)[0] for c in got.cells]

    def rows(self, header: list[str]) -> Iterator[CsvRow | CsvProblem]:
        self._leading_space = [False] * len(header)  # per column: has a record's cell started with a space?
        self._keys_read = 0  # records read whose first cell has no space; -1 once one had
        try:
            wary = False  # after a row with the wrong number of cells, rows must also look like records
            while (got := self._attempt()).cells is not None:
                if got.error is None and not got.cells:
                    continue  # a blank line is not a record
                if got.error is None and len(got.cells) == len(header) and (
                        not wary or self._looks_like_a_record(got.cells)):
                    wary = False
                    yield self._row(got, header, got.cells)
                elif (cells := _lenient_single_line(got, len(header))) is not None:
                    note = f"line {got.start}: a quoted cell holds quotes that are not doubled; read as written"
                    yield self._row(got, header, cells, note)
                elif got.error is None and len(got.lines) == 1 and self._looks_like_a_record(got.cells):
                    # a short or long row, not a paragraph of a broken record: the next row starts as usual
                    yield self._problem(got, _describe_break(got, header), header, got.start, spread=False)
                    wary = True
                else:
                    yield from self._resynchronise(got, header, _describe_break(got, header))
                    wary = False
        finally:
            self.release()

    def _row(self, got: _Attempt, header: list[str], cells: list[str], note: str | None = None) -> CsvRow:
        self._number += 1
        self._keys_read = -1 if self._keys_read < 0 or _SPACE.search(cells[0]) else self._keys_read + 1
        spaced = zip(self._leading_space, cells, strict=True)
        self._leading_space = [seen or cell[:1].isspace() for seen, cell in spaced]
        repaired = [cell_text(c) for c in cells]
        encoding = "cp1252" if any(changed for _, changed in repaired) else "utf-8"
        values = dict(zip(header, (c for c, _ in repaired), strict=True))
        return CsvRow(self._number, got.start, got.end, values, encoding, note)

    def _resynchronise(self, broken: _Attempt, header: list[str], why: _Break) -> Iterator[CsvRow | CsvProblem]:
        """Skip the lines of a broken row up to the first row that looks like a record.

        After a broken quote, reading starts again on the line after the broken row's first line (not
        after the place the parse failed), which recovers a well-formed record the quote had swallowed.
        After a row over several lines with the wrong number of cells (a quoted cell closed early) it
        starts after that row. Paragraph lines of a broken record stay in the broken region: they rarely
        have the header's cell count, and when they do, prose split at its commas gives cells that start
        with a space or a first cell with spaces where the records so far had keys; where no key column
        is known yet, a row is taken only when the next row looks like a record too.
        """
        if why.reread:
            self._lines.give_back(broken.lines[1:])
        own_end = last = broken.start if why.reread else broken.end
        trusted = not why.reread  # the row right after one that parsed starts where it should
        while (got := self._attempt()).cells is not None:
            if got.cells == [] and got.error is None:
                continue  # a blank line
            if self._fits(got, header):
                blank, after = ([], None) if trusted or self._keys_read >= 1 else self._next_row()
                if after is None or after.cells is None or self._fits(after, header):
                    yield self._problem(broken, why, header, last, last > own_end)
                    yield self._row(got, header, got.cells)
                    if after is not None and after.cells is not None:
                        yield self._row(after, header, after.cells)
                    return
                self._lines.give_back(blank + after.lines)  # not confirmed: read again from got's second line
            trusted = False
            last = max(last, got.start)
            self._lines.give_back(got.lines[1:])
        yield self._problem(broken, why, header, last, last > own_end)

    def _next_row(self) -> tuple[list[str], _Attempt]:
        """The blank lines read, and the next attempt that is not a blank line."""
        blank: list[str] = []
        while (got := self._attempt()).cells == [] and got.error is None:
            blank += got.lines
        return blank, got

    def _fits(self, got: _Attempt, header: list[str]) -> bool:
        """Whether a row read after a break is a record: the header's cell count, no cell starting with a space
        in a column where no record read so far had one (prose split at its commas does), and no space in the
        first cell when the records so far had none there (it is usually a key; prose has spaces)."""
        if got.error is not None or got.cells is None or len(got.cells) != len(header):
            return False
        return self._looks_like_a_record(got.cells)

    def _looks_like_a_record(self, cells: list[str]) -> bool:
        if self._keys_read >= 1 and _SPACE.search(cells[0]):
            return False
        known = zip(cells[1:], self._leading_space[1:], strict=False)
        return not any(cell[:1].isspace() and not seen for cell, seen in known)

    def _problem(self, broken: _Attempt, why: _Break, header: list[str], last: int, spread: bool) -> CsvProblem:
        self._number += 1
        reason = f"{_lines_label(broken.start, last)}: {why.text}"
        if spread:
            reason += "; the records on these lines could not be separated"
        elif why.kind in ("broken_quote", "malformed"):
            reason += "; the record could not be read"
        values = {h: cell_text(c)[0] for h, c in zip(header, why.cells, strict=False)}
        return CsvProblem(self._number, broken.start, last, why.kind, reason, values, why.cell_count)


@dataclass(frozen=True)
class _Break:
    """What went wrong with a row, and whether its own lines may hold other records."""

    kind: ProblemKind
    text: str
    cells: list[str]  # cells read before the break (for the id)
    reread: bool  # read again from the row's second line
    cell_count: int | None = None


def _describe_break(got: _Attempt, header: list[str]) -> _Break:
    if got.error is None and len(got.cells or []) == len(header):
        return _Break("malformed", "text that does not look like a record follows a row with the wrong number "
                      "of cells", [], reread=False)
    if got.error is None:
        cells = got.cells or []
        more = len(cells) > len(header)
        return _Break("more_cells" if more else "fewer_cells",
                      f"row has {'more' if more else 'fewer'} cells than the header ({len(cells)}, not {len(header)})",
                      cells, reread=False, cell_count=len(cells))
    before, quote_line = _before_open_quote(got.lines, got.start)
    if quote_line is None or not any(what in got.error for what in _QUOTE_ERRORS):
        return _Break("malformed", f"malformed CSV on line {got.end} ({got.error})", [], reread=True)
    if got.error.startswith("row longer"):
        text = f"a quote opened on line {quote_line} has not closed within {got.error.removeprefix('row longer than ')}"
    elif got.error.startswith("unexpected end"):
        text = f"a quote opened on line {quote_line} never closes (the file ends inside it)"
    else:
        text = (f"a quote opened on line {quote_line} never closes properly (on line {got.end} a quote is "
                "followed by text, not by a comma or the line end)")
    return _Break("broken_quote", text, before, reread=True)


def _lenient_single_line(got: _Attempt, width: int) -> list[str] | None:
    """The cells of a one-line row whose quoted cell holds undoubled quotes (``"He said "hi" to me"``).

    Only a line that splits into exactly the header's cells, each quoted cell closing on the line, is
    read this way: the strict parse failed inside the line, so no other record can be part of it.
    """
    if len(got.lines) != 1 or "expected after" not in (got.error or ""):
        return None
    text, pos = got.lines[0].rstrip("\r\n"), 0
    cells: list[str] = []
    while (match := _LENIENT_CELL.match(text, pos)) is not None:
        quoted, plain = match.groups()
        cells.append(plain if quoted is None else quoted.replace('""', '"'))
        if match.end() == len(text):
            return cells if len(cells) == width else None
        pos = match.end() + 1
    return None


def _before_open_quote(lines: list[str], first_line: int) -> tuple[list[str], int | None]:
    """The cells before the quoted cell whose quote broke, and the line that quote opened on (None if the
    row's trouble is not an open quote).

    Follows the csv module's strict rules over the failed row's text, up to the place they break.
    """
    text = "".join(lines)
    pos, opened = 0, -1
    while pos < len(text):
        if text[pos] != '"':  # an unquoted cell, quotes inside it are text
            comma = text.find(",", pos)
            if comma < 0:
                break
            pos = comma + 1
            continue
        opened = pos
        close = _closing_quote(text, pos + 1)
        if close < 0 or text[close + 1:close + 2] != ",":
            break
        pos, opened = close + 2, -1
    if opened < 0:
        return [], None
    cells = next(csv.reader(io.StringIO(text[:opened], newline="")), [""])[:-1]
    offset = 0
    for number, line in enumerate(lines, start=first_line):
        offset += len(line)
        if opened < offset:
            return cells, number
    return cells, first_line + len(lines) - 1


def _closing_quote(text: str, pos: int) -> int:
    """Offset of the quote that closes a quoted cell (``""`` is an escaped quote), -1 when none does."""
    while (quote := text.find('"', pos)) >= 0:
        if text[quote + 1:quote + 2] != '"':
            return quote
        pos = quote + 2
    return -1
