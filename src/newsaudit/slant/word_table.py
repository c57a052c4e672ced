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
    def fit(cls, words: Sequence[str], vectors: np.ndarray, dim: int, min_count: int = 1) -> WordTable:
        """Average ``vectors`` (one row per occurrence of ``words``) per word, then keep their ``dim`` principal
        directions (centred on the mean word; the unknown word is that mean, so it projects to zero)."""
        vocab = sorted({w for w in words})
        index = {w: i for i, w in enumerate(vocab)}
        ids = np.fromiter((index[w] for w in words), dtype=np.int64, count=len(words))
        counts = np.bincount(ids, minlength=len(vocab))
        sums = np.zeros((len(vocab), vectors.shape[1]), dtype=np.float64)
        np.add.at(sums, ids, vectors)
        keep = counts >= min_count
        means = sums[keep] / counts[keep][:, None]
        centre = means.mean(axis=0)
        _, _, components = np.linalg.svd(means - centre, full_matrices=False)
        projected = (means - centre) @ components[:dim].T
        kept = [w for w, k in zip(vocab, keep, strict=True) if k]
        matrix = np.vstack([np.zeros((1, projected.shape[1])), projected]).astype(np.float32)
        return cls({w: i + 1 for i, w in enumerate(kept)}, matrix)
