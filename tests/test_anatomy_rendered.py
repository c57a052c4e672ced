"""The HTML-to-dump renderer, the label carrying and the scoring of the rendered-page anatomy evaluation.

All but the last test use tiny HTML strings written here; the last needs ../shared/data and skips without it.
"""

from __future__ import annotations

import pytest

from benchmarks.anatomy_rendered import (
    COMMENT,
    NOT_STORY,
    STORY,
    TITLE,
    Labels,
    LinePrediction,
    is_title_line,
    label_against_article,
    label_with_snippets,
    predict_lines,
    readability_pages,
    run_anatomy,
    score_page,
    split_of,
)
from benchmarks.render_html import render
from newsaudit.page import BlockType, Page

from .conftest import require_shared_data

PAGE = """<html><head><title>Head title</title><style>p {color: red}</style></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></nav>
<h1>Storm hits the <em>coast</em></h1>
<p>The storm reached the coast on Monday, officials said.</p>
<p>Thousands of homes lost power<br>and roads were closed.</p>
<script>var tracking = "never shown";</script>
<div id="comments"><ol class="commentlist"><li class="comment">Stay safe everyone out there today!</li></ol></div>
</body></html>"""


def lines_of(html: str) -> list[str]:
    r = render(html)
    return [r.line_text(i) for i in range(len(r.lines))]


# -- rendering --------------------------------------------------------------------------------
def test_blocks_inline_and_dropped_elements():
    assert render(PAGE).text == (
        "Home\nWorld news\n\n"
        "Storm hits the coast\n\n"
        "The storm reached the coast on Monday, officials said.\n\n"
        "Thousands of homes lost power\nand roads were closed.\n\n"
        "Stay safe everyone out there today!"
    )


def test_inline_chunks_join_with_a_space_but_not_before_punctuation():
    assert lines_of("<p>Hello<b>world</b>! See (<a>here</a>).</p>") == ["Hello world! See (here)."]
    assert lines_of("<p>  a \n\t b  </p>") == ["a b"]


def test_divs_lists_tables_and_line_breaks():
    # a div whose text is all in child elements starts a line; a div with bare text of its own is a paragraph
    html = "<div><div><a>one</a></div><div><span>two</span></div></div><div>own <b>text</b></div>" \
           "<ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table>" \
           "<p>p1<br><br>p2</p>"
    assert lines_of(html) == ["one", "two", "", "own text", "", "a", "b", "", "x y", "z", "", "p1", "", "p2"]


def test_pre_keeps_its_line_breaks_and_comments_are_dropped():
    assert lines_of("<pre>a\n  b</pre><!-- hidden -->after") == ["a", "b", "", "after"]


def test_provenance_per_line():
    r = render(PAGE)
    assert len(r.lines) == r.text.count("\n") + 1
    by_text = {r.line_text(i): ln for i, ln in enumerate(r.lines)}
    assert by_text["Home"].tags == ("li",) and by_text["Home"].link_share == 1.0
    assert by_text["Storm hits the coast"].heading_chars == by_text["Storm hits the coast"].chars
    assert by_text["Stay safe everyone out there today!"].in_comment_markup
    assert not by_text["The storm reached the coast on Monday, officials said."].in_comment_markup
    assert by_text[""].chars == 0 and by_text[""].elements == []


def test_empty_and_xml_declared_documents():
    assert render("").text == ""
    assert render('<?xml version="1.0" encoding="utf-8"?><p>x</p>').text == "x"


# -- labels -------------------------------------------------------------------------------------
ARTICLE = """<div><h2>Storm hits the coast</h2><p>The storm reached the coast on Monday, officials said.</p>
<p>Thousands of homes lost power<br>and roads were closed.</p></div>"""


def test_article_labels():
    rendered = render(PAGE)
    labels = label_against_article(rendered, render(ARTICLE), title="Storm hits the coast | Daily Planet")
    got = {rendered.line_text(i): lab for i, lab in enumerate(labels.lines)}
    assert got["The storm reached the coast on Monday, officials said."] == STORY
    assert got["Thousands of homes lost power"] == STORY  # a whole line of the article
    assert got["Home"] == NOT_STORY  # a nav line
    assert got["Storm hits the coast"] == TITLE  # the title less its " | Site" segment
    assert got["Stay safe everyone out there today!"] == NOT_STORY
    assert got[""] is None


def test_short_line_inside_the_article_text_is_left_unlabelled():
    rendered = render("<ul><li>the coast</li></ul><p>The storm reached the coast on Monday.</p>")
    labels = label_against_article(rendered, render("<p>The storm reached the coast on Monday.</p>"))
    assert labels.lines[0] is None and labels.notes["short, ambiguous"] == 1
    assert labels.lines[2] == STORY


def test_mixed_line_is_left_unlabelled():
    rendered = render("<p>alpha beta gamma delta one two three four five six</p>")
    labels = label_against_article(rendered, render("<p>alpha beta gamma delta epsilon</p>"))
    assert labels.lines == [None] and labels.notes["mixed"] == 1  # 4 of 10 tokens covered


