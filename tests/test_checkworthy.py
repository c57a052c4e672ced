"""The check-worthiness model (issue 16): shipped artifact, training recipe, ranking metrics, data loaders."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import newsaudit.models.checkworthy_model as cwm
from newsaudit.models.checkworthy_model import (
    ARTIFACT_NAME,
    CheckworthyModel,
    default_checkworthy_model,
    shape_tokens,
)
from newsaudit.models.linear import artifact_dir
from newsaudit.training.train_checkworthy import (
    average_precision,
    best_threshold,
    grouped_ranking,
    precision_at,
    r_precision,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CHECKWORTHY = "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years."
NOT_CHECKWORTHY = "Thank you all for coming tonight."


# -- the shipped artifact ------------------------------------------------------------------------------------------
def test_artifact_is_small_and_named() -> None:
    npz = artifact_dir() / f"{ARTIFACT_NAME}.npz"
    assert ARTIFACT_NAME == "checkworthy-v1"
    assert npz.exists() and (artifact_dir() / f"{ARTIFACT_NAME}.json").exists()
    assert npz.stat().st_size < 5_000_000


def test_shipped_model_ranks_a_statistic_above_a_greeting() -> None:
    model = default_checkworthy_model()
    high, low = model.scores([CHECKWORTHY, NOT_CHECKWORTHY])
    assert high > low
    assert high >= model.threshold > low


def test_scores_are_probabilities_and_deterministic() -> None:
    model = default_checkworthy_model()
    sentences = [CHECKWORTHY, NOT_CHECKWORTHY, "", "?", "The bill cost $1.2 trillion over ten years.", "x " * 400]
    first = model.scores(sentences)
    assert first.shape == (len(sentences),)
    assert np.all((first >= 0) & (first <= 1))
    np.testing.assert_array_equal(first, model.scores(sentences))
    assert model.scores([]).shape == (0,)


def test_shipped_json_records_cross_validated_figures() -> None:
    model = CheckworthyModel.load(artifact_dir())
    assert 0.0 < model.threshold < 1.0
    figures = model.meta["cv"]["figures"][model.kind]
    assert set(figures) == {"claimbuster", "ct19", "ct20_tweets"}
    assert 0.0 < figures["ct19"]["MAP"] < 1.0 and 0.0 < figures["claimbuster"]["F1"] < 1.0


# -- a tiny training run on a written fixture -------------------------------------------------------------------
FACTUAL = [
    "We lost 700,000 jobs last year.",
    "Taxes went up 20 percent under his plan.",
    "The deficit tripled to $1.4 trillion in 2009.",
    "Crime fell by 12 percent in the last five years.",
    "Our state has the highest unemployment rate in the country.",
    "He voted for the war in Iraq in 2002.",
    "Health care costs rose 9 percent in 2018.",
    "The company created 40,000 new jobs in Ohio.",
]
CHATTER = [
    "Thank you very much.",
    "Good evening and welcome.",
    "I want to thank the moderators.",
    "Let me finish, please.",
    "That is a great question.",
    "We will be right back after this.",
    "It is wonderful to be here tonight.",
    "Thank you, Senator.",
]


def _tiny_model() -> CheckworthyModel:
    y = np.array([1] * len(FACTUAL) + [0] * len(CHATTER))
    head = CheckworthyModel.fit_lexical(FACTUAL + CHATTER, y, c=10.0)
    return CheckworthyModel(head, thresholds={"hashed": 0.5})


def test_tiny_training_separates_the_classes(tmp_path: Path) -> None:
    model = _tiny_model()
    train = model.scores(FACTUAL + CHATTER)
    assert train[: len(FACTUAL)].min() > train[len(FACTUAL) :].max()
    unseen = model.scores(["Wages fell 3 percent in 2015.", "Thank you and good evening."])
    assert unseen[0] > unseen[1]
    model.save(tmp_path, "tiny")
    again = CheckworthyModel.load(tmp_path, "tiny")
    np.testing.assert_allclose(again.scores(FACTUAL), model.scores(FACTUAL), atol=2e-3)  # float16 weights


class _StubEmbedder:
    """Two-dimensional 'sentence vectors': counts of digits and of words, so no MiniLM is needed."""

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.array([[sum(c.isdigit() for c in t), len(t.split())] for t in texts], dtype=float)


def test_blend_round_trip_and_fallback_without_minilm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = _tiny_model()
    stub = _StubEmbedder()
    y = np.array([1] * len(FACTUAL) + [0] * len(CHATTER))
    embedding = CheckworthyModel.fit_embedding(stub.embed(FACTUAL + CHATTER), y, c=1.0)
    blend = CheckworthyModel(base.lexical, embedding, "blend", 0.5, {"hashed": 0.4, "blend": 0.6})
    blend.embedder = stub  # type: ignore[assignment]
    lexical_only = base.scores(FACTUAL)
    blended = blend.scores(FACTUAL)
    assert not np.allclose(blended, lexical_only)
    blend.save(tmp_path)
    monkeypatch.setattr(cwm, "artifact_dir", lambda: tmp_path)
    monkeypatch.setattr(cwm, "default_embedder", lambda: None)
    fallback = cwm.default_checkworthy_model.__wrapped__()  # type: ignore[attr-defined]
    assert fallback.kind == "hashed" and fallback.threshold == pytest.approx(0.4)
    np.testing.assert_allclose(fallback.scores(FACTUAL), lexical_only, atol=2e-3)
    loaded = CheckworthyModel.load(tmp_path).as_kind("blend", stub)  # type: ignore[arg-type]
    assert loaded.threshold == pytest.approx(0.6)
    np.testing.assert_allclose(loaded.scores(FACTUAL), blended, atol=2e-3)


def test_shape_tokens_mark_figures_and_comparisons() -> None:
    tokens = shape_tokens("Unemployment fell to 3.5% in 2019, the lowest since Reagan, costing $4 billion.")
    assert {"#num", "#pct", "#year", "#cmp", "#cap", "#money"} <= set(tokens)
    assert "#num" not in shape_tokens("Thank you all for coming tonight.")
    assert "#question" in shape_tokens("Why?")


# -- metrics (hand-computed) ---------------------------------------------------------------------------------------
def test_average_precision_by_hand() -> None:
    # ranked: pos, neg, pos, neg, pos -> (1/1 + 2/3 + 3/5) / 3
    labels = [1, 0, 1, 0, 1]
    scores = [0.9, 0.8, 0.7, 0.6, 0.5]
    assert average_precision(labels, scores) == pytest.approx((1 + 2 / 3 + 3 / 5) / 3)
    # order comes from scores, not from the list: the one positive ranked last of four
    assert average_precision([1, 0, 0, 0], [0.1, 0.9, 0.8, 0.7]) == pytest.approx(0.25)
    assert average_precision([0, 0], [0.3, 0.2]) == 0.0
    # ties keep line order: the positive (second line) is ranked second
    assert average_precision([0, 1], [0.5, 0.5]) == pytest.approx(0.5)


def test_r_precision_and_precision_at_k_by_hand() -> None:
    labels = [1, 0, 1, 0, 1, 0]
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    assert r_precision(labels, scores) == pytest.approx(2 / 3)  # R = 3; top 3 hold 2 positives
    assert precision_at(labels, scores, 1) == 1.0
    assert precision_at(labels, scores, 2) == 0.5
    assert precision_at(labels, scores, 10) == pytest.approx(0.3)  # shorter list still divided by k
    assert r_precision([0, 0], [1.0, 0.0]) == 0.0


def test_grouped_ranking_averages_per_debate() -> None:
    labels = np.array([1, 0, 0, 1])
    scores = np.array([0.9, 0.1, 0.9, 0.1])
    row = grouped_ranking(labels, scores, ["a", "a", "b", "b"], k=1)
    assert row["MAP"] == pytest.approx((1.0 + 0.5) / 2)
    assert row["P@1"] == pytest.approx(0.5)
    assert row["groups"] == 2


def test_best_threshold_maximises_f1() -> None:
    labels = np.array([0, 0, 1, 1])
    probs = np.array([0.1, 0.3, 0.6, 0.8])
    t = best_threshold(labels, probs)
    assert 0.3 < t <= 0.6


# -- data (skipped without ../shared/data) -------------------------------------------------------------------------
needs_data = pytest.mark.skipif(
    not (DATA / "claimbuster_clef_checkworthy").is_dir(),
    reason=f"check-worthiness data not found at {DATA / 'claimbuster_clef_checkworthy'}",
)


@needs_data
@pytest.mark.data
def test_loaders_read_the_training_files() -> None:
    from newsaudit.training.checkworthy_data import load_all, load_debate_2020

    sources = load_all(DATA)
    cb, ct19, tweets = sources["claimbuster"], sources["ct19"], sources["ct20_tweets"]
    assert (len(cb), sum(r.label for r in cb)) == (9674, 2764)
    assert (len(ct19), sum(r.label for r in ct19)) == (16421, 440)
    assert len({r.group for r in ct19}) == 19
    assert (len(tweets), sum(r.label for r in tweets)) == (822, 290)
    assert len({r.id for rs in sources.values() for r in rs}) == len(cb) + len(ct19) + len(tweets)
    assert len(load_debate_2020(DATA)) == 100


@needs_data
@pytest.mark.data
def test_folds_keep_debates_whole_and_are_deterministic() -> None:
    from newsaudit.training.checkworthy_data import (
        default_folds,
        group_folds,
        load_claimbuster,
        load_ct19,
        stratified_folds,
        without_texts,
    )

    ct19 = load_ct19(DATA)
    folds = group_folds(ct19, 5)
    assert folds == group_folds(load_ct19(DATA), 5)
    by_group: dict[str, set[int]] = {}
    for record, fold in zip(ct19, folds, strict=True):
        by_group.setdefault(record.group, set()).add(fold)
    assert all(len(f) == 1 for f in by_group.values()) and len(set(folds)) == 5
    assert len(set(default_folds(ct19))) == 19  # leave one transcript out
    cb = load_claimbuster(DATA)
    assert len(set(default_folds(cb))) == 5
    assert stratified_folds(cb[:500]) == stratified_folds(cb[:500])
    debate = [r for r in ct19 if r.group == "20160926_1pres"]
    assert len(cb) - len(without_texts(cb, debate)) > 300  # ClaimBuster repeats the first 2016 debate
