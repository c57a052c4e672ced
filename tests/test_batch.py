"""Batch runs: every record ends as a result or an error row; a killed run resumes without gaps or duplicates."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsaudit.batch.records import BadRecord, Record, read_input, read_inputs
from newsaudit.batch.runner import ERRORS, RESULTS, BatchConfig, run_batch
from newsaudit.slant.techniques import readable

PAGE = ("Council backs new bridge\n\nThe city council voted on Monday to fund a new bridge over the river, "
        "ending two years of debate.\n\nConstruction is expected to start in the spring.\n")


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_csv_reader_keeps_fakenewscorpus_columns_and_names_bad_rows(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text('id,domain,type,url,content,title\n'
                    f'1,example.com,fake,http://example.com/a,"{PAGE}",Council backs new bridge\n'
                    '2,example.com,fake,http://example.com/b,,Empty page\n'
                    '3,example.com,fake,http://example.com/c,"text",t,EXTRA\n', encoding="utf-8")
    items = list(read_input(path))
    assert isinstance(items[0], Record) and items[0].id == "1"
    assert items[0].meta == {"title": "Council backs new bridge", "url": "http://example.com/a",
                             "domain": "example.com", "type": "fake"}
    assert isinstance(items[1], BadRecord) and "empty text" in items[1].reason and items[1].key.endswith("row 2")
    assert isinstance(items[2], BadRecord) and "more fields" in items[2].reason


def test_jsonl_reader_reports_broken_lines_and_goes_on(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({"id": "a", "text": PAGE}) + "\n{not json\n" + json.dumps(["x"]) + "\n"
                    + json.dumps({"id": "d", "text": PAGE}) + "\n", encoding="utf-8")
    items = list(read_input(path))
    assert [type(i).__name__ for i in items] == ["Record", "BadRecord", "BadRecord", "Record"]
    assert "invalid JSON" in items[1].reason and items[1].key.endswith("line 2")


def test_folder_reader_and_missing_input(tmp_path):
    (tmp_path / "pages" / "sub").mkdir(parents=True)
    (tmp_path / "pages" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "pages" / "sub" / "b.html").write_text(f"<html><body><p>{PAGE}</p></body></html>", encoding="utf-8")
    (tmp_path / "pages" / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_inputs([tmp_path / "pages", tmp_path / "missing.csv"]))
    assert [i.id for i in items[:2]] == ["a.txt", "sub/b.html"]
    assert isinstance(items[2], BadRecord) and "no such file" in items[2].reason


def test_every_record_is_accounted_for(tmp_path):
    items = [Record("k1", "1", PAGE), Record("k2", "2", b"\x00\x01\x02" * 50), BadRecord("k3", "3", "broken"),
             Record("k4", "4", "   "), Record("k5", "5", PAGE.encode("utf-8"))]
    summary = run_batch(items, tmp_path / "out", BatchConfig(workers=1))
    assert (summary.done, summary.errors) == (2, 3)
    ok, bad = rows(tmp_path / "out" / RESULTS), rows(tmp_path / "out" / ERRORS)
    assert {r["key"] for r in ok} == {"k1", "k5"}
    assert ok[0]["summary"]["anatomy"]["title"] == "Council backs new bridge"
    errors = {r["key"]: r["error"] for r in bad}
    assert "binary" in errors["k2"] and errors["k3"] == "broken" and "empty" in errors["k4"]


def test_parallel_run_matches_serial(tmp_path):
    items = [Record(f"k{i}", str(i), PAGE.replace("Monday", f"day {i}")) for i in range(40)]
    run_batch(items, tmp_path / "serial", BatchConfig(workers=1))
    run_batch(items, tmp_path / "parallel", BatchConfig(workers=2, window=16))
    serial = {r["key"]: r for r in rows(tmp_path / "serial" / RESULTS)}
    parallel = {r["key"]: r for r in rows(tmp_path / "parallel" / RESULTS)}
    assert serial == parallel and len(serial) == 40


def test_used_folder_needs_resume(tmp_path):
    run_batch([Record("k1", "1", PAGE)], tmp_path / "out", BatchConfig(workers=1))
    with pytest.raises(FileExistsError):
        run_batch([Record("k1", "1", PAGE)], tmp_path / "out", BatchConfig(workers=1))
    summary = run_batch([Record("k1", "1", PAGE), Record("k2", "2", PAGE)], tmp_path / "out",
                        BatchConfig(workers=1, resume=True))
    assert (summary.skipped, summary.done) == (1, 1)


def test_resume_drops_a_line_cut_short_by_a_crash(tmp_path):
    out = tmp_path / "out"
    run_batch([Record("k1", "1", PAGE)], out, BatchConfig(workers=1))
    with (out / RESULTS).open("a", encoding="utf-8") as handle:
        handle.write('{"key": "k2", "id": "2", "ok": tr')  # the crash
    run_batch([Record("k1", "1", PAGE), Record("k2", "2", PAGE)], out, BatchConfig(workers=1, resume=True))
    assert [r["key"] for r in rows(out / RESULTS)] == ["k1", "k2"]


def test_resume_keys_do_not_depend_on_how_the_input_was_typed(tmp_path, monkeypatch):
    from newsaudit.batch.runner import StageSettings

    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    Path("c.jsonl").write_text("".join(json.dumps({"id": str(i), "text": PAGE}) + "\n" for i in range(3))
                               + "{broken\n", encoding="utf-8")
    config = BatchConfig(workers=1, settings=StageSettings(booster=False))
    run_batch(read_inputs(["./c.jsonl"]), "out", config)
    corpus = Path.cwd() / "c.jsonl"  # the folder as the system names it (tmp_path may pass through a link)
    assert rows(tmp_path / "out" / RESULTS)[0]["key"] == f"{corpus}:line 1"
    resume = BatchConfig(workers=1, resume=True, settings=config.settings)
    for typed in ("c.jsonl", str(corpus), "sub/../c.jsonl"):
        summary = run_batch(read_inputs([typed]), "out", resume)
        assert (summary.skipped, summary.done, summary.errors) == (4, 0, 0), typed
    # A ledger from before keys were absolute (the path as typed) resumes from the folder it was started in.
    Path("old").mkdir()
    Path("old", RESULTS).write_text(json.dumps({"key": "./c.jsonl:line 1", "id": "0", "ok": True}) + "\n",
                                    encoding="utf-8")
    Path("old", ERRORS).write_text(json.dumps({"key": "c.jsonl:line 4", "id": "line-4", "ok": False}) + "\n",
                                   encoding="utf-8")
    summary = run_batch(read_inputs(["c.jsonl"]), "old", resume)
    assert (summary.skipped, summary.done) == (2, 2)
    assert [r["key"] for r in rows(tmp_path / "old" / RESULTS)][1:] == [f"{corpus}:line {n}" for n in (2, 3)]


def test_kill_9_then_resume_loses_nothing_and_repeats_nothing(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(3000):
            handle.write(json.dumps({"id": str(i), "text": PAGE.replace("Monday", f"day {i}")}) + "\n")
        handle.write("{broken\n")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "newsaudit", "batch", str(corpus), "--out", str(out), "-j", "1", "-q"]
    # This test is about crash and resume, not slant quality: the n-gram tagger keeps 3,000 pages quick.
    env = {**os.environ, "NEWSAUDIT_SLANT_BOOSTER": "0"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (out / RESULTS).exists() and (out / RESULTS).stat().st_size > 20_000:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = len(rows(out / RESULTS)) if (out / RESULTS).read_bytes().endswith(b"\n") else None
    assert partial is None or partial < 3000, "the run finished before it could be killed"
    done = subprocess.run([*cmd, "--resume"], capture_output=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr.decode()
    keys = [r["key"] for r in rows(out / RESULTS)]
    assert len(keys) == len(set(keys)) == 3000
    assert [r["key"] for r in rows(out / ERRORS)] == [f"{corpus}:line 3001"]


def test_tables_answer_sql(tmp_path):
    import duckdb

    from newsaudit.batch.tables import export_tables

    canonical = (Path(__file__).parents[1] / "src" / "newsaudit" / "examples" /
                 "syria-repost-with-comments.txt").read_text(encoding="utf-8")
    items = [Record("syria", "s1", canonical, {"domain": "blog.example", "type": "conspiracy"}),
             Record("plain", "p1", PAGE, {"domain": "news.example"}), BadRecord("bad", "b1", "invalid JSON")]
    run_batch(items, tmp_path / "out", BatchConfig(workers=1))
    counts = export_tables(tmp_path / "out")
    assert counts["pages"] == 2 and counts["errors"] == 1 and counts["comments"] == 7
    with duckdb.connect(str(tmp_path / "out" / "results.duckdb"), read_only=True) as con:
        wire = con.execute("SELECT domain, wire_agency, insertions FROM pages WHERE wire_agency IS NOT NULL").fetchall()
        assert wire == [("blog.example", "Reuters", 3)]
        replies = con.execute("SELECT count(*) FROM comments WHERE parent IS NOT NULL").fetchone()
        assert replies == (2,)
        kinds = dict(con.execute("SELECT type, count(*) FROM blocks WHERE key = 'syria' GROUP BY type").fetchall())
        assert kinds["insertion"] == 3 and kinds["comment"] == 7
        assert con.execute("SELECT error FROM errors").fetchall() == [("invalid JSON",)]
        decisions = dict(con.execute("SELECT decision, count(*) FROM comments GROUP BY decision").fetchall())
        assert decisions["reject"] >= 4 and decisions["allow"] >= 1
        rejected = con.execute("SELECT comments_rejected, comments_moderated FROM pages WHERE key = 'syria'").fetchone()
        assert rejected == (decisions["reject"], 7)
        groups = con.execute("SELECT DISTINCT groups FROM comments WHERE decision = 'reject'").fetchall()
        assert all("jews" in g for (g,) in groups)
        # Without an archive: the page's insertions, but no source, nothing copied, and no sources rows.
        provenance = con.execute("SELECT key, inserted_share, insertion_words, sources, source_id, copied_share, "
                                 "source_page_share, dropped_words, reworded FROM pages ORDER BY key").fetchall()
        assert provenance[0] == ("plain", 0.0, 0, None, None, None, None, None, None)
        assert provenance[1][0] == "syria" and 0.05 < provenance[1][1] < 0.2 and provenance[1][2] > 50
        assert provenance[1][3:] == (None,) * 6
        assert counts["sources"] == 0
        claims = con.execute("SELECT attributions, attributed_share, anonymous_attributions, checkworthy_claims, "
                             "unattributed_assertions, claims_words FROM pages WHERE key = 'syria'").fetchone()
        assert claims[0] > 5 and 0.3 < claims[1] < 0.95 and claims[2] >= 1
        assert claims[3] >= claims[4] >= 3 and claims[5] > 500
        by_stage = dict(con.execute("SELECT kind, count(*) FROM findings WHERE stage = 'claims' AND key = 'syria' "
                                    "GROUP BY kind").fetchall())
        assert by_stage["attribution"] == claims[0] and by_stage["unattributed_assertion"] == claims[4]


def test_parquet_input(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": ["a", "b"], "content": [PAGE, ""], "domain": ["x.example", "y.example"]})
    pq.write_table(table, tmp_path / "corpus.parquet")
    items = list(read_input(tmp_path / "corpus.parquet"))
    assert isinstance(items[0], Record) and items[0].meta == {"domain": "x.example"}
    assert isinstance(items[1], BadRecord) and "empty text" in items[1].reason
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    (bad,) = read_input(tmp_path / "broken.parquet")
    assert isinstance(bad, BadRecord) and "Parquet" in bad.reason


def test_warc_input_keeps_html_responses(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, ctype, body in [("https://news.example/a", "text/html; charset=utf-8",
                                  f"<html><body><article><h1>Bridge</h1><p>{PAGE}</p></article></body></html>"),
                                 ("https://news.example/logo.png", "image/png", "PNG")]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body.encode()),
                                                          http_headers=headers))
    items = list(read_input(path))
    assert len(items) == 1 and isinstance(items[0], Record)
    assert items[0].meta == {"url": "https://news.example/a", "domain": "news.example"}
    summary = run_batch(items, tmp_path / "out", BatchConfig(workers=1))
    assert summary.done == 1
    (row,) = rows(tmp_path / "out" / RESULTS)
    assert row["meta"]["format"] == "html" and row["meta"]["domain"] == "news.example"
    (tmp_path / "junk.warc").write_bytes(b"this is not a warc file at all\n" * 10)
    (bad,) = read_input(tmp_path / "junk.warc")
    assert isinstance(bad, BadRecord) and "WARC" in bad.reason


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is a dev dependency")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster


def test_dask_engine_gives_the_same_rows_as_the_local_one(tmp_path, dask_cluster):
    items = [Record(f"k{i}", str(i), PAGE.replace("Monday", f"day {i}")) for i in range(30)]
    items.append(BadRecord("bad", "b", "invalid JSON"))
    items.append(Record("empty", "e", "  "))
    run_batch(items, tmp_path / "local", BatchConfig(workers=1))
    summary = run_batch(items, tmp_path / "dask", BatchConfig(engine="dask", scheduler=dask_cluster.scheduler_address,
                                                              window=16))
    assert (summary.done, summary.errors) == (30, 2)
    for name in (RESULTS, ERRORS):
        local = sorted(rows(tmp_path / "local" / name), key=lambda r: r["key"])
        dask = sorted(rows(tmp_path / "dask" / name), key=lambda r: r["key"])
        assert local == dask


def test_site_profiles_with_priors_and_escaped_html(tmp_path):
    from newsaudit.batch.sites import render_html, site_profiles
    from newsaudit.batch.tables import export_tables

    canonical = (Path(__file__).parents[1] / "src" / "newsaudit" / "examples" /
                 "syria-repost-with-comments.txt").read_text(encoding="utf-8")
    items = [Record("a", "1", canonical, {"domain": "www.repost.example", "type": "conspiracy"}),
             Record("b", "2", PAGE, {"domain": "repost.example"}),
             Record("c", "3", PAGE, {"domain": "<script>alert(1)</script>.example"})]
    run_batch(items, tmp_path / "run", BatchConfig(workers=1))
    export_tables(tmp_path / "run")
    data = tmp_path / "data"
    (data / "fakenewscorpus").mkdir(parents=True)
    (data / "fakenewscorpus" / "websites.csv").write_text(",url,type,2nd_type,3rd_type,active\n"
                                                          "0,repost.example,conspiracy,bias,,\n", encoding="utf-8")
    (data / "media_reliability_baly" / "data" / "emnlp18").mkdir(parents=True)
    (data / "media_reliability_baly" / "data" / "emnlp18" / "corpus.tsv").write_text(
        "source_url\tsource_url_normalized\tref\tfact\tbias\nhttp://repost.example\trepost.example\tx\tlow\tright\n",
        encoding="utf-8")
    profiles = {p["site"]: p for p in site_profiles(tmp_path / "run", data)}
    repost = profiles["repost.example"]
    assert repost["pages"] == 2 and repost["wire_copy_share"] == 0.5 and repost["laundered_wire_share"] == 0.5
    assert repost["comments"] == 7
    assert 4 / 7 <= repost["comment_rejection_rate"] < 1 and repost["groups_targeted"].startswith("jews (")
    assert profiles["<script>alert(1)</script>.example"]["comment_rejection_rate"] is None  # no comments: no rate
    assert 0 < repost["mean_inserted_share"] < 0.1  # the canonical page's lead, averaged with a page without one
    assert repost["source_matched_share"] is None and repost["mean_copied_share"] is None  # no archive: no match
    # The canonical page's inserted lead makes the site's own voice far denser in propaganda than its pages overall.
    assert repost["own_voice_propaganda_per_1000_words"] > repost["propaganda_per_1000_words"] > 0
    assert repost["top_technique"]
    assert (repost["opensources_type"], repost["mbfc_factuality"], repost["mbfc_bias"]) == (
        "conspiracy/bias", "low", "right")
    assert repost["top_technique_name"] == readable(repost["top_technique"])  # the reader's name beside the id
    page = render_html(list(profiles.values()), min_pages=1)
    assert "<script" not in page and "&lt;script&gt;" in page  # no scripts of its own, the site name escaped
    assert "<td class=site>&lt;script&gt;alert(1)&lt;/script&gt;.example</td>" in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;.example: " in page  # a chart's bar (its label is cut)
    assert "propaganda per 1,000 words of its own voice" in page and "top technique" in page
    assert f"<td class=n>{repost['own_voice_propaganda_per_1000_words']:.1f}</td>" in page
    assert html_text_of(readable(repost["top_technique"])) in page and "once the slant stage exists" not in page
    # The source priors come right after the site and its page count.
    row = re.search(r"<tr><td class=site>repost\.example</td>(.*?)</tr>", page)
    assert row and re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))[:4] == ["2", "conspiracy/bias", "low", "right"]
    # The charts: sites ranked by rejected comments (only repost.example has moderated comments), inserted words
    # and own-voice propaganda, each an inline SVG with a bar per site that has a value, and its page count.
    charts = re.findall(r"<figure><figcaption>(.*?)</figcaption>(.*?)</figure>", page)
    assert [title for title, _ in charts] == ["Sites by share of comments rejected",
                                              "Sites by share of article words inserted around wire copy (mean)",
                                              "Sites by propaganda spans per 1,000 words of their own voice"]
    rejected = charts[0][1]
    assert rejected.startswith("<svg") and rejected.count("<rect") == 1 and ">repost.example</text>" in rejected
    assert f">{repost['comment_rejection_rate']:.0%} · 2 pages</text>" in rejected
    assert charts[1][1].count("<rect") == 2  # both sites: the repost site first
    assert charts[1][1].index("repost.example") < charts[1][1].index("&lt;script&gt;")
    # With the default minimum of 3 pages, neither site is charted; the table marks them and the charts say why.
    few = render_html(list(profiles.values()))
    charts = re.findall(r"<figure><figcaption>(.*?)</figcaption>(.*?)</figure>", few)
    assert all("<rect" not in chart for _, chart in charts)
    assert "2 sites with fewer than 3 pages left out." in charts[1][1]
    assert few.count("<span class=few>few pages</span>") == 2


def html_text_of(value: str) -> str:
    import html

    return html.escape(value)


def test_progress_line_shows_rate_share_and_eta(capsys):
    from newsaudit.batch.progress import BatchProgress
    from newsaudit.batch.runner import BatchSummary

    progress = BatchProgress(total=100, every=0)
    progress.enabled = True  # as on a terminal
    progress.started -= 10  # ten seconds in
    progress.update(BatchSummary(done=40, errors=10))
    line = capsys.readouterr().err
    assert "40 audited · 10 errors · 5.0 pages/s · 50% · ETA 0:00:10" in line


def _documented_queries() -> dict[str, str]:
    """Every SQL example of the README's batch section by its comment line, so the docs cannot rot."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("newsaudit batch INPUT") : readme.index("newsaudit sites RESULTS")]
    blocks = [block.split("```")[0] for block in section.split("```sql")[1:]]
    # A statement ends with a semicolon at the end of a line (a ';' inside a string literal does not end it).
    statements = [s.strip() for block in blocks for s in re.split(r";[ \t]*$", block, flags=re.M) if s.strip()]
    return {s.splitlines()[0].removeprefix("-- "): s for s in statements}


