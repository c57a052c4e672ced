"""The archive's postings index: which documents hold each fingerprint, packed into buckets.

Why buckets: 99% of fingerprints occur in one document only, so a row per posting (``(fp, doc)``,
format 1) paid a 64-bit key, a row header and a cell pointer for four bytes of document number:
19 bytes a posting, 600 bytes a document. And a lookup fetched its postings one row at a time into
Python, up to 1,000 rows per fingerprint: 94 ms at p99 with 1M documents.

Here a fingerprint's top ``bits`` bits name its bucket (one SQLite row, ``bucket INTEGER PRIMARY
KEY, entries BLOB``) and the next 32 bits are its tag; the bucket's blob holds ``(tag, doc)`` pairs,
two little-endian uint32 each, sorted. A posting costs 8 bytes plus its share of the bucket's row,
and a lookup reads one row per fingerprint and counts with NumPy. The key keeps ``bits + 32`` bits
of the 64-bit fingerprint (54 by default): at 100M documents, some 3 billion distinct fingerprints,
a page's fingerprint meets a stranger's by chance about once in six million.

Adds stage their postings in a temporary table, one row per batch and partition (the key's top 8
bits), and merge them partition by partition when the add ends: each merge reads the buckets it
touches, merges in NumPy and writes them back in key order, so memory stays at 1/256 of the add.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

PAIR = np.dtype([("tag", "<u4"), ("doc", "<u4")])
#: Bucket bits of a new archive: 4M buckets, some 7 postings each at 1M documents (see docs/ARCHITECTURE.md).
DEFAULT_BITS = 22
#: Partitions of a merge (the key's top 8 bits): the staged postings held in memory at once are 1/256 of the add.
PART_BITS = 8
_CHUNK = 500  # bucket numbers per ``IN (...)``
_EMPTY = (np.zeros(0, np.uint64), np.zeros(0, np.uint32))

SCHEMA = "CREATE TABLE IF NOT EXISTS postings (bucket INTEGER PRIMARY KEY, entries BLOB NOT NULL)"
STAGING = ("CREATE TEMP TABLE IF NOT EXISTS pending_postings (part INTEGER NOT NULL, keys BLOB NOT NULL, "
           "docs BLOB NOT NULL)", "CREATE INDEX IF NOT EXISTS temp.pending_part ON pending_postings (part)")


@dataclass(frozen=True)
class Layout:
    """How fingerprints map to buckets: the archive's ``buckets`` setting."""

    bits: int = DEFAULT_BITS

    def __post_init__(self) -> None:
        if not PART_BITS <= self.bits <= 28:  # above 28 bits the key would reach the sampled (always zero) low bits
            raise ValueError(f"bucket bits must be {PART_BITS}-28, not {self.bits}")

    def keys(self, fps: np.ndarray) -> np.ndarray:
        """Each fingerprint's key, ``bucket << 32 | tag``: its top ``bits + 32`` bits, as uint64."""
        return fps.view(np.uint64) >> np.uint64(32 - self.bits)

    def parts(self, keys: np.ndarray) -> np.ndarray:
        return (keys >> np.uint64(self.bits + 32 - PART_BITS)).astype(np.int64)


# -- looking up ---------------------------------------------------------------------------------------


def lookup(db: sqlite3.Connection, keys: np.ndarray, max_df: int) -> tuple[np.ndarray, np.ndarray]:
    """Documents sharing the most ``keys``, best first (ties: older first), and how many each shares.

    Keys found in more than ``max_df`` documents are left out (agency boilerplate).
    """
    keys = np.unique(keys)
    found, docs = _read(db, np.unique(keys >> np.uint64(32)))
    hit = _member(found, keys)
    found, docs = found[hit], docs[hit]
    if not len(docs):
        return _EMPTY[1], np.zeros(0, np.int64)
    _, inverse, df = np.unique(found, return_inverse=True, return_counts=True)
    ids, shared = np.unique(docs[df[inverse] <= max_df], return_counts=True)
    order = np.argsort(-shared, kind="stable")
    return ids[order], shared[order]


def count(db: sqlite3.Connection) -> int:
    (size,) = db.execute("SELECT COALESCE(SUM(LENGTH(entries)), 0) FROM postings").fetchone()
    return int(size) // PAIR.itemsize


def scan(db: sqlite3.Connection, rows: int = 1 << 16) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every posting as ``(keys, docs)`` arrays, a chunk of buckets at a time (key order)."""
    cursor = db.execute("SELECT bucket, entries FROM postings ORDER BY bucket")
    while chunk := cursor.fetchmany(rows):
        yield _decode(chunk)


# -- writing ------------------------------------------------------------------------------------------


def stage(db: sqlite3.Connection, layout: Layout, keys: np.ndarray, docs: np.ndarray) -> None:
    """Keep postings in this connection's staging table until ``merge_staged``: one row per partition."""
    if not len(keys):
        return
    parts = layout.parts(keys)
    order = np.argsort(parts, kind="stable")
    keys, docs, parts = keys[order], docs[order].astype(np.uint32), parts[order]
    starts, ends = _runs(parts)
    db.executemany(
        "INSERT INTO pending_postings VALUES (?, ?, ?)",
        ((part, keys[s:e].tobytes(), docs[s:e].tobytes())
         for part, s, e in zip(parts[starts].tolist(), starts.tolist(), ends.tolist(), strict=True)),
    )


