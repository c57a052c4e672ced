"""Corpus jobs: a corpus uploaded to ``POST /v1/jobs``, audited in the background by the batch runner.

A job is handed to :func:`newsaudit.batch.runner.run_batch` with ``resume=True`` -- the runner, ledger and
folder lock of ``newsaudit batch --resume`` -- so it keeps that command's guarantees: every record ends as
exactly one row of ``results.jsonl`` or ``errors.jsonl``, and a job cut short at any moment (a server killed
or shut down, a machine rebooted) continues from its ledger when a server starts again on the same jobs
folder, losing and repeating nothing.

Each job has a folder of its own, ``JOBS/<id>/`` (the id is 32 hexadecimal digits, checked before any path is
made from it):

- ``job.json``: what the job is and how far it got, replaced atomically, so any server process can read it;
- ``input.csv`` or ``input.jsonl``: the corpus as uploaded (the server never reads a path or URL a request names);
- ``out/``: the batch run (``results.jsonl``, ``errors.jsonl``, ``tables/*.parquet``, ``results.duckdb``).

Jobs audit in the server process (the batch runner's serial engine) on at most ``max_jobs`` threads, so
they share the models the process has loaded and no request waits for them; a job has the size limit per
record but, unlike ``newsaudit batch``'s worker processes, no time limit per record. How a job is shown to
clients (``JobView``) and its upload documented is ``schemas.py``'s.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields, replace
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Literal

import anyio
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from newsaudit.batch.ledger import read_ledger
from newsaudit.batch.lock import FolderLocked, locked
from newsaudit.batch.records import BadRecord, Item, read_input
from newsaudit.batch.runner import ERRORS, RESULTS, BatchConfig, BatchSummary, StageSettings, run_batch
from newsaudit.errors import NewsauditError
from newsaudit.io.loader import DEFAULT_MAX_BYTES

log = logging.getLogger("newsaudit.service.jobs")

STATE = "job.json"
OUT = "out"
UNFINISHED = ("queued", "running")
#: the Parquet tables of a done job's results (``batch/tables.py``); its ``errors`` table is the errors download
ResultTable = Literal["pages", "blocks", "comments", "findings", "sources"]
_ID = re.compile(r"[0-9a-f]{32}")
_CONTENT_TYPES = {"text/csv": "csv", "application/csv": "csv", "application/x-ndjson": "jsonl",
                  "application/jsonl": "jsonl", "application/x-jsonlines": "jsonl", "application/jsonlines": "jsonl",
                  "application/json": "jsonl"}


class UnknownJob(LookupError):
    """No job with this id (or an id that could not be one): the routes answer 404."""


class JobStopped(Exception):
    """Raised in the batch runner's progress callback to stop a job when the server shuts down."""


def default_jobs_dir(environ: Mapping[str, str]) -> Path:
    """``$XDG_DATA_HOME/newsaudit/jobs`` (``~/.local/share/newsaudit/jobs``): the same folder whatever folder
    the server is started from, so a restarted server finds its unfinished jobs."""
    base = environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "newsaudit" / "jobs"


# ----------------------------------------------------------------------------------------------------------------
# what a job is
# ----------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobOptions:
    """The batch options a request may set (as ``newsaudit batch --policy --no-encoder --no-booster --limit``)."""

    policy: str = "balanced"
    encoder: bool = True
    booster: bool = True
    limit: int | None = None

    def stage_settings(self, max_bytes: int, archive: str | None) -> StageSettings:
        return StageSettings(archive=archive, booster=self.booster, max_bytes=max_bytes, policy=self.policy,
                             comment_encoder=self.encoder)


@dataclass
class JobState:
    """The contents of ``job.json``. Counts are of rows in the job's ledger, so they add up across restarts."""

    id: str
    name: str  # the corpus's name as uploaded (a base name); record keys begin with it
    input_format: str  # csv | jsonl
    options: JobOptions
    created: float
    status: str = "queued"  # queued | running | done | failed
    started: float | None = None  # the first run
    finished: float | None = None
    seconds: float = 0.0  # time spent running, all runs together
    runs: int = 0  # times the runner started on the job: more than one when it was resumed
    total: int | None = None  # records in the corpus (up to the limit), counted when it first runs
    pages: int = 0
    errors: int = 0
    already_done: int = 0  # records in the ledger when the latest run began (a resumed job's earlier work)
    message: str | None = None  # why a job failed or stopped

    @property
    def input_file(self) -> str:
        return f"input.{self.input_format}"

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, **asdict(self)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> JobState:
        known = {f.name for f in fields(cls)} - {"options"}
        return cls(options=JobOptions(**raw.get("options", {})), **{k: v for k, v in raw.items() if k in known})


