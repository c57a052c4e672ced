"""Cluster runs where the workers write: each Dask task audits a partition and writes its rows itself.

Without this the client receives every row of a Dask run and writes them all, so the client, not the
cluster, caps the rate. With a shared location (``BatchConfig(parts=URL)``: a folder every worker can reach,
or any fsspec URL), a task writes its partition under ``URL/<run id>/<part id>.<attempt>/``:

- ``results.jsonl`` and ``errors.jsonl``: the partition's rows, as the run's own files would hold them;
- ``<table>.parquet``: its rows of each table of :data:`newsaudit.batch.tables.SCHEMAS` (empty ones left out),
  so the table export only copies Parquet.

and returns a :class:`PartReceipt` (the folder, its files and row counts, the keys), never the rows. The
client appends the receipt to ``OUT/parts.jsonl``: that line is the commit, and a partition counts only
once it is there. Every attempt writes to a folder of its own (a task run again by Dask, or run twice,
never writes over another attempt), and only the committed one is ever read; folders no commit names are
removed when the run resumes or ends. ``parts.jsonl`` is a ledger like ``results.jsonl`` (see
:mod:`newsaudit.batch.ledger`): resuming reads its keys, after the same repair, so exactly-once holds.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeGuard

from newsaudit.batch.ledger import ERRORS, PARTS, RESULTS
from newsaudit.batch.records import Record
from newsaudit.batch.tables import SCHEMAS, table_rows, table_schema
from newsaudit.batch.task import StageSettings, audit_record

#: This run's id (a folder under the parts location), kept across resumes.
PARTS_RUN = "parts.json"
#: The part files that hold error rows (dropped from a receipt when its errors are audited again).
ERROR_FILES = (ERRORS, "errors.parquet")


@dataclass(frozen=True)
class PartStore:
    """Where a run's workers write: a folder or fsspec URL, and the run's id under it. Plain picklable data."""

    url: str
    run: str

    @property
    def base(self) -> str:
        """The run's folder: everything this run writes is under it, and nothing else is ever removed."""
        return f"{self.url.rstrip('/')}/{self.run}"


