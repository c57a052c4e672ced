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

import bisect
import functools
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
from newsaudit.claims.rules import REPORTING_VERBS, find_quotes
from newsaudit.models.hashing import hash_strings
from newsaudit.models.linear import Head, WeightLookup, artifact_dir, pack_head, unpack_head
from newsaudit.slant.text import Covered, Token, sentences, tokenize

ARTIFACT_NAME = "attribution-v1"
N_FEATURES = 2**19
TAGS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT")
ROLES = ("SOURCE", "CUE", "CONTENT")
_TITLES = frozenset("mr mrs ms dr sen rep gov president secretary gen col sgt officer spokesman spokeswoman".split())
_PRONOUNS = frozenset("he she they it we i you who his her their our my".split())


@dataclass
class Paragraph:
    """The tokens of one paragraph, and per token: sentence index, quote depth (0 outside quotes)."""

    tokens: list[Token]
    sentence: list[int]
    quoted: list[bool]


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Paragraph]:
    """Paragraphs (lines) of ``text[start:end]`` with their tokens, sentence indices and quote flags."""
    end = len(text) if end is None else end
    quoted = Covered([part for quote in find_quotes(text, start, end) for part in quote.parts])
    tokens = tokenize(text[start:end], start)
    bounds = list(sentences(text, start, end))
    s_starts = [a for a, _ in bounds]
    out: list[Paragraph] = []
    current: list[Token] = []
    last_line = -1
    line_breaks = [i for i in range(start, end) if text[i] == "\n"]
    for token in tokens:
        line = bisect.bisect_left(line_breaks, token.start)
        if line != last_line and current:
            out.append(_paragraph(current, s_starts, quoted))
            current = []
        last_line = line
        current.append(token)
    if current:
        out.append(_paragraph(current, s_starts, quoted))
    return out


def _paragraph(tokens: list[Token], s_starts: list[int], quoted: Covered) -> Paragraph:
    sent = [bisect.bisect_right(s_starts, t.start) - 1 for t in tokens]
    return Paragraph(tokens, sent, [quoted.covers(t.start) for t in tokens])


@functools.lru_cache(maxsize=65536)
def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:6]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 5:
        return "4-5"
    if n <= 9:
        return "6-9"
    if n <= 19:
        return "10-19"
    return "20+"


def _rate_bucket(rate: float) -> str:
    return "7" if rate >= 0.7 else "5" if rate >= 0.5 else "3" if rate >= 0.3 else "1"


def cue_lexicon(words: list[str], cue: list[bool], min_count: int = 3, min_rate: float = 0.1) -> dict[str, float]:
    """Lower-cased words and how often they are (part of) a cue, among words seen ``min_count`` times or more."""
    seen: dict[str, int] = {}
    cued: dict[str, int] = {}
    for w, c in zip(words, cue, strict=True):
        seen[w] = seen.get(w, 0) + 1
        if c:
            cued[w] = cued.get(w, 0) + 1
    return {
        w: round(cued[w] / seen[w], 3) for w in sorted(cued) if seen[w] >= min_count and cued[w] / seen[w] >= min_rate
    }


