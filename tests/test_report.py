"""Reports: the JSON contract, the HTML view and the terminal summary.

Pages are built by hand so these tests do not depend on the anatomy stage, except the provenance diff's
end-to-end test, which audits the canonical page against a small archive.
"""

from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from newsaudit.page import SCHEMA_VERSION, BlockType, Comment, Finding, Page
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.provenance.archive import Archive, ArchiveDoc
from newsaudit.report.html import render_html
from newsaudit.report.json_report import load_schema, to_json, validate
from newsaudit.report.text import render_text
from newsaudit.stages.provenance import ProvenanceConfig

from .test_provenance import LEAD_END, LEAD_START, _story

XSS = "<script>alert(1)</script>"


def _at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def make_page() -> Page:
    """A small page with every kind of thing a report must show, including hostile text."""
    parts = [
        "Russia warns U.S. over Syria",
        "MOSCOW (Reuters) – Russia warned the United States on Thursday & said “enough”.",
        "The highly illegal operations drew criticism from Washington.",
        "(Reporting by Andrew Osborn)",
        "3 thoughts on “Russia warns U.S. over Syria”",
        "Alice\nThis is a lie, as usual.",
        "Bob\n" + XSS + " I agree & more",
        "Carol\nWhat about the 'facts'?",
        "Leave a Reply",
    ]
    text = "\n\n".join(parts)
    page = Page(
        text=text,
        meta={"name": "t&t <b>.txt", "format": "text", "url": 'https://x.test/?a=1&b="2"', "note": XSS},
        summary={"repost": True},
    )
    page.add_block(BlockType.TITLE, *_at(text, parts[0]), reason="first line")
    page.add_block(BlockType.PARAGRAPH, *_at(text, parts[1]), reason="body")
    page.add_block(BlockType.DATELINE, *_at(text, "MOSCOW (Reuters) –"), reason="agency dateline")
    page.add_block(BlockType.PARAGRAPH, *_at(text, parts[2]), reason="body")
    page.add_block(BlockType.CREDIT, *_at(text, parts[3]), reason="reporting credit")
    page.add_block(BlockType.COMMENT_HEADER, *_at(text, parts[4]), reason="N thoughts on")
    for cid, part, parent, depth, author in (
        ("c1", parts[5], None, 0, "Alice"),
        ("c2", parts[6], "c1", 1, "Bob"),
        ("c3", parts[7], None, 0, "Carol"),
    ):
        start, end = _at(text, part)
        meta_end = start + len(author)
        page.add_block(BlockType.COMMENT, start, end, reason="comment")
        page.add_block(BlockType.COMMENT_META, start, meta_end, reason="author line")
        page.add_comment(Comment(cid, start, end, parent=parent, depth=depth, author=author))
    page.add_block(BlockType.BOILERPLATE, *_at(text, parts[8]), reason="comment form")
    # Overlapping findings, one crossing from the first body paragraph into the second.
    a, b = _at(text, "highly illegal operations")
    page.add_finding(Finding(a, b, "propaganda", "technique", "loaded_language", 0.91,
                             'Loaded phrase "highly illegal" & no source <b>'))
    page.add_finding(Finding(a + 7, b, "propaganda", "technique", "exaggeration", 0.4, "overlaps the first"))
    c, _ = _at(text, "“enough”")
    page.add_finding(Finding(c, a + 10, "propaganda", "technique", "crossing", 0.5, "crosses a block edge"))
    s, e = _at(text, "This is a lie")
    page.add_finding(Finding(s, e, "toxicity", "comment", "accusation", 0.7, "calls the article a lie"))
    return page


def doc_text(rendered: str) -> str:
    """The page text as the HTML body section shows it: tags stripped, entities decoded."""
    body = rendered[rendered.index('<main id="doc"') : rendered.index("</main>")]
    return html.unescape(re.sub(r"<[^>]*>", "", body))


# -- JSON -------------------------------------------------------------------


def test_json_round_trip() -> None:
    page = make_page()
    data = json.loads(to_json(page))
    validate(data)
    assert Page.from_dict(data).to_dict() == page.to_dict()
    assert data == page.to_dict()


def test_json_keeps_unicode_readable_and_can_leave_text_out() -> None:
    page = make_page()
    assert "“enough”" in to_json(page)
    data = json.loads(to_json(page, include_text=False, indent=None))
    assert "text" not in data
    validate(data)


