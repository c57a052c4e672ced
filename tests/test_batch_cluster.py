"""Cluster runs where the workers write their own results: the client commits receipts, never rows.

Each case checks what the issue asks of the write path: every record once, the same rows as the local
engine, receipts (not rows) coming back to the client, a killed run resumed without duplicates or losses,
and a bad record ending as an error row naming it. The cluster tests share one LocalCluster of two worker
processes (a few seconds to start; the records are short and the booster off).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from newsaudit.batch.ledger import damaged_path, read_ledger
from newsaudit.batch.parts import (
    PARTS,
    PartReceipt,
    PartStore,
    audit_and_write_partition,
    open_store,
    read_receipts,
    receipt_keys,
    remove_uncommitted,
    run_rows,
    write_part,
)
from newsaudit.batch.records import BadRecord, Record
from newsaudit.batch.runner import ERRORS, RESULTS, BatchConfig, StageSettings, run_batch

QUICK = StageSettings(booster=False)
BINARY = b"\x00\x01\x02\x03" * 64  # not a page: the audit's error row must name the record


def story(i: int) -> str:
    return (f"Council backs bridge {i}\n\nWASHINGTON (Reuters) - The council voted on Monday to fund bridge {i}, "
            "officials said. The vote was 7 to 2 after a long debate.\n\nConstruction starts in the spring.\n")


def corpus(n: int = 20) -> list[Record | BadRecord]:
    """Short stories, an unreadable input, a binary record, an empty one, and one key named twice."""
    items: list[Record | BadRecord] = [Record(f"k{i:03d}", str(i), story(i), {"domain": f"site{i % 3}.example"})
                                       for i in range(n)]
    items[5:5] = [BadRecord("broken", "b", "invalid JSON: line 1"), Record("binary", "x", BINARY),
                  Record("empty", "e", "   ")]
    items.append(Record("k001", "1", story(1)))  # the same input twice: audited once
    return items


def expected_keys(items: list[Record | BadRecord]) -> set[str]:
    return {item.key for item in items}


def by_key(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: row["key"])


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def assert_exactly_once(out: Path, expected: set[str]) -> None:
    keys = [row["key"] for row in run_rows(out)]
    assert len(keys) == len(set(keys)), "a record was written twice"
    assert set(keys) == expected


def attempt_folders(out: Path, shared: Path) -> set[str]:
    run = json.loads((out / "parts.json").read_text())["run"]
    return {path.name for path in (shared / run).iterdir()}


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] (the dask extra) is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


def cluster_config(cluster, shared: Path, **kwargs) -> BatchConfig:
    return BatchConfig(engine="dask", scheduler=cluster.scheduler_address, parts=str(shared), window=8,
                       settings=QUICK, **kwargs)


# --- on a cluster -----------------------------------------------------------------------------------------------


def test_workers_write_the_same_rows_as_the_local_engine_each_record_once(tmp_path, cluster):
    from newsaudit.batch.tables import export_tables

    items = corpus()
    local = run_batch(items, tmp_path / "local", BatchConfig(workers=1, settings=QUICK))
    summary = run_batch(items, tmp_path / "run", cluster_config(cluster, tmp_path / "shared"))
    assert (summary.done, summary.errors, summary.repeated) == (local.done, local.errors, 1) == (20, 3, 1)
    out = tmp_path / "run"
    assert not (tmp_path / "local" / PARTS).exists()  # the local engine writes as it always has
    assert rows(out / RESULTS) == []  # the client wrote no audited row...
    assert [row["key"] for row in rows(out / ERRORS)] == ["broken"]  # ...only the input it could not read
    assert_exactly_once(out, expected_keys(items))
    local_rows = rows(tmp_path / "local" / RESULTS) + rows(tmp_path / "local" / ERRORS)
    assert by_key(list(run_rows(out))) == by_key(local_rows)
    receipts = list(read_receipts(out / PARTS))
    assert attempt_folders(out, tmp_path / "shared") == {r.folder_name() for r in receipts}
    errors = {row["key"]: row["error"] for row in run_rows(out) if not row["ok"]}
    assert "binary" in errors["binary"] and "empty" in errors["empty"] and errors["broken"].startswith("invalid")
    # The tables read the whole run, and hold what the local engine's tables hold.
    counts = export_tables(out)
    assert counts == export_tables(tmp_path / "local") and counts["pages"] == 20 and counts["errors"] == 3
    for name in ("pages", "findings", "blocks", "errors"):
        assert _table(out, name) == _table(tmp_path / "local", name)
    import duckdb

    with duckdb.connect(str(out / "results.duckdb"), read_only=True) as db:
        assert db.execute("select count(*), count(distinct key) from pages").fetchone() == (20, 20)
    from newsaudit.batch.sites import site_profiles

    profiles = site_profiles(out)
    assert profiles == site_profiles(tmp_path / "local") and sum(p["pages"] for p in profiles) == 20


def _table(out: Path, name: str) -> list[dict]:
    import pyarrow.parquet as pq

    return sorted(pq.read_table(out / "tables" / f"{name}.parquet").to_pylist(),
                  key=lambda row: json.dumps(row, sort_keys=True, default=str))


def test_a_task_returns_its_receipt_never_its_rows(tmp_path, cluster):
    from newsaudit.batch.engines import DaskEngine

    records = [Record(f"r{i}", str(i), story(i)) for i in range(8)] + [Record("binary", "x", BINARY)]
    store = PartStore(str(tmp_path / "shared"), "run")
    engine = DaskEngine(QUICK, cluster.scheduler_address)
    try:
        receipts = list(engine.submit_parts(records, store, "w"))
    finally:
        engine.close()
    assert all(type(receipt) is PartReceipt for receipt in receipts)  # what crossed to the client
    assert sorted(key for r in receipts for key in r.keys) == [f"r{i}" for i in range(8)]
    assert [key for r in receipts for key in r.error_keys] == ["binary"]
    written = sum((Path(r.path) / name).stat().st_size for r in receipts for name in r.files)
    sent = sum(len(pickle.dumps(receipt)) for receipt in receipts)
    assert sent < written / 10  # keys and counts: a small fraction of the rows the workers wrote
    for receipt in receipts:
        assert receipt.files.get(RESULTS, 0) + receipt.files.get(ERRORS, 0) == len(receipt.keys) + len(
            receipt.error_keys)


def test_a_killed_run_resumed_loses_and_repeats_nothing(tmp_path, cluster):
    items = corpus(24)
    out, shared = tmp_path / "run", tmp_path / "shared"
    first = run_batch(items, out, cluster_config(cluster, shared, limit=12))
    assert (first.done, first.errors) == (9, 3)  # 12 inputs: the unreadable one too is an error row
    committed = {key for receipt in read_receipts(out / PARTS) for key in (*receipt.keys, *receipt.error_keys)}
    # As if killed mid-window: a partition written but not committed (its receipt torn), and a second attempt
    # of a committed partition that Dask ran twice; neither may count.
    store = open_store(out, str(shared))
    pending = [item for item in items[12:16] if isinstance(item, Record)]
    torn = audit_and_write_partition(pending, "dead-000000-0000", QUICK, store)
    with (out / PARTS).open("a", encoding="utf-8") as ledger:
        ledger.write(torn.line()[:40])
    again = [item for item in items[:12] if isinstance(item, Record) and item.key in committed][:3]
    duplicate = audit_and_write_partition(again, "dead-000000-0001", QUICK, store)
    summary = run_batch(items, out, cluster_config(cluster, shared, resume=True))
    assert summary.skipped == 13 and [r.torn_bytes for r in summary.repairs] == [40]  # 12, and k001 again
    assert_exactly_once(out, expected_keys(items))
    left = attempt_folders(out, shared)
    assert torn.folder_name() not in left and duplicate.folder_name() not in left  # cleaned up on resume
    from newsaudit.batch.tables import export_tables

    assert export_tables(out)["pages"] == 24


def test_retry_errors_audits_a_partitions_failed_records_again_once(tmp_path, cluster):
    items = [Record("a", "a", story(1)), Record("binary", "x", BINARY)]
    out = tmp_path / "run"
    run_batch(items, out, cluster_config(cluster, tmp_path / "shared"))
    summary = run_batch(items, out, cluster_config(cluster, tmp_path / "shared", resume=True, retry_errors=True))
    assert (summary.skipped, summary.errors) == (1, 1)  # only the failed record went again
    assert_exactly_once(out, {"a", "binary"})
    (aside,) = rows(out / "errors.jsonl.retried")
    assert aside["key"] == "binary"


# --- without a cluster: the write path on any fsspec URL, the ledger of receipts --------------------------------


def test_parts_written_to_an_fsspec_url_are_read_by_the_ledger_and_the_tables(tmp_path):
    from newsaudit.batch.tables import export_tables

    out = tmp_path / "run"
    out.mkdir()
    store = open_store(out, "memory://newsaudit-test/parts")
    receipt = audit_and_write_partition([Record("a", "1", story(1)), Record("bin", "2", BINARY)], "p-0", QUICK,
                                        store)
    orphan = write_part(store, "p-1", [{"key": "z", "id": "z", "ok": False, "error": "never committed"}])
    (out / PARTS).write_text(receipt.line(), encoding="utf-8")
    assert receipt.path.startswith("memory://") and receipt.keys == ("a",) and receipt.error_keys == ("bin",)
    assert {row["key"] for row in run_rows(out)} == {"a", "bin"}
    counts = export_tables(out)
    assert (counts["pages"], counts["errors"]) == (1, 1)
    assert remove_uncommitted(store, {receipt.folder_name()}) == 1
    import fsspec

    assert not fsspec.filesystem("memory").exists(orphan.path.removeprefix("memory://"))


def test_the_receipt_ledger_is_repaired_like_the_row_ledger(tmp_path):
    path = tmp_path / PARTS
    first = PartReceipt("p-0", "/x/p-0.a", {RESULTS: 2}, ("a", "b"))
    repeat = PartReceipt("p-1", "/x/p-1.a", {RESULTS: 2}, ("b", "c"))  # names a key already committed
    last = PartReceipt("p-2", "/x/p-2.a", {ERRORS: 1}, (), ("d",))
    path.write_text(first.line() + "{garbled\n" + repeat.line() + last.line() + last.line()[:10], encoding="utf-8")
    report = read_ledger(path, keys_of=receipt_keys)
    assert (report.rows, report.damaged, report.repeated, report.torn_bytes) == (2, 1, 1, 10)
    assert {"a", "b", "d"} <= report.keys and "c" not in report.keys  # c is audited again, b not twice
    assert [r.part for r in read_receipts(path)] == ["p-0", "p-2"]
    assert damaged_path(path).read_text(encoding="utf-8") == "{garbled\n" + repeat.line()
    assert receipt_keys(b'{"part": "p", "path": "/x", "files": {}, "keys": [1]}') is None


def test_workers_write_their_own_results_on_the_dask_engine_only(tmp_path):
    with pytest.raises(ValueError, match="Dask engine only"):
        run_batch([Record("a", "1", story(1))], tmp_path / "run", BatchConfig(workers=1, parts=str(tmp_path / "s")))


def test_cli_parts_needs_the_dask_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsaudit.cli import main

    page = tmp_path / "page.txt"
    page.write_text("A headline\n\nSome words of a story that is long enough to audit.\n", encoding="utf-8")
    code = main(["batch", str(page), "--out", str(tmp_path / "run"), "--parts", str(tmp_path / "parts"), "-q"])
    assert code == 1
    assert "--engine dask" in capsys.readouterr().err
    assert not (tmp_path / "run").exists() and not (tmp_path / "parts").exists()


def test_windows_grow_with_the_cluster_so_tasks_keep_several_records() -> None:
    from newsaudit.batch.runner import RECORDS_PER_TASK, window_size

    assert window_size(256, 2) == 256  # a small cluster or pool: the configured window
    assert window_size(256, 500) == 500 * RECORDS_PER_TASK  # hundreds of threads: no one-record tasks
    assert window_size(4096, 100) == 4096


def test_cli_batch_with_parts_writes_through_the_workers(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    from newsaudit.batch.parts import run_rows
    from newsaudit.cli import main

    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"p{i}.txt").write_text(f"Headline {i}\n\nA short story number {i}, told in one paragraph.\n")
    out, shared = tmp_path / "run", tmp_path / "shared"
    code = main(["batch", str(pages), "--out", str(out), "--engine", "dask", "--scheduler", cluster.scheduler_address,
                 "--parts", str(shared), "--no-booster", "--no-encoder", "-q"])
    assert code == 0
    assert (out / "parts.jsonl").exists() and any(shared.iterdir())
    assert sorted(row["id"] for row in run_rows(out)) == ["p0.txt", "p1.txt", "p2.txt"]
