"""Leave one dataset out: the comment model on kinds of text it never trained on, beside cross-validation.

    python -m benchmarks.comments_lodo --data ../shared/data --out docs/eval/comments_lodo.md

Five-fold cross-validation (``benchmarks/comments.py``) mixes every training set into every fold, so it
measures the model on text like its training text. Held-out public sets are not like it. Here each
family of training sets is left out in turn (the Latent Hatred stages are one family: they share
posts), a model is trained on all the others with the shipped recipe, and it predicts the family left
out; posts that also occur in the left-out family are dropped from training. The same rows' five-fold
figures are computed in the same run, so the gap between the two columns is what generalisation costs.
The mean leave-one-out F1 is the number to move.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from benchmarks.comments import _binary_row, out_of_fold
from benchmarks.common import emit
from newsaudit.models.comment_model import BINARY_HEADS
from newsaudit.models.text_features import Featurizer
from newsaudit.training.comment_data import FAMILIES, Example, load_all
from newsaudit.training.train_comments import HATE_FORMS, TrainConfig, fit_model, hate_form


def leave_one_out(
    examples: Sequence[Example], families: dict[str, tuple[str, ...]] = FAMILIES, counts: sp.csr_matrix | None = None
) -> dict[str, Any]:
    """Predictions for every example of each family from a model trained without that family."""
    config = TrainConfig()
    if counts is None:
        counts = Featurizer(config.features).counts(ex.text for ex in examples)
    binary = {name: np.full(len(examples), np.nan) for name in BINARY_HEADS}
    group: list[dict[str, float]] = [{} for _ in examples]
    form: list[dict[str, float]] = [{} for _ in examples]
    for family, sources in families.items():
        started = time.perf_counter()
        test = np.array([i for i, ex in enumerate(examples) if ex.source in sources])
        if len(test) == 0:
            continue
        held_keys = {examples[int(i)].fold_key for i in test}
        train = np.array(
            [i for i, ex in enumerate(examples) if ex.source not in sources and ex.fold_key not in held_keys]
        )
        model = fit_model([examples[int(i)] for i in train], counts[train], config)
        scores = model.weights.scores(model.featurizer.weigh(counts[test]))
        for name in BINARY_HEADS:
            binary[name][test] = scores[name]
        classes = model.weights.classes
        for head, store in (("group", group), ("hate_form", form)):
            if head not in scores:  # no training rows for it without this family
                continue
            for row, i in enumerate(test):
                store[int(i)] = dict(zip(classes[head], scores[head][row].tolist(), strict=True))
        print(f"{family}: trained on {len(train):,}, tested on {len(test):,}, {time.perf_counter() - started:.0f}s",
              flush=True)
    return {"binary": binary, "group": group, "hate_form": form}


def compare(examples: Sequence[Example], cv: dict[str, Any], lodo: dict[str, Any]) -> dict[str, Any]:
    """Per family: each binary head's F1 and ROC-AUC both ways, group accuracy, hate-form macro-F1."""
    from sklearn.metrics import f1_score

    rows: list[dict[str, Any]] = []
    for family, sources in FAMILIES.items():
        members = [i for i, ex in enumerate(examples) if ex.source in sources]
        for name in BINARY_HEADS:
            labelled = [i for i in members if name in examples[i].labels]
            y = np.array([examples[i].labels[name] for i in labelled])
            if not labelled or y.sum() == 0:
                continue
            rows.append({
                "family": family, "what": name,
                "cv": _binary_row(y, cv["binary"][name][labelled]),
                "lodo": _binary_row(y, lodo["binary"][name][labelled]),
            })
        with_group = [i for i in members if examples[i].group is not None]
        if with_group:
            gold = [examples[i].group for i in with_group]
            rows.append({
                "family": family, "what": "group (accuracy)", "n": len(with_group),
                "cv_value": _accuracy(gold, [_top(cv["group"][i]) for i in with_group]),
                "lodo_value": _accuracy(gold, [_top(lodo["group"][i]) for i in with_group]),
            })
        # (with Latent Hatred left out no set teaches the hate form: no row rather than a meaningless one)
        with_form = [i for i in members if hate_form(examples[i]) is not None and lodo["hate_form"][i]]
        if with_form:
            gold_form = [str(hate_form(examples[i])) for i in with_form]
            rows.append({
                "family": family, "what": "hate form (macro-F1)", "n": len(with_form),
                "cv_value": float(f1_score(gold_form, [_top(cv["hate_form"][i]) for i in with_form],
                                           labels=list(HATE_FORMS), average="macro", zero_division=0)),
                "lodo_value": float(f1_score(gold_form, [_top(lodo["hate_form"][i]) for i in with_form],
                                             labels=list(HATE_FORMS), average="macro", zero_division=0)),
            })
    binary = [r for r in rows if "cv" in r]
    return {
        "rows": rows,
        "mean_f1_cv": float(np.mean([r["cv"]["f1"] for r in binary])),
        "mean_f1_lodo": float(np.mean([r["lodo"]["f1"] for r in binary])),
    }


def _top(scores: dict[str, float]) -> str:
    return max(scores.items(), key=lambda kv: kv[1])[0] if scores else ""


def _accuracy(gold: Sequence[str | None], pred: Sequence[str]) -> float:
    return float(np.mean([g == p for g, p in zip(gold, pred, strict=True)]))


def render(result: dict[str, Any], n_examples: int, seconds: float) -> str:
    lines = [
        "## Comment moderation: leave one dataset out",
        "",
        f"_Measured {dt.date.today().isoformat()} by `python -m benchmarks.comments_lodo` on {n_examples:,} "
        "examples from ../shared/data (training splits only). Each family of sets is predicted by a model trained "
        "on all the others (the shipped recipe: linear heads over hashed n-grams), beside the same rows' five-fold "
        f"cross-validation from the same run. Threshold 0.5. Run time {seconds / 60:.0f} min on 2 cores._",
        "",
        f"**Mean F1 of the binary heads over the left-out sets: {result['mean_f1_lodo']:.3f}** "
        f"(five-fold on the same rows: {result['mean_f1_cv']:.3f}). This is the figure to move.",
        "",
        "| left out | head | rows | positive | F1 5-fold | F1 left out | ROC-AUC 5-fold | ROC-AUC left out |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["rows"]:
        if "cv" in r:
            cv, lo = r["cv"], r["lodo"]
            lines.append(f"| {r['family']} | {r['what']} | {cv['n']:,} | {cv['pos']:,} | {cv['f1']:.3f} | "
                         f"**{lo['f1']:.3f}** | {_num(cv['auc'])} | {_num(lo['auc'])} |")
        else:
            lines.append(f"| {r['family']} | {r['what']} | {r['n']:,} | — | {r['cv_value']:.3f} | "
                         f"**{r['lodo_value']:.3f}** | — | — |")
    lines.append("")
    return "\n".join(lines)


def _num(value: float) -> str:
    return "—" if value != value else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", help="markdown file to write (default: stdout)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    examples = load_all(args.data)
    counts = Featurizer(TrainConfig().features).counts(ex.text for ex in examples)  # once, for both
    cv = out_of_fold(examples, counts=counts)
    lodo = leave_one_out(examples, counts=counts)
    result = compare(examples, cv, lodo)
    emit(render(result, len(examples), time.perf_counter() - started), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
