"""The own-voice estimate: style rates, seam decoding, the stage on pages without a dateline, its training pages."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsaudit.models.voice_model import default_voice_model
from newsaudit.page import Finding, Page
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.provenance.voice import FEATURES, boundaries, page_features, paragraph_style
from newsaudit.report.json_report import to_json, validate
from newsaudit.report.verdict import provenance_verdict
from newsaudit.stages.provenance import ProvenanceConfig
from newsaudit.training.voice_data import _pieces, _ptc_paragraphs, make_pages

LEAD_START = "The United States’ highly illegal operations"
REUTERS_START = "Russia warned the United States on Thursday"


def _strip_wire_marks(text: str) -> str:
    """The canonical page as a crawl that lost the agency dateline and the byline: no seam for anatomy."""
    return text.replace("MOSCOW/WASHINGTON (Reuters) – ", "").replace("Andrew Osborn, Phil Stewart", "")


def _audit(text: str, estimate_voice: bool = True) -> Page:
    config = PipelineConfig(
        stages=("anatomy", "provenance"),
        stage_config={"provenance": ProvenanceConfig(archive=None, estimate_voice=estimate_voice)},
    )
    return Pipeline(config).audit(text)


def _estimates(page: Page) -> list[Finding]:
    return [f for f in page.findings if f.kind == "unattributed_insertion" and f.label.startswith("style_")]


# -- style rates -----------------------------------------------------------------------------------


def test_style_counts_the_page_voice_outside_quotes() -> None:
    own = paragraph_style("We must stop this so-called “peace plan”. Our leaders are clearly corrupt traitors!")
    report = paragraph_style(
        "The ministry said on Tuesday that 12 soldiers were killed, according to a U.S. official. "
        '"We will respond," Defence Minister Sergei Shoigu told reporters in Moscow.'
    )
    assert own["first_person"] > 0 and report["first_person"] == 0  # "We" inside the quotation is not the page's
    assert report["attributed"] == 1.0 and own["attributed"] == 0.0
    assert own["cue_label"] > 0 and own["cue_loaded"] > 0 and own["modal"] > 0 and own["exclamations"] > 0
    assert own["scare_quotes"] > 0 and report["scare_quotes"] == 0
    assert report["numbers"] > 0 and report["time"] > 0 and report["quoted"] > 0.1
    assert paragraph_style("The US said on Monday.")["first_person"] == 0  # the country, not "us"


def test_page_features_contrast_each_paragraph_with_the_page_median() -> None:
    x = page_features(["He said so, officials said.", "She said it, he told reporters.", "We know the truth."])
    assert x.shape == (3, len(FEATURES))
    column = FEATURES.index("attributed_vs_page")
    assert list(x[:, column]) == [0.0, 0.0, -1.0]


# -- seam decoding -----------------------------------------------------------------------------------


def test_boundaries_find_a_lead_and_leave_the_body() -> None:
    voice = boundaries([0.9, 0.8, 0.1, 0.05, 0.02, 0.1], [40] * 6, threshold=0.3)
    assert (voice.lead, voice.tail) == (2, 0)
    assert voice.lead_score == pytest.approx(0.85)


def test_boundaries_keep_a_weak_paragraph_inside_a_strong_lead() -> None:
    voice = boundaries([0.95, 0.25, 0.9, 0.02, 0.03, 0.01, 0.02], [40] * 7, threshold=0.3)
    assert voice.lead == 3


def test_boundaries_find_a_tail() -> None:
    voice = boundaries([0.05, 0.02, 0.1, 0.03, 0.7], [40] * 5, threshold=0.3)
    assert (voice.lead, voice.tail) == (0, 1)


def test_boundaries_leave_an_opinion_page_whole() -> None:
    scores = [0.9, 0.8, 0.6, 0.7, 0.5, 0.6]
    assert boundaries(scores, [40] * 6, threshold=0.3).lead > 0  # without a body check it cuts
    voice = boundaries(scores, [40] * 6, threshold=0.3, body_max=0.1)
    assert (voice.lead, voice.tail) == (0, 0)


def test_boundaries_keep_a_body_of_reported_copy() -> None:
    voice = boundaries([0.9, 0.9, 0.9, 0.1, 0.1], [100, 100, 100, 30, 30], threshold=0.3)
    assert voice.lead < 3  # the lead may not swallow 60%+ of the words
    assert boundaries([0.9, 0.1], [40, 40], threshold=0.3).lead == 0  # too short to have a seam


# -- the stage -----------------------------------------------------------------------------------------


def test_stage_hears_the_inserted_lead_when_the_dateline_is_gone(canonical_text: str) -> None:
    text = _strip_wire_marks(canonical_text)
    page = _audit(text)
    summary = page.summary["provenance"]
    assert summary["wire_agency"] is None and summary["voice"]["model"] == "voice-v1"
    leads = [f for f in _estimates(page) if f.label == "style_lead"]
    assert len(leads) == 1
    lead = leads[0]
    assert lead.start == text.index(LEAD_START)
    assert text.index("After the combined forces") < lead.end <= text.index(REUTERS_START)
    assert 0 < lead.score < 1 and lead.attrs["estimated"] is True
    assert "no wire dateline or credit" in lead.reason and "0% of its sentences attributed" in lead.reason
    assert lead.attrs["cues"] and all(cue in lead.reason for cue in lead.attrs["cues"])
    assert "charged words" in " ".join(lead.attrs["cues"])  # "highly illegal", "so called": the lead's tone
    assert any(i["position"] == "style_lead" and i["score"] == lead.score for i in summary["insertions"])
    assert "estimated from style" in provenance_verdict(summary)
    validate(json.loads(to_json(page)))


def test_stage_prefers_anatomy_evidence_when_the_dateline_is_there(canonical_text: str) -> None:
    page = _audit(canonical_text)
    assert page.summary["provenance"]["voice"] is None
    assert not _estimates(page)
    assert [f.label for f in page.findings if f.kind == "unattributed_insertion"] == ["before_dateline"]


def test_stage_estimate_can_be_switched_off(canonical_text: str) -> None:
    page = _audit(_strip_wire_marks(canonical_text), estimate_voice=False)
    assert not _estimates(page) and page.summary["provenance"]["voice"] is None


def test_shipped_model_loads_with_its_decoding_settings() -> None:
    model = default_voice_model()
    assert model.style.features[-1] == "lexical" and len(model.style.features) == len(FEATURES) + 1
    assert 0 < model.threshold < 1 and 0 < model.body_max <= 1
    assert model.lexical.coef.nnz > 1000
    scores = model.scores(["So called experts lie to you!", "He said so on Monday."], page_features(["a b", "c d"]))
    assert scores.shape == (2,) and np.all((scores > 0) & (scores < 1))


# -- training pages ----------------------------------------------------------------------------------


def test_ptc_pieces_use_blank_lines_or_group_sentences() -> None:
    blocks = "One two three.\nFour five.\n\nSix seven.\n\nEight nine.\n\nTen."
    assert len(_pieces(blocks)) == 4
    sentences = "\n".join(f"Sentence {i} has exactly six words." for i in range(12))
    pieces = _pieces(sentences)
    assert 1 < len(pieces) < 12  # grouped to about a news paragraph's length
    assert all(len(sentences[s:e].split()) >= 35 for s, e in pieces[:-1])


def test_ptc_paragraph_is_slanted_only_by_a_span_outside_quotes() -> None:
    text = (
        'He called it "a total disgrace to the whole nation" in his speech today.\n\n'
        "The traitors lied again today, as they always do!\n\nThe vote is due on Friday in the lower house."
    )
    inside = text.index("a total disgrace")
    outside = text.index("traitors")
    paragraphs, slanted = _ptc_paragraphs(text, [("Loaded", inside, inside + 15), ("Name", outside, outside + 8)])
    assert slanted == [False, True, False] and len(paragraphs) == 3


def _write_fixture(root: Path) -> None:
    report = "\n\n".join(
        f"Officials said on Monday that measure {i} would pass, according to a statement from the ministry in "
        f"the capital, where {i * 10} people gathered." for i in range(8)
    )
    for i in range(10):
        folder = root / "polnear" / "data" / "train" / "text"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{i}.txt").write_text(f"Report {i}\n\n{report} Story {i}.", encoding="utf-8")
    ptc = root / "ptc_semeval2020_task11" / "train-articles"
    ptc.mkdir(parents=True)
    labels = []
    for i in range(10):
        body = "\n\n".join(f"The corrupt elites lie to you again and again, paragraph {j} of {i}." for j in range(4))
        text = f"Opinion {i}\n\n{body}\n"
        (ptc / f"article{900 + i}.txt").write_text(text, encoding="utf-8")
        at = text.index("corrupt")
        labels.append(f"{900 + i}\tLoaded_Language\t{at}\t{at + 7}")
    (root / "ptc_semeval2020_task11" / "train-task2-TC.labels").write_text("\n".join(labels) + "\n")


def test_make_pages_mixes_only_one_fold_and_marks_the_seam(tmp_path: Path) -> None:
    _write_fixture(tmp_path)
    pages = make_pages(tmp_path, seed=3)
    assert pages == make_pages(tmp_path, seed=3)  # seeded
    news = [p for p in pages if p.kind != "opinion"]
    assert len(news) == 10 and len([p for p in pages if p.kind == "opinion"]) == 10
    for page in news:
        assert len(page.own) == len(page.paragraphs)
        own_text = [p for p, own in zip(page.paragraphs, page.own, strict=True) if own]
        assert all("corrupt elites" in p for p in own_text)
        assert all("Officials said" in p for p, own in zip(page.paragraphs, page.own, strict=True) if not own)
        assert [page.text[s:e] for s, e in page.own_spans()] == own_text
        assert ("lead" in page.kind) == page.own[0] and ("tail" in page.kind) == page.own[-1]
