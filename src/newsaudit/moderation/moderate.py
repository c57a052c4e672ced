"""Moderate one comment: scores, labelled flags with evidence, the target group and a decision.

The statistical heads see every comment; the lexicon rules add the coded forms
the heads miss (a Holocaust denier's name, "Khazarian mafia") and give reasons
a moderator can check. Long comments are also scored sentence by sentence,
because a model trained on tweets dilutes one hateful sentence in a long post.
Offsets in the result are into the text given, so callers shift them.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsaudit.models.comment_model import BINARY_HEADS, CommentScorer, CommentScores
from newsaudit.moderation.lexicon import LexiconHit, find_hits
from newsaudit.moderation.normalize import Normalized, normalize

#: Sentence and line boundaries for scoring long comments unit by unit.
_UNIT_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_LONG_COMMENT_WORDS = 25
#: Comments a page's moderation hands the model per call: features, scores and per-class dicts live only
#: as long as their chunk, so a 200,000-comment page needs no more memory for them than a 256-comment one.
CHUNK = 256

#: The choices of ``ModerationConfig.links``.
LINK_POLICIES = ("ignore", "hold")

#: Readable names for labels in reasons.
LABEL_NAMES = {
    "toxic": "toxic or insulting",
    "identity_attack": "attack on a group",
    "antisemitism": "antisemitism",
    "violence": "call to violence",
    "link_promotion": "link or video promotion",
}

#: Lexicon categories -> the label they support.
_LEXICON_LABELS = {
    "antisemitic_trope": "antisemitism",
    "coded_antisemitism": "antisemitism",
    "holocaust_denial": "antisemitism",
    "slur": "identity_attack",
    "dehumanising": "identity_attack",
    "violence": "violence",
    "link_promotion": "link_promotion",
}
#: The score a lexicon hit alone gives its label: strong enough to reject, below certainty.
_LEXICON_SCORE = {"antisemitism": 0.9, "identity_attack": 0.9, "violence": 0.95, "link_promotion": 1.0}


@dataclass
class Thresholds:
    """Scores at or above ``reject`` reject a comment, at or above ``hold`` hold it for review.

    ``balanced`` keeps the thresholds set from out-of-fold precision on the training sets (a model score
    alone rejects where held-out precision was about 0.8 or more, and holds below); ``strict`` and
    ``lenient`` move each a step down or up. ``benchmarks/comment_policies.py`` measures what each stops on
    posts no model saw (docs/EVALUATION.md, per dataset). Thresholds picked per policy for a precision
    target were tried and dropped: the training sets' base rates (83% of Davidson's tweets offensive)
    pulled the toxic thresholds so low that most rude comments would be stopped. Rule hits score
    0.9-0.95 and reject under every policy. Antisemitism holds a step lower since the encoder's share
    (from ``comment-encoder-v6``) pulls the n-gram head's over-confident scores down: at 0.5 ``balanced``
    held ISCA's fold 0 at precision 0.56, recall 0.68 with ``v6`` (0.6 gave 0.58 / 0.63; before the
    encoder, 0.57 / 0.67).
    """

    reject: dict[str, float]
    hold: dict[str, float]


#: The choices of ``ModerationConfig.policy``, from the most to the least that is stopped.
POLICY_NAMES = ("strict", "balanced", "lenient")
_POLICY_VALUES: dict[str, tuple[dict[str, float], dict[str, float]]] = {
    "strict": (
        {"antisemitism": 0.7, "identity_attack": 0.75, "violence": 0.9, "toxic": 0.93},
        {"antisemitism": 0.4, "identity_attack": 0.5, "violence": 0.6, "toxic": 0.6},
    ),
    "balanced": (
        {"antisemitism": 0.8, "identity_attack": 0.85, "violence": 0.95, "toxic": 0.97},
        {"antisemitism": 0.5, "identity_attack": 0.6, "violence": 0.7, "toxic": 0.7},
    ),
    "lenient": (
        {"antisemitism": 0.9, "identity_attack": 0.9, "violence": 0.95, "toxic": 0.99},
        {"antisemitism": 0.75, "identity_attack": 0.75, "violence": 0.85, "toxic": 0.85},
    ),
}
#: Held when ``ModerationConfig.links`` is "hold" (the link-promotion rule scores 1.0).
_LINK_HOLD = 0.5


def policy_thresholds(policy: str) -> Thresholds:
    """A fresh copy of a policy's thresholds."""
    if policy not in _POLICY_VALUES:
        raise ValueError(f"policy must be one of {', '.join(POLICY_NAMES)}, not {policy!r}")
    reject, hold = _POLICY_VALUES[policy]
    return Thresholds(dict(reject), {**hold, "link_promotion": _LINK_HOLD})


