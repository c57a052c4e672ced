"""Linear heads stored as sparse weights: what every shipped model here is made of.

Plain weight matrices load from a NumPy archive without pickles, predict with a
sparse product, and explain a score as the sum of its features' weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from newsaudit.models.hashing import columns_of


@dataclass
class Head:
    """Weights of one head: a vector (binary) or a matrix with one row per class."""

    name: str
    classes: tuple[str, ...]
    coef: sp.csr_matrix  # (n_rows, n_features); one row for binary heads
    intercept: np.ndarray
    _rows: dict[int, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _by_feature: sp.csr_matrix | None = field(default=None, repr=False, compare=False)

    @property
    def binary(self) -> bool:
        return self.coef.shape[0] == 1

    def scores(self, x: sp.csr_matrix) -> np.ndarray:
        """P(positive) for binary heads, else one-vs-rest class probabilities normalised to sum to one."""
        return _probabilities(self.products(x), self.intercept)

    def products(self, x: sp.csr_matrix) -> np.ndarray:
        """(rows, classes) ``x @ coef.T``, without the intercept."""
        if self._by_feature is None:
            # (n_features, n_rows) in CSR, built once: ``x @ coef.T`` would convert the weights on every call,
            # a cost proportional to the hashed feature space rather than to the text.
            self._by_feature = self.coef.T.tocsr()
        return np.asarray((x @ self._by_feature).toarray())

    def row(self, label: str | None = None) -> np.ndarray:
        """Dense weights of one class (cached: evidence asks for the same rows again and again)."""
        index = 0 if self.binary or label is None else self.classes.index(label)
        if index not in self._rows:
            self._rows[index] = np.asarray(self.coef.getrow(index).toarray()).ravel()
        return self._rows[index]


class StackedWeights:
    """Several heads' weights in one ``(n_features, rows)`` CSR matrix, held once.

    Why: the product of a batch of texts with every head is one sparse product over one index of the
    hashed feature space (a head's own ``(rows, n_features)`` matrix needs a converted copy per
    product), and keeping the heads' own matrices beside it would hold every weight twice (18 MB for
    the comment model). A head's matrix, or one dense row of it, is rebuilt from here when asked.
    """

    def __init__(self, by_feature: sp.csr_matrix, layout: dict[str, tuple[tuple[str, ...], np.ndarray, int, int]]):
        self.by_feature = by_feature
        self._layout = layout  # name -> (classes, intercept, first column, rows)
        self._rows: dict[tuple[str, int], np.ndarray] = {}

    @classmethod
    def of(cls, heads: dict[str, Head]) -> StackedWeights:
        layout = {}
        first = 0
        for name, head in heads.items():
            rows = head.coef.shape[0]
            layout[name] = (head.classes, head.intercept, first, rows)
            first += rows
        by_feature = sp.vstack([h.coef for h in heads.values()], format="csr").T.tocsr()
        return cls(by_feature, layout)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._layout)

    @property
    def classes(self) -> dict[str, tuple[str, ...]]:
        return {name: spec[0] for name, spec in self._layout.items()}

    def head(self, name: str) -> Head:
        classes, intercept, first, rows = self._layout[name]
        coef = self.by_feature[:, first : first + rows].T.tocsr()
        coef.sort_indices()
        return Head(name, classes, coef, intercept)

    def scores(self, x: sp.csr_matrix) -> dict[str, np.ndarray]:
        """Every head's :meth:`Head.scores` from one product; each column sums in the same order as alone."""
        products = np.asarray((x @ self.by_feature).toarray())
        out: dict[str, np.ndarray] = {}
        for name, (_, intercept, first, rows) in self._layout.items():
            out[name] = _probabilities(np.ascontiguousarray(products[:, first : first + rows]), intercept)
        return out

    def row(self, name: str, label: str | None = None) -> np.ndarray:
        """Dense weights of one class of a head (cached: evidence asks for the same rows again and again)."""
        classes, _, first, rows = self._layout[name]
        index = 0 if rows == 1 or label is None else classes.index(label)
        key = (name, index)
        if key not in self._rows:
            self._rows[key] = np.asarray(self.by_feature[:, first + index].toarray()).ravel()
        return self._rows[key]


