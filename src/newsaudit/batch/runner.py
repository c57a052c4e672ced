"""Audit a corpus record by record: in parallel, with bounded memory, losing nothing, resumable.

Every input record ends as one line in ``results.jsonl`` or in ``errors.jsonl``.
Those two files are also the run's ledger: ``--resume`` reads the keys already
written (dropping a last line cut short by a crash) and skips them, so a run
killed at any moment continues without duplicates or gaps.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsaudit.batch.records import BadRecord, Item, Record, absolute_key
from newsaudit.errors import NewsauditError

if TYPE_CHECKING:
    from newsaudit.pipeline import PipelineConfig

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"


@dataclass(frozen=True)
class StageSettings:
    """The stage settings of a run, handed to every task with its records.

    Plain picklable data: it travels to worker processes and to Dask workers on other machines, where
    nothing read from the client's environment would arrive. ``archive`` is the reference archive of the
    provenance stage (an absolute path, at the same path on every worker: a shared filesystem), or None;
    ``booster`` turns the slant stage's MiniLM booster on or off.
    """

    archive: str | None = None
    booster: bool = True

    def __post_init__(self) -> None:
        if self.archive is not None:  # a relative path would be read against each worker's own folder
            object.__setattr__(self, "archive", os.path.abspath(self.archive))

    def pipeline_config(self) -> PipelineConfig:
        """Stage configs built from these settings only, never from the worker's environment."""
        from newsaudit.pipeline import PipelineConfig
        from newsaudit.stages.provenance import ProvenanceConfig
        from newsaudit.stages.slant import SlantConfig

        return PipelineConfig(stage_config={"provenance": ProvenanceConfig(archive=self.archive),
                                            "slant": SlantConfig(booster=self.booster)})


@dataclass
class BatchConfig:
    workers: int = max(1, os.cpu_count() or 1)
    #: records handed to the workers at a time; bounds memory on any corpus size. An engine that can keep
    #: more records busy at once (a large cluster) raises it to its capacity.
    window: int = 256
    resume: bool = False
    limit: int | None = None
    engine: str = "local"  # or "dask"
    scheduler: str | None = None  # a Dask scheduler address; None starts a local cluster
    settings: StageSettings = field(default_factory=StageSettings)


@dataclass
class BatchSummary:
    done: int = 0
    errors: int = 0
    skipped: int = 0  # already in the outputs when resuming


#: One pipeline per settings value, built on first use in each worker process.
_pipelines: dict[StageSettings, Any] = {}


def _pipeline_for(settings: StageSettings) -> Any:
    pipeline = _pipelines.get(settings)
    if pipeline is None:
        from newsaudit.pipeline import Pipeline

        pipeline = _pipelines[settings] = Pipeline(settings.pipeline_config())
    return pipeline


def audit_record(record: Record, settings: StageSettings) -> dict[str, Any]:
    """Audit one record into one output row: a pure function of the record and the settings, so any engine,
    on any machine, can map it."""
    pipeline = _pipeline_for(settings)
    from newsaudit.io.loader import load_bytes, load_text

    try:
        loaded = (load_bytes(record.text, name=record.key) if isinstance(record.text, bytes)
                  else load_text(record.text, name=record.key))
        page = pipeline.audit_loaded(loaded, **record.meta)
    except NewsauditError as exc:
        return {"key": record.key, "id": record.id, "ok": False, "error": str(exc)}
    except Exception as exc:  # a bug must not stop the corpus: report it against the record
        why = f"internal error: {type(exc).__name__}: {exc}"
        return {"key": record.key, "id": record.id, "ok": False, "error": why}
    report = page.to_dict(include_text=False)
    return {"key": record.key, "id": record.id, "ok": True, **report}


def _bad_row(bad: BadRecord) -> dict[str, Any]:
    return {"key": bad.key, "id": bad.id, "ok": False, "error": bad.reason}


def _written_keys(path: Path) -> set[str]:
    """Keys already in an output file; a last line cut short by a crash is removed from the file.

    A relative key, from a run begun before input keys were absolute, counts in its absolute form too,
    taken from the current folder: such a run resumes from the folder it was started in.
    """
    if not path.exists():
        return set()
    keys: set[str] = set()
    good_end = 0
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            try:
                key = json.loads(raw)["key"]
                keys.update((key, absolute_key(key)))
            except (json.JSONDecodeError, KeyError, UnicodeDecodeError):
                break
            good_end += len(raw)
    if good_end < path.stat().st_size:
        with path.open("r+b") as handle:
            handle.truncate(good_end)
    return keys


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
    """Audit every item into ``out_dir``; returns the counts. Raises FileExistsError on a used folder without resume."""
    config = config or BatchConfig()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results_path, errors_path = out / RESULTS, out / ERRORS
    if not config.resume and (results_path.exists() or errors_path.exists()):
        raise FileExistsError(f"{out} already holds a run; pass resume to continue it, or choose another folder")
    done_keys = _written_keys(results_path) | _written_keys(errors_path)
    summary = BatchSummary()
    stream = iter(items)
    if config.limit is not None:
        stream = islice(stream, config.limit)
    from newsaudit.batch.engines import make_engine

    engine = make_engine(config.engine, config.workers, config.scheduler, config.settings)
    try:
        with results_path.open("a", encoding="utf-8") as results, errors_path.open("a", encoding="utf-8") as errors:

            def write(rows: Iterable[dict[str, Any]]) -> None:
                for row in rows:
                    (results if row["ok"] else errors).write(json.dumps(row, ensure_ascii=False) + "\n")
                    if row["ok"]:
                        summary.done += 1
                    else:
                        summary.errors += 1
                    if on_progress:
                        on_progress(summary)
                for handle in (results, errors):  # a window is durable once its rows are written
                    handle.flush()
                    os.fsync(handle.fileno())

            # The next window is submitted before the current one is written, so the workers never wait
            # for the writer: at most two windows are in flight, and a window's rows are all written (in
            # whatever order its tasks finish) before the next window's are.
            running: Iterator[dict[str, Any]] | None = None
            for window in _windows(stream, max(config.window, engine.capacity)):
                todo: list[Record] = []
                for item in window:
                    if item.key in done_keys:
                        summary.skipped += 1
                    elif isinstance(item, BadRecord):
                        errors.write(json.dumps(_bad_row(item), ensure_ascii=False) + "\n")
                        summary.errors += 1
                    else:
                        todo.append(item)
                queued = engine.submit(todo)
                if running is not None:
                    write(running)
                running = queued
            if running is not None:
                write(running)
    finally:
        engine.close()
    return summary
