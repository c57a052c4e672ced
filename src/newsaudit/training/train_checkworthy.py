"""Train the check-worthiness model (``models/checkworthy_model.py``) and write the artifact.

    python -m newsaudit.training.train_checkworthy --data ../shared/data \
        --out src/newsaudit/models/artifacts

Both heads are fitted on ClaimBuster, the CheckThat! 2019 training transcripts and the CheckThat! 2020
tweets together (``training/checkworthy_data.py``). Before that, :func:`cross_validate` scores every
sentence out of fold -- debates held out together for CheckThat! 2019, id-block folds for ClaimBuster,
stratified folds for the tweets, and in each fold the other sources' copies of held-out sentences dropped
from training -- and the figures go into the artifact's JSON. The decision threshold is the one with the
best ClaimBuster F1 on those out-of-fold scores. Reproducible: files read in a fixed order, deterministic
folds and solvers. ``benchmarks/checkworthy.py`` runs the same functions.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsaudit.models.checkworthy_model import (
    ARTIFACT_NAME,
    CheckworthyModel,
    EmbeddingHead,
    SentenceEmbedder,
    default_embedder,
)
from newsaudit.models.linear import Head
from newsaudit.training.checkworthy_data import (
    CLAIMBUSTER,
    CT19,
    CT20_TWEETS,
    N_FOLDS,
    CheckworthyRecord,
    group_folds,
    load_all,
    stratified_folds,
    without_texts,
)

LEXICAL_C = 4.0
EMBEDDING_C = 0.05
BLEND_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)  # the embedding logit's share; 0 = hashed, 1 = MiniLM
#: weight of each source's sentences in training (chosen on the hashed head's cross-validation): CT19 marks only
#: the lines journalists chose to check, so its negatives hold many claims ClaimBuster calls check-worthy
#: (weight 1 cost ClaimBuster 0.013 MAP); the 822 tweets are a small, different genre (weight 3: +0.045 tweet MAP)
SOURCE_WEIGHTS = {CLAIMBUSTER: 1.0, CT19: 0.3, CT20_TWEETS: 3.0}
#: the default reading: the blend read 0.02 more mean MAP and 0.03 more ClaimBuster F1 out of fold; MiniLM embeds
#: ~200 sentences/s on a core against ~40,000 for the hashed head, so the claims stage gates it (``minilm_gate``)
#: and ``--no-booster`` reads the hashed head alone
SHIP_KIND = "blend"


# -- metrics (the CheckThat! 2019 Task 1 scorer's, per debate) ----------------------------------------------------
def ranking(scores: Sequence[float]) -> list[int]:
    """Indices by descending score; ties keep the original (line) order."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Mean of the precision at each positive's rank, over all positives (0 when there are none)."""
    positives = sum(1 for v in labels if v == 1)
    if positives == 0:
        return 0.0
    hits = 0
    total = 0.0
    for rank, i in enumerate(ranking(scores), start=1):
        if labels[i] == 1:
            hits += 1
            total += hits / rank
    return total / positives


def precision_at(labels: Sequence[int], scores: Sequence[float], k: int) -> float:
    """Share of positives in the top ``k`` (divided by ``k`` even when the list is shorter, as the scorer does)."""
    top = ranking(scores)[:k]
    return sum(1 for i in top if labels[i] == 1) / k


def r_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Precision at R, the number of positives (0 when there are none)."""
    positives = sum(1 for v in labels if v == 1)
    return 0.0 if positives == 0 else precision_at(labels, scores, positives)


def prf(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = float(np.sum(predicted & (labels == 1)))
    p = tp / max(float(predicted.sum()), 1.0)
    r = tp / max(float((labels == 1).sum()), 1.0)
    return p, r, 0.0 if p + r == 0 else 2 * p * r / (p + r)


def best_threshold(labels: np.ndarray, probs: np.ndarray) -> float:
    """The threshold (on a 0.01 grid) with the best F1 of the positive class; the lower one on ties."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    f1s = [prf(labels, probs >= t)[2] for t in grid]
    return float(grid[int(np.argmax(f1s))])