def test_nan_score_is_a_clear_error() -> None:
    page = make_page()
    page.findings[0].score = float("nan")
    with pytest.raises(ValueError, match="NaN"):
        to_json(page)


def test_schema_is_valid_and_matches_the_model() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["x-schema-version"] == SCHEMA_VERSION
    assert schema["$defs"]["blockType"]["enum"] == [t.value for t in BlockType]
    top = set(schema["properties"])
    assert top == set(make_page().to_dict()) | {"text"}
    load_schema()["title"] = "changed"  # callers get a copy
    assert load_schema()["title"] == "newsaudit report"


def test_every_schema_field_has_a_description() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert "description" in sub, f"{where}.{name} has no description"
            for key, sub in node.items():
                walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}[{i}]")

    schema = load_schema()
    walk(schema, "schema")
    for name, sub in schema["$defs"].items():
        assert "description" in sub, f"$defs.{name} has no description"


def test_schema_rejects_bad_block_type() -> None:
    data = make_page().to_dict()
    data["blocks"][1]["type"] = "sidebar"
    with pytest.raises(ValueError, match=r"blocks\[1\]\.type: 'sidebar' is not one of"):
        validate(data)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (("findings",), "'findings' is a required property"),
        (("comments", 0, "author"), r"comments\[0\]: 'author' is a required property"),
        (("blocks", 0, "reason"), r"blocks\[0\]: 'reason' is a required property"),
    ],
)
def test_schema_rejects_missing_field(path: tuple[Any, ...], message: str) -> None:
    data = make_page().to_dict()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    with pytest.raises(ValueError, match=message):
        validate(data)


def test_validate_checks_offsets_and_thread() -> None:
    data = make_page().to_dict()
    bad = copy.deepcopy(data)
    bad["findings"][0]["end"] = data["text_length"] + 5
    with pytest.raises(ValueError, match=r"findings\[0\]: span .* not inside"):
        validate(bad)
    bad = copy.deepcopy(data)
    bad["comments"][1]["parent"] = "nope"
    with pytest.raises(ValueError, match="no comment has id 'nope'"):
        validate(bad)
    bad = copy.deepcopy(data)
    bad["text_length"] += 1
    with pytest.raises(ValueError, match="text_length"):
        validate(bad)


def test_wrong_major_version_is_refused() -> None:
    data = make_page().to_dict()
    major = int(SCHEMA_VERSION.split(".")[0])
    data["schema_version"] = f"{major + 1}.0"
    with pytest.raises(ValueError, match="unsupported report schema version"):
        validate(data)
    with pytest.raises(ValueError, match="unsupported report schema version"):
        Page.from_dict(data)
    data["schema_version"] = f"{major}.7"  # a newer minor of the same major is fine
    validate(data)


def test_validate_lists_several_problems_readably() -> None:
    data = make_page().to_dict()
    data["blocks"][0]["start"] = -1
    data["findings"][0]["score"] = "high"
    with pytest.raises(ValueError) as info:
        validate(data)
    message = str(info.value)
    assert message.startswith("invalid newsaudit report")
    assert "report.blocks[0].start" in message and "report.findings[0].score" in message


def test_documented_example_is_a_valid_report() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "report-schema.md").read_text(encoding="utf-8")
    example = json.loads(re.findall(r"```json\n(.*?)```", doc, re.S)[-1])
    validate(example)
    page = Page.from_dict(example)
    assert page.slice(page.first(BlockType.DATELINE)) == "MOSCOW (Reuters) –"
    assert page.slice(page.findings[0]) == "a lie"


# -- HTML -------------------------------------------------------------------


def test_html_escapes_comment_script() -> None:
    out = render_html(make_page())
    assert "<script>alert(1)" not in out
    assert "<script" not in out.lower()  # the report needs no script at all
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert XSS in doc_text(out)  # shown as visible text


