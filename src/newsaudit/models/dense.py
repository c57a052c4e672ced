"""Small dense heads over word vectors, evaluated in NumPy: a logistic regression and a one-layer MLP.

Both standardise their input with the training mean and scale; weights are
stored as float16 arrays in the model's npz, like the sparse heads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


@dataclass
class DenseHead:
    """``layers`` is [(W, b), ...]: ReLU between layers, a sigmoid on the last (one output)."""

    name: str
    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]

    def logits(self, x: np.ndarray) -> np.ndarray:
        h = (x - self.mean) / self.scale
        for i, (weights, bias) in enumerate(self.layers):
            h = h @ weights + bias
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return np.asarray(h).reshape(-1)

    def scores(self, x: np.ndarray) -> np.ndarray:
        return _sigmoid(self.logits(x))

    def pack(self, arrays: dict[str, np.ndarray]) -> None:
        arrays[f"{self.name}.mean"] = self.mean.astype(np.float32)
        arrays[f"{self.name}.scale"] = self.scale.astype(np.float32)
        for i, (weights, bias) in enumerate(self.layers):
            arrays[f"{self.name}.w{i}"] = weights.astype(np.float16)
            arrays[f"{self.name}.b{i}"] = bias.astype(np.float32)

    @classmethod
    def unpack(cls, arrays: np.lib.npyio.NpzFile, name: str, n_layers: int) -> DenseHead:
        layers = [
            (arrays[f"{name}.w{i}"].astype(np.float32), arrays[f"{name}.b{i}"].astype(np.float32))
            for i in range(n_layers)
        ]
        return cls(name, arrays[f"{name}.mean"], arrays[f"{name}.scale"], layers)


def stack(logits: list[np.ndarray], coef: list[float], intercept: float) -> np.ndarray:
    """A logistic combination of several heads' logits (weights fitted on out-of-fold predictions)."""
    total = np.full_like(logits[0], intercept, dtype=np.float64)
    for weight, values in zip(coef, logits, strict=True):
        total += weight * values
    return _sigmoid(total)


def context_features(base: np.ndarray, sentence_logit: np.ndarray, lengths: list[int], width: int) -> np.ndarray:
    """Stack inputs for each token: its heads' logits, its neighbours' and its sentence's.

    ``base`` is (tokens, heads) logits in reading order, ``lengths`` the tokens per
    sentence and ``sentence_logit`` the sentence head's logit per sentence. Columns:
    the token's logits; the logits of the ``width`` tokens on each side (zero past the
    sentence ends, left to right); one indicator per neighbour that it exists; the
    sentence's mean and max of each head; the sentence logit. A span is a run of
    tokens, so a token whose neighbours and sentence score high is more likely in one.
    """
    n, k = base.shape
    lengths_arr = np.asarray(lengths, dtype=np.int64)
    if n == 0:
        return np.zeros((0, k + 2 * width * (k + 1) + 2 * k + 1))
    sentence_of = np.repeat(np.arange(len(lengths_arr)), lengths_arr)
    starts = np.concatenate([[0], np.cumsum(lengths_arr)[:-1]])
    position = np.arange(n) - starts[sentence_of]
    offsets = [d for d in range(-width, width + 1) if d != 0]
    shifted = np.zeros((n, len(offsets), k))
    present = np.zeros((n, len(offsets)))
    for j, d in enumerate(offsets):
        ok = (position + d >= 0) & (position + d < lengths_arr[sentence_of])
        shifted[ok, j] = base[np.flatnonzero(ok) + d]
        present[ok, j] = 1.0
    nonempty = lengths_arr > 0
    sums = np.add.reduceat(base, starts[nonempty], axis=0)
    maxes = np.maximum.reduceat(base, starts[nonempty], axis=0)
    sentence_mean = np.zeros((len(lengths_arr), k))
    sentence_max = np.zeros((len(lengths_arr), k))
    sentence_mean[nonempty] = sums / lengths_arr[nonempty, None]
    sentence_max[nonempty] = maxes
    return np.hstack(
        [
            base,
            shifted.reshape(n, -1),
            present,
            sentence_mean[sentence_of],
            sentence_max[sentence_of],
            np.asarray(sentence_logit, dtype=np.float64)[sentence_of, None],
        ]
    )