def grouped_ranking(labels: np.ndarray, scores: np.ndarray, groups: Sequence[str], k: int = 10) -> dict[str, float]:
    """MAP, R-precision and P@k averaged over groups (debates), each group ranked on its own."""
    by_group: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    aps, rps, pks = [], [], []
    for index in by_group.values():
        lab = [int(labels[i]) for i in index]
        sco = [float(scores[i]) for i in index]
        aps.append(average_precision(lab, sco))
        rps.append(r_precision(lab, sco))
        pks.append(precision_at(lab, sco, k))
    return {"MAP": float(np.mean(aps)), "R-prec": float(np.mean(rps)), f"P@{k}": float(np.mean(pks)),
            "groups": float(len(by_group))}


# -- embeddings -------------------------------------------------------------------------------------------------
def embed(texts: Sequence[str], embedder: SentenceEmbedder, cache: Path | None = None) -> np.ndarray:
    """Sentence vectors, kept in ``cache`` (keyed by the texts) so training and evaluation embed once."""
    key = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = None if cache is None else cache / f"minilm-{key}.npy"
    if path is not None and path.exists():
        return np.asarray(np.load(path))
    vectors = np.vstack([embedder.embed(texts[i : i + 256]) for i in range(0, len(texts), 256)]) if texts else (
        np.zeros((0, embedder.encoder.hidden_size), np.float32))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


# -- cross-validation ---------------------------------------------------------------------------------------------
@dataclass
class Corpus:
    """The training sources, each with its folds and (where MiniLM is installed) its sentence vectors."""

    records: dict[str, list[CheckworthyRecord]]
    folds: dict[str, list[int]]
    vectors: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def load(cls, data: Path, embedder: SentenceEmbedder | None, cache: Path | None = None) -> Corpus:
        records = load_all(data)
        folds = {
            CLAIMBUSTER: group_folds(records[CLAIMBUSTER], N_FOLDS),
            CT19: group_folds(records[CT19], N_FOLDS),
            CT20_TWEETS: stratified_folds(records[CT20_TWEETS], N_FOLDS),
        }
        vectors = {}
        if embedder is not None:
            vectors = {name: embed([r.text for r in recs], embedder, cache) for name, recs in records.items()}
        return cls(records, folds, vectors)

    def vectors_of(self, picked: list[tuple[str, int]]) -> np.ndarray:
        return np.vstack([self.vectors[s][i] for s, i in picked]) if picked else np.zeros((0, 384))


@dataclass
class OutOfFold:
    """Each head's out-of-fold logits for one evaluated source (``embedding`` empty without MiniLM)."""

    source: str
    labels: np.ndarray
    groups: list[str]
    folds: np.ndarray
    lexical: np.ndarray
    embedding: np.ndarray | None


def fit_heads(corpus: Corpus, picked: list[tuple[str, int]]) -> tuple[Head, EmbeddingHead | None]:
    """Both heads on ``picked`` (source, index) sentences, BLAS on one thread: these products are small, and with
    two threads on a shared 2-core machine a fold ran six times slower."""
    from threadpoolctl import threadpool_limits

    texts = [corpus.records[s][i].text for s, i in picked]
    y = np.array([corpus.records[s][i].label for s, i in picked])
    w = np.array([SOURCE_WEIGHTS[s] for s, _ in picked])
    with threadpool_limits(1):
        lexical = CheckworthyModel.fit_lexical(texts, y, LEXICAL_C, w)
        embedding = None
        if corpus.vectors:
            embedding = CheckworthyModel.fit_embedding(corpus.vectors_of(picked), y, EMBEDDING_C, w)
    return lexical, embedding