def test_title_line_variants():
    assert is_title_line("Storm hits the coast - Daily Planet", "Storm hits the coast")
    assert is_title_line("storm  hits the COAST", "Storm hits the coast")
    assert not is_title_line("Daily Planet", "Storm hits the coast | Daily Planet")


def test_snippet_labels_are_partial():
    rendered = render(PAGE)
    labels = label_with_snippets(
        rendered,
        with_=["reached the coast on Monday", "the"],  # "the" is everywhere: labels nothing
        without=["World news"],
        comments=["Stay safe everyone"],
        title="Storm hits the coast",
    )
    got = {rendered.line_text(i): lab for i, lab in enumerate(labels.lines)}
    assert got["The storm reached the coast on Monday, officials said."] == STORY
    assert got["World news"] == NOT_STORY
    assert got["Stay safe everyone out there today!"] == COMMENT
    assert got["Storm hits the coast"] == TITLE
    assert got["Home"] is None and got["Thousands of homes lost power"] is None
    assert labels.notes["story snippets found more than once"] == 1


def test_snippet_across_a_line_break_labels_both_lines_and_conflicts_are_dropped():
    rendered = render("<p>alpha beta<br>gamma delta</p><p>keep this and drop that</p>")
    labels = label_with_snippets(rendered, with_=["beta gamma", "keep this"], without=["drop that"])
    assert labels.lines == [STORY, STORY, None, None]
    assert labels.notes["conflict"] == 1


def test_split_is_stable_and_about_a_fifth():
    names = [f"page-{i}.html" for i in range(2000)]
    blind = sum(split_of(n) == "blind" for n in names)
    assert 300 < blind < 520
    assert split_of("page-7.html") == split_of("page-7.html")


# -- scoring --------------------------------------------------------------------------------------
def test_scoring_arithmetic():
    rendered = render("<p>aaaa</p><p>bbbb</p><p>cccc</p>")  # lines: aaaa, "", bbbb, "", cccc
    labels = Labels([STORY, None, STORY, None, NOT_STORY])
    preds = [
        LinePrediction(BlockType.PARAGRAPH.value, 4, 4),
        LinePrediction("(no block)", 0, 0),
        LinePrediction(BlockType.BOILERPLATE.value, 0, 4),  # a lost story line
        LinePrediction("(no block)", 0, 0),
        LinePrediction(BlockType.PARAGRAPH.value, 4, 4),  # junk kept
    ]
    s = score_page(rendered, labels, preds)
    assert (s.tp, s.fn, s.fp, s.tn) == (1, 1, 1, 0)
    assert s.recall == 0.5 and s.precision == 0.5
    assert s.lost_share == 0.5  # 4 of 8 story characters
    assert s.junk_share == 0.5  # 4 of 8 characters predicted story
    assert s.wrong == 2 and s.pages_right == 0
    assert s.lost_to == {"boilerplate": 1}
    assert s.kept_shape == {"short line (< 6 words)": 1}


def test_comment_and_title_scoring():
    rendered = render("<h1>Title here</h1><p>a comment text</p>")  # lines: title, "", comment
    labels = Labels([TITLE, None, COMMENT])
    preds = [LinePrediction("title", 0, 10), LinePrediction("(no block)", 0, 0), LinePrediction("comment", 0, 14)]
    s = score_page(rendered, labels, preds)
    assert (s.title_pages, s.title_right) == (1, 1)
    assert (s.comment_lines, s.comment_as_comment, s.comment_as_story) == (1, 1, 0)
    assert s.wrong == 0 and s.pages_right == 1 and s.junk_share == 0.0


def test_predicted_blocks_map_to_lines():
    rendered = render("<p>HEADLINE</p><p>Body text of the story.</p>")
    page = Page(text=rendered.text)
    page.add_block(BlockType.TITLE, 0, 8, "test")
    page.add_block(BlockType.PARAGRAPH, 10, len(rendered.text), "test")
    page.add_block(BlockType.DATELINE, 10, 14, "test")  # a dateline inside the paragraph
    preds = predict_lines(page, rendered)
    assert [p.type for p in preds] == ["title", "(no block)", "paragraph"]
    assert preds[2].story_chars == preds[2].chars == len("Body text of the story.")


def test_anatomy_runs_on_the_text_path():
    rendered = render(PAGE)
    page = run_anatomy(rendered.text, "tiny")
    assert page.text == rendered.text and "regions" not in page.meta
    assert len(predict_lines(page, rendered)) == len(rendered.lines)


@pytest.mark.data
def test_real_pages_render_and_label():
    data = require_shared_data("mozilla_readability_testpages").parent
    pages = list(readability_pages(data, limit=3))
    assert len(pages) == 3
    assert all(len(lp.labels.lines) == len(lp.rendered.lines) for lp in pages)
    pooled = {lab for lp in pages for lab in lp.labels.lines}
    assert {STORY, NOT_STORY} <= pooled

