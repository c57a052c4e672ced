"""Slant stage: propaganda techniques and loaded language, span by span, and whose voice they are in.

Runs over the article (title, paragraphs and editorial insertions typed by the
anatomy stage; the whole text when there are none). Every span the model finds
becomes a ``propaganda`` finding labelled with its technique; sentences the
model scores as propaganda become ``propaganda_sentence`` findings.

Voice matters: words inside quotation marks or in reported speech ("X said")
are someone else's claims, and wire copy is the agency's voice, so each
finding says which voice it is in and ``summary["slant"]`` reports the page's
own voice apart from quoted and wire material.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Any

from newsaudit.models.propaganda_model import Analysis, PropagandaModel, default_model
from newsaudit.page import BlockType, Finding, Page
from newsaudit.slant.techniques import explain, readable
from newsaudit.slant.text import clip_regions, is_attributed, word_count

#: Voices, in the order reports list them. "own" and "insertion" are the page's own voice.
VOICES = ("insertion", "own", "wire", "attributed", "quoted")
OWN_VOICES = ("insertion", "own")
_VOICE_NOTE = {
    "insertion": "in text the page added around copied material",
    "own": "in the page's own voice",
    "wire": "in wire copy (the agency's voice)",
    "attributed": "in reported speech, attributed to its speaker",
    "quoted": "inside a quotation, the speaker's words, not the outlet's",
}


#: What the booster costs on one core, roughly: loading and warming up the MiniLM, then about 1 s per 1,500 words.
BOOSTER_START_S = 5.0
BOOSTER_WORDS_PER_S = 1500.0


@dataclass
class SlantConfig:
    """The ``slant`` stage: propaganda techniques at span level in the article, with sentence scores."""

    #: Findings below this score (span probability x technique probability) are dropped.
    min_score: float = 0.0
    #: Sentences at or above this score become ``propaganda_sentence`` findings.
    sentence_threshold: float = 0.5
    #: Use the MiniLM booster for span identification when it is installed (better spans, about 35x slower).
    #: (``NEWSAUDIT_SLANT_BOOSTER=0`` turns it off at the edges that read the environment: ``settings.py``.)
    booster: bool = True
    #: Longer articles use the word-vector student (the booster costs about 1 s per 1,500 words).
    booster_max_words: int = 10_000
    #: Without the booster, stack the word-vector student on the n-gram tagger (static MiniLM word vectors
    #: from a table: most of the booster's gain at a fraction of a millisecond per sentence); False: the
    #: n-gram tagger alone.
    student: bool = True
    #: Only the first this many words of an article are analysed (a book-length dump would take minutes);
    #: the summary says when the cut happened.
    max_words: int = 60_000


class SlantStage:
    name = "slant"

    def __init__(self, config: SlantConfig | None = None, model: PropagandaModel | None = None) -> None:
        self.config = config or SlantConfig()
        self._model = model

    @property
    def model(self) -> PropagandaModel:
        """Loaded on first use, so building a pipeline stays cheap."""
        if self._model is None:
            self._model = default_model()
        return self._model

    def booster_seconds(self, page: Page) -> float | None:
        """About how long the booster will take on ``page`` (anatomy already run), or None when it will not run."""
        if not self.config.booster:
            return None
        limit = min(self.config.booster_max_words, self.config.max_words)
        _, words, _ = clip_regions(page.text, page.article_regions(), limit + 1)  # counts no further than needed
        if words > self.config.booster_max_words or self.model.booster is None:
            return None
        from newsaudit.models.minilm import locate_model

        if locate_model() is None:
            return None
        return BOOSTER_START_S + words / BOOSTER_WORDS_PER_S

    def __call__(self, page: Page) -> Page:
        regions, words, truncated = clip_regions(page.text, page.article_regions(), self.config.max_words)
        boost = self.config.booster and words <= self.config.booster_max_words
        analysis = self.model.analyse(page.text, regions, boost=boost, student=self.config.student)
        voices = _Voices(page, analysis.quotes, [(s.start, s.end) for s in analysis.sentences])
        counted: list[tuple[str, str]] = []
        for span in analysis.spans:
            if span.score < self.config.min_score:
                continue
            voice = voices.of_span(span.start)
            counted.append((span.technique, voice))
            phrase = " ".join(page.text[span.start : span.end].split())
            page.add_finding(
                Finding(
                    start=span.start,
                    end=span.end,
                    stage=self.name,
                    kind="propaganda",
                    label=span.technique,
                    score=span.score,
                    reason=f"{readable(span.technique)}: {explain(span.technique)} (“{_clip(phrase)}”, "
                    f"{_VOICE_NOTE[voice]})",
                    attrs={"voice": voice, "span_score": span.span_score, "techniques": span.techniques},
                )
            )
        for sentence in analysis.sentences:
            if sentence.score >= self.config.sentence_threshold:
                voice = voices.of_sentence(sentence.start, sentence.end)
                page.add_finding(
                    Finding(
                        start=sentence.start,
                        end=sentence.end,
                        stage=self.name,
                        kind="propaganda_sentence",
                        label="propaganda",
                        score=round(sentence.score, 4),
                        reason=f"the sentence reads as propaganda ({_VOICE_NOTE[voice]})",
                        attrs={"voice": voice},
                    )
                )
        page.summary["slant"] = _summary(analysis, counted, voices)
        page.summary["slant"]["model"] = self.model.reader_name(boost, self.config.student)
        if truncated:
            page.summary["slant"]["truncated_at_words"] = self.config.max_words
        return page


class _Voices:
    """Whose voice a place in the article is: insertion, own, wire, attributed or quoted."""

    def __init__(self, page: Page, quotes: list[tuple[int, int]], sentences: list[tuple[int, int]]) -> None:
        self.page = page
        self.sentences = sentences
        self._starts = [start for start, _ in sentences]
        self.insertions = [(b.start, b.end) for b in page.blocks_of(BlockType.INSERTION)]
        wire = any(b.attrs.get("agency") for b in page.blocks_of(BlockType.DATELINE, BlockType.CREDIT))
        self.wire_paragraphs = [(b.start, b.end) for b in page.blocks_of(BlockType.PARAGRAPH)] if wire else []
        self.quotes = quotes

    def _base(self, start: int, end: int) -> str:
        if any(a <= start < b for a, b in self.insertions):
            return "insertion"
        if is_attributed(self.page.text[start:end]):
            return "attributed"
        if any(a <= start < b for a, b in self.wire_paragraphs):
            return "wire"
        return "own"

    def of_span(self, start: int) -> str:
        if any(a <= start < b for a, b in self.quotes):
            return "quoted"
        index = bisect.bisect_right(self._starts, start) - 1
        sentence_start, sentence_end = self.sentences[index] if index >= 0 else (start, start + 1)
        return self._base(sentence_start, sentence_end)

    def of_sentence(self, start: int, end: int) -> str:
        inside = sum(max(0, min(end, b) - max(start, a)) for a, b in self.quotes)
        if inside * 2 > end - start:
            return "quoted"
        return self._base(start, end)


def _clip(phrase: str, limit: int = 80) -> str:
    return phrase if len(phrase) <= limit else phrase[: limit - 1] + "…"


def _summary(analysis: Analysis, counted: list[tuple[str, str]], voices: _Voices) -> dict[str, Any]:
    words_by_voice: Counter[str] = Counter()
    for sentence in analysis.sentences:
        voice = voices.of_sentence(sentence.start, sentence.end)
        words_by_voice[voice] += word_count(voices.page.text, sentence.start, sentence.end)
    total_words = sum(words_by_voice.values())
    by_voice: dict[str, Any] = {}
    for voice in VOICES:
        techniques = Counter(t for t, v in counted if v == voice)
        words = words_by_voice.get(voice, 0)
        if not words and not techniques:
            continue
        by_voice[voice] = {
            "words": words,
            "spans": sum(techniques.values()),
            "per_1000_words": _density(sum(techniques.values()), words),
            "techniques": dict(techniques.most_common()),
        }
    own_spans = sum(1 for _, v in counted if v in OWN_VOICES)
    own_words = sum(words_by_voice.get(v, 0) for v in OWN_VOICES)
    ranked = Counter(t for t, _ in counted).most_common()
    flagged = [s for s in analysis.sentences if s.score >= 0.5]
    return {
        "words": total_words,
        "spans": len(counted),
        "per_1000_words": _density(len(counted), total_words),
        "own_voice_per_1000_words": _density(own_spans, own_words),
        "techniques": [{"technique": t, "count": n, "share": round(n / len(counted), 4)} for t, n in ranked],
        "by_voice": by_voice,
        "sentences": len(analysis.sentences),
        "propaganda_sentences": len(flagged),
        "mean_sentence_score": round(sum(s.score for s in analysis.sentences) / len(analysis.sentences), 4)
        if analysis.sentences
        else 0.0,
    }


def _density(count: int, words: int) -> float:
    return round(1000 * count / words, 2) if words else 0.0
