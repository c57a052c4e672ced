"""The compact parts of the page model: verdicts, block-to-comment links, shared empty attrs.

A page may hold 200,000 comments (docs/BENCHMARKS.md, "Large inputs"), so a comment's verdict is a
packed read-only mapping, a block names its comment in a field, and empty attrs are one shared
mapping. None of it may change what a report says: these tests hold the reports to the dicts they had.
"""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
from importlib import resources

import pytest

from newsaudit.moderation.moderate import Verdict
from newsaudit.page import NO_ATTRS, BlockType, Comment, Page
from newsaudit.pipeline import audit
from newsaudit.report.json_report import to_json, validate
from newsaudit.report.text import render_text

VERDICT = {
    "decision": "hold",
    "reasons": ["attack on a group: 0.71 (model)"],
    "scores": {"toxic": 0.5812, "identity_attack": 0.7103, "antisemitism": 0.1, "violence": 0.0171},
    "groups": {"jewish": 0.66},
    "hate_form": "explicit",
}

HTML = (
    "<html><head><title>Bill vote</title></head><body><article><h1>Bill vote</h1>"
    "<p>WASHINGTON (Reuters) - The senators said on Tuesday that the bill would be voted on next week.</p>"
    "</article><ol class='commentlist'>"
    "<li class='comment' id='comment-1'><div class='comment-author'>Ann</div><p>I agree with this.</p>"
    "<ol class='children'><li class='comment' id='comment-2'><p>Not me, you idiot.</p></li></ol></li>"
    "<li class='comment' id='comment-3'><p>Kill them all.</p></li>"
    "</ol></body></html>"
)


def test_verdict_reads_and_compares_as_the_dict() -> None:
    verdict = Verdict(**VERDICT)
    assert dict(verdict) == VERDICT
    assert verdict == VERDICT
    assert list(verdict) == list(VERDICT)
    assert verdict.get("decision") == "hold" and verdict.get("missing") is None
    assert {**verdict}["scores"] == VERDICT["scores"]  # as ``comments score`` spreads it into a row
    with pytest.raises(KeyError):
        verdict["missing"]


def test_verdict_gives_every_score_back_exactly_and_cannot_be_changed_through_a_read() -> None:
    scores = {"toxic": 0.1 + 0.2, "identity_attack": 1e-300, "antisemitism": 0.0, "violence": 1.0}
    verdict = Verdict("allow", [], scores, {}, "none")
    assert verdict["scores"] == scores
    verdict["scores"]["toxic"] = 5.0
    verdict["reasons"].append("changed")
    assert verdict["scores"] == scores and verdict["reasons"] == []


def test_verdict_survives_pickle_and_deepcopy() -> None:
    """Batch workers (pebble, Dask) send pages between processes by pickling them."""
    verdict = Verdict(**VERDICT)
    for clone in (pickle.loads(pickle.dumps(verdict)), copy.deepcopy(verdict)):
        assert isinstance(clone, Verdict) and clone == VERDICT


def test_block_attrs_default_is_shared_and_read_only() -> None:
    page = Page(text="Title\n\nBody text.")
    block = page.add_block(BlockType.TITLE, 0, 5, "test")
    assert block.attrs is NO_ATTRS
    with pytest.raises(TypeError):
        block.attrs["rule"] = "x"  # type: ignore[index]
    other = page.add_block(BlockType.PARAGRAPH, 7, 17, "test", rule="r1")
    assert dict(other.attrs) == {"rule": "r1"} and NO_ATTRS == {}


def test_html_comment_blocks_name_their_comment_like_text_dump_ones() -> None:
    page = audit(HTML)
    comments = {c.id: c for c in page.comments}
    assert set(comments) == {"comment-1", "comment-2", "comment-3"}
    assert comments["comment-2"].parent == "comment-1"
    for block in page.blocks_of(BlockType.COMMENT, BlockType.COMMENT_META):
        assert block.comment_id in comments
        if block.type == BlockType.COMMENT:
            assert (block.start, block.end) == (comments[block.comment_id].start, comments[block.comment_id].end)
    report = json.loads(to_json(page))
    for block in report["blocks"]:
        if block["type"] in ("comment", "comment_meta"):
            assert block["attrs"]["comment_id"] in comments


def test_report_writes_the_verdict_inside_comment_meta_and_reads_it_back() -> None:
    page = audit(HTML)
    assert all(isinstance(c.moderation, Verdict) for c in page.comments)
    report = json.loads(to_json(page))
    validate(report)
    by_id = {c["id"]: c for c in report["comments"]}
    assert by_id["comment-3"]["meta"]["moderation"]["decision"] == "reject"
    assert by_id["comment-3"]["meta"]["moderation"] == dict(page.comments[2].moderation or {})
    again = Page.from_dict(report)
    assert [c.moderation for c in again.comments] == [c.moderation for c in page.comments]
    assert json.loads(to_json(again)) == report


def test_text_report_shows_a_reply_chain_deeper_than_the_recursion_limit() -> None:
    depth = 3000
    text = "Title\n\n" + "\n".join(f"reply {i}" for i in range(depth))
    page = Page(text=text)
    start = len("Title\n\n")
    for i in range(depth):
        end = start + len(f"reply {i}")
        page.add_comment(Comment(f"c{i}", start, end, parent=f"c{i - 1}" if i else None, depth=i))
        start = end + 1
    report = render_text(page)
    assert f"Comments ({depth})" in report
    assert "reply 0" in report and "reply 11" in report and "reply 12" not in report
    assert f"and {depth - 12} more comments" in report


def test_text_report_ends_on_a_parent_cycle() -> None:
    page = Page(text="one two")
    page.add_comment(Comment("a", 0, 3, parent="b", depth=1))
    page.add_comment(Comment("b", 4, 7, parent="a", depth=1))
    assert "Comments (2)" in render_text(page)


def test_justext_fallback_keeps_the_same_paragraphs_with_the_shared_stoplist(monkeypatch) -> None:
    """trafilatura's union of jusText stoplists is replaced by a lighter stand-in of the same words."""
    import trafilatura.external as external
    from lxml import etree
    from trafilatura.utils import load_html

    from newsaudit.io.html.article import _AllStopwords

    html = (
        "<html><body><div><a href='/'>Home</a> | <a href='/n'>News</a></div>"
        + "".join(
            f"<div><span>Paragraph {i}: the council said that it would not be able to decide on the plan before "
            f"the end of the year, and that the people of the town should be told what it was going to do.</span></div>"
            for i in range(6)
        )
        + "<div>Copyright 2024 | Privacy | Contact</div></body></html>"
    )
    results = []
    for stoplist in (external.jt_stoplist_init(), _AllStopwords()):
        monkeypatch.setattr(external, "JT_STOPLIST", stoplist)
        results.append(etree.tostring(external.try_justext(load_html(html), None, None), encoding="unicode"))
    assert results[0] == results[1]
    assert "Paragraph 5" in results[1] and "Privacy" not in results[1]
    assert set(_AllStopwords()) == set(external.jt_stoplist_init())


def test_auditing_a_page_does_not_import_scikit_learn() -> None:
    """scikit-learn trains the models; auditing hashes with mmh3 (65 MB less in every process)."""
    example = resources.files("newsaudit") / "examples" / "syria-repost-with-comments.txt"
    code = (
        "import sys; from newsaudit.pipeline import audit; "
        "audit(open(sys.argv[1], encoding='utf-8').read()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'torch')))"
    )
    run = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