def _documented_query(comment: str) -> str:
    """The README's SQL example whose comment line starts with ``comment``."""
    (query,) = [q for c, q in _documented_queries().items() if c.startswith(comment)]
    return query


def test_dask_engine_gives_every_thread_a_task(dask_cluster):
    from newsaudit.batch.engines import DaskEngine
    from newsaudit.batch.runner import StageSettings

    engine = DaskEngine(StageSettings(), dask_cluster.scheduler_address)
    try:
        assert engine.capacity == 2  # two workers of one thread
        records = [Record(f"k{i}", str(i), PAGE) for i in range(16)]
        assert [len(p) for p in engine.partitions(records)] == [8, 8]  # not one task of 64 for two threads
        assert [len(p) for p in engine.partitions(records[:3])] == [1, 1, 1]
        engine.partition_size = 4
        assert [len(p) for p in engine.partitions(records)] == [4] * 4
    finally:
        engine.close()


def test_runner_submits_the_next_window_before_writing_the_current_one(tmp_path, monkeypatch):
    from newsaudit.batch import engines, runner

    log: list[tuple] = []

    class Recording:
        capacity = 4  # more than the configured window: the runner's windows grow to it

        def submit(self, records):
            number = sum(1 for entry in log if entry[0] == "submit")
            log.append(("submit", number, len(records)))

            def rows():
                log.append(("write", number))
                for record in records:
                    yield {"key": record.key, "id": record.id, "ok": record.id != "bad"}

            return rows()

        def close(self):
            log.append(("close",))

    monkeypatch.setattr(engines, "make_engine", lambda *args: Recording())
    monkeypatch.setattr(runner, "RECORDS_PER_TASK", 1)  # a window of one record a thread: 4 here
    items = [Record(f"k{i}", "bad" if i == 5 else str(i), PAGE) for i in range(10)]
    summary = run_batch(items, tmp_path / "out", BatchConfig(workers=1, window=2))
    assert log == [("submit", 0, 4), ("submit", 1, 4), ("write", 0), ("submit", 2, 2), ("write", 1), ("write", 2),
                   ("close",)]
    assert (summary.done, summary.errors) == (9, 1)
    assert [r["key"] for r in rows(tmp_path / "out" / RESULTS)] == [f"k{i}" for i in range(10) if i != 5]
    assert [r["key"] for r in rows(tmp_path / "out" / ERRORS)] == ["k5"]


