"""Where records are audited: in this process, in a local process pool, or on a Dask cluster.

An engine only maps :func:`~newsaudit.batch.task.audit_record`, a pure function of one record and the
run's :class:`~newsaudit.batch.task.StageSettings`, over a window of records; the settings go with every
task (never through the environment, which workers on other machines do not share). Writing, resuming and
accounting stay in the runner, so every engine produces the same outputs; the one exception is a Dask run
given a shared location, whose tasks also write their rows (``parts.py``) while the runner still commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from newsaudit.batch.records import Record
from newsaudit.batch.task import StageSettings, audit_record, failed_row
from newsaudit.errors import NewsauditError

if TYPE_CHECKING:
    from newsaudit.batch.parts import PartReceipt, PartStore


def audit_partition(records: list[Record], settings: StageSettings) -> list[dict[str, Any]]:
    """One task's work on a cluster: a partition of records in, their rows out."""
    return [audit_record(record, settings) for record in records]


def archive_problem(path: str) -> str | None:
    """Why the archive at ``path`` cannot be read on this machine, or None. Runs on each worker."""
    from newsaudit.provenance.backend import open_archive

    try:
        open_archive(path).close()
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


class PoolEngine:
    """Worker processes that each audit one record at a time, under a time limit.

    A record that overruns ``timeout`` seconds has its worker killed and replaced, and becomes an error row
    naming the limit; a worker that dies (a crash in native code, the kernel's out-of-memory killer) costs only
    the record it held, which becomes an error row too. The rest of the window goes on. (pebble's pool does
    the killing and replacing; the standard ProcessPoolExecutor can neither time out a task nor survive the
    loss of a worker.)
    """

    in_flight = 8  # records queued per worker, so no worker waits for the next one

    def __init__(self, workers: int, settings: StageSettings, timeout: float | None = None) -> None:
        from pebble import ProcessPool

        _require_archive_here(settings)
        self.settings = settings
        self.timeout = timeout or None
        self.pool = ProcessPool(max_workers=workers)
        self.capacity = workers * self.in_flight

    def submit(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        futures = [(record, self.pool.schedule(audit_record, (record, self.settings), timeout=self.timeout))
                   for record in records]
        return self._rows(futures)

    def _rows(self, futures: list[tuple[Record, Any]]) -> Iterator[dict[str, Any]]:
        from concurrent.futures import TimeoutError as Timeout

        from pebble import ProcessExpired

        for record, future in futures:
            try:
                yield future.result()
            except Timeout:
                yield failed_row(record, f"time limit: auditing took longer than {self.timeout:g} s (see --timeout)")
            except ProcessExpired as exc:
                yield failed_row(record, f"the worker auditing this record died ({_death(exc.exitcode)})")
            except Exception as exc:  # the record or its row could not travel between processes
                yield failed_row(record, f"internal error: {type(exc).__name__}: {exc}")

    def close(self) -> None:
        self.pool.stop()
        self.pool.join()


def _death(exitcode: int | None) -> str:
    import signal

    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        hint = ", possibly out of memory" if -exitcode == signal.SIGKILL else ""
        return f"killed by {name}{hint}"
    return f"exit code {exitcode}"


class DaskEngine:
    """Partitions of a window go out as tasks, at least one per worker thread; rows come back as tasks finish,
    or, with :meth:`submit_parts`, the workers write the rows and only their receipts come back."""

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
        """The cluster's worker threads: the runner's window gives each a task (``runner.window_size``)."""
        return max(1, sum(self.client.nthreads().values()))

    def partitions(self, records: list[Record]) -> list[list[Record]]:
        """At most ``partition_size`` records a task, and at least as many tasks as threads (records allowing)."""
        size = max(1, min(self.partition_size, len(records) // self.capacity))
        return [records[i : i + size] for i in range(0, len(records), size)]

    def submit(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        futures = self.client.map(audit_partition, self.partitions(records), settings=self.settings, pure=False)
        return self._rows(futures)

    def submit_parts(self, records: list[Record], store: PartStore, prefix: str) -> Iterator[PartReceipt]:
        """Start auditing ``records``; each task writes its partition to ``store`` and returns its receipt
        (partitions are named ``prefix-0000``, ``prefix-0001``, ...)."""
        from newsaudit.batch.parts import audit_and_write_partition

        partitions = self.partitions(records)
        names = [f"{prefix}-{i:04d}" for i in range(len(partitions))]
        futures = self.client.map(audit_and_write_partition, partitions, names, settings=self.settings,
                                  store=store, pure=False)
        return self._receipts(futures)

    @staticmethod
    def _rows(futures: list[Any]) -> Iterator[dict[str, Any]]:
        from distributed import as_completed

        for future in as_completed(futures):
            yield from future.result()

    @staticmethod
    def _receipts(futures: list[Any]) -> Iterator[PartReceipt]:
        from distributed import as_completed

        for future in as_completed(futures):
            yield future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(name: str, workers: int, scheduler: str | None = None,
                settings: StageSettings | None = None, timeout: float | None = None) -> Engine:
    """An engine for the run; raises NewsauditError when the settings' archive cannot be read where it runs.

    The local engine audits in worker processes whenever there is more than one worker or a time limit (only
    a separate process can be stopped mid-record); ``serial`` audits in this process, without a time limit.
    On Dask the time limit is not enforced: worker threads cannot be stopped (use the nanny's memory limits).
    """
    settings = settings or StageSettings()
    if name == "dask":
        return DaskEngine(settings, scheduler, workers)
    if name == "serial" or (name == "local" and workers <= 1 and not timeout):
        return SerialEngine(settings)
    if name == "local":
        return PoolEngine(max(1, workers), settings, timeout)
    raise ValueError(f"unknown engine {name!r}; known: local, serial, dask")
