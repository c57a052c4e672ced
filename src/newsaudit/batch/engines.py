"""Where records are audited: in this process, in a local process pool, or on a Dask cluster.

An engine only maps :func:`~newsaudit.batch.runner.audit_record`, a pure function of one record and the
run's :class:`~newsaudit.batch.runner.StageSettings`, over a window of records; the settings go with every
task (never through the environment, which workers on other machines do not share). Writing, resuming and
accounting stay in the runner, so every engine produces the same outputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, Protocol

from newsaudit.batch.records import Record
from newsaudit.batch.runner import StageSettings, audit_record
from newsaudit.errors import NewsauditError


def audit_partition(records: list[Record], settings: StageSettings) -> list[dict[str, Any]]:
    """One task's work on a cluster: a partition of records in, their rows out."""
    return [audit_record(record, settings) for record in records]


def archive_problem(path: str) -> str | None:
    """Why the archive at ``path`` cannot be read on this machine, or None. Runs on each worker."""
    from newsaudit.provenance.archive import Archive

    try:
        Archive(path).close()
    except NewsauditError as exc:
        return str(exc)
    return None


def require_archive_on_workers(client: Any, path: str) -> None:
    """Raise unless every worker of a Dask ``client`` can read the archive at ``path``, naming those that cannot."""
    answers: dict[str, str | None] = client.run(archive_problem, path)
    missing = {worker: why for worker, why in answers.items() if why}
    if missing:
        workers = ", ".join(sorted(missing))
        raise NewsauditError(
            f"the archive {path} cannot be read on {len(missing)} of {len(answers)} Dask workers ({workers}): "
            f"{next(iter(missing.values()))}. The archive must be at the same path on every worker "
            "(a shared filesystem).")


def _require_archive_here(settings: StageSettings) -> None:
    why = archive_problem(settings.archive) if settings.archive else None
    if why:
        raise NewsauditError(why)


class Engine(Protocol):
    @property
    def capacity(self) -> int:
        """Records the engine can keep busy at once; the runner's windows are at least this large."""
        ...

    def submit(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        """Start auditing ``records`` now (where the engine runs in parallel); their rows come from the iterator."""
        ...

    def close(self) -> None: ...


class SerialEngine:
    capacity = 1

    def __init__(self, settings: StageSettings) -> None:
        _require_archive_here(settings)
        self.settings = settings

    def submit(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        return (audit_record(record, self.settings) for record in records)

    def close(self) -> None:
        pass


class ProcessEngine:
    chunksize = 8

    def __init__(self, workers: int, settings: StageSettings) -> None:
        _require_archive_here(settings)
        self.task = partial(audit_record, settings=settings)
        self.executor = ProcessPoolExecutor(workers)
        self.capacity = workers * self.chunksize

    def submit(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        return self.executor.map(self.task, records, chunksize=self.chunksize)  # submits every chunk now

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


class DaskEngine:
    """Partitions of a window go out as tasks, at least one per worker thread; rows come back as tasks finish."""

    def __init__(self, settings: StageSettings, scheduler: str | None = None, workers: int = 1,
                 partition_size: int = 64) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1,
                                                          dashboard_address=None)
        self.client = Client(scheduler or self.cluster)
        self.settings = settings
        self.partition_size = partition_size
        try:
            if settings.archive:
                require_archive_on_workers(self.client, settings.archive)
        except BaseException:
            self.close()
            raise

    @property
    def capacity(self) -> int:
        """The cluster's worker threads: a window of at least this many records keeps every thread busy."""
        return max(1, sum(self.client.nthreads().values()))

    def partitions(self, records: list[Record]) -> list[list[Record]]:
        """At most ``partition_size`` records a task, and at least as many tasks as threads (records allowing)."""
        size = max(1, min(self.partition_size, len(records) // self.capacity))
        return [records[i : i + size] for i in range(0, len(records), size)]

    def submit(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        futures = self.client.map(audit_partition, self.partitions(records), settings=self.settings, pure=False)
        return self._rows(futures)

    @staticmethod
    def _rows(futures: list[Any]) -> Iterator[dict[str, Any]]:
        from distributed import as_completed

        for future in as_completed(futures):
            yield from future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(name: str, workers: int, scheduler: str | None = None,
                settings: StageSettings | None = None) -> Engine:
    """An engine for the run; raises NewsauditError when the settings' archive cannot be read where it runs."""
    settings = settings or StageSettings()
    if name == "dask":
        return DaskEngine(settings, scheduler, workers)
    if name == "local":
        return ProcessEngine(workers, settings) if workers > 1 else SerialEngine(settings)
    raise ValueError(f"unknown engine {name!r}; known: local, dask")
