"""The comment encoder: the packaged MiniLM with fine-tuned top layers and moderation heads, in NumPy.

Where the n-gram heads weigh words, the encoder reads the sentence, so it can tell a post that names a
group from one that attacks it (issue 14). The artifact ``comment-encoder-v{N}.npz`` holds only what
differs from the packaged base model (``models/minilm.py``): the fine-tuned layers in float16 and one
linear map from the pooled sentence vector to every head's logits. ``training/train_comment_encoder.py``
writes it; nothing here imports torch.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from newsaudit.models.comment_model import BINARY_HEADS, CommentScorer, CommentScores, default_model
from newsaudit.models.group_terms import TOPICS, groups_named, mask_groups, names_topic
from newsaudit.models.linear import artifact_dir
from newsaudit.models.minilm import MiniLMEncoder, _Layer, padded
from newsaudit.models.minilm import default_encoder as default_minilm
from newsaudit.models.onnx_minilm import OnnxMaskedSum, onnx_available

ARTIFACT_NAME = "comment-encoder-v7"
#: The n-gram heads whose score opens the gate to the encoder (see ``BlendedCommentModel``).
GATE_HEADS = ("identity_attack", "antisemitism", "violence")
#: positions (rows x padded width) per forward batch: small batches stay in cache, for NumPy and ONNX
#: Runtime alike (512 ran some 15% faster than 2048 on one core)
BATCH_TOKENS = 512


@dataclass(frozen=True)
class HeadLayout:
    """Which columns of the heads' output belong to which head: binary logits, then class logits.

    Training fixes it (with the classes of its data) and the artifact's JSON carries it, so the classes
    are written in one place only."""

    names: tuple[str, ...]
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, groups: tuple[str, ...], hate_forms: tuple[str, ...]) -> HeadLayout:
        """The binary heads, then the target group, then the form of hate."""
        return cls(("binary", "group", "hate_form"), {"binary": BINARY_HEADS, "group": groups, "hate_form": hate_forms})

    def span(self, name: str) -> tuple[int, int]:
        start = 0
        for other in self.names:
            width = len(self.classes[other])
            if other == name:
                return start, start + width
            start += width
        raise KeyError(name)

    @property
    def width(self) -> int:
        return sum(len(self.classes[name]) for name in self.names)

    def to_json(self) -> dict[str, Any]:
        return {"names": list(self.names), "classes": {k: list(v) for k, v in self.classes.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HeadLayout:
        return cls(tuple(data["names"]), {k: tuple(v) for k, v in data["classes"].items()})


def pool_mask(mask: np.ndarray) -> np.ndarray:
    """The positions pooled into the sentence vector: every real subword, not [CLS] and [SEP]."""
    keep = mask.astype(np.float32)
    keep[:, 0] = 0.0
    last = mask.sum(axis=1) - 1
    keep[np.arange(len(mask)), last] = 0.0
    return keep


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


class CommentEncoder:
    """Fine-tuned MiniLM plus heads; ``predict`` gives the same :class:`CommentScores` as the n-gram model."""

    def __init__(self, encoder: MiniLMEncoder, n_layers: int, weight: np.ndarray, bias: np.ndarray,
                 layout: HeadLayout, max_length: int = 128, meta: dict[str, Any] | None = None,
                 onnx: bool | None = None) -> None:
        """``onnx``: run the forward in ONNX Runtime (``None``: where it is installed and not switched off
        with ``NEWSAUDIT_ONNX=0``), else in NumPy; the two agree to float32 rounding."""
        self.encoder = encoder
        self.n_layers = n_layers
        self.weight = weight
        self.bias = bias
        self.layout = layout
        self.max_length = max_length
        self.meta = meta or {}
        self.onnx = onnx_available() if onnx is None else onnx
        self._session: OnnxMaskedSum | None = None
        #: trained on posts with group names masked: read them so too, and leave the target to the n-gram heads
        self.mask_groups = bool(self.meta.get("train_config", {}).get("mask_groups", False))

    def _masked_sum(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Per row, the sum of the last layer's vectors over its subwords (not [CLS] and [SEP])."""
        pool = pool_mask(mask)
        if self.onnx:
            if self._session is None:
                self._session = OnnxMaskedSum(self.encoder, self.n_layers)
            return self._session(ids, mask, pool)
        states = self.encoder.forward(ids, mask, (self.n_layers,))[self.n_layers]
        return np.einsum("bsh,bs->bh", states, pool)

    def pooled(self, texts: list[str]) -> np.ndarray:
        """Mean of the last layer's subword vectors per text (texts longer than a window: over all windows)."""
        sums = np.zeros((len(texts), self.encoder.hidden_size), np.float32)
        counts = np.zeros(len(texts), np.float32)
        windows, _ = self.encoder.windows(self.encoder.tokenize(texts), self.max_length)
        for batch in self.encoder.batches(windows, BATCH_TOKENS):
            ids, mask = padded(batch)
            rows = [window.text_index for window in batch]
            np.add.at(sums, rows, self._masked_sum(ids, mask))
            np.add.at(counts, rows, mask.sum(axis=1) - 2)
        return sums / np.maximum(counts, 1)[:, None]

    def logits(self, texts: list[str]) -> np.ndarray:
        if self.mask_groups:
            texts = [mask_groups(t) for t in texts]
        return self.pooled(texts) @ self.weight + self.bias

    def predict(self, texts: list[str]) -> list[CommentScores]:
        if not texts:
            return []
        logits = self.logits(texts)
        b0, b1 = self.layout.span("binary")
        binary = _sigmoid(logits[:, b0:b1])
        by_class: dict[str, np.ndarray] = {}
        for name in ("group", "hate_form"):
            if name in self.layout.names and not (name == "group" and self.mask_groups):
                s0, s1 = self.layout.span(name)
                by_class[name] = _softmax(logits[:, s0:s1])
        out = []
        for i in range(len(texts)):
            groups = self._groups_named(texts[i]) if self.mask_groups else self._named("group", by_class, i)
            out.append(
                CommentScores(
                    scores={h: float(binary[i, j]) for j, h in enumerate(self.layout.classes["binary"])},
                    group_scores=groups,
                    hate_form=self._named("hate_form", by_class, i),
                )
            )
        return out

    def _groups_named(self, text: str) -> dict[str, float]:
        """With names masked the encoder cannot tell which group a comment is about, but the comment says:
        the groups it names, in equal shares (none named: no opinion, and the n-gram heads decide)."""
        named = groups_named(text)
        if not named:
            return {}
        return {label: 1.0 / len(named) if label in named else 0.0 for label in self.layout.classes["group"]}

    def _named(self, name: str, by_class: dict[str, np.ndarray], i: int) -> dict[str, float]:
        if name not in by_class:
            return {}
        return {label: float(p) for label, p in zip(self.layout.classes[name], by_class[name][i], strict=True)}

    @classmethod
    def load(cls, directory: Path, base: MiniLMEncoder, name: str = ARTIFACT_NAME) -> CommentEncoder:
        """The base encoder with the artifact's layers swapped in (a shallow copy: the base stays as it was)."""
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        encoder = copy.copy(base)
        encoder.layers = list(base.layers)
        with np.load(directory / f"{name}.npz") as arrays:
            for i in meta["trained_layers"]:
                encoder.layers[i] = _Layer(
                    **{
                        key: np.ascontiguousarray(arrays[f"layer{i}.{key}"], dtype=np.float32)
                        for key in _Layer.__dataclass_fields__
                    }
                )
            weight = arrays["heads.weight"].astype(np.float32)
            bias = arrays["heads.bias"].astype(np.float32)
        encoder.layers = encoder.layers[: meta["n_layers"]]
        return cls(encoder, meta["n_layers"], weight, bias, HeadLayout.from_json(meta["layout"]),
                   max_length=int(meta.get("max_length", 128)), meta=meta)