def _archived_story(canonical_text: str) -> str:
    """The Reuters story the canonical page re-posts, as the wire sent it."""
    start, end = "MOSCOW/WASHINGTON (Reuters)", "Andrew Osborn, Phil Stewart"
    return canonical_text.splitlines()[0] + "\n\n" + canonical_text[
        canonical_text.index(start) : canonical_text.index(end) + len(end)]


def _archive_run_items(canonical_text: str, archive: Path) -> list[Record]:
    """Build an archive holding the story at ``archive``; the records of a run against it."""
    from newsaudit.provenance.archive import Archive, ArchiveDoc

    story = _archived_story(canonical_text)
    with Archive.create(archive) as created:
        created.add([ArchiveDoc("reuters:syria", story, "Russia will target", "https://wire.example/syria")])
    return [Record("syria", "s1", canonical_text, {"domain": "blog.example"}),
            Record("plain", "p1", PAGE, {"domain": "blog.example"}),
            Record("verbatim", "v1", story, {"domain": "wire.example"})]


def _table(out: Path, name: str) -> list[dict]:
    import pyarrow.parquet as pq

    return sorted(pq.read_table(out / "tables" / f"{name}.parquet").to_pylist(),
                  key=lambda r: (r["key"], r.get("rank") or 0))


def test_dask_workers_get_the_archive_with_the_settings_not_from_the_environment(tmp_path, monkeypatch,
                                                                                  dask_cluster, canonical_text):
    from newsaudit.batch.runner import StageSettings
    from newsaudit.batch.tables import export_tables
    from newsaudit.errors import NewsauditError

    monkeypatch.delenv("NEWSAUDIT_ARCHIVE", raising=False)
    # The workers started before the archive existed, so no environment of theirs can name it.
    items = _archive_run_items(canonical_text, tmp_path / "originals.sqlite")
    settings = StageSettings(archive=str(tmp_path / "originals.sqlite"), booster=False)
    run_batch(items, tmp_path / "local", BatchConfig(workers=1, settings=settings))
    run_batch(items, tmp_path / "dask", BatchConfig(engine="dask", scheduler=dask_cluster.scheduler_address,
                                                    window=2, settings=settings))
    for out in ("local", "dask"):
        export_tables(tmp_path / out)
    for name in ("pages", "sources"):
        assert _table(tmp_path / "dask", name) == _table(tmp_path / "local", name)
    assert [r["key"] for r in _table(tmp_path / "dask", "sources")] == ["syria", "verbatim"]
    missing = StageSettings(archive=str(tmp_path / "elsewhere.sqlite"))
    with pytest.raises(NewsauditError, match="cannot be read on 2 of 2 Dask workers") as caught:
        run_batch(items, tmp_path / "missing", BatchConfig(engine="dask", scheduler=dask_cluster.scheduler_address,
                                                           settings=missing))
    assert all(address in str(caught.value) for address in dask_cluster.scheduler_info["workers"])
    assert not (tmp_path / "missing" / RESULTS).exists()


