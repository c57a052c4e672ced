"""`make bench`: throughput and memory of the audit, against baselines measured in the same run.

Sections, in the order of docs/BENCHMARKS.md:

- audit throughput and the cost of each stage (``audit``): the FakeNewsCorpus sample pages (plus the bundled
  example) audited by the full pipeline, with the slant stage's MiniLM booster (the default for page audits)
  and without it (``SlantConfig(booster=False)``, what corpus runs may choose), against splitting the same
  pages into lines; the same pages wrapped in minimal HTML, against ``trafilatura.extract`` alone on that
  HTML; real HTML pages (trafilatura_eval) against ``trafilatura.extract``; pipelines cut after each stage;
- batch scaling (``batch``): ``run_batch`` with 1 and 2 worker processes over the text pages repeated, each
  worker count in its own subprocess so that its peak memory is a measurement of its own;
- comment moderation, slant and the provenance archive at scale (``comments``, ``slant``, ``provenance``;
  the last takes about 35 minutes in a process of its own).

``--skip SECTION`` leaves a section out; a section this run does not measure keeps its text from the
existing output file (and so does any section another tool wrote there, such as ``eval.corpus_run``'s), so
refreshing some sections never clobbers the others. Per-core figures run in one process with BLAS limited
to one thread; they are only comparable within a run, and the ratios are what to read.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import gc
import html
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from newsaudit.pipeline import DEFAULT_STAGES, Pipeline, PipelineConfig, booster_config

#: docs/BENCHMARKS.md sections, in order: key -> how the section's heading begins.
SECTIONS = {
    "throughput": "## Audit throughput",
    "stages": "## Cost of each stage",
    "batch": "## Batch runs",
    "cluster": "## Cluster runs",
    "comments": "## Comment moderation",
    "corpus": "## A large generated corpus",  # written by eval.corpus_run, never by this module
    "slant": "## Slant",
    "provenance": "## Provenance archive",
}
#: What ``--skip`` accepts; ``audit`` is the throughput and stage-cost sections (one measurement).
SKIPPABLE = ("audit", "batch", "cluster", "comments", "slant", "provenance")
#: Environment that keeps BLAS (numpy's matrix products, the booster's encoder) on one thread per process.
ONE_THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# ----------------------------------------------------------------------------------------------------------------
# pages
# ----------------------------------------------------------------------------------------------------------------
def _text_pages(data: Path) -> list[str]:
    pages = [resources.files("newsaudit").joinpath("examples", "syria-repost-with-comments.txt").read_text("utf-8")]
    sample = data / "fakenewscorpus" / "news_sample_half.csv"
    if sample.exists():
        csv.field_size_limit(10**9)
        with sample.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                content, title = row.get("content") or "", row.get("title") or ""
                text = content if content.startswith(title) else f"{title}\n\n{content}"
                if text.strip():
                    pages.append(text)
    return pages


def wrap_html(text: str) -> str:
    """A text page as the least HTML a page can be: its first blank-line block as ``<h1>``, the others as
    ``<p>``, all text escaped."""
    blocks = [block.strip() for block in re.split(r"\n[ \t]*\n", text) if block.strip()]
    parts = [f"<h1>{html.escape(blocks[0])}</h1>"] if blocks else []
    parts += [f"<p>{html.escape(block)}</p>" for block in blocks[1:]]
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def _html_pages(data: Path, limit: int) -> list[str]:
    if not (data / "trafilatura_eval").exists():
        return []
    from benchmarks.html_extraction import load_corpus
    from newsaudit.io.loader import decode_bytes

    pages = []
    for _url, _item, raw in load_corpus(data, limit=limit):
        if raw:
            try:
                pages.append(decode_bytes(raw)[0])
            except Exception:  # undecodable pages are simply not benchmarked
                continue
    return pages


# ----------------------------------------------------------------------------------------------------------------
# measuring
# ----------------------------------------------------------------------------------------------------------------
def _rate(fn: Callable[[str], object], pages: Sequence[str], min_seconds: float) -> tuple[float, float, int]:
    """(pages/s, MB of text/s, pages run): whole passes over the page list until ``min_seconds`` have passed."""
    done, chars = 0, 0
    start = time.perf_counter()
    while True:
        for page in pages:
            with contextlib.suppress(Exception):  # a page that fails still cost its time
                fn(page)
            done += 1
            chars += len(page)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed, chars / elapsed / 1e6, done


def _peak_alloc(fn: Callable[[str], object], page: str) -> float:
    gc.collect()
    tracemalloc.start()
    with contextlib.suppress(Exception):
        fn(page)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _own_peak_mb() -> float:
    """This process's own peak RSS. ``ru_maxrss`` of a process started by another keeps the starter's peak
    across ``exec`` (Linux), so a fresh process reads its high-water mark (VmHWM) from /proc instead."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return _rss_mb()


