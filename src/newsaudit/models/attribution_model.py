"""The attribution tagger: source, cue and content spans per token, then relations around each cue.

A linear head over hashed features gives, for every token of a paragraph, the
probabilities of seven BIO tags (``O``, ``B-``/``I-`` of SOURCE, CUE, CONTENT).
Viterbi decoding finds the best tag sequence of the paragraph under the BIO
constraints (an ``I-X`` follows only ``B-X`` or ``I-X``), with tag-bigram log
probabilities from the training data, weighted by ``transition_weight``. Paragraphs,
not sentences, are the sequences: a quoted content often runs over several sentences.

Relations are then grouped around the cues (:func:`group`): each content and source
span joins the nearest cue of its sentence, else of its paragraph (a content may also
join the last cue of the paragraph before, for quotes that run on).

The artifact is ``attribution-v1.npz`` (float16 sparse weights, ``models/linear.py``)
plus a JSON sidecar (tags, transitions, decoding weight, cross-validated figures);
``training/train_attribution.py`` writes them.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsaudit.claims.brat import Attribution, spans_of
from newsaudit.models.attribution_features import (
    N_FEATURES,
    Paragraph,
    cue_lexicon,
    hash_paragraphs,
    paragraph_rows,
    paragraphs,
)
from newsaudit.models.attribution_rows import FeatureRows
from newsaudit.models.linear import Head, WeightLookup, artifact_dir, pack_head, unpack_head

#: The features' names stay importable from here, where training and tests have always found them.
__all__ = [
    "ARTIFACT_NAME", "N_FEATURES", "ROLES", "TAGS", "AttributionModel", "FeatureRows", "Paragraph", "Segment",
    "allowed_transitions", "artifact_exists", "cue_lexicon", "default_model", "group", "hash_paragraphs",
    "paragraph_rows", "paragraphs", "segments", "viterbi_many",
]  # fmt: skip

ARTIFACT_NAME = "attribution-v1"
TAGS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT")
ROLES = ("SOURCE", "CUE", "CONTENT")


# -- decoding --------------------------------------------------------------------------------------


def allowed_transitions() -> np.ndarray:
    """``allowed[a, b]``: tag b may follow tag a (row ``len(TAGS)`` is the start of a paragraph)."""
    k = len(TAGS)
    allowed = np.ones((k + 1, k), dtype=bool)
    for b, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            role = tag[2:]
            for a in range(k + 1):
                allowed[a, b] = a < k and TAGS[a] in (f"B-{role}", f"I-{role}")
    return allowed


_ALLOWED = allowed_transitions()


def viterbi_many(log_probs: Sequence[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """The best tag sequence of each paragraph: emissions ``log_probs`` (n, k) each, ``transitions`` (k + 1, k) with
    -inf where the BIO constraints forbid (row k scores the first tag). All paragraphs step together, a few NumPy
    calls a step into buffers made once, longest first (a page's paragraphs are short, so one at a time is mostly
    call overhead)."""
    k = transitions.shape[1]
    lengths = np.array([len(lp) for lp in log_probs], dtype=np.int64)
    order = np.argsort(-lengths, kind="stable")
    live = [int(lengths[i]) for i in order if lengths[i]]
    out: list[list[int]] = [[] for _ in log_probs]
    if not live:
        return out
    steps, rows = live[0], len(live)
    padded = np.zeros((steps, rows, k))  # step first: the paragraphs still running at a step are contiguous
    for row, i in enumerate(order[:rows]):
        padded[: lengths[i], row] = log_probs[i]
    body = transitions[:k]
    score = transitions[k][None, :] + padded[0]
    back = np.zeros((steps, rows, k), dtype=np.intp)
    cand = np.empty((rows, k, k))
    # paragraphs still running at each step (longer than it), found once rather than at every step
    running = np.searchsorted(-np.asarray(live), -np.arange(steps) - 1, side="right").tolist()
    m = 0
    for t in range(1, steps):
        if running[t] != m:  # views of the running paragraphs, made again only when one ends
            m = running[t]
            running_score, step_score, step_cand = score[:m, :, None], score[:m], cand[:m]
            step_back, step_emission = back[:, :m], padded[:, :m]
            best_of, best = step_cand.argmax, step_cand.max
        np.add(running_score, body, out=step_cand)
        best_of(axis=1, out=step_back[t])
        best(axis=1, out=step_score)
        step_score += step_emission[t]
    final = score.argmax(axis=1).tolist()
    for row, i in enumerate(order[:rows]):
        pointers = back[1 : live[row], row].tolist()  # pointers[t - 1]: the best tag before each tag at step t
        path = [final[row]]
        for t in range(live[row] - 1, 0, -1):
            path.append(pointers[t - 1][path[-1]])
        out[i] = path[::-1]
    return out


@dataclass
class Segment:
    role: str
    first: int  # token indices in the paragraph, inclusive
    last: int
    sentence: int


def segments(tags: Sequence[int], p: Paragraph, split_sentences: bool = False) -> list[Segment]:
    """Runs of one role; with ``split_sentences``, a run outside quotes is cut where a sentence starts."""
    out: list[Segment] = []
    for i, t in enumerate(tags):
        tag = TAGS[t]
        if tag == "O":
            continue
        role = tag[2:]
        cut = split_sentences and i > 0 and p.sentence[i] != p.sentence[i - 1] and not (p.quoted[i] and p.quoted[i - 1])
        if tag.startswith("I-") and out and out[-1].role == role and out[-1].last == i - 1 and not cut:
            out[-1].last = i
        else:
            out.append(Segment(role, i, i, p.sentence[i]))
    return out


_TRIM = {
    "CONTENT": (frozenset(",:;-—–"), frozenset(",;:.!?-—–")),
}


def _char_span(p: Paragraph, seg: Segment, trim: bool = True) -> tuple[int, int]:
    """A segment's characters; with ``trim``, a content without the punctuation at its edges (annotators leave it
    out; trimming sources and cues measured worse)."""
    first, last = seg.first, seg.last
    if trim and seg.role in _TRIM:
        lead, tail = _TRIM[seg.role]
        while last > first and p.tokens[last].text in tail:
            last -= 1
        while first < last and p.tokens[first].text in lead:
            first += 1
    return p.tokens[first].start, p.tokens[last].end


def _sentences_of(p: Paragraph, seg: Segment) -> tuple[int, int]:
    return p.sentence[seg.first], p.sentence[seg.last]


def group(
    paras: list[Paragraph],
    tagged: list[list[int]],
    max_gap: int = 1_000_000,
    trim: bool = True,
    split_sentences: bool = True,
) -> list[Attribution]:
    """Relations from tagged paragraphs: every cue anchors one; sources and contents join the nearest cue.

    Nearest means: a cue in a sentence the span covers first, then the fewest tokens between them.
    A source joins only a cue of its own sentence; a content from another sentence only a cue at most
    ``max_gap`` tokens away; a paragraph without a cue that opens inside a quote continues the last
    relation of the paragraph before (a quote running over paragraphs). With ``split_sentences`` a span
    outside quotes that runs over a sentence end is cut there, and each part joins its own nearest cue.
    """
    out: list[dict[str, list[tuple[int, int]]]] = []
    prev_cue: dict[str, list[tuple[int, int]]] | None = None
    for p, tags in zip(paras, tagged, strict=True):
        segs = segments(tags, p, split_sentences)
        cues = [s for s in segs if s.role == "CUE"]
        members: list[dict[str, list[tuple[int, int]]]] = [
            {"SOURCE": [], "CUE": [_char_span(p, c, trim)], "CONTENT": []} for c in cues
        ]
        for seg in segs:
            if seg.role == "CUE":
                continue
            if not cues:
                if seg.role == "CONTENT" and prev_cue is not None and seg.first == 0 and p.quoted[0]:
                    prev_cue["CONTENT"].append(_char_span(p, seg, trim))  # a quote running on from the paragraph before
                continue
            low, high = _sentences_of(p, seg)

            def distance(
                c: int, seg: Segment = seg, low: int = low, high: int = high, cues: list[Segment] = cues
            ) -> tuple[bool, int]:
                cue = cues[c]
                return not low <= cue.sentence <= high, max(cue.first - seg.last, seg.first - cue.last)

            best = min(range(len(cues)), key=distance)
            other_sentence, gap = distance(best)
            if other_sentence and (seg.role == "SOURCE" or gap > max_gap):
                continue
            members[best][seg.role].append(_char_span(p, seg, trim))
        for m in members:
            if m["SOURCE"] and len(m["SOURCE"]) > 1:
                cue_at = m["CUE"][0][0]
                m["SOURCE"] = [min(m["SOURCE"], key=lambda s: min(abs(s[0] - cue_at), abs(s[1] - cue_at)))]
        if members:
            prev_cue = members[-1]
        out.extend(members)
    return [
        Attribution(spans_of(*m["SOURCE"]) or None, spans_of(*m["CUE"]) or None, spans_of(*m["CONTENT"]) or None)
        for m in out
    ]


# -- the model -------------------------------------------------------------------------------------


@dataclass
class AttributionModel:
    head: Head
    transitions: np.ndarray  # (k + 1, k) tag-bigram log probabilities (row k: paragraph start)
    transition_weight: float = 1.0
    #: Subtracted from log P(O) before decoding: the head under-predicts spans (PolNeAR tags half the tokens).
    o_penalty: float = 0.0
    lexicon: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    _rows: FeatureRows | None = field(default=None, repr=False, compare=False)

    def decode_matrix(self) -> np.ndarray:
        scores = self.transition_weight * self.transitions
        return np.where(_ALLOWED, scores, -np.inf)

    def tag_probabilities(self, x: sp.csr_matrix) -> np.ndarray:
        return self.head.scores(x)

    def paragraph_probabilities(self, paras: list[Paragraph]) -> np.ndarray:
        """What :meth:`tag_probabilities` gives for ``hash_paragraphs(paras, self.lexicon)``, from the features' rows
        of the weight table directly (see :class:`FeatureRows` and ``models.linear.WeightLookup``)."""
        if self._rows is None:
            self._rows = FeatureRows(WeightLookup(self.head, N_FEATURES), self.lexicon)
        return self._rows.lookup.probabilities(self._rows.products(paras))

    def tag(self, paras: list[Paragraph], probs: np.ndarray) -> list[list[int]]:
        logp = np.log(np.clip(probs, 1e-9, 1.0))
        logp[:, 0] -= self.o_penalty
        bounds = np.cumsum([0, *(len(p.tokens) for p in paras)])
        return viterbi_many([logp[a:b] for a, b in itertools.pairwise(bounds)], self.decode_matrix())

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Attribution]:
        paras = paragraphs(text, start, end)
        if not paras:
            return []
        tagged = self.tag(paras, self.paragraph_probabilities(paras))
        return sorted(group(paras, tagged), key=lambda a: a.anchor)

    # -- persistence -------------------------------------------------------------------------------
    def save(self, directory: Path, name: str = ARTIFACT_NAME) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        pack_head(self.head, arrays)
        npz_path = directory / f"{name}.npz"
        np.savez_compressed(npz_path, **arrays)  # type: ignore[arg-type]
        meta = {
            **self.meta,
            "artifact": name,
            "n_features": N_FEATURES,
            "tags": list(TAGS),
            "transitions": [[round(float(v), 5) for v in row] for row in self.transitions],
            "transition_weight": self.transition_weight,
            "o_penalty": self.o_penalty,
            "lexicon": self.lexicon,
        }
        json_path = directory / f"{name}.json"
        json_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return npz_path, json_path

    @classmethod
    def load(cls, directory: Path, name: str = ARTIFACT_NAME) -> AttributionModel:
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        if tuple(meta["tags"]) != TAGS or int(meta["n_features"]) != N_FEATURES:
            raise ValueError(f"artifact {name} was trained for other tags or features")
        with np.load(directory / f"{name}.npz") as arrays:
            head = unpack_head(arrays, "tags", TAGS, len(TAGS), N_FEATURES)
        transitions = np.asarray(meta["transitions"], dtype=np.float64)
        lexicon = {str(k): float(v) for k, v in meta.get("lexicon", {}).items()}
        return cls(
            head, transitions, float(meta["transition_weight"]), float(meta.get("o_penalty", 0.0)), lexicon, meta
        )


def artifact_exists(directory: Path | None = None) -> bool:
    directory = artifact_dir() if directory is None else directory
    return (directory / f"{ARTIFACT_NAME}.npz").exists() and (directory / f"{ARTIFACT_NAME}.json").exists()


@cache
def default_model() -> AttributionModel:
    """The shipped model, loaded once per process."""
    directory = artifact_dir()
    if not artifact_exists(directory):
        raise FileNotFoundError(
            f"attribution model artifact {ARTIFACT_NAME} is missing from {directory}; "
            "run `python -m newsaudit.training.train_attribution`"
        )
    return AttributionModel.load(directory)
