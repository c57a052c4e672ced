"""A sharded archive: a folder of single-file archives, one per hash range of document ids.

Why: at 100M originals one file is some 200 GB that one writer fills at one core's pace and
one host must hold. Shards are ordinary archives (``archive.py``: same format, same writer lock,
same checks), so each can be copied, rebuilt or put on another disk alone, and a lookup asks all
of them at once from a thread pool: SQLite and NumPy release the GIL while they work, so the
shards of one lookup run on several cores. A document lives in the shard its id hashes to
(BLAKE2), so replacing it by id and ``get`` touch one shard only.

The folder holds ``shards.json`` (what it is, how many shards) and ``shard-NNN.sqlite``.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from newsaudit.provenance.archive import ADD_CACHE_KIB, DEFAULT_WAIT, Archive, ArchiveError
from newsaudit.provenance.archive_file import APPLICATION
from newsaudit.provenance.backend import AddReport, ArchiveDoc, Candidate, Matching
from newsaudit.provenance.fingerprints import fingerprints
from newsaudit.provenance.words import norms as word_norms

MANIFEST = "shards.json"
SHARDED_FORMAT = 1
_END = object()  # closes a shard's queue of documents to add


def shard_of(doc_id: str, shards: int) -> int:
    """The shard a document id belongs to: stable across runs and machines."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "little") % shards


