"""The library people build on (issue 19): ``import newsaudit`` and its public names, ``audit`` and
``audit_many``, the batch tables as DataFrames, a stage of one's own, and the environment read at the edge only.
"""

from __future__ import annotations

import ast
import json
import pickle
import re
import subprocess
import sys
import textwrap
import tomllib
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import newsaudit
from newsaudit import api, pipeline
from newsaudit.page import Finding, Page

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsaudit"
#: No booster and no comment encoder: the audits here are about the API, not the models.
FAST = newsaudit.PipelineConfig(stage_config={
    "slant": newsaudit.SlantConfig(booster=False), "claims": newsaudit.ClaimsConfig(minilm=False),
    "comments": newsaudit.CommentsConfig(encoder=False)})


def _story(n: int) -> str:
    return (f"Council approves budget number {n}\n\nThe city council approved budget number {n} on Tuesday after a "
            f"long debate, officials said.\n\nThe mayor said the plan would cut costs by {n} percent next year.\n")


# -- import newsaudit ----------------------------------------------------------------------------------------------
def test_import_is_cheap_and_every_public_name_imports() -> None:
    code = ("import sys, newsaudit; heavy = sorted(m for m in ('numpy', 'newsaudit.pipeline', 'newsaudit.page', "
            "'pyarrow') if m in sys.modules); print(heavy); from newsaudit import *; "
            "names = globals(); print(sorted(n for n in newsaudit.__all__ if n not in names))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(PACKAGE.parent)})
    assert done.stdout.splitlines() == ["[]", "[]"]  # nothing heavy on import; `import *` gives every name


def test_public_names_are_the_documented_objects() -> None:
    from newsaudit import errors, page, stages

    assert len(newsaudit.__all__) == len(set(newsaudit.__all__))
    assert newsaudit.Page is page.Page and newsaudit.BlockType is page.BlockType
    assert newsaudit.Pipeline is pipeline.Pipeline and newsaudit.register_stage is pipeline.register_stage
    assert newsaudit.Stage is stages.base.Stage
    assert issubclass(newsaudit.RecordError, newsaudit.InputError)
    assert issubclass(newsaudit.InputError, errors.NewsauditError)
    for name in ("ArchiveError", "ArchiveBusy", "FolderLocked"):
        assert issubclass(getattr(newsaudit, name), newsaudit.NewsauditError)
    for name in newsaudit.__all__:
        if name != "__version__":
            assert getattr(newsaudit, name).__doc__, f"{name} has no docstring"
    documented = (ROOT / "docs" / "API.md").read_text(encoding="utf-8")
    assert [n for n in newsaudit.__all__ if f"`{n}" not in documented] == []
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        newsaudit.nothing_here  # noqa: B018


def test_the_package_says_it_is_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["newsaudit"]


# -- audit and audit_many -------------------------------------------------------------------------------------------
def test_audit_a_string_and_the_same_bytes(canonical_text: str) -> None:
    page = newsaudit.audit(canonical_text, booster=False, name="syria.txt")
    assert isinstance(page, newsaudit.Page)
    assert page.summary["anatomy"]["wire_agency"] == "Reuters" and page.meta["name"] == "syria.txt"
    assert page.summary["slant"]["model"] == "n-gram + word vectors"
    again = newsaudit.audit(canonical_text.encode("utf-8"), booster=False, name="syria.txt")
    assert {**again.to_dict(), "meta": {}} == {**page.to_dict(), "meta": {}}
    assert again.meta["encoding"] == "utf-8"
    with pytest.raises(newsaudit.InputError, match="empty"):
        newsaudit.audit("  \n ")
    with pytest.raises(ValueError, match="booster or pipeline"):
        newsaudit.audit("text", booster=False, pipeline=FAST)


def test_audit_many_keeps_input_order_in_parallel() -> None:
    # a long first page: its chunk finishes last, yet its page comes first
    texts = [_story(0) * 40, *(_story(n) for n in range(1, 9))]
    serial = list(newsaudit.audit_many(texts, pipeline=FAST))
    parallel = list(newsaudit.audit_many(texts, pipeline=FAST, workers=2, chunk_size=2))
    assert [p.meta["name"] for p in parallel] == [f"item {n}" for n in range(9)]
    assert [p.title for p in parallel] == [f"Council approves budget number {n}" for n in range(9)]
    assert [p.to_dict() for p in parallel] == [p.to_dict() for p in serial]


def test_audit_many_reads_records_as_batch_does() -> None:
    records = [{"id": "a1", "text": _story(1), "title": "Budget", "url": "https://news.example/a1", "views": 7},
               {"id": 2, "content": _story(2), "name": "second.txt", "domain": "other.example"},
               {"body": "<html><head><title>Three</title></head><body><article><p>"
                        + _story(3).replace("\n\n", "</p><p>") + "</p></article></body></html>"}]
    pages = list(newsaudit.audit_many(iter(records), pipeline=FAST))
    assert [p.meta["name"] for p in pages] == ["a1", "second.txt", "item 2"]
    assert [p.meta.get("id") for p in pages] == ["a1", "2", None]
    assert pages[0].meta["url"] == "https://news.example/a1" and "views" not in pages[0].meta  # batch's META_FIELDS
    assert pages[1].meta["domain"] == "other.example"
    assert pages[2].meta["format"] == "html"


def test_audit_many_names_bad_items_and_raises_skips_or_returns() -> None:
    items = [_story(1), "", {"id": "x9", "title": "no text"}, 42, {"name": "ok.txt", "text": _story(2)}]
    returned = list(newsaudit.audit_many(items, pipeline=FAST, errors="return"))
    assert [type(r).__name__ for r in returned] == ["Page", "RecordError", "RecordError", "RecordError", "Page"]
    assert [str(e) for e in returned if isinstance(e, newsaudit.RecordError)] == [
        "item 1: input is empty",
        "item 2 (x9): no text column (one of content, text, body, html, article)",
        "item 3: expected a page's text (str or bytes), a record (a mapping with a text field) or a path, not int"]
    assert [(e.index, e.id) for e in returned if isinstance(e, newsaudit.RecordError)] == [(1, None), (2, "x9"),
                                                                                           (3, None)]
    skipped = list(newsaudit.audit_many(items, pipeline=FAST, errors="skip"))
    assert [p.meta["name"] for p in skipped] == ["item 0", "ok.txt"]
    seen: list[Page] = []
    with pytest.raises(newsaudit.RecordError, match="item 1: input is empty") as raised:
        seen.extend(newsaudit.audit_many(items, pipeline=FAST))
    assert raised.value.index == 1 and [p.meta["name"] for p in seen] == ["item 0"]  # pages before it came first
    parallel = list(newsaudit.audit_many(items, pipeline=FAST, workers=2, chunk_size=1, errors="return"))
    assert [str(r) if isinstance(r, Exception) else r.to_dict() for r in parallel] == [
        str(r) if isinstance(r, Exception) else r.to_dict() for r in returned]


def test_audit_many_refuses_what_it_cannot_read_before_any_work() -> None:
    with pytest.raises(TypeError, match="for one page use audit"):
        newsaudit.audit_many("one page")
    with pytest.raises(ValueError, match="workers"):
        newsaudit.audit_many([], workers=0)
    with pytest.raises(ValueError, match="errors must be"):
        newsaudit.audit_many([], errors="ignore")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="unknown stage 'slnt'; known: anatomy, claims"):
        newsaudit.audit_many([], pipeline=newsaudit.PipelineConfig(stages=["anatomy", "slnt"]))


