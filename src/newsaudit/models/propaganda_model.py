"""The propaganda model: which words persuade (span identification) and by which technique.

Three linear heads over hashed features (see ``slant/features.py``):

* ``si``: per token, the probability that it lies inside a propaganda span;
  runs of likely tokens are decoded into spans (``slant/decode.py``);
* ``tc``: per span, one-vs-rest scores for the 14 PTC techniques;
* ``sentence``: per sentence, the probability that it holds any technique.

The artifact is ``propaganda-v{N}.npz`` (sparse float16 weights) plus a JSON
sidecar (classes, decoding threshold, training rows, data fingerprint);
``training/train_propaganda.py`` writes them.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsaudit.models.dense import DenseHead, context_features, stack
from newsaudit.models.hashing import hash_strings
from newsaudit.models.linear import Head, artifact_dir, pack_head, unpack_head
from newsaudit.slant.decode import decode_spans
from newsaudit.slant.features import sentence_features, span_features, token_features
from newsaudit.slant.view import TextView, view_of

ARTIFACT_NAME = "propaganda-v2"
N_FEATURES = 2**20


def hash_rows(rows: list[list[str]]) -> sp.csr_matrix:
    if not rows:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float64)
    return hash_strings(rows, N_FEATURES)


def si_rows(view: TextView) -> list[list[str]]:
    return [row for s in view.sentences for row in token_features(s.tokens, s.quoted, view.counts)]


def sentence_rows(view: TextView) -> list[list[str]]:
    return [sentence_features(s.tokens, view.counts) for s in view.sentences]


def tc_rows(view: TextView, spans: list[tuple[int, int]]) -> list[list[str]]:
    """Technique features for each span of ``view`` (the sentence it sits in gives context)."""
    text = view.text
    lowered = text.lower()
    rows = []
    for start, end in spans:
        sentence = next((s for s in view.sentences if s.start <= start < s.end), None)
        bounds = (sentence.start, sentence.end) if sentence else (start, end)
        tokens = [t for s in view.sentences if s.end > bounds[0] - 200 and s.start < bounds[1] + 200 for t in s.tokens]
        phrase = text[start:end].lower().strip()
        repeats = lowered.count(phrase) if phrase else 1
        quoted = any(a <= start < b for a, b in view.quotes)
        rows.append(span_features(text, (start, end), bounds, tokens, view.counts, repeats, quoted))
    return rows


@dataclass
class TechniqueSpan:
    start: int
    end: int
    technique: str
    score: float  # span probability x technique probability
    span_score: float
    techniques: dict[str, float]  # the three best techniques and their probabilities


@dataclass
class SentenceScore:
    start: int
    end: int
    score: float


@dataclass
class Analysis:
    spans: list[TechniqueSpan]
    sentences: list[SentenceScore]
    words: int
    #: Quotation regions of the analysed text (so callers need not find them again).
    quotes: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Booster:
    """Span identification with MiniLM word vectors: dense heads stacked with the n-gram head.

    Optional: used only when the encoder is installed (see ``models/minilm.py``);
    without it the model falls back to the n-gram head and its own threshold.
    """

    lr: DenseHead  # standardises the word vectors itself
    mlp: DenseHead  # takes windows of vectors already standardised by ``lr``'s mean and scale
    #: Stack weights: for the logits of [n-gram, lr, mlp] when ``context`` is 0, else for
    #: ``models.dense.context_features`` of them (neighbours within ``context`` tokens, sentence).
    coef: list[float]
    intercept: float
    threshold: float
    window: int = 2
    context: int = 0
    bridge: int | None = None  # decoding bridge when boosting; None keeps the n-gram head's

    def logits(self, vectors: np.ndarray, sentence_lengths: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The LR's and the MLP's logits per token (windows are zero-padded at sentence ends)."""
        from newsaudit.slant.vectors import windows

        standardised = (vectors - self.lr.mean) / self.lr.scale
        return self.lr.logits(vectors), self.mlp.logits(windows(standardised, sentence_lengths, self.window))

    def probabilities(
        self, ngram: np.ndarray, vectors: np.ndarray, sentence_lengths: list[int], sentence: np.ndarray
    ) -> np.ndarray:
        """P(inside a span) per token from the n-gram head's and the sentence head's probabilities and the vectors."""
        lr, mlp = self.logits(vectors, sentence_lengths)
        base = np.column_stack([_logit(ngram), lr, mlp])
        if self.context:
            base = context_features(base, _logit(sentence), sentence_lengths, self.context)
        return stack(list(base.T), self.coef, self.intercept)


