"""The MiniLM booster of span identification: dense heads over word vectors, stacked with the n-gram head.

The booster reads MiniLM's contextual vectors; the student (the same heads, trained on a table of static MiniLM
word vectors, ``slant/word_table.py``) reads a table lookup per word instead, at a small cost in quality. Both
are optional parts of the propaganda model's artifact (``models/propaganda_model.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsaudit.models.dense import DenseHead, context_features, stack
from newsaudit.models.propaganda_rows import distinct_keys
from newsaudit.models.window_shares import WindowShares


@dataclass
class Booster:
    """Span identification with MiniLM word vectors: dense heads stacked with the n-gram head.

    Optional: used only when the encoder is installed (see ``models/minilm.py``);
    without it the model falls back to the n-gram head and its own threshold.
    """

    lr: DenseHead  # standardises the word vectors itself
    mlp: DenseHead  # takes windows of vectors already standardised by ``lr``'s mean and scale
    #: Stack weights: for the logits of [n-gram, lr, mlp] when ``context`` is 0, else for
    #: ``models.dense.context_features`` of them (neighbours within ``context`` tokens, sentence).
    coef: list[float]
    intercept: float
    threshold: float
    window: int = 2
    context: int = 0
    bridge: int | None = None  # decoding bridge when boosting; None keeps the n-gram head's
    _shares: WindowShares | None = field(default=None, repr=False, compare=False)

    def logits(self, vectors: np.ndarray, sentence_lengths: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The LR's and the MLP's logits per token (windows are zero-padded at sentence ends)."""
        from newsaudit.slant.vectors import windows

        standardised = (vectors - self.lr.mean) / self.lr.scale
        return self.lr.logits(vectors), self.mlp.logits(windows(standardised, sentence_lengths, self.window))

    def table_logits(
        self, matrix: np.ndarray, rows: np.ndarray, sentence_lengths: list[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`logits` of ``matrix[rows]``, computed once per distinct row: a word's share of the MLP's first
        layer at each window position is the same wherever it occurs, so a page's few hundred distinct words
        are multiplied, not its every token's window (the student's vectors come from a table).

        Each token's first layer is then a sum of five shares (a zero row past its sentence's ends), summed for
        all tokens in one sparse product: the shares are the float32 products the windows give, summed in
        float64 as before, in another order (the last bits only)."""
        distinct, inverse = distinct_keys(np.asarray(rows, dtype=np.int64))
        x = (matrix[distinct] - self.lr.mean) / self.lr.scale
        lr = (x @ self.lr.layers[0][0] + self.lr.layers[0][1]).reshape(-1)[inverse]
        (first, bias), *rest = self.mlp.layers
        width, hidden_size = 2 * self.window + 1, first.shape[1]
        d, n = len(distinct), len(rows)
        if self._shares is None or self._shares.matrix is not matrix or self._shares.first is not first:
            self._shares = WindowShares(matrix, first, width)
        # per distinct word, its share at each window position (row word * width + position), then a zero row
        shares = np.empty((d * width + 1, hidden_size))
        shares[:-1] = self._shares.shares(distinct, x).reshape(d * width, hidden_size)
        shares[-1] = 0.0
        lengths = np.asarray(sentence_lengths, dtype=np.int64)
        ends = np.repeat(np.cumsum(lengths), lengths)
        starts = ends - np.repeat(lengths, lengths)
        read = np.arange(n)[:, None] + np.arange(-self.window, self.window + 1)  # (n, width): the token each reads
        inside = (read >= starts[:, None]) & (read < ends[:, None])
        share = np.where(inside, inverse[np.clip(read, 0, max(n - 1, 0))] * width + np.arange(width), d * width)
        picks = sp.csr_matrix(
            (np.ones(n * width), share.ravel(), np.arange(0, n * width + 1, width)), shape=(n, d * width + 1)
        )
        hidden = np.asarray(picks @ shares) + bias
        for weights, b in rest:
            hidden = np.maximum(hidden, 0.0, out=hidden) @ weights.astype(np.float64) + b
        return lr, np.asarray(hidden).reshape(-1)

    def probabilities(
        self,
        ngram: np.ndarray,
        vectors: np.ndarray | None,
        sentence_lengths: list[int],
        sentence: np.ndarray,
        table: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """P(inside a span) per token from the n-gram head's and the sentence head's probabilities and the vectors
        (or ``table``: a matrix of vectors and each token's row in it)."""
        if table is not None:
            lr, mlp = self.table_logits(table[0], table[1], sentence_lengths)
        else:
            assert vectors is not None
            lr, mlp = self.logits(vectors, sentence_lengths)
        base = np.column_stack([_logit(ngram), lr, mlp])
        if self.context:
            base = context_features(base, _logit(sentence), sentence_lengths, self.context)
        return stack(list(base.T), self.coef, self.intercept)


def _logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.asarray(np.log(clipped / (1 - clipped)))


def booster_meta(booster: Booster) -> dict[str, Any]:
    return {
        "coef": booster.coef,
        "intercept": booster.intercept,
        "threshold": booster.threshold,
        "window": booster.window,
        "context": booster.context,
        "bridge": booster.bridge,
        "heads": {"lr": booster.lr.name, "mlp": booster.mlp.name},
        "layers": {"lr": len(booster.lr.layers), "mlp": len(booster.mlp.layers)},
    }


def unpack_booster(arrays: np.lib.npyio.NpzFile, b: dict[str, Any]) -> Booster:
    names = b.get("heads", {"lr": "lr", "mlp": "mlp"})
    return Booster(
        DenseHead.unpack(arrays, names["lr"], b["layers"]["lr"]),
        DenseHead.unpack(arrays, names["mlp"], b["layers"]["mlp"]),
        [float(c) for c in b["coef"]],
        float(b["intercept"]),
        float(b["threshold"]),
        int(b["window"]),
        int(b.get("context", 0)),
        None if b.get("bridge") is None else int(b["bridge"]),
    )
