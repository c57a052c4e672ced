"""page_from_html: title, article body and a threaded comment section from real-looking markup."""

from __future__ import annotations

import itertools
import json
import tarfile
import unicodedata

import pytest

from newsaudit.errors import InputError
from newsaudit.io.html import page_from_html
from newsaudit.page import BlockType, Page

from .conftest import require_shared_data

BODY = """
<p>RIVERSIDE – The city council voted 7-2 on Tuesday to approve a new pedestrian bridge across the
river, ending a debate that lasted more than three years and split two neighbourhoods.</p>
<p>The bridge will cost an estimated 4.2 million dollars and is expected to open in 2027, according
to the city engineer, who presented the final plans at the meeting on Tuesday evening.</p>
<p>Opponents argued that the money should go to road repairs instead, but supporters said the
crossing would link two neighbourhoods that have been cut off from each other for decades.</p>
"""

WORDPRESS = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves new bridge | Riverside Gazette</title>
<meta property="og:title" content="Council approves new bridge">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main id="main"><article class="post">
<h1 class="entry-title">Council approves new bridge</h1>
<div class="entry-content">{BODY}</div></article>
<div id="comments" class="comments-area">
<h2 class="comments-title">3 thoughts on &ldquo;Council approves new bridge&rdquo;</h2>
<ol class="comment-list">
<li id="comment-11" class="comment even thread-even depth-1">
 <article id="div-comment-11" class="comment-body">
  <footer class="comment-meta"><div class="comment-author vcard"><img class="avatar" src="a.png" alt="">
   <b class="fn">Alice Walker</b> <span class="says">says:</span></div>
   <div class="comment-metadata"><a href="#comment-11">
    <time datetime="2024-05-01T10:00:00">May 1, 2024 at 10:00 am</time></a></div>
  </footer>
  <div class="comment-content"><p>Finally! I have been waiting for this bridge for years.</p>
   <p>Great news for cyclists.</p></div>
  <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
 </article>
 <ol class="children">
  <li id="comment-12" class="comment odd alt depth-2">
   <article id="div-comment-12" class="comment-body">
    <footer class="comment-meta"><div class="comment-author vcard">
     <b class="fn">Bob Stone</b> <span class="says">says:</span></div>
    <div class="comment-metadata"><a href="#comment-12">
     <time datetime="2024-05-01T11:00:00">May 1, 2024 at 11:00 am</time></a></div></footer>
    <div class="comment-content"><p>Typical waste of money. &lt;script&gt;alert(1)&lt;/script&gt;</p></div>
    <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
   </article>
  </li>
 </ol>
</li>
<li id="comment-13" class="comment even thread-odd depth-1">
 <article id="div-comment-13" class="comment-body">
  <footer class="comment-meta"><div class="comment-author vcard">
   <b class="fn">Chloé Müller</b> <span class="says">says:</span></div></footer>
  <div class="comment-content"><p>Schön – endlich eine Brücke für Fußgänger.</p></div>
 </article>
</li>
</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div>
</div></main>
<footer>© 2024 Riverside Gazette</footer>
</body></html>
"""

# Older WordPress themes: li#li-comment-N wraps div#comment-N, the author is a cite.fn,
# replies sit in ul.children of the wrapper, not of the comment div.
OLD_WORDPRESS = f"""<html><head><title>Old theme</title></head><body>
<div id="content"><h1>Market day returns</h1><div class="entry">{BODY}</div>
<div id="comments"><ol class="commentlist">
<li class="comment" id="li-comment-7"><div id="comment-7">
  <div class="comment-author vcard"><cite class="fn">Dana</cite> <span class="says">says:</span></div>
  <div class="comment-meta commentmetadata"><a href="#comment-7">March 3, 2010 at 10:15 am</a> (Edit)</div>
  <p>Glad to see the market back in town.</p>
  <div class="reply"><a href="#">Reply</a></div></div>
  <ul class="children">
   <li class="comment" id="li-comment-8"><div id="comment-8">
    <div class="comment-author vcard"><cite class="fn">Eli</cite> <span class="says">says:</span></div>
    <p>Me too, the cheese stall was the best part.</p></div>
    <ul class="children">
     <li class="comment" id="li-comment-9"><div id="comment-9">
      <div class="comment-author vcard"><cite class="fn">Dana</cite></div>
      <p>Agreed, see you there next week.</p></div></li>
    </ul>
   </li>
  </ul>