def test_html_escapes_reasons_and_meta() -> None:
    out = render_html(make_page())
    assert "no source <b>" not in out
    assert "Loaded phrase &#34;highly illegal&#34; &amp; no source &lt;b&gt;" in out
    assert "t&amp;t &lt;b&gt;.txt" in out
    assert "https://x.test/?a=1&amp;b=&#34;2&#34;" in out
    assert "&b=" not in out
    hostile = Page(text="a comment", meta={XSS: XSS})
    hostile.add_comment(Comment("c1", 0, 9, author='"><script>alert(1)</script>'))
    hostile.add_finding(Finding(0, 1, XSS, XSS, XSS, 0.5, XSS))
    assert "<script" not in render_html(hostile).lower()
    # Every raw '&' in the output starts an entity.
    assert not re.search(r"&(?![a-zA-Z]+;|#[0-9]+;|#x[0-9a-fA-F]+;)", out)


def test_html_is_self_contained() -> None:
    out = render_html(make_page())
    assert out.startswith("<!DOCTYPE html>")
    assert "<style>" in out
    for external in ("<link", " src=", "url(", "@import", 'href="http'):
        assert external not in out


def test_html_shows_all_text_once_with_overlaps() -> None:
    page = make_page()
    out = render_html(page)
    assert doc_text(out) == page.text
    body = out[out.index('<main id="doc"') : out.index("</main>")]
    for n in range(1, len(page.findings) + 1):
        assert out.count(f'<li id="f{n}"') == 1  # listed once in the side list
        assert body.count(f'<span id="m{n}"></span>') == 1  # one jump target in the text
    assert 'class="f ov"' in body  # overlapping segments are marked as such
    # The crossing finding ends inside the next paragraph, so it is split across two blocks.
    crossing_marks = [m for m in re.findall(r'<mark [^>]*title="([^"]*)"', body) if "crossing" in m]
    assert len(crossing_marks) >= 2


def test_html_handles_crossing_blocks_and_no_blocks() -> None:
    text = "alpha beta gamma delta"
    page = Page(text=text)
    page.add_block(BlockType.PARAGRAPH, 0, 16)
    page.add_block(BlockType.INSERTION, 6, 22)  # crosses the paragraph's end
    page.add_finding(Finding(0, 22, "s", "k", "all", 1.0, "everything"))
    out = render_html(page)
    assert doc_text(out) == text
    assert "cont" in out
    bare = Page(text="  just text\n\nno blocks  ")
    out = render_html(bare)
    assert doc_text(out) == bare.text
    assert "b-unclassified" in out


def test_html_legend_and_comments() -> None:
    out = render_html(make_page())
    for t in BlockType:
        assert f"b-{t.value}" in out
    assert "propaganda · technique" in out and "toxicity · comment" in out
    assert 'data-label="comment · Bob · reply (depth 1)"' in out
    assert "--depth:1" in out


# -- HTML: the page against its archived source --------------------------------------------------

#: A paragraph the source has and the canonical page lacks, between two it copies.
CUT = (
    "The defence ministry added that " + XSS + " its aircraft flew dozens of sorties over Deir al-Zor "
    "province during the week, a figure the Pentagon declined to confirm."
)
BEFORE_CUT = "Dillon, addressing a Pentagon briefing"
AFTER_CUT = "A U.S. military official, speaking on condition of anonymity"


