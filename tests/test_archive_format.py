"""The archive's format 2: packed postings, dictionary-compressed texts, and format 1 files refused or copied."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from newsaudit.provenance import postings
from newsaudit.provenance.archive import FORMAT_VERSION, PAGE_SIZE, Archive, ArchiveDoc, ArchiveError
from newsaudit.provenance.archive_file import APPLICATION, APPLICATION_ID
from newsaudit.provenance.textcodec import TextCodec, build_dictionary, packaged_dictionary


def _docs(prefix: str, count: int, words: int = 300, seed: int = 0) -> list[ArchiveDoc]:
    rng = random.Random(f"{prefix}{seed}")
    vocabulary = [f"w{i}" for i in range(5000)]
    return [ArchiveDoc(f"{prefix}{i}", " ".join(rng.choices(vocabulary, k=words)), f"{prefix} {i}")
            for i in range(count)]


def _index(bits: int = 8) -> tuple[sqlite3.Connection, postings.Layout]:
    db = sqlite3.connect(":memory:")
    db.execute(postings.SCHEMA)
    for statement in postings.STAGING:
        db.execute(statement)
    return db, postings.Layout(bits)


# -- postings --------------------------------------------------------------------------------------


def test_packed_postings_agree_with_a_plain_inverted_index() -> None:
    """Few buckets (8 bits), so buckets hold many fingerprints and documents: adds, removals and max_df."""
    db, layout = _index(8)
    rng = np.random.default_rng(1)
    common = rng.integers(-(1 << 63), 1 << 63, 5, dtype=np.int64)  # in many documents
    truth: dict[int, set[int]] = defaultdict(set)
    for doc in range(1, 201):
        fps = np.unique(np.concatenate([rng.integers(-(1 << 63), 1 << 63, 30, dtype=np.int64),
                                        common[: doc % 6]]))
        keys = layout.keys(fps)
        postings.insert(db, keys, np.full(len(keys), doc, np.uint32))
        for key in keys.tolist():
            truth[key].add(doc)
    for doc in (7, 100):  # removed by their keys
        mine = [k for k, docs in truth.items() if doc in docs]
        assert postings.remove(db, np.array(mine, np.uint64), doc) == len(mine)
        for key in mine:
            truth[key].discard(doc)
    assert postings.count(db) == sum(len(d) for d in truth.values())
    query = np.array([k for k in list(truth)[::7]], np.uint64)
    for max_df in (1000, 40):
        shared: dict[int, int] = defaultdict(int)
        for key in query.tolist():
            if len(truth[key]) <= max_df:
                for doc in truth[key]:
                    shared[doc] += 1
        docs, counts = postings.lookup(db, query, max_df)
        assert dict(zip(docs.tolist(), counts.tolist(), strict=True)) == shared
        assert counts.tolist() == sorted(counts.tolist(), reverse=True)
    scanned = {(k, d) for keys, docs in postings.scan(db) for k, d in zip(keys.tolist(), docs.tolist(), strict=True)}
    assert scanned == {(k, d) for k, docs in truth.items() for d in docs}


def test_staged_postings_merge_only_for_documents_still_there() -> None:
    db, layout = _index(8)
    keys = layout.keys(np.random.default_rng(2).integers(-(1 << 63), 1 << 63, 300, dtype=np.int64))
    docs = np.repeat(np.arange(1, 4, dtype=np.uint32), 100)
    postings.stage(db, layout, keys, docs)
    postings.merge_staged(db, np.array([1, 3]))  # document 2 was replaced meanwhile
    assert sorted({d for _, found in postings.scan(db) for d in found.tolist()}) == [1, 3]
    assert postings.count(db) == 200


def test_counts_kept_in_meta_agree_with_the_tables(tmp_path: Path) -> None:
    """``len`` and ``info`` read counts the adds keep, not a scan: replacements must not move them wrongly."""
    path = tmp_path / "a.sqlite"
    with Archive.create(path) as archive:
        archive.add(_docs("c", 12), batch=5)
        archive.add([*_docs("c", 3, words=120, seed=1), *_docs("n", 2)], batch=2)  # 3 replaced (shorter), 2 new
        info = archive.info()
        assert len(archive) == info["documents"] == 14
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*), SUM(words) FROM docs").fetchone() == (14, info["words"])
        assert info["words"] == 9 * 300 + 3 * 120 + 2 * 300


def test_a_layout_outside_8_to_28_bits_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bucket bits"):
        Archive.create(tmp_path / "a.sqlite", buckets=40)
    assert not (tmp_path / "a.sqlite").exists() or (tmp_path / "a.sqlite").stat().st_size == 0


# -- texts -----------------------------------------------------------------------------------------


def test_texts_round_trip_and_the_dictionary_makes_them_smaller() -> None:
    codec = TextCodec(packaged_dictionary().encode("utf-8"))
    text = ("The government said on Thursday that the new rules would take effect next year, after months of "
            "talks with the industry — “a first step,” officials said. Café owners in Zürich were not asked.")
    assert codec.decompress(codec.compress(text)) == text
    assert len(codec.compress(text)) < 0.8 * len(TextCodec().compress(text))
    assert TextCodec().decompress(zlib.compress(text.encode())) == text  # format 1 texts: plain zlib


def test_the_dictionary_is_built_from_words_many_documents_use() -> None:
    built = build_dictionary(["the cat sat", "the dog sat", "a bird"], size=12)
    assert built == " sat the"  # the commonest last; words in one document only are left out
    assert len(packaged_dictionary().encode("utf-8")) <= 32 * 1024


def test_an_archive_keeps_the_dictionary_it_was_made_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.sqlite"
    with Archive.create(path) as archive:
        archive.add(_docs("d", 3))
    monkeypatch.setattr("newsaudit.provenance.archive.packaged_dictionary", lambda: "other words entirely")
    with Archive(path) as archive:  # a later newsaudit with another packaged dictionary still reads it
        assert archive.get("d1").text == _docs("d", 3)[1].text
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0] == str(FORMAT_VERSION)


# -- format 1 --------------------------------------------------------------------------------------


def _format_1(path: Path, docs: list[ArchiveDoc]) -> None:
    """An archive as the format 1 code wrote it: postings as rows, texts plain zlib."""
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE docs (doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL DEFAULT '',
                url TEXT, words INTEGER NOT NULL, fingerprints INTEGER NOT NULL, text BLOB NOT NULL);
            CREATE TABLE postings (fp INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (fp, doc)) WITHOUT ROWID;
        """)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", "1"), ("shingle", "5"), ("sample", "16"),
                                                          ("application", APPLICATION)])
        db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, 0, 0, ?)",
                       [(i + 1, d.id, d.title, d.url, zlib.compress(d.text.encode())) for i, d in enumerate(docs)])


def test_a_format_1_archive_is_refused_with_the_way_to_copy_it(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    docs = _docs("o", 4)
    _format_1(old, docs)
    with pytest.raises(ArchiveError, match=r"archive format 1, this newsaudit reads 2 \(an earlier newsaudit made "
                                           r"it; copy .* `newsaudit archive add .*old\.sqlite --archive NEW`\)"):
        Archive(old)
    new = tmp_path / "new.sqlite"
    run = subprocess.run([sys.executable, "-m", "newsaudit", "archive", "add", str(old), "--archive", str(new)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "4 added, 0 replaced, 0 skipped; 4 documents" in run.stderr
    with Archive(new) as archive:
        assert archive.get("o2") == docs[2]
        assert archive.candidates(docs[3].text)[0].id == "o3"