def test_audit_many_reads_a_dataframe_by_rows() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": ["a", "b"], "text": [_story(1), _story(2)], "title": ["One", None]})
    pages = list(newsaudit.audit_many(frame, pipeline=FAST))
    assert [p.meta["id"] for p in pages] == ["a", "b"]
    assert pages[0].meta["title"] == "One" and "title" not in pages[1].meta  # a missing cell is no metadata
    column = list(newsaudit.audit_many(frame["text"], pipeline=FAST))
    assert [p.title for p in column] == [p.title for p in pages]


def test_pages_and_record_errors_pickle(canonical_page: Page) -> None:
    again = pickle.loads(pickle.dumps(canonical_page))
    assert again.to_dict() == canonical_page.to_dict() and again.comments[0].moderation
    error = pickle.loads(pickle.dumps(newsaudit.RecordError(3, "input is empty", "p.txt", "7")))
    assert (str(error), error.index, error.id) == ("item 3 (p.txt): input is empty", 3, "7")


# -- tables -----------------------------------------------------------------------------------------------------
def test_tables_have_the_batch_runs_columns_and_values(tmp_path: Path, canonical_text: str) -> None:
    import pyarrow.parquet as pq

    from newsaudit.batch.records import read_jsonl
    from newsaudit.batch.runner import BatchConfig, StageSettings, run_batch
    from newsaudit.batch.tables import SCHEMAS, export_tables

    records = [{"id": "syria", "text": canonical_text, "url": "https://site.example/syria", "type": "fake"},
               {"id": "budget", "text": _story(4), "title": "Budget"}, {"id": "empty", "text": ""}]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    settings = StageSettings(booster=False, comment_encoder=False)
    run_batch(read_jsonl(corpus), tmp_path / "run", BatchConfig(engine="serial", settings=settings))
    export_tables(tmp_path / "run")

    results = list(newsaudit.audit_many(records, pipeline=settings.pipeline_config(), errors="return"))
    assert newsaudit.to_arrow(results[0], "pages").num_rows == 1  # one page is a table of one row
    for table in SCHEMAS:
        ours = newsaudit.to_arrow(results, table)
        batch = pq.read_table(tmp_path / "run" / "tables" / f"{table}.parquet")
        assert ours.schema == batch.schema, table
        # the keys differ (batch: file and line; here the record's name), the rest is the same
        drop = [c for c in ("key",) if c in ours.column_names]
        assert ours.drop_columns(drop).to_pylist() == batch.drop_columns(drop).to_pylist(), table
        assert ours.num_rows == batch.num_rows > 0 or table == "sources"
    assert newsaudit.to_arrow(results, "pages").column("key").to_pylist() == ["syria", "budget"]
    assert newsaudit.to_arrow(results, "errors").to_pylist() == [{"key": "empty", "id": "empty",
                                                                   "error": "empty text in column 'text'"}]
    pd = pytest.importorskip("pandas")
    frame = newsaudit.to_frame(results, "findings")
    expected = pd.read_parquet(tmp_path / "run" / "tables" / "findings.parquet")
    assert list(frame.columns) == list(expected.columns) and list(frame.dtypes) == list(expected.dtypes)
    assert len(frame) == len(expected)
    with pytest.raises(ValueError, match="unknown table 'page'; the tables are pages, blocks"):
        newsaudit.to_frame(results, "page")


