"""Gold comment threads carried from HTML comment markup to rendered text dumps, and their scoring.

All but the last test use tiny HTML strings written here; the last needs ../shared/data and skips without it.
"""

from __future__ import annotations

import itertools

import pytest

from benchmarks.rendered_threads import clean_author, gold_thread, load_pages, score_thread
from newsaudit.page import Comment, Page

from .conftest import require_shared_data

WORDPRESS = """<html><head><title>A post</title></head><body>
<article><h1>A post</h1><p>The story itself, one paragraph long.</p></article>
<div id="comments" class="comments-area">
<h2 class="comments-title">2 thoughts on “A post”</h2>
<ol class="comment-list">
 <li id="comment-11" class="comment even thread-even depth-1 parent">
  <article id="div-comment-11" class="comment-body">
   <footer class="comment-meta">
    <div class="comment-author vcard"><img class="avatar" src="a.png"><b class="fn">Alice Doe</b>
     <span class="says">says:</span></div>
    <div class="comment-metadata"><a href="#c11"><time>June 1, 2020 at 10:00 am</time></a></div>
   </footer>
   <div class="comment-content"><p>First comment, first paragraph.</p><p>And a <em>second</em> one.</p></div>
   <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
  </article>
  <ol class="children">
   <li id="comment-12" class="comment odd alt depth-2">
    <article id="div-comment-12" class="comment-body">
     <footer class="comment-meta">
      <div class="comment-author vcard"><b class="fn"><a class="url" href="#">Bob</a></b>
       <span class="says">says:</span></div>
      <div class="comment-metadata"><a href="#c12"><time>June 2, 2020 at 9:00 am</time></a></div>
     </footer>
     <div class="comment-content"><p>Bob replies to Alice here.</p></div>
     <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
    </article>
   </li>
  </ol>
 </li>
 <li id="comment-13" class="pingback even thread-odd depth-1">
  <div class="comment-body">Pingback: <a href="#">Another blog linking here</a></div>
 </li>
</ol>
<div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea><button>Post Comment</button></form></div>
</div>
</body></html>"""


def spans_text(text, thread):
    return [text[c.start : c.end] for c in thread.comments]


def test_wordpress_thread_gives_tree_spans_and_authors():
    rendered, th = gold_thread(WORDPRESS)
    assert th.system == "wordpress" and th.kept
    assert th.recognised == 2 and th.pingbacks == 1
    assert spans_text(rendered.text, th) == [
        "First comment, first paragraph.\n\nAnd a second one.",
        "Bob replies to Alice here.",
    ]
    assert [c.parent for c in th.comments] == [None, 0]
    assert [c.author for c in th.comments] == ["Alice Doe", "Bob"]
    # the author/date lines and the reply buttons are outside the spans
    assert "Alice Doe says:" in rendered.text and "Alice Doe" not in spans_text(rendered.text, th)[0]
    assert th.labels() == [
        {"span": [th.comments[0].start, th.comments[0].end], "parent": None, "author": "Alice Doe"},
        {"span": [th.comments[1].start, th.comments[1].end], "parent": 0, "author": "Bob"},
    ]
    # the pingback is not gold, but its line is known for the error breakdown
    assert [rendered.text[s:e] for s, e in th.pingback_spans] == ["Pingback: Another blog linking here"]


def test_page_without_comment_markup_has_no_gold():
    html = "<html><body><h1>Title</h1><p>Only a story. No comments here.</p><ul><li>Home</li></ul></body></html>"
    _, th = gold_thread(html)
    assert th.system is None and not th.kept and th.comments == []
    assert th.problem == "no comment markup"


def test_teaser_lists_outside_a_comment_section_are_not_comments():
    html = """<body><ul class="list"><li class="comment premium"><h3>Comment: an opinion column</h3></li>
    <li class="comment"><h3>Comment: another column</h3></li></ul></body>"""
    _, th = gold_thread(html)
    assert th.system is None and th.comments == []


def test_text_sharing_a_line_with_meta_drops_the_page():
    # the date written inline at the end of the text: which characters are the comment's is not clean
    html = """<body><ol class="commentlist">
    <li id="comment-1"><p>Great post, thanks! <span class="comment-date">May 1</span></p></li>
    <li id="comment-2"><p>I agree with Ann. <span class="comment-date">May 2</span></p></li></ol></body>"""
    _, th = gold_thread(html)
    assert th.system == "wordpress" and th.recognised == 2
    assert not th.kept and th.problem == "a comment's text shares its lines with other text"


def test_fewer_than_two_comments_is_not_kept():
    html = """<body><ol class="comment-list">
    <li id="comment-1" class="comment depth-1"><div class="comment-content"><p>The only comment.</p></div></li>
    <li id="comment-2" class="pingback depth-1"><div class="comment-body">Pingback: a blog</div></li></ol></body>"""
    _, th = gold_thread(html)
    assert th.recognised == 1 and th.pingbacks == 1
    assert not th.kept and th.problem == "fewer than 2 comments"


def test_old_theme_pingback_by_author_and_bare_list_items():
    html = """<body><ol class="commentlist">
    <li id="comment-1" class="alt"><cite>Ann</cite> Says:<br><small class="commentmetadata">May 1</small>
      <p>A real comment.</p></li>
    <li id="comment-2"><cite>Pingback von Some Site</cite> Says:<br><p>[…] a quote […]</p></li>
    <li id="comment-3"><cite>Ben</cite> Says:<br><small class="commentmetadata">May 2</small>
      <p>Another comment.</p></li></ol></body>"""
    rendered, th = gold_thread(html)
    assert th.kept and th.recognised == 2 and th.pingbacks == 1
    assert spans_text(rendered.text, th) == ["A real comment.", "Another comment."]
    assert [c.author for c in th.comments] == ["Ann", "Ben"]


