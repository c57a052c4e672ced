"""A large generated corpus through `newsaudit batch`, killed with SIGKILL part-way and resumed.

Checks the promise of the batch runner at scale: every record ends as exactly one result or error
row, whatever happens to the process. Records are the FakeNewsCorpus sample pages (varied so that no
two are identical) plus one malformed line in a hundred.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import _text_pages


def make_corpus(path: Path, size: int, pages: list[str]) -> int:
    """Write ``size`` JSONL records; every hundredth line is broken JSON. Returns the broken count."""
    broken = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(size):
            if i % 100 == 99:
                handle.write(f'{{"id": "broken-{i}", "text": \n')
                broken += 1
                continue
            text = pages[i % len(pages)].replace("\n\n", f"\n\n[{i}] ", 1)
            handle.write(json.dumps({"id": str(i), "text": text, "domain": f"site{i % 50}.example"}) + "\n")
    return broken


def count_rows(path: Path) -> tuple[int, int]:
    keys: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            keys.append(json.loads(line)["key"])
    return len(keys), len(set(keys))


def run(data: Path, size: int, workers: int, kill_after: float, booster: bool = False) -> str:
    pages = _text_pages(data)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "out"
        broken = make_corpus(corpus, size, pages)
        cmd = [sys.executable, "-m", "newsaudit", "batch", str(corpus), "--out", str(out), "-j", str(workers), "-q"]
        if not booster:  # the MiniLM booster costs about 0.4 s a page: corpus runs switch it off
            cmd.append("--no-booster")
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        first = time.perf_counter() - start
        before, _ = count_rows(out / "results.jsonl") if (out / "results.jsonl").exists() else (0, 0)
        start = time.perf_counter()
        done = subprocess.run([*cmd, "--resume"], capture_output=True, text=True)
        second = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        results, unique_results = count_rows(out / "results.jsonl")
        errors, unique_errors = count_rows(out / "errors.jsonl")
        tables = sorted(p.name for p in (out / "tables").glob("*.parquet"))
    accounted = results + errors
    return "\n".join([
        "## A large generated corpus, killed and resumed",
        "",
        f"_Measured {dt.date.today().isoformat()}._",
        "",
        f"`python -m benchmarks.corpus_run`: {size:,} JSONL records ({broken:,} of them malformed on purpose), "
        f"`newsaudit batch -j {workers}{'' if booster else ' --no-booster'}` (all four stages"
        f"{'' if booster else ', slant without the MiniLM booster'}), killed with SIGKILL after {kill_after:g} s, "
        "then run again with `--resume`.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| records written before the kill | {before:,} |",
        f"| result rows at the end (unique) | {results:,} ({unique_results:,}) |",
        f"| error rows at the end (unique) | {errors:,} ({unique_errors:,}) |",
        f"| records accounted for | {accounted:,} of {size:,} |",
        f"| duplicates | {results - unique_results + errors - unique_errors} |",
        f"| first run until the kill (s) | {first:.0f} |",
        f"| resumed run, including the table export (s) | {second:.0f} |",
        f"| tables written | {', '.join(tables)} |",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-after", type=float, default=60.0, help="seconds before the SIGKILL")
    parser.add_argument("--out", help="append the section to this markdown file")
    parser.add_argument("--booster", action="store_true", help="keep the slant booster on (hours at 100k records)")
    args = parser.parse_args(argv)
    section = run(Path(args.data), args.size, args.workers, args.kill_after, args.booster)
    print(section)
    if args.out:
        replace_section(Path(args.out), section)
    return 0


def replace_section(path: Path, section: str) -> None:
    """Put ``section`` in place of the file's section with the same heading, or append it: re-runs don't pile up."""
    heading = section.splitlines()[0]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section if text else section
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section.rstrip("\n") + "\n" + (text[end:] if end >= 0 else "")
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
