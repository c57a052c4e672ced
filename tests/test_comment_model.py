"""The comment model's features, training recipe, persistence and explanations, on small made-up data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsaudit.models.comment_model import BINARY_HEADS, CommentModel, default_model
from newsaudit.models.text_features import FeatureConfig, Featurizer, word_tokens
from newsaudit.moderation.groups import GROUPS
from newsaudit.training.comment_data import Example, fold_of, load_all
from newsaudit.training.train_comments import TrainConfig, fit_model

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SMALL = TrainConfig(features=FeatureConfig(n_features=2**14), prune_below=0.0, written_fills=0)


def _toy_examples() -> list[Example]:
    hateful = ["the jews run the banks", "jews control the media", "kill all of them now", "filthy vermin invaders"]
    benign = ["thank you for the article", "i agree with the author", "great photos of the lake", "see you soon"]
    out = []
    for rep in range(6):
        for text in hateful:
            labels = {h: 1 for h in BINARY_HEADS}
            out.append(Example(f"{text} {rep}", "toy", labels, "jews"))
        for text in benign:
            out.append(Example(f"{text} {rep}", "toy", {h: 0 for h in BINARY_HEADS}, "women"))
    out.append(Example("explicit thing", "latent_hatred", {"identity_attack": 1, "toxic": 1}))
    out.append(Example("implicit thing", "latent_hatred", {"identity_attack": 1}))
    out.append(Example("nothing thing", "latent_hatred", {"identity_attack": 0}))
    return out


@pytest.fixture(scope="module")
def toy_model() -> CommentModel:
    examples = _toy_examples()
    counts = Featurizer(SMALL.features).counts(ex.text for ex in examples)
    return fit_model(examples, counts, SMALL)


def test_tokens_keep_offsets_and_fold_obfuscation() -> None:
    text = "THEY are sooooo evil!!! see https://x.co/a @bob (((them)))"
    tokens = word_tokens(text)
    assert [t.norm for t in tokens][:4] == ["they", "are", "soo", "evil"]
    assert tokens[0].shouted and not tokens[1].shouted
    assert {"_url_", "_user_", "_echo_", "_marks_"} <= {t.norm for t in tokens}
    for token in tokens:
        assert text[token.start : token.end].strip()


def test_toy_model_separates_and_round_trips(toy_model: CommentModel, tmp_path: Path) -> None:
    scores = toy_model.predict(["the jews run the media", "thank you for the photos"])
    assert scores[0].scores["antisemitism"] > 0.5 > scores[1].scores["antisemitism"]
    assert max(scores[0].group_scores, key=scores[0].group_scores.__getitem__) == "jews"
    assert set(scores[0].hate_form) == {"none", "implicit", "explicit"}
    toy_model.save(tmp_path, "toy")
    loaded = CommentModel.load(tmp_path, "toy")
    again = loaded.predict(["the jews run the media", "thank you for the photos"])
    for a, b in zip(scores, again, strict=True):
        for head in BINARY_HEADS:  # float16 weights: equal to a few decimals
            assert a.scores[head] == pytest.approx(b.scores[head], abs=5e-3)


def test_contributions_sum_to_the_linear_score(toy_model: CommentModel) -> None:
    text = "jews control the banks and the media"
    head = toy_model.heads["antisemitism"]
    tokens, contrib = toy_model.explain(text, "antisemitism")
    x = toy_model.featurizer.transform([text])
    logit = float((x @ head.coef.T).toarray()[0, 0])
    assert len(tokens) == len(contrib) == 7
    assert float(contrib.sum()) == pytest.approx(logit, rel=1e-4, abs=1e-5)
    top = tokens[int(np.argmax(contrib))]
    assert text[top.start : top.end] in {"jews", "control", "banks", "media"}


def test_empty_input_predicts_nothing(toy_model: CommentModel) -> None:
    assert toy_model.predict([]) == []
    tokens, contrib = toy_model.explain("", "toxic")
    assert tokens == [] and len(contrib) == 0


def test_folds_keep_duplicates_together() -> None:
    a = Example("The Jews, control  the media!", "isca", {"antisemitism": 1})
    b = Example("the jews control the media", "latent_hatred", {"identity_attack": 1})
    assert fold_of(a) == fold_of(b)


def test_shipped_model_loads_offline_with_every_head() -> None:
    model = default_model()
    assert set(model.heads) == {*BINARY_HEADS, "group", "hate_form"}
    assert set(model.heads["group"].classes) <= set(GROUPS)
    assert model.meta["data_fingerprint"]
    artifact = Path(__file__).resolve().parents[1] / "src" / "newsaudit" / "models" / "artifacts"
    assert all(p.stat().st_size < 20_000_000 for p in artifact.iterdir())


@pytest.mark.skipif(not DATA.exists(), reason="../shared/data is absent; the loaders are checked where it exists")
def test_loaders_read_every_training_set() -> None:
    examples = load_all(DATA)
    sources = {ex.source for ex in examples}
    assert {"isca", "latent_hatred", "gab", "davidson", "hatexplain", "toxigen"} <= sources
    isca = [ex for ex in examples if ex.source == "isca"]
    assert len(isca) == 5553 and sum(ex.labels["antisemitism"] for ex in isca) == 1000
    assert all((ex.text and ex.labels) or ex.group for ex in examples)


def test_training_is_deterministic() -> None:
    examples = _toy_examples()
    counts = Featurizer(SMALL.features).counts(ex.text for ex in examples)
    first, second = fit_model(examples, counts, SMALL), fit_model(examples, counts, SMALL)
    for name, head in first.heads.items():
        assert (head.coef != second.heads[name].coef).nnz == 0
        assert np.array_equal(head.intercept, second.heads[name].intercept)


def test_source_weights_can_leave_a_set_out() -> None:
    examples = _toy_examples()
    counts = Featurizer(SMALL.features).counts(ex.text for ex in examples)
    config = TrainConfig(features=SMALL.features, prune_below=0.0, source_weights={"antisemitism": {"toy": 0.0}},
                         written_fills=0)
    with pytest.raises(ValueError):  # no rows left for the head: the recipe refuses rather than ships a blank head
        fit_model(examples, counts, config)
