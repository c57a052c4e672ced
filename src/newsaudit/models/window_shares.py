"""The word-vector student's first layer, kept per word: each word's share of it at every window position.

Why: the student's MLP reads a window of word vectors around each token, so its first layer is, per token, a
sum of each window word's product with that position's block of weights. A page's distinct words are a few
hundred, and most were on pages before: multiplying them was half the student's cost. Each word's products
are kept per thread (batch workers share one model): the first ``max_words`` words seen (4,096 words take
21 MB), mostly the common ones; a page's other words are multiplied each time.

The kept products are the very float32 numbers a product of the page's words gives: a row's product does not
depend on the rows multiplied with it (the tests check it), but for a single row, which takes another path
(a matrix-vector product): a single new word among others is multiplied with a copy of itself, and a page of
one word alone, as before.
"""

from __future__ import annotations

import threading

import numpy as np


class _Kept:
    def __init__(self, n_rows: int, width: int, hidden: int) -> None:
        self.slot = np.full(n_rows, -1, dtype=np.int64)  # per row of the word table: where its shares are kept
        self.shares = np.zeros((64, width, hidden), dtype=np.float32)
        self.used = 0


class WindowShares:
    """``shares(rows, x)[i, k]``: ``x[i] @ first[k * dim : (k + 1) * dim]`` for word-table row ``rows[i]``."""

    def __init__(self, matrix: np.ndarray, first: np.ndarray, width: int, max_words: int = 4096) -> None:
        self.matrix = matrix  # the word table the rows index (kept to tell a table replaced)
        self.first = first
        self.width = width
        self.dim = first.shape[0] // width
        self.max_words = max_words
        self._local = threading.local()

    def _kept(self) -> _Kept:
        kept: _Kept | None = getattr(self._local, "kept", None)
        if kept is None:
            kept = self._local.kept = _Kept(len(self.matrix), self.width, self.first.shape[1])
        return kept

    def shares(self, rows: np.ndarray, x: np.ndarray) -> np.ndarray:
        """(len(rows), width, hidden) float32 products of distinct word-table ``rows``, ``x`` their standardised
        vectors."""
        if len(rows) == 1:  # a page of one word: the matrix-vector product it has always been, kept or not
            return np.stack([x @ self.first[k * self.dim : (k + 1) * self.dim] for k in range(self.width)], axis=1)
        kept = self._kept()
        slots = kept.slot[rows]
        missing = np.flatnonzero(slots < 0)
        if not len(missing):
            return kept.shares[slots]
        unseen = x[missing] if len(missing) > 1 else x[np.repeat(missing, 2)]
        products = np.stack(
            [unseen @ self.first[k * self.dim : (k + 1) * self.dim] for k in range(self.width)], axis=1
        )[: len(missing)]
        out = kept.shares[np.maximum(slots, 0)]
        out[missing] = products
        # kept: the first words seen, up to ``max_words`` (a page's common words come first); later ones are
        # multiplied each time
        room = min(len(missing), self.max_words - kept.used)
        if room > 0:
            new = np.arange(kept.used, kept.used + room)
            if new[-1] >= len(kept.shares):
                size = min(max(new[-1] + 1, 2 * len(kept.shares)), self.max_words)
                grown = np.zeros((size, *kept.shares.shape[1:]), dtype=np.float32)
                grown[: kept.used] = kept.shares[: kept.used]
                kept.shares = grown
            kept.shares[new] = products[:room]
            kept.slot[rows[missing[:room]]] = new
            kept.used += room
        return out
