"""The own-voice model: how likely a paragraph is the re-poster's own words rather than reported copy.

Two parts, stacked. A lexical head (logistic regression over hashed word
unigrams and bigrams) hears phrasing: "so called", "the truth is", "mainstream
media". A style head (logistic regression over the paragraph style rates of
``provenance/voice.py`` plus the lexical logit) adds what word lists miss:
attribution, quotation, first person, names and dates, and their contrast with
the rest of the page. The lexical logit it reads is out-of-fold during training,
so the stack does not learn to trust an overfitted head.

The artifact is ``voice-v{N}.npz`` (the lexical weights, float16 CSR) and
``voice-v{N}.json`` (feature names, standardisation, style weights, decoding
thresholds (lead and tail) and body ceiling, and the cross-validated figures they were chosen
with). ``training/train_voice.py`` writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsaudit.models.hashing import hash_words
from newsaudit.models.linear import Head, artifact_dir, pack_head, unpack_head

ARTIFACT_NAME = "voice-v1"
LEXICAL_FEATURES = 2**18
LEXICAL = "lexical"


def lexical_features(texts: Iterable[str]) -> sp.csr_matrix:
    """Stateless word 1-2-gram hashing: no vocabulary to ship, the same columns on every machine."""
    return hash_words(texts, LEXICAL_FEATURES, max_n=2)


@dataclass
class StyleHead:
    """Standardised logistic regression over style rates and the lexical logit (last column)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def contributions(self, row: np.ndarray) -> list[tuple[str, float, float]]:
        """``(feature, push on the logit, standardised value)`` per feature, largest push first.

        The sign of the value says which way the paragraph departs from the training mean, so a
        reason can say "more labels" or "few figures" rather than name a bare feature.
        """
        z = (row - self.mean) / self.scale
        parts = z * self.coef
        return sorted(
            ((self.features[i], float(parts[i]), float(z[i])) for i in range(len(parts))), key=lambda p: -p[1]
        )


@dataclass
class VoiceModel:
    lexical: Head
    style: StyleHead
    threshold: float = 0.5
    body_max: float = 1.0
    tail_threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    # -- prediction -----------------------------------------------------------------------------
    def lexical_logits(self, paragraphs: Sequence[str]) -> np.ndarray:
        return _head_logits(self.lexical, lexical_features(paragraphs))

    def stack_inputs(self, paragraphs: Sequence[str], style: np.ndarray) -> np.ndarray:
        """The style head's input rows: style rates with the lexical logit appended."""
        return np.hstack([style, self.lexical_logits(paragraphs)[:, None]])

    def scores(self, paragraphs: Sequence[str], style: np.ndarray) -> np.ndarray:
        """P(own voice) per paragraph; ``style`` is ``provenance.voice.page_features(paragraphs)``."""
        if not paragraphs:
            return np.zeros(0)
        return self.probabilities(self.stack_inputs(paragraphs, style))

    def probabilities(self, inputs: np.ndarray) -> np.ndarray:
        """P(own voice) per row of :meth:`stack_inputs`: for callers that also explain the rows."""
        logits = self.style.logits(inputs)
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))

    # -- training -------------------------------------------------------------------------------
    @classmethod
    def fit(
        cls,
        paragraphs: Sequence[str],
        style: np.ndarray,
        y: np.ndarray,
        groups: np.ndarray,
        features: tuple[str, ...],
        lexical_c: float = 4.0,
        style_c: float = 1.0,
        use_lexical: bool = True,
    ) -> VoiceModel:
        """Fit both heads; the style head reads lexical logits predicted out of fold (``groups``).

        ``use_lexical=False`` leaves the lexical head empty (all weights zero): the style-only
        ablation that ``benchmarks/voice.py`` reports.
        """
        texts = list(paragraphs)
        x_lex = lexical_features(texts)
        stacked_logit = np.zeros(len(texts))
        if not use_lexical:
            empty = Head(LEXICAL, ("own",), sp.csr_matrix((1, LEXICAL_FEATURES), dtype=np.float32), np.zeros(1))
            return cls(empty, _fit_style(np.hstack([style, stacked_logit[:, None]]), y, (*features, LEXICAL), style_c))
        for group in np.unique(groups):
            held = groups == group
            head = _fit_lexical(x_lex[~held], y[~held], lexical_c)
            stacked_logit[held] = _head_logits(head, x_lex[held])
        lexical = _fit_lexical(x_lex, y, lexical_c)
        style_head = _fit_style(np.hstack([style, stacked_logit[:, None]]), y, (*features, LEXICAL), style_c)
        return cls(lexical, style_head)

    # -- artifact -------------------------------------------------------------------------------
    def save(self, directory: Path, name: str = ARTIFACT_NAME) -> None:
        arrays: dict[str, np.ndarray] = {}
        pack_head(self.lexical, arrays)
        np.savez_compressed(directory / f"{name}.npz", **arrays)  # type: ignore[arg-type]
        sidecar = {
            "lexical": {"n_features": LEXICAL_FEATURES, "ngram_range": [1, 2]},
            "style": {
                "features": list(self.style.features),
                "mean": [round(float(v), 6) for v in self.style.mean],
                "scale": [round(float(v), 6) for v in self.style.scale],
                "coef": [round(float(v), 6) for v in self.style.coef],
                "intercept": round(self.style.intercept, 6),
            },
            "threshold": self.threshold,
            "tail_threshold": self.tail_threshold,
            "body_max": self.body_max,
            "meta": self.meta,
        }
        (directory / f"{name}.json").write_text(json.dumps(sidecar, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, name: str = ARTIFACT_NAME) -> VoiceModel:
        sidecar = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(directory / f"{name}.npz") as arrays:
            lexical = unpack_head(arrays, LEXICAL, ("own",), 1, int(sidecar["lexical"]["n_features"]))
        style = sidecar["style"]
        return cls(
            lexical,
            StyleHead(
                tuple(style["features"]),
                np.array(style["mean"], dtype=float),
                np.array(style["scale"], dtype=float),
                np.array(style["coef"], dtype=float),
                float(style["intercept"]),
            ),
            float(sidecar["threshold"]),
            float(sidecar["body_max"]),
            float(sidecar.get("tail_threshold", sidecar["threshold"])),
            dict(sidecar.get("meta", {})),
        )


def _fit_lexical(x: sp.csr_matrix, y: np.ndarray, c: float) -> Head:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    coef = sp.csr_matrix(model.coef_.astype(np.float32))
    coef.eliminate_zeros()
    return Head(LEXICAL, ("own",), coef, model.intercept_.astype(np.float32))


def _head_logits(head: Head, x: sp.csr_matrix) -> np.ndarray:
    return head.products(x).ravel() + float(head.intercept[0])


def _fit_style(x: np.ndarray, y: np.ndarray, features: tuple[str, ...], c: float) -> StyleHead:
    """Standardise, then an L2 logistic regression (lbfgs is deterministic: no seed to fix)."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    return StyleHead(features, mean, scale, model.coef_[0].copy(), float(model.intercept_[0]))


@cache
def default_voice_model() -> VoiceModel:
    """The shipped artifact, loaded once per process."""
    return VoiceModel.load(artifact_dir())
