"""Read (id, text) comment records from JSONL or CSV, and score them in chunks.

Used by ``newsaudit comments score``. A record that cannot be scored (bad
JSON, no text, text that is not a string, oversized) becomes an error row that
names it, and the run goes on: a moderation queue must not stall on one bad line.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from newsaudit.moderation.moderate import Moderation, Moderator

MAX_COMMENT_CHARS = 100_000


@dataclass
class CommentRecord:
    number: int  # 1-based position in the input
    id: str
    text: str


@dataclass
class BadRecord:
    number: int
    id: str | None
    error: str


def detect_format(name: str, head: str) -> str:
    lower = name.lower()
    if lower.endswith(".csv") or lower.endswith(".tsv"):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "jsonl" if head.lstrip().startswith("{") else "csv"


def _check(number: int, rid: str | None, text: Any) -> CommentRecord | BadRecord:
    ident = rid if rid not in (None, "") else str(number)
    if text is None:
        return BadRecord(number, rid, "no text field")
    if not isinstance(text, str):
        return BadRecord(number, rid, f"text is {type(text).__name__}, not a string")
    if not text.strip():
        return BadRecord(number, rid, "text is empty")
    if len(text) > MAX_COMMENT_CHARS:
        return BadRecord(number, rid, f"text has {len(text):,} characters (limit {MAX_COMMENT_CHARS:,})")
    if "\x00" in text:
        return BadRecord(number, rid, "text contains NUL bytes (binary data?)")
    return CommentRecord(number, str(ident), text)


def read_jsonl(
    lines: Iterable[str], id_field: str = "id", text_field: str = "text"
) -> Iterator[CommentRecord | BadRecord]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadRecord(number, None, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            yield BadRecord(number, None, f"expected a JSON object, got {type(obj).__name__}")
            continue
        rid = obj.get(id_field)
        yield _check(number, None if rid is None else str(rid), obj.get(text_field))


def read_csv(stream: TextIO, id_field: str = "id", text_field: str = "text") -> Iterator[CommentRecord | BadRecord]:
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(stream)
    if reader.fieldnames is None or text_field not in reader.fieldnames:
        found = ", ".join(reader.fieldnames or []) or "no header"
        yield BadRecord(0, None, f"CSV has no {text_field!r} column (found: {found})")
        return
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield BadRecord(number, None, f"malformed CSV row: {exc}")
            continue
        if None in row:  # more cells than header columns
            yield BadRecord(number, row.get(id_field), "row has more cells than the header")
            continue
        yield _check(number, row.get(id_field), row.get(text_field))


def read_records(
    stream: TextIO, name: str, fmt: str = "auto", id_field: str = "id", text_field: str = "text"
) -> Iterator[CommentRecord | BadRecord]:
    if fmt == "auto":
        head = stream.read(4096)
        fmt = detect_format(name, head)
        stream = io.StringIO(head + stream.read()) if not stream.seekable() else _rewind(stream)
    if fmt == "csv":
        return read_csv(stream, id_field, text_field)
    return read_jsonl(stream, id_field, text_field)


def _rewind(stream: TextIO) -> TextIO:
    stream.seek(0)
    return stream


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
    pending: list[CommentRecord | BadRecord] = []

    def flush() -> Iterator[dict[str, Any]]:
        good = [r for r in pending if isinstance(r, CommentRecord)]
        results = iter(moderator.moderate([r.text for r in good]))
        for r in pending:
            yield result_row(r, next(results)) if isinstance(r, CommentRecord) else error_row(r)
        pending.clear()

    for record in records:
        pending.append(record)
        if len(pending) >= chunk:
            yield from flush()
    yield from flush()
