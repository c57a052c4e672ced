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

import bisect
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsaudit.models.hashing import hash_strings
from newsaudit.models.linear import Head, WeightLookup, artifact_dir, pack_head, unpack_head
from newsaudit.models.propaganda_booster import Booster, booster_meta, unpack_booster
from newsaudit.models.propaganda_rows import NgramRows
from newsaudit.slant.decode import decode_spans
from newsaudit.slant.features import sentence_features, span_features, token_features
from newsaudit.slant.text import Covered
from newsaudit.slant.view import TextView, view_of
from newsaudit.slant.word_table import WordTable

ARTIFACT_NAME = "propaganda-v4"
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
    starts = [s.start for s in view.sentences]
    ends = [s.end for s in view.sentences]
    quoted_at = Covered(view.quotes)
    rows = []
    for start, end in spans:
        k = bisect.bisect_right(starts, start) - 1
        sentence = view.sentences[k] if k >= 0 and start < ends[k] else None
        bounds = (sentence.start, sentence.end) if sentence else (start, end)
        # the sentences within 200 characters of it: sentences are in text order, so a slice of them
        first = bisect.bisect_right(ends, bounds[0] - 200)
        last = bisect.bisect_left(starts, bounds[1] + 200)
        tokens = [t for s in view.sentences[first:last] for t in s.tokens]
        phrase = text[start:end].lower().strip()
        repeats = lowered.count(phrase) if phrase else 1
        quoted = quoted_at.covers(start)
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


def _sigmoid_logits(logits: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0))))


