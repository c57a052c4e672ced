"""Cluster runs where the workers write their own results, against the client writing every row (same run).

``run_batch`` on the Dask engine over the batch-scaling corpus of ``eval.bench`` (its text pages repeated,
booster off), with 1, 2, ... worker processes of one thread. For each worker count one LocalCluster is
started in a process of its own (so the scheduler and the nannies are not counted as the client), warmed
up (every worker loads its pipeline), then the same records are run both ways: the workers writing their
partitions to a shared folder (``BatchConfig(parts=...)``), and the old path, the client receiving and writing
every row. The client's CPU seconds are this process's own (``getrusage``) over the run; the workers' are
read on each worker (``client.run``) before and after. ``records / client CPU s`` is the rate one client core
could keep up with if the client did nothing else: the ceiling the client puts on any cluster.

``python -m benchmarks.bench_cluster [--records N] [--workers 1,2]`` prints the section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEADING = "## Cluster runs: workers write their own results"
#: BLAS on one thread a process, as in eval.bench's batch scaling.
ONE_THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: The cluster's process: prints the scheduler address, then holds the cluster until its stdin closes.
CLUSTER_CODE = """
import sys
from distributed import LocalCluster
with LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True, dashboard_address=None,
                  silence_logs=40) as cluster:
    print(cluster.scheduler_address, flush=True)
    sys.stdin.read()
