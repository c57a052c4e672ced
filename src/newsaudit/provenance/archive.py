"""The reference archive: known originals in one SQLite file, found again from a page in sub-linear time.

Why SQLite: embedded, no server, one file a newsroom can copy; its B-tree on
``(fingerprint, doc)`` turns a page's few dozen fingerprints into a few dozen
index lookups however many documents the archive holds.

Candidates are the documents sharing most sampled shingle fingerprints with the
page (``fingerprints.py``); fingerprints found in more than ``max_df`` documents
(agency boilerplate, "said in a statement") are ignored. The final match is the
exact word alignment of ``align.py`` against the best candidates.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import socket
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsaudit.errors import NewsauditError
from newsaudit.provenance.align import Alignment, Source, align
from newsaudit.provenance.fingerprints import fingerprints
from newsaudit.provenance.words import norms as word_norms

FORMAT_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    url TEXT,
    words INTEGER NOT NULL,
    fingerprints INTEGER NOT NULL,
    text BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS postings (fp INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (fp, doc)) WITHOUT ROWID;
"""
#: This connection's postings of an ``add`` in progress, merged into ``postings`` when it ends (see ``Archive.add``).
_PENDING = "CREATE TEMP TABLE IF NOT EXISTS pending_postings (fp INTEGER NOT NULL, doc INTEGER NOT NULL)"


class ArchiveError(NewsauditError):
    """The archive file is missing, not an archive, or of another format version."""


@dataclass(frozen=True)
class ArchiveDoc:
    id: str
    text: str
    title: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Candidate:
    id: str
    shared: int  # fingerprints shared with the page
    containment: float  # shared / the page's fingerprints


@dataclass
class AddReport:
    added: int = 0
    replaced: int = 0
    too_short: list[str] = field(default_factory=list)  # ids with no fingerprint: nothing could ever find them


@dataclass
class _Staging:
    """One ``add`` call: its ``meta`` key (value: the lowest document number whose postings it may hold)."""

    key: str = field(default_factory=lambda: f"pending {socket.gethostname()} {os.getpid()} {secrets.token_hex(6)}")
    first: int = 1 << 62
    recovered: list[str] = field(default_factory=list)  # keys of killed adds whose documents this call re-staged


def _alive(key: str) -> bool:
    """Whether the ``add`` that wrote this ``meta`` key may still be running (on another host: unknowable, no)."""
    host, pid, _token = key.removeprefix("pending ").rsplit(" ", 2)
    if host != socket.gethostname():
        return False
    if int(pid) == os.getpid():
        return True  # another Archive of this process, adding now
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Match:
    """The sources a page copies (best first) and its alignment with them."""

    sources: list[ArchiveDoc]
    candidates: list[Candidate]
    alignment: Alignment