def _logits(corpus: Corpus, heads: tuple[Head, EmbeddingHead | None], picked: list[tuple[str, int]]) -> tuple[
        np.ndarray, np.ndarray | None]:
    lexical, embedding = heads
    model = CheckworthyModel(lexical)
    lex = model.lexical_logits([corpus.records[s][i].text for s, i in picked])
    emb = None if embedding is None else embedding.logits(corpus.vectors_of(picked))
    return lex, emb


def training_part(corpus: Corpus, source: str, fold: int, sources: Sequence[str]) -> list[tuple[str, int]]:
    """The other folds of ``source`` and all of the other ``sources``, less their copies of held-out sentences."""
    held = [r for r, f in zip(corpus.records[source], corpus.folds[source], strict=True) if f == fold]
    picked = [(source, i) for i, f in enumerate(corpus.folds[source]) if f != fold]
    for other in sources:
        if other == source:
            continue
        kept = {id(r) for r in without_texts(corpus.records[other], held)}
        picked.extend((other, i) for i, r in enumerate(corpus.records[other]) if id(r) in kept)
    return picked


def cross_validate(corpus: Corpus, sources: Sequence[str] = (CLAIMBUSTER, CT19, CT20_TWEETS),
                   log: Callable[[str], None] = print) -> dict[str, OutOfFold]:
    """Out-of-fold logits of both heads for every source, each fold trained on all sources (see ``training_part``)."""
    out = {}
    for source in sources:
        records = corpus.records[source]
        folds = np.array(corpus.folds[source])
        lex = np.zeros(len(records))
        emb = np.zeros(len(records)) if corpus.vectors else None
        for fold in sorted(set(folds.tolist())):
            started = time.perf_counter()
            heads = fit_heads(corpus, training_part(corpus, source, fold, sources))
            held = [(source, int(i)) for i in np.flatnonzero(folds == fold)]
            lex_f, emb_f = _logits(corpus, heads, held)
            lex[folds == fold] = lex_f
            if emb is not None and emb_f is not None:
                emb[folds == fold] = emb_f
            log(f"  {source} fold {fold}: {len(held)} held out, {time.perf_counter() - started:.0f} s")
        out[source] = OutOfFold(source, np.array([r.label for r in records]), [r.group for r in records], folds,
                                lex, emb)
    return out