def test_drupal_replies_follow_their_parent_in_an_indented_box():
    def comment(name: str, text: str) -> str:
        return (f'<a id="c-{name}"></a><article class="comment"><header><p class="submitted"><span class="username">'
                f'{name}</span> <time>1 May</time></p></header><div class="field field-name-comment-body"><p>{text}'
                '</p></div><ul class="links inline"><li class="comment-reply"><a>Reply</a></li></ul></article>')

    html = ('<body><section class="comments comment-wrapper">' + comment("Ann", "Top one.")
            + '<div class="indented">' + comment("Ben", "Reply to Ann.") + "</div>"
            + comment("Cem", "Top two.") + "</section></body>")
    rendered, th = gold_thread(html)
    assert th.system == "drupal" and th.kept
    assert spans_text(rendered.text, th) == ["Top one.", "Reply to Ann.", "Top two."]
    assert [c.parent for c in th.comments] == [None, 0, None]
    assert [c.author for c in th.comments] == ["Ann", "Ben", "Cem"]


def test_blogger_thread():
    def comment(cid: str, name: str, text: str, replies: str = "") -> str:
        return (f'<li class="comment" id="c{cid}"><div class="avatar-image-container"><img></div>'
                f'<div class="comment-block"><div class="comment-header"><cite class="user"><a>{name}</a></cite>'
                f'<span class="datetime secondary-text"><a>1 June 2015 at 10:23</a></span></div>'
                f'<p class="comment-content">{text}</p><span class="comment-actions secondary-text">'
                f'<a class="comment-reply">Reply</a></span></div><div class="comment-replies">{replies}</div></li>')

    reply = ('<div class="comment-thread inline-thread"><span class="thread-toggle"><span class="thread-count">'
             '<a>Replies</a></span></span><ol>' + comment("2222222", "Sanne", "Thanks Sana!") + "</ol></div>")
    html = ('<body><div class="comment-thread toplevel-thread"><ol>'
            + comment("1111111", "Sana", "Nice post!<br><br>Greetings", reply)
            + comment("3333333", "Max", "Hello.") + "</ol></div></body>")
    rendered, th = gold_thread(html)
    assert th.system == "blogger" and th.kept
    assert spans_text(rendered.text, th) == ["Nice post!\n\nGreetings", "Thanks Sana!", "Hello."]
    assert [c.parent for c in th.comments] == [None, 0, None]
    assert [c.author for c in th.comments] == ["Sana", "Sanne", "Max"]


def test_author_cleaning():
    assert clean_author("  Alice   Doe says: ") == "Alice Doe"
    assert clean_author("Bob sagt:") == "Bob"
    assert clean_author("Carol:") == "Carol"
    assert clean_author("") is None
    assert clean_author("x" * 200) is None


def test_scoring_a_perfect_and_a_flat_prediction():
    rendered, th = gold_thread(WORDPRESS)
    a, b = th.comments
    page = Page(text=rendered.text)
    page.add_comment(Comment("c1", a.start, a.end, author="alice doe"))
    page.add_comment(Comment("c2", b.start, b.end, parent="c1", author="Bob"))
    s = score_thread(page, th)
    cc = s.score.comments
    assert (cc.gold, cc.predicted, cc.found, cc.parent_ok, cc.author_ok) == (2, 2, 2, 2, 2)
    assert s.pages_start_found == s.pages_all_found == s.pages_tree_right == 1 and not s.errors

    flat = Page(text=rendered.text)
    flat.add_comment(Comment("c1", a.start, a.end, author=None))
    flat.add_comment(Comment("c2", b.start, b.end, author="Bob"))
    pb_start, pb_end = th.pingback_spans[0]
    flat.add_comment(Comment("c3", pb_start, pb_end))
    s = score_thread(flat, th)
    cc = s.score.comments
    assert (cc.found, cc.predicted, cc.parent_ok, cc.author_ok) == (2, 3, 1, 1)
    assert s.errors == {
        "wrong parent: reply made top level": 1,
        "wrong author: none predicted": 1,
        "false comment: a pingback": 1,
    }


def test_anatomy_runs_on_a_rendered_thread():
    from benchmarks.anatomy_rendered import run_anatomy

    rendered, th = gold_thread(WORDPRESS)
    page = run_anatomy(rendered.text, "tiny-thread")
    s = score_thread(page, th, "tiny-thread")
    assert s.pages == 1 and s.score.comments.gold == 2
    assert 0 <= s.score.comments.found <= 2


@pytest.mark.data
def test_real_pages_give_well_formed_gold():
    data = require_shared_data("trafilatura_eval").parent
    require_shared_data("mozilla_readability_testpages")
    kept = 0
    for pg in load_pages(data, limit=60):
        th = pg.thread
        if not th.kept:
            assert th.comments == [] and th.problem
            continue
        kept += 1
        assert len(th.comments) >= 2
        spans = [(c.start, c.end) for c in th.comments]
        assert spans == sorted(spans)
        assert all(s < e and pg.rendered.text[s:e].strip() for s, e in spans)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        assert all(c.parent is None or c.parent < i for i, c in enumerate(th.comments))
    assert kept >= 1