@dataclass(frozen=True)
class PartReceipt:
    """What a task returns instead of its rows: where they are, how many, and which records they account for."""

    part: str
    path: str  # the attempt's folder (a path or URL)
    files: dict[str, int]  # file name -> rows in it
    keys: tuple[str, ...]  # records audited (rows of results.jsonl)
    error_keys: tuple[str, ...] = ()  # records that ended as error rows

    def line(self) -> str:
        return json.dumps({"part": self.part, "path": self.path, "files": self.files, "keys": list(self.keys),
                           "error_keys": list(self.error_keys)}, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, data: Any) -> PartReceipt | None:
        """The receipt a ledger line holds, or None when it is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("part"), str) or not isinstance(data.get("path"), str):
            return None
        files, keys, errors = data.get("files"), data.get("keys"), data.get("error_keys", [])
        if not isinstance(files, dict) or not all(isinstance(n, int) for n in files.values()):
            return None
        if not _strings(keys) or not _strings(errors):
            return None
        return cls(data["part"], data["path"], {str(k): v for k, v in files.items()}, tuple(keys), tuple(errors))

    def folder_name(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]


def _strings(value: Any) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def receipt_keys(raw: bytes) -> list[str] | None:
    """The record keys of a ``parts.jsonl`` line, or None for a line that is not a receipt (for read_ledger)."""
    try:
        receipt = PartReceipt.from_json(json.loads(raw))
    except (ValueError, UnicodeDecodeError):
        return None
    return None if receipt is None else [*receipt.keys, *receipt.error_keys]


# ----------------------------------------------------------------------------------------------------------------
# the worker's side
# ----------------------------------------------------------------------------------------------------------------
def audit_and_write_partition(records: list[Record], part: str, settings: StageSettings,
                              store: PartStore) -> PartReceipt:
    """One task of a cluster run: audit a partition, write its rows to the shared location, return the receipt."""
    return write_part(store, part, [audit_record(record, settings) for record in records])


def write_part(store: PartStore, part: str, rows: list[dict[str, Any]]) -> PartReceipt:
    """Write ``rows`` into a new attempt folder of ``part``; every file is durable before the receipt exists."""
    from fsspec.core import url_to_fs

    folder = f"{store.base}/{part}.{uuid.uuid4().hex[:12]}"
    fs, root = url_to_fs(folder)
    fs.makedirs(root, exist_ok=True)
    files: dict[str, int] = {}
    for name, data, count in _encoded(rows):
        _put(fs, f"{root}/{name}", data)
        files[name] = count
    _sync_folder(fs, root)
    return PartReceipt(part, folder, files, tuple(r["key"] for r in rows if r["ok"]),
                       tuple(r["key"] for r in rows if not r["ok"]))


def _encoded(rows: list[dict[str, Any]]) -> Iterator[tuple[str, bytes, int]]:
    """(file name, bytes, rows) of each non-empty file of a partition."""
    ok = [row for row in rows if row["ok"]]
    bad = [row for row in rows if not row["ok"]]
    for name, subset in ((RESULTS, ok), (ERRORS, bad)):
        if subset:
            lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in subset)
            yield name, lines.encode("utf-8"), len(subset)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    for row in ok:
        for name, table in table_rows(row).items():
            tables[name].extend(table)
    tables["errors"] = [{"key": row["key"], "id": row.get("id"), "error": row.get("error")} for row in bad]
    for name, table in tables.items():
        if table:
            yield f"{name}.parquet", _parquet(name, table), len(table)


def _parquet(name: str, rows: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=table_schema(name)), buffer)
    return buffer.getvalue()


def _is_local(fs: Any) -> bool:
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(fs, LocalFileSystem)


def _put(fs: Any, path: str, data: bytes) -> None:
    """Write one file whole. On a local disk it is fsynced (the commit must not name a file a crash can lose);
    an object store has it once the upload returns."""
    if not _is_local(fs):
        fs.pipe_file(path, data)
        return
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(fs: Any, root: str) -> None:
    """Make the folder's entries durable on a local disk (object stores have no folders to sync)."""
    if _is_local(fs):
        fd = os.open(root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ----------------------------------------------------------------------------------------------------------------
# the client's side
# ----------------------------------------------------------------------------------------------------------------
def open_store(out: Path, url: str) -> PartStore:
    """The run's store at ``url`` (a relative folder made absolute: workers resolve nothing against theirs).

    The run id is made on the first run and kept in ``OUT/parts.json``, so a resumed run writes beside (and
    cleans up after) the one it continues, and two runs given the same URL never touch each other's parts.
    """
    if "://" not in url:
        url = os.path.abspath(url)
    path = out / PARTS_RUN
    if path.exists():
        run = json.loads(path.read_text(encoding="utf-8"))["run"]
    else:
        run = uuid.uuid4().hex
        temp = path.with_name(path.name + ".tmp")
        temp.write_text(json.dumps({"run": run}) + "\n", encoding="utf-8")
        os.replace(temp, path)
    return PartStore(url, run)


def read_receipts(path: Path) -> Iterator[PartReceipt]:
    """The committed receipts of a ``parts.jsonl`` (a torn last line or a damaged one is not a commit)."""
    if not path.exists():
        return
    seen: set[str] = set()
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                return
            try:
                receipt = PartReceipt.from_json(json.loads(raw))
            except (ValueError, UnicodeDecodeError):
                continue
            if receipt is not None and receipt.part not in seen:
                seen.add(receipt.part)
                yield receipt


def remove_uncommitted(store: PartStore, committed: set[str]) -> int:
    """Remove the attempt folders of this run that no receipt names (``committed``: folder names); returns
    how many. Such a folder is a partition written but never committed (the client died first) or a second
    attempt of a committed one; neither is ever read."""
    from fsspec.core import url_to_fs

    fs, base = url_to_fs(store.base)
    if not fs.exists(base):
        return 0
    removed = 0
    for entry in fs.ls(base, detail=False):
        if entry.rstrip("/").rsplit("/", 1)[-1] not in committed:
            fs.rm(entry, recursive=True)
            removed += 1
    return removed


def open_part_file(receipt: PartReceipt, name: str) -> Any:
    """A committed part's file, opened for reading in binary (wherever it is)."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(f"{receipt.path.rstrip('/')}/{name}")
    return fs.open(path, "rb")


def part_rows(receipt: PartReceipt, name: str) -> Iterator[dict[str, Any]]:
    """The rows of a committed part's ``results.jsonl`` or ``errors.jsonl``."""
    if name not in receipt.files:
        return
    with open_part_file(receipt, name) as handle:
        for line in handle:
            yield json.loads(line)


def run_rows(out: str | Path) -> Iterator[dict[str, Any]]:
    """Every row of a run, whichever path wrote it: ``results.jsonl``, ``errors.jsonl``, then each committed part."""
    out = Path(out)
    for name in (RESULTS, ERRORS):
        path = out / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                yield from (json.loads(line) for line in handle if line.endswith("\n"))
    for receipt in read_receipts(out / PARTS):
        for name in (RESULTS, ERRORS):
            yield from part_rows(receipt, name)


def set_part_errors_aside(out: Path) -> int:
    """Move the committed parts' error rows to ``errors.jsonl.retried`` and out of their receipts, so their
    records are audited again (``--retry-errors``); returns how many. The receipts are rewritten through a
    temporary file and an atomic rename."""
    path = out / PARTS
    receipts = list(read_receipts(path))
    failed = [receipt for receipt in receipts if receipt.error_keys]
    if not failed:
        return 0
    with (out / (ERRORS + ".retried")).open("ab") as aside:
        for receipt in failed:
            with open_part_file(receipt, ERRORS) as handle:
                aside.write(handle.read())
        aside.flush()
        os.fsync(aside.fileno())
    kept = [replace(r, error_keys=(), files={n: c for n, c in r.files.items() if n not in ERROR_FILES})
            if r.error_keys else r for r in receipts]
    temp = path.with_name(path.name + ".repair")
    with temp.open("w", encoding="utf-8") as handle:
        handle.writelines(receipt.line() for receipt in kept)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    return sum(len(receipt.error_keys) for receipt in failed)