</li></ol></div></div></body></html>
"""


def _check_offsets(page: Page) -> None:
    """Every block and comment points into page.text; comment blocks never overlap."""
    n = len(page.text)
    for b in page.blocks:
        assert 0 <= b.start <= b.end <= n
    spans = sorted((b.start, b.end) for b in page.blocks_of(BlockType.COMMENT, BlockType.COMMENT_META))
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        assert e1 <= s2
    regions = page.meta["regions"]
    a0, a1 = regions["article"]
    assert 0 <= a0 <= a1 <= n
    if regions["comments"]:
        c0, c1 = regions["comments"]
        assert a1 <= c0 <= c1 == n
        for c in page.comments:
            assert c0 <= c.start <= c.end <= c1


@pytest.fixture(scope="module")
def wp_page() -> Page:
    return page_from_html(WORDPRESS, name="wp.html", source="test")


def test_meta_and_title(wp_page: Page) -> None:
    assert wp_page.meta["format"] == "html"
    assert wp_page.meta["name"] == "wp.html" and wp_page.meta["source"] == "test"
    assert wp_page.title == "Council approves new bridge"
    assert wp_page.text.startswith("Council approves new bridge\n\n")
    _check_offsets(wp_page)


def test_article_region_holds_body_not_title_or_comments(wp_page: Page) -> None:
    a0, a1 = wp_page.meta["regions"]["article"]
    article = wp_page.text[a0:a1]
    assert article.startswith("RIVERSIDE – The city council voted 7-2")
    assert "cut off from each other for decades." in article
    assert "\n\nThe bridge will cost" in article  # paragraphs split by blank lines
    title = wp_page.first(BlockType.TITLE)
    assert title is not None and title.end <= a0
    for leaked in ("Alice Walker", "Finally!", "Leave a Reply", "Home", "© 2024"):
        assert leaked not in article


def test_nested_thread_with_authors(wp_page: Page) -> None:
    comments = list(wp_page.walk_comments())
    assert [c.author for c in comments] == ["Alice Walker", "Bob Stone", "Chloé Müller"]
    assert [c.id for c in comments] == ["comment-11", "comment-12", "comment-13"]
    assert [(c.parent, c.depth) for c in comments] == [(None, 0), ("comment-11", 1), (None, 0)]
    assert wp_page.replies_to("comment-11") == [comments[1]]
    first = "Finally! I have been waiting for this bridge for years.\nGreat news for cyclists."
    assert wp_page.slice(comments[0]) == first
    assert comments[0].meta["date"] == "May 1, 2024 at 10:00 am"
    # one COMMENT block per comment, covering the same text
    blocks = wp_page.blocks_of(BlockType.COMMENT)
    assert [(b.start, b.end) for b in blocks] == [(c.start, c.end) for c in comments]
    assert wp_page.meta["comments_source"] == "html-markup"


def test_comment_meta_header_and_controls(wp_page: Page) -> None:
    metas = [wp_page.slice(b) for b in wp_page.blocks_of(BlockType.COMMENT_META)]
    assert metas == ["Alice Walker · May 1, 2024 at 10:00 am", "Bob Stone · May 1, 2024 at 11:00 am", "Chloé Müller"]
    header = wp_page.first(BlockType.COMMENT_HEADER)
    assert header is not None and wp_page.slice(header) == "3 thoughts on “Council approves new bridge”"
    c0, _ = wp_page.meta["regions"]["comments"]
    comments_part = wp_page.text[c0:]
    for control in ("Reply", "says:", "Post Comment", "Leave a Reply"):
        assert control not in comments_part


def test_escaped_script_in_comment_is_literal_text(wp_page: Page) -> None:
    bob = next(c for c in wp_page.comments if c.author == "Bob Stone")
    assert wp_page.slice(bob) == "Typical waste of money. <script>alert(1)</script>"
    assert "raw_scripts" not in bob.meta


def test_raw_script_in_comment_is_kept_literally_and_flagged() -> None:
    html = f"""<html><body><article><h1>Story</h1>{BODY}</article>
    <ol class="comment-list"><li class="comment" id="comment-1">
    <div class="comment-author"><cite class="fn">Mallory</cite></div>
    <div class="comment-content"><p>Nice <script>alert(1)</script> post!</p></div></li></ol></body></html>"""
    page = page_from_html(html)
    (comment,) = page.comments
    assert page.slice(comment) == "Nice <script>alert(1)</script> post!"
    assert comment.meta["raw_scripts"] == 1
    a0, a1 = page.meta["regions"]["article"]
    assert "alert" not in page.text[a0:a1]


def test_old_wordpress_wrappers_and_deep_replies() -> None:
    page = page_from_html(OLD_WORDPRESS)
    comments = list(page.walk_comments())
    assert [(c.author, c.depth) for c in comments] == [("Dana", 0), ("Eli", 1), ("Dana", 2)]
    assert comments[1].parent == comments[0].id and comments[2].parent == comments[1].id
    assert comments[0].id == "li-comment-7"
    assert page.slice(comments[0]) == "Glad to see the market back in town."
    assert comments[0].meta["date"] == "March 3, 2010 at 10:15 am"
    _check_offsets(page)


def test_comment_section_without_per_comment_markup() -> None:
    html = f"""<html><body><article><h1>Harbour reopens</h1>{BODY}</article>
    <div id="comments-list">
      <h3>Kommentare</h3>
      <p>Bitte melden Sie sich an, um einen Kommentar zu schreiben.</p>
      <div><b>Hans</b> sagt:</div><div>Endlich wieder Fischbrötchen am Hafen, das wurde auch Zeit.</div>
      <div>Und die Parkplätze reichen trotzdem nicht für alle Besucher.</div>
      <div><b>Petra</b> sagt:</div><div>Ich war am Sonntag dort und es war sehr voll.</div>
    </div></body></html>"""
    page = page_from_html(html)
    assert page.meta["comments_source"] == "comment-section"
    assert [c.author for c in page.comments] == ["Hans", "Petra"]
    assert page.slice(page.comments[0]).count("\n") == 1  # two paragraphs, one comment
    assert "melden Sie sich an" not in page.text  # log-in prompt is not a comment
    metas = [page.slice(b) for b in page.blocks_of(BlockType.COMMENT_META)]
    assert metas == ["Hans sagt:", "Petra sagt:"]
    _check_offsets(page)


def test_widgets_and_buttons_are_not_comments() -> None:
    html = f"""<html><body><article><h1>Quiet week</h1>{BODY}
    <div class="share-comment"><a href="#respond">Kommentieren</a></div></article>
    <aside><div class="widget widget_recent_comments"><h2>Recent comments</h2><ul>
      <li class="comment" id="comment-99">Someone on Another story about something else entirely</li></ul></div>
    </aside></body></html>"""
    page = page_from_html(html)
    assert page.comments == []
    assert page.meta["regions"]["comments"] is None


def test_malformed_html_gives_a_page() -> None:
    html = ("<html><body><div><p>Unclosed paragraph with <b>bold text that never closes "
            "<p>Second paragraph about the river crossing and its cost to the city"
            "<div><span><table><tr><td>cell</div></i></em></body>")
    page = page_from_html(html)
    assert "Unclosed paragraph with bold text" in page.text
    assert "Second paragraph about the river crossing" in page.text
    _check_offsets(page)


def test_fragment_without_document_gives_a_page() -> None:
    page = page_from_html("<p>Just one paragraph of text, without html or body tags.</p>")
    a0, a1 = page.meta["regions"]["article"]
    assert page.text[a0:a1] == "Just one paragraph of text, without html or body tags."


def test_title_only_page() -> None:
    page = page_from_html("<html><head><title>Nothing but a title</title></head><body><div></div></body></html>")
    assert page.text == "Nothing but a title"
    assert page.title == "Nothing but a title"
    a0, a1 = page.meta["regions"]["article"]
    assert a0 == a1 == len(page.text)
    assert page.meta["regions"]["comments"] is None


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "input is empty"),
        ("   \n\t", "input is empty"),
        ("<html><head></head><body><div></div><img src='x.png'></body></html>", "no text could be extracted"),
        ("<html><body><script>var a = 1;</script><style>p {}</style></body></html>", "no text could be extracted"),
    ],
)
def test_no_text_raises_input_error(html: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        page_from_html(html, name="empty.html")
    assert info.value.record == "empty.html"
    assert reason in info.value.reason


def test_deeply_nested_markup_does_not_crash() -> None:
    html = "<html><body>" + "<div>" * 3000 + "<p>Deep text.</p>" + "</div>" * 3000 + "</body></html>"
    try:
        page = page_from_html(html)
    except InputError as exc:  # the parser may cap nesting depth; then the reason must say so
        assert "no text" in exc.reason
    else:
        _check_offsets(page)


def test_non_ascii_text_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Übersicht über Straßen in Köln")
    html = f"""<html lang="de"><head><meta charset="utf-8"><title>Straßenbahn fährt wieder</title></head><body>
    <article><h1>Straßenbahn fährt wieder</h1>
    <p>{decomposed}: Die Linie 7 fährt ab Montag wieder durch die Innenstadt, teilten die Verkehrsbetriebe mit.</p>
    <p>Москва и Киев — 東京 — مرحبا — 🚋 Fahrgäste können ihre Tickets weiterhin am Automaten kaufen.</p>
    </article>
    <ol class="comment-list"><li class="comment" id="comment-5">
      <div class="comment-author"><span class="fn">Zoë Ñúñez</span></div>
      <div class="comment-content"><p>Très bien 👍 — «endlich»!</p></div></li></ol>
    </body></html>"""
    page = page_from_html(html)
    assert page.title == "Straßenbahn fährt wieder"
    assert "Übersicht über Straßen in Köln" in page.text  # composed (NFC)
    assert "Москва и Киев — 東京 — مرحبا — 🚋" in page.text
    assert page.comments[0].author == "Zoë Ñúñez"
    assert page.slice(page.comments[0]) == "Très bien 👍 — «endlich»!"


def test_report_round_trip(wp_page: Page) -> None:
    data = json.loads(json.dumps(wp_page.to_dict()))
    again = Page.from_dict(data)
    assert again.text == wp_page.text
    assert again.meta["regions"] == wp_page.meta["regions"]
    assert [c.author for c in again.comments] == [c.author for c in wp_page.comments]


def test_pipeline_keeps_html_title_and_comments() -> None:
    """The anatomy stage types only the article region; it must not re-type title or comments."""
    from newsaudit.pipeline import Pipeline

    page = Pipeline().audit(WORDPRESS, name="wp.html")
    title = page.first(BlockType.TITLE)
    assert title is not None and page.slice(title) == "Council approves new bridge"
    assert len(page.blocks_of(BlockType.TITLE)) == 1
    c0, _ = page.meta["regions"]["comments"]
    for block in page.blocks_of(BlockType.PARAGRAPH):
        assert block.start >= title.end and block.end <= c0
    assert len(page.comments) == 3


@pytest.mark.data
def test_benchmark_pages_extract_without_errors() -> None:
    """The first pages of trafilatura's benchmark all give a consistent page (or a clean InputError)."""
    from newsaudit.io.loader import decode_bytes

    root = require_shared_data("trafilatura_eval")
    checked = 0
    with tarfile.open(root / "trafilatura_eval_html.tar.xz", "r:xz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".html"):
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            html, _ = decode_bytes(handle.read(), member.name)
            try:
                page = page_from_html(html, name=member.name)
            except InputError:
                continue
            _check_offsets(page)
            checked += 1
            if checked >= 25:
                break
    assert checked >= 20


def test_source_line_wraps_do_not_split_paragraphs() -> None:
    html = ("<html><body><article><h1>Fetch is here</h1><p>The Fetch API intends\n to fix most of these "
            "problems, with a much nicer syntax for everyone.</p><p>Line one<br>Line two of the same paragraph "
            "with more words.</p><ul><li>first item of the list</li><li>second item</li></ul></article></body></html>")
    page = page_from_html(html)
    a_start, a_end = page.meta["regions"]["article"]
    paragraphs = [p for p in page.text[a_start:a_end].split("\n") if p.strip()]
    assert "The Fetch API intends to fix most of these problems, with a much nicer syntax for everyone." in paragraphs
    assert "Line one" in paragraphs and "Line two of the same paragraph with more words." in paragraphs
    assert "first item of the list" in paragraphs


def test_comment_policy_in_a_plain_comment_section_is_not_a_comment() -> None:
    html = f"""<html><body><article><h1>Harbour reopens</h1>{BODY}</article>
    <div id="comments-list"><h3>Comments</h3>
      <p>The opinions expressed in reader comments are those of the author only. Comments are moderated.</p>
      <div><b>Hans</b> says:</div><div>Finally the fish stalls are back at the harbour, about time.</div>
    </div></body></html>"""
    page = page_from_html(html)
    assert [c.author for c in page.comments] == ["Hans"]
    assert all("opinions expressed" not in page.slice(c) for c in page.comments)


def test_teasers_in_comment_classes_are_not_comments() -> None:
    html = f"""<html><body><article><h1>Harbour reopens</h1>{BODY}</article>
    <ul><li class="list-of-entities__item comment premium"><a href="/opinion/budget">Comment: The Budget is
    a chance for the Tories to show they can still govern</a></li>
    <li class="sB-comment"><a href="#comments">Comments</a></li></ul></body></html>"""
    page = page_from_html(html)
    assert page.comments == []


def test_a_comment_without_a_date_does_not_get_its_author_as_date() -> None:
    html = f"""<html><body><article><h1>Harbour reopens</h1>{BODY}</article><ol class="comment-list">
      <li class="comment" id="comment-1"><div class="comment-meta"><span class="author">Skeptic99</span></div>
        <p>They should check the figures again before anyone celebrates.</p></li>
      <li class="comment" id="comment-2"><div class="comment-meta"><span class="author">Ann</span>
        <span class="date">12 Mar 2024</span></div><p>Good news for the town at last.</p></li>
    </ol></body></html>"""
    page = page_from_html(html)
    assert [c.author for c in page.comments] == ["Skeptic99", "Ann"]
    assert "date" not in page.comments[0].meta
    assert page.comments[1].meta["date"] == "12 Mar 2024"
