"""Stream records out of corpus files: CSV (FakeNewsCorpus columns), JSONL, Parquet, WARC, and folders.

Readers never stop at a bad record: they yield a :class:`BadRecord` naming it
and go on, so that a batch run can account for every input.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsaudit.errors import describe
from newsaudit.io.records import BadRecord, NotAnObject, json_rows

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


Item = Record | BadRecord


def record_from_mapping(row: dict[str, Any], key: str, fallback_id: str) -> Item:
    """One row of a table (CSV, JSONL, Parquet; a record given to ``audit_many``) as a record: its text from the
    first of :data:`TEXT_FIELDS` that holds any, its ``id``, and :data:`META_FIELDS` as metadata."""
    rec_id = str(row.get("id") or fallback_id)
    text = next((row[f] for f in TEXT_FIELDS if isinstance(row.get(f), str) and row[f].strip()), None)
    if text is None:
        present = [f for f in TEXT_FIELDS if f in row]
        why = f"empty text in column {present[0]!r}" if present else f"no text column (one of {', '.join(TEXT_FIELDS)})"
        return BadRecord(key, rec_id, why)
    meta = {k: row[k] for k in META_FIELDS if row.get(k) not in (None, "")}
    return Record(key, rec_id, text, meta)


def read_csv(path: Path) -> Iterator[Item]:
    """Records of a CSV file, keyed ``row N``. Lines a broken quote made inseparable are one error row keyed
    ``line N`` (never merged into a record); a cell that was not UTF-8 is read as cp1252 with
    ``meta["csv_encoding"]`` saying so, and ``meta["csv_note"]`` says when a row was read leniently
    (see :mod:`newsaudit.io.csv_rows`)."""
    from newsaudit.io.csv_rows import CsvProblem, read_table

    with path.open("rb") as handle:
        table = read_table(handle)
        if table.problem is not None:
            yield BadRecord(str(path), path.name, table.problem)
        for row in table.rows:
            if isinstance(row, CsvProblem):
                if row.kind in ("more_cells", "fewer_cells"):  # batch has always called cells fields
                    reason = row.reason.replace(" cells than", " fields than", 1)
                    yield BadRecord(f"{path}:row {row.number}", str(row.cells.get("id") or row.number), reason)
                else:
                    yield BadRecord(f"{path}:line {row.first_line}", row.cells.get("id") or f"line-{row.first_line}",
                                    row.reason)
                continue
            item = record_from_mapping(row.cells, f"{path}:row {row.number}", str(row.number))
            notes = {f"csv_{name}": value for name, value in row.remarks.items()}
            if isinstance(item, Record) and notes:  # how the row was read, so the report can say so
                item = Record(item.key, item.id, item.text, {**item.meta, **notes})
            yield item


def read_jsonl(path: Path) -> Iterator[Item]:
    """Records of a JSON Lines file, keyed ``line N``; a line that is no JSON object is an error row."""
    with path.open("rb") as handle:
        for number, row in json_rows(handle):
            key = f"{path}:line {number}"
            if isinstance(row, NotAnObject):  # batch has always given the decoder's whole message
                reason = row.reason if row.error is None else f"invalid JSON: {row.error}"
                yield BadRecord(key, f"line-{number}", reason)
            else:
                yield record_from_mapping(row, key, str(number))


def read_parquet(path: Path, batch_rows: int = 1024) -> Iterator[Item]:
    """Rows of a Parquet file with the same columns as the CSV form, read a row group at a time.

    A row group whose pages cannot be decoded (damaged data behind an intact footer) becomes one error row
    naming the file and its row range, and the next row group is read: one bad block never hides the rest.
    Row numbers count every row of the file, readable or not, so keys stay the same when a damaged file is
    repaired and the run resumed.
    """
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        groups = [parquet.metadata.row_group(i).num_rows for i in range(parquet.metadata.num_row_groups)]
    except Exception as exc:  # pyarrow raises several types for a damaged file
        yield BadRecord(str(path), path.name, f"unreadable Parquet file: {exc}")
        return
    first = 1
    for group, rows in enumerate(groups):
        read = 0
        try:
            for batch in parquet.iter_batches(batch_size=batch_rows, row_groups=[group]):
                for row in batch.to_pylist():
                    yield record_from_mapping(row, f"{path}:row {first + read}", str(first + read))
                    read += 1
        except Exception as exc:  # a damaged page: name the rows it held, go on with the next group
            last = first + rows - 1
            where = f"rows {first + read}-{last}" if last > first + read else f"row {first + read}"
            yield BadRecord(f"{path}:{where}", f"{path.name}:{where}",
                            f"unreadable Parquet row group {group} ({where} of the file): {_one_line(exc)}")
        first += rows


def _one_line(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."


def read_warc(path: Path) -> Iterator[Item]:
    """HTML responses of a WARC file (gzip or not); other record types are skipped.

    A response cut short (a truncated file: the record's Content-Length promises more bytes than remain) is
    an error row, never audited as if it were the whole page. Damaged bytes part-way through become one error
    row naming their byte range, and reading resumes at the next record boundary found after them, so one bad
    block does not hide the rest of a crawl.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    seen = number = 0
    offset: int | None = 0
    with path.open("rb") as handle:
        while offset is not None:
            base: int = offset
            handle.seek(base)
            records = ArchiveIterator(handle)
            try:
                for record in records:
                    number += 1
                    url = record.rec_headers.get_header("WARC-Target-URI") or ""
                    if url.startswith(("http://", "https://", "dns:", "urn:")):
                        seen += 1  # warcio reads any text as (ARC) records: only real ones count
                    item = _warc_item(path, number, url, record)
                    if item is not None:
                        yield item
                offset = None
            except Exception as exc:  # corrupt headers or compressed data: skip to the next record boundary
                if not seen:
                    why = exc if isinstance(exc, ArchiveLoadFailed) else describe(exc)
                    yield BadRecord(str(path), path.name, f"not a readable WARC file: {_one_line(why)}")
                    return
                start = max(base, int(getattr(records, "offset", base) or base))
                offset = _next_warc_boundary(handle, start + 1)
                span = f"bytes {start:,}-{offset - 1:,}" if offset is not None else f"bytes {start:,}-end"
                yield BadRecord(f"{path}:{span.replace(',', '')}", path.name,
                                f"damaged WARC data at {span} (after record {number}), skipped: {_one_line(exc)}")
    if not seen:
        yield BadRecord(str(path), path.name, "not a readable WARC file: no records with a target URL")


def _warc_item(path: Path, number: int, url: str, record: Any) -> Item | None:
    """The record or error row of one WARC record, or None for records that are not HTML responses."""
    if record.rec_type != "response" or not url.startswith(("http://", "https://")):
        return None
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    if "html" not in ctype.lower():
        return None
    key = f"{path}:record {number}"
    try:
        body = record.content_stream().read()
    except Exception as exc:  # a damaged payload is one bad record, not a failed run
        return BadRecord(key, url, f"unreadable WARC payload: {_one_line(exc)}")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return BadRecord(key, url, f"truncated WARC record: {missing:,} of its {record.length:,} bytes are "
                                   "missing (the file ends inside it)")
    rec_id = record.rec_headers.get_header("WARC-Record-ID") or key
    return Record(key, rec_id, body, {"url": url, "domain": _domain(url)})


#: Where a record may begin: a gzip member (each record is one) or a plain record's header line.
_WARC_BOUNDARIES = ((b"\x1f\x8b\x08", 0), (b"\nWARC/1.", 1))


def _next_warc_boundary(handle: Any, start: int) -> int | None:
    """Offset of the first place at or after ``start`` where a record may begin, or None at the end."""
    import mmap

    if start >= os.fstat(handle.fileno()).st_size:
        return None
    with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        found = [at + skip for marker, skip in _WARC_BOUNDARIES if (at := data.find(marker, start)) >= 0]
    return min(found) if found else None


def _domain(url: str) -> str | None:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname
    return host or None


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
    """Records of one input, by its form: a folder, .csv, .jsonl/.ndjson, .parquet, .warc(.gz), or one page.

    Keys start with the input's absolute path (``.`` and ``..`` folded), however it was typed, so that a
    resumed run recognises its records whether the input is named ``./c.csv``, ``c.csv`` or ``/data/c.csv``.
    """
    p = Path(os.path.abspath(path))
    if p.is_dir():
        yield from read_dir(p)
    elif not p.exists():
        yield BadRecord(str(p), p.name, "no such file or directory")
    elif p.suffix.lower() == ".csv":
        yield from read_csv(p)
    elif p.suffix.lower() in {".jsonl", ".ndjson"}:
        yield from read_jsonl(p)
    elif p.suffix.lower() == ".parquet":
        yield from read_parquet(p)
    elif p.name.lower().endswith((".warc", ".warc.gz")):
        yield from read_warc(p)
    else:
        yield from read_page_file(p)


def read_inputs(paths: list[str] | list[Path]) -> Iterator[Item]:
    for path in paths:
        yield from read_input(path)


_KEY = re.compile(r"(.*?)(:(?:row|line|record) \d+)?")


def absolute_key(key: str) -> str:
    """The key :func:`read_input` gives today for a key written when keys began with the path as typed
    (relative to the folder the run was started in); an absolute key is returned as it is."""
    if os.path.isabs(key):
        return key
    match = _KEY.fullmatch(key)
    path, where = match.groups() if match else (key, None)
    return os.path.abspath(path) + (where or "")
