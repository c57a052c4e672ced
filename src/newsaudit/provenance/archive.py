"""The reference archive: known originals in one SQLite file, found again from a page in sub-linear time.

Why SQLite: embedded, no server, one file a newsroom can copy; its B-tree on
``(fingerprint, doc)`` turns a page's few dozen fingerprints into a few dozen
index lookups however many documents the archive holds.

Candidates are the documents sharing most sampled shingle fingerprints with the
page (``fingerprints.py``); fingerprints found in more than ``max_df`` documents
(agency boilerplate, "said in a statement") are ignored. The final match is the
exact word alignment of ``align.py`` against the best candidates.

How the file is recognised, read and written by one add at a time: ``archive_file.py``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import secrets
import socket
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsaudit.provenance.align import Alignment, Source, align
from newsaudit.provenance.archive_file import (
    APPLICATION_ID,
    DEFAULT_WAIT,
    ArchiveBusy,
    ArchiveError,
    connect_reader,
    connect_writer,
    identify,
    leave_wal,
    mark,
    use_wal,
    writer_lock,
)
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
_SETTINGS = {"format", "shingle", "sample"}
#: This connection's postings of an ``add`` in progress, merged into ``postings`` when it ends (see ``Archive.add``).
_PENDING = "CREATE TEMP TABLE IF NOT EXISTS pending_postings (fp INTEGER NOT NULL, doc INTEGER NOT NULL)"

__all__ = ["DEFAULT_WAIT", "AddReport", "Archive", "ArchiveBusy", "ArchiveDoc", "ArchiveError", "Candidate", "Match"]


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


def _owner(key: str) -> tuple[str, int]:
    """The host and process id of the ``add`` that wrote a ``pending`` ``meta`` key."""
    host, pid, _token = key.removeprefix("pending ").rsplit(" ", 2)
    return host, int(pid)


def _alive(key: str) -> bool:
    """Whether the ``add`` that wrote this ``meta`` key may still be running (on another host: unknowable, no)."""
    host, pid = _owner(key)
    if host != socket.gethostname():
        return False
    if pid == os.getpid():
        return True  # another Archive of this process, adding now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(db: sqlite3.Connection) -> str | None:
    """The running add another writer waits for, from its ``pending`` key (None until it has written one)."""
    with contextlib.suppress(sqlite3.Error):
        for (key,) in db.execute("SELECT key FROM meta WHERE key LIKE 'pending %'").fetchall():
            host, pid = _owner(key)
            if pid != os.getpid() and _alive(key):
                return f"newsaudit archive add, process {pid} on {host}"
    return None


@dataclass
class Match:
    """The sources a page copies (best first) and its alignment with them."""

    sources: list[ArchiveDoc]
    candidates: list[Candidate]
    alignment: Alignment


class Archive:
    """``Archive.create(path)`` makes a new one; ``Archive(path)`` opens an existing one.

    Opening reads the file only (a read-only connection); ``add`` takes the writer lock and a
    read-write connection. ``wait`` bounds, in seconds, how long ``add`` waits for another
    writer (``on_wait`` is told once when it starts waiting) and a reader for a lock.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        wait: float = DEFAULT_WAIT,
        on_wait: Callable[[str], None] | None = None,
        _create: bool = False,
        shingle: int = 5,
        sample: int = 16,
    ) -> None:
        self.path = Path(path)
        self.wait = max(0.0, wait)  # a negative timeout would make the lock wait forever
        self._on_wait = on_wait
        self._writable = False
        if identify(self.path) == "new":
            if not _create and self.path.exists():
                raise ArchiveError(f"{self.path}: empty file, not an archive (`newsaudit archive add` makes one)")
            if not _create:
                raise ArchiveError(f"{self.path}: no archive here (create one with `newsaudit archive add`)")
            self._db = self._initialise(shingle, sample)
        else:
            with self._sqlite_errors("opening the archive"):
                self._db = connect_reader(self.path, wait)
        with self._sqlite_errors("reading the archive's settings"):
            stored = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if not stored.keys() >= _SETTINGS:
            raise ArchiveError(f"{self.path}: not a newsaudit archive (its settings are missing)")
        if int(stored["format"]) != FORMAT_VERSION:
            raise ArchiveError(f"{self.path}: archive format {stored['format']}, this newsaudit reads {FORMAT_VERSION}")
        self.shingle = int(stored["shingle"])
        self.sample = int(stored["sample"])

    @classmethod
    def create(
        cls,
        path: str | Path,
        shingle: int = 5,
        sample: int = 16,
        *,
        wait: float = DEFAULT_WAIT,
        on_wait: Callable[[str], None] | None = None,
    ) -> Archive:
        """Open ``path``, making the archive if the file is missing or empty (existing settings win)."""
        return cls(path, wait=wait, on_wait=on_wait, _create=True, shingle=shingle, sample=sample)

    def _initialise(self, shingle: int, sample: int) -> sqlite3.Connection:
        """Make the archive in one transaction (the file is an archive or stays empty), holding the writer lock:
        two adds may start on the same missing file."""
        with self._writer_lock(), self._sqlite_errors("creating the archive"):
            if identify(self.path) != "new":  # the other add made it meanwhile
                return connect_reader(self.path, self.wait)
            db = connect_writer(self.path, self.wait)
            try:
                db.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                mark(db)
                settings = {"format": str(FORMAT_VERSION), "shingle": str(shingle), "sample": str(sample)}
                db.executemany("INSERT INTO meta VALUES (?, ?)", settings.items())
                db.commit()
                use_wal(db)
            except BaseException:
                db.close()  # rolls the transaction back: the file stays empty
                raise
            self._writable = True
            return db

    @contextlib.contextmanager
    def _writer_lock(self) -> Iterator[None]:
        def holder() -> str | None:
            return _holder(self._db) if hasattr(self, "_db") else None

        with writer_lock(self.path, self.wait, self._tell_waiting, holder):
            yield

    def _tell_waiting(self, message: str) -> None:
        if self._on_wait:
            self._on_wait(message)
            self._on_wait = None  # once

    @contextlib.contextmanager
    def _sqlite_errors(self, doing: str) -> Iterator[None]:
        """SQLite's errors as ArchiveErrors naming the file: the CLI reports them in one line, not a traceback."""
        try:
            yield
        except sqlite3.Error as exc:
            raise ArchiveError(f"{self.path}: {doing} failed ({exc})") from exc

    def _make_writable(self) -> None:
        """A read-write connection, the archive marked and in WAL mode (call it holding the writer lock)."""
        if not self._writable:
            self._db.close()
            self._db = connect_writer(self.path, self.wait)
            self._writable = True
        if self._db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:  # written before the mark
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                mark(self._db)
        if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            use_wal(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        with self._sqlite_errors("reading"):
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
        merge skips documents deleted meanwhile, so adds that overlap stay consistent.

        One add writes at a time: a second waits for the writer lock up to ``wait`` seconds, then
        raises ArchiveBusy before it has read ``docs``. Its ``meta`` key, written first, names it
        to the adds waiting for it. Readers neither wait for an add nor hold one up (WAL).
        """
        report = AddReport()
        with self._writer_lock():
            try:
                self._make_writable()
                self._add(docs, batch, report)
            except sqlite3.Error as exc:
                stored = report.added + report.replaced
                raise ArchiveError(
                    f"{self.path}: adding failed after {stored:,} documents of this input were stored ({exc})"
                ) from exc
        return report

    def _add(self, docs: Iterable[ArchiveDoc], batch: int, report: AddReport) -> None:
        (cache,) = self._db.execute("PRAGMA cache_size").fetchone()
        self._db.execute("PRAGMA cache_size = -65536")  # 64 MiB while adding (default 2 MiB)
        self._db.execute(_PENDING)
        stage = _Staging()
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (stage.key, str(stage.first)))
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
        leave_wal(self._db)  # one self-contained file again, unless a reader has it open now

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
        with self._sqlite_errors("reading"):
            row = self._db.execute("SELECT id, title, url, text FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return ArchiveDoc(row[0], zlib.decompress(row[3]).decode("utf-8"), row[1], row[2])

    def __iter__(self) -> Iterator[ArchiveDoc]:
        with self._sqlite_errors("reading"):
            for row in self._db.execute("SELECT id, title, url, text FROM docs ORDER BY doc"):
                yield ArchiveDoc(row[0], zlib.decompress(row[3]).decode("utf-8"), row[1], row[2])

    def candidates(self, text: str, limit: int = 5, max_df: int = 1000, exclude: Sequence[str] = ()) -> list[Candidate]:
        """Documents sharing most fingerprints with ``text``, best first."""
        with self._sqlite_errors("looking up"):
            return self._candidates(text, limit, max_df, exclude)

    def _candidates(self, text: str, limit: int, max_df: int, exclude: Sequence[str]) -> list[Candidate]:
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
        with self._sqlite_errors("reading"):
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
