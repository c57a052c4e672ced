"""Issue 6's "done when" on real data: the FakeNewsCorpus sample through `newsaudit batch` and `newsaudit sites`.

The sample CSV is the corpus' own format (one page per row, multi-line contents, a few malformed rows'
worth of oddities), so this is the command line a researcher runs, end to end, on the real thing.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SHARED_DATA, require_shared_data


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsaudit.cli", *args], capture_output=True, text=True, timeout=900, check=False
    )


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    sample = require_shared_data("fakenewscorpus", "news_sample_half.csv")
    csv.field_size_limit(1 << 30)
    with sample.open(encoding="utf-8", newline="") as handle:
        records = sum(1 for _ in csv.DictReader(handle))
    out = tmp_path_factory.mktemp("sample") / "run"
    done = _cli("batch", str(sample), "--out", str(out), "-j", "2", "--no-booster", "--quiet")
    assert done.returncode == 0, done.stderr[-2000:]
    return out, records


def test_every_sample_record_is_a_result_or_an_error_row(sample_run: tuple[Path, int]) -> None:
    out, records = sample_run
    results, errors = _lines(out / "results.jsonl"), _lines(out / "errors.jsonl")
    keys = [r["key"] for r in results] + [e["key"] for e in errors]
    assert len(keys) == records == len(set(keys))
    with duckdb.connect(str(out / "results.duckdb"), read_only=True) as db:
        query = "select count(*), count(distinct domain), sum(wire_agency is not null) from pages"
        pages = db.execute(query).fetchone()
        assert pages is not None and pages[0] == len(results) and pages[1] > 10 and pages[2] >= 1
        assert db.execute("select count(*) from errors").fetchone() == (len(errors),)
        kinds = {row[0] for row in db.execute("select distinct stage from findings").fetchall()}
        assert {"anatomy", "slant"} <= kinds or {"provenance", "slant"} <= kinds


def test_resuming_a_finished_sample_run_repeats_nothing(sample_run: tuple[Path, int]) -> None:
    out, records = sample_run
    again = _cli("batch", str(SHARED_DATA / "fakenewscorpus" / "news_sample_half.csv"), "--out", str(out),
                 "--resume", "-j", "1", "--no-booster", "--quiet")
    assert again.returncode == 0, again.stderr[-2000:]
    keys = [r["key"] for r in _lines(out / "results.jsonl")] + [e["key"] for e in _lines(out / "errors.jsonl")]
    assert len(keys) == records == len(set(keys))


def test_site_profiles_of_the_sample_render_with_priors(sample_run: tuple[Path, int], tmp_path: Path) -> None:
    out, _ = sample_run
    done = _cli("sites", str(out), "--data", str(SHARED_DATA), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    with (tmp_path / "sites.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 10
    typed = [r for r in rows if r["opensources_type"]]
    assert len(typed) >= len(rows) // 2  # the corpus' own websites.csv types most of its domains
    assert any(r["mbfc_factuality"] for r in rows)  # and Baly's media reliability table some of them
    assert sum(int(r["pages"]) for r in rows) >= 100
    html = (tmp_path / "sites.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 1 and "<script" not in html
    assert rows[0]["site"] in html
