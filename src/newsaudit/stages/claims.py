"""Claims stage: who said what, how the page sources it, and which of its claims are worth checking.

Runs over the article (title, paragraph and insertion blocks the anatomy stage typed; the whole text when
there are none). Three readings, each a kind of finding:

- ``attribution``: a source, a cue and a content span (the PolNeAR scheme: "Dillon" / "said" / what he
  said), the source resolved to the fullest mention on the page and its role, labelled with how it is
  sourced (``claims/sourcing.py``: named, organisation, anonymous official, unnamed source, vague crowd);
- ``vague_sourcing``: a source no reader can hold to account ("an official speaking on condition of
  anonymity", "critics say", "it is widely believed"), labelled with the kind of vagueness;
- ``checkworthy_claim``: a sentence a fact-checker would want to check, scored by the check-worthiness
  model, with the claim's type where its wording tells and whose voice it is in; and
  ``unattributed_assertion``: such a claim the page makes in its own voice with no source at all.

``summary["claims"]`` says how much of the article is attributed, how many sources are named or not, who
is quoted how often, and the claims most worth checking.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from newsaudit.claims.brat import Attribution, Spans
from newsaudit.claims.claim_types import claim_type
from newsaudit.claims.finder import find_attributions
from newsaudit.claims.sourcing import (
    ANONYMOUS_KINDS,
    UNSOURCED_KINDS,
    classify_source,
    find_vague_sourcing,
    readable,
)
from newsaudit.claims.speakers import Speaker, resolve_speaker
from newsaudit.models.checkworthy_model import CheckworthyModel, default_checkworthy_model
from newsaudit.page import BlockType, Finding, Page
from newsaudit.slant.text import clip_regions, quoted_regions, runs_of, sentence_spans, word_count

#: Double quotation marks: single ones are also apostrophes, so they do not make a content a quotation.
_QUOTE_MARKS = "“”\"«»"
#: Voices a sentence may be in, as the slant stage names them, and "headline"; "own" and "insertion" are the
#: page's own. A headline's claims are its story's, so a headline is not called an unattributed assertion.
OWN_VOICES = ("own", "insertion")
_VOICE_NOTE = {
    "headline": "in the headline",
    "insertion": "in text the page added around copied material",
    "own": "in the page's own voice",
    "wire": "in the wire agency's voice",
    "attributed": "attributed to a source",
    "quoted": "inside a quotation",
}


@dataclass
class ClaimsConfig:
    """The ``claims`` stage: who said what (attributions and their sources) and the sentences worth checking."""

    #: how attributions are found: "model" (the tagger trained on PolNeAR; rules when it is not installed)
    #: or "rules"
    method: str = "model"
    #: sentences scoring at or above this are check-worthy; None: the model's own threshold
    checkworthy_threshold: float | None = None
    #: read check-worthiness with the shipped blend of the hashed head and the packaged MiniLM (where installed):
    #: ClaimBuster F1 0.787 against 0.756 for the hashed head alone, at about ten times the cost
    #: (docs/eval/checkworthy.md); False: the hashed head alone (``--no-booster``, or ``NEWSAUDIT_SLANT_BOOSTER=0``
    #: where the edges read the environment, as for the slant stage's booster: ``settings.py``)
    minilm: bool = True
    #: MiniLM reads only sentences the hashed head scores at least this: on 60 FakeNewsCorpus pages that is 63%
    #: of sentences, and 99.7% of the check-worthy decisions are the full blend's
    minilm_gate: float = 0.1
    #: check-worthy claims listed in the summary, best first
    top_claims: int = 10
    #: only the first this many words of an article are read (the summary says when the cut happened)
    max_words: int = 60_000


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    voice: str
    speaker: str | None


class ClaimsStage:
    name = "claims"

    def __init__(self, config: ClaimsConfig | None = None, model: CheckworthyModel | None = None) -> None:
        self.config = config or ClaimsConfig()
        if self.config.method not in ("model", "rules"):
            raise ValueError(f"ClaimsConfig.method must be 'model' or 'rules', not {self.config.method!r}")
        self._model = model

    @property
    def model(self) -> CheckworthyModel:
        """Loaded on first use, so building a pipeline stays cheap."""
        if self._model is None:
            self._model = default_checkworthy_model()
        return self._model

    @property
    def reader(self) -> CheckworthyModel:
        """The model as the config reads it: the shipped blend, or its hashed head alone."""
        model = self.model
        return model if self.config.minilm or not model.needs_minilm else model.as_hashed()

    @property
    def threshold(self) -> float:
        configured = self.config.checkworthy_threshold
        return float(self.reader.threshold if configured is None else configured)

    def checkworthiness(self, sentences: list[str]) -> np.ndarray:
        """P(check-worthy) per sentence; MiniLM reads only those the hashed head does not rule out."""
        reader = self.reader
        if not reader.needs_minilm or not sentences:
            return reader.scores(sentences)
        scores = reader.as_hashed().scores(sentences)
        read = np.flatnonzero(scores >= self.config.minilm_gate)
        if len(read):
            scores[read] = reader.scores([sentences[i] for i in read])
        return scores

    def __call__(self, page: Page) -> Page:
        regions, _, truncated = clip_regions(page.text, page.article_regions(), self.config.max_words)
        attributions = self._attributions(page, regions)
        vague = self._vague_sourcing(page, regions, attributions)
        claims = self._claims(page, regions, attributions)
        page.summary["claims"] = _summary(page, regions, attributions, vague, claims, self.config.top_claims)
        if truncated:
            page.summary["claims"]["truncated_at_words"] = self.config.max_words
        return page

    # -- attributions -----------------------------------------------------
    def _attributions(self, page: Page, regions: list[tuple[int, int]]) -> list[Finding]:
        found = []
        for start, end in runs_of(page.text, regions):
            here = find_attributions(page.text, start, end, method=self.config.method)
            if self.config.method == "model" and any(not a.source for a in here):
                here = _sources_from_rules(here, find_attributions(page.text, start, end, method="rules"))
            found.extend(here)
        found.sort(key=lambda a: a.anchor)
        spoken: list[tuple[Speaker, str]] = []  # the speakers so far and how each is sourced
        findings: list[Finding] = []
        datelines = [(b.start, b.end) for b in page.blocks_of(BlockType.DATELINE)]
        for attribution in found:
            source, cue, content = _spans(attribution.source), _spans(attribution.cue), _spans(attribution.content)
            source = _outside(page.text, source, datelines)  # "MOSCOW (Reuters) - Russia warned": Russia spoke
            if not cue:
                continue
            every = source + cue + content
            start, end = min(s for s, _ in every), max(e for _, e in every)
            sentence = _sentence_around(page.text, start, end)
            speaker, kind = self._speaker(page.text, source, cue[0][0], sentence, spoken)
            if speaker is None and findings and _same_sentence(page.text, findings[-1].end, cue[0][0]):
                # "..., said Army Colonel Ryan Dillon, adding it appeared ...": the adding is Dillon's too
                last = findings[-1].attrs
                if last["speaker"] is not None:
                    speaker, kind = spoken[-1][0], last["sourcing"]
            if kind in UNSOURCED_KINDS or (speaker is not None and speaker.name.lower() == "it"):
                # "It is widely believed that ...", "Some argue ...": the phrase says how vague the source is
                weasel = next((v for v in find_vague_sourcing(page.text, start, end)
                               if any(v.start < e and s < v.end for s, e in source + cue)), None)
                if weasel is not None:
                    speaker, kind = (None if weasel.kind == "weasel" else speaker), weasel.kind
            if speaker is not None:
                spoken.append((speaker, kind))
            form = _form(page.text, content)
            name = speaker.full if speaker is not None else "no one the page names"
            cue_text = " ".join(page.text[cue[0][0] : cue[-1][1]].split())
            findings.append(page.add_finding(Finding(
                start=start, end=end, stage=self.name, kind="attribution", label=kind, score=1.0,
                reason=f"{form} speech attributed to {name} (“{cue_text}”): {readable(kind)}",
                attrs={
                    "source": _span_dicts(page.text, source),
                    "cue": _span_dicts(page.text, cue),
                    "content": _span_dicts(page.text, content),
                    "speaker": speaker.name if speaker is not None else None,
                    "role": speaker.role if speaker is not None else None,
                    "speaker_full": speaker.full if speaker is not None else None,
                    "resolved": speaker.how if speaker is not None else None,
                    "sourcing": kind,
                    "form": form,
                },
            )))
        return findings

    def _speaker(
        self, text: str, source: list[tuple[int, int]], cue: int, sentence: str, spoken: list[tuple[Speaker, str]]
    ) -> tuple[Speaker | None, str]:
        """The source's speaker, resolved, and how it is sourced (a pronoun: as its antecedent is)."""
        if not source:
            return None, "unstated"
        # of a discontinuous source ("MOSCOW (Reuters) - Russia warned"), the part nearest its cue is the speaker
        start, end = min(source, key=lambda span: min(abs(span[0] - cue), abs(span[1] - cue)))
        written = text[start:end]
        previous = [speaker for speaker, _ in spoken]
        probe = resolve_speaker(text, start, end, previous, person=False)
        if probe.how == "pronoun":  # sourced as its antecedent is
            return probe, spoken[-1][1] if spoken and spoken[-1][0].name == probe.name else classify_source(probe.name)
        phrase = probe.name if probe.how == "definite description" else written
        kind = classify_source(phrase, sentence)
        if kind == "named":
            return resolve_speaker(text, start, end, previous, person=True), kind
        return probe, kind

    def _vague_sourcing(self, page: Page, regions: list[tuple[int, int]], attributions: list[Finding]) -> list[Finding]:
        findings = []
        for attribution in attributions:
            if attribution.label not in ANONYMOUS_KINDS or attribution.label == "weasel":
                continue  # a weasel frame has no source: the phrase itself is flagged below
            source = attribution.attrs["source"]
            start, end = (source[0]["start"], source[-1]["end"]) if source else (attribution.start, attribution.end)
            findings.append(page.add_finding(Finding(
                start=start, end=end, stage=self.name, kind="vague_sourcing", label=attribution.label, score=1.0,
                reason=f"sourced to {readable(attribution.label)}: “{_clip(page.text[start:end])}”",
                attrs={"attribution": [attribution.start, attribution.end]},
            )))
        covered = [(f.start, f.end) for f in findings]
        for start, end in regions:
            for phrase in find_vague_sourcing(page.text, start, end):
                if any(a < phrase.end and phrase.start < b for a, b in covered):
                    continue
                covered.append((phrase.start, phrase.end))
                findings.append(page.add_finding(Finding(
                    start=phrase.start, end=phrase.end, stage=self.name, kind="vague_sourcing", label=phrase.kind,
                    score=1.0, reason=f"sourced to {readable(phrase.kind)}: “{phrase.text}”", attrs={},
                )))
        return findings

    # -- check-worthy claims ----------------------------------------------
    def _claims(self, page: Page, regions: list[tuple[int, int]], attributions: list[Finding]) -> list[Finding]:
        spans = [(s, e) for start, end in regions for s, e in sentence_spans(page.text, start, end)]
        if not spans:
            return []
        voices = _Voices(page, regions, attributions)
        read = [voices.of_sentence(s, e) for s, e in spans]
        scores = self.checkworthiness([" ".join(page.text[s:e].split()) for s, e in spans])
        threshold = self.threshold
        findings = []
        for sentence, score in zip(read, scores, strict=True):
            if score < threshold:
                continue
            text = page.text[sentence.start : sentence.end]
            kind = claim_type(text, quoted=sentence.voice in ("quoted", "attributed"))
            whose = f", by {sentence.speaker}" if sentence.speaker else ""
            findings.append(page.add_finding(Finding(
                start=sentence.start, end=sentence.end, stage=self.name, kind="checkworthy_claim",
                label=kind or "claim", score=round(float(score), 4),
                reason=f"a {kind + ' ' if kind else ''}claim worth checking ({_VOICE_NOTE[sentence.voice]}{whose})",
                attrs={"voice": sentence.voice, "type": kind, "speaker": sentence.speaker},
            )))
            if sentence.voice in OWN_VOICES:
                page.add_finding(Finding(
                    start=sentence.start, end=sentence.end, stage=self.name, kind="unattributed_assertion",
                    label=sentence.voice, score=round(float(score), 4),
                    reason=f"the page asserts this {kind + ' claim' if kind else 'claim'} itself, with no source "
                    f"({_VOICE_NOTE[sentence.voice]})",
                    attrs={"voice": sentence.voice, "type": kind},
                ))
        return findings