@dataclass
class PropagandaModel:
    heads: dict[str, Head]
    threshold: float
    bridge: int = 2
    meta: dict[str, Any] = field(default_factory=dict)
    booster: Booster | None = None
    #: The word-vector student: the booster's heads over static word vectors (``slant/word_table.py``),
    #: what span identification reads when the MiniLM booster is off (``student=True``).
    student: Booster | None = None
    table: WordTable | None = None
    _encoder: Any = field(default=None, repr=False, compare=False)
    _lookups: dict[str, WeightLookup] = field(default_factory=dict, repr=False, compare=False)
    _ngram_rows: NgramRows | None = field(default=None, repr=False, compare=False)

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

    def reader(self, boost: bool = True, student: bool = True) -> Booster | None:
        """What stacks on the n-gram head: the MiniLM booster when asked and installed, else the word-vector
        student when asked and shipped, else nothing (the n-gram head alone)."""
        if boost and self.can_boost:
            return self.booster
        if student and self.student is not None and self.table is not None:
            return self.student
        return None

    def reader_name(self, boost: bool = True, student: bool = True) -> str:
        """How spans are read, as reports name it: "n-gram + MiniLM", "n-gram + word vectors" or "n-gram"."""
        reader = self.reader(boost, student)
        if reader is None:
            return "n-gram"
        return "n-gram + MiniLM" if reader is self.booster else "n-gram + word vectors"

    def span_threshold(self, boost: bool = True, student: bool = True) -> float:
        reader = self.reader(boost, student)
        return reader.threshold if reader is not None else self.threshold

    def span_bridge(self, boost: bool = True, student: bool = True) -> int:
        reader = self.reader(boost, student)
        return reader.bridge if reader is not None and reader.bridge is not None else self.bridge

    def lookup(self, head: str) -> WeightLookup:
        """A head's weights keyed by hashed column, built on first use (see :class:`WeightLookup`)."""
        if head not in self._lookups:
            self._lookups[head] = WeightLookup(self.heads[head], N_FEATURES)
        return self._lookups[head]

    def ngram_rows(self) -> NgramRows:
        """The span and sentence heads' features as rows of their tables, built on first use (see
        :class:`NgramRows`)."""
        if self._ngram_rows is None:
            vocabulary = self.table.words if self.table is not None else None
            self._ngram_rows = NgramRows(self.lookup("si"), self.lookup("sentence"), vocabulary)
        return self._ngram_rows

    def sentence_probabilities(self, view: TextView) -> np.ndarray:
        """The sentence head's P(any technique) per sentence: what ``heads["sentence"]`` gives for
        ``sentence_rows(view)``."""
        return self.lookup("sentence").probabilities(self.ngram_rows().sentence_products(view))

    def ngram_token_probabilities(self, view: TextView) -> np.ndarray:
        """The n-gram head's P(inside a span) per token: what ``heads["si"]`` gives for ``si_rows(view)``.

        Every token of a sentence carries the sentence's content words as features (``sentence_context``);
        a linear head's sum over them is the same for each, so it is summed once per sentence.
        """
        per_token, per_sentence = self.ngram_rows().token_products(view)
        tokens_per_sentence = [len(s.tokens) for s in view.sentences]
        intercept = self.lookup("si").intercept[0]
        logits = per_token[:, 0] + np.repeat(per_sentence[:, 0], tokens_per_sentence) + intercept
        return _sigmoid_logits(logits)

    def token_probabilities(
        self, view: TextView, boost: bool = True, sentence: np.ndarray | None = None, student: bool = True
    ) -> np.ndarray:
        """P(inside a propaganda span) per token: the n-gram head stacked with the MiniLM booster (``boost``) or
        else with the word-vector student (``student``); both off, the n-gram head alone.

        ``sentence`` is the sentence head's scores when the caller has them already.
        """
        ngram = self.ngram_token_probabilities(view)
        reader = self.reader(boost, student)
        if reader is None or not len(ngram):
            return ngram
        if sentence is None:
            sentence = self.sentence_probabilities(view)
        lengths = [len(s.tokens) for s in view.sentences]
        if reader is self.booster:
            from newsaudit.slant.vectors import token_vectors

            return reader.probabilities(ngram, token_vectors(view, self.encoder), lengths, sentence)
        assert self.table is not None
        ngram_rows = self.ngram_rows()
        if ngram_rows.vocabulary is self.table.words:
            rows = ngram_rows.vector_rows(view)
        else:
            rows = self.table.rows([t.lower for s in view.sentences for t in s.tokens])
        return reader.probabilities(ngram, None, lengths, sentence, table=(self.table.matrix, rows))

    def spans(
        self, view: TextView, boost: bool = True, sentence: np.ndarray | None = None, student: bool = True
    ) -> list[tuple[int, int, float]]:
        """Propaganda spans of ``view`` (start, end, mean token probability), decoded at the model's threshold."""
        if not view.sentences:
            return []
        probs = self.token_probabilities(view, boost, sentence, student)
        threshold, bridge = self.span_threshold(boost, student), self.span_bridge(boost, student)
        return decode_spans(view.sentences, probs, threshold, bridge)

    def technique_probabilities(self, view: TextView, spans: list[tuple[int, int]]) -> np.ndarray:
        return self.lookup("tc").scores(tc_rows(view, spans))

    def analyse(
        self, text: str, regions: list[tuple[int, int]] | None = None, boost: bool = True, student: bool = True
    ) -> Analysis:
        """Spans with techniques, and sentence scores, for ``text`` (or only its ``regions``)."""
        view = view_of(text, regions)
        words = sum(1 for t in view.tokens if t.text[0].isalnum())
        if not view.sentences:
            return Analysis([], [], 0, view.quotes)
        sentence_probs = self.sentence_probabilities(view)
        found = self.spans(view, boost, sentence_probs, student)
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
            booster = booster_meta(self.booster)
        student: dict[str, Any] | None = None
        if self.student is not None and self.table is not None:
            self.student.lr.pack(arrays)
            self.student.mlp.pack(arrays)
            arrays["student_table"] = self.table.matrix.astype(np.float16)
            arrays["student_words"] = np.array(self.table.ordered_words(), dtype=str)  # row 1 on; no pickles
            student = {**booster_meta(self.student), "words": len(self.table.words)}
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
            "student": student,
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
            booster = unpack_booster(arrays, meta["booster"]) if meta.get("booster") else None
            student, table = None, None
            if meta.get("student"):
                student = unpack_booster(arrays, meta["student"])
                words = arrays["student_words"].tolist()
                table = WordTable({w: i + 1 for i, w in enumerate(words)}, arrays["student_table"].astype(np.float32))
        return cls(heads, float(meta["threshold"]), int(meta["bridge"]), meta, booster, student, table)


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
