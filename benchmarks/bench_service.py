"""The REST API under load: requests per second and p50/p99 latency of ``/v1/audit`` and ``/v1/comments/score``
at 1, 8 and 32 concurrent clients, against ``/healthz`` of the same server measured in the same run.

    python -m benchmarks.bench_service --out docs/BENCHMARKS.md

The server is the real one, ``newsaudit serve`` (uvicorn, default settings and models) in a process of its own
on a free local port; the load comes from this process on the same machine: a closed loop of C clients
(httpx, asyncio, keep-alive connections), each sending its next request once the previous answer is in. Each
cell (endpoint x clients) runs for ``--seconds`` or ``--max-requests`` requests, whichever comes first, but at
least one request a client (32 audits with the slant booster take minutes on two cores); the answers still in
flight are then waited for. Requests per second are answers over the time from the first request to the last
answer; latency is one request's, from sending it to its last byte. The audit is of the bundled canonical page;
the comment batches are real posts (Gab, ISCA, Davidson from ``--data``, as ``benchmarks/bench_comments.py``
reads them) or, without the data, the canonical page's comments. The load generator and the server share the
machine's cores: the ratios to ``/healthz`` are what to compare between machines.

This process stays light: it imports httpx and nothing of the pipeline until the section is written.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from benchmarks.bench import machine

HEADING = "## Service under load (REST API)"
CLIENTS = (1, 8, 32)
BATCH = 20  # comments per /v1/comments/score request
EXAMPLE_NAME = "syria-repost-with-comments.txt"

#: Environment the server inherits that changes its figures: named in the section when set.
_SERVER_ENV = ("NEWSAUDIT_SLANT_BOOSTER", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

Send = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Endpoint:
    name: str  # the route
    what: str  # the request, in words
    send: Send  # the i-th request of a cell


@dataclass
class Cell:
    endpoint: str
    what: str
    clients: int
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    wall_s: float = 0.0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "200")

    @property
    def rate(self) -> float:
        return self.requests / self.wall_s if self.wall_s else 0.0

    def percentile(self, q: float) -> float:
        """Nearest rank: the smallest latency with at least ``q`` of them at or below it (seconds)."""
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else math.nan


# ----------------------------------------------------------------------------------------------------------------
# the server
# ----------------------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(workers: int, timeout_s: float, folder: Path) -> Any:
    """``newsaudit serve`` on a free local port, in a session of its own; yields (base URL, process)."""
    port = free_port()
    cmd = [sys.executable, "-m", "newsaudit", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
           str(workers), "--timeout", f"{timeout_s:g}", "--jobs-dir", str(folder / "jobs"), "--quiet"]
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc, folder / "server.log")
        yield base, proc
    finally:
        proc.send_signal(signal.SIGINT)  # uvicorn's graceful stop (its workers too)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _wait_until_up(base: str, proc: subprocess.Popen[bytes], log: Path, limit_s: float = 180.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"newsaudit serve exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"newsaudit serve did not answer /healthz within {limit_s:g} s")


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a process and all its descendants, from /proc (0 where there is none)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        total += times.get(current, 0.0)
        stack.extend(child for child, parent in parents.items() if parent == current)
    return total


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ----------------------------------------------------------------------------------------------------------------
# the load
# ----------------------------------------------------------------------------------------------------------------
async def run_cell(base: str, endpoint: Endpoint, clients: int, seconds: float, max_requests: int,
                   server_pid: int | None = None) -> Cell:
    """``clients`` closed-loop clients on one endpoint (see the module docstring for when a cell stops)."""
    cell = Cell(endpoint.name, endpoint.what, clients)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=httpx.Timeout(900.0)) as client:
        issued = 0
        cpu_before = (tree_cpu_s(server_pid) if server_pid else 0.0), _own_cpu_s()
        started = time.perf_counter()
        deadline = started + seconds
        last = started

        async def one_client() -> None:
            nonlocal issued, last
            done = 0
            while done < 1 or (time.perf_counter() < deadline and issued < max_requests):
                number = issued
                issued += 1
                sent = time.perf_counter()
                try:
                    response = await endpoint.send(client, number)
                    status = str(response.status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                answered = time.perf_counter()
                cell.latencies.append(answered - sent)
                cell.statuses[status] += 1
                last = max(last, answered)
                done += 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
        cell.wall_s = last - started
        cell.server_cpu_s = (tree_cpu_s(server_pid) if server_pid else 0.0) - cpu_before[0]
        cell.client_cpu_s = _own_cpu_s() - cpu_before[1]
    return cell


async def warm_up(base: str, endpoints: Sequence[Endpoint], settled: int = 8, tries: int = 60) -> int:
    """Load every worker's models before measuring; returns the requests it took.

    Each worker counts its own requests (``/metrics``), and a keep-alive connection stays with the worker that
    accepted it: so each probe opens a new connection, asks that worker's ``/metrics`` whether it has answered
    each endpoint yet, and sends it what it has not. Done when ``settled`` probes in a row found a warm worker."""
    sent, warm_in_a_row = 0, 0
    for _ in range(tries):
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=httpx.Timeout(900.0)) as client:
            metrics = (await client.get("/metrics")).text
            cold = [e for e in endpoints if f'path="{e.name}",status="200"' not in metrics]
            for endpoint in cold:
                answer = await endpoint.send(client, sent)
                sent += 1
                if answer.status_code != 200:
                    raise RuntimeError(f"warm-up of {endpoint.name}: {answer.status_code} {answer.text[:300]}")
        warm_in_a_row = 0 if cold else warm_in_a_row + 1
        if warm_in_a_row >= settled:
            break
    return sent


def comment_batches(data: Path, canonical_comments: Callable[[], list[str]], batches: int = 10) -> (
        tuple[list[list[str]], str]):
    """``batches`` batches of :data:`BATCH` comments, and where they come from (in words)."""
    from benchmarks.bench_comments import sample_comments

    texts = sample_comments(data, BATCH * batches) if data.exists() else []
    if len(texts) >= BATCH * batches:
        source = (f"{batches} batches of {BATCH} real posts (Gab, ISCA, Davidson, evenly spaced as "
                  "`benchmarks/bench_comments.py` samples them), sent in turn")
    else:
        found = canonical_comments()
        texts = (found * (BATCH * batches // max(1, len(found)) + 1))[:BATCH * batches]
        source = f"the canonical page's {len(found)} comments, repeated to batches of {BATCH}"
    return [texts[i * BATCH:(i + 1) * BATCH] for i in range(batches)], source


def endpoints(page: str, batches: list[list[str]], batch_source: str) -> list[Endpoint]:
    audit_body = {"text": page, "name": EXAMPLE_NAME}
    bodies = [{"comments": [{"id": str(i), "text": text} for i, text in enumerate(batch, 1)]} for batch in batches]

    async def healthz(client: httpx.AsyncClient, number: int) -> httpx.Response:
        return await client.get("/healthz")

    async def audit(client: httpx.AsyncClient, number: int) -> httpx.Response:
        return await client.post("/v1/audit", json=audit_body)

    async def score(client: httpx.AsyncClient, number: int) -> httpx.Response:
        return await client.post("/v1/comments/score", json=bodies[number % len(bodies)])

    words = len(page.split())
    return [
        Endpoint("/healthz", "`GET`, a two-field JSON answer (the trivial endpoint)", healthz),
        Endpoint("/v1/audit", f"the canonical page ({len(page.encode()):,} bytes, {words:,} words, 7 comments) as "
                              "JSON, default options", audit),
        Endpoint("/v1/comments/score", f"{BATCH} comments a request: {batch_source}; default options", score),
    ]


# ----------------------------------------------------------------------------------------------------------------
# the section
# ----------------------------------------------------------------------------------------------------------------
def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds < 1 else f"{seconds * 1000:,.0f}"


def _times(x: float) -> str:
    if not x or math.isnan(x):
        return "—"
    return f"{x:.2f}×" if x >= 0.01 else f"1/{1 / x:,.0f}"


def render(cells: list[Cell], meta: dict[str, Any]) -> str:
    base = {c.clients: c for c in cells if c.endpoint == "/healthz"}
    lines = [
        HEADING,
        "",
        f"_Measured {meta['date']} by `python -m benchmarks.bench_service` (`make bench`) in {meta['minutes']:.1f} "
        f"min on {meta['machine']}; load average {meta['load_start']:.2f} when it started and {meta['load_end']:.2f} "
        f"at the end (the benchmark's own server and clients raise it; with other work on the machine, read the "
        "ratios)._",
        "",
        f"`{meta['env']}newsaudit serve --workers {meta['workers']} --timeout {meta['timeout']:g}` (uvicorn; default "
        "models: the "
        f"slant booster {meta['booster']}, the comment encoder on, as the requests leave their options at the "
        f"defaults; {meta['max_concurrent']} audits or scorings at once per worker, others wait; each request's "
        "arithmetic on one thread, `--math-threads 1`, the default: with BLAS's own default of a thread per core, "
        "concurrent audits fought over the cores and 8 clients got a quarter of one client's rate) on a free local "
        "port, loaded from the same machine by a closed loop of 1, 8 and 32 clients (httpx, one asyncio process, "
        "keep-alive connections): each client sends its next request once its previous answer is in. A cell runs "
        f"for {meta['seconds']:g} s or {meta['max_requests']:,} requests, whichever comes first, and at least one "
        "request a client; the answers in flight are then waited for. Requests per second are answers over the time "
        "from the first request to the last answer; latency is one request's, from sending it to its last byte "
        "(p99 by nearest rank: with few requests it is the slowest). `/healthz` is the trivial endpoint of the same "
        "server in the same run: the ratios to it (at the same number of clients) are the cost of the work beyond "
        "HTTP, the framework and the load generator. Before measuring, every worker answered each endpoint once "
        f"(its models loaded; {meta['warm']} requests, each worker's own `/metrics` telling which it had not "
        "answered yet). CPU is in cores busy "
        "over the cell (CPU seconds / wall seconds): the server's processes together, and the load generator's; "
        f"both share the {os.cpu_count()} cores. Where the load generator's is near 1.00 (one Python process, one "
        "core), it and not the server is what limits the rate: so on `/healthz`, which makes the ratios to it a "
        "floor on the true cost of the work.",
        "",
        "| endpoint | clients | requests | errors | requests/s | p50 (ms) | p99 (ms) | requests/s vs /healthz "
        "| p50 vs /healthz | server CPU (cores) | client CPU (cores) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for cell in cells:
        ref = base.get(cell.clients)
        if cell.endpoint == "/healthz" or ref is None:
            rate_ratio = p50_ratio = "—"
        else:
            rate_ratio = _times(cell.rate / ref.rate)
            p50_ratio = f"{cell.percentile(0.5) / ref.percentile(0.5):,.0f}×"
        kinds = ", ".join(f"{status}: {n}" for status, n in sorted(cell.statuses.items()) if status != "200")
        errors = f"{cell.errors:,}" + (f" ({kinds})" if kinds else "")
        wall = cell.wall_s or math.nan
        lines.append(
            f"| `{cell.endpoint}` | {cell.clients} | {cell.requests:,} | {errors} | {cell.rate:,.2f} "
            f"| {_ms(cell.percentile(0.5))} | {_ms(cell.percentile(0.99))} | {rate_ratio} | {p50_ratio} "
            f"| {cell.server_cpu_s / wall:.2f} | {cell.client_cpu_s / wall:.2f} |"
        )
    lines += ["", "Requests:", ""]
    lines += [f"- `{name}`: {what}." for name, what in meta["requests"]]
    lines.append("")
    return "\n".join(lines)


async def _measure(base: str, pid: int, eps: list[Endpoint], clients: Sequence[int], seconds: float,
                   max_requests: int) -> tuple[list[Cell], int]:
    warm = await warm_up(base, eps)
    cells = []
    for endpoint in eps:
        for count in clients:
            cell = await run_cell(base, endpoint, count, seconds, max_requests, pid)
            cells.append(cell)
            print(f"{endpoint.name} x{count}: {cell.requests} requests, {cell.rate:.2f}/s, "
                  f"p50 {_ms(cell.percentile(0.5))} ms, p99 {_ms(cell.percentile(0.99))} ms, errors {cell.errors}",
                  file=sys.stderr, flush=True)
    return cells, warm


def _canonical_comments(base: str, page: str) -> list[str]:
    """The canonical page's comments, as the server finds them (the fallback comment batch)."""
    report = httpx.post(base + "/v1/audit", json={"text": page}, timeout=900).json()
    return [report["text"][c["start"]:c["end"]] for c in report["comments"]]