def base_encoder() -> MiniLMEncoder | None:
    """The packaged base model, loaded once per process and shared with the slant booster (the fine-tuned
    layers are swapped into a copy, so the two never disturb each other)."""
    return default_minilm()


@cache
def default_encoder() -> CommentEncoder | None:
    """The shipped comment encoder, or ``None`` when the base model or the artifact is missing."""
    base = base_encoder()
    directory = artifact_dir()
    if base is None or not (directory / f"{ARTIFACT_NAME}.npz").exists():
        return None
    return CommentEncoder.load(directory, base)


BlendArgs = tuple[float, float, dict[str, float], dict[str, str]]


def shipped_blend(meta: dict[str, Any]) -> BlendArgs:
    """``BlendedCommentModel``'s arguments after the two models, as an artifact's JSON gives them (``blend``):
    the encoder's share, the gate, per-head shares and per-head topics."""
    blend = meta.get("blend", {})
    return (float(blend.get("encoder_weight", 0.5)), float(blend.get("gate", 0.0)),
            dict(blend.get("head_weights") or {}), dict(blend.get("head_topics") or {}))


class BlendedCommentModel:
    """The n-gram model and the encoder together: scores mixed, evidence from the n-gram words.

    ``encoder_weight`` is the encoder's share of each probability (1 = the encoder alone). ``gate``: the
    encoder, some 30 times the n-gram heads' cost, reads only comments whose n-gram score for an attack
    (``GATE_HEADS``) reaches it; the others keep their n-gram scores (0 reads every comment). Toxicity
    alone does not open the gate: there the encoder adds little (docs/EVALUATION.md), and profane but
    harmless comments are common. Evidence stays per-word from the
    n-gram heads (``explain``): the encoder decides how much a flag is worth, the words show a moderator
    where to look.

    ``head_weights`` overrides the share for some heads; ``head_topics`` names, per head, the topic
    (``group_terms.TOPICS``) a comment must write for the encoder's score to count there at all: the encoder
    reads group names masked, so it knows a post attacks someone but not whether that someone is Jewish.
    """

    def __init__(self, ngram: Any, encoder: Any, encoder_weight: float = 0.5, gate: float = 0.0,
                 head_weights: dict[str, float] | None = None, head_topics: dict[str, str] | None = None) -> None:
        self.head_weights = dict(head_weights or {})
        self.head_topics = dict(head_topics or {})
        for name, value in {"encoder_weight": encoder_weight, "gate": gate, **self.head_weights}.items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], not {value}")
        unknown = set(self.head_topics.values()) - set(TOPICS)
        if unknown:
            raise ValueError(f"unknown topic {sorted(unknown)[0]!r}: known are {sorted(TOPICS)}")
        self.ngram = ngram
        self.encoder = encoder
        self.encoder_weight = encoder_weight
        self.gate = gate
        self.encoded = 0  # comments the encoder has read (for benchmarks)

    @classmethod
    def as_shipped(cls, ngram: Any, encoder: CommentEncoder) -> BlendedCommentModel:
        """The blend the encoder's artifact ships (``blend`` in its JSON)."""
        return cls(ngram, encoder, *shipped_blend(encoder.meta))

    def predict(self, texts: list[str]) -> list[CommentScores]:
        w = self.encoder_weight
        out = self.ngram.predict(texts)
        read = [i for i, p in enumerate(out) if max(p.scores.get(h, 0.0) for h in GATE_HEADS) >= self.gate]
        self.encoded += len(read)
        for i, b in zip(read, self.encoder.predict([texts[i] for i in read]), strict=True):
            a = out[i]
            off_topic = {h: 0.0 for h, topic in self.head_topics.items() if not names_topic(texts[i], topic)}
            out[i] = CommentScores(
                scores=_mix(a.scores, b.scores, w, {**self.head_weights, **off_topic}),
                group_scores=_mix(a.group_scores, b.group_scores, w),
                hate_form=_mix(a.hate_form, b.hate_form, w),
            )
        return out

    def explain(self, text: str, head: str, label: str | None = None) -> Any:
        return self.ngram.explain(text, head, label)


def _mix(a: dict[str, float], b: dict[str, float], w: float, per_key: dict[str, float] | None = None) -> (
        dict[str, float]):
    """Weighted mean per key (``per_key`` overrides the encoder's share ``w`` for some keys); a key only one
    side has keeps that side's value."""
    per_key = per_key or {}
    out = {}
    for k in {**a, **b}:
        if k in a and k in b:
            share = per_key.get(k, w)
            out[k] = (1 - share) * a[k] + share * b[k]
        else:
            out[k] = a.get(k, b.get(k, 0.0))
    return out


def default_scorer(encoder: bool = True) -> CommentScorer:
    """What moderation scores with by default: the n-gram heads blended with the encoder as its artifact
    says (``blend`` in its JSON), or the n-gram heads alone when ``encoder`` is off or not installed."""
    enc = default_encoder() if encoder else None
    if enc is None:
        return default_model()
    return _default_blend(enc)


@cache
def _default_blend(enc: CommentEncoder) -> BlendedCommentModel:
    return BlendedCommentModel.as_shipped(default_model(), enc)
