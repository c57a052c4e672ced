"""Property tests of the anatomy stage and the page model on arbitrary, news-shaped and mutated pages.

The invariants (tests/fuzz/common.py ``page_problems``) come from page.py and docs/ARCHITECTURE.md: spans lie in
the text; blocks do not overlap except a dateline inside its paragraph; every comment has a comment block of the
same span, comments do not overlap, replies follow a parent that exists, one level deeper; what a block or the
summary claims (dateline place, byline authors, comment authors and mentions, counts) is in the text; the JSON
report validates against report/schema.json and Page.from_dict(to_dict) gives the same report. ``audit`` is a pure
function of its input, and refuses only with a NewsauditError.
"""

from __future__ import annotations

from functools import cache

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsaudit.batch.runner import StageSettings
from newsaudit.io.loader import LoadedInput
from newsaudit.page import BlockType, Page
from newsaudit.pipeline import Pipeline, PipelineConfig
from tests.fuzz.common import SMALL_DUMP, audit_checked, canonical_text, check_page, remembered
from tests.fuzz.strategies import NEWS_LINES, edited_dump, examples, html_pages, layout_text, news_dumps

CANONICAL = canonical_text()
#: The canonical dump cut to its article and first comments, so the full pipeline stays cheap per example.
CANONICAL_HEAD = CANONICAL[: CANONICAL.index("Another and very disturbing book")]


@cache
def anatomy() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("anatomy",)))


@cache
def full_pipeline() -> Pipeline:
    """All stages, the slant booster off (as batch runs without it): the page path without MiniLM's cost."""
    return Pipeline(StageSettings(booster=False).pipeline_config())


titles = st.none() | st.sampled_from(NEWS_LINES[:3]) | layout_text


def test_canonical_page_satisfies_every_invariant() -> None:
    page = full_pipeline().audit(CANONICAL)
    check_page(page)
    assert page.comments and page.blocks_of(BlockType.DATELINE)  # the invariants were exercised, not vacuous


@settings(max_examples=examples(60))
@given(layout_text)
def test_anatomy_of_arbitrary_text(text: str) -> None:
    audit_checked(anatomy().audit, text)


@settings(max_examples=examples(50))
@given(news_dumps(), titles)
@example("Title line\n\nWASHINGTON (Reuters) - The vote is next week, officials said.\n\nJohn says:\nReply", None)
def test_anatomy_of_news_shaped_dumps(text: str, title: str | None) -> None:
    audit_checked(anatomy().audit, text, **({"title": title} if title is not None else {}))


@settings(max_examples=examples(30))
@given(edited_dump(CANONICAL))
def test_anatomy_of_the_canonical_page_edited(text: str) -> None:
    audit_checked(anatomy().audit, text)


@settings(max_examples=examples(20))
@given(edited_dump(SMALL_DUMP, max_ops=4))
def test_anatomy_of_a_small_threaded_page_edited(text: str) -> None:
    audit_checked(anatomy().audit, text)


@settings(max_examples=examples(15))
@given(html_pages())
def test_anatomy_of_html_pages(html: str) -> None:
    """HTML pages go through page_from_html and then the anatomy of their article region."""
    with remembered("html", html.encode("utf-8", "surrogatepass")):
        audit_checked(lambda text: anatomy().audit_loaded(LoadedInput(text, True, "str", "fuzz")), html, "html")


@settings(max_examples=examples(15))
@given(news_dumps(max_lines=15) | edited_dump(SMALL_DUMP))
def test_anatomy_is_a_pure_function_of_its_input(text: str) -> None:
    first = audit_checked(anatomy().audit, text)
    second = audit_checked(anatomy().audit, text)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert first.to_dict() == second.to_dict()


@settings(max_examples=examples(4))
@given(news_dumps(max_lines=12), titles)
def test_full_pipeline_on_news_shaped_dumps(text: str, title: str | None) -> None:
    audit_checked(full_pipeline().audit, text, **({"title": title} if title is not None else {}))


@settings(max_examples=examples(3))
@given(edited_dump(CANONICAL_HEAD, max_ops=4))
def test_full_pipeline_on_the_canonical_page_edited(text: str) -> None:
    page = audit_checked(full_pipeline().audit, text)
    assert page is not None


@settings(max_examples=examples(10))
@given(st.lists(st.tuples(st.sampled_from(list(BlockType)), st.integers(0, 60), st.integers(0, 60),
                          st.text(max_size=10)), max_size=6),
       st.text(min_size=1, max_size=60))
def test_page_dict_round_trip_keeps_blocks(spans: list[tuple[BlockType, int, int, str]], text: str) -> None:
    """Page.from_dict(to_dict) keeps every block, in order, whatever was added (a model promise, no stage)."""
    page = Page(text=text)
    for kind, a, b, reason in spans:
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        page.add_block(kind, start, end, reason, note=reason)
    again = Page.from_dict(page.to_dict())
    assert again.to_dict() == page.to_dict()
