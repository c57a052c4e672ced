"""Real comment threads as text dumps: gold from the HTML comment markup, and a scorer for anatomy's thread parsing.

The anatomy stage reads comment threads out of plain-text dumps (``page.comments``: each comment's span, the
comment it replies to, its author). Its fixtures are hand-made dumps. Here the threads of real pages are used:
each page of the trafilatura benchmark (and of Mozilla's Readability test pages) is searched for the markup
that comment systems write, the page is rendered to a crawler-style dump with
:mod:`benchmarks.render_html`, and every recognised comment is carried to the lines its text renders to.

**Comment systems recognised** (surveyed on the dev split only), tried in this order; the first that finds any
item (a pingback too) decides the page:

* ``drupal``: ``article``/``div.comment`` holding a ``field-name-comment-body`` field; a reply sits in the
  ``div.indented`` that follows its parent.
* ``wordpress``: ``li``/``div``/``article`` items with class ``comment`` and a WordPress id (``comment-N``,
  ``li-comment-N``) or a ``depth-N`` class, and every ``li`` with a ``comment-N`` id or a class naming a
  comment in an ``ol``/``ul.commentlist``/``comment-list`` or its ``children`` lists (old themes write
  ``li id=comment-N`` and nothing more). wordpress.com (``highlander-comment``) and Thrive Comments write the
  same markup. ``pingback``/``trackback`` items, and items whose author reads "Pingback ..."/"Trackback ...",
  are recognised as pingbacks and left out of the gold.
* ``blogger``: ``li.comment`` with a Blogger id (``c123...``) inside ``.comment-thread``.
* ``wpdiscuz``: ``div.wc-comment``, replies nested inside their parent.
* ``disqus``: a static Disqus dump (``li.post`` inside ``#post-list``) or the old WordPress Disqus plugin
  (``li id=dsq-comment-N``).
* ``thesis``: ``dl`` lists of ``dt.comment`` (author, date) + ``dd.comment`` (text) pairs.
* ``other``: any other ``li``/``div``/``article``/``section``/``dd`` with class ``comment`` or an id
  ``comment-N`` that sits inside a comment section (an ancestor whose class/id names comments).

An item nested in another one with no list or replies container between them (``li.comment >
article.comment``) is the same comment, not a reply. Parents: the nearest item an item is nested in; an item
nested in none but inside a ``div.indented`` (Drupal) or a ``children`` list placed after its parent (some
WordPress themes) replies to the item just before that box; in a flat list, an item marked
``comment--indented`` replies to the nearest unindented item before it.

**A comment's parts.** Its *text* is what sits inside its content element (``comment-content``,
``comment-body``, ``wc-comment-text``, ``post-message``, ``field-name-comment-body``, ... by class) or, when
it has none, in its own paragraph-like elements (``p``, ``blockquote``, lists, ``pre``, tables) -- in both cases
less the elements whose class names meta data or controls (author, vcard, meta, date, time, reply, avatar,
says, edit, like, vote, share, report, footer, header, ...), forms and buttons, a ``cite`` outside a paragraph,
and its nested replies. Its *author* is the text of its ``.fn``, ``cite.user``, ``.comment-author-name``,
``.username``, ``.author``, ``.comment-author`` or (outside a paragraph) ``cite`` element, in that order, less
its dates and links and a trailing "says:"/"sagt:"-like word. A general content element (``comment-body``,
``content``, ``text``) counts only when no specific one (``comment-content``, ...) is there and it does not
hold the author.

**Spans.** :func:`benchmarks.render_html.render` records, per text chunk, the element holding it. A
comment's span runs from the start of the first line holding its text to the end of the last. It is *clean*
when every chunk on those lines is its text and no other text lies between (blank lines may). A page is kept
when it has at least 2 comments, every comment is clean, no comment replies to a pingback and the
``depth-N``/``wc_comment_level-N`` classes, where present, agree with the nesting.

**Scoring** is :func:`benchmarks.anatomy_fixtures._score_comments` on those spans (``match_spans``: one to
one, overlap at least half of the longer span): recall = gold comments matched by a predicted comment,
precision = predicted comments that match one, right parent = found with the predicted parent being the match
of the gold parent (or both top level), right author = found with the same author (case and spaces aside).

Every page goes to ``dev`` or ``blind`` with :func:`benchmarks.anatomy_rendered.split_of`. Blind pages are
scored and reported in aggregate only: no text and no name of a blind page is printed or written.

Run: ``python -m benchmarks.rendered_threads --data ../shared/data --out docs/eval/anatomy_rendered_threads.md``
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.anatomy_fixtures import PageScore, _norm_author, _score_comments, match_spans, strip_span
from benchmarks.anatomy_rendered import (
    EVAL_DATE,
    _anatomy_pipeline,
    _commit,
    _decode,
    anatomy_code_state,
    command,
    split_of,
    timed_anatomy,
)
from benchmarks.render_html import Rendered, parse_html, render
from newsaudit.page import Page

SYSTEMS = ("drupal", "wordpress", "blogger", "wpdiscuz", "disqus", "thesis", "other")
MIN_COMMENTS = 2
TEXT, META = "text", "meta"
NOT_RENDERED = "page not rendered"
_WP_ID = re.compile(r"^(?:li-)?comment-\d+$")
_ANY_ID = re.compile(r"^(?:li-|div-)?comments?[-_]?\d+$", re.IGNORECASE)
_BLOGGER_ID = re.compile(r"^c\d{6,}$")
_DEPTH = re.compile(r"^(?:depth-|wc_comment_level-)(\d+)$")
#: class/id of a comment section (an ancestor of the comments of the ``other`` system)
_SECTION = re.compile(r"comment|kommentar|discussion|disqus|respond|reactions", re.IGNORECASE)
#: class tokens of a comment's content element: specific ones, and general ones used only when no specific one is
#: there and only when they do not hold the author (an old WordPress ``div.comment-body`` holds the whole comment)
CONTENT_TOKENS = frozenset({
    "comment-content", "comment-text", "comment_text", "comment__body", "comment__content", "c-comment__content",
    "comment-message", "comment_content", "commentcontent", "comment-entry", "wc-comment-text",
    "field-name-comment-body", "field--name-comment-body", "post-message", "dsq-comment-message",
    "message-content", "comment-copy", "thiscommentbody",
})
GENERAL_CONTENT_TOKENS = frozenset({
    "comment-body", "comment_body", "entry-content", "format_text", "comment_area", "content", "text", "message",
})
#: class tokens (substrings) of a comment's meta data and controls ...
_META = re.compile(
    r"author|meta|date|time|repl|respond|avatar|vcard|says|edit|like|vote|rating|action|footer|header|permalink"
    r"|number|count|share|report|flag|button|btn|awaiting|moderation|byline|gravatar|photo|badge|tool|control"
    r"|score|children|toggle|continue|subscribe|login|signin|sign-in|quote-link|^fn$"
)
#: ... and those that are meta only outside the content element (inside it they may mark up a mention or a link)
_META_OUTSIDE = re.compile(r"user|name|link|title|titre|info|^url$")
_FORM_TAGS = frozenset({"form", "button", "input", "select", "textarea", "label"})
_PARA_TAGS = frozenset({"p", "blockquote", "pre", "ul", "ol", "dl", "table"})
#: containers whose items are replies of the comment they sit in (between two items: a reply, not a wrapper)
_REPLY_BOX_TAGS = frozenset({"ul", "ol", "dl"})
_REPLY_BOX = re.compile(r"children|repl|indented|thread|sub-?comments|answers|antworten", re.IGNORECASE)
#: author selectors, in order: class tokens (exact), then a cite outside paragraphs
_AUTHOR_TOKENS: tuple[frozenset[str], ...] = (
    frozenset({"fn"}),
    frozenset({"user"}),  # Blogger's cite.user
    frozenset({"comment-author-name", "comment_author_name", "comment__author", "comment__author-name",
               "wc-comment-author",
               "comment-meta__name", "comment-user", "username", "author-name", "dsq-comment-cite"}),
    frozenset({"author"}),
    frozenset({"comment-author", "comment_author", "commentauthor"}),
)
_SAYS = re.compile(
    r"\s*(?:says|said|wrote|sagt|schreibt|meint|dice|dijo|scrive|a écrit|écrit|zegt|skriver|napisał)\s*:?\s*$",
    re.IGNORECASE,
)
MAX_AUTHOR = 80
_PINGBACK = re.compile(r"(?:ping|track)back\b", re.IGNORECASE)


def _tokens(el: Any) -> list[str]:
    return (el.get("class") or "").lower().split()


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


# -- finding comment items --------------------------------------------------------------------------
@dataclass
class Item:
    """One comment (or pingback) found in the markup."""

    el: Any
    kind: str = "comment"  # or "pingback" (pingbacks and trackbacks: kept out of the gold)
    extra: list[Any] = field(default_factory=list)  # more elements of the comment, all meta (thesis: its dt)
    parent: int | None = None  # index into the page's items
    depth: int = 0


def _under_list_of(li: Any, lists: set[Any]) -> bool:
    """``li`` sits in one of ``lists`` or in a ``children`` list nested in one, through items only."""
    node = li.getparent()
    while node is not None:
        if node in lists:
            return True
        if _tag(node) in ("ul", "ol") and "children" not in _tokens(node):
            return False
        node = node.getparent()
    return False


def _wordpress(root: Any) -> list[Item]:
    lists = {el for el in root.iter("ol", "ul") if {"commentlist", "comment-list"} & set(_tokens(el))}
    out = []
    for el in root.iter("li", "div", "article"):
        toks = set(_tokens(el))
        kinds = toks & {"comment", "pingback", "trackback"}
        wp = bool(kinds) and (_WP_ID.match(el.get("id") or "") is not None or any(_DEPTH.match(t) for t in toks))
        listed = _tag(el) == "li" and _under_list_of(el, lists) and (
            _ANY_ID.match(el.get("id") or "") is not None or any("comment" in t for t in toks)
        )
        if wp or listed:
            out.append(Item(el, "comment" if not kinds or "comment" in kinds else "pingback"))
    return out


def _blogger(root: Any) -> list[Item]:
    return [Item(el) for el in root.iter("li") if "comment" in _tokens(el)
            and _BLOGGER_ID.match(el.get("id") or "") and _has_ancestor_token(el, "comment-thread")]


def _wpdiscuz(root: Any) -> list[Item]:
    return [Item(el) for el in root.iter("div") if "wc-comment" in _tokens(el)]


def _drupal(root: Any) -> list[Item]:
    out = []
    for el in root.iter("article", "div"):
        if "comment" in _tokens(el) and any(
            {"field-name-comment-body", "field--name-comment-body"} & set(_tokens(d)) for d in el.iter()
        ):
            out.append(Item(el))
    return out


def _disqus(root: Any) -> list[Item]:
    out = []
    for el in root.iter("li"):
        if _DSQ_ID.match(el.get("id") or "") or ("post" in _tokens(el) and _has_ancestor_id(el, "post-list")):
            out.append(Item(el))
    return out


_DSQ_ID = re.compile(r"^dsq-comment-\d+$")


def _thesis(root: Any) -> list[Item]:
    out = []
    for dd in root.iter("dd"):
        prev = dd.getprevious()
        if "comment" in _tokens(dd) and prev is not None and _tag(prev) == "dt" and "comment" in _tokens(prev):
            out.append(Item(dd, extra=[prev]))
    return out


def _other(root: Any) -> list[Item]:
    out = []
    for el in root.iter("li", "div", "article", "section", "dd"):
        if ("comment" in _tokens(el) or _ANY_ID.match(el.get("id") or "")) and any(
            _SECTION.search(f"{a.get('class') or ''} {a.get('id') or ''}")
            for a in el.iterancestors() if _tag(a) not in ("html", "body")
        ):
            out.append(Item(el))
    return out


def _has_ancestor_token(el: Any, token: str) -> bool:
    return any(token in _tokens(a) for a in el.iterancestors())


def _has_ancestor_id(el: Any, ident: str) -> bool:
    return any(a.get("id") == ident for a in el.iterancestors())


_FINDERS = (("drupal", _drupal), ("wordpress", _wordpress), ("blogger", _blogger), ("wpdiscuz", _wpdiscuz),
            ("disqus", _disqus), ("thesis", _thesis), ("other", _other))


def find_items(root: Any) -> tuple[str | None, list[Item]]:
    """The comment system of the page and its items in document order, with parents and depths."""
    for name, finder in _FINDERS:
        items = finder(root)
        if name != "wpdiscuz":  # wpDiscuz nests replies directly in their parent
            items = _merge_wrappers(items)
        if items:  # a finder that finds only pingbacks still decides: the page has no comments
            _link(items, name)
            return name, items
    return None, []


def _merge_wrappers(items: list[Item]) -> list[Item]:
    """Drop an item nested in another with no list or replies container between: the same comment's wrapper."""
    els = {it.el for it in items}
    out = []
    for it in items:
        node, wrapper = it.el.getparent(), False
        while node is not None:
            if node in els:
                wrapper = True
                break
            if _tag(node) in _REPLY_BOX_TAGS or any(_REPLY_BOX.search(t) for t in _tokens(node)):
                break
            node = node.getparent()
        if not wrapper:
            out.append(it)
    return out