class WeightLookup:
    """A head's non-zero weights as a dense table keyed by hashed column, for scoring feature names directly.

    Why: a page's rows are a few thousand feature names; hashing them into a CSR matrix, sorting it and
    multiplying by the weights costs more than gathering each name's weights by its column (an index of
    the whole hashed space, 4 bytes a column, into the rows of the columns that carry a weight) and summing
    per row. The logits are the same
    sums (up to float rounding), so scores match :meth:`Head.scores`.
    """

    def __init__(self, head: Head, n_features: int):
        coef = head.coef.tocsc()
        coef.sum_duplicates()
        keys = np.flatnonzero(np.diff(coef.indptr))
        # Row of each hashed column in ``table`` (row 0 is all zeros, for columns without a weight): a gather,
        # where a sorted search over the keys would jump about the memory for every name.
        self.index = np.zeros(n_features, dtype=np.int32)
        self.index[keys] = np.arange(1, len(keys) + 1, dtype=np.int32)
        # The weights in their own precision (float32 as artifacts load: half the memory a gather reads, and exact,
        # since summing converts each weight to float64 as before).
        weights = np.asarray(coef[:, keys].T.toarray())
        if weights.dtype not in (np.float32, np.float64):
            weights = weights.astype(np.float64)
        self.table = np.vstack([np.zeros((1, weights.shape[1]), dtype=weights.dtype), weights])  # (keys + 1, classes)
        self.intercept = np.asarray(head.intercept, dtype=np.float64)
        self.n_features = n_features

    @property
    def n_classes(self) -> int:
        return int(self.table.shape[1])

    def products(self, names: list[str], row_lengths: Sequence[int]) -> np.ndarray:
        """(rows, classes) sums of weights, without the intercept, of rows given as their feature names back to
        back and each row's count of names."""
        rows = np.repeat(np.arange(len(row_lengths)), np.asarray(row_lengths, dtype=np.int64))
        return self.sums(self.table_rows(names), rows, len(row_lengths))

    def table_rows(self, names: list[str]) -> np.ndarray:
        """The row of :attr:`table` of each feature name (0 where its column carries no weight)."""
        if not names:
            return np.zeros(0, dtype=np.int32)
        return self.index[columns_of(names, self.n_features)]

    def sums(self, ids: np.ndarray, rows: np.ndarray, n_rows: int) -> np.ndarray:
        """(n_rows, classes) sums of the table's rows ``ids`` into ``rows``, added in the order given: a caller
        that keeps its names' order gets the very floats :meth:`products` gives (the rows of weightless names may
        be left out: they add zeros)."""
        k = self.n_classes
        if not len(ids):
            return np.zeros((n_rows, k), dtype=np.float64)
        # one pass for all classes: entry (row, class) at row * k + class; bincount sums in float64, in order
        at = np.asarray(rows, dtype=np.int64)
        if k > 1:
            at = (at[:, None] * k + np.arange(k)).ravel()
        return np.bincount(at, weights=self.table[ids].ravel(), minlength=n_rows * k).reshape(n_rows, k)

    def scores(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """What :meth:`Head.scores` gives for the hashed ``rows``."""
        names = [name for row in rows for name in row]
        return self.probabilities(self.products(names, [len(row) for row in rows]))

    def slot_sums(self, slots: Sequence[np.ndarray | int], n_rows: int) -> np.ndarray:
        """(n_rows, classes) sums of weights of rows given slot by slot: each slot a row of :attr:`table` per row
        (or one for every row; 0 for none), added in slot order, so a row's sum is the very float :meth:`products`
        gives for its names in that order (a weightless name adds zero either way)."""
        out = np.zeros((n_rows, self.n_classes), dtype=np.float64)
        # one class: its column, so each slot gathers and adds numbers rather than rows of one
        into, table = (out[:, 0], self.table[:, 0]) if self.n_classes == 1 else (out, self.table)
        for slot in slots:
            if isinstance(slot, np.ndarray) and not slot.any():
                continue  # a name no row has: it would add zeros
            into += table[slot]
        return out

    def probabilities(self, products: np.ndarray) -> np.ndarray:
        """:meth:`Head.scores` from sums of weights (:meth:`products` or :meth:`sums`), the intercept added here."""
        return _probabilities(products, self.intercept)


def _probabilities(products: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """P(positive) for one column (a binary head), else one-vs-rest probabilities normalised to sum to one."""
    logits = products + intercept.reshape(1, -1)
    probs = 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))
    if products.shape[1] == 1:
        return np.asarray(probs[:, 0])
    return np.asarray(probs / probs.sum(axis=1, keepdims=True))


def sparse_weights(coef: np.ndarray, prune_below: float) -> sp.csr_matrix:
    """Weights below ``prune_below`` in magnitude are dropped: they barely move a score and cost artifact size."""
    kept = np.where(np.abs(coef) >= prune_below, coef, 0.0)
    return sp.csr_matrix(kept.astype(np.float32))


def pack_head(head: Head, arrays: dict[str, np.ndarray]) -> None:
    """Add a head's weights to ``arrays`` (as float16 CSR parts) for ``np.savez_compressed``."""
    coef = head.coef.tocsr()
    coef.sum_duplicates()
    arrays[f"{head.name}.indptr"] = coef.indptr.astype(np.int32)
    arrays[f"{head.name}.indices"] = coef.indices.astype(np.int32)
    arrays[f"{head.name}.data"] = coef.data.astype(np.float16)
    arrays[f"{head.name}.intercept"] = head.intercept.astype(np.float32)


def unpack_head(arrays: np.lib.npyio.NpzFile, name: str, classes: tuple[str, ...], rows: int, n_features: int) -> Head:
    coef = sp.csr_matrix(
        (arrays[f"{name}.data"].astype(np.float32), arrays[f"{name}.indices"], arrays[f"{name}.indptr"]),
        shape=(rows, n_features),
    )
    return Head(name, classes, coef, arrays[f"{name}.intercept"])


def artifact_dir() -> Path:
    """Where the shipped model artifacts live inside the installed package."""
    return Path(str(resources.files("newsaudit") / "models" / "artifacts"))
