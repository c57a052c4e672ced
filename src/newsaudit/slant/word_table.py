"""Static word vectors for the slant student: what MiniLM says of a word, averaged over a corpus.

The MiniLM booster reads every sentence through the encoder (about 1,500 words a second on a core).
Most of what its word vectors carry is the word itself, so each word's contextual vectors (layers 3
and 6, ``slant/vectors.py``) averaged over the training articles, projected to a few principal
directions, keep much of it at the cost of a table lookup (docs/eval/slant_student.md measures how much).
Words the table does not hold read the mean vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class WordTable:
    """``matrix`` row ``words[w]`` is word ``w``'s vector; row 0 is the unknown word's (float32 in memory)."""

    words: dict[str, int]
    matrix: np.ndarray

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    def ordered_words(self) -> list[str]:
        """The words in row order (row 1 first): what the artifact stores."""
        return sorted(self.words, key=lambda w: self.words[w])

    def rows(self, words: Sequence[str]) -> np.ndarray:
        get = self.words.get
        return np.fromiter((get(w, 0) for w in words), dtype=np.int64, count=len(words))

    @classmethod
    def fit(
        cls, words: Sequence[str], vectors: np.ndarray, dim: int, min_count: int = 1, extra: WordSums | None = None
    ) -> WordTable:
        """Average ``vectors`` (one row per occurrence of ``words``; ``extra`` adds the sums of another corpus) per
        word, then keep their ``dim`` principal directions (centred on the mean word; the unknown word is that
        mean, so it projects to zero)."""
        sums = WordSums.of(words, vectors)
        return cls.from_sums(sums + extra if extra is not None else sums, dim, min_count)

    @classmethod
    def from_sums(cls, sums: WordSums, dim: int, min_count: int = 1) -> WordTable:
        keep = sums.counts >= min_count
        means = sums.sums[keep] / sums.counts[keep][:, None]
        centre = means.mean(axis=0)
        _, _, components = np.linalg.svd(means - centre, full_matrices=False)
        projected = (means - centre) @ components[:dim].T
        kept = [w for w, k in zip(sums.words, keep, strict=True) if k]
        matrix = np.vstack([np.zeros((1, projected.shape[1])), projected]).astype(np.float32)
        return cls({w: i + 1 for i, w in enumerate(kept)}, matrix)


@dataclass
class WordSums:
    """Each word's vectors summed, and how often it occurs: a corpus's share of a table, added across corpora
    (so an unlabelled corpus of a million words is kept as its vocabulary's sums, not its every token's vector)."""

    words: list[str]  # sorted
    sums: np.ndarray  # (words, dim) float64
    counts: np.ndarray  # (words,) int64

    @classmethod
    def of(cls, words: Sequence[str], vectors: np.ndarray, chunk: int = 100_000) -> WordSums:
        vocab = sorted(set(words))
        index = {w: i for i, w in enumerate(vocab)}
        ids = np.fromiter((index[w] for w in words), dtype=np.int64, count=len(words))
        sums = np.zeros((len(vocab), vectors.shape[1]), dtype=np.float64)
        for start in range(0, len(ids), chunk):  # float64 copies of a chunk, not of the whole corpus
            np.add.at(sums, ids[start : start + chunk], np.asarray(vectors[start : start + chunk], dtype=np.float64))
        return cls(vocab, sums, np.bincount(ids, minlength=len(vocab)).astype(np.int64))

    def __add__(self, other: WordSums) -> WordSums:
        vocab = sorted(set(self.words) | set(other.words))
        index = {w: i for i, w in enumerate(vocab)}
        sums = np.zeros((len(vocab), self.sums.shape[1]), dtype=np.float64)
        counts = np.zeros(len(vocab), dtype=np.int64)
        for part in (self, other):
            rows = np.fromiter((index[w] for w in part.words), dtype=np.int64, count=len(part.words))
            sums[rows] += part.sums
            counts[rows] += part.counts
        return WordSums(vocab, sums, counts)

    def save(self, path: Path) -> None:
        np.savez(path, words=np.array(self.words, dtype=str), sums=self.sums.astype(np.float32), counts=self.counts)

    @classmethod
    def load(cls, path: Path) -> WordSums:
        with np.load(path, allow_pickle=False) as z:
            return cls([str(w) for w in z["words"]], z["sums"].astype(np.float64), z["counts"].astype(np.int64))