def diff_rows(rendered: str) -> list[tuple[str, str, str]]:
    """(row class, page side, source side) of each row of the diff; a copied row spans both sides."""
    start = rendered.index('<section class="provenance-diff"')
    section = rendered[start : rendered.index("</section>", start)]
    rows = []
    for cls, body in re.findall(r'<tr class="(pd-[a-z]+)">(.*?)</tr>', section, re.S):
        cells = [html.unescape(re.sub(r"<[^>]*>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]
        rows.append((cls, cells[0], cells[-1]))
    return rows


@pytest.fixture(scope="module")
def diffed(tmp_path_factory: pytest.TempPathFactory, canonical_text: str) -> str:
    """The canonical page audited against a source with one more paragraph and one word changed."""
    source = (
        _story(canonical_text)
        .replace("\n\n" + AFTER_CUT, "\n\n" + CUT + "\n\n" + AFTER_CUT)
        .replace("Russia warned the United States", "Russia cautioned the United States")
    )
    path = tmp_path_factory.mktemp("archive") / "a.sqlite"
    with Archive.create(path) as archive:
        archive.add([ArchiveDoc("reuters:syria", source, "Russia " + XSS + " will target", "https://x.test/?a=1&b=2")])
    config = ProvenanceConfig(archive=path)
    stages = PipelineConfig(stages=("anatomy", "provenance"), stage_config={"provenance": config})
    return render_html(Pipeline(stages).audit(canonical_text))


def test_html_diff_shows_added_paragraphs_on_the_page_side(diffed: str) -> None:
    assert "<h2>Against the source</h2>" in diffed
    added = [page for cls, page, source in diff_rows(diffed) if cls == "pd-added" and not source]
    assert len(added) == 3
    assert "added by the page" + LEAD_START in added[0] and added[2].endswith(LEAD_END)
    assert "After the combined forces of the Syrian Army" in added[1]


def test_html_diff_puts_the_cut_passage_where_it_stood_in_the_source(diffed: str) -> None:
    rows = diff_rows(diffed)
    (at,) = [n for n, row in enumerate(rows) if row[0] == "pd-cut"]
    _, page, source = rows[at]
    assert not page and source.startswith("cut from the source · 30 words") and source.endswith(CUT)
    assert rows[at - 1][0] == "pd-copied" and BEFORE_CUT in rows[at - 1][1]
    assert rows[at + 1][0] == "pd-copied" and AFTER_CUT in rows[at + 1][1]


def test_html_diff_marks_reworded_words_and_names_the_source(diffed: str) -> None:
    assert "Russia <ins>warned</ins> the United States" in diffed
    assert "the source has <del>cautioned</del>, the page <ins>warned</ins>" in diffed
    assert '<a href="https://x.test/?a=1&amp;b=2" rel="noreferrer">' in diffed
    assert "<b>Russia &lt;script&gt;alert(1)&lt;/script&gt; will target</b> · <code>reuters:syria</code>" in diffed
    assert "88% of the page's article copied from it · 96% of the source kept" in diffed


def test_html_diff_escapes_source_title_and_cut_text(diffed: str) -> None:
    assert "<script" not in diffed.lower()
    assert "added that &lt;script&gt;alert(1)&lt;/script&gt; its aircraft" in diffed
    assert not re.search(r"&(?![a-zA-Z]+;|#[0-9]+;|#x[0-9a-fA-F]+;)", diffed)


def test_html_has_no_diff_without_a_source(canonical_page: Page) -> None:
    assert "provenance" in canonical_page.summary  # the stage ran, with no archive
    assert '<section class="provenance-diff"' not in render_html(canonical_page)
    nothing_found = make_page()
    nothing_found.summary["provenance"] = {"archive": {"path": "a", "documents": 3}, "sources": []}
    assert '<section class="provenance-diff"' not in render_html(nothing_found)


def test_html_diff_of_a_page_without_blocks_keeps_hostile_sources_inert() -> None:
    text = "First copied paragraph of the story.\n\nSecond copied paragraph, " + XSS + " too."
    page = Page(text=text)
    page.summary["provenance"] = {
        "sources": [
            {"id": "a", "title": XSS, "url": "javascript:alert(1)", "page_share": 0.6, "source_share": 0.5},
            {"id": "b" + XSS, "title": "", "url": None, "page_share": 0.4, "source_share": 1.0},
        ],
        "inserted": [],
        "dropped": [
            {"source_id": "a", "start": 900, "end": 950, "words": 9, "text": "Tail of a " + XSS},
            {"source_id": "a", "start": 0, "end": 20, "words": 4, "text": "Head of a"},
        ],
    }
    out = render_html(page)
    assert "<script" not in out.lower() and "<a " not in out[out.index('<section class="provenance-diff"') :]
    assert "javascript:alert(1)" in out  # shown as text, not a link
    rows = diff_rows(out)
    assert [cls for cls, _, _ in rows] == ["pd-cut", "pd-copied", "pd-copied", "pd-cut"]
    assert rows[0][2].endswith("Head of a") and rows[-1][2].endswith("Tail of a " + XSS)
    assert "cut from the source · a · 9 words" in rows[-1][2]  # several sources: each cut names its own
    assert rows[2][1].endswith("Second copied paragraph, " + XSS + " too.")


# -- text -------------------------------------------------------------------


def test_text_summary_shows_reply_under_parent() -> None:
    out = render_text(make_page())
    lines = out.splitlines()
    alice = next(i for i, line in enumerate(lines) if "Alice:" in line)
    bob = lines[alice + 1]
    assert "Bob:" in bob
    indent = len(lines[alice]) - len(lines[alice].lstrip())
    assert len(bob) - len(bob.lstrip()) > indent
    assert "Carol:" in lines[alice + 2]


def test_text_summary_content() -> None:
    page = make_page()
    out = render_text(page, width=80)
    assert out.splitlines()[0] == "Russia warns U.S. over Syria"
    assert "format: text" in out
    assert "2 paragraph" in out and "1 dateline" in out
    assert "dateline" in out and "[30, 48)" in out
    assert "propaganda (3)" in out and "toxicity (1)" in out
    assert 'why: Loaded phrase "highly illegal" & no source <b>' in out
    assert "\x1b" not in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_text_summary_is_short_for_a_long_page() -> None:
    paragraphs = [f"Paragraph {i} says something about the war and the talks." for i in range(40)]
    comments = [f"Comment {i} from a reader with an opinion." for i in range(30)]
    text = "Title\n\n" + "\n\n".join(paragraphs + comments)
    page = Page(text=text)
    page.add_block(BlockType.TITLE, 0, 5)
    for p in paragraphs:
        page.add_block(BlockType.PARAGRAPH, *_at(text, p))
    previous = None
    for i, c in enumerate(comments):
        start, end = _at(text, c)
        page.add_block(BlockType.COMMENT, start, end)
        parent = previous if i % 2 else None
        page.add_comment(Comment(f"c{i}", start, end, parent=parent, depth=1 if parent else 0, author=f"u{i}"))
        previous = f"c{i}"
    for i in range(20):
        page.add_finding(Finding(i * 50, i * 50 + 10, f"stage{i % 3}", "k", "l", 0.5, "r"))
    out = render_text(page)
    assert len(out.splitlines()) <= 60
    assert "… and 38 more paragraph blocks" in out
    assert "… and 18 more comments" in out
    assert "… and 3 more" in out


def test_text_summary_neutralises_control_characters() -> None:
    text = "Title \x1b[31mred\x1b[0m\u202e\n\nBody"
    page = Page(text=text, meta={"name": "evil\x1b[2J"})
    page.add_block(BlockType.TITLE, 0, text.index("\n"))
    page.add_comment(Comment("c1", text.index("Body"), len(text), author="x\x07y"))
    out = render_text(page)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out


def test_text_summary_of_empty_anatomy() -> None:
    out = render_text(Page(text="only text"))
    assert "(no title found)" in out
    assert "was the anatomy stage run?" in out


# -- HTML: what the view shows -------------------------------------------------------------------


def test_html_numbers_findings_in_page_order(canonical_page: Page) -> None:
    out = render_html(canonical_page)
    listed = [int(n) for n in re.findall(r'<li id="f(\d+)"', out)]
    assert listed == list(range(1, len(canonical_page.findings) + 1))
    starts = [int(s) for s in re.findall(r'<li id="f\d+"[^>]* data-start="(\d+)"', out)]
    assert starts == sorted(starts)


def test_html_shows_wire_copy_as_a_bar_and_decisions_on_comments(canonical_page: Page) -> None:
    out = render_html(canonical_page)
    body = out[out.index('<main id="doc"') : out.index("</main>")]
    wire = [f for f in canonical_page.findings if f.kind == "wire_copy"]
    assert wire and all("wire copy" not in m for m in re.findall(r'<mark [^>]*title="([^"]*)"', body))
    assert body.count("bar-wire_copy") >= 10  # the copied paragraphs carry the bar
    assert body.count('data-decision="reject"') == 6 and body.count('data-decision="allow"') == 1
    assert body.count("blk b-comment d-reject") == 6
    assert 'data-label="unclassified"' not in body  # the dump's stray list numbers are not "unclassified"
    assert "b-listmark" in body


def test_html_summary_card_has_sentences_not_dictionaries(canonical_page: Page) -> None:
    out = render_html(canonical_page)
    card = out[out.index('<section class="card"') : out.index("</section>")]
    shown = card[: card.index("<details")]
    assert "Reuters copy" in shown and "6 reject" in shown and "name calling / labelling" in shown.lower()
    assert "{" not in html.unescape(card) and "Name_Calling" not in card
    assert "slant · by voice · insertion · spans" in card  # the figures, folded away and readable
