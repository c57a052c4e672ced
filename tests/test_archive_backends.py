"""Archive backends: one SQLite file or a folder of shards, behind one interface the stage and the CLI use."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.provenance.archive import Archive, ArchiveDoc, ArchiveError
from newsaudit.provenance.backend import ArchiveBackend, open_archive
from newsaudit.provenance.sharded import MANIFEST, ShardedArchive, shard_of
from newsaudit.stages.provenance import ProvenanceConfig


def _docs(prefix: str, count: int, words: int = 300) -> list[ArchiveDoc]:
    rng = random.Random(prefix)
    vocabulary = [f"w{i}" for i in range(5000)]
    return [ArchiveDoc(f"{prefix}{i}", " ".join(rng.choices(vocabulary, k=words)), f"{prefix} {i}", f"u{i}")
            for i in range(count)]


DOCS = _docs("d", 40)


def _page(doc: ArchiveDoc) -> str:
    """A re-post: the middle of the document with a paragraph of its own on top."""
    words = doc.text.split()
    return "Our own take on this, written here.\n\n" + " ".join(words[50:250])


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("backends")
    single, sharded = folder / "one.sqlite", folder / "shards"
    for path, shards in ((single, None), (sharded, 3)):
        archive = open_archive(path, create=True, shards=shards)
        archive.add(DOCS, batch=7)
        archive.close()
    return single, sharded


def test_open_archive_tells_a_file_from_a_folder_of_shards(both: tuple[Path, Path]) -> None:
    single, sharded = both
    one, many = open_archive(single), open_archive(sharded)
    try:
        assert isinstance(one, Archive) and isinstance(many, ShardedArchive)
        assert isinstance(one, ArchiveBackend) and isinstance(many, ArchiveBackend)
        assert len(one) == len(many) == 40
        files = sorted(p.name for p in sharded.iterdir() if not p.name.endswith(".lock"))  # writer locks beside
        assert files == ["shard-000.sqlite", "shard-001.sqlite", "shard-002.sqlite", MANIFEST]
        counts = [len(shard) for shard in many.shards]  # type: ignore[attr-defined]
        assert sum(counts) == 40 and min(counts) > 0
        assert counts == [sum(shard_of(d.id, 3) == i for d in DOCS) for i in range(3)]
    finally:
        one.close()
        many.close()


def test_both_backends_give_the_same_answers(both: tuple[Path, Path]) -> None:
    one, many = open_archive(both[0]), open_archive(both[1])
    try:
        for doc in DOCS[::5]:
            page = _page(doc)
            found_one, found_many = one.candidates(page), many.candidates(page)
            assert found_one[0] == found_many[0] and found_one[0].id == doc.id
            assert many.get(doc.id) == doc == one.get(doc.id)
            match = many.match(page)
            assert match is not None and match.sources == [doc] and match.alignment.inserted
        assert many.candidates(_page(DOCS[0]), exclude=[DOCS[0].id]) == []  # no other document shares its words
        assert sorted(d.id for d in many) == sorted(d.id for d in one)
        info = many.info()
        assert info["shards"] == 3 and info["documents"] == 40
        assert info["fingerprints"] == one.info()["fingerprints"]
        with pytest.raises(KeyError):
            many.get("missing")
    finally:
        one.close()
        many.close()


def test_shards_answer_threads_at_once(both: tuple[Path, Path]) -> None:
    pages = [_page(doc) for doc in DOCS]
    with ShardedArchive(both[1]) as archive, ThreadPoolExecutor(4) as pool:
        alone = [archive.candidates(p)[0].id for p in pages]
        together = list(pool.map(lambda p: archive.candidates(p)[0].id, pages * 3))
    assert together == alone * 3 == [d.id for d in DOCS] * 3


def test_a_sharded_add_replaces_by_id_in_its_shard(tmp_path: Path) -> None:
    with ShardedArchive.create(tmp_path / "s", 2) as archive:
        archive.add(DOCS[:10])
        report = archive.add([ArchiveDoc("d3", DOCS[20].text, "new"), *_docs("e", 2)])
        assert (report.added, report.replaced) == (2, 1) and len(archive) == 12
        assert archive.get("d3").title == "new"
        assert archive.candidates(DOCS[20].text)[0].id == "d3"
    with pytest.raises(ArchiveError, match="of 2 shards, not 3"):
        ShardedArchive.create(tmp_path / "s", 3)


def test_a_failing_shard_stops_the_add_with_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = ShardedArchive.create(tmp_path / "s", 2)

    def broken(docs: object, batch: int = 1000) -> None:
        raise ArchiveError("shard-001.sqlite: disk full")

    monkeypatch.setattr(archive.shards[1], "add", broken)
    with pytest.raises(ArchiveError, match="disk full"):
        archive.add(_docs("f", 200), batch=5)  # more than the queues hold: no deadlock
    assert len(archive.shards[0]) > 0
    archive.close()


def test_folders_that_are_not_sharded_archives_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="not an empty folder"):
        (tmp_path / "full").mkdir()
        (tmp_path / "full" / "notes.txt").write_text("mine")
        open_archive(tmp_path / "full", create=True, shards=2)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / MANIFEST).write_text('{"application": "something else"}')
    with pytest.raises(ArchiveError, match="not a newsaudit sharded archive"):
        open_archive(tmp_path / "bad")
    with Archive.create(tmp_path / "one.sqlite") as single:
        single.add(DOCS[:2])
    with pytest.raises(ArchiveError, match="single-file archive; it cannot become 4 shards"):
        open_archive(tmp_path / "one.sqlite", create=True, shards=4)


def test_the_stage_and_the_cli_use_a_sharded_archive(both: tuple[Path, Path], tmp_path: Path) -> None:
    sharded = both[1]
    doc = DOCS[12]
    pipeline = Pipeline(PipelineConfig(stages=("anatomy", "provenance"),
                                       stage_config={"provenance": ProvenanceConfig(archive=sharded)}))
    summary = pipeline.audit(_page(doc)).summary["provenance"]
    assert summary["archive"]["documents"] == 40 and summary["sources"][0]["id"] == doc.id
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in DOCS[:6]), encoding="utf-8")
    made = tmp_path / "cli-shards"
    cli = [sys.executable, "-m", "newsaudit", "archive"]
    added = subprocess.run([*cli, "add", str(feed), "--archive", str(made), "--shards", "2"],
                           capture_output=True, text=True, check=False)
    assert added.returncode == 0, added.stderr
    info = subprocess.run([*cli, "info", "--archive", str(made)], capture_output=True, text=True, check=False)
    assert info.returncode == 0 and json.loads(info.stdout)["shards"] == 2
    assert json.loads(info.stdout)["documents"] == 6