def _link(items: list[Item], system: str) -> None:
    index = {it.el: i for i, it in enumerate(items)}
    for i, it in enumerate(items):
        parent = next((index[a] for a in it.el.iterancestors() if a in index), None)
        if parent is None:  # Drupal's div.indented, a WordPress theme's ul.children: after their parent
            box = next((a for a in it.el.iterancestors() if {"indented", "children"} & set(_tokens(a))), None)
            if box is not None:
                sib = box.getprevious()
                while sib is not None and sib not in index:
                    sib = sib.getprevious()
                parent = index.get(sib) if sib is not None else None
        if parent is None and system == "other" and {"comment--indented", "comment-indented"} & set(_tokens(it.el)):
            parent = next((j for j in range(i - 1, -1, -1)
                           if not {"comment--indented", "comment-indented"} & set(_tokens(items[j].el))), None)
        it.parent = parent
        it.depth = items[parent].depth + 1 if parent is not None else 0


def _depth_classes_agree(items: list[Item]) -> bool:
    for it in items:
        for t in _tokens(it.el):
            m = _DEPTH.match(t)
            if m and int(m.group(1)) - 1 != it.depth:
                return False
    return True


# -- the parts of a comment ------------------------------------------------------------------------
def _own_elements(item: Item, items: set[Any]) -> Iterator[tuple[Any, Any]]:
    """(element, its parent within the item or None) for the item's elements, nested items left out."""
    for top in (*item.extra, item.el):
        stack: list[tuple[Any, Any]] = [(top, None)]
        while stack:
            el, parent = stack.pop()
            if not isinstance(el.tag, str):
                continue
            yield el, parent
            stack.extend((c, el) for c in reversed(el) if c not in items)