class Archive:
    """``Archive.create(path)`` makes a new one; ``Archive(path)`` opens an existing one."""

    def __init__(self, path: str | Path, *, _create: bool = False, shingle: int = 5, sample: int = 16) -> None:
        self.path = Path(path)
        if not _create and not self.path.exists():
            raise ArchiveError(f"{self.path}: no archive here (create one with `newsaudit archive add`)")
        try:
            self._db = sqlite3.connect(self.path)
            self._db.executescript(_SCHEMA)
            stored = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: not a newsaudit archive ({exc})") from exc
        if not stored:
            stored = {"format": str(FORMAT_VERSION), "shingle": str(shingle), "sample": str(sample)}
            self._db.executemany("INSERT INTO meta VALUES (?, ?)", stored.items())
            self._db.commit()
        if int(stored["format"]) != FORMAT_VERSION:
            raise ArchiveError(f"{self.path}: archive format {stored['format']}, this newsaudit reads {FORMAT_VERSION}")
        self.shingle = int(stored["shingle"])
        self.sample = int(stored["sample"])

    @classmethod
    def create(cls, path: str | Path, shingle: int = 5, sample: int = 16) -> Archive:
        """Open ``path``, creating the archive if it does not exist (existing settings win)."""
        return cls(path, _create=True, shingle=shingle, sample=sample)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    # -- building -------------------------------------------------------------------------------
    def add(self, docs: Iterable[ArchiveDoc], batch: int = 1000) -> AddReport:
        """Add (or replace, by id) documents; one transaction per ``batch`` documents.

        Why postings are staged: inserted one document at a time, fingerprints land on random
        pages of the ``(fp, doc)`` B-tree, and once the index outgrows the cache every batch
        rewrites most of it (building 1M documents slowed to under half the rate by 150k). This
        call's postings go to an unindexed temporary table instead and are merged into the
        index in key order when it returns or raises. So the new documents are found by
        ``candidates`` once ``add`` returns; ``get``, iteration and ``len`` see them after each
        batch, as before.

        Should the process die before the merge, the ``meta`` key of the call says from which
        document on postings may be missing, and the next ``add`` indexes those documents again
        from their stored text. Document numbers are never reused (``meta.next_doc``) and the
        merge skips documents deleted meanwhile, so concurrent adds stay consistent.
        """
        report = AddReport()
        (cache,) = self._db.execute("PRAGMA cache_size").fetchone()
        self._db.execute("PRAGMA cache_size = -65536")  # 64 MiB while adding (default 2 MiB)
        self._db.execute(_PENDING)
        stage = _Staging()
        try:
            self._recover(stage)
            pending: list[ArchiveDoc] = []
            for doc in docs:
                pending.append(doc)
                if len(pending) >= batch:
                    self._add_batch(pending, report, stage)
                    pending = []
            if pending:
                self._add_batch(pending, report, stage)
        finally:
            self._merge(stage)
            self._db.execute(f"PRAGMA cache_size = {int(cache)}")
        return report

    def _add_batch(self, docs: Sequence[ArchiveDoc], report: AddReport, stage: _Staging) -> None:
        rows: list[tuple[int, int]] = []
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")  # take the write lock before reading the next document number
            (top,) = self._db.execute("SELECT MAX(doc) FROM docs").fetchone()
            stored = self._db.execute("SELECT value FROM meta WHERE key = 'next_doc'").fetchone()
            number = max((top or 0) + 1, int(stored[0]) if stored else 1)
            for doc in docs:
                norms = word_norms(doc.text)
                fps = fingerprints(norms, self.shingle, self.sample)
                if not len(fps):
                    report.too_short.append(doc.id)
                old = self._db.execute("SELECT doc, fingerprints, text FROM docs WHERE id = ?", (doc.id,)).fetchone()
                if old:
                    self._remove_postings(old, stage, rows)
                    self._db.execute("DELETE FROM docs WHERE doc = ?", old[:1])
                    report.replaced += 1
                else:
                    report.added += 1
                self._db.execute(
                    "INSERT INTO docs (doc, id, title, url, words, fingerprints, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (number, doc.id, doc.title, doc.url, len(norms), len(fps),
                     zlib.compress(doc.text.encode("utf-8"))),
                )
                stage.first = min(stage.first, number)
                rows.extend(zip(fps.tolist(), itertools.repeat(number)))
                number += 1
            self._db.executemany("INSERT INTO pending_postings VALUES (?, ?)", rows)
            self._db.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", [("next_doc", str(number)), (stage.key, str(stage.first))]
            )

    def _remove_postings(self, old: tuple[int, int, bytes], stage: _Staging, rows: list[tuple[int, int]]) -> None:
        """Delete a replaced document's postings by key (its fingerprints, from its stored text), not by a scan.

        If the index does not hold them all, they are staged: by this call (this batch's
        ``rows`` or the temporary table, scanned: only an id repeated within one call, or a
        re-staged document, gets there) or by another add, whose merge skips deleted documents.
        Failing both, the index is scanned as before.
        """
        doc, count, blob = old
        fps = fingerprints(word_norms(zlib.decompress(blob).decode("utf-8")), self.shingle, self.sample)
        before = self._db.total_changes
        self._db.executemany("DELETE FROM postings WHERE fp = ? AND doc = ?", ((f, doc) for f in fps.tolist()))
        if self._db.total_changes - before == count:
            return
        if doc >= stage.first:
            rows[:] = [r for r in rows if r[1] != doc]
            self._db.execute("DELETE FROM pending_postings WHERE doc = ?", (doc,))
        else:
            self._db.execute("DELETE FROM postings WHERE doc = ?", (doc,))

    def _recover(self, stage: _Staging) -> None:
        """Stage again the postings of documents that a killed add stored but never merged."""
        keys = self._db.execute("SELECT key, value FROM meta WHERE key LIKE 'pending %'").fetchall()
        for key, first in keys:
            if _alive(key):
                continue
            for doc, blob in self._db.execute("SELECT doc, text FROM docs WHERE doc >= ?", (int(first),)):
                fps = fingerprints(word_norms(zlib.decompress(blob).decode("utf-8")), self.shingle, self.sample)
                self._db.executemany("INSERT INTO pending_postings VALUES (?, ?)", ((f, doc) for f in fps.tolist()))
            stage.first = min(stage.first, int(first))
            stage.recovered.append(key)
        self._db.commit()

    def _merge(self, stage: _Staging) -> None:
        """Move the staged postings of documents that still exist into the index, in key order (sorted, appended)."""
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO postings SELECT fp, doc FROM pending_postings "
                "WHERE doc IN (SELECT doc FROM docs) ORDER BY fp, doc"
            )
            self._db.executemany("DELETE FROM meta WHERE key = ?", [(k,) for k in [stage.key, *stage.recovered]])
        self._db.execute("DROP TABLE pending_postings")

    # -- looking up -----------------------------------------------------------------------------
    def get(self, doc_id: str) -> ArchiveDoc:
        row = self._db.execute("SELECT id, title, url, text FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return ArchiveDoc(row[0], zlib.decompress(row[3]).decode("utf-8"), row[1], row[2])

    def __iter__(self) -> Iterator[ArchiveDoc]:
        for row in self._db.execute("SELECT id, title, url, text FROM docs ORDER BY doc"):
            yield ArchiveDoc(row[0], zlib.decompress(row[3]).decode("utf-8"), row[1], row[2])

    def candidates(self, text: str, limit: int = 5, max_df: int = 1000, exclude: Sequence[str] = ()) -> list[Candidate]:
        """Documents sharing most fingerprints with ``text``, best first."""
        fps = fingerprints(word_norms(text), self.shingle, self.sample)
        if not len(fps):
            return []
        counts: Counter[int] = Counter()
        for chunk in np.array_split(fps, max(1, len(fps) // 500 + 1)):
            marks = ",".join("?" * len(chunk))
            params = [int(f) for f in chunk]
            common = {
                fp
                for fp, df in self._db.execute(
                    f"SELECT fp, COUNT(*) FROM postings WHERE fp IN ({marks}) GROUP BY fp", params
                )
                if df > max_df
            }
            kept = [f for f in params if f not in common]
            if not kept:
                continue
            marks = ",".join("?" * len(kept))
            counts.update(
                doc for (doc,) in self._db.execute(f"SELECT doc FROM postings WHERE fp IN ({marks})", kept)
            )
        if not counts:
            return []
        excluded = set(exclude)
        out = []
        for doc, shared in counts.most_common():
            (doc_id,) = self._db.execute("SELECT id FROM docs WHERE doc = ?", (doc,)).fetchone()
            if doc_id in excluded:
                continue
            out.append(Candidate(doc_id, shared, shared / len(fps)))
            if len(out) >= limit:
                break
        return out

    def match(
        self,
        text: str,
        regions: Sequence[tuple[int, int]] | None = None,
        limit: int = 5,
        max_sources: int = 3,
        min_share: float = 0.1,
        min_words: int = 20,
    ) -> Match | None:
        """The page's sources and its alignment with them, or None when it copies nothing archived.

        The candidate that explains most of the page's words is the first source; it
        must account for ``min_words`` words and ``min_share`` of the page. Then, while
        text is left unexplained, the search repeats on that text for a further source
        (pages that merge several stories), which must explain ``min_words`` more words.
        Only candidates sharing at least a fifth of the leader's fingerprints are aligned.
        """
        regions = list(regions) if regions is not None else [(0, len(text))]
        query = "\n".join(text[s:e] for s, e in regions)
        chosen: list[ArchiveDoc] = []
        seen: list[Candidate] = []
        alignment: Alignment | None = None
        while len(chosen) < max_sources and query.strip():
            found = self.candidates(query, limit, exclude=[d.id for d in chosen])
            if not found:
                break
            seen.extend(found)
            explained = alignment.copied_words if alignment else 0
            best: tuple[int, ArchiveDoc, Alignment] | None = None
            for candidate in found:
                if candidate.shared * 5 < found[0].shared:
                    break
                doc = self.get(candidate.id)
                trial = align(text, [Source(d.id, d.text, d.title) for d in [*chosen, doc]], regions)
                gain = trial.copied_words - explained
                if best is None or gain > best[0]:
                    best = (gain, doc, trial)
            assert best is not None
            gain, doc, trial = best
            if gain < min_words or (not chosen and trial.copied_share < min_share):
                break
            chosen.append(doc)
            alignment = trial
            query = "\n".join(text[p.start : p.end] for p in trial.inserted)
        if alignment is None:
            return None
        return Match(chosen, seen, alignment)

    def info(self) -> dict[str, object]:
        docs, words_total = self._db.execute("SELECT COUNT(*), COALESCE(SUM(words), 0) FROM docs").fetchone()
        postings = self._db.execute("SELECT COUNT(*) FROM postings").fetchone()[0]
        return {
            "path": str(self.path),
            "documents": docs,
            "words": words_total,
            "fingerprints": postings,
            "bytes": self.path.stat().st_size if self.path.exists() else 0,
            "settings": {"shingle": self.shingle, "sample": self.sample, "format": FORMAT_VERSION},
        }


def describe(info: dict[str, object]) -> str:
    return json.dumps(info, indent=2)