@dataclass
class ModerationConfig:
    """How comments are moderated: the policy (or explicit thresholds) and what the moderator reads."""

    #: how much is stopped: "strict", "balanced" or "lenient" (see ``Thresholds``); sets ``thresholds``
    policy: str = "balanced"
    #: explicit thresholds instead of the policy's
    thresholds: Thresholds | None = None
    #: match the reviewed lexicons (``data/lexicons/``: tropes, coded terms, slurs, calls to violence) as well as
    #: scoring with the models
    use_lexicon: bool = True
    #: score a comment's sentences one by one too, so one hateful sentence in a long comment counts
    score_sentences: bool = True
    #: undo evasive spellings (look-alike letters, invisible characters, "k1ll", "k i l l") before
    #: scoring; evidence still points into the comment as written (see ``normalize.py``)
    normalize: bool = True
    #: what a link or video promotion does: "ignore" (a link alone is no reason to stop a comment;
    #: its score is still reported) or "hold" (the site's policy holds promotion for review)
    links: str = "ignore"
    #: a group is named as the target when its score reaches this (or the lexicon names it)
    group_min: float = 0.4
    #: a flag's evidence from the model: at most this many spans of the words that weigh most
    evidence_spans: int = 3

    def __post_init__(self) -> None:
        if self.links not in LINK_POLICIES:
            raise ValueError(f"links must be one of {', '.join(LINK_POLICIES)}, not {self.links!r}")
        if self.thresholds is None:
            self.thresholds = policy_thresholds(self.policy)  # also rejects an unknown policy

    @property
    def limits(self) -> Thresholds:
        """The thresholds in force (the explicit ones, else the policy's)."""
        assert self.thresholds is not None  # set in __post_init__
        return self.thresholds


@dataclass
class Evidence:
    start: int
    end: int
    text: str
    weight: float
    source: str  # "model" or "lexicon"
    reason: str = ""


@dataclass
class Flag:
    label: str
    score: float
    level: str  # "reject" or "hold"
    evidence: list[Evidence]
    reason: str


@dataclass
class Moderation:
    decision: str  # allow, hold, reject
    reasons: list[str]
    scores: dict[str, float]
    flags: list[Flag]
    groups: dict[str, float]
    hate_form: str

    def verdict(self) -> Verdict:
        """The decision and its grounds, as stored on a page's comment and written by ``comments score``."""
        return Verdict(self.decision, self.reasons, self.scores, self.groups, self.hate_form)


#: One tuple per distinct set of score names, shared by every verdict that has it.
_SCORE_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}


class Verdict(Mapping[str, Any]):
    """A comment's decision and its grounds, read as the dict ``{"decision", "reasons", "scores",
    "groups", "hate_form"}`` and serialised as one.

    Why not a dict: a page keeps one verdict per comment, and a page may have 200,000 comments. As
    nested dicts a verdict took about 650 bytes; here the score names are shared between verdicts
    and the scores packed, about 150. It is read-only: each read of a list or dict builds a new one.
    """

    __slots__ = ("_groups", "_names", "_reasons", "_scores", "decision", "hate_form")
    _KEYS = ("decision", "reasons", "scores", "groups", "hate_form")

    def __init__(
        self, decision: str, reasons: list[str], scores: dict[str, float], groups: dict[str, float], hate_form: str
    ) -> None:
        self.decision = decision
        self.hate_form = hate_form
        self._reasons = tuple(reasons)
        names = tuple(scores)
        self._names = _SCORE_NAMES.setdefault(names, names)
        self._scores = struct.pack(f"{len(names)}d", *scores.values())  # doubles: every score comes back exact
        self._groups = tuple(groups.items())

    def __getitem__(self, key: str) -> Any:
        if key == "decision":
            return self.decision
        if key == "reasons":
            return list(self._reasons)
        if key == "scores":
            return dict(zip(self._names, struct.unpack(f"{len(self._names)}d", self._scores), strict=True))
        if key == "groups":
            return dict(self._groups)
        if key == "hate_form":
            return self.hate_form
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._KEYS)

    def __len__(self) -> int:
        return len(self._KEYS)

    def __repr__(self) -> str:
        return f"Verdict({dict(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return Verdict, (self.decision, list(self._reasons), self["scores"], self["groups"], self.hate_form)