class ShardedArchive(Matching):
    """``ShardedArchive.create(folder, shards)`` makes one; ``ShardedArchive(folder)`` opens it.

    ``shards``, where given, must be the number the archive has.
    """

    def __init__(self, path: str | Path, shards: int = 0, *, wait: float = DEFAULT_WAIT,
                 on_wait: Callable[[str], None] | None = None, _create: int = 0) -> None:
        self.path = Path(path)
        count = self._make(_create) if _create and not (self.path / MANIFEST).exists() else self._read_manifest()
        if max(_create, shards) > 1 and max(_create, shards) != count:
            raise ArchiveError(f"{self.path}: a sharded archive of {count} shards, not {max(_create, shards)}")
        self.shards = [Archive.create(self._file(i), wait=wait, on_wait=on_wait) if _create
                       else Archive(self._file(i), wait=wait, on_wait=on_wait) for i in range(count)]
        for shard in self.shards:  # the shards add at once: together, the cache of one archive's add
            shard.add_cache_kib = max(8192, ADD_CACHE_KIB // count)
        settings = {(s.shingle, s.sample) for s in self.shards}
        if len(settings) > 1:
            self.close()
            raise ArchiveError(f"{self.path}: its shards were made with different fingerprint settings")
        self.shingle, self.sample = settings.pop()
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    @classmethod
    def create(cls, path: str | Path, shards: int = 0, *, wait: float = DEFAULT_WAIT,
               on_wait: Callable[[str], None] | None = None) -> ShardedArchive:
        """Open the sharded archive at ``path``, making it with ``shards`` shards if the folder is missing or empty."""
        return cls(path, wait=wait, on_wait=on_wait, _create=max(shards, 1))

    def _make(self, shards: int) -> int:
        if shards < 2:
            raise ArchiveError(f"{self.path}: a sharded archive needs 2 shards or more, not {shards}")
        if self.path.exists() and (not self.path.is_dir() or any(self.path.iterdir())):
            raise ArchiveError(f"{self.path}: not an empty folder; a sharded archive is made only in a new one")
        self.path.mkdir(parents=True, exist_ok=True)
        manifest = {"application": APPLICATION, "kind": "sharded", "format": SHARDED_FORMAT, "shards": shards}
        (self.path / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        return shards

    def _read_manifest(self) -> int:
        where = self.path / MANIFEST
        try:
            manifest = json.loads(where.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ArchiveError(f"{self.path}: no sharded archive here ({MANIFEST} is missing)") from None
        except (OSError, ValueError) as exc:
            raise ArchiveError(f"{where}: cannot read it ({exc})") from exc
        if not isinstance(manifest, dict) or manifest.get("application") != APPLICATION:
            raise ArchiveError(f"{where}: not a newsaudit sharded archive")
        if manifest.get("format") != SHARDED_FORMAT:
            raise ArchiveError(f"{where}: sharded format {manifest.get('format')}, this newsaudit reads "
                               f"{SHARDED_FORMAT}")
        return int(manifest["shards"])

    def _file(self, i: int) -> Path:
        return self.path / f"shard-{i:03d}.sqlite"

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        for shard in self.shards:
            shard.close()

    def __enter__(self) -> ShardedArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return sum(len(shard) for shard in self.shards)

    def __iter__(self) -> Iterator[ArchiveDoc]:
        """Shard by shard, each in the order it was added."""
        for shard in self.shards:
            yield from shard

    def _threads(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(len(self.shards), thread_name_prefix="archive-shard")
            return self._pool

    # -- building -------------------------------------------------------------------------------
    def add(self, docs: Iterable[ArchiveDoc], batch: int = 1000) -> AddReport:
        """Add (or replace, by id) documents: each shard's ``add`` runs in a thread of its own, fed by a queue.

        One ``add`` per shard for the whole input, so each merges its postings once (``Archive.add``).
        """
        queues: list[queue.Queue[object]] = [queue.Queue(maxsize=batch) for _ in self.shards]
        with ThreadPoolExecutor(len(self.shards), thread_name_prefix="archive-add") as pool:
            futures = [pool.submit(shard.add, _drain(q), batch) for shard, q in zip(self.shards, queues, strict=True)]
            try:
                for doc in docs:
                    i = shard_of(doc.id, len(self.shards))
                    _put(queues[i], doc, futures[i])
            finally:
                for q, future in zip(queues, futures, strict=True):
                    _close(q, future)
            report = AddReport()
            for future in futures:
                report.extend(future.result())
        return report

    # -- looking up -----------------------------------------------------------------------------
    def get(self, doc_id: str) -> ArchiveDoc:
        return self.shards[shard_of(doc_id, len(self.shards))].get(doc_id)

    def candidates(self, text: str, limit: int = 5, max_df: int = 1000, exclude: Sequence[str] = ()) -> list[Candidate]:
        """The best candidates of all shards, asked at once.

        Each shard ignores fingerprints in more than its share of ``max_df`` documents: ids hash
        evenly, so a fingerprint in ``max_df`` documents is in about ``max_df / shards`` of each.
        """
        fps = fingerprints(word_norms(text), self.shingle, self.sample)
        if not len(fps):
            return []
        each = -(-max_df // len(self.shards))
        found = self._threads().map(lambda shard: shard.candidates_of(fps, limit, each, exclude), self.shards)
        ranked = sorted((c for shard in found for c in shard), key=lambda c: -c.shared)  # stable: shard order
        return ranked[:limit]

    def info(self) -> dict[str, object]:
        parts = [shard.info() for shard in self.shards]
        total = {key: sum(int(p[key]) for p in parts)  # type: ignore[call-overload]
                 for key in ("documents", "words", "fingerprints", "bytes")}
        settings = dict(parts[0]["settings"])  # type: ignore[call-overload]
        return {"path": str(self.path), **total, "settings": settings, "shards": len(self.shards)}


def _drain(q: queue.Queue[object]) -> Iterator[ArchiveDoc]:
    while (item := q.get()) is not _END:
        assert isinstance(item, ArchiveDoc)
        yield item


def _put(q: queue.Queue[object], item: object, future: Future[AddReport]) -> None:
    """Queue ``item`` for a shard's add; if that add has stopped, raise its error."""
    while True:
        if future.done():
            future.result()
            raise ArchiveError("a shard's add stopped early")  # not reached: a shard's add ends only on _END
        try:
            q.put(item, timeout=0.5)
            return
        except queue.Full:
            continue


def _close(q: queue.Queue[object], future: Future[AddReport]) -> None:
    """Tell a shard's add that the input has ended (unless it has stopped already); never raises."""
    while not future.done():
        try:
            q.put(_END, timeout=0.5)
            return
        except queue.Full:
            continue
