"""Metamorphic tests: the same page dumped by different crawlers gets the same anatomy.

Every development fixture and the canonical page go through the rewrites of
``benchmarks.crawler_variants`` (each fixture through two of the four a reader
cannot see, and through every one that drops layout). Rewrites a reader cannot
see must give the very same blocks and comment tree; rewrites that drop layout must keep the
story and the comments, and may flatten replies only where indentation alone
showed them.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from benchmarks.anatomy_fixtures import PageScore, load_fixtures, score_page
from benchmarks.crawler_variants import (
    LOSSLESS,
    LOSSY,
    VARIANTS,
    carry_labels,
    hard_wrap,
    inverse,
    shape,
    unchanged,
)
from newsaudit.anatomy.lines import split_lines
from newsaudit.anatomy.wrapping import unwrap, wrap_width
from newsaudit.page import BlockType, Page
from newsaudit.pipeline import Pipeline, PipelineConfig

FIXTURES = Path(__file__).parent / "fixtures" / "anatomy"
CANONICAL = Path(__file__).parents[1] / "src" / "newsaudit" / "examples" / "syria-repost-with-comments.txt"
DEV = [fx for fx in load_fixtures(FIXTURES) if fx.split.startswith("dev")]


@pytest.fixture(scope="module")
def anatomy() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("anatomy",)))


@pytest.fixture(scope="module")
def originals(anatomy_once) -> dict[str, Page]:
    """Each fixture's own dump audited once a session, for every rewrite to be held against (2,200 pages a pass)."""
    return {fixture.name: anatomy_once.audit(fixture.text, name=fixture.name) for fixture in DEV}


def _audit_rewrite(anatomy: Pipeline, originals: dict[str, Page], fixture, text: str) -> Page:
    """The page of a rewrite; a rewrite that left the dump as it was (no indentation to turn into tabs or strip) is
    the original's page, since anatomy is a pure function of its input (tests/test_properties_anatomy.py)."""
    return originals[fixture.name] if text == fixture.text else anatomy.audit(text)


def _half_for(variant: str) -> list:
    """The development pages an invisible rewrite is held to: each page goes through two of the four rewrites (which
    two is fixed by its name), so every rewrite meets some 1,400 pages of every set and the suite stays inside its
    time as sets are folded in; ``make eval``'s crawler-variant benchmark puts every page through every rewrite."""
    turn = sorted(LOSSLESS).index(variant)
    return [fixture for fixture in DEV if (zlib.crc32(fixture.name.encode()) + turn) % 2 == 0]


def test_each_development_page_meets_two_invisible_rewrites():
    met = {fixture.name: 0 for fixture in DEV}
    for variant in LOSSLESS:
        for fixture in _half_for(variant):
            met[fixture.name] += 1
    assert set(met.values()) == {2}


@pytest.mark.parametrize("variant", sorted(LOSSLESS))
def test_invisible_rewrites_give_the_same_blocks_and_tree(anatomy, originals, variant):
    changed = []
    for fixture in _half_for(variant):
        rewritten = LOSSLESS[variant](fixture.text)
        assert rewritten.text != fixture.text or variant == "tabs", fixture.name
        after = shape(_audit_rewrite(anatomy, originals, fixture, rewritten.text), inverse(rewritten))
        if after != shape(originals[fixture.name]):
            changed.append(fixture.name)
    assert changed == []


@pytest.fixture(scope="module")
def variant_scores(anatomy, originals) -> dict[str, PageScore]:
    scores: dict[str, PageScore] = {}
    for fixture in DEV:
        labels = carry_labels(fixture.text, fixture.labels, unchanged(fixture.text))
        scores.setdefault("original", PageScore()).add(score_page(originals[fixture.name], labels, fixture.name))
        for name, rewrite in LOSSY.items():
            rewritten = rewrite(fixture.text)
            labels = carry_labels(fixture.text, fixture.labels, rewritten)
            page = _audit_rewrite(anatomy, originals, fixture, rewritten.text)
            scores.setdefault(name, PageScore()).add(score_page(page, labels, fixture.name))
    return scores


