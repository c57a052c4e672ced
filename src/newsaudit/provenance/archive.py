"""The reference archive: known originals in one SQLite file, found again from a page in sub-linear time.

Why SQLite: embedded, no server, one file a newsroom can copy; its B-tree turns a page's few
dozen fingerprints into a few dozen index lookups however many documents the archive holds.

Candidates are the documents sharing most sampled shingle fingerprints with the page
(``fingerprints.py``); fingerprints found in more than ``max_df`` documents (agency boilerplate,
"said in a statement") are ignored. The final match is the exact word alignment of ``align.py``
against the best candidates (``backend.Matching``).

Format 2 (this one): postings packed by bucket (``postings.py``), texts deflated with a preset
dictionary stored in the file (``textcodec.py``), 16 KiB pages. Format 1 files are refused with
the way to convert them (``newsaudit archive add OLD --archive NEW`` reads their documents).

How the file is recognised, read and written by one add at a time: ``archive_file.py``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from newsaudit.provenance import postings
from newsaudit.provenance.archive_file import (
    APPLICATION_ID,
    DEFAULT_WAIT,
    ArchiveBusy,
    ArchiveError,
    Staging,
    add_alive,
    add_holder,
    connect_reader,
    connect_writer,
    identify,
    leave_wal,
    mark,
    use_wal,
    writer_lock,
)
from newsaudit.provenance.backend import AddReport, ArchiveDoc, Candidate, Match, Matching
from newsaudit.provenance.fingerprints import fingerprints
from newsaudit.provenance.textcodec import TextCodec, packaged_dictionary
from newsaudit.provenance.words import norms as word_norms

FORMAT_VERSION = 2
#: Page size of a new archive: rows of ~1.5 KB left a fifth of each 4 KiB page unused; 16 KiB pages waste ~5%.
PAGE_SIZE = 16384

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    url TEXT,
    words INTEGER NOT NULL,
    fingerprints INTEGER NOT NULL,
    text BLOB NOT NULL
)""",
    postings.SCHEMA,
)
_SETTINGS = {"format", "shingle", "sample"}
_SETTINGS_2 = {"buckets", "dictionary"}
#: SQLite's page cache while adding, in KiB (its default is 2 MiB); a sharded archive divides it among its shards.
ADD_CACHE_KIB = 65536

__all__ = [
    "DEFAULT_WAIT",
    "AddReport",
    "Archive",
    "ArchiveBusy",
    "ArchiveDoc",
    "ArchiveError",
    "Candidate",
    "Match",
]