def merge_staged(db: sqlite3.Connection, alive: np.ndarray) -> None:
    """Merge the staged postings of documents in ``alive`` (sorted) into the index, partition by partition."""
    parts = [part for (part,) in db.execute("SELECT DISTINCT part FROM pending_postings ORDER BY part")]
    for part in parts:
        rows = db.execute("SELECT keys, docs FROM pending_postings WHERE part = ?", (part,)).fetchall()
        keys = np.frombuffer(b"".join(k for k, _ in rows), np.uint64)
        docs = np.frombuffer(b"".join(d for _, d in rows), np.uint32)
        keep = _member(docs, alive)
        insert(db, keys[keep], docs[keep])


def insert(db: sqlite3.Connection, keys: np.ndarray, docs: np.ndarray) -> None:
    """Add postings, merged into the buckets they fall in."""
    if not len(keys):
        return
    keys, docs = _pairs(keys, docs)
    old_keys, old_docs = _read(db, np.unique(keys >> np.uint64(32)))
    if len(old_keys):
        keys, docs = _pairs(np.concatenate([old_keys, keys]), np.concatenate([old_docs, docs]))
    _write(db, keys, docs)


def remove(db: sqlite3.Connection, keys: np.ndarray, doc: int) -> int:
    """Delete ``doc``'s postings under ``keys`` (its fingerprints' keys); how many there were."""
    keys = np.unique(keys)
    old_keys, old_docs = _read(db, np.unique(keys >> np.uint64(32)))
    gone = (old_docs == doc) & _member(old_keys, keys)
    if not gone.any():
        return 0
    changed = np.unique(old_keys[gone] >> np.uint64(32))
    kept = ~gone & _member(old_keys >> np.uint64(32), changed)
    left = np.unique(old_keys[kept] >> np.uint64(32))
    emptied = changed[~_member(changed, left)]
    db.executemany("DELETE FROM postings WHERE bucket = ?", ((b,) for b in emptied.tolist()))
    _write(db, *_pairs(old_keys[kept], old_docs[kept]))
    return int(gone.sum())


# -- helpers ------------------------------------------------------------------------------------------


def _read(db: sqlite3.Connection, buckets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All postings of these (sorted) buckets, in no set order: by key where they are few, by range where dense."""
    if not len(buckets):
        return _EMPTY
    low, high = int(buckets[0]), int(buckets[-1])
    if len(buckets) > 64 and len(buckets) * 4 > high - low:
        rows = db.execute("SELECT bucket, entries FROM postings WHERE bucket BETWEEN ? AND ?", (low, high)).fetchall()
        keys, docs = _decode(rows)
        inside = _member(keys >> np.uint64(32), buckets)
        return keys[inside], docs[inside]
    wanted = buckets.tolist()
    rows = []
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows += db.execute(f"SELECT bucket, entries FROM postings WHERE bucket IN ({marks})", chunk).fetchall()
    return _decode(rows)


def _decode(rows: Sequence[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    if not rows:
        return _EMPTY
    entries = np.frombuffer(b"".join(blob for _, blob in rows), PAIR)
    sizes = np.fromiter((len(blob) // PAIR.itemsize for _, blob in rows), np.int64, len(rows))
    buckets = np.repeat(np.fromiter((bucket for bucket, _ in rows), np.uint64, len(rows)), sizes)
    return (buckets << np.uint64(32)) | entries["tag"].astype(np.uint64), entries["doc"]


def _write(db: sqlite3.Connection, keys: np.ndarray, docs: np.ndarray) -> None:
    """Write the buckets of these sorted postings, each whole (it replaces the bucket's row)."""
    if not len(keys):
        return
    buckets = keys >> np.uint64(32)
    entries = np.empty(len(keys), PAIR)
    entries["tag"] = keys & np.uint64(0xFFFFFFFF)
    entries["doc"] = docs
    raw, size = entries.tobytes(), PAIR.itemsize
    starts, ends = _runs(buckets)
    db.executemany(
        "INSERT OR REPLACE INTO postings (bucket, entries) VALUES (?, ?)",
        ((bucket, raw[s * size : e * size])
         for bucket, s, e in zip(buckets[starts].tolist(), starts.tolist(), ends.tolist(), strict=True)),
    )


def _pairs(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ``(key, doc)`` pairs sorted by key, then document."""
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    first = np.ones(len(keys), bool)
    first[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    return keys[first], docs[first].astype(np.uint32)


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each run of equal values in a sorted array."""
    starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
    return starts, np.append(starts[1:], len(values))


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin`` against a sorted array, by binary search."""
    if not len(sorted_set):
        return np.zeros(len(values), bool)
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[at] == values
