"""Train the propaganda model on the PTC (SemEval-2020 Task 11 training articles): `make models`.

Deterministic: liblinear with a fixed seed over hashed features, so two runs
write the same artifact.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from newsaudit.models.dense import DenseHead
from newsaudit.models.linear import Head, sparse_weights
from newsaudit.models.propaganda_model import (
    ARTIFACT_NAME,
    Booster,
    PropagandaModel,
    hash_rows,
    sentence_rows,
    si_rows,
    tc_rows,
)
from newsaudit.slant.view import TextView, view_of
from newsaudit.slant.word_table import WordSums, WordTable
from newsaudit.training.ptc_data import PTC_DIR, Article, load_ptc

SEED = 0

#: Fitted by ``benchmarks/slant_booster.py`` on the out-of-fold logits of all five folds (docs/EVALUATION.md).
STACK_COEF: tuple[float, ...] = (
    *(0.288, 0.236, 0.075),  # the token's n-gram, LR, MLP logits
    *(0.001, 0.105, 0.034, -0.013, 0.080, 0.028),  # left neighbour's, right neighbour's
    *(0.368, 0.512),  # left and right neighbours exist
    *(-0.206, 0.041, 0.118, 0.009, -0.012, 0.040),  # sentence mean, sentence max
    0.031,  # sentence head
)
STACK_INTERCEPT = -0.916
#: The word-vector student's table size and stack, fitted by ``benchmarks/slant_student.py`` in the same layout.
STUDENT_DIM = 128
STUDENT_STACK_COEF: tuple[float, ...] = (
    *(0.318, 0.143, 0.122),  # the token's n-gram, LR, MLP logits
    *(0.056, -0.007, 0.085, 0.040, -0.005, 0.068),  # left neighbour's, right neighbour's
    *(0.522, 0.786),  # left and right neighbours exist
    *(-0.335, -1.086, 1.075, 0.008, 0.242, 0.007),  # sentence mean, sentence max
    0.055,  # sentence head
)
STUDENT_STACK_INTERCEPT = -1.730


@dataclass
class TrainConfig:
    c_si: float = 0.5
    c_tc: float = 1.0
    c_sentence: float = 0.5
    #: Decoding threshold for span identification, chosen by the cross-validation in benchmarks/slant.py.
    threshold: float = 0.2
    bridge: int = 3
    prune_below: float = 0.01
    #: The MiniLM booster (only when the encoder is installed): MLP size and epochs, and the stack
    #: weights and threshold, which eval picks on out-of-fold predictions (see docs/EVALUATION.md).
    booster: bool = True
    mlp_hidden: int = 256
    mlp_epochs: int = 3
    mlp_alpha: float = 1e-3
    window: int = 2
    #: The stack reads each token's [n-gram, LR, MLP] logits, its neighbours' within
    #: ``booster_context`` tokens and its sentence's (``models.dense.context_features``).
    booster_context: int = 1
    stack_coef: tuple[float, ...] = STACK_COEF
    stack_intercept: float = STACK_INTERCEPT
    booster_threshold: float = 0.25
    booster_bridge: int = 5
    #: The word-vector student (``slant/word_table.py``): the booster's heads over a table of each word's
    #: MiniLM vectors averaged over the articles; its stack, threshold and bridge from ``benchmarks/slant_student.py``.
    student: bool = True
    student_dim: int = STUDENT_DIM
    student_stack_coef: tuple[float, ...] = STUDENT_STACK_COEF
    student_stack_intercept: float = STUDENT_STACK_INTERCEPT
    student_threshold: float = 0.25
    student_bridge: int = 5


@dataclass
class Prepared:
    """Every training row of a set of articles, hashed once so cross-validation can slice them."""

    articles: list[Article]
    views: list[TextView]
    si_x: sp.csr_matrix
    si_y: np.ndarray
    si_article: np.ndarray  # article index of each token row
    sentence_x: sp.csr_matrix
    sentence_y: np.ndarray
    sentence_article: np.ndarray
    tc_x: sp.csr_matrix
    tc_y: np.ndarray
    tc_article: np.ndarray
    tc_keys: list[tuple[str, int, int]] = field(default_factory=list)


def prepare(articles: Sequence[Article]) -> Prepared:
    views: list[TextView] = []
    si: list[list[str]] = []
    sent: list[list[str]] = []
    tc: list[list[str]] = []
    si_y: list[int] = []
    sent_y: list[int] = []
    si_a: list[int] = []
    sent_a: list[int] = []
    tc_a: list[int] = []
    tc_y: list[str] = []
    keys: list[tuple[str, int, int]] = []
    for index, article in enumerate(articles):
        view = view_of(article.text)
        views.append(view)
        inside = np.zeros(len(article.text) + 1, dtype=bool)
        for _, start, end in article.spans:
            inside[start:end] = True
        rows = si_rows(view)
        si.extend(rows)
        si_y.extend(int(inside[t.start : t.end].any()) for t in view.tokens)
        si_a.extend([index] * len(rows))
        sent.extend(sentence_rows(view))
        sent_y.extend(int(inside[s.start : s.end].any()) for s in view.sentences)
        sent_a.extend([index] * len(view.sentences))
        tc.extend(tc_rows(view, [(start, end) for _, start, end in article.spans]))
        tc_y.extend(technique for technique, _, _ in article.spans)
        tc_a.extend([index] * len(article.spans))
        keys.extend((article.id, start, end) for _, start, end in article.spans)
    return Prepared(
        list(articles),
        views,
        hash_rows(si),
        np.array(si_y),
        np.array(si_a),
        hash_rows(sent),
        np.array(sent_y),
        np.array(sent_a),
        hash_rows(tc),
        np.array(tc_y),
        np.array(tc_a),
        keys,
    )


def _binary(x: sp.csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=300, random_state=SEED)
    clf.fit(x, y)
    return clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32)


def fit_heads(data: Prepared, articles: np.ndarray, config: TrainConfig) -> dict[str, Head]:
    """The three heads fitted on the rows of the given article indices."""
    keep_si = np.isin(data.si_article, articles)
    keep_sent = np.isin(data.sentence_article, articles)
    keep_tc = np.isin(data.tc_article, articles)
    heads = {}
    coef, bias = _binary(data.si_x[keep_si], data.si_y[keep_si], config.c_si)
    heads["si"] = Head("si", ("outside", "propaganda"), sparse_weights(coef, config.prune_below), bias)
    coef, bias = _binary(data.sentence_x[keep_sent], data.sentence_y[keep_sent], config.c_sentence)
    heads["sentence"] = Head("sentence", ("none", "propaganda"), sparse_weights(coef, config.prune_below), bias)
    y = data.tc_y[keep_tc]
    classes = tuple(sorted(set(y.tolist())))
    rows = [_binary(data.tc_x[keep_tc], (y == label).astype(int), config.c_tc) for label in classes]
    coefs = np.vstack([c for c, _ in rows])
    heads["tc"] = Head("tc", classes, sparse_weights(coefs, config.prune_below), np.concatenate([b for _, b in rows]))
    return heads


def all_token_vectors(data: Prepared, encoder: Any) -> np.ndarray:
    from newsaudit.slant.vectors import token_vectors

    return np.vstack([token_vectors(view, encoder) for view in data.views]).astype(np.float32)


def token_words(data: Prepared) -> list[str]:
    """Every token's lower-cased word, in the order of the rows (what the student's word table is keyed by)."""
    return [t.lower for view in data.views for s in view.sentences for t in s.tokens]


def sentence_lengths(data: Prepared) -> list[int]:
    return [len(s.tokens) for view in data.views for s in view.sentences]


def fit_booster(
    data: Prepared, vectors: np.ndarray, articles: np.ndarray, config: TrainConfig
) -> tuple[DenseHead, DenseHead]:
    """The booster's LR (on each word's vector) and MLP (on a window of vectors), fitted on ``articles``."""
    from sklearn.neural_network import MLPClassifier

    from newsaudit.slant.vectors import windows

    keep = np.isin(data.si_article, articles)
    y = data.si_y[keep]
    kept = vectors[keep]  # one copy of the training rows (about 1 GB on the whole corpus), not three
    mean = kept.mean(axis=0)
    scale = kept.std(axis=0) + 1e-6
    lr = LogisticRegression(C=1.0, max_iter=300, random_state=SEED)
    lr.fit((kept - mean) / scale, y)
    del kept
    lr_head = DenseHead("lr", mean, scale, [(lr.coef_.T.astype(np.float32), lr.intercept_.astype(np.float32))])
    wide_dim = vectors.shape[1] * (2 * config.window + 1)
    wide = windows((vectors - mean) / scale, sentence_lengths(data), config.window)[keep]
    mlp = MLPClassifier(
        hidden_layer_sizes=(config.mlp_hidden,),
        alpha=config.mlp_alpha,
        batch_size=256,
        max_iter=config.mlp_epochs,
        random_state=SEED,
        early_stopping=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(wide, y)
    del wide
    layers = [(w.astype(np.float32), b.astype(np.float32)) for w, b in zip(mlp.coefs_, mlp.intercepts_, strict=True)]
    # The MLP sees windows of vectors standardised with the LR's mean and scale (zero padding stays zero),
    # so its own standardisation is the identity.
    mlp_head = DenseHead("mlp", np.zeros(wide_dim, np.float32), np.ones(wide_dim, np.float32), layers)
    return lr_head, mlp_head


def fit_student(
    data: Prepared, vectors: np.ndarray, articles: np.ndarray, config: TrainConfig, news: WordSums | None = None
) -> tuple[WordTable, DenseHead, DenseHead]:
    """The student's table (the ``articles``' word vectors, plus ``news``'s sums when given) and its two heads
    trained on the ``articles``' tokens with torch (``training/student_heads.py``; `make models` installs it).
    Without torch, scikit-learn fits the same heads as the booster's (SI F1 0.390 against 0.396 with torch, same
    table and folds), so a model can still be trained where torch is not installed."""
    words = token_words(data)
    keep = np.isin(data.si_article, articles)
    table = WordTable.fit([w for w, k in zip(words, keep, strict=True) if k], vectors[keep], config.student_dim,
                          extra=news)
    rows = table.matrix[table.rows(words)]
    if importlib.util.find_spec("torch") is not None:
        from newsaudit.training.student_heads import fit_student_heads

        lr, mlp = fit_student_heads(
            rows, data.si_y, keep, sentence_lengths(data), config.window, config.mlp_hidden, config.mlp_epochs
        )
    else:
        print("torch not installed: the student's heads fitted by scikit-learn", file=sys.stderr)
        lr, mlp = fit_booster(data, rows, articles, config)
        lr.name, mlp.name = "student_lr", "student_mlp"
    return table, lr, mlp


def fit_model(
    data: Prepared, config: TrainConfig | None = None, encoder: Any = None, news: WordSums | None = None
) -> PropagandaModel:
    config = config or TrainConfig()
    heads = fit_heads(data, np.arange(len(data.articles)), config)
    meta = {
        "train_config": vars(config),
        "training_rows": {
            "articles": len(data.articles),
            "tokens": int(data.si_x.shape[0]),
            "spans": int(data.tc_x.shape[0]),
            "sentences": int(data.sentence_x.shape[0]),
        },
        "seed": SEED,
    }
    booster, student, table = None, None, None
    if (config.booster or config.student) and encoder:
        vectors = all_token_vectors(data, encoder)
    if config.student and encoder:
        table, lr, mlp = fit_student(data, vectors, np.arange(len(data.articles)), config, news)
        student = Booster(
            lr,
            mlp,
            list(config.student_stack_coef),
            config.student_stack_intercept,
            config.student_threshold,
            config.window,
            config.booster_context,
            config.student_bridge,
        )
    if config.booster and encoder:
        lr, mlp = fit_booster(data, vectors, np.arange(len(data.articles)), config)
        booster = Booster(
            lr,
            mlp,
            list(config.stack_coef),
            config.stack_intercept,
            config.booster_threshold,
            config.window,
            config.booster_context,
            config.booster_bridge,
        )
    return PropagandaModel(heads, config.threshold, config.bridge, meta, booster, student, table)


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    base = root / PTC_DIR
    for path in [*sorted((base / "train-articles").glob("*.txt")), base / "train-task2-TC.labels"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("src/newsaudit/models/artifacts"))
    parser.add_argument("--news-cache", type=Path, default=None,
                        help="store/reuse the news corpus's word sums (.npz; training/news_corpus.py)")
    args = parser.parse_args(argv)
    if not (args.data / PTC_DIR / "train-task2-TC.labels").exists():
        print(f"PTC data not found under {args.data / PTC_DIR} (see its INDEX.md)", file=sys.stderr)
        return 1
    started = time.perf_counter()
    data = prepare(load_ptc(args.data))
    print(
        f"{len(data.articles)} articles, {data.si_x.shape[0]} tokens, {data.tc_x.shape[0]} spans "
        f"({time.perf_counter() - started:.0f}s)"
    )
    from newsaudit.models.minilm import default_encoder

    encoder = default_encoder()
    print("MiniLM encoder: " + ("found, training the booster" if encoder else "not installed, n-gram heads only"))
    news = None
    if encoder:
        from newsaudit.training.news_corpus import corpus_sums

        news = corpus_sums(args.data, encoder, args.news_cache)
        print(f"news corpus for the student's table: {len(news.words):,} words ({time.perf_counter() - started:.0f}s)")
    model = fit_model(data, encoder=encoder, news=news)
    model.meta["data_fingerprint"] = {"ptc": fingerprint(args.data)}
    npz, meta = model.save(args.out, ARTIFACT_NAME)
    print(f"wrote {npz} ({npz.stat().st_size / 1e6:.1f} MB) and {meta} in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