class Archive(Matching):
    """``Archive.create(path)`` makes a new one; ``Archive(path)`` opens an existing one.

    Opening reads the file only (a read-only connection); ``add`` takes the writer lock and a
    read-write connection. ``wait`` bounds, in seconds, how long ``add`` waits for another
    writer (``on_wait`` is told once when it starts waiting) and a reader for a lock.
    ``buckets`` (bits, 8-28) sizes the postings index of a new archive (``postings.py``).
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
        buckets: int = postings.DEFAULT_BITS,
    ) -> None:
        self.path = Path(path)
        self.wait = max(0.0, wait)  # a negative timeout would make the lock wait forever
        self._on_wait = on_wait
        self._writable = False
        self.add_cache_kib = ADD_CACHE_KIB
        if identify(self.path) == "new":
            if not _create and self.path.exists():
                raise ArchiveError(f"{self.path}: empty file, not an archive (`newsaudit archive add` makes one)")
            if not _create:
                raise ArchiveError(f"{self.path}: no archive here (create one with `newsaudit archive add`)")
            postings.Layout(buckets)  # a wrong setting fails before the file is made
            self._db = self._initialise(shingle, sample, buckets)
        else:
            with self._sqlite_errors("opening the archive"):
                self._db = connect_reader(self.path, wait)
        with self._sqlite_errors("reading the archive's settings"):
            stored = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        self._check_settings(stored)
        self.shingle = int(stored["shingle"])
        self.sample = int(stored["sample"])
        self.layout = postings.Layout(int(stored["buckets"]))
        self.codec = TextCodec(stored["dictionary"].encode("utf-8"))

    def _check_settings(self, stored: dict[str, str]) -> None:
        if not stored.keys() >= _SETTINGS:
            self._db.close()
            raise ArchiveError(f"{self.path}: not a newsaudit archive (its settings are missing)")
        if int(stored["format"]) != FORMAT_VERSION:
            self._db.close()
            rebuild = ""
            if int(stored["format"]) < FORMAT_VERSION:
                rebuild = (f" (an earlier newsaudit made it; copy its documents into a new archive with "
                           f"`newsaudit archive add {self.path} --archive NEW`)")
            raise ArchiveError(
                f"{self.path}: archive format {stored['format']}, this newsaudit reads {FORMAT_VERSION}{rebuild}"
            )
        if not stored.keys() >= _SETTINGS_2:
            self._db.close()
            raise ArchiveError(f"{self.path}: not a newsaudit archive (its settings are missing)")

    @classmethod
    def create(
        cls,
        path: str | Path,
        shingle: int = 5,
        sample: int = 16,
        *,
        wait: float = DEFAULT_WAIT,
        on_wait: Callable[[str], None] | None = None,
        buckets: int = postings.DEFAULT_BITS,
    ) -> Archive:
        """Open ``path``, making the archive if the file is missing or empty (existing settings win)."""
        return cls(path, wait=wait, on_wait=on_wait, _create=True, shingle=shingle, sample=sample, buckets=buckets)

    def _initialise(self, shingle: int, sample: int, buckets: int) -> sqlite3.Connection:
        """Make the archive in one transaction (the file is an archive or stays empty), holding the writer lock:
        two adds may start on the same missing file."""
        with self._writer_lock(), self._sqlite_errors("creating the archive"):
            if identify(self.path) != "new":  # the other add made it meanwhile
                return connect_reader(self.path, self.wait)
            db = connect_writer(self.path, self.wait)
            try:
                db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before the first table: fixed from then on
                db.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    db.execute(statement)
                mark(db)
                settings = {"format": str(FORMAT_VERSION), "shingle": str(shingle), "sample": str(sample),
                            "buckets": str(buckets), "dictionary": packaged_dictionary()}
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
            return add_holder(self._db) if hasattr(self, "_db") else None

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
        """The number of documents, kept in ``meta``: counting rows scans the id index (15 ms at 1M documents),
        and the provenance stage asks for every page."""
        return self._totals()[0]

    def _totals(self) -> tuple[int, int]:
        """Documents and words, as the adds counted them."""
        with self._sqlite_errors("reading"):
            stored = dict(self._db.execute("SELECT key, value FROM meta WHERE key IN ('documents', 'words')"))
        return int(stored.get("documents", 0)), int(stored.get("words", 0))

    # -- building -------------------------------------------------------------------------------
    def add(self, docs: Iterable[ArchiveDoc], batch: int = 1000) -> AddReport:
        """Add (or replace, by id) documents; one transaction per ``batch`` documents.

        Why postings are staged: merged one document at a time, fingerprints land in random
        buckets, and once the index outgrows the cache every batch rewrites most of it. This
        call's postings go to a temporary table instead and are merged into the index, in key
        order, when it returns or raises (``postings.py``). So the new documents are found by
        ``candidates`` once ``add`` returns; ``get``, iteration and ``len`` see them after each
        batch.

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
        self._db.execute(f"PRAGMA cache_size = -{int(self.add_cache_kib)}")
        for statement in postings.STAGING:
            self._db.execute(statement)
        stage = Staging()
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

    def _add_batch(self, docs: Sequence[ArchiveDoc], report: AddReport, stage: Staging) -> None:
        keys: list[np.ndarray] = []
        numbers: list[np.ndarray] = []
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")  # take the write lock before reading the next document number
            (top,) = self._db.execute("SELECT MAX(doc) FROM docs").fetchone()
            stored = self._db.execute("SELECT value FROM meta WHERE key = 'next_doc'").fetchone()
            number = max((top or 0) + 1, int(stored[0]) if stored else 1)
            documents, words = self._totals()
            for doc in docs:
                norms = word_norms(doc.text)
                fps = fingerprints(norms, self.shingle, self.sample)
                if not len(fps):
                    report.too_short.append(doc.id)
                old = self._db.execute("SELECT doc, text, words FROM docs WHERE id = ?", (doc.id,)).fetchone()
                if old:
                    self._remove_postings(*old[:2])
                    self._db.execute("DELETE FROM docs WHERE doc = ?", old[:1])
                    report.replaced += 1
                    words -= old[2]
                else:
                    report.added += 1
                    documents += 1
                words += len(norms)
                self._db.execute(
                    "INSERT INTO docs (doc, id, title, url, words, fingerprints, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (number, doc.id, doc.title, doc.url, len(norms), len(fps), self.codec.compress(doc.text)),
                )
                stage.first = min(stage.first, number)
                keys.append(self.layout.keys(fps))
                numbers.append(np.full(len(fps), number, np.uint32))
                number += 1
            if keys:
                postings.stage(self._db, self.layout, np.concatenate(keys), np.concatenate(numbers))
            self._db.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [("next_doc", str(number)), (stage.key, str(stage.first)), ("documents", str(documents)),
                 ("words", str(words))],
            )

    def _remove_postings(self, doc: int, blob: bytes) -> None:
        """Delete a replaced document's postings by key (its fingerprints, from its stored text), not by a scan.

        Postings still staged (by this call, or a killed add's that it re-staged) need nothing:
        the merge skips documents that no longer exist.
        """
        fps = fingerprints(word_norms(self.codec.decompress(blob)), self.shingle, self.sample)
        postings.remove(self._db, self.layout.keys(fps), doc)

    def _recover(self, stage: Staging) -> None:
        """Stage again the postings of documents that a killed add stored but never merged."""
        keys = self._db.execute("SELECT key, value FROM meta WHERE key LIKE 'pending %'").fetchall()
        for key, first in keys:
            if add_alive(key):
                continue
            rows = self._db.execute("SELECT doc, text FROM docs WHERE doc >= ?", (int(first),))
            while chunk := rows.fetchmany(1000):
                found = [(doc, fingerprints(word_norms(self.codec.decompress(blob)), self.shingle, self.sample))
                         for doc, blob in chunk]
                postings.stage(self._db, self.layout, np.concatenate([self.layout.keys(f) for _, f in found]),
                               np.concatenate([np.full(len(f), doc, np.uint32) for doc, f in found]))
            stage.first = min(stage.first, int(first))
            stage.recovered.append(key)
        self._db.commit()

    def _merge(self, stage: Staging) -> None:
        """Move the staged postings of documents that still exist into the index, in key order."""
        with self._db:
            rows = self._db.execute("SELECT doc FROM docs WHERE doc >= ? ORDER BY doc", (stage.first,))
            alive = np.fromiter((doc for (doc,) in rows), np.int64)
            postings.merge_staged(self._db, alive)
            self._db.executemany("DELETE FROM meta WHERE key = ?", [(k,) for k in [stage.key, *stage.recovered]])
        self._db.execute("DROP TABLE pending_postings")

    # -- looking up -----------------------------------------------------------------------------
    def get(self, doc_id: str) -> ArchiveDoc:
        with self._sqlite_errors("reading"):
            row = self._db.execute("SELECT id, title, url, text FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return ArchiveDoc(row[0], self.codec.decompress(row[3]), row[1], row[2])

    def __iter__(self) -> Iterator[ArchiveDoc]:
        with self._sqlite_errors("reading"):
            for row in self._db.execute("SELECT id, title, url, text FROM docs ORDER BY doc"):
                yield ArchiveDoc(row[0], self.codec.decompress(row[3]), row[1], row[2])

    def candidates(self, text: str, limit: int = 5, max_df: int = 1000, exclude: Sequence[str] = ()) -> list[Candidate]:
        """Documents sharing most fingerprints with ``text``, best first."""
        return self.candidates_of(fingerprints(word_norms(text), self.shingle, self.sample), limit, max_df, exclude)

    def candidates_of(
        self, fps: np.ndarray, limit: int = 5, max_df: int = 1000, exclude: Sequence[str] = ()
    ) -> list[Candidate]:
        """``candidates`` from a page's fingerprints (a sharded archive computes them once for all shards)."""
        if not len(fps):
            return []
        with self._sqlite_errors("looking up"):
            docs, shared = postings.lookup(self._db, self.layout.keys(fps), max_df)
            excluded = set(exclude)
            out: list[Candidate] = []
            for start in range(0, len(docs), limit + len(excluded)):
                window = slice(start, start + limit + len(excluded))
                for doc_id, count in self._named(docs[window], shared[window]):
                    if doc_id not in excluded:
                        out.append(Candidate(doc_id, count, count / len(fps)))
                    if len(out) >= limit:
                        return out
            return out

    def _named(self, docs: np.ndarray, shared: np.ndarray) -> list[tuple[str, int]]:
        """Ids for document numbers, in their order; numbers no longer in the archive are left out."""
        numbers = docs.tolist()
        marks = ",".join("?" * len(numbers))
        ids = dict(self._db.execute(f"SELECT doc, id FROM docs WHERE doc IN ({marks})", numbers).fetchall())
        return [(ids[n], int(c)) for n, c in zip(numbers, shared.tolist(), strict=True) if n in ids]

    def postings(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every posting as ``(keys, docs)`` arrays, a chunk at a time: what a search without the index scans."""
        with self._sqlite_errors("reading"):
            yield from postings.scan(self._db)

    def info(self) -> dict[str, object]:
        docs, words_total = self._totals()
        with self._sqlite_errors("reading"):
            count = postings.count(self._db)
        return {
            "path": str(self.path),
            "documents": docs,
            "words": words_total,
            "fingerprints": count,
            "bytes": self.path.stat().st_size if self.path.exists() else 0,
            "settings": {"shingle": self.shingle, "sample": self.sample, "format": FORMAT_VERSION,
                         "buckets": self.layout.bits},
        }