# -- a stage of one's own ------------------------------------------------------------------------------------------
@dataclass
class ShoutingConfig:
    """The test's copy of the example stage of docs/API.md (module level, so worker processes can import it)."""

    min_words: int = 3


class ShoutingStage:
    name = "shouting"
    config_cls = ShoutingConfig

    def __init__(self, config: ShoutingConfig | None = None) -> None:
        self.config = config or ShoutingConfig()
        self.run = re.compile(rf"\b[A-Z][A-Z']*(?:[ ,!]+[A-Z][A-Z']*){{{self.config.min_words - 1},}}\b")

    def __call__(self, page: Page) -> Page:
        runs = 0
        for start, end in page.article_regions():
            for match in self.run.finditer(page.text, start, end):
                runs += 1
                page.add_finding(Finding(match.start(), match.end(), stage=self.name, kind="all_caps",
                                         label="shouting", score=1.0,
                                         reason=f"{len(match.group().split())} words in capitals"))
        page.summary[self.name] = {"runs": runs}
        return page


SHOUTY = ("Council approves budget\n\nThe council approved the budget on Tuesday. THIS IS A DISGRACE, the "
          "opposition leader said.\n\nThe mayor said the plan was FAIR AND HONEST.\n")


@pytest.fixture
def registry() -> Iterator[None]:
    """The stage registry as it was, after the test (registrations are process-wide)."""
    before = dict(pipeline.STAGES)
    yield
    pipeline.STAGES.clear()
    pipeline.STAGES.update(before)
    pipeline._entry_points.cache_clear()


