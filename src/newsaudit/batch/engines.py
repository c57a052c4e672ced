"""Where records are audited: in this process, in a local process pool, or on a Dask cluster.

An engine only maps :func:`~newsaudit.batch.runner.audit_record`, a pure function of one record,
over a window of records; writing, resuming and accounting stay in the runner, so every engine
produces the same outputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol

from newsaudit.batch.records import Record


def audit_partition(records: list[Record]) -> list[dict[str, Any]]:
    """One task's work on a cluster: a partition of records in, their rows out."""
    from newsaudit.batch.runner import audit_record

    return [audit_record(record) for record in records]


class Engine(Protocol):
    def map(self, records: list[Record]) -> Iterator[dict[str, Any]]: ...

    def close(self) -> None: ...


class SerialEngine:
    def map(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        yield from audit_partition(records)

    def close(self) -> None:
        pass


class ProcessEngine:
    def __init__(self, workers: int) -> None:
        self.executor = ProcessPoolExecutor(workers)

    def map(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        from newsaudit.batch.runner import audit_record

        yield from self.executor.map(audit_record, records, chunksize=8)

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


class DaskEngine:
    """Partitions of a window go out as tasks; rows come back as tasks finish."""

    def __init__(self, scheduler: str | None = None, workers: int = 1, partition_size: int = 64) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1,
                                                          dashboard_address=None)
        self.client = Client(scheduler or self.cluster)
        self.partition_size = partition_size

    def map(self, records: list[Record]) -> Iterator[dict[str, Any]]:
        from distributed import as_completed

        parts = [records[i : i + self.partition_size] for i in range(0, len(records), self.partition_size)]
        futures = self.client.map(audit_partition, parts, pure=False)
        for future in as_completed(futures):
            yield from future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(name: str, workers: int, scheduler: str | None = None) -> Engine:
    if name == "dask":
        return DaskEngine(scheduler, workers)
    if name == "local":
        return ProcessEngine(workers) if workers > 1 else SerialEngine()
    raise ValueError(f"unknown engine {name!r}; known: local, dask")