def _sources_from_rules(found: list[Attribution], ruled: list[Attribution]) -> list[Attribution]:
    """The tagger's attributions, each one with no source given the source the rules found at the same cue.

    The tagger finds cues and contents better than the rules but misses a third of the sources ("The ministry,
    in a Wednesday evening statement, said ..."); where a reporting verb and its subject are plain, the rules
    see them.
    """
    out = []
    for attribution in found:
        if not attribution.source and attribution.cue:
            cue = attribution.cue
            match = next((r for r in ruled if r.source and r.cue
                          and any(a.overlaps(b) for a in r.cue for b in cue)), None)
            if match is not None:
                attribution = replace(attribution, source=match.source)
        out.append(attribution)
    return out


class _Voices:
    """Whose voice a sentence is in: insertion, own, wire, attributed (an attribution covers it) or quoted."""

    def __init__(self, page: Page, regions: list[tuple[int, int]], attributions: list[Finding]) -> None:
        self.insertions = [(b.start, b.end) for b in page.blocks_of(BlockType.INSERTION)]
        self.titles = [(b.start, b.end) for b in page.blocks_of(BlockType.TITLE)]
        wire = any(b.attrs.get("agency") for b in page.blocks_of(BlockType.DATELINE, BlockType.CREDIT))
        self.wire = [(b.start, b.end) for b in page.blocks_of(BlockType.PARAGRAPH)] if wire else []
        self.quotes = sorted(q for start, end in regions for q in quoted_regions(page.text, start, end))
        self._quote_starts = [a for a, _ in self.quotes]
        self._quote_reach = list(itertools.accumulate((b for _, b in self.quotes), max))  # the furthest end so far
        # an attribution with no source, or one that is neither a name nor marked anonymous, does not take a
        # claim out of the page's own voice: "a general met his counterpart to warn him" is the page's claim
        sourced = [f for f in attributions if f.label not in UNSOURCED_KINDS]
        self.attributions = sorted(sourced, key=lambda f: f.start)
        self._starts = [f.start for f in self.attributions]

    def of_sentence(self, start: int, end: int) -> _Sentence:
        covering = self._attribution_over(start, end)
        speaker = covering.attrs.get("speaker_full") if covering is not None else None
        # only quotes that may overlap the sentence: those before end before it starts, those after start after it
        near = self.quotes[bisect.bisect_right(self._quote_reach, start) : bisect.bisect_left(self._quote_starts, end)]
        inside = sum(max(0, min(end, b) - max(start, a)) for a, b in near)
        if inside * 2 > end - start:
            return _Sentence(start, end, "quoted", speaker)
        if covering is not None:
            return _Sentence(start, end, "attributed", speaker)
        if any(a <= start < b for a, b in self.insertions):
            return _Sentence(start, end, "insertion", None)
        if any(a <= start < b for a, b in self.titles):
            return _Sentence(start, end, "headline", None)
        if any(a <= start < b for a, b in self.wire):
            return _Sentence(start, end, "wire", None)
        return _Sentence(start, end, "own", None)

    def _attribution_over(self, start: int, end: int) -> Finding | None:
        """The attribution covering most of the sentence (half of it at least)."""
        index = bisect.bisect_right(self._starts, end)
        best, best_overlap = None, 0
        for finding in self.attributions[max(0, index - 8) : index]:
            overlap = min(end, finding.end) - max(start, finding.start)
            if overlap > best_overlap:
                best, best_overlap = finding, overlap
        return best if best is not None and best_overlap * 2 >= end - start else None