def test_the_example_stage_of_the_docs_registers_and_runs(registry: None, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = (ROOT / "docs" / "API.md").read_text(encoding="utf-8")
    example = re.search(r"## A stage of your own.*?```python\n(.*?)```", docs, re.S)
    assert example, "docs/API.md has no example stage"
    module = types.ModuleType("docs_example")
    monkeypatch.setitem(sys.modules, "docs_example", module)
    namespace = module.__dict__
    exec(compile(example.group(1), "docs/API.md", "exec"), namespace)  # registers "shouting"
    config = newsaudit.PipelineConfig(stages=["anatomy", "shouting"],
                                      stage_config={"shouting": namespace["ShoutingConfig"](min_words=3)})  # type: ignore[operator]
    page = newsaudit.audit(SHOUTY, pipeline=config)
    found = [(page.slice(f), f.reason) for f in page.findings if f.stage == "shouting"]
    assert found == [("THIS IS A DISGRACE", "4 words in capitals"), ("FAIR AND HONEST", "3 words in capitals")]
    assert page.summary["shouting"] == {"runs": 2}
    from newsaudit.report.json_report import to_json, validate

    validate(json.loads(to_json(page)))  # a stage's findings fit the report's schema


def test_a_registered_stage_runs_in_worker_processes_and_reaches_the_tables(registry: None) -> None:
    newsaudit.register_stage("shouting", ShoutingStage, ShoutingConfig)
    newsaudit.register_stage("shouting", ShoutingStage, ShoutingConfig)  # the same again: nothing changes
    config = newsaudit.PipelineConfig(stages=["anatomy", "shouting"], stage_config={"shouting": ShoutingConfig(2)})
    pages = list(newsaudit.audit_many([SHOUTY, _story(1), SHOUTY], pipeline=config, workers=2, chunk_size=1))
    assert [p.summary["shouting"]["runs"] for p in pages] == [2, 0, 2]
    findings = newsaudit.to_arrow(pages, "findings").to_pylist()
    assert [(f["key"], f["stage"], f["reason"]) for f in findings] == [
        ("item 0", "shouting", "4 words in capitals"), ("item 0", "shouting", "3 words in capitals"),
        ("item 2", "shouting", "4 words in capitals"), ("item 2", "shouting", "3 words in capitals")]
    assert "shouting" in pipeline.known_stages()


def test_stage_registry_errors_say_what_to_do(registry: None) -> None:
    with pytest.raises(ValueError, match=r"unknown stage 'shouting'; known: anatomy, claims, comments, "
                                         r"provenance, slant .*register_stage"):
        newsaudit.Pipeline(newsaudit.PipelineConfig(stages=["anatomy", "shouting"]))
    with pytest.raises(ValueError, match="'slant' is a built-in stage"):
        newsaudit.register_stage("slant", ShoutingStage, ShoutingConfig)
    newsaudit.register_stage("shouting", ShoutingStage, ShoutingConfig)
    with pytest.raises(ValueError, match=r"already registered.*replace=True"):
        newsaudit.register_stage("shouting", lambda config: ShoutingStage(config), ShoutingConfig)
    with pytest.raises(ValueError, match="a stage name is a word"):
        newsaudit.register_stage("my stage", ShoutingStage)
    with pytest.raises(TypeError, match=r"stage_config\['shouting'\] is a SlantConfig, not a ShoutingConfig"):
        newsaudit.Pipeline(newsaudit.PipelineConfig(stages=["shouting"],
                                                    stage_config={"shouting": newsaudit.SlantConfig()}))
    with pytest.raises(ValueError, match="unknown stage 'slnt'"):
        newsaudit.Pipeline(newsaudit.PipelineConfig(stage_config={"slnt": newsaudit.SlantConfig()}))
    newsaudit.register_stage("broken", lambda config: object())
    with pytest.raises(TypeError, match="which is not a stage"):
        newsaudit.Pipeline(newsaudit.PipelineConfig(stages=["broken"]))


def test_a_stage_declared_by_an_installed_package_is_found_by_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: None
) -> None:
    (tmp_path / "na_demo_stages.py").write_text(textwrap.dedent("""
        from dataclasses import dataclass

        @dataclass
        class WordsConfig:
            per: int = 1

        class WordsStage:
            name = "words"
            config_cls = WordsConfig

            def __init__(self, config=None):
                self.config = config or WordsConfig()

            def __call__(self, page):
                page.summary["words"] = len(page.text.split()) // self.config.per
                return page
        """), encoding="utf-8")
    info = tmp_path / "na_demo_stages-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: na-demo-stages\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[newsaudit.stages]\nwords = na_demo_stages:WordsStage\n"
                                           "missing = na_demo_nowhere:Stage\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    pipeline._entry_points.cache_clear()
    assert {"words", "missing"} <= set(pipeline.known_stages())
    page = newsaudit.audit("one two three four", pipeline=newsaudit.PipelineConfig(stages=["words"]))
    assert page.summary["words"] == 4
    spec = pipeline.stage_spec("words")
    assert spec[1] is not None and spec[1].__name__ == "WordsConfig"  # the class's config_cls
    with pytest.raises(ValueError, match="'missing': its entry point 'na_demo_nowhere:Stage' cannot be loaded"):
        newsaudit.Pipeline(newsaudit.PipelineConfig(stages=["missing"]))
    monkeypatch.delitem(sys.modules, "na_demo_stages")


