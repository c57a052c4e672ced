"""The comment encoder (models/comment_encoder.py): artifact loading, pooling, blending, torch parity.

Tests that need the packaged MiniLM skip without it (the Makefile installs it); the parity check with
the training-time torch module skips where torch is not installed (it is a training-only dependency).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from newsaudit.models.comment_encoder import (
    BlendedCommentModel,
    CommentEncoder,
    HeadLayout,
    base_encoder,
    pool_mask,
)
from newsaudit.models.comment_model import BINARY_HEADS, CommentScores
from newsaudit.models.minilm import _Layer
from newsaudit.moderation.groups import GROUPS

LAYOUT = HeadLayout.of(GROUPS, ("none", "implicit", "explicit"))


def test_layout_spans_cover_every_column_once() -> None:
    layout = LAYOUT
    spans = [layout.span(name) for name in layout.names]
    assert spans[0] == (0, len(BINARY_HEADS))
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert spans[-1][1] == layout.width
    assert HeadLayout.from_json(json.loads(json.dumps(layout.to_json()))) == layout
    with pytest.raises(KeyError):
        layout.span("nope")


def test_pool_mask_leaves_out_cls_and_sep() -> None:
    mask = np.array([[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]], bool)
    assert pool_mask(mask).tolist() == [[0, 1, 1, 0, 0], [0, 1, 1, 1, 0]]


@pytest.fixture(scope="module")
def base():  # type: ignore[no-untyped-def]
    encoder = base_encoder()
    if encoder is None:
        pytest.skip("the packaged MiniLM is not installed (`make .venv/.installed` installs it)")
    return encoder


def _write_artifact(directory: Path, base, layer: int, weight: np.ndarray, bias: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    fields = _Layer.__dataclass_fields__
    arrays = {f"layer{layer}.{k}": getattr(base.layers[layer], k).astype(np.float16) for k in fields}
    arrays["heads.weight"] = weight
    arrays["heads.bias"] = bias
    np.savez(directory / "enc.npz", **arrays)
    meta = {"n_layers": 6, "trained_layers": [layer], "max_length": 64, "layout": LAYOUT.to_json()}
    (directory / "enc.json").write_text(json.dumps(meta), encoding="utf-8")


def test_loaded_encoder_swaps_in_its_layers_and_leaves_the_base_alone(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    layout = LAYOUT
    rng = np.random.default_rng(0)
    weight = rng.normal(0, 0.05, (base.hidden_size, layout.width)).astype(np.float32)
    bias = np.zeros(layout.width, np.float32)
    _write_artifact(tmp_path, base, 5, weight, bias)
    before = base.layers[5]
    enc = CommentEncoder.load(tmp_path, base, "enc")
    assert base.layers[5] is before and enc.encoder.layers[5] is not before
    texts = ["The synagogue held a remembrance service.", "Go back where you came from!", ""]
    [a, b, empty] = enc.predict(texts)
    assert set(a.scores) == set(BINARY_HEADS) and all(0 < v < 1 for v in a.scores.values())
    assert abs(sum(a.group_scores.values()) - 1) < 1e-5 and set(a.hate_form) == {"none", "implicit", "explicit"}
    assert a.scores != b.scores
    assert empty.scores == {h: 0.5 for h in BINARY_HEADS}  # no subwords: a zero vector, the bias alone
    # the layer was stored in float16: the sentence vectors match the base model's to that precision
    reference = np.stack([base.encode([t], layers=(6,))[0].hidden[6].mean(0) for t in texts[:2]])
    assert np.allclose(enc.pooled(texts[:2]), reference, atol=2e-2)


class _Fixed:
    def __init__(self, value: float) -> None:
        self.value = value

    def predict(self, texts: list[str]) -> list[CommentScores]:
        return [CommentScores(dict.fromkeys(BINARY_HEADS, self.value), {"jews": self.value}, {}) for _ in texts]

    def explain(self, text: str, head: str, label: str | None = None) -> str:
        return f"explained by {self.value}"


@pytest.mark.parametrize(("w", "expected"), [(0.0, 0.2), (1.0, 0.8), (0.5, 0.5), (0.75, 0.65)])
def test_blend_mixes_probabilities_and_keeps_ngram_evidence(w: float, expected: float) -> None:
    blend = BlendedCommentModel(_Fixed(0.2), _Fixed(0.8), w)  # type: ignore[arg-type]
    [scores] = blend.predict(["x"])
    assert scores.scores["toxic"] == pytest.approx(expected)
    assert scores.group_scores["jews"] == pytest.approx(expected)
    assert blend.explain("x", "toxic") == "explained by 0.2"


def test_a_topic_head_takes_the_encoder_only_where_the_topic_is_written() -> None:
    blend = BlendedCommentModel(_Fixed(0.2), _Fixed(0.8), 1.0, head_topics={"antisemitism": "jews"})  # type: ignore[arg-type]
    off, on, coded = blend.predict(["They are vermin.", "The Israeli cabinet met.", "(((they))) run it"])
    assert off.scores["antisemitism"] == pytest.approx(0.2)  # nothing about Jews: the n-gram score stands
    assert off.scores["identity_attack"] == pytest.approx(0.8)  # other heads take the encoder as before
    assert on.scores["antisemitism"] == pytest.approx(0.8)
    assert coded.scores["antisemitism"] == pytest.approx(0.8)


def test_an_unknown_topic_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown topic 'martians'"):
        BlendedCommentModel(_Fixed(0.2), _Fixed(0.8), 0.5, head_topics={"antisemitism": "martians"})  # type: ignore[arg-type]


def test_blend_weight_must_be_a_share() -> None:
    with pytest.raises(ValueError, match="encoder_weight"):
        BlendedCommentModel(_Fixed(0.2), _Fixed(0.8), 1.5)  # type: ignore[arg-type]


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is a training-only dependency")
def test_torch_module_matches_the_numpy_forward(base) -> None:  # type: ignore[no-untyped-def]
    import torch

    from newsaudit.training.torch_minilm import TorchMiniLM

    [(ids, _, _)] = base.tokenize(["Moderators read every comment before it goes up."])
    row = np.concatenate([[base.cls_id], ids, [base.sep_id]])
    batch = np.stack([row, np.concatenate([row[:-3], [base.sep_id], [0, 0]])])
    mask = np.stack([np.ones(len(row), bool), np.arange(len(row)) < len(row) - 2])
    expected = base.forward(batch, mask, (6,))[6]
    net = TorchMiniLM(base, 6, first_trainable=4)
    with torch.no_grad():
        got = net(torch.from_numpy(batch), torch.from_numpy(mask)).numpy()
    assert np.allclose(got[mask], expected[mask], atol=1e-4)
    assert not any(p.requires_grad for p in net.layers[3].parameters())
    assert all(p.requires_grad for p in net.layers[4].parameters())


def test_gate_sends_only_comments_the_ngram_heads_suspect_to_the_encoder() -> None:
    class ByLength(_Fixed):
        def predict(self, texts: list[str]) -> list[CommentScores]:
            return [CommentScores(dict.fromkeys(BINARY_HEADS, min(len(t) / 10, 1.0)), {}, {}) for t in texts]

    encoder = _Fixed(0.0)
    blend = BlendedCommentModel(ByLength(0), encoder, 1.0, gate=0.5)  # type: ignore[arg-type]
    short, long = blend.predict(["abc", "abcdefgh"])
    assert short.scores["toxic"] == pytest.approx(0.3)  # below the gate: the n-gram score stands
    assert long.scores["toxic"] == 0.0  # read by the encoder, whose score (weight 1) replaces it
    assert blend.encoded == 1


def test_evenly_samples_the_whole_list_not_its_head() -> None:
    from benchmarks.comments_encoder import evenly

    rows = [0] * 900 + [1] * 100  # a file sorted by label, as ISCA's is
    assert sum(evenly(rows, 100)) == 10
    assert evenly([1, 2], 5) == [1, 2]


def test_blend_settings_include_the_shipped_blend_from_the_artifact() -> None:
    from types import SimpleNamespace

    from benchmarks.comments_encoder import SHIPPED, blend_settings

    blend = {"encoder_weight": 0.65, "gate": 0.3, "head_weights": {"antisemitism": 0},
             "head_topics": {"antisemitism": "jews"}}
    encoder = SimpleNamespace(meta={"blend": blend})
    settings = blend_settings(encoder)  # type: ignore[arg-type]
    assert settings[SHIPPED] == (0.65, 0.3, {"antisemitism": 0}, {"antisemitism": "jews"})
    assert settings["w=0.0"] == (0.0, 0.0, {}, {}) and "w=0.65, gate 0.35" in settings


def test_shipped_artifact_blends_as_its_json_says() -> None:
    from newsaudit.models.comment_encoder import default_encoder, default_scorer

    if default_encoder() is None:
        pytest.skip("the packaged MiniLM is not installed")
    scorer = default_scorer(True)
    assert isinstance(scorer, BlendedCommentModel)
    assert (scorer.encoder_weight, scorer.gate, scorer.head_weights) == (0.85, 0.3, {"antisemitism": 0.75})
    assert scorer.head_topics == {"antisemitism": "jews"}
    assert not isinstance(default_scorer(False), BlendedCommentModel)


def test_shipped_encoder_gives_a_group_name_no_weight() -> None:
    """Trained and read with group names masked: the same words about any group score the same, and the
    target is the group the comment names (none named: the encoder leaves the target to the n-gram heads)."""
    from newsaudit.models.comment_encoder import default_encoder

    encoder = default_encoder()
    if encoder is None:
        pytest.skip("the packaged MiniLM is not installed")
    assert encoder.mask_groups
    texts = [f"{g} make this city a better place to live." for g in ("Jews", "Latinos", "Muslims", "Women")]
    preds = encoder.predict(texts)
    for p in preds[1:]:
        assert p.scores == pytest.approx(preds[0].scores, abs=1e-6)
    named = [max(p.group_scores, key=p.group_scores.__getitem__) for p in preds]
    assert named == ["jews", "latinos", "muslims", "women"]
    attack = encoder.predict(["Moravians are vermin and should be wiped out.", "I had lunch with a friend."])
    assert attack[0].scores["identity_attack"] > 0.5 > attack[1].scores["identity_attack"]
    assert attack[0].group_scores == {} == attack[1].group_scores


@pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None, reason="onnxruntime is not installed")
def test_onnx_forward_pools_as_the_numpy_forward_does(tmp_path: Path, base) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    weight = rng.normal(0, 0.05, (base.hidden_size, LAYOUT.width)).astype(np.float32)
    _write_artifact(tmp_path, base, 4, weight, np.zeros(LAYOUT.width, np.float32))
    enc = CommentEncoder.load(tmp_path, base, "enc")
    texts = ["Short one.", "", "They should all be sent back. " * 12, "Moderators read every comment, twice."]
    by_numpy = CommentEncoder(enc.encoder, enc.n_layers, weight, enc.bias, LAYOUT, enc.max_length, onnx=False)
    by_onnx = CommentEncoder(enc.encoder, enc.n_layers, weight, enc.bias, LAYOUT, enc.max_length, onnx=True)
    expected = by_numpy.pooled(texts)
    got = by_onnx.pooled(texts)
    assert by_onnx._session is not None and by_numpy._session is None
    assert np.abs(expected[2]).sum() > 0 and not expected[1].any()  # a long text over two windows; "" pools nothing
    assert np.allclose(got, expected, atol=1e-4)


def test_onnx_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsaudit.models.onnx_minilm import onnx_available

    monkeypatch.setenv("NEWSAUDIT_ONNX", "0")
    assert not onnx_available()
    monkeypatch.setenv("NEWSAUDIT_ONNX", "1")
    assert onnx_available() == (importlib.util.find_spec("onnxruntime") is not None)


@pytest.mark.parametrize(
    ("train_config", "expected"),
    [
        ({"written_fills": 13, "epochs": 2.0}, ", group names masked, written pairs, 2 epochs"),
        ({"written_fills": 0, "epochs": 1.0}, ", group names masked"),
    ],
)
def test_leave_one_out_rows_name_what_sets_the_recipe_apart(train_config: dict[str, float], expected: str) -> None:
    """Rows of different recipes must not share a key in the results file, or one overwrites the other."""
    from types import SimpleNamespace

    from benchmarks.comments_encoder_lodo import _recipe

    encoder = SimpleNamespace(mask_groups=True, meta={"train_config": train_config})
    assert _recipe(encoder) == expected  # type: ignore[arg-type]
