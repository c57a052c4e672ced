"""Audit a corpus record by record: in parallel, with bounded memory, losing nothing, resumable.

Every input record ends as exactly one line in ``results.jsonl`` or in ``errors.jsonl``:

- those two files are the run's ledger (``ledger.py``): ``--resume`` reads the keys already written, repairing
  a torn or damaged file first, and skips them, so a run killed at any moment continues without duplicates or
  gaps;
- one run at a time holds the folder (``lock.py``), so two runs cannot both write a record;
- a key met twice in the inputs (the same file named twice) is audited once;
- a record over the size limit, over the time limit, or whose worker dies is an error row with the reason.

On a Dask cluster with a shared location (``BatchConfig(parts=URL)``) the workers write their rows themselves
and the client commits only their receipts, to ``parts.jsonl``, a third ledger file (``parts.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newsaudit.batch.ledger import ERRORS, PARTS, RESULTS, LedgerRepair, read_ledger
from newsaudit.batch.lock import locked
from newsaudit.batch.records import BadRecord, Item, Record
from newsaudit.batch.task import StageSettings, failed_row

if TYPE_CHECKING:
    from newsaudit.batch.engines import Engine
    from newsaudit.batch.parts import PartReceipt, PartStore

#: Seconds one record may take before it becomes an error row (local engine). A news page takes well under a
#: second; a 20 MB page about a minute on a loaded core. Only a pathological input comes near this.
DEFAULT_RECORD_TIMEOUT = 300.0


@dataclass
class BatchConfig:
    workers: int = max(1, os.cpu_count() or 1)
    #: records handed to the workers at a time; bounds memory on any corpus size. An engine that can keep
    #: more records busy at once (a large cluster) raises it to its capacity.
    window: int = 256
    resume: bool = False
    #: with resume: audit again the records whose row is an error (say after raising the time limit); their
    #: old error rows move to errors.jsonl.retried
    retry_errors: bool = False
    limit: int | None = None
    engine: str = "local"  # "serial" (this process, no time limit) or "dask"
    scheduler: str | None = None  # a Dask scheduler address; None starts a local cluster
    settings: StageSettings = field(default_factory=StageSettings)
    #: seconds a record may take (local engine); None or 0 for no limit
    record_timeout: float | None = DEFAULT_RECORD_TIMEOUT
    #: Dask only: a folder every worker can reach, or any fsspec URL (``s3://bucket/runs``), where the workers
    #: write their partitions' rows and tables themselves, the client committing only their receipts; None:
    #: the client receives every row and writes it (the client then caps the cluster's rate)
    parts: str | None = None


@dataclass
class BatchSummary:
    done: int = 0
    errors: int = 0
    skipped: int = 0  # already in the outputs when resuming
    repeated: int = 0  # keys met again in this run's inputs (the same input named twice), audited once
    repairs: list[LedgerRepair] = field(default_factory=list)  # ledger files a resume had to repair


def _set_errors_aside(errors_path: Path) -> None:
    """Move the error rows out of the ledger (to errors.jsonl.retried), so their records are audited again."""
    if not errors_path.exists():
        return
    retried = errors_path.with_name(errors_path.name + ".retried")
    with errors_path.open("rb") as source, retried.open("ab") as aside:
        shutil.copyfileobj(source, aside)
        aside.flush()
        os.fsync(aside.fileno())
    errors_path.unlink()


#: Records a task gets at least, once a window is split among many worker threads: a cluster of hundreds of
#: threads would otherwise get one-record tasks, and its scheduler handles a few thousand tasks a second.
RECORDS_PER_TASK = 8


def window_size(configured: int, capacity: int) -> int:
    """Records handed out at a time: the configured window, or enough to give each of ``capacity`` worker
    threads a task of :data:`RECORDS_PER_TASK` records."""
    return max(configured, capacity * RECORDS_PER_TASK)


def _windows(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while True:
        window = list(islice(items, size))
        if not window:
            return
        yield window


def run_batch(
    items: Iterable[Item],
    out_dir: str | Path,
    config: BatchConfig | None = None,
    on_progress: Callable[[BatchSummary], None] | None = None,
) -> BatchSummary:
    """Audit every item into ``out_dir``; returns the counts.

    Raises FileExistsError on a used folder without resume, and FolderLocked while another run holds it.
    """
    config = config or BatchConfig()
    out = Path(out_dir)
    with locked(out):
        return _run_locked(items, out, config, on_progress)


def _run_locked(items: Iterable[Item], out: Path, config: BatchConfig,
                on_progress: Callable[[BatchSummary], None] | None) -> BatchSummary:
    results_path, errors_path = out / RESULTS, out / ERRORS
    if not config.resume and any(path.exists() for path in (results_path, errors_path, out / PARTS)):
        raise FileExistsError(f"{out} already holds a run; resume it (--resume, or BatchConfig(resume=True)) "
                              "or choose another folder")
    if config.parts is not None and config.engine != "dask":
        raise ValueError("workers write their own results (parts) on the Dask engine only")
    summary = BatchSummary()
    if config.resume and config.retry_errors:
        _set_errors_aside(errors_path)
    ledgers = [read_ledger(results_path), read_ledger(errors_path), *_parts_ledger(out, config)]
    summary.repairs = [ledger for ledger in ledgers if ledger.changed]
    done_keys: set[str] = set().union(*(ledger.keys for ledger in ledgers))
    stream = iter(items)
    if config.limit is not None:
        stream = islice(stream, config.limit)
    from newsaudit.batch.engines import make_engine

    engine = make_engine(config.engine, config.workers, config.scheduler, config.settings, config.record_timeout)
    try:
        store = _open_parts(out, config.parts) if config.parts is not None else None
        with _Ledger(out, summary, on_progress, store) as ledger:
            _feed(engine, ledger, _windows(stream, window_size(config.window, engine.capacity)), done_keys, summary)
        if store is not None:  # second attempts of committed partitions, if Dask ran a task twice
            from newsaudit.batch.parts import remove_uncommitted

            remove_uncommitted(store, ledger.committed)
    finally:
        engine.close()
    return summary


def _parts_ledger(out: Path, config: BatchConfig) -> list[LedgerRepair]:
    """The ledger of committed partitions, when the run has one; with retry_errors their error rows set aside."""
    if not (out / PARTS).exists():
        return []
    from newsaudit.batch.parts import receipt_keys, set_part_errors_aside

    ledger = read_ledger(out / PARTS, keys_of=receipt_keys)
    if config.resume and config.retry_errors and set_part_errors_aside(out):
        ledger.keys = read_ledger(out / PARTS, repair=False, keys_of=receipt_keys).keys
    return [ledger]


def _open_parts(out: Path, url: str) -> PartStore:
    """The run's shared location, cleared of the partitions a killed run wrote but never committed."""
    from newsaudit.batch.parts import open_store, read_receipts, remove_uncommitted

    store = open_store(out, url)
    remove_uncommitted(store, {receipt.folder_name() for receipt in read_receipts(out / PARTS)})
    return store


