"""Provenance: wire copy and insertions without an archive; the source, inserted, dropped and reworded with one."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsaudit.page import Finding, Page
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.provenance.align import Source, align
from newsaudit.provenance.archive import Archive, ArchiveDoc, ArchiveError
from newsaudit.provenance.fingerprints import fingerprints, word_hash
from newsaudit.provenance.words import words
from newsaudit.report.json_report import to_json, validate
from newsaudit.stages.provenance import ProvenanceConfig

LEAD_START = "The United States’ highly illegal operations"
LEAD_END = "American commandos are embedded with the so called “Syrian Democratic Forces.”"
STORY_START = "MOSCOW/WASHINGTON (Reuters)"
STORY_END = "Andrew Osborn, Phil Stewart"

DISTRACTORS = [
    ArchiveDoc(
        "reuters:syria-earlier",
        "Russia says U.S. presence in Syria is an obstacle\n\nMOSCOW (Reuters) – Russia's Defence Ministry said on "
        "Thursday that U.S. special forces in Syria were hampering the Syrian army's offensive against Islamic "
        "State militants near Deir al-Zor, a charge Washington denied.\n\nThe ministry said Russian planes had "
        "carried out dozens of strikes overnight.",
        "Russia says U.S. presence in Syria is an obstacle",
    ),
    ArchiveDoc(
        "ap:markets",
        "Stocks rise as oil climbs\n\nNEW YORK (AP) — U.S. stocks rose on Thursday as the price of oil climbed for "
        "a third day and investors weighed the Federal Reserve's latest statement on interest rates.",
        "Stocks rise as oil climbs",
    ),
]


def _story(text: str) -> str:
    """The Reuters original, reconstructed from the page: its title and everything from dateline to byline."""
    title = text.splitlines()[0]
    return title + "\n\n" + text[text.index(STORY_START) : text.index(STORY_END) + len(STORY_END)]


def _provenance(page: Page, kind: str) -> list[Finding]:
    return [f for f in page.findings if f.stage == "provenance" and f.kind == kind]


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory, canonical_text: str) -> Path:
    path = tmp_path_factory.mktemp("archive") / "originals.sqlite"
    with Archive.create(path) as archive:
        original = ArchiveDoc("reuters:syria-2017-09-21", _story(canonical_text), "Russia will target…")
        archive.add([original, *DISTRACTORS])
    return path


@pytest.fixture(scope="module")
def archived_page(archive_path: Path, canonical_text: str) -> Page:
    config = PipelineConfig(
        stages=("anatomy", "provenance"), stage_config={"provenance": ProvenanceConfig(archive=archive_path)}
    )
    return Pipeline(config).audit(canonical_text)


# -- the canonical page without an archive ----------------------------------------------------


def test_canonical_page_is_reuters_copy_with_an_unattributed_insertion(canonical_page: Page) -> None:
    text = canonical_page.text
    (wire,) = _provenance(canonical_page, "wire_copy")
    assert wire.label == "reuters" and text[wire.start :].startswith(STORY_START)
    assert text[: wire.end].endswith(STORY_END) and "MOSCOW/WASHINGTON (Reuters)" in wire.reason
    (insertion,) = _provenance(canonical_page, "unattributed_insertion")
    assert text[insertion.start : insertion.end].startswith(LEAD_START)
    assert text[insertion.start : insertion.end].endswith(LEAD_END)
    assert insertion.label == "before_dateline" and insertion.attrs["paragraphs"] == 3
    assert "0% of its sentences attributed (wire copy 67%)" in insertion.reason
    summary = canonical_page.summary["provenance"]
    assert summary["wire_agency"] == "Reuters" and summary["archive"] is None
    assert summary["insertions"][0]["style"]["loaded_per_100_words"] > 5 * summary["wire_style"]["loaded_per_100_words"]
    assert "sources" not in summary


def test_page_without_anatomy_or_wire_gets_an_empty_summary() -> None:
    page = Pipeline(PipelineConfig(stages=("provenance",))).audit("Just a note about the weather today.")
    assert page.summary["provenance"]["wire_agency"] is None and page.summary["provenance"]["insertions"] == []
    assert not _provenance(page, "wire_copy")


# -- with an archive ------------------------------------------------------------------------------


def test_archive_names_the_source_and_marks_the_opening_paragraphs_inserted(archived_page: Page) -> None:
    text = archived_page.text
    (source,) = _provenance(archived_page, "source")
    assert source.label == "reuters:syria-2017-09-21" and 0.85 < source.score < 0.92
    (inserted,) = _provenance(archived_page, "inserted")
    assert text[inserted.start : inserted.end].startswith(LEAD_START)
    assert text[inserted.start : inserted.end].endswith(LEAD_END)
    summary = archived_page.summary["provenance"]
    assert [s["id"] for s in summary["sources"]] == ["reuters:syria-2017-09-21"]
    assert summary["sources"][0]["source_share"] == 1.0 and summary["dropped"] == []
    assert not _provenance(archived_page, "reworded")
    validate(json.loads(to_json(archived_page)))


def test_reworded_and_dropped_against_an_edited_copy(tmp_path: Path, canonical_text: str) -> None:
    original = _story(canonical_text)
    page = original.replace("U.S.-backed militias", "so called militias").replace(
        "\n\nThe convergence of the rival offensives has increased tension", "\n\nZZZ"
    )
    cut = page.index("ZZZ")
    page = page[:cut] + page[page.index("\n\n", cut) + 2 :]  # the paragraph is gone
    with Archive.create(tmp_path / "a.sqlite") as archive:
        archive.add([ArchiveDoc("orig", original, "t"), *DISTRACTORS])
        match = archive.match(page)
    assert match is not None and [d.id for d in match.sources] == ["orig"]
    (dropped,) = match.alignment.dropped
    assert original[dropped.start : dropped.end].startswith("The convergence of the rival offensives")
    changed = [r for r in match.alignment.reworded if "so" in r.added]
    assert changed and changed[0].added == ("so", "called") and changed[0].removed == ("u", "s", "backed")
    assert not match.alignment.inserted


def test_alignment_ignores_typography_and_order() -> None:
    source = 'He said "we will act."\n\nThe second paragraph is here, long enough.\n\nA third one follows it now.'
    page = "A third one follows it now.\n\nHe   said “we will act.”\n\nThe second paragraph is here — long enough."
    result = align(page, [Source("s", source)])
    assert not result.inserted and not result.dropped and not result.reworded and result.copied_share == 1.0


def test_paraphrase_is_reworded_not_inserted() -> None:
    source = (
        "Officials met in Geneva on Monday for talks on the ceasefire.\n\n"
        "The company said quarterly profit rose sharply on strong demand for its new phones."
    )
    page = (
        "Officials met in Geneva on Monday for talks on the ceasefire.\n\n"
        "Quarterly profit rose sharply thanks to strong demand for the company's new phones, it said.\n\n"
        "This is a disgrace and everyone knows the regime lies."
    )
    result = align(page, [Source("s", source)])
    (rewrite,) = result.reworded
    assert rewrite.paraphrase and page[rewrite.start : rewrite.end].startswith("Quarterly profit")
    (inserted,) = result.inserted
    assert page[inserted.start : inserted.end] == "This is a disgrace and everyone knows the regime lies."
    assert not result.dropped


def test_a_page_merging_two_stories_names_both(tmp_path: Path, canonical_text: str) -> None:
    first = _story(canonical_text)
    second = DISTRACTORS[0].text
    with Archive.create(tmp_path / "a.sqlite") as archive:
        archive.add([ArchiveDoc("first", first, "t"), *DISTRACTORS])
        match = archive.match(first + "\n\n" + second.split("\n\n", 1)[1])
    assert match is not None and [d.id for d in match.sources] == ["first", "reuters:syria-earlier"]
    assert not match.alignment.inserted


# -- the archive file -----------------------------------------------------------------------------


def test_archive_replaces_by_id_and_reports_unfindable_documents(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with Archive.create(path) as archive:
        report = archive.add([*DISTRACTORS, ArchiveDoc("tiny", "Too short.")])
        assert report.added == 3 and report.too_short == ["tiny"]
        again = archive.add([ArchiveDoc("ap:markets", "Stocks fell on Friday as oil slid for a second day.")])
        assert again.replaced == 1 and len(archive) == 3
        assert archive.get("ap:markets").text.startswith("Stocks fell")
        assert [c.id for c in archive.candidates(DISTRACTORS[0].text)] == ["reuters:syria-earlier"]
    with Archive(path) as reopened:
        assert len(reopened) == 3 and reopened.info()["documents"] == 3


def test_archive_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no archive here"):
        Archive(tmp_path / "missing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ArchiveError, match="not a newsaudit archive"):
        Archive(junk)
    other = tmp_path / "other.sqlite"
    Archive.create(other).close()
    with sqlite3.connect(other) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'format'")
    with pytest.raises(ArchiveError, match="format 99"):
        Archive(other)


def test_common_fingerprints_are_ignored(tmp_path: Path) -> None:
    boiler = "Thomson Reuters Trust Principles apply to every story we publish here."
    with Archive.create(tmp_path / "a.sqlite", sample=1) as archive:
        archive.add(ArchiveDoc(f"d{i}", f"Story number {i} about topic {i * 7}. " + boiler) for i in range(30))
        assert len(archive.candidates(boiler, max_df=1000)) == 5
        assert archive.candidates(boiler, max_df=10) == []


def test_fingerprints_are_stable_across_runs() -> None:
    # Archives persist on disk: a change of hashing would silently orphan every stored document.
    assert word_hash("reuters") == 0x402A37D6E4FAE7E9
    norms = [w.norm for w in words("Russia warned the United States on Thursday it would target U.S.-backed fighters")]
    every = fingerprints(norms, 5, 1)
    assert every.tolist()[:2] == [1263996046609460679, 1327781828143386085] and len(every) == len(norms) - 4
    assert set(fingerprints(norms, 5, 4).tolist()) < set(every.tolist())
    assert words("Don’t “Stop”")[0].norm == "don't"


# -- the command line -----------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsaudit", *args], capture_output=True, text=True, check=False)


def test_cli_archive_add_info_and_audit(tmp_path: Path, canonical_text: str) -> None:
    canonical_path = tmp_path / "page.txt"
    canonical_path.write_text(canonical_text, encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "reuters:syria", "title": "Russia will target", "text": _story(canonical_text)}]
    feed.write_text(
        "\n".join(json.dumps(r) for r in rows) + '\n{"id": "empty", "text": ""}\n{not json\n', encoding="utf-8"
    )
    archive = tmp_path / "a.sqlite"
    added = _run("archive", "add", str(feed), "--archive", str(archive))
    assert added.returncode == 0, added.stderr
    assert "line 2: empty text" in added.stderr and "line 3: invalid JSON" in added.stderr
    assert "1 added, 0 replaced, 2 skipped" in added.stderr
    info = json.loads(_run("archive", "info", "--archive", str(archive)).stdout)
    assert info["documents"] == 1 and info["settings"]["shingle"] == 5
    audited = _run("audit", str(canonical_path), "--archive", str(archive), "--format", "text")
    assert audited.returncode == 0, audited.stderr
    assert "source in the archive: reuters:syria" in " ".join(audited.stdout.split())
    missing = _run("audit", str(canonical_path), "--archive", str(tmp_path / "nope.sqlite"))
    assert missing.returncode == 1 and "no archive here" in missing.stderr


def test_originals_from_a_folder_of_html_text_and_binary(tmp_path: Path) -> None:
    from newsaudit.batch.records import BadRecord
    from newsaudit.provenance.ingest import archive_docs

    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "a.html").write_text(
        "<html><head><title>Stocks rise as oil climbs</title></head><body><article><h1>Stocks rise as oil climbs"
        "</h1><p>NEW YORK (AP) — U.S. stocks rose on Thursday as the price of oil climbed for a third day and "
        "investors weighed the Federal Reserve's latest statement.</p><p>The S&amp;P 500 gained 0.4 percent by "
        "the close of trading in New York.</p></article><div class='comments'>Nice post!</div></body></html>",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text("Plain original\n\nIt has a body paragraph of its own.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01\x02 binary")
    items = list(archive_docs([folder]))
    docs = [i for i in items if isinstance(i, ArchiveDoc)]
    (bad,) = [i for i in items if isinstance(i, BadRecord)]
    assert [d.id for d in docs] == ["a.html", "b.txt"] and bad.id == "c.txt" and "binary" in bad.reason
    assert docs[0].title == "Stocks rise as oil climbs" and "S&P 500 gained" in docs[0].text
    assert "<p>" not in docs[0].text and docs[1].title == "Plain original"
