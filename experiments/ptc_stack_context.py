"""Second-stage stack for span identification: each token's logits with its neighbours' and its sentence's.

    PYTHONPATH=. python experiments/ptc_stack_context.py   (needs .cache/slant_oof.npz and .cache/booster_oof.npz)

The first stack (benchmarks/slant_booster.py) combines the n-gram, LR and MLP logits of
one token. Spans are runs of tokens, so a token's neighbours' scores and the
sentence head's score say much about it; this fits a logistic regression on them,
nested by fold as in eval, and scores SI with bridges up to 5. Its result
(context ±1: 0.416) is what benchmarks/slant_booster.py now measures and ships.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from benchmarks.slant import N_FOLDS, nested_si
from newsaudit.models.dense import context_features
from newsaudit.training.ptc_data import article_folds, load_ptc
from newsaudit.training.train_propaganda import prepare


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def main() -> int:
    started = time.perf_counter()
    articles = load_ptc(Path("../shared/data"))
    data = prepare(articles)
    assignment = article_folds([a.id for a in articles], N_FOLDS)
    folds = np.array([assignment[a.id] for a in articles])
    token_fold = folds[data.si_article]
    with np.load(".cache/slant_oof.npz") as z:
        ngram, sentence = z["token"], z["sentence"]
    with np.load(".cache/booster_oof.npz") as z:
        lr, mlp = z["lr"], z["mlp"]
    lengths = [len(s.tokens) for v in data.views for s in v.sentences]
    base = np.column_stack([logit(ngram), lr, mlp])
    print(f"prepared in {time.perf_counter() - started:.0f}s", flush=True)
    bridges = tuple(int(b) for b in (sys.argv[1] if len(sys.argv) > 1 else "1,2,3,4,5").split(","))
    thresholds = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45)
    for name, feats in (
        ("token stack", base),
        ("context w1", context_features(base, logit(sentence), lengths, 1)),
        ("context w2", context_features(base, logit(sentence), lengths, 2)),
        ("context w3", context_features(base, logit(sentence), lengths, 3)),
    ):
        out = np.zeros(len(token_fold))
        for k in range(N_FOLDS):
            train = token_fold != k
            model = LogisticRegression(C=1.0, max_iter=1000).fit(feats[train], data.si_y[train])
            out[~train] = model.predict_proba(feats[~train])[:, 1]
        score, picks, _ = nested_si(data, folds, out, thresholds, bridges)
        print(f"{name}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f} picks {picks}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