def _logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.asarray(np.log(clipped / (1 - clipped)))


@dataclass
class PropagandaModel:
    heads: dict[str, Head]
    threshold: float
    bridge: int = 2
    meta: dict[str, Any] = field(default_factory=dict)
    booster: Booster | None = None
    _encoder: Any = field(default=None, repr=False, compare=False)

    @property
    def techniques(self) -> tuple[str, ...]:
        return self.heads["tc"].classes

    @property
    def encoder(self) -> Any:
        """The MiniLM encoder, loaded on first use; ``False`` when it is not installed."""
        if self._encoder is None:
            from newsaudit.models.minilm import default_encoder

            self._encoder = default_encoder() or False
        return self._encoder

    @property
    def can_boost(self) -> bool:
        """Whether the MiniLM booster is in the artifact and its encoder installed."""
        return bool(self.booster is not None and self.encoder)

    def span_threshold(self, boost: bool = True) -> float:
        return self.booster.threshold if boost and self.can_boost and self.booster else self.threshold

    def span_bridge(self, boost: bool = True) -> int:
        if boost and self.can_boost and self.booster and self.booster.bridge is not None:
            return self.booster.bridge
        return self.bridge

    def sentence_probabilities(self, view: TextView) -> np.ndarray:
        return self.heads["sentence"].scores(hash_rows(sentence_rows(view)))

    def token_probabilities(
        self, view: TextView, boost: bool = True, sentence: np.ndarray | None = None
    ) -> np.ndarray:
        """P(inside a propaganda span) per token; ``boost=False`` keeps to the n-gram head.

        ``sentence`` is the sentence head's scores when the caller has them already.
        """
        ngram = self.heads["si"].scores(hash_rows(si_rows(view)))
        if not (boost and self.can_boost) or not len(ngram):
            return ngram
        from newsaudit.slant.vectors import token_vectors

        assert self.booster is not None
        vectors = token_vectors(view, self.encoder)
        if sentence is None:
            sentence = self.sentence_probabilities(view)
        return self.booster.probabilities(ngram, vectors, [len(s.tokens) for s in view.sentences], sentence)

    def spans(
        self, view: TextView, boost: bool = True, sentence: np.ndarray | None = None
    ) -> list[tuple[int, int, float]]:
        """Propaganda spans of ``view`` (start, end, mean token probability), decoded at the model's threshold."""
        if not view.sentences:
            return []
        probs = self.token_probabilities(view, boost, sentence)
        return decode_spans(view.sentences, probs, self.span_threshold(boost), self.span_bridge(boost))

    def technique_probabilities(self, view: TextView, spans: list[tuple[int, int]]) -> np.ndarray:
        return self.heads["tc"].scores(hash_rows(tc_rows(view, spans)))

    def analyse(self, text: str, regions: list[tuple[int, int]] | None = None, boost: bool = True) -> Analysis:
        """Spans with techniques, and sentence scores, for ``text`` (or only its ``regions``)."""
        view = view_of(text, regions)
        words = sum(1 for t in view.tokens if t.text[0].isalnum())
        if not view.sentences:
            return Analysis([], [], 0, view.quotes)
        sentence_probs = self.sentence_probabilities(view)
        found = self.spans(view, boost, sentence_probs)
        sentences = [
            SentenceScore(s.start, s.end, float(p)) for s, p in zip(view.sentences, sentence_probs, strict=True)
        ]
        if not found:
            return Analysis([], sentences, words, view.quotes)
        probs = self.technique_probabilities(view, [(s, e) for s, e, _ in found])
        classes = self.techniques
        spans = []
        for (start, end, span_score), row in zip(found, probs, strict=True):
            order = np.argsort(-row)[:3]
            best = classes[order[0]]
            spans.append(
                TechniqueSpan(
                    start,
                    end,
                    best,
                    round(span_score * float(row[order[0]]), 4),
                    round(span_score, 4),
                    {classes[k]: round(float(row[k]), 4) for k in order},
                )
            )
        return Analysis(spans, sentences, words, view.quotes)

    # -- persistence ---------------------------------------------------------------------------
    def save(self, directory: Path, name: str = ARTIFACT_NAME) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for head in self.heads.values():
            pack_head(head, arrays)
        booster: dict[str, Any] | None = None
        if self.booster is not None:
            self.booster.lr.pack(arrays)
            self.booster.mlp.pack(arrays)
            booster = {
                "coef": self.booster.coef,
                "intercept": self.booster.intercept,
                "threshold": self.booster.threshold,
                "window": self.booster.window,
                "context": self.booster.context,
                "bridge": self.booster.bridge,
                "layers": {"lr": len(self.booster.lr.layers), "mlp": len(self.booster.mlp.layers)},
            }
        npz_path = directory / f"{name}.npz"
        np.savez_compressed(npz_path, **arrays)  # type: ignore[arg-type]
        meta = {
            **self.meta,
            "artifact": name,
            "n_features": N_FEATURES,
            "threshold": self.threshold,
            "bridge": self.bridge,
            "heads": {h.name: list(h.classes) for h in self.heads.values()},
            "booster": booster,
        }
        json_path = directory / f"{name}.json"
        json_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return npz_path, json_path

    @classmethod
    def load(cls, directory: Path, name: str = ARTIFACT_NAME) -> PropagandaModel:
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(directory / f"{name}.npz") as arrays:
            heads = {
                head: unpack_head(arrays, head, tuple(classes), 1 if head != "tc" else len(classes), meta["n_features"])
                for head, classes in meta["heads"].items()
            }
            booster = None
            if meta.get("booster"):
                b = meta["booster"]
                booster = Booster(
                    DenseHead.unpack(arrays, "lr", b["layers"]["lr"]),
                    DenseHead.unpack(arrays, "mlp", b["layers"]["mlp"]),
                    [float(c) for c in b["coef"]],
                    float(b["intercept"]),
                    float(b["threshold"]),
                    int(b["window"]),
                    int(b.get("context", 0)),
                    None if b.get("bridge") is None else int(b["bridge"]),
                )
        return cls(heads, float(meta["threshold"]), int(meta["bridge"]), meta, booster)


@cache
def default_model() -> PropagandaModel:
    """The shipped model, loaded once per process."""
    directory = artifact_dir()
    if not (directory / f"{ARTIFACT_NAME}.npz").exists():
        raise FileNotFoundError(
            f"propaganda model artifact {ARTIFACT_NAME} is missing from {directory}; run `make models`"
        )
    return PropagandaModel.load(directory)



def assign_techniques(probs: np.ndarray, keys: list[tuple[str, int, int]], classes: tuple[str, ...]) -> list[str]:
    """One technique per span row; a span listed twice (it carries two techniques) gets its next-best the second time.

    The SemEval technique-classification input lists such a span once per
    technique, so answering the same label twice would waste one of them.
    """
    order = np.argsort(-probs, axis=1)
    seen: Counter[tuple[str, int, int]] = Counter()
    out = []
    for row, key in enumerate(keys):
        rank = min(seen[key], len(classes) - 1)
        seen[key] += 1
        out.append(classes[int(order[row, rank])])
    return out
