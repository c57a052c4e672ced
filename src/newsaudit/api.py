"""The one-call helpers: :func:`audit` for one page, :func:`audit_many` for a collection, in order.

Given no pipeline they use the default one with the settings the command line would read from the
environment (``settings.py``), so a notebook gets what ``newsaudit audit`` gives in the same shell; a
:class:`~newsaudit.pipeline.Pipeline` or :class:`~newsaudit.pipeline.PipelineConfig` passed in reads nothing
from it. Records are read as ``newsaudit batch`` reads a JSONL line (``batch/records.py``), and a bad one is a
:class:`~newsaudit.errors.RecordError` naming it, raised, skipped or handed back as the caller chooses.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

from newsaudit.errors import InputError, NewsauditError, RecordError
from newsaudit.page import Page
from newsaudit.settings import EnvSettings, read_env

if TYPE_CHECKING:
    from newsaudit.batch.records import Record
    from newsaudit.pipeline import Pipeline, PipelineConfig

#: What :func:`audit_many` takes: a page's text or bytes, a record (a mapping with a text field, as a JSONL
#: line of ``newsaudit batch``), a batch :class:`~newsaudit.batch.records.Record`, or a path to a page file.
Item: TypeAlias = "str | bytes | Mapping[str, Any] | Record | os.PathLike[str]"
Errors = Literal["raise", "skip", "return"]
#: One page to audit, as a worker gets it: position, text, meta (with its name, and id when it has one).
_Task: TypeAlias = tuple[int, "str | bytes", dict[str, Any]]

#: The pipelines the helpers built, one per environment setting, each built on first use.
_pipelines: dict[EnvSettings, Pipeline] = {}


def default_pipeline(booster: bool | None = None) -> Pipeline:
    """The pipeline :func:`audit` and :func:`audit_many` use when given none: every stage, set as the command
    line sets it from the environment (``NEWSAUDIT_SLANT_BOOSTER``, ``NEWSAUDIT_COMMENT_ENCODER``,
    ``NEWSAUDIT_ARCHIVE``); ``booster`` overrides the first. Built once per setting and kept."""
    from newsaudit.pipeline import Pipeline, PipelineConfig

    env = read_env(os.environ)
    if booster is not None:
        env = dataclasses.replace(env, booster=booster)
    pipeline = _pipelines.get(env)
    if pipeline is None:
        pipeline = _pipelines[env] = Pipeline(PipelineConfig(stage_config=env.stage_config()))
    return pipeline


def _pipeline(pipeline: Pipeline | PipelineConfig | None, booster: bool | None) -> Pipeline:
    from newsaudit.pipeline import Pipeline, PipelineConfig

    if pipeline is None:
        return default_pipeline(booster)
    if booster is not None:
        raise ValueError("pass booster or pipeline, not both: a pipeline's configs already say whether the "
                         "boosters run (SlantConfig.booster, ClaimsConfig.minilm)")
    if isinstance(pipeline, PipelineConfig):
        return Pipeline(pipeline)
    if isinstance(pipeline, Pipeline):
        return pipeline
    raise TypeError(f"pipeline must be a Pipeline or a PipelineConfig, not {type(pipeline).__name__}")


def audit(text_or_html: str | bytes, *, booster: bool | None = None,
          pipeline: Pipeline | PipelineConfig | None = None, **meta: Any) -> Page:
    """Audit one page (text dump or HTML; bytes are decoded as the command line decodes a file).

    ``booster=False`` reads slant spans with the word-vector student instead of the MiniLM booster (the audit
    about 24 times faster, span F1 0.401 instead of 0.416) and check-worthiness with the hashed head; None
    keeps the default, on unless ``NEWSAUDIT_SLANT_BOOSTER=0``. ``pipeline`` audits with that pipeline instead
    (nothing then comes from the environment). Other keywords go into ``page.meta`` (``title``, ``url``,
    ``name``, ...). Raises :class:`~newsaudit.errors.InputError` for input that cannot be audited.
    """
    from newsaudit.io.loader import load_bytes

    chosen = _pipeline(pipeline, booster)
    if isinstance(text_or_html, bytes):
        name = str(meta.get("name", "<input>"))
        return chosen.audit_loaded(load_bytes(text_or_html, name=name, max_bytes=chosen.config.max_bytes), **meta)
    return chosen.audit(text_or_html, **meta)


@overload
def audit_many(items: Iterable[Item], *, pipeline: Pipeline | PipelineConfig | None = ...,
               booster: bool | None = ..., workers: int = ..., chunk_size: int = ...,
               errors: Literal["raise", "skip"] = ...) -> Iterator[Page]: ...
@overload
def audit_many(items: Iterable[Item], *, pipeline: Pipeline | PipelineConfig | None = ...,
               booster: bool | None = ..., workers: int = ..., chunk_size: int = ...,
               errors: Literal["return"]) -> Iterator[Page | RecordError]: ...
def audit_many(items: Iterable[Item], *, pipeline: Pipeline | PipelineConfig | None = None,
               booster: bool | None = None, workers: int = 1, chunk_size: int = 8,
               errors: Errors = "raise") -> Iterator[Page] | Iterator[Page | RecordError]:
    """Audit every item, yielding its :class:`~newsaudit.page.Page` in input order, one at a time.

    An item is a page's text (``str``) or bytes, a record — a mapping with the page in one of the fields
    ``newsaudit batch`` reads (``content``, ``text``, ``body``, ``html``, ``article``), its ``id``, and metadata
    kept in ``page.meta`` (``title``, ``url``, ``domain``, ``type``, ``authors``, ``scraped_at``, ``source``,
    and ``name``) — or a path to a page file. A pandas DataFrame is read as records, row by row. Each page's
    ``meta["name"]`` is the record's name, else its id, else ``"item N"`` (N its position from 0), and
    ``meta["id"]`` its id. ``booster`` and ``pipeline`` are as for :func:`audit`.

    ``workers`` > 1 audits in that many processes, ``chunk_size`` items per task, a few tasks ahead of the
    reader (memory stays bounded on any number of items); each process builds the pipeline from its config
    once (a :class:`Pipeline`'s ``config``: stages or models set on the object itself stay in this process).

    ``errors`` says what an item that cannot be audited (empty, binary, too large, a record without text)
    does: ``"raise"`` its :class:`~newsaudit.errors.RecordError` when its turn comes, ``"skip"`` leave it out,
    ``"return"`` yield the error in its place, so the output lines up with the input (:func:`to_frame` puts
    such errors in its ``errors`` table). Other exceptions (a bug) are always raised.
    """
    if errors not in ("raise", "skip", "return"):
        raise ValueError(f"errors must be 'raise', 'skip' or 'return', not {errors!r}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a whole number of at least 1, not {chunk_size!r}")
    if isinstance(items, str | bytes | Mapping):
        raise TypeError("audit_many takes a collection of pages (a list of texts or records); for one page "
                        "use audit()")
    chosen = _pipeline(pipeline, booster)  # a bad stage name or config fails here, before any work
    tasks = (_task(index, item) for index, item in enumerate(_rows(items)))
    results = _in_process(chosen, tasks) if workers == 1 else _in_workers(chosen, tasks, workers, chunk_size)
    return _handled(results, errors)


def _handled(results: Iterator[Page | RecordError], errors: Errors) -> Iterator[Any]:
    for result in results:
        if isinstance(result, RecordError):
            if errors == "raise":
                raise result
            if errors == "skip":
                continue
        yield result


def _rows(items: Iterable[Any]) -> Iterable[Any]:
    """The items; a DataFrame (which iterates over its column names) as one record per row."""
    columns = getattr(items, "columns", None)
    if columns is not None and hasattr(items, "itertuples"):
        names = [str(column) for column in columns]
        return (dict(zip(names, row, strict=True)) for row in items.itertuples(index=False, name=None))
    return items


def _missing(value: Any) -> bool:
    """None, NaN, or pandas' NA and NaT: a cell with nothing in it."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        type(value).__name__ in ("NAType", "NaTType"))


def _task(index: int, item: Any) -> _Task | RecordError:
    """What a worker audits for ``item``, or the error naming it when it cannot even be read as a page."""
    from newsaudit.batch.records import BadRecord, Record, read_page_file, record_from_mapping

    name = f"item {index}"
    if isinstance(item, str | bytes):
        return index, item, {"name": name}
    if isinstance(item, os.PathLike):
        from pathlib import Path

        item = next(read_page_file(Path(item)))
    elif isinstance(item, Mapping):
        row = {str(key): value for key, value in item.items() if not _missing(value)}
        given = row["name"] if isinstance(row.get("name"), str) and row["name"] else None
        record = record_from_mapping(row, given or name, "")
        item = record if isinstance(record, BadRecord) or given is None else dataclasses.replace(
            record, meta={**record.meta, "name": given})
    if isinstance(item, BadRecord):
        named = None if item.key == name else item.key  # a record's name, a page file's path
        return RecordError(index, item.reason, named or item.id or None, item.id or None)
    if isinstance(item, Record):
        meta = {**item.meta, "name": str(item.meta.get("name") or item.id or name)}
        if item.id:
            meta["id"] = item.id
        return index, item.text, meta
    return RecordError(index, f"expected a page's text (str or bytes), a record (a mapping with a text field) or "
                              f"a path, not {type(item).__name__}")


def _audit_task(pipeline: Pipeline, task: _Task | RecordError) -> Page | RecordError:
    """One page audited, or the error that names it (an input newsaudit refuses; a bug is raised)."""
    if isinstance(task, RecordError):
        return task
    from newsaudit.io.loader import load_bytes, load_text

    index, text, meta = task
    name, limit = meta["name"], pipeline.config.max_bytes
    try:
        loaded = (load_bytes(text, name=name, max_bytes=limit) if isinstance(text, bytes)
                  else load_text(text, name=name, max_bytes=limit))
        return pipeline.audit_loaded(loaded, **meta)
    except NewsauditError as exc:
        reason = exc.reason if isinstance(exc, InputError) else str(exc)
        return RecordError(index, reason, None if name == f"item {index}" else name, meta.get("id"))


def _in_process(pipeline: Pipeline, tasks: Iterator[_Task | RecordError]) -> Iterator[Page | RecordError]:
    for task in tasks:
        yield _audit_task(pipeline, task)


# -- worker processes --------------------------------------------------------------------------------------------
#: The pipeline of this worker process, built once by :func:`_start_worker`.
_worker_pipeline: Pipeline | None = None


def _start_worker(config: PipelineConfig, stages: dict[str, tuple[Any, type | None]]) -> None:
    """Build the worker's pipeline; the stages registered in the parent are registered here too (a process
    started fresh, not forked, has only the built-in ones and the entry points)."""
    from newsaudit.pipeline import Pipeline, register_stage

    global _worker_pipeline
    for name, (factory, config_cls) in stages.items():
        register_stage(name, factory, config_cls, replace=True)
    _worker_pipeline = Pipeline(config)


def _audit_chunk(chunk: list[_Task | RecordError]) -> list[Page | RecordError]:
    assert _worker_pipeline is not None, "worker started without _start_worker"
    return [_audit_task(_worker_pipeline, task) for task in chunk]


def _in_workers(pipeline: Pipeline, tasks: Iterator[_Task | RecordError], workers: int,
                chunk_size: int) -> Iterator[Page | RecordError]:
    """Chunks audited in ``workers`` processes, yielded in input order with at most two chunks per worker in
    flight; stopping early cancels what has not started."""
    from newsaudit.pipeline import BUILT_IN_STAGES, STAGES

    used = {*pipeline.config.stages, *pipeline.config.stage_config}
    custom = {name: STAGES[name] for name in used if name not in BUILT_IN_STAGES}
    pending: deque[Future[list[Page | RecordError]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                             initargs=(pipeline.config, custom)) as pool:
        try:
            while chunk := list(islice(tasks, chunk_size)):
                pending.append(pool.submit(_audit_chunk, chunk))
                if len(pending) >= 2 * workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