def paragraph_rows(p: Paragraph, lexicon: dict[str, float] | None = None, first: bool = False) -> list[list[str]]:
    """Hashed-feature names of each token of a paragraph; ``lexicon`` holds the words often a cue in training,
    ``first`` says the paragraph opens the text (a headline, most often)."""
    toks = p.tokens
    n = len(toks)
    low = [t.lower for t in toks]
    lexicon = lexicon or {}
    rates = [lexicon.get(w, 0.0) for w in low]
    verbs = [
        w in REPORTING_VERBS or rates[i] >= 0.3 or (w == "according" and i + 1 < n and low[i + 1] == "to")
        for i, w in enumerate(low)
    ]
    sent_cued: dict[int, str] = {}
    for i in range(n):
        if verbs[i] and not p.quoted[i]:
            sent_cued[p.sentence[i]] = "y"
    shapes = [_shape(t.text) for t in toks]
    rows: list[list[str]] = []
    # nearest reporting verb left/right within the sentence
    left_verb: list[int] = [-1] * n
    last = -1
    for i in range(n):
        if i and p.sentence[i] != p.sentence[i - 1]:
            last = -1
        left_verb[i] = last
        if verbs[i] and not p.quoted[i]:
            last = i
    right_verb: list[int] = [-1] * n
    nxt = -1
    for i in range(n - 1, -1, -1):
        if i < n - 1 and p.sentence[i] != p.sentence[i + 1]:
            nxt = -1
        right_verb[i] = nxt
        if verbs[i] and not p.quoted[i]:
            nxt = i
    sent_first = [i == 0 or p.sentence[i] != p.sentence[i - 1] for i in range(n)]
    sent_pos = [0] * n
    for i in range(1, n):
        sent_pos[i] = 0 if sent_first[i] else sent_pos[i - 1] + 1
    sent_len: dict[int, int] = {}
    for s in p.sentence:
        sent_len[s] = sent_len.get(s, 0) + 1
    para_quote = "pq" if n and toks[0].text in '“"«‘' else "pn"
    commas = [0] * (n + 1)  # commas before each token
    for i in range(n):
        commas[i + 1] = commas[i] + (toks[i].text in {",", "—", "–", "("})
    caps = [t.text[:1].isupper() for t in toks]
    suffixes = [w[-3:] for w in low]
    rate_b = [_rate_bucket(r) if r else "0" for r in rates]
    seen_that = False
    for i in range(n):
        w = low[i]
        if sent_first[i]:
            seen_that = False
        q = "q" if p.quoted[i] else "n"
        row = [
            "b",
            "w=" + w,
            "sh=" + shapes[i],
            "p3=" + w[:3],
            "s3=" + w[-3:],
            "q=" + q,
            para_quote + q,
            "w-1=" + (low[i - 1] if i > 0 else "<s>"),
            "w+1=" + (low[i + 1] if i + 1 < n else "</s>"),
            "w-2=" + (low[i - 2] if i > 1 else "<s>"),
            "w+2=" + (low[i + 2] if i + 2 < n else "</s>"),
            "sh-1=" + (shapes[i - 1] if i > 0 else "<s>"),
            "sh+1=" + (shapes[i + 1] if i + 1 < n else "</s>"),
            "ww-1=" + (low[i - 1] if i > 0 else "<s>") + "|" + w,
            "ww+1=" + w + "|" + (low[i + 1] if i + 1 < n else "</s>"),
            "q-1=" + ("q" if i > 0 and p.quoted[i - 1] else "n") + q,
            "q+1=" + q + ("q" if i + 1 < n and p.quoted[i + 1] else "n"),
            "sf=" + str(sent_first[i]),
            "pos=" + _bucket(sent_pos[i]),
            "rest=" + _bucket(sent_len[p.sentence[i]] - sent_pos[i] - 1),
        ]
        row.append("sc=" + sent_cued.get(p.sentence[i], "n") + q)
        row.append("s3-1=" + (suffixes[i - 1] if i > 0 else "<s>"))
        row.append("s3+1=" + (suffixes[i + 1] if i + 1 < n else "</s>"))
        row.append("cl-1=" + (rate_b[i - 1] if i > 0 else "<s>"))
        row.append("cl+1=" + (rate_b[i + 1] if i + 1 < n else "</s>"))
        row.append("cl+2=" + (rate_b[i + 2] if i + 2 < n else "</s>"))
        if first:
            row.append("para0" + q)
        if caps[i] and ((i > 0 and caps[i - 1]) or (i + 1 < n and caps[i + 1])):
            row.append("caprun")
        if rates[i]:
            row.append("cl=" + _rate_bucket(rates[i]))
            row.append("clq=" + _rate_bucket(rates[i]) + q)
        if verbs[i]:
            row.append("rv" + q)
        if i > 0 and verbs[i - 1]:
            row.append("rv-1")
        if i + 1 < n and verbs[i + 1]:
            row.append("rv+1")
        if w in _PRONOUNS:
            row.append("pron")
        if w in _TITLES:
            row.append("title")
        lv, rv = left_verb[i], right_verb[i]
        if lv >= 0:
            row.append("lv=" + _bucket(i - lv))
            row.append("lvw=" + low[lv])
            row.append("lvq=" + q + _bucket(i - lv))
            row.append("lvc=" + _bucket(min(commas[i] - commas[lv + 1], 3)) + q)
            row.append("lvr=" + rate_b[lv])
        else:
            row.append("lv=none" + q)
        if rv >= 0:
            row.append("rv=" + _bucket(rv - i))
            row.append("rvw=" + low[rv])
            row.append("rvq=" + q + _bucket(rv - i))
            row.append("rvc=" + _bucket(min(commas[rv] - commas[i + 1], 3)) + q)
            row.append("rvr=" + rate_b[rv])
        else:
            row.append("rv=none" + q)
        if lv >= 0 and rv >= 0:
            row.append("between")
        if lv >= 0 and seen_that:
            row.append("after-that")
        if w == "that" and lv >= 0:
            seen_that = True
        rows.append(row)
    return rows


