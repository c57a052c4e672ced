"""Where a page's own voice starts and ends, estimated from the style of its paragraphs.

A re-post that carries no wire dateline or credit gives anatomy nothing to cut
at, yet an editor still hears the seam: reported copy attributes, quotes, names
people and dates, while an inserted lead argues, labels and addresses the
reader. Each paragraph is described by such rates (and by how far they sit from
the page's own median, since a seam is a contrast), a small trained model
(``models/voice_model.py``) scores each paragraph, and :func:`boundaries` picks
the leading and trailing runs whose summed evidence is positive while leaving a
body of reported copy between them.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsaudit.anatomy.patterns import QUOTED
from newsaudit.models.voice_model import VoiceModel
from newsaudit.slant.lexicon import cue_features
from newsaudit.slant.text import is_attributed, sentences

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_FIRST_PERSON = re.compile(
    r"\b(?:I|I'm|I’m|I've|I’ve|me|my|mine|myself|(?i:we|we're|we’re|let's|let’s|our|ours))\b|\bus\b"
)
_SECOND_PERSON = re.compile(r"\b(?i:you|your|you're|you’re|yours|yourself)\b")
_MODAL = re.compile(r"\b(?i:must|should|ought|need to|needs to|have to|has to)\b")
_OPINION = re.compile(
    r"\b(?i:think|believe|of course|obviously|clearly|surely|frankly|apparently|seems|seem|indeed|"
    r"in fact|no doubt|certainly|so[- ]called|shameful|sadly|unfortunately|hopefully)\b"
)
_TIME = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|"
    r"August|September|October|November|December|Jan|Feb|Aug|Sept|Oct|Nov|Dec|(?i:yesterday|today|tonight|"
    r"last week|last month|last year|this week|earlier this))\b"
)
PROSE_MIN_WORDS = 8
_CUES = ("loaded", "label", "doubt", "fear", "absolute", "extreme", "flag", "hitler", "whatabout", "minimise")

#: Features whose distance from the page's median is also a feature: the contrast an editor hears.
CONTRASTED = ("attributed", "quoted", "first_person", "cue_loaded", "cue_label", "numbers", "capitalised", "opinion")
BASE_FEATURES = (
    "words_log",
    "sentence_words",
    "attributed",
    "quoted",
    "scare_quotes",
    "first_person",
    "second_person",
    *(f"cue_{c}" for c in _CUES),
    "questions",
    "exclamations",
    "numbers",
    "capitalised",
    "modal",
    "opinion",
    "time",
)
FEATURES = (*BASE_FEATURES, *(f"{name}_vs_page" for name in CONTRASTED))


#: Plain words for the style features an estimated insertion's reason may cite, with the direction
#: (+1: the paragraph has more of it than usual, -1: less) in which the words are true.
FEATURE_WORDS = {
    "lexical": (1, "opinion phrasing"),
    "attributed": (-1, "few attributed sentences"),
    "attributed_vs_page": (-1, "fewer attributed sentences than the rest"),
    "quoted": (-1, "little quoted speech"),
    "quoted_vs_page": (-1, "less quoted speech than the rest"),
    "first_person": (1, "first person"),
    "first_person_vs_page": (1, "more first person than the rest"),
    "second_person": (1, "addressing the reader"),
    "cue_loaded": (1, "charged words"),
    "cue_loaded_vs_page": (1, "more charged words than the rest"),
    "cue_label": (1, "labels"),
    "cue_label_vs_page": (1, "more labels than the rest"),
    "numbers": (-1, "few figures"),
    "numbers_vs_page": (-1, "fewer figures than the rest"),
    "capitalised": (-1, "few names"),
    "capitalised_vs_page": (-1, "fewer names than the rest"),
    "opinion": (1, "opinion markers"),
    "opinion_vs_page": (1, "more opinion markers than the rest"),
    "modal": (1, "obligation words (must, should)"),
    "questions": (1, "questions"),
    "exclamations": (1, "exclamations"),
    "scare_quotes": (1, "scare quotes"),
    "time": (-1, "few dates"),
}


@dataclass(frozen=True)
class Voice:
    """The estimated own-voice runs: paragraph counts at the top and at the foot, with their mean scores."""

    lead: int
    tail: int
    lead_score: float
    tail_score: float


def paragraph_style(text: str) -> dict[str, float]:
    """Style rates of one paragraph; rates are per 100 words or shares of sentences, quoted speech left out."""
    quoted_spans = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    tokens = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    n = max(1, len(tokens))
    in_quotes = _inside(quoted_spans, [at for at, _ in tokens])
    outside = QUOTED.sub(" ", text)
    outside_words = [w for (_, w), q in zip(tokens, in_quotes, strict=True) if not q]
    cues = {c: 0 for c in _CUES}
    for word in outside_words:
        for feature in cue_features(word.lower()):
            name = feature.removeprefix("cue=")
            if name in cues:
                cues[name] += 1
    spans = list(sentences(text))
    n_sentences = max(1, len(spans))
    starts = {s for s, _ in spans}
    sentence_ends = [text[s:e].rstrip("\"'”’)] ") for s, e in spans]
    mid_sentence = [(at, w) for (at, w), q in zip(tokens, in_quotes, strict=True) if not q and at not in starts]
    per_100 = 100.0 / n
    return {
        "words_log": math.log1p(len(tokens)),
        "sentence_words": min(len(tokens) / n_sentences, 80.0) / 20.0,
        "attributed": sum(is_attributed(text[s:e]) for s, e in spans) / n_sentences,
        "quoted": sum(in_quotes) / n,
        "scare_quotes": per_100 * sum(1 for s, e in quoted_spans if _is_scare_quote(text[s:e])),
        "first_person": per_100 * len(_FIRST_PERSON.findall(outside)),
        "second_person": per_100 * len(_SECOND_PERSON.findall(outside)),
        **{f"cue_{c}": per_100 * k for c, k in cues.items()},
        "questions": sum(e.endswith("?") for e in sentence_ends) / n_sentences,
        "exclamations": sum(e.endswith("!") for e in sentence_ends) / n_sentences,
        # a letter is never a digit, so only words with something else in them are looked through
        "numbers": per_100 * sum(1 for _, w in tokens if not w.isalpha() and any(map(str.isdigit, w))),
        "capitalised": sum(w[:1].isupper() for _, w in mid_sentence) / max(1, len(mid_sentence)),
        "modal": per_100 * len(_MODAL.findall(outside)),
        "opinion": per_100 * len(_OPINION.findall(outside)),
        "time": per_100 * len(_TIME.findall(text)),
    }


def _inside(spans: list[tuple[int, int]], positions: list[int]) -> list[bool]:
    """Whether each position lies in one of ``spans`` (disjoint and in order, as ``finditer`` gives them): a bisect
    each, where an ``any`` over every span for every word grew with the square of the paragraph."""
    if not spans:
        return [False] * len(positions)
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    out = []
    for at in positions:
        k = bisect.bisect_right(starts, at) - 1
        out.append(k >= 0 and at < ends[k])
    return out


def is_prose_paragraph(paragraph: str) -> bool:
    """A paragraph of running text, not a headline, caption or link line that anatomy left as a paragraph.

    An undetected title above the lead would otherwise open the run with a paragraph that sounds like
    nothing, and the lead behind it would never be reached.
    """
    text = paragraph.strip()
    n = len(_WORD.findall(text))
    return n >= PROSE_MIN_WORDS and (n >= 25 or text.rstrip("\"'”’)]").endswith((".", "!", "?", "…", ":")))


def _is_scare_quote(quoted: str) -> bool:
    """A short quoted phrase held at arm's length ("so called “rebels”"), not a short quotation of speech."""
    inner = quoted[1:-1].rstrip()
    return len(_WORD.findall(inner)) <= 3 and not inner.endswith((",", "?", "!"))