# ----------------------------------------------------------------------------------------------------------------
# the jobs folder
# ----------------------------------------------------------------------------------------------------------------
class JobStore:
    """Job folders under ``root``; every path is made from a checked id, never from what a request names."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(os.path.abspath(root))

    def folder(self, job_id: str) -> Path:
        if not _ID.fullmatch(job_id):
            raise UnknownJob(job_id)
        return self.root / job_id

    def load(self, job_id: str) -> JobState:
        path = self.folder(job_id) / STATE
        try:
            return JobState.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise UnknownJob(job_id) from None
        except (OSError, ValueError, TypeError) as exc:  # a hand-edited or foreign file: not a job we can show
            log.warning("%s: unreadable job state (%s)", path, exc)
            raise UnknownJob(job_id) from None

    def save(self, state: JobState) -> None:
        """Replace ``job.json`` atomically: a reader sees the old state or the new one, never half of one."""
        folder = self.folder(state.id)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix=".job-", suffix=".tmp",
                                         delete=False) as handle:
            json.dump(state.to_dict(), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, folder / STATE)

    def all(self) -> list[JobState]:
        """Every readable job, oldest first; folders without a state (an upload cut short) are skipped."""
        if not self.root.is_dir():
            return []
        states = []
        for path in self.root.iterdir():
            if _ID.fullmatch(path.name) and (path / STATE).exists():
                try:
                    states.append(self.load(path.name))
                except UnknownJob:
                    continue
        return sorted(states, key=lambda s: s.created)

    def reserve(self) -> tuple[str, Path]:
        """A new job id and its empty folder, for the upload to be written into."""
        job_id = uuid.uuid4().hex
        folder = self.root / job_id
        folder.mkdir(parents=True)
        return job_id, folder

    def discard(self, job_id: str) -> None:
        shutil.rmtree(self.folder(job_id), ignore_errors=True)

    def create(self, job_id: str, upload: Path, upload_name: str | None, content_type: str,
               options: JobOptions, input_format: str | None = None) -> JobState:
        """Make the uploaded file a queued job: its format decided, its name kept, its state written last (a
        folder without ``job.json`` is an upload that never finished and is never run)."""
        if upload.stat().st_size == 0:
            raise NewsauditError("the corpus is empty")
        with upload.open("rb") as handle:
            head = handle.read(4096)
        fmt = corpus_format(input_format, content_type, upload_name or "", head)
        state = JobState(id=job_id, name=corpus_name(upload_name, fmt), input_format=fmt, options=options,
                         created=time.time())
        upload.rename(self.folder(job_id) / state.input_file)
        self.save(state)
        return state

    def records(self, state: JobState) -> Iterator[Item]:
        """The corpus's records, keyed by its uploaded name (``corpus.csv:row 3``) so that no row, table or
        error message shows where the server keeps its jobs."""
        path = self.folder(state.id) / state.input_file
        prefix = str(path)
        for item in read_input(path):
            key = state.name + item.key[len(prefix):] if item.key.startswith(prefix) else item.key
            if isinstance(item, BadRecord):
                item = replace(item, key=key, id=state.name if item.id == path.name else item.id,
                               reason=item.reason.replace(prefix, state.name))
            else:
                item = replace(item, key=key)
            yield item

    def count(self, state: JobState) -> int:
        """Records the job will account for: a reading pass, cheap next to auditing them."""
        limit = state.options.limit
        return sum(1 for _ in islice(self.records(state), limit))

    def output(self, state: JobState, kind: str, fmt: str, table: str = "pages") -> Path:
        """The file a download serves: ``results`` or ``errors``, as JSONL or a Parquet table."""
        if state.status != "done":
            where = f" ({state.message})" if state.message else ""
            raise HTTPException(409, f"job {state.id} is {state.status}{where}: its {kind} can be downloaded "
                                     "when it is done")
        out = self.folder(state.id) / OUT
        if fmt == "jsonl":
            path = out / (RESULTS if kind == "results" else ERRORS)
        else:
            path = out / "tables" / f"{table if kind == 'results' else 'errors'}.parquet"
        if not path.is_file():
            raise HTTPException(404, f"job {state.id} has no {path.name}")
        return path


def corpus_format(explicit: str | None, content_type: str, name: str, head: bytes) -> str:
    """CSV or JSONL: as the request says, else from its content type, its file name, or its first bytes."""
    if explicit:
        return explicit
    by_type = _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())
    if by_type:
        return by_type
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def corpus_name(filename: str | None, fmt: str) -> str:
    """The base name of the uploaded file, printable and short (a client's name is never a path here)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()[:200]
    return base if base.strip(".") else f"corpus.{fmt}"


async def receive_corpus(request: Request, target: Path) -> tuple[str | None, str]:
    """Write the request's corpus to ``target``: a multipart ``file`` field or the raw body, streamed to disk
    (the body limit of ``service/limits.py`` applies as it arrives). Returns the file name and content type."""
    content_type = request.headers.get("content-type", "")
    if content_type.lower().startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=100) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise HTTPException(422, "a multipart upload needs the corpus in a field named 'file'")
            await anyio.to_thread.run_sync(_copy, upload.file, target)
            return upload.filename, upload.content_type or ""
    with target.open("wb") as out:
        async for chunk in request.stream():
            out.write(chunk)
    return None, content_type


def _copy(source: BinaryIO, target: Path) -> None:
    source.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)