def hash_paragraphs(paras: list[Paragraph], lexicon: dict[str, float] | None = None) -> sp.csr_matrix:
    rows = [row for k, p in enumerate(paras) for row in paragraph_rows(p, lexicon, k == 0)]
    if not rows:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float64)
    return hash_strings(rows, N_FEATURES)


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
    -inf where the BIO constraints forbid (row k scores the first tag). All paragraphs step together, one NumPy
    call a step, longest first (a page's paragraphs are short, so one at a time is mostly call overhead)."""
    k = transitions.shape[1]
    lengths = np.array([len(lp) for lp in log_probs], dtype=np.int64)
    order = np.argsort(-lengths, kind="stable")
    live = [int(lengths[i]) for i in order if lengths[i]]
    out: list[list[int]] = [[] for _ in log_probs]
    if not live:
        return out
    steps = live[0]
    padded = np.zeros((len(live), steps, k))
    for row, i in enumerate(order[: len(live)]):
        padded[row, : lengths[i]] = log_probs[i]
    body = transitions[:k]
    score = transitions[k][None, :] + padded[:, 0]
    back = np.zeros((len(live), steps, k), dtype=np.int64)
    ends = np.array(live)
    for t in range(1, steps):
        m = int(np.searchsorted(-ends, -t - 1, side="right"))  # paragraphs still running at step t
        cand = score[:m, :, None] + body[None]
        back[:m, t] = cand.argmax(axis=1)
        score[:m] = cand.max(axis=1) + padded[:m, t]
    for row, i in enumerate(order[: len(live)]):
        path = [int(np.argmax(score[row]))]
        for t in range(live[row] - 1, 0, -1):
            path.append(int(back[row, t, path[-1]]))
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
    _lookup: WeightLookup | None = field(default=None, repr=False, compare=False)

    def decode_matrix(self) -> np.ndarray:
        scores = self.transition_weight * self.transitions
        return np.where(_ALLOWED, scores, -np.inf)

    def tag_probabilities(self, x: sp.csr_matrix) -> np.ndarray:
        return self.head.scores(x)

    def paragraph_probabilities(self, paras: list[Paragraph]) -> np.ndarray:
        """What :meth:`tag_probabilities` gives for ``hash_paragraphs(paras, self.lexicon)``, from the feature names
        directly (see ``models.linear.WeightLookup``)."""
        if self._lookup is None:
            self._lookup = WeightLookup(self.head, N_FEATURES)
        rows = [row for k, p in enumerate(paras) for row in paragraph_rows(p, self.lexicon, k == 0)]
        return self._lookup.scores(rows)

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