#: parts of an author element that are not the name: "says", dates, reply links, screen-reader labels
_NOT_NAME = re.compile(r"says|screen-reader|date|time|repl|avatar|edit|meta|link|badge|count")


def _text_of(el: Any) -> str:
    """The element's text with spaces collapsed, less its parts that are not a name (``_NOT_NAME``, ``time``)."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(el, False)]  # (node, whether to take its tail)
    while stack:
        node, tail = stack.pop()
        if tail:
            if node.tail:
                parts.append(node.tail)
            continue
        if isinstance(node.tag, str) and node.tag not in ("script", "style") and not (
            node is not el and (node.tag == "time" or any(_NOT_NAME.search(t) for t in _tokens(node)))
        ):
            if node.text:
                parts.append(node.text)
            for child in reversed(node):
                stack.append((child, True))
                stack.append((child, False))
    return " ".join(" ".join(parts).split())


def _name_of(el: Any) -> str:
    """An author element's name: its text, or, when all of its text sits in children and the first of them is an
    inline element (``strong``, ``a``, ...), that child's text (``<div class=comment-author><strong>Ben</strong>
    19. Juni 2018</div>``)."""
    if not (el.text and el.text.strip()):
        first = next((c for c in el if isinstance(c.tag, str) and _text_of(c)), None)
        if first is not None and _tag(first) in _NAME_TAGS and any(
            c.tail and c.tail.strip() for c in el if isinstance(c.tag, str)
        ):
            return _text_of(first)
    return _text_of(el)


_NAME_TAGS = frozenset({"strong", "b", "a", "span", "cite", "em", "i"})


def clean_author(text: str) -> str | None:
    """An author element's text less "says:"-like endings and colons; None when empty or too long for a name."""
    text = " ".join(text.split())
    text = _SAYS.sub("", text).strip().rstrip(":,").strip()
    return text if text and len(text) <= MAX_AUTHOR else None


