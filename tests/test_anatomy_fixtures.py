"""The anatomy fixture scorer, and the integrity of the labelled fixtures it reads.

No anatomy quality thresholds here: those live with the anatomy stage's tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.anatomy_fixtures import load_fixtures, match_spans, resolve, score_page
from newsaudit.page import BlockType, Comment, Page

FIXTURES = Path(__file__).parent / "fixtures" / "anatomy"

TEXT = (
    "Tiny headline\n"
    "\n"
    "PARIS (AFP) - Something happened on Monday.\n"
    "\n"
    "2 thoughts on “Tiny headline”\n"
    "\n"
    "  1. First!\n"
    "\n"
    "    1. Second, replying.\n"
    "\n"
    "Reply\n"
)

LABELS = {
    "blocks": [
        {"type": "title", "text": "Tiny headline"},
        {"type": "paragraph", "text": "PARIS (AFP) - Something happened on Monday."},
        {"type": "dateline", "text": "PARIS (AFP)"},
        {"type": "comment_header", "text": "2 thoughts on “Tiny headline”"},
        {"type": "comment", "text": "First!"},
        {"type": "comment", "text": "Second, replying."},
        {"type": "boilerplate", "text": "Reply"},
    ],
    "comments": [
        {"text": "First!", "parent": None, "author": "Ann"},
        {"text": "Second, replying.", "parent": 0, "author": None},
    ],
}


def _span(s: str, occurrence: int = 0) -> tuple[int, int]:
    return resolve(TEXT, s, occurrence)


def _perfect_page() -> Page:
    page = Page(text=TEXT)
    for b in LABELS["blocks"]:
        start, end = _span(b["text"], b.get("occurrence", 0))
        page.add_block(BlockType(b["type"]), start, end)
    s0, e0 = _span("First!")
    s1, e1 = _span("Second, replying.")
    page.add_comment(Comment(id="a", start=s0, end=e0, author="ann"))
    page.add_comment(Comment(id="b", start=s1, end=e1, parent="a", depth=1))
    return page


def test_perfect_prediction_scores_one() -> None:
    score = score_page(_perfect_page(), LABELS)
    micro = score.micro
    assert (micro.tp, micro.fp, micro.fn) == (7, 0, 0)
    assert micro.precision == micro.recall == micro.f1 == 1.0
    assert score.counts["comment"].tp == 2
    cc = score.comments
    assert (cc.gold, cc.predicted, cc.found, cc.parent_ok) == (2, 2, 2, 2)
    assert cc.tree_accuracy == 1.0
    assert (cc.author_labelled, cc.author_ok) == (1, 1)  # case-insensitive author match
    assert score.errors == []


def test_whitespace_around_predictions_is_ignored() -> None:
    page = Page(text=TEXT)
    start, end = _span("PARIS (AFP) - Something happened on Monday.")
    page.add_block(BlockType.PARAGRAPH, start - 1, end + 2)  # takes in the surrounding newlines
    score = score_page(page, LABELS)
    assert score.counts["paragraph"].tp == 1


def test_one_wrong_type_lowers_the_scores() -> None:
    page = Page(text=TEXT)
    for b in LABELS["blocks"]:
        start, end = _span(b["text"])
        kind = BlockType.PARAGRAPH if b["type"] == "title" else BlockType(b["type"])
        page.add_block(kind, start, end)
    score = score_page(page, LABELS)
    assert score.counts["title"].fn == 1
    assert score.counts["paragraph"].fp == 1
    assert score.counts["paragraph"].tp == 1
    micro = score.micro
    assert (micro.tp, micro.fp, micro.fn) == (6, 1, 1)
    assert micro.precision < 1.0 and micro.recall < 1.0
    kinds = {(e.kind, e.type) for e in score.errors if e.kind in ("miss", "false alarm")}
    assert kinds == {("miss", "title"), ("false alarm", "paragraph")}
    miss = next(e for e in score.errors if e.kind == "miss")
    assert miss.note == "predicted as paragraph"


def test_wrong_parent_and_missing_comment() -> None:
    page = Page(text=TEXT)
    s1, e1 = _span("Second, replying.")
    page.add_comment(Comment(id="b", start=s1, end=e1))  # found, but as a top-level comment
    cc = score_page(page, LABELS).comments
    assert (cc.gold, cc.predicted, cc.found, cc.parent_ok) == (2, 1, 1, 0)
    assert cc.recall == 0.5 and cc.precision == 1.0
    assert cc.author_ok == 0  # "Ann"'s comment was not found


def test_overlap_rule_needs_half_of_the_longer_span() -> None:
    assert match_spans([(0, 10)], [(0, 10)]) == {0: 0}
    assert match_spans([(0, 10)], [(5, 10)]) == {0: 0}  # 5 of 10
    assert match_spans([(0, 10)], [(6, 10)]) == {}  # 4 of 10
    assert match_spans([(0, 100)], [(0, 10)]) == {}  # a prediction swallowing the gold block
    # greedy by overlap: the better pair is taken first
    assert match_spans([(0, 10), (3, 12)], [(2, 12)]) == {1: 0}


def test_occurrence_picks_the_nth_match() -> None:
    text = "Reply\nx\nReply\n"
    assert resolve(text, "Reply") == (0, 5)
    assert resolve(text, "Reply", 1) == (8, 13)
    with pytest.raises(ValueError):
        resolve(text, "Reply", 2)


# -- fixture integrity ----------------------------------------------------------

LABEL_FILES = sorted(FIXTURES.rglob("*.labels.json"))


def test_fixture_folders_are_complete() -> None:
    assert len(list((FIXTURES / "dev").glob("*.labels.json"))) == 15
    assert len(list((FIXTURES / "heldout").glob("*.labels.json"))) == 5
    assert len(list((FIXTURES / "dev2").glob("*.labels.json"))) == 12
    assert len(list((FIXTURES / "dev3").glob("*.labels.json"))) == 12
    assert len(list((FIXTURES / "dev4").glob("*.labels.json"))) == 12
    assert len(list((FIXTURES / "dev5").glob("*.labels.json"))) == 16
    assert len(list((FIXTURES / "dev6").glob("*.labels.json"))) == 14
    assert len(list((FIXTURES / "dev7").glob("*.labels.json"))) == 12
    assert len(list((FIXTURES / "heldout8").glob("*.labels.json"))) == 16
    for txt in FIXTURES.rglob("*.txt"):
        assert txt.with_name(txt.stem + ".labels.json").exists(), f"{txt} has no labels"
    assert len(load_fixtures(FIXTURES)) == len(LABEL_FILES) >= 32


@pytest.mark.parametrize("labels_path", LABEL_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_labels_point_into_their_text(labels_path: Path) -> None:
    txt = labels_path.with_name(labels_path.name.removesuffix(".labels.json") + ".txt")
    text = txt.read_text(encoding="utf-8")
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    types = {t.value for t in BlockType}
    spans = []
    for b in labels["blocks"]:
        assert b["type"] in types, b
        assert b["text"], b
        assert b["text"] == b["text"].strip(), f"label text has surrounding whitespace: {b['text']!r}"
        assert b["text"] in text, f"not in {txt.name}: {b['text']!r}"
        spans.append(resolve(text, b["text"], int(b.get("occurrence", 0))))
    assert len(set(spans)) == len(spans), "two labels share one span"
    comment_spans = {s for s, b in zip(spans, labels["blocks"], strict=True) if b["type"] == "comment"}
    comments = labels.get("comments", [])
    for i, c in enumerate(comments):
        assert c["text"] in text, f"comment not in {txt.name}: {c['text']!r}"
        span = resolve(text, c["text"], int(c.get("occurrence", 0)))
        assert span in comment_spans, f"comment has no COMMENT block: {c['text']!r}"
        parent = c.get("parent")
        assert parent is None or (isinstance(parent, int) and 0 <= parent < i), f"bad parent {parent!r}"
        assert c.get("author") is None or isinstance(c["author"], str)
    assert len(comments) == len(comment_spans)
    # the score of a page predicting exactly its labels is perfect
    page = Page(text=text)
    for (start, end), b in zip(spans, labels["blocks"], strict=True):
        page.add_block(BlockType(b["type"]), start, end)
    assert score_page(page, {"blocks": labels["blocks"]}).micro.f1 == 1.0