def test_archive_checks_name_the_workers_that_cannot_read_it(tmp_path, canonical_text):
    from newsaudit.batch.engines import archive_problem, require_archive_on_workers
    from newsaudit.batch.runner import StageSettings
    from newsaudit.errors import NewsauditError

    archive = tmp_path / "originals.sqlite"
    _archive_run_items(canonical_text, archive)
    assert archive_problem(str(archive)) is None
    assert "no archive here" in (archive_problem(str(tmp_path / "absent.sqlite")) or "")

    class Client:  # two workers; the second has no shared filesystem, so the path leads nowhere there
        def run(self, check, path):
            return {"tcp://10.0.0.1:4000": check(path), "tcp://10.0.0.2:4000": check(path + ".absent")}

    with pytest.raises(NewsauditError, match="same path on every worker") as caught:
        require_archive_on_workers(Client(), str(archive))
    assert "10.0.0.2" in str(caught.value) and "10.0.0.1" not in str(caught.value)
    with pytest.raises(NewsauditError, match="no archive here"):  # the local engines check it in this process
        run_batch([Record("k1", "1", PAGE)], tmp_path / "out",
                  BatchConfig(workers=1, settings=StageSettings(archive=str(tmp_path / "absent.sqlite"))))


@pytest.fixture(scope="module")
def archive_run(tmp_path_factory, canonical_text) -> tuple[Path, dict[str, int]]:
    """A small run against an archive, with its tables: a re-post with comments, a plain page, the wire story."""
    from newsaudit.batch.runner import StageSettings
    from newsaudit.batch.tables import export_tables

    tmp = tmp_path_factory.mktemp("archive-run")
    items = _archive_run_items(canonical_text, tmp / "originals.sqlite")
    settings = StageSettings(archive=str(tmp / "originals.sqlite"), booster=False)
    run_batch(items, tmp / "out", BatchConfig(workers=1, settings=settings))
    return tmp / "out", export_tables(tmp / "out")