def cross_dataset(corpus: Corpus, train: Sequence[str], test: Sequence[CheckworthyRecord],
                  test_vectors: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Both heads' logits on ``test`` after training on the ``train`` sources only (less copies of test lines)."""
    picked: list[tuple[str, int]] = []
    for source in train:
        kept = {id(r) for r in without_texts(corpus.records[source], test)}
        picked.extend((source, i) for i, r in enumerate(corpus.records[source]) if id(r) in kept)
    lexical, embedding = fit_heads(corpus, picked)
    lex = CheckworthyModel(lexical).lexical_logits([r.text for r in test])
    emb = None if embedding is None or test_vectors is None else embedding.logits(test_vectors)
    return lex, emb


def blended(oof: OutOfFold, weight: float) -> np.ndarray:
    """P(check-worthy) with the embedding logit's share ``weight`` (0: the hashed head alone)."""
    if oof.embedding is None or weight == 0.0:
        logit = oof.lexical
    else:
        logit = weight * oof.embedding + (1.0 - weight) * oof.lexical
    return 1.0 / (1.0 + np.exp(-np.clip(logit, -30, 30)))


def figures(oofs: dict[str, OutOfFold], weight: float) -> dict[str, dict[str, float]]:
    """Per source: ranking figures per held-out debate (CT19), per fold (ClaimBuster, tweets), and ClaimBuster's
    F1 at a threshold chosen for each fold on the other folds' out-of-fold scores."""
    out: dict[str, dict[str, float]] = {}
    for source, oof in oofs.items():
        probs = blended(oof, weight)
        groups = oof.groups if source == CT19 else [f"fold{f}" for f in oof.folds]
        row = grouped_ranking(oof.labels, probs, groups)
        if source == CLAIMBUSTER:
            predicted = np.zeros(len(probs), dtype=bool)
            for fold in sorted(set(oof.folds.tolist())):
                here = oof.folds == fold
                t = best_threshold(oof.labels[~here], probs[~here])
                predicted[here] = probs[here] >= t
            p, r, f1 = prf(oof.labels, predicted)
            row.update({"P": p, "R": r, "F1": f1, "threshold": best_threshold(oof.labels, probs)})
        out[source] = {k: round(v, 4) for k, v in row.items()}
    return out


def mean_map(rows: dict[str, dict[str, float]]) -> float:
    """The model-selection figure: MAP averaged over the sources."""
    return float(np.mean([row["MAP"] for row in rows.values()]))


# -- the shipped model --------------------------------------------------------------------------------------------
def choose_blend(oofs: dict[str, OutOfFold]) -> float:
    """The embedding's share in the blend with the best mean MAP (0 and 1 excluded: those are the single heads)."""
    return max(BLEND_WEIGHTS[1:-1], key=lambda w: (round(mean_map(figures(oofs, w)), 4), -abs(w - 0.5)))


def fit_model(corpus: Corpus, kind: str, weight: float, thresholds: dict[str, float],
              meta: dict[str, Any]) -> CheckworthyModel:
    """Both heads (the embedding one where MiniLM is installed) on every source; ``kind`` is the default reading."""
    picked = [(s, i) for s, recs in corpus.records.items() for i in range(len(recs))]
    lexical, embedding = fit_heads(corpus, picked)
    if kind != "hashed" and embedding is None:
        raise RuntimeError(f"kind {kind!r} needs the MiniLM package")
    return CheckworthyModel(lexical, embedding, kind, weight, thresholds, meta)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("src/newsaudit/models/artifacts"))
    parser.add_argument("--kind", choices=("hashed", "minilm", "blend"), default=SHIP_KIND,
                        help="the default reading of the artifact (both heads are stored where MiniLM is installed)")
    parser.add_argument("--cache", type=Path, default=None, help="folder to keep MiniLM sentence vectors in")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    embedder = default_embedder()
    if embedder is None:
        if args.kind != "hashed":
            print("MiniLM is not installed: cannot train a MiniLM head", file=sys.stderr)
            return 2
        print("MiniLM is not installed: the artifact gets the lexical head only", file=sys.stderr)
    corpus = Corpus.load(args.data, embedder, args.cache)
    oofs = cross_validate(corpus, log=lambda line: print(line, file=sys.stderr))
    weight = choose_blend(oofs) if corpus.vectors else 0.5
    shares = {"hashed": 0.0, "minilm": 1.0, "blend": weight} if corpus.vectors else {"hashed": 0.0}
    cv = {kind: figures(oofs, share) for kind, share in shares.items()}
    meta: dict[str, Any] = {
        "trained_on": {s: len(r) for s, r in corpus.records.items()},
        "source_weights": SOURCE_WEIGHTS,
        "cv": {"folds": "ClaimBuster: 5 folds of 1,000-id blocks; CT19: 5 folds of whole transcripts; "
                        "CT20 tweets: 5 stratified folds; other sources' copies of held-out lines dropped",
               "figures": cv, "mean_MAP": {kind: round(mean_map(rows), 4) for kind, rows in cv.items()}},
        "threshold_rule": "best ClaimBuster F1 on out-of-fold scores",
        "lexical_c": LEXICAL_C,
        "embedding_c": EMBEDDING_C,
    }
    thresholds = {kind: rows[CLAIMBUSTER]["threshold"] for kind, rows in cv.items()}
    model = fit_model(corpus, args.kind, weight, thresholds, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out / ARTIFACT_NAME}.npz/.json (kind {args.kind}, threshold {model.threshold}, blend share "
          f"{weight}) in {time.perf_counter() - started:.0f} s; mean MAP {meta['cv']['mean_MAP']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

