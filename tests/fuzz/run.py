"""The atheris part of ``make fuzz``: every target for a bounded time, crashers saved under tests/fixtures/fuzz/.

    python -m tests.fuzz.run [--seconds 60] [--targets loader,csv,...]

Each target starts from the seeds in tests/fuzz/common.py plus the fixtures already saved for it; a crasher is
written as ``tests/fixtures/fuzz/TARGET-atheris-crash-SHA1`` (or ``timeout-``/``oom-``), which the test
``test_fuzz_fixture_replays_clean`` replays from then on. Exit status 1 when a target found something.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.fuzz.common import FIXTURES, fixture_files, seeds

#: target -> the harness module that fuzzes it
HARNESSES = {
    "loader": "tests.fuzz.fuzz_loader",
    "html": "tests.fuzz.fuzz_html",
    "anatomy": "tests.fuzz.fuzz_anatomy",
    **{t: "tests.fuzz.fuzz_records" for t in ("csv", "jsonl", "parquet", "warc", "warcgz", "comments_csv",
                                             "comments_jsonl")},
}
REPO = Path(__file__).resolve().parents[2]


def _seed_corpus(target: str, folder: Path) -> None:
    inputs = seeds().get(target, []) + [p.read_bytes() for p in fixture_files() if p.name.split("-")[0] == target]
    for n, data in enumerate(inputs):
        (folder / f"seed-{n}").write_bytes(data)


def fuzz(target: str, seconds: int) -> int:
    """Fuzz one target; the number of crashers it left in tests/fixtures/fuzz/."""
    before = set(FIXTURES.glob(f"{target}-atheris-*"))
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        _seed_corpus(target, corpus)
        command = [sys.executable, "-m", HARNESSES[target], f"-max_total_time={seconds}", "-timeout=60",
                   "-rss_limit_mb=4096", "-max_len=65536", "-print_final_stats=1",
                   f"-artifact_prefix={FIXTURES}/{target}-atheris-", str(corpus)]
        env = {**os.environ, "NEWSAUDIT_FUZZ_TARGET": target, "NEWSAUDIT_SLANT_BOOSTER": "0"}
        print(f"fuzz: {target} for {seconds} s", flush=True)
        subprocess.run(command, cwd=REPO, env=env, check=False, timeout=seconds * 3 + 120)
    found = sorted(set(FIXTURES.glob(f"{target}-atheris-*")) - before)
    for path in found:
        print(f"fuzz: {target} found {path.relative_to(REPO)}")
    return len(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="time per target (default 60)")
    parser.add_argument("--targets", default=",".join(HARNESSES), help="comma-separated targets (default: all)")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("atheris") is None:
        print("fuzz: atheris is not installed (a wheel exists for CPython on Linux x86-64); skipping the harnesses")
        return 0
    found = {t: fuzz(t, args.seconds) for t in args.targets.split(",")}
    print("fuzz: " + ", ".join(f"{t} {n} new" for t, n in found.items()))
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
