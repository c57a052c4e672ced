"""Stream records out of corpus files: CSV (FakeNewsCorpus columns), JSONL, and folders of pages.

Readers never stop at a bad record: they yield a :class:`BadRecord` naming it
and go on, so that a batch run can account for every input.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Columns that may hold the page text, in order of preference.
TEXT_FIELDS = ("content", "text", "body", "html", "article")
#: Columns kept as page metadata when present.
META_FIELDS = ("title", "url", "domain", "type", "authors", "scraped_at", "source")
PAGE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml"}


@dataclass(frozen=True)
class Record:
    """One page to audit. ``key`` is unique across a run (file and position), ``id`` is the corpus's own."""

    key: str
    id: str
    text: str | bytes
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BadRecord:
    """An input that could not even be read as a record."""

    key: str
    id: str
    reason: str


Item = Record | BadRecord


def _record_from_mapping(row: dict[str, Any], key: str, fallback_id: str) -> Item:
    rec_id = str(row.get("id") or fallback_id)
    text = next((row[f] for f in TEXT_FIELDS if isinstance(row.get(f), str) and row[f].strip()), None)
    if text is None:
        present = [f for f in TEXT_FIELDS if f in row]
        why = f"empty text in column {present[0]!r}" if present else f"no text column (one of {', '.join(TEXT_FIELDS)})"
        return BadRecord(key, rec_id, why)
    meta = {k: row[k] for k in META_FIELDS if row.get(k) not in (None, "")}
    return Record(key, rec_id, text, meta)


def read_csv(path: Path) -> Iterator[Item]:
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        row_number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row_number += 1
                yield BadRecord(f"{path}:line {reader.line_num}", f"line-{reader.line_num}", f"malformed CSV: {exc}")
                continue
            row_number += 1
            key = f"{path}:row {row_number}"
            if None in row:  # more fields than the header names
                yield BadRecord(key, str(row.get("id") or row_number), "row has more fields than the header")
                continue
            yield _record_from_mapping(row, key, str(row_number))


def read_jsonl(path: Path) -> Iterator[Item]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            key = f"{path}:line {number}"
            try:
                row = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield BadRecord(key, f"line-{number}", f"invalid JSON: {exc}")
                continue
            if not isinstance(row, dict):
                yield BadRecord(key, f"line-{number}", f"expected a JSON object, got {type(row).__name__}")
                continue
            yield _record_from_mapping(row, key, str(number))


def read_page_file(path: Path, root: Path | None = None) -> Iterator[Item]:
    name = str(path.relative_to(root)) if root else path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield BadRecord(str(path), name, f"cannot read: {exc.strerror or exc}")
        return
    yield Record(str(path), name, data, {"name": name})


def read_dir(path: Path) -> Iterator[Item]:
    for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES):
        yield from read_page_file(file, path)


def read_input(path: str | Path) -> Iterator[Item]:
    """Records of one input, chosen by its form: a folder, .csv, .jsonl/.ndjson, or a single page file."""
    p = Path(path)
    if p.is_dir():
        yield from read_dir(p)
    elif not p.exists():
        yield BadRecord(str(p), p.name, "no such file or directory")
    elif p.suffix.lower() == ".csv":
        yield from read_csv(p)
    elif p.suffix.lower() in {".jsonl", ".ndjson"}:
        yield from read_jsonl(p)
    else:
        yield from read_page_file(p)


def read_inputs(paths: list[str] | list[Path]) -> Iterator[Item]:
    for path in paths:
        yield from read_input(path)