def _ratio(x: float) -> str:
    return f"{x:.3f}×" if x >= 0.01 else f"1/{1 / x:,.0f}"


def _pipeline(stages: Sequence[str], booster: bool) -> Pipeline:
    return Pipeline(PipelineConfig(stages=tuple(stages), stage_config=booster_config(booster)))


def _can_boost() -> bool:
    from newsaudit.models.propaganda_model import default_model

    return bool(default_model().can_boost)


#: The columns of the stage-cost table: reading the input into a page, then each default stage.
STEPS = ("reading", *DEFAULT_STAGES)


def _timed(pipeline: Pipeline, totals: dict[str, float]) -> Callable[[str], object]:
    """``pipeline.audit``, adding the seconds spent reading the input and in each stage to ``totals``."""
    from newsaudit.io.loader import load_text

    def audit(text: str) -> object:
        start = time.perf_counter()
        try:
            page = pipeline.make_page(load_text(text, name="<bench>", max_bytes=pipeline.config.max_bytes))
        finally:
            now = time.perf_counter()
            totals["reading"] = totals.get("reading", 0.0) + now - start
        for stage in pipeline.stages:
            start = now
            try:
                page = stage(page)
            finally:
                now = time.perf_counter()
                totals[stage.name] = totals.get(stage.name, 0.0) + now - start
        return page

    return audit


#: One full-audit measurement: input, slant booster, pages/s, MB of input/s, ms per page in each step.
AuditRun = tuple[str, bool, float, float, dict[str, float]]


def _measure_audit(name: str, pipeline: Pipeline, booster: bool, pages: Sequence[str], seconds: float) -> AuditRun:
    totals: dict[str, float] = {}
    rate, mb, done = _rate(_timed(pipeline, totals), pages, seconds)
    return name, booster, rate, mb, {step: 1000 * t / done for step, t in totals.items()}


def _stage_table(runs: Sequence[AuditRun]) -> list[str]:
    """One row per input and booster setting: ms per page in each step, and its share of the audit's time."""
    out = [
        "| input | slant booster | pages/s | ms per page | " + " | ".join(f"{s}, ms (share)" for s in STEPS) + " |",
        "|---|---|---:|---:|" + "---:|" * len(STEPS),
    ]
    for name, booster, rate, _mb, ms in runs:
        total = 1000 / rate
        cells = [f"{ms.get(step, 0.0):,.2f} ({ms.get(step, 0.0) / total:.0%})" for step in STEPS]
        out.append(f"| {name} | {'on (MiniLM)' if booster else 'off'} | {rate:,.2f} | {total:,.1f} | "
                   + " | ".join(cells) + " |")
    return out