def _units(text: str) -> list[tuple[int, int]]:
    """Sentence or line spans of a long comment (empty for short ones, which are scored whole)."""
    if len(text.split(maxsplit=_LONG_COMMENT_WORDS)) < _LONG_COMMENT_WORDS:  # fewer words (without listing them all)
        return []
    spans, start = [], 0
    for match in _UNIT_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans if len(spans) > 1 else []


def _model_evidence(
    model: CommentScorer, text: str, offset: int, head: str, label: str | None, k: int
) -> list[Evidence]:
    """The words that pushed a head up most, merged into runs of adjacent words."""
    tokens, contrib = model.explain(text, head, label)
    if not tokens or contrib.max(initial=0.0) <= 0:
        return []
    cutoff = 0.35 * float(contrib.max())
    strong = [i for i in range(len(tokens)) if contrib[i] >= cutoff]
    runs: list[list[int]] = []
    for i in strong:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    runs.sort(key=lambda run: -float(np.sum(contrib[run])))
    out = []
    for run in runs[:k]:
        start, end = tokens[run[0]].start, tokens[run[-1]].end
        out.append(Evidence(offset + start, offset + end, text[start:end], float(np.sum(contrib[run])), "model"))
    return sorted(out, key=lambda e: e.start)


class Moderator:
    """Scores comments with a model (the n-gram :class:`CommentModel`, or it blended with the encoder) plus
    lexicon rules, and decides on each."""

    def __init__(self, model: CommentScorer, config: ModerationConfig | None = None) -> None:
        self.model = model
        self.config = config or ModerationConfig()

    def moderate(self, texts: list[str]) -> list[Moderation]:
        """Decide on each text. The model sees ``CHUNK`` rows at a time (a comment's sentences too), so
        a comment of a million characters is scored in bounded memory."""
        written = texts
        normalized = [normalize(t) if self.config.normalize else None for t in written]
        texts = [n.text if n is not None else t for n, t in zip(normalized, written, strict=True)]
        predictions = self._predict(texts)
        best: list[dict[str, tuple[float, int, int]]] = [
            {h: (predictions[i].scores[h], 0, len(t)) for h in BINARY_HEADS} for i, t in enumerate(texts)
        ]
        owners = [  # (comment index, unit start, unit end): one extra row per sentence of a long comment
            (i, start, end)
            for i, text in enumerate(texts)
            for start, end in (_units(text) if self.config.score_sentences else [])
        ]
        for first in range(0, len(owners), CHUNK):
            rows = owners[first : first + CHUNK]
            for (i, start, end), pred in zip(rows, self._predict([texts[i][s:e] for i, s, e in rows]), strict=True):
                for head in BINARY_HEADS:
                    score = pred.scores[head]
                    if score > best[i][head][0]:
                        best[i][head] = (score, start, end)
        results = [self._decide(texts[i], predictions[i], best[i]) for i in range(len(texts))]
        for result, n, original in zip(results, normalized, written, strict=True):
            if n is not None and n.changed:
                _map_back(result, n, original)
        return results

    def _predict(self, texts: list[str]) -> list[CommentScores]:
        return [p for first in range(0, len(texts), CHUNK) for p in self.model.predict(texts[first : first + CHUNK])]

    def _decide(self, text: str, pred: CommentScores, best: dict[str, tuple[float, int, int]]) -> Moderation:
        cfg = self.config
        scores = {h: _rounded(v[0]) for h, v in best.items()}
        lexicon_hits = find_hits(text) if cfg.use_lexicon else []
        by_label: dict[str, list[LexiconHit]] = {}
        for hit in lexicon_hits:
            label = _LEXICON_LABELS.get(hit.category)
            if label:
                by_label.setdefault(label, []).append(hit)
        model_scores = dict(scores)
        for label in by_label:
            scores[label] = max(scores.get(label, 0.0), _LEXICON_SCORE[label])
        flags: list[Flag] = []
        for label, score in scores.items():
            level = _level(label, score, cfg.limits)
            if level is None or (label == "link_promotion" and cfg.links == "ignore"):
                continue
            evidence = [
                Evidence(h.start, h.end, h.term, 1.0, "lexicon", h.reason) for h in by_label.get(label, [])
            ]
            if label in BINARY_HEADS and _level(label, model_scores[label], cfg.limits):
                _, start, end = best[label]  # the model's own words only where the model itself flagged
                evidence += _model_evidence(self.model, text[start:end], start, label, None, cfg.evidence_spans)
            flags.append(Flag(label, score, level, evidence, _flag_reason(label, score, level, evidence, cfg)))
        groups = self._groups(pred, flags, lexicon_hits)
        decision = "reject" if any(f.level == "reject" for f in flags) else "hold" if flags else "allow"
        reasons = [f.reason for f in sorted(flags, key=lambda f: (f.level != "reject", -f.score))]
        if groups and decision != "allow":
            reasons.append("targeted group: " + ", ".join(groups))
        form = "none"
        if groups and pred.hate_form:  # the form of hate is only meaningful for a comment that attacks a group
            form = max((kv for kv in pred.hate_form.items() if kv[0] != "none"), key=lambda kv: kv[1])[0]
        return Moderation(decision, reasons, scores, flags, groups, form)

    def _groups(self, pred: CommentScores, flags: list[Flag], hits: list[LexiconHit]) -> dict[str, float]:
        """Groups a flagged comment targets: named by attacking lexicon hits, or the group head's choice."""
        attacking = {f.label for f in flags} & {"identity_attack", "antisemitism", "violence"}
        if not attacking:
            return {}
        groups: dict[str, float] = {}
        for hit in hits:
            if hit.group and _LEXICON_LABELS.get(hit.category) in attacking | {"identity_attack"}:
                groups[hit.group] = 1.0
        if "antisemitism" in attacking:
            groups["jews"] = max(groups.get("jews", 0.0), pred.group_scores.get("jews", 0.0), 0.9)
        mentioned = {h.group for h in hits if h.category == "group_mention" and h.group}
        for group, score in sorted(pred.group_scores.items(), key=lambda kv: -kv[1])[:2]:
            if score >= self.config.group_min or (group in mentioned and score >= self.config.group_min / 2):
                groups[group] = max(groups.get(group, 0.0), round(score, 4))
        return dict(sorted(groups.items(), key=lambda kv: -kv[1]))