"""


@dataclass(frozen=True)
class ClusterRun:
    """One measured run: who wrote the rows, on how many workers, and what it cost whom."""

    writes: str  # "workers" or "client"
    workers: int
    records: int
    seconds: float
    client_cpu_s: float
    workers_cpu_s: float
    scheduler_cpu_s: float  # the cluster's process: the scheduler and the nannies
    export_s: float  # the table export afterwards (client side)
    done: int
    errors: int

    @property
    def rate(self) -> float:
        return self.records / self.seconds

    @property
    def client_ceiling(self) -> float:
        """Records a second one client core could handle at this cost per record."""
        return self.records / max(self.client_cpu_s, 1e-9)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _Cluster:
    """A LocalCluster in a process of its own, and a small client of ours to read its processes' CPU time."""

    def __init__(self, workers: int) -> None:
        from distributed import Client

        self.proc = subprocess.Popen([sys.executable, "-c", CLUSTER_CODE, str(workers)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env={**os.environ, **ONE_THREAD_ENV})
        assert self.proc.stdout is not None
        self.address = self.proc.stdout.readline().strip()
        if not self.address:
            raise RuntimeError(f"the cluster of {workers} workers did not start (exit {self.proc.wait()})")
        self.client = Client(self.address)
        self.client.wait_for_workers(workers)

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far of the workers (summed) and of the cluster's own process."""
        workers = sum(self.client.run(_cpu_seconds).values())
        return workers, float(self.client.run_on_scheduler(_cpu_seconds))

    def close(self) -> None:
        self.client.close()
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _items(data: Path, records: int) -> list[Any]:
    from benchmarks.bench import _text_pages
    from newsaudit.batch.records import Record

    pages = _text_pages(data)
    return [Record(f"r{i}", str(i), pages[i % len(pages)]) for i in range(records)]


def _one_run(cluster: _Cluster, items: list[Any], writes: str, workers: int, folder: Path) -> ClusterRun:
    from newsaudit.batch.runner import BatchConfig, StageSettings, run_batch
    from newsaudit.batch.tables import export_tables

    config = BatchConfig(engine="dask", scheduler=cluster.address, settings=StageSettings(booster=False),
                         parts=str(folder / "shared") if writes == "workers" else None)
    workers_before, scheduler_before = cluster.cpu()
    client_before, start = _cpu_seconds(), time.perf_counter()
    summary = run_batch(items, folder / "out", config)
    seconds, client_cpu = time.perf_counter() - start, _cpu_seconds() - client_before
    workers_after, scheduler_after = cluster.cpu()
    start = time.perf_counter()
    export_tables(folder / "out")
    return ClusterRun(writes, workers, len(items), seconds, client_cpu, workers_after - workers_before,
                      scheduler_after - scheduler_before, time.perf_counter() - start, summary.done, summary.errors)


def _warm_up(cluster: _Cluster, items: list[Any]) -> None:
    """Both paths once on a few records, so every worker has built its pipeline and imported the Parquet
    writer before the clock runs."""
    from newsaudit.batch.runner import BatchConfig, StageSettings, run_batch

    for parts in (True, False):
        with tempfile.TemporaryDirectory() as warm:
            run_batch(items, Path(warm) / "out", BatchConfig(
                engine="dask", scheduler=cluster.address, settings=StageSettings(booster=False),
                parts=str(Path(warm) / "shared") if parts else None))


def measure(data: Path, records: int, worker_counts: Sequence[int]) -> list[ClusterRun]:
    """Both write paths at each worker count, on one warmed cluster per count."""
    items = _items(data, records)
    runs = []
    for workers in worker_counts:
        cluster = _Cluster(workers)
        try:
            _warm_up(cluster, items[: 4 * workers])
            for writes in ("workers", "client"):
                with tempfile.TemporaryDirectory() as folder:
                    runs.append(_one_run(cluster, items, writes, workers, Path(folder)))
        finally:
            cluster.close()
    return runs


def render(runs: list[ClusterRun], pages: int, minutes: float, load: float) -> str:
    """The section: a table of both paths per worker count, and what it shows (and cannot, on this machine);
    ``load`` is the load average when the measurement started (other jobs on the machine)."""
    cores = os.cpu_count() or 1
    base = {run.writes: run for run in runs if run.workers == runs[0].workers}
    lines = [
        HEADING,
        "",
        f"_Measured {dt.date.today().isoformat()} by `python -m benchmarks.bench_cluster` in {minutes:.1f} min "
        f"on {cores} cores, load average {load:.2f} when it started._",
        "",
        f"`run_batch` on the Dask engine over {runs[0].records:,} text records (the {pages} pages of the batch "
        "section, repeated), booster off, partitions of at most 64 records. Each worker count has a LocalCluster "
        "of its own, in a separate process (scheduler and nannies there, not in the client), warmed up first; "
        "both paths then run the same records on it. **workers write**: each task writes its partition "
        "(`results.jsonl`, `errors.jsonl` and the table fragments in Parquet) to a shared folder and returns a "
        "receipt, which the client commits to `parts.jsonl`. **client writes** (the old path, `parts=None`): "
        "every row comes back to the client, which writes it. CPU seconds: the client's are its own process "
        "over the run; the workers' are summed over the worker processes; the scheduler's are the cluster "
        "process's. The client ceiling is records per client CPU second: the rate at which one client core "
        "would become the limit. The table export runs after the run, in the client.",
        "",
        "| writes | workers | seconds | rows/s | speed-up vs its first row | client CPU s | workers CPU s | "
        "scheduler CPU s | client ceiling (rows/s) | table export (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.writes} | {run.workers} | {run.seconds:.1f} | {run.rate:,.1f} | "
            f"{run.rate / base[run.writes].rate:.2f}× | {run.client_cpu_s:.2f} | {run.workers_cpu_s:.1f} | "
            f"{run.scheduler_cpu_s:.2f} | {run.client_ceiling:,.0f} | {run.export_s:.2f} |")
        if run.done + run.errors != run.records or run.errors:
            lines.append(f"<!-- {run.writes}, {run.workers} workers: {run.done} done, {run.errors} errors -->")
    lines += ["", *_reading(runs, cores, load)]
    return "\n".join(lines) + "\n"


def _reading(runs: list[ClusterRun], cores: int, load: float) -> list[str]:
    """What the figures say, in numbers taken from them."""
    mine = [run for run in runs if run.writes == "workers"]
    theirs = {run.workers: run for run in runs if run.writes == "client"}
    new = sum(run.client_cpu_s for run in mine) / sum(run.records for run in mine) * 1000
    old = sum(run.client_cpu_s for run in theirs.values()) / max(sum(run.records for run in theirs.values()), 1) * 1000
    per_worker = mine[0].rate / mine[0].workers
    out = [f"Per record the client spent {new:.2f} ms of CPU when the workers wrote and {old:.2f} ms when it "
           f"wrote the rows itself ({old / max(new, 1e-9):.1f}× as much). What it still does is send the records "
           "out (the page texts travel from the client to the workers), commit receipts, and its Dask client's "
           f"own upkeep, which grows with the run's length, not its rows. At this machine's {per_worker:,.1f} "
           f"rows/s a worker, one client core would keep up with about {1000 / max(new, 1e-9) / per_worker:,.0f} "
           f"workers writing their own results, against about {1000 / max(old, 1e-9) / per_worker:,.0f} when "
           "it writes every row (the client's CPU alone: the network and the scheduler are not measured "
           "at that scale).", ""]
    last, first = mine[-1], mine[0]
    growth = last.rate / first.rate
    if last.workers > first.workers:
        steady = (f"the client's CPU stayed at {last.client_cpu_s:.2f} s against {first.client_cpu_s:.2f} s "
                  f"with {first.workers}")
        if growth >= 0.75 * last.workers / first.workers:
            out.append(f"With the workers writing, rows/s grew {growth:.2f}× from {first.workers} to "
                       f"{last.workers} workers, and {steady}.")
        else:
            out.append(f"With the workers writing, rows/s grew only {growth:.2f}× from {first.workers} to "
                       f"{last.workers} workers ({steady}): this machine has {cores} cores, shared by the client, "
                       f"the scheduler, the workers and other jobs (load average {load:.2f}), so the workers "
                       "lacked cores, not the client. The client's CPU per record, not this rate, is what "
                       "carries to a larger cluster.")
    if max(run.workers for run in runs) > cores:
        out.append(f"Worker counts above the {cores} cores measure oversubscription, not scaling.")
    return out


def default_workers() -> list[int]:
    """1 up to the machine's cores, at most 3."""
    return list(range(1, min(3, os.cpu_count() or 1) + 1))


def cluster_section(data: Path, records: int = 600, workers: Sequence[int] | None = None) -> str:
    """Measure both write paths and return the markdown section (what ``make bench`` writes)."""
    from benchmarks.bench import _text_pages

    started, load = time.perf_counter(), os.getloadavg()[0]
    runs = measure(data, records, workers or default_workers())
    return render(runs, len(_text_pages(data)), (time.perf_counter() - started) / 60, load)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data", help="the shared data folder (FakeNewsCorpus sample)")
    parser.add_argument("--records", type=int, default=600, help="records of each run (default: 600)")
    parser.add_argument("--workers", default=None,
                        help="worker counts, comma-separated (default: 1 up to the cores, at most 3)")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")] if args.workers else None
    print(cluster_section(Path(args.data), args.records, counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
