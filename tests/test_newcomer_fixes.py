"""What a first-time user hit (shared/reports/newcomer-readme-2026-12-03.md), held fixed.

One vocabulary for techniques and for insertion counts, comment flags that quote their words, the site page
(page counts, few-page sites, estimates apart, priors first, "no data"), where `sites` finds its priors, the
CLI (examples in --help, a subcommand's own usage, --no-booster, the booster line, no Python class names,
propaganda's progress line) and the README and schema docs against the code.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

import newsaudit
from newsaudit import cli
from newsaudit.batch.records import Record
from newsaudit.batch.runner import BatchConfig, StageSettings, run_batch
from newsaudit.errors import describe, json_type
from newsaudit.moderation.moderate import Evidence, Flag, Moderation
from newsaudit.page import SCHEMA_VERSION, BlockType, Finding, Page
from newsaudit.pipeline import audit
from newsaudit.report.text import render_text
from newsaudit.report.verdict import anatomy_verdict, provenance_verdict, slant_verdict
from newsaudit.slant.techniques import NAMES, TECHNIQUES, readable
from newsaudit.stages.comments import CommentsStage
from newsaudit.stages.slant import SlantConfig, SlantStage

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def quick_page(canonical_text: str) -> Page:
    """The canonical page through the Python API without the booster."""
    return audit(canonical_text, booster=False, name="page.txt")


# -- one vocabulary for techniques ------------------------------------------------------------------------------


def test_every_technique_has_a_reader_name() -> None:
    assert set(NAMES) == set(TECHNIQUES)
    assert readable("Name_Calling,Labeling") == "Name calling / labelling"
    assert readable("Appeal_to_fear-prejudice") == "Appeal to fear / prejudice"
    assert readable("Whataboutism,Straw_Men,Red_Herring") == "Whataboutism / straw man / red herring"
    assert all("_" not in name and "," not in name for name in NAMES.values())
    assert readable("New_Technique,Other") == "New technique / other"  # an unknown label still reads as words


def test_terminal_report_names_techniques_and_the_json_keeps_the_ids(quick_page: Page) -> None:
    techniques = {f.label for f in quick_page.findings if f.kind == "propaganda"}
    assert techniques and techniques <= set(TECHNIQUES)  # machine fields keep the PTC ids
    assert {t["technique"] for t in quick_page.summary["slant"]["techniques"]} <= set(TECHNIQUES)
    text = render_text(quick_page)
    # ("Repetition" reads the same as its id, so it alone may appear)
    assert not [t for t in TECHNIQUES if t in text and readable(t) != t], "a raw PTC id reached the terminal"
    slant_line = slant_verdict(quick_page.summary["slant"])
    top = quick_page.summary["slant"]["techniques"][0]
    assert f"{readable(top['technique'])} ({top['count']})" in slant_line
    reasons = [f.reason for f in quick_page.findings if f.kind == "propaganda"]
    assert all(r.startswith(tuple(NAMES.values())) for r in reasons)


def test_python_api_takes_booster(quick_page: Page) -> None:
    assert quick_page.summary["slant"]["model"] == "n-gram + word vectors"
    from newsaudit import api

    slant = next(s for s in api.default_pipeline(booster=False).stages if isinstance(s, SlantStage))
    assert slant.config.booster is False


def test_dir_of_the_package_shows_only_public_names() -> None:
    names = [n for n in dir(newsaudit) if not n.startswith("__")]
    assert "audit" in names and names == sorted(n for n in newsaudit.__all__ if n != "__version__")
    assert not {"Any", "TYPE_CHECKING", "annotations", "api", "pipeline"} & set(dir(newsaudit))
    assert "__version__" in newsaudit.__all__


# -- one count for insertions -------------------------------------------------------------------------------------


def test_anatomy_and_provenance_lines_count_the_insertion_the_same_way(quick_page: Page) -> None:
    anatomy = anatomy_verdict(quick_page.summary["anatomy"])
    provenance = provenance_verdict(quick_page.summary["provenance"], quick_page)
    assert "3 inserted paragraphs" in anatomy and "editorial insertion" not in anatomy
    words = quick_page.summary["provenance"]["insertions"][0]["words"]
    assert f"1 inserted passage (3 paragraphs, {words} words, title not counted; 12% of the article)" in provenance
    header = render_text(quick_page)
    assert "3 inserted paragraphs" in header and "1 inserted passage (3 paragraphs" in " ".join(header.split())
    # Without the page (as a caller with the summary only has it), the same words without the paragraph count.
    assert f"1 inserted passage ({words} words; 12% of the article)" in provenance_verdict(
        quick_page.summary["provenance"])


def test_archive_line_says_whether_the_title_is_counted() -> None:
    page = Page(text="A title\n\nAdded words here.\n\nCopied words follow here.")
    page.add_block(BlockType.TITLE, 0, 7)
    page.add_block(BlockType.PARAGRAPH, 9, 26)
    facts = {"sources": [{"id": "wire:1", "title": "T", "page_share": 0.5}],
             "inserted": [{"start": 0, "end": 26, "words": 5}], "dropped": [{"start": 0, "end": 3, "words": 15}],
             "reworded": 1, "archive": {"documents": 1}}
    line = provenance_verdict(facts, page)
    assert "against it: 1 passage no source has (5 words, title counted), 1 dropped (15 words), 1 reworded sentence" \
        in line
    facts["inserted"] = [{"start": 9, "end": 26, "words": 3}]
    assert "(3 words, title not counted)" in provenance_verdict(facts, page)


# -- comment flags quote their words, once per span ---------------------------------------------------------------


def _page_with_one_comment(text: str) -> Page:
    page = Page(text=f"Story\n\n{text}")
    from newsaudit.page import Comment

    page.add_comment(Comment("c1", 7, len(page.text)))
    page.add_block(BlockType.COMMENT, 7, len(page.text), comment_id="c1")
    return page


class _StubModerator:
    """The moderation a rule and the model give "should be hanged": both point at the same words."""

    def moderate(self, texts: list[str]) -> list[Moderation]:
        text = texts[0]
        start = text.index("should be hanged")
        end = start + len("should be hanged")
        words = text.index("traitors")
        evidence = [
            Evidence(start, end, text[start:end], 1.0, "lexicon", "call for violence: says someone should be executed"),
            Evidence(start, end, text[start:end], 0.8, "model"),
            Evidence(words, words + 8, "traitors", 0.3, "model"),
        ]
        flag = Flag("violence", 0.97, "reject", evidence, "call to violence 0.97 ≥ 0.95 (reject)")
        return [Moderation("reject", [flag.reason], {"violence": 0.97}, [flag], {}, "none")]


def test_one_flag_per_span_and_label_with_the_words_quoted() -> None:
    page = _page_with_one_comment("These traitors should be hanged tomorrow.")
    stage = CommentsStage()
    stage._moderator = _StubModerator()  # type: ignore[assignment]
    stage(page)
    flags = [f for f in page.findings if f.kind == "comment_flag"]
    assert sorted(page.slice(f) for f in flags) == ["should be hanged", "traitors"]  # the duplicate is merged
    merged = next(f for f in flags if page.slice(f) == "should be hanged")
    assert merged.reason == ("call for violence: says someone should be executed; the model's score rests on the "
                             "same words (“should be hanged”)")
    assert merged.attrs["evidence"] == "lexicon"
    model_only = next(f for f in flags if page.slice(f) == "traitors")
    assert model_only.reason == "call to violence: “traitors” drove the score"
    assert model_only.attrs["evidence"] == "model"


def test_no_comment_flag_on_the_canonical_page_says_only_this_wording(quick_page: Page) -> None:
    flags = [f for f in quick_page.findings if f.kind == "comment_flag"]
    assert flags and not [f for f in flags if "this wording drove the score" in f.reason]
    for f in flags:
        if f.attrs["evidence"] == "model":
            assert f"“{' '.join(quick_page.slice(f).split())}” drove the score" in f.reason
    spans = [(f.start, f.end, f.label) for f in flags]
    assert len(spans) == len(set(spans))


# -- the site page -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def estimate_run(tmp_path_factory: pytest.TempPathFactory, canonical_text: str) -> Path:
    """One site whose page has a wire dateline (an insertion found at it), one whose page lost it (an estimate)."""
    from newsaudit.batch.tables import export_tables

    lost = canonical_text.replace("MOSCOW/WASHINGTON (Reuters) – ", "").replace("Andrew Osborn, Phil Stewart", "")
    out = tmp_path_factory.mktemp("sites") / "run"
    items = [Record("wire", "1", canonical_text, {"domain": "wire-repost.example"}),
             Record("lost", "2", lost, {"domain": "estimate.example"})]
    run_batch(items, out, BatchConfig(workers=1, settings=StageSettings(booster=False)))
    export_tables(out)
    return out


def test_estimates_are_kept_apart_from_insertions_found_at_a_dateline(estimate_run: Path) -> None:
    from newsaudit.batch.sites import render_html, site_profiles

    profiles = {p["site"]: p for p in site_profiles(estimate_run)}
    wire, estimate = profiles["wire-repost.example"], profiles["estimate.example"]
    assert wire["mean_inserted_share"] > 0.05 and wire["mean_estimated_share"] == 0 and wire["estimated_pages"] == 0
    assert estimate["mean_inserted_share"] == 0 and estimate["mean_estimated_share"] > 0.05
    assert estimate["estimated_pages"] == 1
    page = render_html(list(profiles.values()), min_pages=1)
    chart = re.search(r"<figcaption>Sites by share of article words inserted.*?</figure>", page)
    assert chart and "wire-repost.example" in chart.group(0) and "estimate.example</text><rect" in chart.group(0)
    bars = re.findall(r'<text x="[\d.]+" y="\d+">([^<]*)</text>', chart.group(0))
    assert bars[0].endswith("· 1 page") and bars[1] == "0% · 1 page"  # the estimate does not rank the site
    assert f"{estimate['mean_estimated_share']:.0%} · 1 page</td>" in page  # its own column


def test_a_run_exported_before_the_estimate_column_still_profiles(estimate_run: Path, tmp_path: Path) -> None:
    import shutil

    import duckdb

    from newsaudit.batch.sites import site_profiles

    shutil.copy(estimate_run / "results.duckdb", tmp_path / "results.duckdb")
    with duckdb.connect(str(tmp_path / "results.duckdb")) as con:
        con.execute("ALTER TABLE pages DROP COLUMN estimated_inserted_share")
    said: list[str] = []
    profiles = {p["site"]: p for p in site_profiles(tmp_path, warn=said.append)}
    assert profiles["estimate.example"]["mean_estimated_share"] is None
    assert said and "older newsaudit" in said[0]


def test_a_run_exported_before_the_claims_columns_still_profiles(estimate_run: Path, tmp_path: Path) -> None:
    import shutil

    import duckdb

    from newsaudit.batch.sites import site_profiles

    fresh = {p["site"]: p for p in site_profiles(estimate_run)}
    assert 0.0 < fresh["wire-repost.example"]["attributed_share"] < 1.0
    assert fresh["wire-repost.example"]["anonymous_source_rate"] is not None
    shutil.copy(estimate_run / "results.duckdb", tmp_path / "results.duckdb")
    with duckdb.connect(str(tmp_path / "results.duckdb")) as con:
        for column in ("claims_words", "attributions", "attributed_share", "anonymous_attributions"):
            con.execute(f"ALTER TABLE pages DROP COLUMN {column}")
    said: list[str] = []
    old = {p["site"]: p for p in site_profiles(tmp_path, warn=said.append)}
    assert old["wire-repost.example"]["attributed_share"] is None
    assert old["wire-repost.example"]["anonymous_source_rate"] is None
    assert old["wire-repost.example"]["pages"] == fresh["wire-repost.example"]["pages"]
    assert not said  # the estimate column is there: nothing else to say


def test_site_page_marks_few_pages_and_missing_values() -> None:
    from newsaudit.batch.sites import render_html

    profiles = [{"site": "big.example", "pages": 5, "comment_rejection_rate": 0.0, "mean_inserted_share": 0.2,
                 "opensources_type": "conspiracy", "mbfc_factuality": "low", "mbfc_bias": "right",
                 "top_technique": "Name_Calling,Labeling"},
                {"site": "small.example", "pages": 1, "comment_rejection_rate": 0.9, "mean_inserted_share": 0.8}]
    page = render_html(profiles)
    rejected = re.search(r"<figcaption>Sites by share of comments rejected</figcaption>(.*?)</figure>", page)
    assert rejected and "small.example" not in rejected.group(1)  # one page says little about a site
    assert "0% · 5 pages</text>" in rejected.group(1)  # a measured 0, with its page count
    assert "1 site with fewer than 3 pages left out." in rejected.group(1)
    small = re.search(r"<tr><td class=site>small\.example <span class=few>few pages</span></td>(.*?)</tr>", page)
    assert small and "<td class=na>no data</td>" in small.group(1)
    big = re.search(r"<tr><td class=site>big\.example</td>(.*?)</tr>", page)
    assert big
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", big.group(1))
    assert cells[:4] == ["5", "conspiracy", "low", "right"]  # priors next to the site name
    assert "Name calling / labelling" in cells and "Name_Calling" not in page
    assert re.search(r"<ul class=intro>\n(<li>[^<]+</li>\n){6,}</ul>", page)  # the intro, one sentence a line


def test_find_data_order_and_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsaudit.batch import sites

    def priors(name: str) -> Path:
        folder = tmp_path / name / "fakenewscorpus"
        folder.mkdir(parents=True)
        (folder / "websites.csv").write_text(",url,type\n0,x.example,fake\n", encoding="utf-8")
        return tmp_path / name

    given, env, repo = priors("given"), priors("env"), priors("repo")
    monkeypatch.setattr(sites, "REPO_DATA", repo)
    monkeypatch.setenv("NEWSAUDIT_DATA", str(env))
    said: list[str] = []
    assert sites.find_data(given, said.append) == given and said == []
    assert sites.find_data(None, said.append) == env and said == []
    assert sites.find_data(tmp_path / "missing", said.append) == env
    assert said and "missing (--data)" in said[-1] and str(env) in said[-1]
    monkeypatch.delenv("NEWSAUDIT_DATA")
    assert sites.find_data(None, said.append) == repo
    monkeypatch.setattr(sites, "REPO_DATA", tmp_path / "none")
    said.clear()
    assert sites.find_data(tmp_path / "missing", said.append) is None
    assert len(said) == 1 and "no source priors found" in said[0] and "NEWSAUDIT_DATA" in said[0]


def test_sites_command_warns_on_stderr_when_no_priors_are_found(
    estimate_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsaudit.batch import sites

    monkeypatch.setattr(sites, "REPO_DATA", tmp_path / "none")
    monkeypatch.delenv("NEWSAUDIT_DATA", raising=False)
    assert cli.main(["sites", str(estimate_run), "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "newsaudit: warning: no source priors found" in err
    assert "top_technique_name" in (tmp_path / "sites.csv").read_text(encoding="utf-8").splitlines()[0]


# -- the command line --------------------------------------------------------------------------------------------


def _commands(parser: object, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    import argparse

    assert isinstance(parser, argparse.ArgumentParser)
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(prefix, parser)]
    return [c for name, sub in subs[0].choices.items() for c in _commands(sub, (*prefix, name))]


def test_every_subcommand_help_ends_with_an_example() -> None:
    commands = _commands(cli.build_parser())
    assert {c for c, _ in commands} >= {("audit",), ("batch",), ("sites",), ("comments", "score"),
                                        ("archive", "add"), ("archive", "info"), ("propaganda",), ("serve",)}
    for command, parser in commands:
        text = parser.format_help()  # type: ignore[attr-defined]
        example = f"newsaudit {' '.join(command)}"
        # an epilog of examples after the options; `serve` (owned elsewhere) gives its example in the description
        assert example in text.split("options:")[-1] or f"Example: {example}" in " ".join(text.split()), command


@pytest.mark.parametrize("command", [["audit", "page.txt"], ["comments", "score", "x.jsonl"], ["sites", "run"],
                                     ["propaganda", "articles"], ["archive", "info"]])
def test_a_bad_flag_prints_the_subcommands_usage(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main([*command, "--bogus"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    name = " ".join(c for c in command if not c.endswith((".txt", ".jsonl")) and c not in ("run", "articles"))
    assert err.startswith(f"usage: newsaudit {name} ") and f"newsaudit {name}: error: unrecognized arguments: --bogus" \
        in err


def test_audit_says_when_the_booster_runs(
    tmp_path: Path, canonical_text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NEWSAUDIT_SLANT_BOOSTER", raising=False)
    monkeypatch.setattr(SlantStage, "booster_seconds", lambda self, page: 7.2 if self.config.booster else None)
    monkeypatch.setattr(SlantStage, "__call__", lambda self, page: page)  # the booster itself is not under test
    page = tmp_path / "page.txt"
    page.write_text(canonical_text, encoding="utf-8")
    out = str(tmp_path / "r.json")
    assert cli.main(["audit", str(page), "-f", "json", "-o", out, "--no-encoder"]) == 0
    assert "newsaudit: slant booster on (~7 s); --no-booster to skip" in capsys.readouterr().err
    assert cli.main(["audit", str(page), "-f", "json", "-o", out, "--no-encoder", "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert cli.main(["audit", str(page), "-f", "json", "-o", out, "--no-encoder", "--no-booster"]) == 0
    assert "booster" not in capsys.readouterr().err


def test_booster_estimate_follows_the_config(quick_page: Page) -> None:
    assert SlantStage(SlantConfig(booster=False)).booster_seconds(quick_page) is None
    assert SlantStage(SlantConfig(booster=True, booster_max_words=10)).booster_seconds(quick_page) is None
    seconds = SlantStage(SlantConfig(booster=True)).booster_seconds(quick_page)
    assert seconds is None or 5 <= seconds < 10  # None only where the MiniLM is not installed


def _articles(tmp_path: Path, canonical_text: str) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article1.txt").write_text(canonical_text[:1500], encoding="utf-8")
    (folder / "article333.txt").write_bytes(b"Some \x00 binary")
    (folder / "article5.txt").write_bytes(b"\xff\xfe not utf-8")
    return folder


def test_propaganda_errors_are_words_and_no_booster_is_honoured(
    tmp_path: Path, canonical_text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsaudit.models.propaganda_model import PropagandaModel

    folder = _articles(tmp_path, canonical_text)
    boosts: list[bool] = []
    spans = PropagandaModel.spans

    def spy(self: PropagandaModel, view: object, boost: bool = True, sentence: object = None) -> object:
        boosts.append(boost)
        return spans(self, view, False, sentence)  # type: ignore[arg-type]

    monkeypatch.setattr(PropagandaModel, "spans", spy)
    monkeypatch.delenv("NEWSAUDIT_SLANT_BOOSTER", raising=False)
    assert cli.main(["propaganda", str(folder), "--no-booster", "-o", str(tmp_path / "si.txt")]) == 0
    err = capsys.readouterr().err
    assert f"{folder / 'article333.txt'}: binary file (NUL bytes)" in err
    assert f"{folder / 'article5.txt'}: not UTF-8 text (byte 0xff at position 0)" in err
    assert "Error" not in err and "1 articles, " in err and "2 failed" in err
    monkeypatch.setenv("NEWSAUDIT_SLANT_BOOSTER", "0")
    assert cli.main(["propaganda", str(folder), "--task", "tc", "-q", "-o", str(tmp_path / "tc.txt")]) == 0
    assert boosts == [False, False]


def test_propaganda_shows_progress_on_a_terminal(tmp_path: Path, canonical_text: str) -> None:
    folder = _articles(tmp_path, canonical_text)
    master, slave = pty.openpty()
    env = {**os.environ, "NEWSAUDIT_SLANT_BOOSTER": "0"}
    done = subprocess.run([sys.executable, "-m", "newsaudit", "propaganda", str(folder)], stdout=subprocess.PIPE,
                          stderr=slave, env=env, check=False, timeout=120)
    os.close(slave)
    err = b""
    try:
        while chunk := os.read(master, 65536):
            err += chunk
    except OSError:  # the terminal is closed once read
        pass
    os.close(master)
    assert done.returncode == 0
    text = err.decode("utf-8", "replace")
    assert re.search(r"\d+ audited · \d+ errors · [\d.]+ articles/s · \d+% · ETA", text), text
    assert "binary file (NUL bytes)" in text and "ValueError" not in text


def test_progress_line_can_name_its_unit(capsys: pytest.CaptureFixture[str]) -> None:
    from newsaudit.batch.progress import BatchProgress
    from newsaudit.batch.runner import BatchSummary

    progress = BatchProgress(total=4, every=0, noun="articles")
    progress.enabled = True
    progress.started -= 2
    progress.update(BatchSummary(done=2, errors=0))
    progress.clear()
    err = capsys.readouterr().err
    assert "2 audited · 0 errors · 1.0 articles/s · 50%" in err and err.endswith("\r")


def test_user_messages_name_json_types_not_python_classes() -> None:
    from newsaudit.moderation.records import read_jsonl

    rows = list(read_jsonl(['[1, 2]', '{"id": 1, "text": 5}', '{"id": 2, "text": ["a"]}']))
    errors = [r.error for r in rows]  # type: ignore[union-attr]
    assert errors == ["expected a JSON object, got an array", "text is a number, not a string",
                      "text is an array, not a string"]
    assert json_type(None) == "null" and json_type(True) == "true or false" and json_type({}) == "an object"
    try:
        b"\xff".decode("utf-8")
    except UnicodeDecodeError as exc:
        assert describe(exc) == "not UTF-8 text (byte 0xff at position 0)"
    assert describe(PermissionError(13, "Permission denied")) == "cannot read it (Permission denied)"
    assert describe(ValueError("binary file (NUL bytes)")) == "binary file (NUL bytes)"


def test_no_user_message_is_built_from_a_class_name() -> None:
    """Only internal errors (bugs, for a bug report) may name an exception's class."""
    offenders = []
    for path in (ROOT / "src" / "newsaudit").rglob("*.py"):
        if {"eval", "training", "service"} & set(path.relative_to(ROOT / "src" / "newsaudit").parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"type\((exc|e|err|error)\)\.__name__", line) and "internal error" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