def _map_back(result: Moderation, normalized: Normalized, original: str) -> None:
    """Evidence found in the normalised text, pointed into the comment as written; and, for a comment
    that is not allowed, a reason saying how it was written to get past a filter."""
    for flag in result.flags:
        for ev in flag.evidence:
            ev.start, ev.end = normalized.span(ev.start, ev.end)
            ev.text = original[ev.start : ev.end]
    if result.decision != "allow":
        result.reasons.append("written to evade filters: " + ", ".join(normalized.kinds))


#: One float object per rounded score: a page's comments keep their scores in their verdicts, and
#: rounded to 4 places there are at most 10,001 distinct values in [0, 1] to share.
_ROUNDED: dict[float, float] = {}


def _rounded(score: float) -> float:
    value = round(score, 4)
    return _ROUNDED.setdefault(value, value) if 0.0 <= value <= 1.0 else value


def _level(label: str, score: float, thresholds: Thresholds) -> str | None:
    if score >= thresholds.reject.get(label, 2.0):
        return "reject"
    if score >= thresholds.hold.get(label, 2.0):
        return "hold"
    return None


def _flag_reason(label: str, score: float, level: str, evidence: list[Evidence], cfg: ModerationConfig) -> str:
    limit = (cfg.limits.reject if level == "reject" else cfg.limits.hold)[label]
    head = f"{LABEL_NAMES.get(label, label)} {score:.2f} ≥ {limit:.2f} ({level})"
    rules = [e.reason for e in evidence if e.source == "lexicon" and e.reason]
    words = [f"“{e.text}”" for e in evidence if e.source == "model"]
    parts = [head]
    if rules:
        parts.append("; ".join(dict.fromkeys(rules)))
    if words:
        parts.append("words that drove the score: " + ", ".join(words))
    return ": ".join(parts[:2]) + ("; " + parts[2] if len(parts) > 2 else "")
