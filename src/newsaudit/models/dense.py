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