# -- the README and the schema docs against the code ---------------------------------------------------------------


def _usage_block(readme: str, command: str) -> str:
    start = readme.index(f"\nnewsaudit {command} ")
    return readme[start : readme.index("```", start)]


@pytest.mark.parametrize("command", [("audit",), ("batch",), ("sites",), ("propaganda",), ("comments", "score"),
                                     ("archive", "add")])
def test_readme_usage_blocks_list_every_option(command: tuple[str, ...]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = _usage_block(readme, " ".join(command))
    parser = dict(_commands(cli.build_parser()))[command]
    options = [o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"]  # type: ignore[attr-defined]
    assert [o for o in options if o not in block] == []


def test_readme_and_schema_doc_carry_the_schema_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    doc = (ROOT / "docs" / "report-schema.md").read_text(encoding="utf-8")
    assert set(re.findall(r'"schema_version": "([\d.]+)"', readme)) == {SCHEMA_VERSION}
    assert set(re.findall(r'"schema_version": "([\d.]+)"', doc)) == {SCHEMA_VERSION}
    assert doc.startswith(f"# The JSON report (schema {SCHEMA_VERSION})")
    assert f"{SCHEMA_VERSION} — " in doc  # the version history names it


def test_json_report_is_unchanged_in_shape(quick_page: Page) -> None:
    from newsaudit.report.json_report import to_json, validate

    data = json.loads(to_json(quick_page))
    validate(data)
    assert data["schema_version"] == SCHEMA_VERSION
    finding = next(f for f in quick_page.findings if f.kind == "propaganda")
    assert isinstance(finding, Finding) and set(finding.attrs) == {"voice", "span_score", "techniques"}
