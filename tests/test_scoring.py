"""One verb for every model (issue 19): ``newsaudit.score(texts, model)`` and the :class:`Scorer` behind it."""

from __future__ import annotations

import math

import numpy as np
import pytest

import newsaudit
from newsaudit.models.checkworthy_model import default_checkworthy_model
from newsaudit.models.comment_model import default_model
from newsaudit.scoring import MODELS

HATE = "These people are vermin and should be wiped out, every last one of the Jews"
KIND = "My Muslim neighbours brought us food when we moved in"
THANKS = "Thank you Kenneth, well said"


def test_every_model_gives_one_row_per_text_and_a_column_per_label() -> None:
    texts = [HATE, KIND, THANKS]
    for model in MODELS:
        scores = newsaudit.score(texts, model, booster=False, encoder=False)
        assert scores.model == model
        assert scores.values.shape == (3, len(scores.labels)) and len(scores) == 3
        assert np.all((scores.values >= 0) & (scores.values <= 1))
        assert len(set(scores.labels)) == len(scores.labels)
        frame = scores.to_frame(index=["a", "b", "c"])
        assert list(frame.columns) == list(scores.labels) and list(frame.index) == ["a", "b", "c"]
        assert newsaudit.score([], model, booster=False, encoder=False).values.shape == (0, len(scores.labels))


def test_comment_scores_are_the_models_and_tell_attack_from_mention() -> None:
    scores = newsaudit.score([HATE, KIND, THANKS], "comments", encoder=False)
    expected = default_model().predict([HATE])[0]
    assert scores["identity_attack"][0] == pytest.approx(expected.scores["identity_attack"])
    assert scores["identity_attack"][0] > 0.8 > scores["identity_attack"][2]
    assert scores["identity_attack"][0] > scores["identity_attack"][1]
    groups = [label for label in scores.labels if label.startswith("group=")]
    assert scores.to_frame()[groups].iloc[0].idxmax() == "group=jews"
    assert scores.to_frame()[groups].sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert scores.thresholds == {}
    with pytest.raises(KeyError, match="comments scores have no label 'toxicity'"):
        scores["toxicity"]
    with pytest.raises(KeyError, match="no decision threshold"):
        scores.flags("toxic")


def test_encoder_switch_changes_the_comment_model() -> None:
    # the encoder reads only what the n-gram heads find attacking (its gate), so a kind comment scores the same
    plain = newsaudit.score([HATE, KIND], "comments", encoder=False)
    blended = newsaudit.score([HATE, KIND], "comments", encoder=True)
    assert plain.labels == blended.labels
    assert not np.allclose(plain.values[0], blended.values[0])
    assert np.allclose(plain.values[1], blended.values[1])


def test_checkworthy_scores_and_flags_follow_the_model_threshold() -> None:
    sentences = ["The unemployment rate fell to 3.5% in 2019, the lowest level in 50 years.",
                 "Thank you all for coming tonight."]
    scores = newsaudit.score(sentences, "checkworthy", booster=False)
    hashed = default_checkworthy_model().as_hashed()
    assert scores.values[:, 0] == pytest.approx(hashed.scores(sentences))
    assert scores.thresholds == {"checkworthy": hashed.threshold}
    assert scores.flags("checkworthy").tolist() == [True, False]


def test_propaganda_columns_name_the_technique_of_the_best_span() -> None:
    loaded = "The so called Syrian Democratic Forces committed a highly illegal and disgusting act of aggression."
    scores = newsaudit.score([loaded, "The meeting is on Tuesday at noon."], "propaganda", booster=False)
    assert scores.labels[:2] == ("propaganda", "span") and "Loaded_Language" in scores.labels
    assert scores["propaganda"][0] > scores["propaganda"][1] and scores["span"][0] > scores["span"][1]
    assert scores.flags("span").tolist() == [True, False]
    techniques = scores.values[0, 2:]
    assert scores.labels[2 + int(np.argmax(techniques))] == "Loaded_Language"
    assert not scores.values[1, 2:].any()  # no span found, no technique scores
    assert newsaudit.score("", "propaganda", booster=False).values.tolist() == [[0.0] * len(scores.labels)]


def test_voice_reads_a_pages_paragraphs_together() -> None:
    paragraphs = ["This is an outrage, folks! The globalists want you to believe their lies, and we won't!",
                  "MOSCOW (Reuters) - Russia's defence ministry said on Tuesday that 29 policemen were killed.",
                  "The ministry said the strikes hit targets near the town, according to a statement."]
    scores = newsaudit.score(paragraphs, "voice")
    assert scores.labels == ("own_voice",)
    assert scores.flags("own_voice").tolist() == [True, False, False]


def test_a_single_string_is_one_text_and_bad_texts_are_named() -> None:
    assert len(newsaudit.score(THANKS, "comments", encoder=False)) == 1
    with pytest.raises(newsaudit.RecordError, match=r"item 1: not a text but float nan"):
        newsaudit.score([THANKS, math.nan], "comments")
    with pytest.raises(ValueError, match="unknown model 'toxicity'; the models are comments, checkworthy"):
        newsaudit.score([THANKS], "toxicity")


def test_scorer_is_loaded_once_per_setting() -> None:
    first = newsaudit.scorer("comments", encoder=False)
    assert newsaudit.scorer("comments", encoder=False) is first
    assert newsaudit.scorer("comments", encoder=True) is not first
    assert isinstance(first.score([THANKS]), newsaudit.Scores)