@pytest.mark.parametrize("variant", sorted(LOSSY))
def test_layout_losing_rewrites_keep_the_story_and_the_comments(variant_scores, variant):
    original, rewritten = variant_scores["original"], variant_scores[variant]
    # 0.02: hard wrapping at 72 columns costs the 64 development sets 0.016 block F1 (2026-12-06; 0.014 on 48 sets),
    # most of it on whole pages and pages with no story, whose wrapped teasers and widget lines come back as one
    # furniture block a line where the labels hold one a teaser
    assert rewritten.micro.f1 >= original.micro.f1 - 0.02
    # titles 0.035: hard wrapping costs the 80 development sets' titles 0.030 (2026-12-06), a headline wrapped over
    # two lines under a whole page's chrome or an error page's wrapped apology weighing less for the title check
    for kind, tolerance in (("title", 0.035), ("paragraph", 0.03), ("comment", 0.03)):
        assert rewritten.counts[kind].f1 >= original.counts[kind].f1 - tolerance, kind
    # no comment the original dump gives is lost (a blind set folded in may hold comments no dump gives yet)
    assert rewritten.comments.recall >= original.comments.recall - 0.005
    if variant != "dedent":  # nesting shown only by indentation cannot come back once it is stripped
        assert rewritten.comments.tree_accuracy >= original.comments.tree_accuracy - 0.01


@pytest.fixture(scope="module")
def canonical_text() -> str:
    return CANONICAL.read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_canonical_page_is_the_same_page_in_every_variant(canonical_text, variant):
    pipeline = Pipeline(PipelineConfig(stages=("anatomy", "comments")))
    want = pipeline.audit(canonical_text)
    got = pipeline.audit(VARIANTS[variant](canonical_text).text)
    assert got.title == want.title
    assert got.summary["anatomy"]["block_counts"] == want.summary["anatomy"]["block_counts"]
    assert len(got.comments) == 7
    assert [c.moderation["decision"] for c in got.comments] == [c.moderation["decision"] for c in want.comments]
    assert [bool(c.parent) for c in got.comments] == [bool(c.parent) for c in want.comments]
    assert len(got.blocks_of(BlockType.COMMENT_POLICY)) == 1
    assert len(got.blocks_of(BlockType.BOILERPLATE)) == 10


def test_a_wrapped_dump_is_recognised_and_joined_with_page_offsets():
    paragraph = ("The council voted on Tuesday to close the bridge for repairs, a decision that residents "
                 "of the east bank had opposed for months because it doubles their commute.")
    text = f"Bridge to close\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n\nJane says:\nGood."
    wrapped = hard_wrap(text).text
    lines = split_lines(wrapped)
    assert wrap_width(lines) == 72
    joined = unwrap(lines)
    story = [ln for ln in joined if ln.text.startswith("The council")]
    assert len(story) == 3 and all(ln.text == paragraph for ln in story)
    # every character of the joined text sits at its offset in the wrapped page
    first = story[0]
    assert all(wrapped[first.at(i)] == ch for i, ch in enumerate(first.text) if ch != " ")
    assert [ln.text for ln in joined if ln.text in ("Jane says:", "Good.")] == ["Jane says:", "Good."]


def test_a_wrapped_dump_keeps_a_list_s_headlines_apart_and_joins_a_headline_s_last_word():
    paragraph = ("The council voted on Tuesday to close the bridge for repairs, a decision that residents "
                 "of the east bank had opposed for months because it doubles their commute.")
    related = ["Ardoin County commission delays vote on sewer bond again",
               "What a structurally deficient sewer system means for your water bill",  # 68 columns, a word short
               "Pelican Point boat launch to close for dredging this summer"]
    headline = "County Commissioner Wants Answers After Jail Releases Man Wanted in Two States"
    text = "\n\n".join((headline, paragraph, paragraph, paragraph, "Related Articles\n" + "\n".join(related)))
    wrapped = hard_wrap(text).text
    assert "Two\nStates" in wrapped
    joined = [ln.text for ln in unwrap(split_lines(wrapped))]
    assert all(item in joined for item in related)
    assert headline in joined