def _in_paragraph(el: Any, parents: dict[Any, Any]) -> bool:
    node = parents.get(el)
    while node is not None:
        if _tag(node) in ("p", "blockquote"):
            return True
        node = parents.get(node)
    return False


def comment_parts(item: Item, items: set[Any]) -> tuple[dict[Any, str], str | None]:
    """Each own element's role (TEXT or META) and the author's name, by the rules in the module docstring."""
    own = list(_own_elements(item, items))
    parents = {el: p for el, p in own}
    extra = set(item.extra)
    author_el = None
    for wanted in _AUTHOR_TOKENS:
        author_el = next((el for el, _ in own if wanted & set(_tokens(el)) and _text_of(el)), None)
        if author_el is not None:
            break
    if author_el is None:
        author_el = next((el for el, _ in own if _tag(el) == "cite" and not _in_paragraph(el, parents)
                          and _text_of(el)), None)
    author = clean_author(_name_of(author_el)) if author_el is not None else None

    def holds_author(box: Any) -> bool:
        return author_el is not None and (author_el is box or box in author_el.iterancestors())

    boxes = {el for el, _ in own if el is not item.el and CONTENT_TOKENS & set(_tokens(el))}
    if not boxes:
        boxes = {el for el, _ in own if el is not item.el and GENERAL_CONTENT_TOKENS & set(_tokens(el))
                 and not holds_author(el)}
    meta: dict[Any, bool] = {}
    container: dict[Any, bool] = {}
    for el, parent in own:  # pre-order: a parent comes before its children
        in_meta = meta.get(parent, False) if parent is not None else el in extra
        in_box = container.get(parent, False) if parent is not None else False
        toks = _tokens(el)
        is_box = not in_meta and el in boxes
        is_meta = in_meta or (not is_box and el is not item.el and (
            el is author_el
            or _tag(el) in _FORM_TAGS
            or (_tag(el) == "cite" and not _in_paragraph(el, parents))
            or any(_META.search(t) for t in toks)
            or (not in_box and not _in_paragraph(el, parents) and any(_META_OUTSIDE.search(t) for t in toks))
        ))
        meta[el] = is_meta
        container[el] = in_box or is_box
    if not any(container[el] and not meta[el] for el, _ in own):  # no content element: paragraph-like ones
        for el, parent in own:
            in_box = container.get(parent, False) if parent is not None else False
            container[el] = in_box or (not meta[el] and _tag(el) in _PARA_TAGS)
        if not any(container[el] and not meta[el] for el, _ in own):
            container = {el: True for el, _ in own}
    roles = {el: TEXT if container[el] and not meta[el] else META for el, _ in own}
    return roles, author


# -- gold --------------------------------------------------------------------------------------------
@dataclass
class GoldComment:
    start: int
    end: int
    parent: int | None  # index into Thread.comments
    author: str | None


@dataclass
class Thread:
    """The gold thread of one page, or why there is none (``problem``)."""

    system: str | None
    comments: list[GoldComment] = field(default_factory=list)
    recognised: int = 0  # comment items found in the markup (pingbacks apart)
    pingbacks: int = 0
    pingback_spans: list[tuple[int, int]] = field(default_factory=list)
    meta_spans: list[tuple[int, int]] = field(default_factory=list)  # lines of the comments' meta data
    problem: str | None = None

    @property
    def kept(self) -> bool:
        return self.problem is None

    def labels(self) -> list[dict[str, Any]]:
        """The comments as ``anatomy_fixtures`` gold labels (``span``, ``parent`` index, ``author``)."""
        return [{"span": [c.start, c.end], "parent": c.parent, "author": c.author} for c in self.comments]


