"""The canonical page: a Reuters story re-posted under an unattributed lead, with a hateful thread."""

from __future__ import annotations

from newsaudit.page import BlockType


def texts(page, block_type):
    return [page.slice(b) for b in page.blocks_of(block_type)]


def test_title(canonical_page):
    assert canonical_page.title == "Russia will target U.S.-backed fighters in Syria if provoked"


def test_three_opening_paragraphs_are_an_editorial_insertion(canonical_page):
    insertions = texts(canonical_page, BlockType.INSERTION)
    assert len(insertions) == 3
    assert insertions[0].startswith("The United States’ highly illegal operations")
    assert insertions[2].startswith("American commandos are embedded with the so called")
    dateline = canonical_page.first(BlockType.DATELINE)
    assert all(b.end < dateline.start for b in canonical_page.blocks_of(BlockType.INSERTION))
    assert "Reuters" in canonical_page.blocks_of(BlockType.INSERTION)[0].reason


def test_wire_dateline(canonical_page):
    (dateline,) = canonical_page.blocks_of(BlockType.DATELINE)
    assert canonical_page.slice(dateline) == "MOSCOW/WASHINGTON (Reuters)"
    assert dateline.attrs["agency"] == "reuters"
    assert canonical_page.summary["anatomy"]["wire_agency"] == "Reuters"


def test_wire_body_is_paragraphs_not_insertions(canonical_page):
    paragraphs = texts(canonical_page, BlockType.PARAGRAPH)
    assert paragraphs[0].startswith("MOSCOW/WASHINGTON (Reuters) – Russia warned")
    assert paragraphs[-1].startswith("On Monday, the SDF warned")
    assert len(paragraphs) == 17
    assert not any("highly illegal" in p for p in paragraphs)


def test_byline_at_the_foot(canonical_page):
    (byline,) = canonical_page.blocks_of(BlockType.BYLINE)
    assert canonical_page.slice(byline) == "Andrew Osborn, Phil Stewart"
    assert byline.attrs["authors"] == ["Andrew Osborn", "Phil Stewart"]


def test_comment_header_and_declared_count(canonical_page):
    (header,) = texts(canonical_page, BlockType.COMMENT_HEADER)
    assert header.startswith("10 thoughts on “Russia will target")
    summary = canonical_page.summary["anatomy"]
    assert summary["comments_declared"] == 10
    assert summary["comments_found"] == 7


def test_seven_comments_with_two_nested_replies(canonical_page):
    comments = sorted(canonical_page.comments, key=lambda c: c.start)
    assert len(comments) == 7
    starts = [canonical_page.slice(c)[:25] for c in comments]
    assert starts[0].startswith("It is terribly unfortunat")
    replies = [c for c in comments if c.parent is not None]
    assert len(replies) == 2
    by_id = {c.id: c for c in comments}
    first_reply, second_reply = replies
    assert canonical_page.slice(first_reply).startswith("THANKS, for the Tip brother")
    assert canonical_page.slice(by_id[first_reply.parent]).startswith("The funny thing about that whole")
    assert canonical_page.slice(second_reply).startswith("Thank you Kenneth")
    assert canonical_page.slice(by_id[second_reply.parent]).startswith("@Shaplemau")
    assert all(c.depth == 1 for c in replies)
    assert by_id[second_reply.parent].meta["mentions"] == ["Shaplemau"]


def test_comment_text_spans_whole_comment(canonical_page):
    comments = sorted(canonical_page.comments, key=lambda c: c.start)
    assert canonical_page.slice(comments[2]).endswith("THEY are the “Terrorist/Evil-Empire” on this planet.")
    assert canonical_page.slice(comments[-1]).endswith("Trump gets worse by the day")
    # the reply is not swallowed by its parent
    assert comments[2].end < comments[3].start


def test_comment_policy(canonical_page):
    assert texts(canonical_page, BlockType.COMMENT_POLICY) == ["We do appreciate sensible comments..."]


def test_every_comment_form_line_is_boilerplate(canonical_page):
    boilerplate = texts(canonical_page, BlockType.BOILERPLATE)
    for expected in ("Fill in your details below", "Google photo", "Twitter picture", "Facebook photo",
                     "Connecting to %s", "This site uses Akismet"):
        assert any(b.startswith(expected) for b in boilerplate), expected
    assert sum(b.startswith("You are commenting using your") for b in boilerplate) == 4
    assert len(boilerplate) == 10


def test_every_non_blank_line_is_covered(canonical_page):
    text = canonical_page.text
    covered = [False] * len(text)
    for block in canonical_page.blocks:
        for i in range(block.start, block.end):
            covered[i] = True
    uncovered = "".join(ch if not covered[i] else " " for i, ch in enumerate(text))
    leftovers = [w for w in uncovered.split() if not w.rstrip(".").isdigit()]
    assert leftovers == []