# ----------------------------------------------------------------------------------------------------------------
# running jobs
# ----------------------------------------------------------------------------------------------------------------
class _Progress:
    """The batch runner's progress callback: keeps ``job.json`` current (at most every ``every`` seconds) and
    stops the run, once the row in hand is written, when the server shuts down."""

    def __init__(self, store: JobStore, state: JobState, stop: threading.Event, every: float) -> None:
        self.store, self.state, self.stop, self.every = store, state, stop, every
        self.pages, self.errors, self.seconds = state.pages, state.errors, state.seconds
        self.began = self.saved = time.monotonic()

    def __call__(self, summary: BatchSummary) -> None:
        self.count(summary)
        if time.monotonic() - self.saved >= self.every:
            self.store.save(self.state)
            self.saved = time.monotonic()
        if self.stop.is_set():
            raise JobStopped

    def count(self, summary: BatchSummary) -> None:
        self.state.pages = self.pages + summary.done
        self.state.errors = self.errors + summary.errors
        self.tick()

    def tick(self) -> None:
        self.state.seconds = self.seconds + time.monotonic() - self.began


class JobRunner:
    """Runs jobs on at most ``max_jobs`` threads of this process; :meth:`start` resumes unfinished ones.

    With several server processes on one jobs folder, each resumes what it finds at start; the batch runner's
    folder lock lets one of them run a job and the others pass it by."""

    def __init__(self, store: JobStore, max_jobs: int = 1, max_bytes: int = DEFAULT_MAX_BYTES,
                 archive: str | None = None, save_every: float = 0.5) -> None:
        self.store = store
        self.max_jobs = max(1, max_jobs)
        self.max_bytes = max_bytes
        self.archive = archive
        self.save_every = save_every
        self._stop = threading.Event()
        self._guard = threading.Lock()
        self._active: set[str] = set()
        self._pool: ThreadPoolExecutor | None = None

    def start(self) -> list[str]:
        """Queue every unfinished job found in the jobs folder (a restart resumes them); returns their ids."""
        self._stop.clear()
        unfinished = [state.id for state in self.store.all() if state.status in UNFINISHED]
        for job_id in unfinished:
            self.submit(job_id)
        if unfinished:
            log.info("resuming %d unfinished job(s)", len(unfinished))
        return unfinished

    def submit(self, job_id: str) -> None:
        with self._guard:
            if job_id in self._active:
                return
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.max_jobs, thread_name_prefix="newsaudit-job")
            self._active.add(job_id)
            self._pool.submit(self._run, job_id)

    def stop(self) -> None:
        """Stop running jobs after their current record and drop queued ones: all stay resumable."""
        self._stop.set()
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        with self._guard:
            self._active.clear()

    def _run(self, job_id: str) -> None:
        try:
            out = self.store.folder(job_id) / OUT
            with locked(out, command=f"newsaudit serve (job {job_id})"):
                self._run_held(job_id, out)
        except FolderLocked:
            log.info("job %s is being run by another server process", job_id)
        except Exception:  # the thread must never die silently
            log.exception("job %s could not be run", job_id)
        finally:
            with self._guard:
                self._active.discard(job_id)

    def _run_held(self, job_id: str, out: Path) -> None:
        state = self.store.load(job_id)
        if state.status not in UNFINISHED or self._stop.is_set():
            return
        progress = self._begin(state, out)
        try:
            summary = run_batch(self.store.records(state), out, self._config(state), on_progress=progress)
            from newsaudit.batch.tables import export_tables

            export_tables(out)
        except JobStopped:
            state.status, state.message = "queued", "stopped by a server shutdown; resumes when a server starts again"
        except Exception as exc:  # a full disk, an unreadable archive, a bug: the job says why
            log.exception("job %s failed", job_id)
            state.status, state.message = "failed", _reason(exc)
        else:
            progress.count(summary)
            state.status, state.message, state.finished = "done", None, time.time()
        progress.tick()
        self.store.save(state)

    def _begin(self, state: JobState, out: Path) -> _Progress:
        """Mark the job running, its counts taken from its ledger (repaired as ``--resume`` repairs it)."""
        results, errors = read_ledger(out / RESULTS), read_ledger(out / ERRORS)
        state.status, state.message = "running", None
        state.runs += 1
        state.started = state.started or time.time()
        state.pages, state.errors = results.rows, errors.rows
        state.already_done = results.rows + errors.rows
        if state.total is None:
            state.total = self.store.count(state)
        self.store.save(state)
        return _Progress(self.store, state, self._stop, self.save_every)

    def _config(self, state: JobState) -> BatchConfig:
        archive = self.archive if self.archive and Path(self.archive).exists() else None
        settings = state.options.stage_settings(self.max_bytes, archive)
        return BatchConfig(workers=1, engine="serial", resume=True, limit=state.options.limit, settings=settings,
                           record_timeout=None)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, NewsauditError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"writing the job's outputs failed ({exc.strerror or exc}); its rows so far are kept"
    return f"internal error ({type(exc).__name__})"