def gold_thread(html: str | bytes | Any, rendered: Rendered | None = None) -> tuple[Rendered, Thread]:
    """Render ``html`` and carry its comment markup to the dump (rules in the module docstring)."""
    root = parse_html(html) if isinstance(html, str | bytes) else html
    system, items = find_items(root)
    if rendered is None:
        rendered = render(root)
    th = Thread(system)
    if not items:
        th.problem = "no comment markup"
        return rendered, th
    item_els = {it.el for it in items}
    owner: dict[Any, tuple[int, str]] = {}
    authors = []
    for i, it in enumerate(items):
        roles, author = comment_parts(it, item_els)
        if author and _PINGBACK.match(author):  # an old theme's pingback: "Pingback von <site>" as the author
            it.kind, author = "pingback", None
        authors.append(author)
        for el, role in roles.items():
            owner[el] = (i, role)
    th.recognised = sum(it.kind == "comment" for it in items)
    th.pingbacks = len(items) - th.recognised
    # the lines of each item's text, and every line's owners
    text_lines: dict[int, list[int]] = {}
    line_owners: list[set[tuple[int, str] | None]] = []
    for n, ln in enumerate(rendered.lines):
        owners = {owner.get(el) for _, _, el in ln.sources}
        line_owners.append(owners)
        for o in owners:
            if o is not None and o[1] == TEXT:
                text_lines.setdefault(o[0], []).append(n)
        if owners and all(o is not None and o[1] == META for o in owners):
            th.meta_spans.append((ln.start, ln.end))
    spans: dict[int, tuple[int, int]] = {}
    problems: Counter[str] = Counter()
    for i, it in enumerate(items):
        lines = text_lines.get(i)
        if not lines:
            if it.kind == "comment":
                problems["a comment with no text rendered"] += 1
            continue
        first, last = lines[0], lines[-1]
        ok = True
        for n in range(first, last + 1):
            owners = line_owners[n]
            if owners and owners != {(i, TEXT)}:
                ok = False
                if it.kind == "comment":
                    problems["a comment's text shares its lines with other text" if n in lines
                             else "a comment's text is interrupted by other text"] += 1
                break
        if ok:
            spans[i] = (rendered.lines[first].start, rendered.lines[last].end)
    th.pingback_spans = [spans[i] for i, it in enumerate(items) if it.kind == "pingback" and i in spans]
    comments = [i for i, it in enumerate(items) if it.kind == "comment"]
    parents = [items[i].parent for i in comments]
    if any(p is not None and items[p].kind != "comment" for p in parents):
        problems["a comment replies to a pingback"] += 1
    if not _depth_classes_agree(items):
        problems["depth classes disagree with the nesting"] += 1
    if len(comments) < MIN_COMMENTS:
        problems[f"fewer than {MIN_COMMENTS} comments"] += 1
    if problems:
        th.problem = problems.most_common(1)[0][0]
        return rendered, th
    order = sorted(comments, key=lambda i: spans[i][0])
    at = {i: k for k, i in enumerate(order)}
    for i in order:
        parent = items[i].parent
        th.comments.append(GoldComment(*spans[i], at[parent] if parent is not None else None, authors[i]))
    return rendered, th


# -- scoring -------------------------------------------------------------------------------------------
@dataclass
class ThreadScore:
    """Counts for one page, or summed over pages."""

    pages: int = 0
    score: PageScore = field(default_factory=PageScore)
    pages_any_comment: int = 0  # pages where anatomy predicted at least one comment
    pages_start_found: int = 0  # pages whose first gold comment was found
    pages_all_found: int = 0
    pages_tree_right: int = 0  # every gold comment found with the right parent
    replies: int = 0  # gold comments with a parent
    replies_parent_ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)  # finer error kinds

    def add(self, other: ThreadScore) -> None:
        for name, value in vars(other).items():
            if name == "score":
                self.score.add(value)
            elif isinstance(value, Counter):
                getattr(self, name).update(value)
            else:
                setattr(self, name, getattr(self, name) + value)


def _covering_type(page: Page, span: tuple[int, int]) -> str:
    best: Counter[str] = Counter()
    for blk in page.blocks:
        ov = min(span[1], blk.end) - max(span[0], blk.start)
        if ov > 0:
            best[blk.type.value] += ov
    return best.most_common(1)[0][0] if best else "no block"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_thread(page: Page, thread: Thread, name: str = "") -> ThreadScore:
    """Score anatomy's ``page.comments`` against the gold thread, with a breakdown of the errors."""
    ts = ThreadScore(pages=1)
    gold = thread.labels()
    _score_comments(page, gold, ts.score, name)
    text = page.text
    gold_spans = [(c.start, c.end) for c in thread.comments]
    preds = list(page.comments)
    pred_spans = [strip_span(text, c.start, c.end) for c in preds]
    matched = match_spans(pred_spans, gold_spans)
    gold_to_pred = {j: i for i, j in matched.items()}
    pred_index = {c.id: i for i, c in enumerate(preds)}
    ts.pages_any_comment = int(bool(preds))
    ts.pages_start_found = int(0 in gold_to_pred)
    ts.pages_all_found = int(len(matched) == len(gold_spans))
    cc = ts.score.comments
    ts.pages_tree_right = int(cc.parent_ok == cc.gold)
    err = ts.errors
    for j, g in enumerate(thread.comments):
        if g.parent is not None:
            ts.replies += 1
        if j not in gold_to_pred:
            over = [i for i, p in enumerate(pred_spans) if _overlap(p, gold_spans[j]) > 0]
            if not over:
                err[f"comment missed: typed {_covering_type(page, gold_spans[j])}"] += 1
            elif len(over) > 1:
                err["comment missed: split over several predicted comments"] += 1
            elif sum(_overlap(pred_spans[over[0]], s) > 0 for s in gold_spans) > 1:
                err["comment missed: merged with a neighbouring comment"] += 1
            else:
                err["comment missed: boundaries off (overlap under half)"] += 1
            continue
        pred = preds[gold_to_pred[j]]
        got_i = pred_index.get(pred.parent) if pred.parent is not None else None
        got = matched.get(got_i) if got_i is not None else None
        if (pred.parent is None and g.parent is None) or (got is not None and got == g.parent):
            if g.parent is not None:
                ts.replies_parent_ok += 1
        elif g.parent is None:
            err["wrong parent: top-level comment made a reply"] += 1
        elif pred.parent is None:
            err["wrong parent: reply made top level"] += 1
        elif got is None:
            err["wrong parent: reply attached to a false comment"] += 1
        else:
            err["wrong parent: reply attached to another comment"] += 1
        if g.author is not None and _norm_author(pred.author) != _norm_author(g.author):
            if not pred.author:
                err["wrong author: none predicted"] += 1
            elif _norm_author(g.author) in _norm_author(pred.author):
                err["wrong author: predicted name holds more than the name"] += 1
            else:
                err["wrong author: another name"] += 1
    first = min((s for s, _ in gold_spans), default=0)
    last = max((e for _, e in gold_spans), default=0)
    for i, p in enumerate(pred_spans):
        if i in matched:
            continue
        if any(_overlap(p, s) for s in gold_spans):
            err["false comment: part of a gold comment split off, or several merged"] += 1
        elif any(_overlap(p, s) * 2 > p[1] - p[0] for s in thread.pingback_spans):
            err["false comment: a pingback"] += 1
        elif any(_overlap(p, s) for s in thread.meta_spans):
            err["false comment: a comment's author/date/reply lines"] += 1
        elif p[1] <= first:
            err["false comment: before the thread"] += 1
        elif p[0] >= last:
            err["false comment: after the thread"] += 1
        else:
            err["false comment: other text inside the thread"] += 1
    return ts