def run(data: Path, workers: int, seconds: float, max_requests: int, timeout_s: float,
        clients: Sequence[int] = CLIENTS) -> str:
    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    page = (resources.files("newsaudit") / "examples" / EXAMPLE_NAME).read_text("utf-8")
    with tempfile.TemporaryDirectory(prefix="newsaudit-bench-service-") as tmp, \
            serving(workers, timeout_s, Path(tmp)) as (base, proc):
        batches, source = comment_batches(data, functools.partial(_canonical_comments, base, page))
        eps = endpoints(page, batches, source)
        cells, warm = asyncio.run(_measure(base, proc.pid, eps, clients, seconds, max_requests))
    meta = {
        "date": dt.date.today().isoformat(), "minutes": (time.perf_counter() - started) / 60, "machine": machine(),
        "load_start": load_start, "load_end": os.getloadavg()[0], "workers": workers, "timeout": timeout_s,
        "booster": "off ($NEWSAUDIT_SLANT_BOOSTER=0)" if os.environ.get("NEWSAUDIT_SLANT_BOOSTER") == "0" else "on",
        "max_concurrent": 4, "seconds": seconds, "max_requests": max_requests, "warm": warm,
        "requests": [(e.name, e.what) for e in eps],
        "env": "".join(f"{name}={os.environ[name]} " for name in _SERVER_ENV if name in os.environ),
    }
    return render(cells, meta)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"),
                        help="for the comment batches (without it: the canonical page's comments)")
    parser.add_argument("--workers", type=int, default=2, help="`newsaudit serve --workers` (default 2)")
    parser.add_argument("--seconds", type=float, default=30.0, help="time per cell (endpoint x clients)")
    parser.add_argument("--max-requests", type=int, default=3000, help="requests per cell at most")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="`newsaudit serve --timeout`: 32 queued audits can pass the default 60 s")
    parser.add_argument("--clients", type=int, action="append", help="concurrent clients (default 1, 8 and 32)")
    parser.add_argument("--out", help="put the section into this markdown file, replacing its previous one")
    args = parser.parse_args(argv)
    section = run(args.data, args.workers, args.seconds, args.max_requests, args.timeout,
                  tuple(args.clients or CLIENTS))
    print(section)
    if args.out:
        from benchmarks.corpus_run import replace_section  # imported only now: it loads the pipeline

        replace_section(Path(args.out), section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