def _summary(
    page: Page,
    regions: list[tuple[int, int]],
    attributions: list[Finding],
    vague: list[Finding],
    claims: list[Finding],
    top: int,
) -> dict[str, Any]:
    words = sum(word_count(page.text, start, end) for start, end in regions)
    attributed = _merged([(f.start, f.end) for f in attributions])
    attributed_words = sum(word_count(page.text, start, end) for start, end in attributed)
    kinds = Counter(f.label for f in attributions)
    anonymous = sum(n for kind, n in kinds.items() if kind in ANONYMOUS_KINDS)
    quoted: Counter[tuple[str, str | None, str]] = Counter()
    for f in attributions:
        if f.attrs["speaker"] is not None:
            quoted[(f.attrs["speaker"], f.attrs["role"], f.label)] += 1
    speakers = [
        {"name": name, "role": role, "sourcing": kind, "attributions": n}
        for (name, role, kind), n in sorted(quoted.items(), key=lambda item: (-item[1], item[0][0]))
    ]
    ranked = sorted(claims, key=lambda f: -f.score)[:top]
    return {
        "words": words,
        "attributions": len(attributions),
        "attributed_share": round(attributed_words / words, 4) if words else 0.0,
        "sourcing": dict(kinds.most_common()),
        "named_sources": sum(1 for s in speakers if s["sourcing"] in ("named", "organisation")),
        "anonymous_attributions": anonymous,
        "anonymous_rate": round(anonymous / len(attributions), 4) if attributions else 0.0,
        "vague_sourcing": len(vague),
        "speakers": speakers,
        "checkworthy_claims": len(claims),
        "unattributed_assertions": sum(1 for f in claims if f.attrs["voice"] in OWN_VOICES),
        "top_claims": [
            {"start": f.start, "end": f.end, "text": " ".join(page.text[f.start : f.end].split()), "score": f.score,
             "type": f.attrs["type"], "voice": f.attrs["voice"], "speaker": f.attrs["speaker"]}
            for f in ranked
        ],
    }