def test_a_wrapped_dump_joins_a_menu_bar_and_a_two_sentence_headline():
    paragraph = ("The council voted on Tuesday to close the bridge for repairs, a decision that residents "
                 "of the east bank had opposed for months because it doubles their commute.")
    menu = "Home | Deep State | Geoengineering | Health Freedom | Videos | Archives | Donate"
    headline = ("GOP Governor's Top Donor Got a No-Bid Contract to Run the State's Child Abuse Hotline. Then the Calls "
                "Went Unanswered.")
    wrapped = hard_wrap("\n\n".join((menu, headline, paragraph, paragraph, paragraph))).text
    assert "Archives\n| Donate" in wrapped or "Archives |\nDonate" in wrapped
    joined = [ln.text for ln in unwrap(split_lines(wrapped))]
    assert menu in joined and headline in joined


def test_a_wrapped_dump_joins_a_quoted_headline_tail_and_keeps_a_dated_byline_apart():
    paragraph = ("The council voted on Tuesday to close the bridge for repairs, a decision that residents "
                 "of the east bank had opposed for months because it doubles their commute.")
    headline = ('Pentagon Greenlights $1.3 Billion in Bombs for the Coalition Starving Yemen. '
                'The Wire Calls It a "Sale."')
    wire_head = "S. Korean envoys arrive in Pyongyang for talks on summit, nuclear issue"  # 71 columns
    byline = "Yonhap | March 5, 2018 | 14:32 KST"
    wrapped = hard_wrap("\n".join((headline, wire_head, byline)) + "\n\n" + "\n\n".join((paragraph,) * 3)).text
    joined = [ln.text for ln in unwrap(split_lines(wrapped))]
    assert headline in joined and byline in joined


@pytest.mark.parametrize("name", ["dev17/left-own-detention-donor-disqus-tabs",
                                  "dev19/conspiracy-own-water-tower-antennas-disqus-tabs"])
def test_tab_indented_threads_do_not_hide_a_dump_s_wrap_width(name):
    # Disqus replies indented by tabs: the width is read from the columns a line takes in the page, not from
    # Line.indent (a tab as four), which once set it past the wrap and left the page unjoined
    fixture = next(fx for fx in DEV if fx.name == name)
    assert "\t" in fixture.text
    assert wrap_width(split_lines(LOSSY["hardwrap"](fixture.text).text)) == 72


def test_short_lines_and_long_paragraphs_are_not_taken_for_wrapping():
    menu = "\n".join(f"Section {i} of the site" for i in range(30))
    assert wrap_width(split_lines(menu)) is None
    prose = "\n\n".join("A long paragraph that runs on " * (3 + i % 5) for i in range(12))
    assert wrap_width(split_lines(prose)) is None


def test_flat_numbered_thread_reads_replies_from_restarted_numbers(anatomy):
    text = ("Title of the story here\n\nThe story has a paragraph of prose that is long enough to count.\n\n"
            "The second paragraph of the story is also prose, and it ends here.\n\n"
            "3 thoughts on “Title of the story here”\n\n"
            "1. First comment, top level.\nIt goes on over a second line.\n\n"
            "1. A reply to the first comment.\n\n"
            "2. Second top-level comment.\n\n"
            "3. Third top-level comment.\n")
    page = anatomy.audit(text)
    texts = [(page.text[c.start:c.end].split(".")[0], c.parent) for c in page.comments]
    ids = [c.id for c in page.comments]
    assert texts == [("First comment, top level", None), ("A reply to the first comment", ids[0]),
                     ("Second top-level comment", None), ("Third top-level comment", None)]


def test_flat_disqus_thread_follows_the_reply_arrow(anatomy):
    text = ("Title of the story here\n\nThe story has a paragraph of prose that is long enough to count.\n\n"
            "The second paragraph of the story is also prose, and it ends here.\n\n"
            "2 Comments\n\n"
            "Jean-Marc R. • 3 years ago\nAbout time the council acted.\nReply•Share ›\n"
            "Lola P. • 3 years ago\nUnrelated top-level comment.\nReply•Share ›\n"
            "gerald_h → Jean-Marc R. • 3 years ago\nAnd the owners all live elsewhere.\nReply•Share ›\n")
    page = anatomy.audit(text)
    by_author = {c.author: c for c in page.comments}
    assert by_author["gerald_h"].parent == by_author["Jean-Marc R."].id
    assert by_author["Lola P."].parent is None