#: What each README example gives on ``archive_run``, by the start of its comment line.
DOCUMENTED_RESULTS = {
    "which sites re-post wire copy": lambda rows: sorted(rows) == [("blog.example", 2, 1, 3),
                                                                    ("wire.example", 1, 1, 0)],
    "the inserted passages themselves": lambda rows: len(rows) == 3 and all(
        domain == "blog.example" and "dateline" in reason for domain, _, reason in rows),
    "comment threads cut short": lambda rows: rows == [("syria", 10, 7)],
    "sites whose comment sections": lambda rows: rows[0][0] == "blog.example" and 0.5 < rows[0][2] < 1
    and "jews" in rows[0][3],
    "pages that copy an archived source": lambda rows: [r[:3] for r in rows] == [
        ("blog.example", "Russia will target U.S.-backed fighters in Syria if provoked", "reuters:syria")],
}


@pytest.mark.parametrize("comment", list(_documented_queries()))
def test_every_readme_sql_example_runs(comment, archive_run):
    import duckdb

    out, _ = archive_run
    with duckdb.connect(str(out / "results.duckdb"), read_only=True) as con:
        result = con.execute(_documented_queries()[comment]).fetchall()
    check = next((check for start, check in DOCUMENTED_RESULTS.items() if comment.startswith(start)), None)
    assert check is None or check(result), result  # an example without a check here must still run