def _feed(engine: Engine, ledger: _Ledger, windows: Iterator[list[Item]], done_keys: set[str],
          summary: BatchSummary) -> None:
    """Hand each window's new records to the engine and its outcome to the ledger.

    The next window is submitted before the current one is written, so the workers never wait for the
    writer: at most two windows are in flight, and a window's rows (or receipts) are all written, in whatever
    order its tasks finish, before the next window's are.
    """
    seen: set[str] = set()  # keys first met in this run, so a repeated input is audited once
    session = uuid.uuid4().hex[:8]  # part ids stay unique across the resumes of a run
    running: Iterator[Any] | None = None
    for number, window in enumerate(windows):
        todo, bad = _new_records(window, done_keys, seen, summary)
        if ledger.store is None:
            queued: Iterator[Any] = engine.submit(todo)
        else:
            queued = _dask(engine).submit_parts(todo, ledger.store, f"{session}-{number:06d}")
        if running is not None:
            ledger.take(running)
        ledger.rows(bad)
        running = queued
    if running is not None:
        ledger.take(running)


def _dask(engine: Engine) -> Any:
    from newsaudit.batch.engines import DaskEngine

    if not isinstance(engine, DaskEngine):
        raise ValueError("workers write their own results (parts) on the Dask engine only")
    return engine


def _new_records(window: list[Item], done_keys: set[str], seen: set[str],
                 summary: BatchSummary) -> tuple[list[Record], list[dict[str, Any]]]:
    """The window's records to audit, and the error rows of those that could not be read."""
    todo: list[Record] = []
    bad: list[dict[str, Any]] = []
    for item in window:
        if item.key in done_keys:
            summary.skipped += 1
            continue
        if item.key in seen:
            summary.repeated += 1
            continue
        seen.add(item.key)
        if isinstance(item, BadRecord):
            bad.append(failed_row(item, item.reason))
        else:
            todo.append(item)
    return todo, bad


class _Ledger:
    """The run's open ledger files. Whatever a call hands it is durable (fsynced) when the call returns."""

    def __init__(self, out: Path, summary: BatchSummary, on_progress: Callable[[BatchSummary], None] | None,
                 store: PartStore | None) -> None:
        self.out, self.summary, self.on_progress, self.store = out, summary, on_progress, store
        self.committed: set[str] = set()  # folder names of the partitions committed (parts only)
        self._files = ExitStack()

    def __enter__(self) -> _Ledger:
        self.results = self._open(RESULTS)
        self.errors = self._open(ERRORS)
        self.parts = self._open(PARTS) if self.store is not None else None
        if self.store is not None:
            from newsaudit.batch.parts import read_receipts

            self.committed = {receipt.folder_name() for receipt in read_receipts(self.out / PARTS)}
        return self

    def __exit__(self, *exc: object) -> None:
        self._files.close()

    def _open(self, name: str) -> TextIO:
        return self._files.enter_context((self.out / name).open("a", encoding="utf-8"))

    def take(self, outcome: Iterable[Any]) -> None:
        """A window's outcome: rows, or receipts when the workers wrote the rows."""
        if self.store is None:
            self.rows(outcome)
        else:
            self.receipts(outcome)

    def rows(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            (self.results if row["ok"] else self.errors).write(json.dumps(row, ensure_ascii=False) + "\n")
            if row["ok"]:
                self.summary.done += 1
            else:
                self.summary.errors += 1
            if self.on_progress:
                self.on_progress(self.summary)
        self._sync(self.results, self.errors)  # a window is durable once its rows are written

    def receipts(self, receipts: Iterable[PartReceipt]) -> None:
        """Commit partitions the workers wrote: a receipt's line in parts.jsonl is what makes its rows count."""
        assert self.parts is not None
        for receipt in receipts:
            self.parts.write(receipt.line())
            self.committed.add(receipt.folder_name())
            self.summary.done += len(receipt.keys)
            self.summary.errors += len(receipt.error_keys)
            if self.on_progress:
                self.on_progress(self.summary)
        self._sync(self.parts)

    @staticmethod
    def _sync(*handles: TextIO) -> None:
        for handle in handles:
            handle.flush()
            os.fsync(handle.fileno())