def _batch_child(data: str, workers: int, records: int, booster: bool) -> dict[str, Any]:
    """One batch run, in a process of its own (see :func:`_batch_scaling`): time, counts and peak memory."""
    import tempfile

    from newsaudit.batch.records import Record
    from newsaudit.batch.runner import BatchConfig, BatchSummary, StageSettings, run_batch

    pages = _text_pages(Path(data))
    items = [Record(f"r{i}", str(i), pages[i % len(pages)]) for i in range(records)]
    first: list[float] = []

    def progress(summary: BatchSummary) -> None:
        if not first:
            first.append(time.perf_counter() - start)

    def cpu(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    with tempfile.TemporaryDirectory() as tmp:
        cpu_before = cpu(resource.RUSAGE_SELF)
        start = time.perf_counter()
        summary = run_batch(items, tmp, BatchConfig(workers=workers, settings=StageSettings(booster=booster)),
                            on_progress=progress)
        seconds = time.perf_counter() - start
    return {"workers": workers, "records": records, "seconds": seconds, "first_row_s": first[0] if first else 0.0,
            "done": summary.done, "errors": summary.errors, "main_peak_mb": _own_peak_mb(),
            "worker_peak_mb": _rss_mb(resource.RUSAGE_CHILDREN), "main_cpu_s": cpu(resource.RUSAGE_SELF) - cpu_before,
            "workers_cpu_s": cpu(resource.RUSAGE_CHILDREN)}


def _batch_scaling(data: Path, records: int, booster: bool, workers: Iterable[int] = (1, 2)) -> list[dict[str, Any]]:
    """``run_batch`` with each worker count in a fresh subprocess (BLAS on one thread a process), so that
    each run's peak RSS (its own, and the largest of its workers') is a measurement of its own."""
    code = ("import json, sys; from benchmarks.bench import _batch_child; "
            "print(json.dumps(_batch_child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == '1')))")
    runs = []
    for n in workers:
        cmd = [sys.executable, "-c", code, str(data), str(n), str(records), "1" if booster else "0"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env={**os.environ, **ONE_THREAD_ENV})
        if proc.returncode != 0:
            raise RuntimeError(f"batch run with {n} workers failed:\n{proc.stderr[-3000:]}")
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return runs


# ----------------------------------------------------------------------------------------------------------------
# sections
# ----------------------------------------------------------------------------------------------------------------
def _audit_sections(data: Path, seconds: float, html_limit: int) -> tuple[str, str]:
    """The audit-throughput and stage-cost sections (one process, BLAS on one thread)."""
    import trafilatura
    from threadpoolctl import threadpool_limits

    text_pages = _text_pages(data)
    boost = _can_boost()
    on, off = _pipeline(DEFAULT_STAGES, True), _pipeline(DEFAULT_STAGES, False)

    def split_only(page: str) -> object:
        return page.splitlines()

    def traf(page: str) -> object:
        return trafilatura.extract(page)

    inputs = [("FakeNewsCorpus sample, text", text_pages, "line split only", split_only),
              ("the same pages wrapped in minimal HTML", [wrap_html(p) for p in text_pages], "trafilatura.extract",
               traf)]
    real_html = _html_pages(data, html_limit)
    if real_html:
        inputs.append(("HTML pages (trafilatura_eval)", real_html, "trafilatura.extract", traf))
    # (input, pages, baseline, baseline pages/s, run with the booster, run without, peak allocations on / off)
    rows: list[tuple[str, int, str, float, AuditRun, AuditRun, tuple[float, float]]] = []
    for name, pages, base_name, base_fn in inputs:
        base_fn(pages[0])
        for page in pages:  # warm: models load, patterns compile, the word caches of every stage fill
            with contextlib.suppress(Exception):
                off.audit(page)
        on.audit(pages[0])
        base = _rate(base_fn, pages, seconds)[0]
        run_off = _measure_audit(name, off, False, pages, seconds)
        run_on = _measure_audit(name, on, True, pages, seconds)
        largest = max(pages, key=len)
        rows.append((name, len(pages), base_name, base, run_on, run_off,
                     (_peak_alloc(on.audit, largest), _peak_alloc(off.audit, largest))))
    with threadpool_limits(limits=os.cpu_count()):  # as a single audit runs by default: BLAS on every core
        all_cores = _rate(on.audit, text_pages, seconds)[0]
    text_on = rows[0][4][2]

    words = sum(len(p.split()) for p in text_pages)
    throughput = [
        f"{SECTIONS['throughput']} (all stages)",
        "",
        f"The full audit ({', '.join(DEFAULT_STAGES)}) of each page, one process on one core, with the MiniLM "
        "boosters of the slant and claims stages (the default for page audits) and without them "
        "(`SlantConfig(booster=False)`, `ClaimsConfig(minilm=False)`, `--no-booster`, what corpus runs may "
        "choose). Text pages are the "
        f"FakeNewsCorpus sample (../shared/data) plus the bundled example: {len(text_pages)} pages, "
        f"{words:,} words, {words / len(text_pages):.0f} on average. Wrapped in minimal HTML, they are each "
        "page's first blank-line block as `<h1>` and the others as `<p>` (escaped); `trafilatura.extract` "
        "alone on that HTML is the reference an HTML audit cannot beat, since newsaudit runs it first and then "
        "separates comments, types the article, and runs the other stages. The HTML pages are real pages "
        "from trafilatura_eval.",
        "",
        "| input | pages | baseline | baseline pages/s | newsaudit pages/s, booster on | booster off | "
        "on / baseline | off / baseline | MB of input/s, on / off | peak Python allocation, largest page, "
        "on / off (MB) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, count, base_name, base, run_on, run_off, (peak_on, peak_off) in rows:
        throughput.append(f"| {name} | {count} | {base_name} | {base:,.1f} | {run_on[2]:,.2f} | {run_off[2]:,.1f} | "
                          f"{_ratio(run_on[2] / base)} | {_ratio(run_off[2] / base)} | "
                          f"{run_on[3]:.3f} / {run_off[3]:.2f} | {peak_on:,.1f} / {peak_off:,.1f} |")
    throughput += [
        "",
        f"With BLAS free to use the machine's {os.cpu_count()} cores (numpy's default, so that of a single "
        f"`newsaudit audit`), the full audit of the text pages with the booster ran at {all_cores:,.2f} pages/s, "
        f"{all_cores / text_on:.2f}× its one-thread rate: the booster's encoder is matrix products.",
        "",
        f"Peak resident memory of the benchmark process after these measurements: {_rss_mb():,.0f} MB.",
        "" if boost else "\n_The MiniLM encoder is not installed here: \"booster on\" ran the n-gram tagger._\n",
    ]
    stages = [
        f"{SECTIONS['stages']}",
        "",
        "Time spent in each step of the full audit, per page, in the runs of the table above (each page read, "
        f"then passed through the {len(DEFAULT_STAGES)} default stages in order; timed around each step). Reading is "
        "decoding "
        "the input and building the page: for HTML that is trafilatura's extraction and newsaudit's comment "
        "separation. Most of these pages have no comment section, so the comments stage costs little here (per "
        "comment, see below); without an archive the provenance stage reads datelines and estimates the page's "
        "own voice from its style.",
        "",
        *_stage_table([run for row in rows for run in (row[5], row[4])]),
        "",
    ]
    return "\n".join(throughput), "\n".join(stages)


def _batch_section(data: Path, records: int, booster: bool) -> str:
    runs = _batch_scaling(data, records, booster)
    pages = len(_text_pages(data))
    setting = ("with the slant booster on (`StageSettings(booster=True)`, the default of `BatchConfig` and of "
               "`newsaudit batch`)" if booster else
               "with the slant booster off (`StageSettings(booster=False)`, `newsaudit batch --no-booster`; "
               "`BatchConfig` and `newsaudit batch` default to the booster on, at the per-core rates above)")
    out = [
        f"{SECTIONS['batch']}: scaling across processes",
        "",
        f"`run_batch` over {records:,} text records (the {pages} pages above, repeated), {setting}, writing "
        "results to a temporary folder, without the table export. Each worker count runs in a fresh process "
        "of its own, BLAS on one thread a process; its peak memory is that process's high-water mark and "
        "the largest of its workers' (with one worker the audit runs in the main process; a worker's RSS "
        "counts the pages it shares with the main process it was forked from). Same machine, same run.",
        "",
        "| workers | records | seconds | pages/s | pages/s per worker | speed-up vs 1 worker | first row written "
        "after (s) | CPU seconds, main process / workers | peak RSS, main process (MB) | peak RSS, largest worker "
        "(MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        rate = run["records"] / run["seconds"]
        worker = "(main process)" if run["workers"] == 1 else f"{run['worker_peak_mb']:,.0f}"
        out.append(f"| {run['workers']} | {run['records']:,} | {run['seconds']:.1f} | {rate:,.1f} | "
                   f"{rate / run['workers']:,.1f} | {runs[0]['seconds'] / run['seconds']:.2f}× | "
                   f"{run['first_row_s']:.1f} | {run['main_cpu_s']:,.0f} / {run['workers_cpu_s']:,.0f} | "
                   f"{run['main_peak_mb']:,.0f} | {worker} |")
        if run["done"] + run["errors"] != run["records"] or run["errors"]:
            out.append(f"<!-- {run['workers']} workers: {run['done']} done, {run['errors']} errors -->")
    out += [
        "",
        "The first row is written once the first record is audited with one worker, and once the first chunk of "
        "8 records is with two; that time includes the start-up (with two workers, each worker's: forking, "
        "then loading the stages' models on first use). With one worker the main process audits and writes; "
        "with two it only hands out records and writes the rows (JSON lines, an fsync a window) while the "
        "workers audit.",
        "",
    ]
    return "\n".join(out)


def _dated(section: str, date: str) -> str:
    """A sub-benchmark's section with a line saying when it was measured, under its heading."""
    heading, _, rest = section.partition("\n")
    return f"{heading}\n\n_Measured {date} in the same `make bench` run as the sections above._\n{rest}"


def _provenance_section(data: Path) -> str:
    """The archive at 10k, 100k and 1M documents (about 35 minutes), in its own process for a clean RSS."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "provenance.md"
        cmd = [sys.executable, "-m", "benchmarks.bench_provenance", "--data", str(data), "--out", str(out)]
        if subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL).returncode != 0 or not out.exists():
            return "## Provenance archive at scale\n\n_Not measured: the benchmark failed (run it alone to see why)._\n"
        return out.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------------------------------
# the report
# ----------------------------------------------------------------------------------------------------------------
def split_sections(markdown: str) -> tuple[str, list[str]]:
    """(text before the first ``## `` heading, each ``## `` section with its ``###`` subsections)."""
    parts = re.split(r"(?m)^(?=## )", markdown)
    head = parts[0] if parts and not parts[0].startswith("## ") else ""
    return head, [p for p in parts if p.startswith("## ")]


def _section_key(section: str) -> str | None:
    return next((key for key, heading in SECTIONS.items() if section.startswith(heading)), None)


def merge_report(header: str, fresh: dict[str, str], existing: str) -> str:
    """The report: ``header``, then each section in :data:`SECTIONS` order, freshly measured or else kept from
    ``existing``; sections of ``existing`` this module does not know follow, unchanged."""
    _, old = split_sections(existing)
    kept = {key: s for s in old if (key := _section_key(s)) is not None}
    parts = [header]
    for key in SECTIONS:
        section = fresh.get(key) or kept.get(key)
        if section:
            parts.append(section)
    parts += [s for s in old if _section_key(s) is None]
    return "\n".join(p.rstrip() + "\n" for p in parts)


def machine() -> str:
    """The CPU, its cores and the Python a benchmark ran on, for its heading."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip() + ", "
                break
    return f"{model}{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"


def run(data: Path, seconds: float, html_limit: int, skip: Iterable[str] = (), batch_records: int = 3000,
        batch_booster: bool = False, existing: str = "") -> str:
    from threadpoolctl import threadpool_limits

    skip = set(skip)
    date = dt.date.today().isoformat()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    fresh: dict[str, str] = {}
    with threadpool_limits(limits=1):  # per core: numpy's BLAS would otherwise use every core
        if "audit" not in skip:
            fresh["throughput"], fresh["stages"] = _audit_sections(data, seconds, html_limit)
        if "batch" not in skip:
            fresh["batch"] = _batch_section(data, batch_records, batch_booster)
        if "cluster" not in skip:
            from benchmarks.bench_cluster import cluster_section

            fresh["cluster"] = cluster_section(data)
        if "comments" not in skip:
            from benchmarks.bench_comments import run as comment_bench

            fresh["comments"] = _dated(comment_bench(data, seconds), date)
        if "slant" not in skip:
            from benchmarks.bench_slant import run as slant_bench

            fresh["slant"] = _dated(slant_bench(data, seconds), date)
    if "provenance" not in skip:
        fresh["provenance"] = _provenance_section(data)
    minutes = (time.perf_counter() - started) / 60
    measured = [SECTIONS[k].removeprefix("## ").lower() for k in SECTIONS if k in fresh]
    header = "\n".join([
        "# Benchmarks",
        "",
        f"Measured {date} by `make bench` (`python -m benchmarks.bench`) in {minutes:.0f} min on {machine()}, "
        f"load average {load:.2f} when it started. This run measured: {'; '.join(measured) or 'nothing'}. Sections "
        "it did not re-measure are kept from the earlier file and say when they were measured. Per-core figures "
        "run in one process with BLAS limited to one thread; each repeats its page set for at least "
        f"{seconds:g} s (whole passes). Baselines are measured in the same run: read the ratios, not the "
        "absolute rates, when comparing machines.",
        "",
    ])
    return merge_report(header, fresh, existing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--out", default="docs/BENCHMARKS.md")
    parser.add_argument("--seconds", type=float, default=5.0, help="minimum time per measurement")
    parser.add_argument("--html-limit", type=int, default=150, help="HTML pages to benchmark")
    parser.add_argument("--skip", action="append", default=[], choices=SKIPPABLE,
                        help="leave a section out, keeping its text from --out (repeatable)")
    parser.add_argument("--skip-provenance", action="store_true",
                        help="the same as --skip provenance (the archive at scale takes about 35 minutes)")
    parser.add_argument("--batch-records", type=int, default=3000, help="records of the batch-scaling runs")
    parser.add_argument("--batch-booster", action="store_true",
                        help="batch-scaling runs with the slant booster on (about 15 times slower per page)")
    args = parser.parse_args(argv)
    skip = set(args.skip) | ({"provenance"} if args.skip_provenance else set())
    out = Path(args.out)
    existing = out.read_text(encoding="utf-8") if out.exists() else ""
    report = run(Path(args.data), args.seconds, args.html_limit, skip, args.batch_records, args.batch_booster,
                 existing)
    out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
