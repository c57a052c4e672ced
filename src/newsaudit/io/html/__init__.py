"""Build a :class:`~newsaudit.page.Page` from a scraped HTML page.

Trafilatura finds the main text well but flattens reader comments into one
blob without authors or threading, and a moderator needs to know who replied to
whom. So trafilatura is complemented with lxml: the HTML is parsed once (with
trafilatura's tolerant loader) and read twice. First lxml looks for the comment
markup CMSs share (WordPress ``li.comment``/``ol.children``,
``article.comment-body``, ``cite.fn``, Blogger, wpDiscuz, ids like
``comment-123``); those nodes are then cut from the tree and trafilatura
extracts the article body from what is left (its benchmark settings:
``include_comments=False``), so comment text cannot leak into the article.
Only when no comment markup is recognised does the comment section that
trafilatura's own XPaths would pick stand in, read paragraph-wise: one COMMENT
block per paragraph, unless "NAME says:" lines show where comments begin.
``python -m benchmarks.html_extraction`` measures both paths against plain
trafilatura.

The page text is laid out as::

    Title

    Body paragraph

    Body paragraph

    Comments header (when the page has one)

    Author · date          <- COMMENT_META
    Comment text           <- COMMENT

``meta["regions"]["article"]`` covers the body paragraphs only: the title has
its own TITLE block, and the anatomy stage types everything in that region.
Text is whitespace-normalised per line and NFC-composed, as trafilatura's own
text output is.

The parts: ``comments.py`` reads comments from their markup, ``fallback.py`` from
trafilatura's comment section, ``article.py`` the parse tree, metadata and article
body, ``markup.py`` the text a reader sees in a subtree, and ``patterns.py`` (with
``data/patterns/html_comment_*.txt``) what comment markup and comment lines look like.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from newsaudit.errors import InputError
from newsaudit.heap import trim_heap
from newsaudit.io.html.article import article_body, metadata, parse, share_justext_stoplist
from newsaudit.io.html.comments import Item, comment_items
from newsaudit.io.html.fallback import BlobComment, blob_comments, section_lines
from newsaudit.io.html.markup import cut, norm
from newsaudit.page import NO_ATTRS, Block, BlockType, Comment, Page

#: From this size on, the memory of a freed parse tree is handed back to the OS (see ``newsaudit.heap``).
_TRIM_AFTER_CHARS = 1 << 20


@dataclass
class _Extracted:
    title: str | None
    body: list[str]
    comments: list[Item]
    comment_blob: list[BlobComment]
    comment_header: str | None
    html_meta: dict[str, str]
    notes: list[str]


def _extract(tree: HtmlElement) -> _Extracted:
    share_justext_stoplist()
    notes: list[str] = []
    html_meta = metadata(tree, notes)
    comments, outermost, header = comment_items(tree)
    section = [] if comments else section_lines(tree)
    if comments:
        while outermost:  # popped, so each cut subtree is freed with its last reference
            cut(outermost.pop())
    body = article_body(tree, notes)
    title = html_meta.get("title")
    if title and body and norm(body[0]).casefold() == title.casefold():
        body = body[1:]
    blob: list[BlobComment] = []
    if section:
        header, blob = blob_comments(section, body)
    return _Extracted(title, body, comments, blob, header, html_meta, notes)


class _Writer:
    """Append text and return the offsets of what was appended."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str, sep: str = "") -> tuple[int, int]:
        if sep and self.length:
            self.parts.append(sep)
            self.length += len(sep)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def page_from_html(html: str, **meta: Any) -> Page:
    """Extract title, article body and reader comments of ``html`` into one Page.

    Raises :class:`InputError` when the HTML cannot be parsed or holds no text at all.
    """
    name = str(meta.get("name", "<html>"))
    if not html or not html.strip():
        raise InputError(name, "input is empty")
    try:
        tree, parse_notes = parse(html)
    except Exception as exc:  # lxml gives up on some byte soup
        raise InputError(name, f"cannot parse the HTML ({exc})") from None
    if tree is None:
        raise InputError(name, "cannot parse the HTML: no document tree")
    ex = _extract(tree)
    del tree  # everything needed is in ``ex``: the parse tree goes before the page is laid out
    if len(html) >= _TRIM_AFTER_CHARS:
        trim_heap()
    if not ex.title and not ex.body and not ex.comments and not ex.comment_blob:
        raise InputError(name, "no text could be extracted from the HTML (no title, body or comments)")

    w = _Writer()
    blocks: list[Block] = []  # in reading order as they are written: the page takes them without sorting
    if ex.title:
        s, e = w.add(ex.title)
        blocks.append(Block(BlockType.TITLE, s, e, "page title from HTML metadata/headings"))
    article_start = w.length + (2 if w.length else 0)
    for para in ex.body:
        w.add(para, "\n\n")
    article = [min(article_start, w.length), w.length] if ex.body else [w.length, w.length]

    comments: list[Comment] = []
    comments_start: int | None = None
    if ex.comments or ex.comment_blob:
        comments_start = w.length + (2 if w.length else 0)
    if ex.comment_header and comments_start is not None:
        s, e = w.add(ex.comment_header, "\n\n")
        blocks.append(Block(BlockType.COMMENT_HEADER, s, e, "heading of the comment section in the HTML"))
    used: set[str] = set()
    from_markup = bool(ex.comments)
    pending = ex.comments[::-1]  # popped in thread order, so each item is freed once laid out
    ex.comments.clear()
    n = 0
    while pending:
        item = pending.pop()
        n += 1
        cid = item.html_id if item.html_id and item.html_id not in used else f"c{n}"
        used.add(cid)
        meta_line = " · ".join(x for x in (item.author, item.date) if x)
        cmeta: dict[str, Any] = {}  # where each comment came from is the page's meta["comments_source"]
        sep = "\n\n"
        if meta_line:
            ms, me = w.add(meta_line, sep)
            sep = "\n"
            blocks.append(Block(BlockType.COMMENT_META, ms, me, "author/date of a comment in the HTML", comment_id=cid))
            cmeta["meta_span"] = [ms, me]
        if item.date:
            cmeta["date"] = item.date
        if item.scripts:
            # raw <script> inside a comment: the page did not escape it (see paragraphs)
            cmeta["raw_scripts"] = item.scripts
        s, e = w.add(item.text, sep)
        blocks.append(Block(BlockType.COMMENT, s, e, "comment markup in the HTML", comment_id=cid))
        parent = comments[item.parent].id if item.parent is not None else None
        comments.append(Comment(cid, s, e, parent, item.depth, item.author, cmeta or NO_ATTRS))
    for n, blob in enumerate(ex.comment_blob, len(comments) + 1):
        cid = f"c{n}"
        sep = "\n\n"
        for line in blob.meta:
            ms, me = w.add(line, sep)
            sep = "\n"
            blocks.append(
                Block(BlockType.COMMENT_META, ms, me, "author/date line in the comment section", comment_id=cid)
            )
        s, e = w.add("\n".join(blob.text), sep)
        blocks.append(Block(BlockType.COMMENT, s, e, "comment section text (markup of single comments not recognised)",
                            comment_id=cid))
        comments.append(Comment(cid, s, e, author=blob.author))

    text = w.text()
    del w
    page_meta = {**meta, "format": "html"}
    page_meta["regions"] = {"article": article, "comments": [comments_start, len(text)] if comments else None}
    page_meta["html_meta"] = ex.html_meta
    page_meta["comments_source"] = (
        "html-markup" if from_markup else "comment-section" if ex.comment_blob else None
    )
    if parse_notes or ex.notes:
        page_meta["extraction_notes"] = parse_notes + ex.notes
    page = Page(text=text, meta=page_meta)
    page.add_blocks(blocks)
    for c in comments:
        page.add_comment(c)
    return page
