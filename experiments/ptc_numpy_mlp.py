"""Out-of-fold logits of the NumPy MLP (dropout, AdamW, early stop by article) on MiniLM token windows.

    PYTHONPATH=. python experiments/ptc_numpy_mlp.py [epochs]   (needs .cache/ptc_vectors.npy; writes .cache/mlp_np_oof.npz)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from numpy_mlp import MLPConfig, fit_mlp, predict_logits

from benchmarks.slant import N_FOLDS, nested_si
from newsaudit.models.dense import stack
from newsaudit.slant.vectors import windows
from newsaudit.training.ptc_data import article_folds, load_ptc
from newsaudit.training.train_propaganda import prepare, sentence_lengths


def main() -> int:
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    started = time.perf_counter()
    articles = load_ptc(Path("../shared/data"))
    data = prepare(articles)
    assignment = article_folds([a.id for a in articles], N_FOLDS)
    folds = np.array([assignment[a.id] for a in articles])
    token_fold = folds[data.si_article]
    vectors = np.load(".cache/ptc_vectors.npy").astype(np.float32)
    out = np.zeros(len(token_fold))
    for k in range(N_FOLDS):
        t0 = time.perf_counter()
        train = np.flatnonzero(token_fold != k)
        mean = vectors[train].mean(axis=0)
        scale = vectors[train].std(axis=0) + 1e-6
        wide = windows((vectors - mean) / scale, sentence_lengths(data), 2)
        layers, log = fit_mlp(wide, data.si_y, data.si_article, MLPConfig(epochs=epochs), rows=train)
        test = np.flatnonzero(token_fold == k)
        out[test] = predict_logits(wide[test], layers)
        del wide
        print(f"fold {k}: {time.perf_counter() - t0:.0f}s {log}", flush=True)
    np.savez(".cache/mlp_np_oof.npz", mlp=out)
    score, picks, _ = nested_si(data, folds, stack([out], [1.0], 0.0))
    print(f"numpy MLP alone: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f} {picks}")
    print(f"total {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
