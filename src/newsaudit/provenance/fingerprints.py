"""Sampled word-shingle fingerprints: the keys under which the archive files a document.

Every run of ``shingle`` words is hashed (stable across runs and machines:
BLAKE2 per word, a polynomial over the run, a 64-bit mixer); only hashes divisible
by ``sample`` are kept. Two texts that share a passage share the fingerprints of
that passage whatever surrounds it, so a page that copies half a story, or two
stories, still meets each of them — which a whole-document MinHash would miss.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=1 << 20)
def word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the bits so that ``% sample`` samples evenly."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(norms: Sequence[str], shingle: int = 5) -> np.ndarray:
    """One uint64 per run of ``shingle`` consecutive words (none for shorter texts)."""
    if len(norms) < shingle:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.fromiter(map(word_hash, norms), dtype=np.uint64, count=len(norms))
    n = len(norms) - shingle + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(shingle):
            acc = acc * _MULTIPLIER + hashes[i : i + n]
        return _mix(acc)


def fingerprints(norms: Sequence[str], shingle: int = 5, sample: int = 16) -> np.ndarray:
    """The distinct sampled shingle hashes, as int64 (what SQLite stores)."""
    hashes = shingle_hashes(norms, shingle)
    kept = np.unique(hashes[hashes % np.uint64(sample) == 0])
    return kept.view(np.int64)