# -- the environment, read at the edge ----------------------------------------------------------------------------
def test_no_stage_config_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in [*(PACKAGE / "stages").glob("*.py"), PACKAGE / "pipeline.py", PACKAGE / "page.py"]:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert not {"environ", "getenv"} & names, f"{module.name} reads the environment"
    monkeypatch.setenv("NEWSAUDIT_SLANT_BOOSTER", "0")
    monkeypatch.setenv("NEWSAUDIT_COMMENT_ENCODER", "0")
    monkeypatch.setenv("NEWSAUDIT_ARCHIVE", "/nowhere/archive.sqlite")
    assert newsaudit.SlantConfig().booster and newsaudit.ClaimsConfig().minilm
    assert newsaudit.CommentsConfig().encoder and newsaudit.ProvenanceConfig().archive is None
    built = {type(s).__name__: s.config for s in newsaudit.Pipeline().stages}
    assert built["SlantStage"].booster and built["ProvenanceStage"].archive is None


def test_settings_turn_the_environment_into_configs() -> None:
    from newsaudit.settings import EnvSettings, config_from_env, read_env

    assert read_env({}) == EnvSettings(booster=True, comment_encoder=True, archive=None)
    env = {"NEWSAUDIT_SLANT_BOOSTER": "0", "NEWSAUDIT_COMMENT_ENCODER": "0", "NEWSAUDIT_ARCHIVE": "a.sqlite"}
    assert read_env(env) == EnvSettings(booster=False, comment_encoder=False, archive="a.sqlite")
    configs = config_from_env(env)
    assert configs["slant"] == newsaudit.SlantConfig(booster=False)
    assert configs["claims"] == newsaudit.ClaimsConfig(minilm=False)
    assert configs["comments"] == newsaudit.CommentsConfig(encoder=False)
    assert configs["provenance"] == newsaudit.ProvenanceConfig(archive="a.sqlite")
    assert read_env({"NEWSAUDIT_SLANT_BOOSTER": "1", "NEWSAUDIT_ARCHIVE": ""}) == EnvSettings()


def test_the_one_call_helpers_follow_the_environment_as_the_command_line_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSAUDIT_SLANT_BOOSTER", "0")
    monkeypatch.setenv("NEWSAUDIT_COMMENT_ENCODER", "0")
    stages = {type(s).__name__: s.config for s in api.default_pipeline().stages}
    assert not stages["SlantStage"].booster and not stages["ClaimsStage"].minilm
    assert not stages["CommentsStage"].encoder
    on = {type(s).__name__: s.config for s in api.default_pipeline(booster=True).stages}
    assert on["SlantStage"].booster and not on["CommentsStage"].encoder  # the argument wins over the environment
    page = newsaudit.audit(_story(1))
    assert page.summary["slant"]["model"] == "n-gram + word vectors"


def test_the_command_line_reads_the_archive_and_the_booster_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsaudit import cli
    from newsaudit.stages.claims import ClaimsStage

    story = tmp_path / "story.txt"
    story.write_text(_story(1), encoding="utf-8")
    monkeypatch.setenv("NEWSAUDIT_ARCHIVE", str(tmp_path / "none.sqlite"))
    assert cli.main(["audit", str(story), "--no-booster", "--no-encoder"]) == 1
    assert f"{tmp_path / 'none.sqlite'}: no archive here" in capsys.readouterr().err
    monkeypatch.delenv("NEWSAUDIT_ARCHIVE")
    seen: list[bool] = []

    def spy(self: ClaimsStage, config: newsaudit.ClaimsConfig, model: object = None) -> None:
        seen.append(config.minilm)
        raise newsaudit.NewsauditError("seen")  # the config is what is under test, not the models

    monkeypatch.setattr(ClaimsStage, "__init__", spy)
    for value in ("0", "1"):
        monkeypatch.setenv("NEWSAUDIT_SLANT_BOOSTER", value)
        assert cli.main(["claims", str(story)]) == 1
    assert seen == [False, True]
