"""Exploratory (not part of make eval): torch-free MiniLM token vectors + n-gram stack for PTC SI.

Same design as experiments/ptc_minilm_si.py, but with the numpy encoder of newsaudit.models.minilm (no torch)
and sklearn classifiers, on the CURRENT tokenizer (slant/text.py as of 2026-11-25 21:30: 395,857 tokens).
Every sentence of ``view_of(article.text)`` is encoded on its own (text[s.start:s.end], windows of at most
126 subwords), and each token gets the mean of the layer-3 and layer-6 vectors (concatenated, 768 dims) of
the subwords overlapping it (pool_to_spans with sentence-relative offsets; tokens with no subword get zeros).
Token label = the token overlaps a gold span. 5 folds by article (article_folds, as in benchmarks/slant.py).

* LR: LogisticRegression(lbfgs, C=1, max_iter=300, random_state=0) on the 768 dims standardized on the
  training folds.
* MLP: sklearn MLPClassifier(hidden 256, early_stopping on a random 10% of the training tokens, max_iter=8,
  alpha=1e-4, batch 256, random_state=0) on the +-2 token window inside the sentence (zero-padded) of the
  standardized vectors (3840 float32 dims).
* n-gram: the shipped model's out-of-fold token probabilities, /tmp/slant_oof.npz ("token"), written by
  ``python -m benchmarks.slant --cache /tmp/slant_oof.npz`` (same token order).
* avg: mean of the three probabilities; stack: LogisticRegression(C=1) on the logits [n-gram, LR, MLP],
  fitted for fold k on the other folds' OOF tokens (the base models behind those OOF values saw fold k, so
  it is not strictly nested; 4 parameters, the leak should be tiny).

SI (official metric, benchmarks/semeval_metrics.si_scores) over thresholds 0.15..0.40 (step 0.05) x bridge 1..3:
"best" is the best setting on all OOF predictions (optimistic); "nested" picks the setting per fold on the
other four folds, as benchmarks/slant.py's nested_si does.

Run (repo venv; 1 thread; outputs in /tmp/ptc_stack/):

    export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
    .venv/bin/python experiments/ptc_minilm_stack_numpy.py extract   # emb.npy (float16), tokens.npy
    .venv/bin/python experiments/ptc_minilm_stack_numpy.py lr        # oof_lr.npy, fit_lr.json
    .venv/bin/python experiments/ptc_minilm_stack_numpy.py mlp       # oof_mlp.npy, fit_mlp.json
    .venv/bin/python experiments/ptc_minilm_stack_numpy.py score     # needs /tmp/slant_oof.npz; results.json

(``score --only n-gram LR`` scores a subset; per-model scores are cached in score_<hash>.json.)

Measured 2026-11-25 on the 371 PTC training articles (2 cores shared with another job, 1 thread):

* extraction: 17,343 sentences, 395,857 tokens, 444,127 subwords, 17,343 windows (no sentence needed a
  second window); 230 s = 1,718 words/s (1,927 subwords/s); 21 tokens had no subword (zero vectors).
  Earlier torch run (1 thread): 2,370 words/s.
* fit times: LR 69 s for 5 folds (12-16 s per fold, lbfgs converged in 41-47 iterations);
  MLP 209-246 s per fold, 1,144 s in all (8 epochs each, max_iter reached, no early stop triggered).

  model                      th    br   P      R      F1     nested F1 (P / R)       token AUC
  n-gram (shipped, OOF)      0.20  3    0.272  0.430  0.333  0.332 (0.273 / 0.421)   0.715
  MiniLM L3+L6, LR           0.30  3    0.312  0.414  0.356  0.355 (0.302 / 0.431)   0.763
  MiniLM L3+L6, MLP +-2      0.25  3    0.270  0.412  0.326  0.326 (0.267 / 0.418)   0.753
  avg(n-gram, LR, MLP)       0.35  3    0.339  0.401  0.367  0.366 (0.324 / 0.421)   0.784
  stack(n-gram, LR, MLP)     0.30  3    0.356  0.448  0.397  0.395 (0.335 / 0.481)   0.792

  Nested picks (threshold, bridge) per fold: n-gram (.2,3)x4 (.25,3); LR (.3,3)x4 (.25,3);
  MLP (.25,3) (.25,3) (.2,2) (.25,3) (.2,1); avg (.35,3)x3 (.3,3)x2; stack (.3,3) (.3,3) (.25,3) (.3,3) (.25,3).
  Bridge 3 (the top of the grid) won almost everywhere.

  Stack fitted on all folds: p = sigmoid(0.1333 logit(n-gram) + 0.5228 logit(LR) + 0.0837 logit(MLP) - 0.0027);
  per-fold coefficients vary by < 0.02. Logit standard deviations are 2.91 (n-gram), 1.24 (LR), 4.75 (MLP),
  so per standard deviation the weights are about 0.39, 0.65, 0.40.

  The sklearn MLP is worse than the LR here (the torch MLP of ptc_minilm_si.py reached AUC 0.779, SI 0.383):
  it is overconfident (73% of tokens get p < 0.01; training loss 0.15 by epoch 4), and its early stopping
  uses accuracy on random tokens whose +-2 windows overlap the training tokens. The stack is still 0.395
  nested (torch version: 0.398, on the older tokenizer).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # benchmarks/
from benchmarks.semeval_metrics import merge_spans, si_scores  # noqa: E402
from newsaudit.slant.decode import decode_spans  # noqa: E402
from newsaudit.slant.view import view_of  # noqa: E402
from newsaudit.training.ptc_data import article_folds, load_ptc  # noqa: E402

DATA = Path("/work/shared/data")
OUT = Path("/tmp/ptc_stack")
MODEL = Path("/tmp/mlmodel")
NGRAM = Path("/tmp/slant_oof.npz")
N_FOLDS = 5
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
BRIDGES = (1, 2, 3)


def corpus():
    """Articles, views, token labels (token overlaps a gold span), fold of every token, sentence id of every token."""
    arts = load_ptc(DATA)
    views = [view_of(a.text) for a in arts]
    assignment = article_folds([a.id for a in arts], N_FOLDS)
    ys, fold_of_tok, sent_of_tok = [], [], []
    sid = 0
    for a, v in zip(arts, views, strict=True):
        mask = np.zeros(len(a.text) + 1, bool)
        for _, s, e in a.spans:
            mask[s:e] = True
        for s in v.sentences:
            ys.extend(int(mask[t.start : t.end].any()) for t in s.tokens)
            fold_of_tok.extend([assignment[a.id]] * len(s.tokens))
            sent_of_tok.extend([sid] * len(s.tokens))
            sid += 1
    return arts, views, np.array(ys), np.array(fold_of_tok), np.array(sent_of_tok)


def token_offsets(views):
    return np.array(
        [(i, t.start, t.end) for i, v in enumerate(views) for s in v.sentences for t in s.tokens], dtype=np.int64
    )


# ----------------------------------------------------------------------------------------------
# 1. extraction (numpy encoder, one sentence = one text)
# ----------------------------------------------------------------------------------------------
def extract(chunk: int = 2000):
    from newsaudit.models.minilm import MiniLMEncoder, pool_to_spans

    arts, views, y, _, _ = corpus()
    enc = MiniLMEncoder.from_dir_or_zip(MODEL)
    items = [
        (a.text[s.start : s.end], [(t.start - s.start, t.end - s.start) for t in s.tokens])
        for a, v in zip(arts, views, strict=True)
        for s in v.sentences
    ]
    n_tok = len(y)
    emb = np.zeros((n_tok, 768), np.float16)
    row = 0
    n_sub = n_win = empty = 0
    t0 = time.time()
    for c in range(0, len(items), chunk):
        part = items[c : c + chunk]
        encoded = enc.encode([t for t, _ in part], layers=(3, 6))
        for e, (_, spans) in zip(encoded, part, strict=True):
            vec = pool_to_spans(e, spans)
            emb[row : row + len(spans)] = vec
            row += len(spans)
            n_sub += e.n_subwords
            n_win += e.n_windows
            empty += int((np.abs(vec).sum(1) == 0).sum())
        el = time.time() - t0
        print(
            f"  {min(c + chunk, len(items))}/{len(items)} sentences, {row} tokens, {el:.0f}s ({row / el:.0f} words/s)",
            flush=True,
        )
    secs = time.time() - t0
    assert row == n_tok
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "emb.npy", emb)
    np.save(OUT / "tokens.npy", token_offsets(views))
    info = {
        "articles": len(arts),
        "sentences": len(items),
        "tokens": n_tok,
        "subwords": n_sub,
        "windows": n_win,
        "tokens_without_subword": empty,
        "seconds": round(secs, 1),
        "words_per_second": round(n_tok / secs, 1),
        "subwords_per_second": round(n_sub / secs, 1),
    }
    (OUT / "extract_info.json").write_text(json.dumps(info, indent=1))
    print(info, flush=True)


# ----------------------------------------------------------------------------------------------
# 2. out-of-fold token classifiers
# ----------------------------------------------------------------------------------------------
def standardize(X, tr):
    mu = X[tr].mean(0, dtype=np.float64)
    sd = X[tr].std(0, dtype=np.float64) + 1e-6
    return ((X - mu.astype(np.float32)) / sd.astype(np.float32)).astype(np.float32)


def load_checked():
    arts, views, y, fold, sent = corpus()
    X = np.load(OUT / "emb.npy").astype(np.float32)
    if len(X) != len(y) or not np.array_equal(np.load(OUT / "tokens.npy"), token_offsets(views)):
        raise SystemExit("token rows differ from emb.npy: re-run extract")
    return arts, views, y, fold, sent, X


def fit_lr():
    from sklearn.linear_model import LogisticRegression

    _, _, y, fold, _, X = load_checked()
    probs = np.zeros(len(y))
    times = []
    for k in range(N_FOLDS):
        t = time.time()
        tr = fold != k
        Z = standardize(X, tr)
        m = LogisticRegression(C=1.0, solver="lbfgs", max_iter=300, random_state=0).fit(Z[tr], y[tr])
        probs[~tr] = m.predict_proba(Z[~tr])[:, 1]
        times.append(round(time.time() - t, 1))
        print(f"  lr fold {k}: {times[-1]}s, iters {m.n_iter_}", flush=True)
    np.save(OUT / "oof_lr.npy", probs)
    (OUT / "fit_lr.json").write_text(json.dumps({"fold_seconds": times, "total": round(sum(times), 1)}))


def window_features(Z, sent, width):
    """Concatenate the +-width tokens of the same sentence (zeros outside) -> (n, (2w+1)*d) float32."""
    n, d = Z.shape
    out = np.zeros((n, (2 * width + 1) * d), np.float32)
    for j, off in enumerate(range(-width, width + 1)):
        src = np.arange(n) + off
        ok = (src >= 0) & (src < n)
        ok[ok] &= sent[src[ok]] == sent[ok]
        out[ok, j * d : (j + 1) * d] = Z[src[ok]]
    return out


def fit_mlp(width: int = 2, hidden: int = 256, max_iter: int = 8, folds=None):
    from sklearn.neural_network import MLPClassifier

    _, _, y, fold, sent, X = load_checked()
    path = OUT / "oof_mlp.npy"
    probs = np.load(path) if path.exists() else np.full(len(y), np.nan)
    info_path = OUT / "fit_mlp.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    for k in folds if folds is not None else range(N_FOLDS):
        t = time.time()
        tr = fold != k
        W = window_features(standardize(X, tr), sent, width)
        m = MLPClassifier(
            hidden_layer_sizes=(hidden,),
            early_stopping=True,
            validation_fraction=0.1,
            max_iter=max_iter,
            random_state=0,
            alpha=1e-4,
            batch_size=256,
            verbose=True,
        )
        m.fit(W[tr], y[tr])
        probs[~tr] = m.predict_proba(W[~tr])[:, 1]
        del W
        info[str(k)] = {
            "seconds": round(time.time() - t, 1),
            "n_iter": m.n_iter_,
            "width": width,
            "hidden": hidden,
            "max_iter": max_iter,
            "val_scores": [round(s, 4) for s in m.validation_scores_],
        }
        print(f"  mlp fold {k}: {info[str(k)]}", flush=True)
        np.save(path, probs)
        info_path.write_text(json.dumps(info, indent=1))


# ----------------------------------------------------------------------------------------------
# 3. SI scoring with nested threshold/bridge selection
# ----------------------------------------------------------------------------------------------
def logit(p):
    p = np.clip(p, 1e-5, 1 - 1e-5)
    return np.log(p / (1 - p))


def stack(cols, y, fold):
    from sklearn.linear_model import LogisticRegression

    F = np.column_stack([logit(c) for c in cols])
    out = np.zeros(len(y))
    per_fold = []
    for k in range(N_FOLDS):
        tr = fold != k
        m = LogisticRegression(C=1.0).fit(F[tr], y[tr])
        out[~tr] = m.predict_proba(F[~tr])[:, 1]
        per_fold.append([*np.round(m.coef_[0], 4).tolist(), round(float(m.intercept_[0]), 4)])
    full = LogisticRegression(C=1.0).fit(F, y)
    return out, {
        "coef": np.round(full.coef_[0], 4).tolist(),
        "intercept": round(float(full.intercept_[0]), 4),
        "per_fold": per_fold,
    }


class Scorer:
    """Per-article SI sums for every (threshold, bridge); the official metric is additive over articles."""

    def __init__(self, arts, views, fold):
        self.arts, self.views = arts, views
        self.gold = {a.id: merge_spans([(s, e) for _, s, e in a.spans]) for a in arts}
        self.bounds, pos = [], 0
        for v in views:
            n = len(v.tokens)
            self.bounds.append((pos, pos + n))
            pos += n
        self.art_fold = np.array([fold[b0] for b0, _ in self.bounds])

    def stats(self, probs, th, br):
        """(n_articles, 4): precision credit, recall credit, n predicted, n gold."""
        rows = []
        for a, v, (b0, b1) in zip(self.arts, self.views, self.bounds, strict=True):
            pred = merge_spans([(s, e) for s, e, _ in decode_spans(v.sentences, probs[b0:b1], th, br)])
            g = self.gold[a.id]
            r = si_scores({a.id: g}, {a.id: pred})
            rows.append((r.precision * len(pred), r.recall * len(g), len(pred), len(g)))
        return np.array(rows)

    @staticmethod
    def prf(s):
        p = s[0] / s[2] if s[2] else 0.0
        r = s[1] / s[3] if s[3] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def report(self, probs):
        grid = {(th, br): self.stats(probs, th, br) for th in THRESHOLDS for br in BRIDGES}
        table = {k: self.prf(s.sum(0)) for k, s in grid.items()}
        best = max(table, key=lambda k: table[k][2])
        picks, nested = [], np.zeros(4)
        for k in range(N_FOLDS):
            other = self.art_fold != k
            pick = max(grid, key=lambda c: self.prf(grid[c][other].sum(0))[2])
            picks.append(pick)
            nested += grid[pick][~other].sum(0)
        p, r, f = table[best]
        return {
            "best": best,
            "P": p,
            "R": r,
            "F1": f,
            "nested": self.prf(nested),
            "picks": picks,
            "grid": {f"{k[0]}/{k[1]}": [round(x, 4) for x in v] for k, v in table.items()},
        }


def score(only=None):
    """Score every model (or only the named base models); per-model results are cached by a hash of the probs."""
    import hashlib

    from sklearn.metrics import roc_auc_score

    arts, views, y, fold, _ = corpus()
    z = np.load(NGRAM)
    ngram = z["token"]
    files = {"n-gram": None, "LR": OUT / "oof_lr.npy", "MLP": OUT / "oof_mlp.npy"}
    oof = {n: ngram if f is None else np.load(f) for n, f in files.items() if only is None or n in only}
    for name, p in oof.items():
        if len(p) != len(y) or np.isnan(p).any():
            raise SystemExit(f"{name}: {len(p)} rows (corpus {len(y)}) or NaNs")
    weights = None
    if only is None:
        oof["avg(n-gram, LR, MLP)"] = (oof["n-gram"] + oof["LR"] + oof["MLP"]) / 3
        oof["stack(n-gram, LR, MLP)"], weights = stack([oof["n-gram"], oof["LR"], oof["MLP"]], y, fold)
    sc = Scorer(arts, views, fold)
    results = {"stack_weights": weights}
    for name, p in oof.items():
        t = time.time()
        cache = OUT / f"score_{hashlib.sha1(p.tobytes()).hexdigest()[:16]}.json"
        if cache.exists():
            results[name] = json.loads(cache.read_text())
            continue
        r = sc.report(p)
        r["token_auc"] = float(roc_auc_score(y, p))
        r["seconds"] = round(time.time() - t, 1)
        cache.write_text(json.dumps(r))
        results[name] = r
    for name, r in results.items():
        if name == "stack_weights":
            continue
        n = r["nested"]
        print(
            f"{name:24s} th={r['best'][0]:.2f} br={r['best'][1]} P {r['P']:.3f} R {r['R']:.3f} F1 {r['F1']:.3f} "
            f"nested F1 {n[2]:.3f} (P {n[0]:.3f} R {n[1]:.3f}) AUC {r['token_auc']:.4f} picks {r['picks']}",
            flush=True,
        )
    if weights is None:
        return
    print("stack weights (all folds): coef [n-gram, LR, MLP] =", weights["coef"], "intercept", weights["intercept"])
    print("per fold:", weights["per_fold"])
    (OUT / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["extract", "lr", "mlp", "score"])
    ap.add_argument("--width", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--max-iter", type=int, default=8)
    ap.add_argument("--folds", type=int, nargs="*", default=None)
    ap.add_argument("--only", nargs="*", default=None, help="score only these base models (n-gram, LR, MLP)")
    args = ap.parse_args()
    if args.cmd == "extract":
        extract()
    elif args.cmd == "lr":
        fit_lr()
    elif args.cmd == "mlp":
        fit_mlp(args.width, args.hidden, args.max_iter, args.folds)
    else:
        score(args.only)