# -- data ------------------------------------------------------------------------------------------------
@dataclass
class PageGold:
    source: str
    name: str
    split: str
    rendered: Rendered
    thread: Thread


def _safe_gold(raw: bytes, name: str) -> tuple[Rendered, Thread]:
    try:
        return gold_thread(_decode(raw, name))
    except Exception:  # counted, never shown: the page may be blind
        return Rendered("", []), Thread(None, problem=NOT_RENDERED)


def load_pages(data: Path, limit: int | None = None) -> Iterable[PageGold]:
    """Every page of both benchmarks with its gold thread (or why it has none)."""
    from benchmarks.html_extraction import load_corpus
    from benchmarks.readability_pages import load_pages as readability

    pages = readability(data)
    for tp in pages[:limit] if limit else pages:
        rendered, thread = _safe_gold(tp.source, tp.name)
        yield PageGold("readability", tp.name, split_of(tp.name), rendered, thread)
    for _url, item, raw in load_corpus(data, limit):
        if raw is None:
            continue
        name = item["file"]
        rendered, thread = _safe_gold(raw, name)
        yield PageGold("trafilatura", name, split_of(name), rendered, thread)


# -- run ---------------------------------------------------------------------------------------------------
@dataclass
class Result:
    totals: dict[str, ThreadScore] = field(default_factory=dict)  # split -> summed score
    by_system: dict[str, ThreadScore] = field(default_factory=dict)  # dev only
    per_page: dict[str, tuple[str, str, ThreadScore]] = field(default_factory=dict)  # dev: name -> (source, ...)
    pages_seen: Counter[str] = field(default_factory=Counter)  # split -> pages read
    markup: Counter[tuple[str, str]] = field(default_factory=Counter)  # (split, system) -> pages with markup
    dropped: Counter[tuple[str, str]] = field(default_factory=Counter)  # (split, problem) -> pages
    recognised: Counter[str] = field(default_factory=Counter)  # split -> comments recognised on pages kept
    pingbacks: Counter[str] = field(default_factory=Counter)
    authors: Counter[str] = field(default_factory=Counter)  # split -> gold comments with an author
    sources: Counter[tuple[str, str]] = field(default_factory=Counter)  # (split, source) -> pages kept
    failed: Counter[str] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)


def run(data: Path, limit: int | None = None) -> Result:
    res = Result()
    pipeline = _anatomy_pipeline()
    t0 = time.perf_counter()
    anatomy = 0.0
    for pg in load_pages(data, limit):
        sp, th = pg.split, pg.thread
        res.pages_seen[sp] += 1
        if th.system is not None:
            res.markup[(sp, th.system)] += 1
        if not th.kept:
            if th.system is not None or th.problem == NOT_RENDERED:
                res.dropped[(sp, th.problem or "")] += 1
            continue
        assert th.system is not None
        res.sources[(sp, pg.source)] += 1
        res.recognised[sp] += th.recognised
        res.pingbacks[sp] += th.pingbacks
        res.authors[sp] += sum(c.author is not None for c in th.comments)
        page, failed, seconds = timed_anatomy(pg.rendered.text, pg.name, pipeline)
        res.failed[sp] += int(failed)
        anatomy += seconds
        ts = score_thread(page, th, pg.name)
        res.totals.setdefault(sp, ThreadScore()).add(ts)
        if sp == "dev":
            res.by_system.setdefault(th.system, ThreadScore()).add(ts)
            res.per_page[pg.name] = (pg.source, th.system, ts)
    res.seconds["anatomy"] = anatomy
    res.seconds["read, render, gold, score"] = time.perf_counter() - t0 - anatomy
    res.seconds["total"] = time.perf_counter() - t0
    return res


