"""Leave-one-dataset-out evaluation: the left-out family, and its posts found elsewhere, never train."""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks import comments_lodo
from newsaudit.models.comment_model import BINARY_HEADS
from newsaudit.training.comment_data import Example


class _Weights:
    def __init__(self) -> None:
        self.classes = {"group": ("jews", "women"), "hate_form": ("none", "implicit", "explicit")}

    def scores(self, x: Any) -> dict[str, np.ndarray]:
        n = x.shape[0]
        out = {name: np.full(n, 0.25) for name in BINARY_HEADS}
        out["group"] = np.tile([0.7, 0.3], (n, 1))
        out["hate_form"] = np.tile([0.5, 0.3, 0.2], (n, 1))
        return out


class _Model:
    def __init__(self, featurizer: Any) -> None:
        self.featurizer = featurizer
        self.weights = _Weights()


def test_each_family_is_predicted_by_a_model_that_never_saw_it(monkeypatch) -> None:
    examples = [
        Example("jews run the banks", "isca", {"antisemitism": 1}),
        Example("a nice day", "isca", {"antisemitism": 0}),
        Example("they are vermin", "latent_hatred", {"identity_attack": 1}),
        Example("A nice day!", "gab", {"toxic": 0}),  # the same post as an ISCA one, once normalised
        Example("you idiot", "gab", {"toxic": 1}),
        Example("women are people", "toxigen", {"identity_attack": 0}, group="women"),
    ]
    trained_on: dict[tuple[str, ...], list[str]] = {}

    def fake_fit(train: list[Example], counts: Any, config: Any) -> _Model:
        from newsaudit.models.text_features import Featurizer

        featurizer = Featurizer(config.features).fit(counts)
        trained_on[tuple(sorted({ex.source for ex in train}))] = [ex.text for ex in train]
        return _Model(featurizer)

    monkeypatch.setattr(comments_lodo, "fit_model", fake_fit)
    families = {"isca": ("isca",), "gab": ("gab",), "rest": ("latent_hatred", "toxigen")}
    result = comments_lodo.leave_one_out(examples, families)
    without_isca = trained_on[("gab", "latent_hatred", "toxigen")]
    assert "jews run the banks" not in without_isca
    assert "A nice day!" not in without_isca  # its twin is in the family left out
    without_gab = trained_on[("isca", "latent_hatred", "toxigen")]
    assert without_gab == ["jews run the banks", "they are vermin", "women are people"]  # gab and its twin out
    assert all(not np.isnan(result["binary"]["toxic"][i]) for i in range(len(examples)))
    assert result["group"][5] == {"jews": 0.7, "women": 0.3}
