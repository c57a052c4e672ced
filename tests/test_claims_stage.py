"""The claims stage on the canonical page and on small written pages, and ``newsaudit claims``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsaudit.cli import main
from newsaudit.page import BlockType, Page
from newsaudit.stages.claims import ClaimsConfig, ClaimsStage


def _claims(page: Page, kind: str) -> list:
    return [f for f in page.findings if f.stage == "claims" and f.kind == kind]


def test_every_quoted_official_is_found_with_the_right_speaker(canonical_page: Page) -> None:
    speakers: dict = {}
    for f in _claims(canonical_page, "attribution"):
        speakers.setdefault(f.attrs["speaker"], f)  # each speaker's first attribution
    for name in ("Major-General Igor Konashenkov", "Army Colonel Ryan Dillon", "Colonel-General Sergei Rudskoi"):
        assert name in speakers, sorted(s for s in speakers if s)
        assert speakers[name].label == "named"
    dillon = speakers["Army Colonel Ryan Dillon"]
    assert dillon.attrs["role"] == "a Baghdad-based spokesman for the U.S.-led coalition"
    assert dillon.attrs["form"] == "direct"
    quote = "".join(c["text"] for c in dillon.attrs["content"])
    assert "face-to-face discussion" in quote
    # a quote that runs on into the next paragraph stays its speaker's
    konashenkov = " ".join(c["text"] for c in speakers["Major-General Igor Konashenkov"].attrs["content"])
    assert "Fire points in those areas will be immediately suppressed" in konashenkov


def test_the_ministry_is_the_russian_defence_ministry(canonical_page: Page) -> None:
    text = canonical_page.text
    at = text.index("The ministry, in a Wednesday evening statement")
    found = [f for f in _claims(canonical_page, "attribution") if f.start <= at + 20 and at < f.end]
    assert found and found[0].attrs["speaker"] == "Russian Defence Ministry"
    assert found[0].label == "organisation"


def test_the_anonymous_official_is_flagged_as_anonymous(canonical_page: Page) -> None:
    text = canonical_page.text
    at = text.index("A U.S. military official, speaking on condition of anonymity")
    flags = [f for f in _claims(canonical_page, "vague_sourcing") if f.start <= at + 5 < f.end]
    assert [f.label for f in flags] == ["anonymous_official"]
    summary = canonical_page.summary["claims"]
    assert summary["anonymous_attributions"] >= 1
    assert summary["sourcing"]["anonymous_official"] >= 1


def test_the_inserted_lead_is_reported_as_unattributed_assertion(canonical_page: Page) -> None:
    insertions = canonical_page.blocks_of(BlockType.INSERTION)
    assert len(insertions) == 3
    flagged = _claims(canonical_page, "unattributed_assertion")
    for block in insertions:
        assert any(block.start <= f.start < block.end for f in flagged), canonical_page.slice(block)[:60]
    # wire copy is the agency's voice, not the page's: none of its sentences is called unattributed
    wire = [b for b in canonical_page.blocks_of(BlockType.PARAGRAPH)]
    assert not any(b.start <= f.start < b.end for f in flagged for b in wire)


def test_checkworthy_numbers_and_events_rank_first(canonical_page: Page) -> None:
    top = canonical_page.summary["claims"]["top_claims"]
    assert len(top) == 10
    assert top == sorted(top, key=lambda c: -c["score"])
    leading = " ".join(c["text"] for c in top[:5])
    assert "29 Russian military policemen" in leading
    assert "100 km" in leading
    # the comment thread is not the article: no claim comes from it
    first_comment = min(c.start for c in canonical_page.comments)
    assert all(c["end"] <= first_comment for c in top)


def test_summary_counts_agree_with_the_findings(canonical_page: Page) -> None:
    summary = canonical_page.summary["claims"]
    attributions = _claims(canonical_page, "attribution")
    assert summary["attributions"] == len(attributions)
    assert summary["checkworthy_claims"] == len(_claims(canonical_page, "checkworthy_claim"))
    assert summary["unattributed_assertions"] == len(_claims(canonical_page, "unattributed_assertion"))
    assert 0.3 < summary["attributed_share"] < 0.95
    assert sum(summary["sourcing"].values()) == len(attributions)
    assert summary["speakers"][0]["attributions"] >= summary["speakers"][-1]["attributions"]


def test_offsets_point_at_the_words_they_name(canonical_page: Page) -> None:
    text = canonical_page.text
    for f in _claims(canonical_page, "attribution"):
        for role in ("source", "cue", "content"):
            for span in f.attrs[role]:
                assert text[span["start"] : span["end"]] == span["text"]
                assert f.start <= span["start"] <= span["end"] <= f.end


PAGE = (
    "Officials warn of record flood\n\n"
    "Floodwaters rose to a record 9.2 metres in the city on Sunday, forcing 4,000 people from their homes.\n\n"
    "“We have never seen anything like this,” said Mayor Ana Ruiz. She said the dam would hold.\n\n"
    "Sources close to the council say the warning came too late. It is widely believed that the levees were "
    "neglected for years.\n"
)


def test_written_page_pronoun_crowds_and_weasels() -> None:
    page = ClaimsStage()(Page(text=PAGE))
    attributions = _claims(page, "attribution")
    ruiz = [f for f in attributions if f.attrs["speaker"] == "Mayor Ana Ruiz"]
    assert len(ruiz) == 2, [(f.attrs["speaker"], f.attrs["resolved"]) for f in attributions]
    assert {f.attrs["resolved"] for f in ruiz} >= {"pronoun"}
    vague = {f.label: page.text[f.start : f.end] for f in _claims(page, "vague_sourcing")}
    assert vague.get("unnamed_source", "").startswith("Sources")
    assert vague.get("weasel") == "It is widely believed"
    own = [page.text[f.start : f.end] for f in _claims(page, "unattributed_assertion")]
    assert any(s.startswith("Floodwaters rose") for s in own)
    assert not any("never seen" in s for s in own)


def test_text_without_attribution_has_none() -> None:
    page = ClaimsStage()(Page(text="The sun rose over the hills. It was a quiet morning in the valley.\n"))
    assert _claims(page, "attribution") == []
    assert page.summary["claims"]["attributions"] == 0
    assert page.summary["claims"]["attributed_share"] == 0.0


def test_empty_page_and_truncation() -> None:
    assert ClaimsStage()(Page(text="")).summary["claims"]["words"] == 0
    page = ClaimsStage(ClaimsConfig(max_words=5))(Page(text="One two three four five six seven eight nine."))
    assert page.summary["claims"]["truncated_at_words"] == 5
    assert page.summary["claims"]["words"] == 5


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="method"):
        ClaimsStage(ClaimsConfig(method="magic"))


# -- the command line -----------------------------------------------------------------------------------------


@pytest.fixture()
def example_file(tmp_path: Path, canonical_text: str) -> Path:
    path = tmp_path / "syria.txt"
    path.write_text(canonical_text, encoding="utf-8")
    return path


def test_cli_claims_page_text(example_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", str(example_file)]) == 0
    out = capsys.readouterr().out
    assert "Who said what" in out and "Army Colonel Ryan Dillon" in out
    assert "Claims most worth checking" in out
    assert "Asserted by the page with no source" in out


def test_cli_claims_page_json(example_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.json"
    assert main(["claims", "--format", "json", str(example_file), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["attributions"] == len(data["attributions"]) > 5
    assert {a["sourcing"] for a in data["attributions"]} >= {"named", "organisation", "anonymous_official"}
    assert data["unattributed_assertions"]


def test_cli_claims_score_keeps_order_and_reports_bad_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                               ) -> None:
    rows = [
        {"id": "a", "text": "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years."},
        {"id": "b", "text": 42},
        {"id": "c", "text": "Thank you all for coming tonight."},
    ]
    path = tmp_path / "sentences.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    assert main(["claims", "score", str(path)]) == 0
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert [r.get("id") for r in out] == ["a", "b", "c", None]
    assert out[0]["label"] == 1 and out[0]["type"] == "number"
    assert out[2]["label"] == 0 and out[0]["score"] > out[2]["score"]
    assert "error" in out[1] and "not a string" in out[1]["error"]
    assert "invalid JSON" in out[3]["error"]
    assert "record 2 (id b)" in captured.err


def test_cli_claims_score_threshold_must_be_a_probability(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["claims", "score", "x.jsonl", "--threshold", "2"])
    assert exit_info.value.code == 2


def test_cli_claims_attributions_writes_brat(tmp_path: Path) -> None:
    from newsaudit.claims.brat import read_ann

    articles = tmp_path / "articles"
    articles.mkdir()
    text = "“We will not back down,” said Army Colonel Ryan Dillon.\r\nThe ministry said 29 people died.\n"
    (articles / "one.txt").write_bytes(text.encode("utf-8"))
    (articles / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "ann"
    assert main(["claims", "attributions", str(articles), "--out", str(out), "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["empty.ann", "one.ann"]
    found = read_ann(out / "one.ann")
    assert found, (out / "one.ann").read_text()
    cue = found[0].cue
    assert cue is not None and text[cue[0].start : cue[0].end] == "said"
    assert (out / "empty.ann").read_text() == ""


def test_cli_claims_attributions_needs_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "attributions", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 1
    assert "not a directory" in capsys.readouterr().err


def test_reports_carry_the_claims(canonical_page: Page) -> None:
    from newsaudit.report.html import render_html
    from newsaudit.report.json_report import to_json, validate
    from newsaudit.report.text import render_text

    validate(json.loads(to_json(canonical_page)))  # the schema and every span inside the text
    text = render_text(canonical_page)
    claims_line = next(line for line in text.splitlines() if line.startswith("claims: "))
    assert "attributions" in claims_line and "anonymous" in text
    html = render_html(canonical_page)
    assert ">Claims<" in html and "asserted with no source" in html


def test_claims_text_shows_control_and_bidi_characters_instead_of_obeying_them() -> None:
    from newsaudit.report.claims_view import claims_text

    text = ("Council vote\n\n“The budget will rise by 40 percent next year,” said Mayor Ana\u202e Ruiz.\x1b[2J\n\n"
            "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years.\n")
    out = claims_text(ClaimsStage()(Page(text=text)))
    assert "\u202e" not in out and "\x1b" not in out
    assert "Who said what" in out and "Ruiz" in out
    assert all(len(line) <= 100 for line in out.splitlines())