# -- report --------------------------------------------------------------------------------------------------
def _share(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "-"


def report(res: Result, limit: int | None = None) -> str:
    splits = [s for s in ("dev", "blind") if s in res.pages_seen]
    lines: list[str] = []
    w = lines.append
    w("## Anatomy's comment threads on real pages (gold from the HTML comment markup)")
    w("")
    w(f"_Measured {EVAL_DATE} at commit `{_commit()}` by `python -m benchmarks.rendered_threads "
      "--data ../shared/data --out docs/eval/anatomy_rendered_threads.md`"
      + (f" with `--limit {limit}` (a partial run)" if limit else "")
      + f" ({anatomy_code_state()}); {res.seconds['total']:.0f} s in all. "
      "Round 1: the first run, recorded as it came out; nothing was changed after seeing the figures._")
    w("")
    w("The pages of the trafilatura benchmark (990) and Mozilla's Readability test pages (130) are searched for "
      "the markup comment systems write; each page with a recognised thread is rendered to a crawler-style text "
      "dump (`benchmarks.render_html`, html-text's conventions), every comment is carried to the lines its "
      "text renders to, and the anatomy stage alone reads the dump on its text path (no HTML regions). Pages are "
      "`dev` or `blind` by the first byte of the SHA-1 of their name (< 52: blind, about 20%), the split of "
      "`anatomy_rendered`; the comment systems were surveyed on dev pages only, and no blind page was looked "
      "at or is named here.")
    w("")
    w("### Summary")
    w("")
    w("| | " + " | ".join(splits) + " |")
    w("|---|" + "---:|" * len(splits))
    tot = {s: res.totals.get(s, ThreadScore()) for s in splits}
    rows: list[tuple[str, Any]] = [
        ("pages read", lambda s: str(res.pages_seen[s])),
        ("pages with comment markup", lambda s: str(sum(n for (sp, _), n in res.markup.items() if sp == s))),
        ("pages kept (gold thread)", lambda s: str(tot[s].pages)),
        ("gold comments", lambda s: str(tot[s].score.comments.gold)),
        ("gold replies (with a parent)", lambda s: str(tot[s].replies)),
        ("gold comments with an author", lambda s: str(res.authors[s])),
        ("predicted comments", lambda s: str(tot[s].score.comments.predicted)),
        ("comments found (recall)", lambda s: _share(tot[s].score.comments.found, tot[s].score.comments.gold)),
        ("precision", lambda s: _share(tot[s].score.comments.found, tot[s].score.comments.predicted)),
        ("right parent (tree accuracy)",
         lambda s: _share(tot[s].score.comments.parent_ok, tot[s].score.comments.gold)),
        ("replies found with the right parent", lambda s: _share(tot[s].replies_parent_ok, tot[s].replies)),
        ("right author (of those with an author)",
         lambda s: _share(tot[s].score.comments.author_ok, tot[s].score.comments.author_labelled)),
        ("pages: any comment predicted", lambda s: _share(tot[s].pages_any_comment, tot[s].pages)),
        ("pages: thread start found (first gold comment)", lambda s: _share(tot[s].pages_start_found, tot[s].pages)),
        ("pages: every comment found", lambda s: _share(tot[s].pages_all_found, tot[s].pages)),
        ("pages: whole tree right", lambda s: _share(tot[s].pages_tree_right, tot[s].pages)),
    ]
    for label, fn in rows:
        w(f"| {label} | " + " | ".join(fn(s) for s in splits) + " |")
    w("")
    kept_sources = ", ".join(f"{sp} {src}: {n}" for (sp, src), n in sorted(res.sources.items()))
    w(f"Pages kept by source: {kept_sources or 'none'}.")
    if any(res.failed.values()):
        w(f"Anatomy raised on {sum(res.failed.values())} kept pages (scored as predicting nothing).")
    w("")

    w("### Comment markup found and pages kept")
    w("")
    w("| system | " + " | ".join(f"{s}: pages with markup" for s in splits) + " | dev: kept |")
    w("|---|" + "---:|" * (len(splits) + 1))
    for system in SYSTEMS:
        row = [str(res.markup[(s, system)]) for s in splits]
        kept = res.by_system.get(system, ThreadScore()).pages
        if any(r != "0" for r in row):
            w(f"| {system} | " + " | ".join(row) + f" | {kept} |")
    w("")
    w("Why pages with markup were not kept (the first problem met on the page):")
    w("")
    w("| problem | " + " | ".join(splits) + " |")
    w("|---|" + "---:|" * len(splits))
    for problem in sorted({p for _, p in res.dropped}):
        w(f"| {problem} | " + " | ".join(str(res.dropped[(s, problem)]) for s in splits) + " |")
    w("")

    w("### Dev, by comment system")
    w("")
    w("| system | pages | gold comments | predicted | found (recall) | precision | right parent | right author "
      "| thread start found |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for system in SYSTEMS:
        ts = res.by_system.get(system)
        if ts is None:
            continue
        cc = ts.score.comments
        w(f"| {system} | {ts.pages} | {cc.gold} | {cc.predicted} | {_share(cc.found, cc.gold)} | "
          f"{_share(cc.found, cc.predicted)} | {_share(cc.parent_ok, cc.gold)} | "
          f"{_share(cc.author_ok, cc.author_labelled)} | {_share(ts.pages_start_found, ts.pages)} |")
    w("")

    w("### Most common error kinds (dev; counts only)")
    w("")
    dev = res.totals.get("dev", ThreadScore())
    kinds = Counter(e.kind for e in dev.score.errors)
    w("| error (as `anatomy_fixtures` counts it) | dev |")
    w("|---|---:|")
    for k, n in kinds.most_common():
        w(f"| {k} | {n} |")
    w("")
    w("| error, finer | dev |")
    w("|---|---:|")
    for k, n in dev.errors.most_common():
        w(f"| {k} | {n} |")
    w("")
    w("A missed comment is \"typed X\" when no predicted comment overlaps it (X: the block type covering most of "
      "it); a false comment is a predicted comment matching no gold comment, placed by what it overlaps.")
    w("")

    w("### Dev pages")
    w("")
    w("<details><summary>Per dev page (names and counts only)</summary>")
    w("")
    w("| page | source | system | gold | predicted | found | right parent | right author |")
    w("|---|---|---|---:|---:|---:|---:|---:|")
    for name, (src, system, ts) in sorted(res.per_page.items(), key=lambda kv: (kv[1][1], kv[0])):
        cc = ts.score.comments
        w(f"| `{name}` | {src} | {system} | {cc.gold} | {cc.predicted} | {cc.found} | {cc.parent_ok} | "
          f"{cc.author_ok}/{cc.author_labelled} |")
    w("")
    w("</details>")
    w("")
    w("Blind pages are not listed.")
    w("")
    w("### How the gold was derived")
    w("")
    for para in _GOLD_NOTES:
        w(para)
        w("")
    w("### Doubtful points of the gold")
    w("")
    for point in _DOUBTS:
        w(f"- {point}")
    w("")
    w("### Run time")
    w("")
    for k, v in res.seconds.items():
        w(f"- {k}: {v:.1f} s")
    w("")
    return "\n".join(lines)


_GOLD_NOTES = (
    "**Comments.** Systems are tried in this order, and the first that finds any item (a pingback too) decides "
    "the page: Drupal (`.comment` with a `field-name-comment-body`), WordPress (`li`/`div`/`article.comment` "
    "with a `comment-N` id or a `depth-N` class, and every `li` with a `comment-N` id or a class naming a "
    "comment in an `ol.commentlist`/`comment-list` and its `children` lists; `pingback`/`trackback` items and "
    "items whose author reads \"Pingback ...\" are pingbacks, left out of the gold), Blogger (`li.comment` with a "
    "`c123...` id in `.comment-thread`), wpDiscuz (`div.wc-comment`), Disqus static dumps (`#post-list li.post`, "
    "`li#dsq-comment-N`), Thesis (`dt.comment` + `dd.comment` pairs) and, failing those, any "
    "`li`/`div`/`article`/`section`/`dd` with class `comment` or an id `comment-N` inside an element whose "
    "class/id names a comment section (`other`). An item inside another item with no list or replies container "
    "between them is the same comment.",
    "**Text, author, parent.** A comment's text is its content element (`comment-content`, `comment-text`, "
    "`wc-comment-text`, `post-message`, `field-name-comment-body`, ...; a general one such as `comment-body` or "
    "`content` only when no specific one is there and it does not hold the author) or, without one, its own "
    "paragraphs, lists, quotes and tables, less every element whose class names meta data or controls (author, "
    "vcard, meta, date, time, reply, avatar, says, edit, like, vote, share, report, header, footer, ...), forms, "
    "buttons, a `cite` outside a paragraph, and its nested replies. The author is the text of `.fn`, "
    "`cite.user`, `.comment-author-name`/`.username`/..., `.author`, `.comment-author` or a `cite` outside "
    "paragraphs (first found), less its dates, links and a trailing \"says:\"/\"sagt:\"-like word. The parent is "
    "the comment an item is nested in; an item nested in none but inside a `div.indented` (Drupal) or a "
    "`children` list placed after its parent replies to the item just before that box; in a flat list an item "
    "marked `comment--indented` replies to the nearest unindented one before it.",
    "**Spans.** The renderer now records the element holding each text chunk (`RenderedLine.sources`; its "
    "output is unchanged). A comment's span runs from the start of the first line holding its text to the end "
    "of the last; it is clean when every chunk on those lines is its text and no other text lies between them "
    "(blank lines may). A page is kept when it has at least 2 comments, all clean, none replying to a pingback, "
    "and its `depth-N`/`wc_comment_level-N` classes (where present) agree with the nesting. Scoring is "
    "`anatomy_fixtures._score_comments` on those spans (`match_spans`, overlap at least half of the longer span, "
    "one to one); the finer error kinds and the page rows are computed from the same matching.",
)

_DOUBTS = (
    "Spans are the lines of the comment's text only: the author/date line above it and the \"Reply\"/vote lines "
    "below are not part of the gold span. A prediction that takes them in still matches when the text is at "
    "least half of it; on a one-line comment under a long meta block it may not.",
    "The text/meta split follows class names. A control or date with an unusual class (nothing like `reply`, "
    "`date`, `meta`, `like` in it), or bare text, inside the content element counts as text: on a line of its "
    "own at the start or end of a comment it lengthens the gold span; sharing a line with the text it drops the "
    "page instead. A bare date outside the content element is meta.",
    "A comment's title or subject line (Drupal, some news sites) is treated as meta, not text; a moderator's "
    "note marked `moderation` is meta too (a comment that is nothing else has no text, and its page is dropped).",
    "Parents come from DOM nesting and the box rules. Sites that show a flat list and mark replies only by "
    "\"@name\" or a quote get top-level gold comments, even where a reader sees a reply. Blogger nests only two "
    "levels: every reply in a Blogger thread has the top comment as parent, as its markup says.",
    "Authors are the name as marked up (\"Unknown\", \"Anonym\" included); a site that prints a badge or a "
    "location inside the author element gives a longer gold name, and a name written outside any author markup "
    "(an unclassed heading, \"geschrieben von X\") gives no gold author: such comments are left out of the "
    "author figure, not counted wrong.",
    "Pingbacks and trackbacks are not gold comments; a predicted comment on one counts as a false comment "
    "(listed on its own among the error kinds).",
    "The `other` system is a fallback on class/id names; only the clean-span check guards it, so an unknown "
    "layout whose items are not comments (teasers in a comment section) could become gold. The dev pages it "
    "kept were read and are real threads; the blind ones were not looked at.",
    "Whole pages are dropped on one unclean comment (a link or date written inline in a comment's text line, a "
    "comment with no text), so the set favours tidy markup; threads loaded by script (most Disqus and Facebook "
    "threads) are not in the HTML at all. The set leans towards blogs (WordPress, Blogger) over news sites.",
    "The dumps follow html-text's conventions (`render_html`); a crawler that writes list items with bullets, "
    "or drops hidden elements, would give other dumps of the same threads.",
)


def main(argv: Sequence[str] | None = None) -> int:
    return command(__doc__.split("\n\n")[0], run, report, argv)


if __name__ == "__main__":
    sys.exit(main())