def page_features(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`FEATURES` per paragraph of an article, in page order."""
    styles = [paragraph_style(p) for p in paragraphs]
    if not styles:
        return np.zeros((0, len(FEATURES)))
    base = np.array([[s[name] for name in BASE_FEATURES] for s in styles], dtype=float)
    columns = [BASE_FEATURES.index(name) for name in CONTRASTED]
    contrast = base[:, columns] - np.median(base[:, columns], axis=0)
    return np.hstack([base, contrast])


def boundaries(
    scores: Sequence[float] | np.ndarray,
    words: Sequence[int],
    threshold: float,
    body_max: float = 1.0,
    min_body_share: float = 0.4,
    max_run: int = 4,
    tail_threshold: float | None = None,
) -> Voice:
    """The leading and trailing paragraph runs in the page's own voice.

    A run starts with a paragraph scored past ``threshold`` and grows while its summed
    log-odds past the threshold rises (one weak paragraph inside a strong lead does not cut
    it short), up to ``max_run`` paragraphs. At least ``min_body_share`` of the words must
    stay in the body, and the body must read as reported copy (mean score at most
    ``body_max``): a page in its own voice throughout, an opinion blog, has no seam to report.
    ``tail_threshold`` (default ``threshold``) lets the foot ask for more: re-posters add
    leads more often than tails, and a report's last paragraph is often its loosest.
    """
    n = len(scores)
    if n < 3:
        return Voice(0, 0, 0.0, 0.0)
    margin = [_logit(s) - _logit(threshold) for s in scores]
    tail_margin = [_logit(s) - _logit(threshold if tail_threshold is None else tail_threshold) for s in scores]

    def best_run(order: list[int], margins: list[float]) -> int:
        best, best_gain, gain = 0, 0.0, 0.0
        for length, i in enumerate(order[:max_run], start=1):
            gain += margins[i]
            if gain > best_gain and margins[order[0]] > 0:
                best, best_gain = length, gain
        return best

    lead = best_run(list(range(n)), margin)
    tail = best_run(list(range(n - 1, lead - 1, -1)), tail_margin)
    total = sum(words) or 1
    while (lead or tail) and (sum(words[lead : n - tail]) / total < min_body_share or n - lead - tail < 2):
        # Give back the weaker run's innermost paragraph until a body of reported copy remains.
        if tail and (not lead or tail_margin[n - tail] <= margin[lead - 1]):
            tail -= 1
        else:
            lead -= 1
    if (lead or tail) and float(np.mean(scores[lead : n - tail])) > body_max:
        return Voice(0, 0, 0.0, 0.0)
    return Voice(
        lead,
        tail,
        float(np.mean(scores[:lead])) if lead else 0.0,
        float(np.mean(scores[n - tail :])) if tail else 0.0,
    )


def strongest_cues(model: VoiceModel, inputs: np.ndarray, top: int = 3) -> list[str]:
    """The features that raised the run's scores most, summed over its paragraphs, in plain words."""
    totals: dict[str, float] = {}
    for row in inputs:
        for feature, push, value in model.style.contributions(row):
            direction = FEATURE_WORDS.get(feature, (0, ""))[0]
            if push > 0 and direction * value > 0:  # only departures the plain words describe
                totals[feature] = totals.get(feature, 0.0) + push
    ranked = sorted(((push, f) for f, push in totals.items()), reverse=True)
    return [FEATURE_WORDS[f][1] for _, f in ranked[:top]]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
