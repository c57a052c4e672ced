"""A one-hidden-layer MLP for binary tagging, trained in NumPy: dropout, AdamW, early stopping by group.

Experiment, not shipped: on PTC it beat scikit-learn's MLP alone (SI F1 0.383 against 0.333) but added
less to the booster's context stack (0.411 against 0.416); see docs/eval/slant_model_comparison.md.

Why not scikit-learn's ``MLPClassifier``: it has no dropout and its early stopping
holds out random rows, so tokens of one article land on both sides and the stop
comes late. Here the held-out rows are whole groups (articles), and training is
deterministic for a seed. The result is the ``[(W, b), ...]`` list a
``models.dense.DenseHead`` evaluates, so nothing at prediction time depends on this.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MLPConfig:
    hidden: int = 256
    epochs: int = 8
    batch_size: int = 256
    learning_rate: float = 1e-3
    weight_decay: float = 1e-2
    input_dropout: float = 0.1
    hidden_dropout: float = 0.3
    #: Share of the groups held out to pick the epoch (the weights of the best epoch are kept).
    validation_share: float = 0.1
    seed: int = 0


def _log_loss(logits: np.ndarray, y: np.ndarray) -> float:
    # log(1 + e^-z) for y=1 and log(1 + e^z) for y=0, computed stably
    signed = np.where(y > 0, -logits, logits)
    return float(np.mean(np.logaddexp(0.0, signed)))


def _forward(x: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    (w1, b1), (w2, b2) = layers
    return np.asarray((np.maximum(x @ w1 + b1, 0.0) @ w2 + b2).reshape(-1))


def predict_logits(x: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]], chunk: int = 8192) -> np.ndarray:
    if not len(x):
        return np.zeros(0)
    return np.concatenate([_forward(x[i : i + chunk], layers) for i in range(0, len(x), chunk)])


class _AdamW:
    def __init__(self, params: list[np.ndarray], lr: float, weight_decay: float) -> None:
        self.params = params
        self.lr = lr
        self.weight_decay = weight_decay
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads: list[np.ndarray], decay: list[bool]) -> None:
        self.t += 1
        b1, b2, eps = 0.9, 0.999, 1e-8
        correction1 = 1 - b1**self.t
        correction2 = 1 - b2**self.t
        for p, g, m, v, d in zip(self.params, grads, self.m, self.v, decay, strict=True):
            if d:
                p *= 1 - self.lr * self.weight_decay
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + eps)


def fit_mlp(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    config: MLPConfig = MLPConfig(),
    rows: np.ndarray | None = None,
) -> tuple[list[tuple[np.ndarray, np.ndarray]], dict[str, object]]:
    """Train on ``x`` (float32 rows), ``y`` (0/1); ``groups`` (e.g. article ids) decide the held-out rows.

    ``rows`` restricts training to those row indices without copying ``x``
    (cross-validation folds). Returns the layers of the best epoch on the
    held-out groups, and a log of the held-out loss per epoch.
    """
    rng = np.random.default_rng(config.seed)
    usable = np.arange(len(x)) if rows is None else np.asarray(rows)
    unique = np.unique(groups[usable])
    held = rng.choice(unique, size=max(1, round(len(unique) * config.validation_share)), replace=False)
    is_held = np.isin(groups[usable], held)
    train_rows = usable[~is_held]
    held_rows = usable[is_held]
    d = x.shape[1]
    w1 = (rng.standard_normal((d, config.hidden)) * np.sqrt(2.0 / d)).astype(np.float32)
    b1 = np.zeros(config.hidden, np.float32)
    w2 = (rng.standard_normal((config.hidden, 1)) * np.sqrt(1.0 / config.hidden)).astype(np.float32)
    b2 = np.zeros(1, np.float32)
    params = [w1, b1, w2, b2]
    optimiser = _AdamW(params, config.learning_rate, config.weight_decay)
    decay = [True, False, True, False]
    y32 = y.astype(np.float32)
    best: list[tuple[np.ndarray, np.ndarray]] = [(w1.copy(), b1.copy()), (w2.copy(), b2.copy())]
    best_loss = np.inf
    history: list[float] = []
    keep_in = 1.0 - config.input_dropout
    keep_hidden = 1.0 - config.hidden_dropout
    for _ in range(config.epochs):
        order = rng.permutation(train_rows)
        for start in range(0, len(order), config.batch_size):
            rows = np.sort(order[start : start + config.batch_size])
            xb = x[rows]
            if config.input_dropout:
                xb = xb * (rng.random(xb.shape, dtype=np.float32) < keep_in) / np.float32(keep_in)
            pre = xb @ w1 + b1
            h = np.maximum(pre, 0.0)
            mask = None
            if config.hidden_dropout:
                mask = (rng.random(h.shape, dtype=np.float32) < keep_hidden) / np.float32(keep_hidden)
                h = h * mask
            z = (h @ w2 + b2).reshape(-1)
            p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
            dz = ((p - y32[rows]) / len(rows)).astype(np.float32).reshape(-1, 1)
            gw2 = h.T @ dz
            gb2 = dz.sum(axis=0)
            dh = dz @ w2.T
            if mask is not None:
                dh = dh * mask
            dh = dh * (pre > 0)
            gw1 = xb.T @ dh
            gb1 = dh.sum(axis=0)
            optimiser.step([gw1, gb1, gw2, gb2], decay)
        layers = [(w1, b1), (w2, b2)]
        loss = _log_loss(predict_logits(x[held_rows], layers), y[held_rows]) if len(held_rows) else 0.0
        history.append(loss)
        if loss < best_loss:
            best_loss = loss
            best = [(w1.copy(), b1.copy()), (w2.copy(), b2.copy())]
    return best, {"held_out_loss": history, "best_epoch": int(np.argmin(history)) + 1, "held_out_groups": len(held)}
