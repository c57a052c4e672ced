"""The page model: offsets are checked, blocks stay in reading order, JSON round-trips."""

from __future__ import annotations

import pytest

from newsaudit.page import SCHEMA_VERSION, BlockType, Comment, Finding, Page, Span


def test_spans_outside_the_text_are_refused():
    page = Page(text="short text")
    with pytest.raises(ValueError, match="outside page text"):
        page.add_block(BlockType.PARAGRAPH, 0, 99)
    with pytest.raises(ValueError, match="outside page text"):
        page.add_finding(Finding(5, 3, "x", "k", "l", 0.5, "r"))
    with pytest.raises(ValueError, match="invalid span"):
        Span(4, 2)


def test_blocks_are_kept_in_reading_order_outer_first():
    page = Page(text="MOSCOW (Reuters) - Russia warned.\n\nSecond paragraph.")
    page.add_block(BlockType.PARAGRAPH, 35, 52)
    page.add_block(BlockType.DATELINE, 0, 16)
    page.add_block(BlockType.PARAGRAPH, 0, 33)
    assert [(b.type, b.start) for b in page.blocks] == [
        (BlockType.PARAGRAPH, 0), (BlockType.DATELINE, 0), (BlockType.PARAGRAPH, 35)]


def test_round_trip_and_version_check():
    page = Page(text="Title\n\nA comment here.", meta={"name": "x"})
    page.add_block(BlockType.TITLE, 0, 5, "first line")
    page.add_comment(Comment(id="c1", start=7, end=22, author="Ann"))
    data = page.to_dict()
    assert data["schema_version"] == SCHEMA_VERSION
    again = Page.from_dict(data)
    assert again.to_dict() == data and again.title == "Title"
    with pytest.raises(ValueError, match="unsupported report schema version"):
        Page.from_dict({**data, "schema_version": "2.0"})


def test_reports_of_other_minor_versions():
    """docs/report-schema.md's version policy: older minors read; a newer minor reads where it adds nothing this
    version cannot hold, and otherwise says to upgrade (never a TypeError about keyword arguments)."""
    page = Page(text="Title\n\nA comment here.", meta={"name": "x"})
    page.add_block(BlockType.TITLE, 0, 5, "first line")
    page.add_comment(Comment(id="c1", start=7, end=22, author="Ann"))
    page.add_finding(Finding(7, 8, "slant", "propaganda", "Doubt", 0.5, "why"))
    data = page.to_dict()
    major, minor = SCHEMA_VERSION.split(".")
    older, newer = f"{major}.0", f"{major}.{int(minor) + 1}"
    assert Page.from_dict({**data, "schema_version": older}).to_dict() == data
    assert Page.from_dict({**data, "schema_version": newer, "new_field": 1}).to_dict() == data
    changed = [
        {"blocks": [{**data["blocks"][0], "type": "sidebar"}]},
        {"comments": [{**data["comments"][0], "likes": 3}]},
        {"findings": [{**data["findings"][0], "confidence": "high"}]},
    ]
    for change in changed:
        with pytest.raises(ValueError, match=f"schema version {newer} .* upgrade newsaudit"):
            Page.from_dict({**data, **change, "schema_version": newer})
        with pytest.raises((TypeError, ValueError)) as raised:  # at this version, it is a broken report
            Page.from_dict({**data, **change})
        assert "upgrade" not in str(raised.value)