def test_readme_sql_examples_are_all_found():
    assert len(_documented_queries()) >= len(DOCUMENTED_RESULTS)
    assert all(any(c.startswith(start) for c in _documented_queries()) for start in DOCUMENTED_RESULTS)


def test_tables_and_sites_carry_provenance_with_an_archive(tmp_path, archive_run, canonical_text):
    import duckdb

    from newsaudit.batch.sites import COLUMNS, render_html, site_profiles, write_csv

    out, counts = archive_run
    assert counts["sources"] == 2
    with duckdb.connect(str(out / "results.duckdb"), read_only=True) as con:
        cols = ("sources", "source_id", "source_title", "source_page_share", "copied_share", "inserted_share",
                "insertion_words", "dropped_words", "reworded")
        pages = {r[0]: dict(zip(cols, r[1:], strict=True))
                 for r in con.execute(f"SELECT key, {', '.join(cols)} FROM pages").fetchall()}
        syria = pages["syria"]
        assert (syria["sources"], syria["source_id"]) == (1, "reuters:syria")
        assert syria["source_title"] == "Russia will target"
        assert 0.85 < syria["copied_share"] == syria["source_page_share"] < 0.92
        assert syria["insertion_words"] > 50 and 0.05 < syria["inserted_share"] < 0.2
        assert (syria["dropped_words"], syria["reworded"]) == (0, 0)
        assert pages["verbatim"]["copied_share"] == 1.0 and pages["verbatim"]["insertion_words"] == 0
        # Audited against the archive but copying nothing: no source, nothing copied, nothing to drop or reword.
        assert pages["plain"] == {**dict.fromkeys(cols), "sources": 0, "copied_share": 0.0, "inserted_share": 0.0,
                                  "insertion_words": 0}
        sources = con.execute("SELECT key, rank, source_id, title, url, copied_words, source_share FROM sources "
                              "ORDER BY key").fetchall()
        assert [r[:5] for r in sources] == [
            ("syria", 1, "reuters:syria", "Russia will target", "https://wire.example/syria"),
            ("verbatim", 1, "reuters:syria", "Russia will target", "https://wire.example/syria")]
        assert sources[0][5] > 300 and sources[0][6] == sources[1][6] == 1.0
        documented = con.execute(_documented_query("pages that copy an archived source")).fetchall()
    title = canonical_text.splitlines()[0]
    assert documented == [("blog.example", title, "reuters:syria", syria["source_page_share"],
                           syria["insertion_words"], 0, 0)]
    profiles = {p["site"]: p for p in site_profiles(out)}
    blog, wire = profiles["blog.example"], profiles["wire.example"]
    assert blog["source_matched_share"] == 0.5 and blog["mean_copied_share"] == syria["copied_share"]
    assert blog["mean_inserted_share"] == pytest.approx(syria["inserted_share"] / 2)
    assert (wire["source_matched_share"], wire["mean_copied_share"], wire["mean_inserted_share"]) == (1.0, 1.0, 0.0)
    write_csv(list(profiles.values()), tmp_path / "sites.csv")
    header, *lines = (tmp_path / "sites.csv").read_text(encoding="utf-8").splitlines()
    assert header.split(",") == COLUMNS and "source_matched_share" in COLUMNS
    assert lines[0].split(",")[COLUMNS.index("source_matched_share")] == "0.5"
    page = render_html(list(profiles.values()))
    assert "matched to an archived source" in page and f'aria-label="{blog["mean_copied_share"]:.0%}"' in page


def test_html_pages_from_files_take_their_site_from_their_own_canonical_address(tmp_path):
    import duckdb

    from newsaudit.batch.tables import export_tables

    page = ('<html><head><title>A story</title><link rel="canonical" href="https://www.riverside.example/a/1">'
            "</head><body><article><h1>A story</h1><p>" + "Words of the story go on here. " * 20 +
            "</p></article></body></html>")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "story.html").write_text(page, encoding="utf-8")
    (folder / "dump.txt").write_text("A title\n\nA text dump names no address of its own.\n", encoding="utf-8")
    items = [*read_input(folder), Record("given", "g1", PAGE, {"url": "https://news.example/x",
                                                               "domain": "given.example"})]
    run_batch(items, tmp_path / "out", BatchConfig(workers=1))
    export_tables(tmp_path / "out")
    with duckdb.connect(str(tmp_path / "out" / "results.duckdb"), read_only=True) as con:
        sites = dict(con.execute("SELECT id, domain FROM pages").fetchall())
    assert sites == {"story.html": "www.riverside.example", "dump.txt": None, "g1": "given.example"}