def _spans(part: Spans | None) -> list[tuple[int, int]]:
    """An attribution's role (None, or its spans) as ``[(start, end), ...]`` in text order."""
    return sorted((span.start, span.end) for span in part or ())


def _outside(text: str, spans: list[tuple[int, int]], cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` without the characters of ``cut`` (and the spaces left at their edges)."""
    out = []
    for start, end in spans:
        pieces = [(start, end)]
        for a, b in cut:
            pieces = [p for s, e in pieces for p in ((s, min(e, a)), (max(s, b), e)) if p[1] > p[0]]
        for s, e in pieces:
            while s < e and not text[s].isalnum():
                s += 1
            while e > s and not (text[e - 1].isalnum() or text[e - 1] in ".)’'"):
                e -= 1
            if e > s:
                out.append((s, e))
    return out


def _span_dicts(text: str, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    return [{"start": s, "end": e, "text": text[s:e]} for s, e in spans]


def _form(text: str, content: list[tuple[int, int]]) -> str:
    """direct (the content is a quotation), mixed (it quotes part) or indirect (it quotes none)."""
    if not content:
        return "indirect"
    start, end = content[0][0], content[-1][1]
    body = text[start:end]
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    marks = sum(body.count(m) for m in _QUOTE_MARKS)
    if any(m in before for m in "“\"«") and any(m in after or m in body[-2:] for m in "”\"»"):
        return "direct"
    if body[:1] in "“\"«" and body.rstrip(" .,")[-1:] in "”\"»":
        return "direct"
    return "mixed" if marks >= 2 else "indirect"


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [p for p in (text.find(". ", end), text.find("\n", end)) if p >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left:right]


def _same_sentence(text: str, start: int, end: int) -> bool:
    """No sentence ends between ``start`` and ``end`` (a full stop before a space, or a line break)."""
    between = text[start:end] if end >= start else ""
    return "\n" not in between and not re.search(r"[.!?][\"”’]?\s", between)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _clip(phrase: str, limit: int = 80) -> str:
    phrase = " ".join(phrase.split())
    return phrase if len(phrase) <= limit else phrase[: limit - 1] + "…"
