"""CSV bytes to lines of text for the csv module, and its cells back to the text they hold.

Bytes are decoded as UTF-8 with ``surrogateescape``, so that no byte is replaced (U+FFFD) before the
parse: a cell that was not valid UTF-8 is read as cp1252 afterwards, and its caller is told. A UTF-8 BOM
is dropped. A lone CR inside a cell of a file with LF line ends is kept as text (csv.writer and pandas
leave it unquoted), though the csv module would take it for a line end.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, cast

_NOT_UTF8 = re.compile("[\udc80-\udcff]+")  # bytes surrogateescape could not decode as UTF-8
#: cp1252, with the five bytes it leaves undefined read as Latin-1 (as browsers do), so no byte is lost.
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
_MID_LINE_CR = re.compile(r"\r(?!\n|\Z)")  # a carriage return that does not end the line
_LONE_CR = "\udc0d"  # stands for it while the csv module parses (never produced by decoding bytes)


def is_byte_stream(source: object) -> bool:
    """A file opened ``rb``, ``sys.stdin.buffer`` or ``BytesIO`` (anything else is taken for text)."""
    return isinstance(source, io.IOBase) and not isinstance(source, io.TextIOBase)


class DecodedLines:
    """The lines of a CSV source, a binary stream or lines of text, ready for ``csv.reader``."""

    def __init__(self, source: IO[bytes] | Iterable[str]) -> None:
        self._wrapper: io.TextIOWrapper | None = None
        if is_byte_stream(source):
            # utf-8-sig drops a BOM; surrogateescape keeps undecodable bytes for cell_text
            self._wrapper = io.TextIOWrapper(cast(IO[bytes], source), encoding="utf-8-sig",
                                             errors="surrogateescape", newline="")
            text: Iterable[str] = self._wrapper
        else:
            text = _pieces(_without_bom(cast(Iterable[str], source)))
        self._lines = _file_lines(text)

    def __iter__(self) -> Iterator[str]:
        return self._lines

    def release(self) -> None:
        """Leave the caller's binary stream open: it is theirs to close."""
        if self._wrapper is not None:
            with contextlib.suppress(ValueError):  # the stream was closed first (a reader abandoned part-way)
                self._wrapper.detach()
            self._wrapper = None


def cell_text(cell: str) -> tuple[str, bool]:
    """A parsed cell's text (masked CRs restored, non-UTF-8 bytes read as cp1252), and whether it held
    bytes that were not UTF-8."""
    if cell.isascii():
        return cell, False
    if _LONE_CR in cell:
        cell = cell.replace(_LONE_CR, "\r")
    if not _NOT_UTF8.search(cell):
        return cell, False
    return _NOT_UTF8.sub(_as_cp1252, cell), True


def _as_cp1252(run: re.Match[str]) -> str:
    return "".join(_CP1252[byte] for byte in run.group().encode("utf-8", "surrogateescape"))


def _file_lines(pieces: Iterable[str]) -> Iterator[str]:
    """Lines as the file ends them, from pieces split at every line break (CR, LF or CRLF).

    In a file whose first line ends in LF a lone CR is text: it is kept in its line and masked, and
    restored by :func:`cell_text`. A file whose first line ends in a lone CR (old Mac) keeps its pieces.
    """
    iterator = iter(pieces)
    first = next(iterator, None)
    if first is None:
        return
    if first.endswith("\r"):
        yield first
        yield from iterator
        return
    parts = [first]
    for piece in iterator:
        if parts[-1].endswith("\n"):
            yield _masked(parts)
            parts = []
        parts.append(piece)
    yield _masked(parts)


def _masked(parts: list[str]) -> str:
    line = "".join(parts)
    has_lone_cr = len(parts) > 1 or line.find("\r", 0, len(line) - 2) >= 0
    return _MID_LINE_CR.sub(_LONE_CR, line) if has_lone_cr else line


_PIECE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _pieces(lines: Iterable[str]) -> Iterator[str]:
    """Text lines split at every line break, as a binary source's are: a text stream split only at LF
    (``StringIO``, a file opened with universal newlines off) would hide an old-Mac file's CR line ends."""
    for line in lines:
        if "\r" in line:
            yield from _PIECE.findall(line)
        else:
            yield line


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        return
    yield first.removeprefix("\ufeff")
    yield from iterator
