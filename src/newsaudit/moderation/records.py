"""Read (id, text) comment records from JSONL or CSV, and score them in chunks.

Used by ``newsaudit comments score``. A record that cannot be scored (bad
JSON, no text, text that is not a string, oversized) becomes an error row that
names it, and the run goes on: a moderation queue must not stall on one bad line.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, TextIO, cast

from newsaudit.errors import json_type
from newsaudit.io.csv_rows import CsvProblem, read_table
from newsaudit.io.csv_text import is_byte_stream
from newsaudit.io.records import BadRecord, NotAnObject, json_rows
from newsaudit.moderation.moderate import Moderation, Moderator

MAX_COMMENT_CHARS = 100_000
_HEAD = 4096  # bytes looked at to tell JSONL from CSV


@dataclass
class CommentRecord:
    number: int  # 1-based position in the input
    id: str
    text: str


def detect_format(name: str, head: str) -> str:
    lower = name.lower()
    if lower.endswith(".csv") or lower.endswith(".tsv"):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "jsonl" if head.lstrip().startswith("{") else "csv"


def bad_record(number: int, rid: str | None, why: str) -> BadRecord:
    """The error of the ``number``-th record (1-based; 0: the whole input), named by its place and its id."""
    return BadRecord(f"record {number}", rid, why, number)


def check_record(number: int, rid: str | None, text: Any) -> CommentRecord | BadRecord:
    """A record to score, or the reason it cannot be (``number``: its 1-based place, the id by default)."""
    ident = rid if rid not in (None, "") else str(number)
    if text is None:
        return bad_record(number, rid, "no text field")
    if not isinstance(text, str):
        return bad_record(number, rid, f"text is {json_type(text)}, not a string")
    if not text.strip():
        return bad_record(number, rid, "text is empty")
    if len(text) > MAX_COMMENT_CHARS:
        return bad_record(number, rid, f"text has {len(text):,} characters (limit {MAX_COMMENT_CHARS:,})")
    if "\x00" in text:
        return bad_record(number, rid, "text contains NUL bytes (binary data?)")
    return CommentRecord(number, str(ident), text)


def read_jsonl(
    lines: Iterable[str], id_field: str = "id", text_field: str = "text"
) -> Iterator[CommentRecord | BadRecord]:
    for number, obj in json_rows(lines):
        if isinstance(obj, NotAnObject):
            yield bad_record(number, None, obj.reason)
            continue
        rid = obj.get(id_field)
        yield check_record(number, None if rid is None else str(rid), obj.get(text_field))


def read_csv(
    source: IO[bytes] | Iterable[str], id_field: str = "id", text_field: str = "text"
) -> Iterator[CommentRecord | BadRecord]:
    """Comments of a CSV file (bytes, or lines of text). A broken quote never merges comments: the lines it
    made inseparable are one error row naming them, and the comments after it are read as usual."""
    table = read_table(source)
    if table.problem is not None or text_field not in table.header:
        found = ", ".join(table.header) or "no header"
        yield bad_record(0, None, table.problem or f"CSV has no {text_field!r} column (found: {found})")
        return
    for row in table.rows:
        if isinstance(row, CsvProblem):
            yield bad_record(row.number, row.cells.get(id_field), row.reason)
        else:
            yield check_record(row.number, row.cells.get(id_field), row.cells.get(text_field))


def read_records(
    stream: IO[bytes] | TextIO, name: str, fmt: str = "auto", id_field: str = "id", text_field: str = "text"
) -> Iterator[CommentRecord | BadRecord]:
    """Records of a binary stream (a file opened ``rb``, ``sys.stdin.buffer``) or a text stream, read as they
    arrive: only the first few kilobytes are looked at to tell JSONL from CSV."""
    source, head = _with_head(stream)
    if fmt == "auto":
        fmt = detect_format(name, head)
    if fmt == "csv":
        return read_csv(source, id_field, text_field)
    if is_byte_stream(source):
        source = io.TextIOWrapper(cast(IO[bytes], source), encoding="utf-8-sig", errors="replace")
    return read_jsonl(cast(Iterable[str], source), id_field, text_field)


def _with_head(stream: IO[bytes] | TextIO) -> tuple[IO[bytes] | Iterable[str], str]:
    """The stream, still to be read from its start, and its first few kilobytes as text."""
    if not is_byte_stream(stream):
        text = cast(TextIO, stream)
        if text.seekable():
            start = text.tell()
            head = text.read(_HEAD)
            text.seek(start)
            return text, head
        if getattr(text, "buffer", None) is not None:  # sys.stdin: read its bytes
            return _with_head(text.buffer)
        head = text.read(_HEAD) + text.readline()  # whole lines, then the rest as it comes
        return itertools.chain(io.StringIO(head, newline=""), text), head
    binary = cast(IO[bytes], stream)
    if binary.seekable():
        start = binary.tell()
        raw = binary.read(_HEAD)
        binary.seek(start)
    else:
        peek = getattr(binary, "peek", None)
        raw = peek(_HEAD)[:_HEAD] if peek is not None else b""
    return binary, raw.decode("utf-8-sig", errors="replace")


def result_row(record: CommentRecord, result: Moderation) -> dict[str, Any]:
    return {
        "id": record.id,
        **result.verdict(),
        "labels": [f.label for f in result.flags],
        "flags": [
            {
                "label": f.label,
                "score": round(f.score, 4),
                "level": f.level,
                "evidence": [
                    {"start": e.start, "end": e.end, "text": e.text, "source": e.source, "reason": e.reason}
                    for e in f.evidence
                ],
            }
            for f in result.flags
        ],
    }


def error_row(bad: BadRecord) -> dict[str, Any]:
    return {"id": bad.id, "record": bad.number, "error": bad.error}


def score_stream(
    records: Iterable[CommentRecord | BadRecord], moderator: Moderator, chunk: int = 256
) -> Iterator[dict[str, Any]]:
    """Result or error rows in input order, scoring good records a chunk at a time."""

    def moderated(good: list[CommentRecord]) -> Iterator[dict[str, Any]]:
        return map(result_row, good, moderator.moderate([r.text for r in good]))

    return stream_rows(records, moderated, chunk)


def stream_rows(
    records: Iterable[CommentRecord | BadRecord],
    score: Callable[[list[CommentRecord]], Iterable[dict[str, Any]]],
    chunk: int = 256,
) -> Iterator[dict[str, Any]]:
    """One row per record in input order: ``score``'s row for each good record (scored a chunk at a time, so
    a model sees batches), an error row for each bad one."""
    pending: list[CommentRecord | BadRecord] = []

    def flush() -> Iterator[dict[str, Any]]:
        rows = iter(score([r for r in pending if isinstance(r, CommentRecord)]))
        for r in pending:
            yield next(rows) if isinstance(r, CommentRecord) else error_row(r)
        pending.clear()

    for record in records:
        pending.append(record)
        if len(pending) >= chunk:
            yield from flush()
    yield from flush()
