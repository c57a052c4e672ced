"""Reader comments found from their markup: the comment items, their authors and dates, and the thread.

CMSs share a handful of comment markups (WordPress ``li.comment``/``ol.children``, ``article.comment-body``,
``cite.fn``, Blogger, wpDiscuz, ids like ``comment-123``; :mod:`newsaudit.io.html.patterns`). Each comment
is read without the replies nested in it, which give the thread its parents and depths, and is cut from the
tree as it is read, so the article is later extracted from what is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from newsaudit.heap import trim_heap
from newsaudit.io.html.markup import classes, cut, hidden, in_furniture, norm, paragraphs
from newsaudit.io.html.patterns import (
    AUTHOR_CLASS,
    DATE_CLASS,
    DATE_LIKE,
    HEADER_WORDS,
    ITEM_ID,
    ITEM_PREFILTER,
    ITEM_TOKEN,
    LABEL_WORDS,
    META_CLASS,
    NOT_ITEM_PREFIXES,
    REPLY_WORDS,
    SAYS,
    SECTION_HINT,
    control_line,
)

_HEADER_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MAX_AUTHOR = 120
_MAX_DATE = 80
#: On pages with at least this many comment candidates, the heap is trimmed after each this many are read.
_TRIM_EVERY_COMMENTS = 20_000


@dataclass(slots=True)
class Item:
    """One comment found in the HTML, before it is laid out in the page text.

    It holds no lxml node: once the comments are read, their subtrees are cut and freed (a page
    with 200,000 comments has a tree of about 140 MB) before the article is extracted.
    """

    text: str = ""  # its paragraphs, one per line
    author: str | None = None
    date: str | None = None
    scripts: int = 0
    parent: int | None = None
    depth: int = 0
    html_id: str | None = None


def _own_elements(node: HtmlElement, items: dict[HtmlElement, int]) -> list[HtmlElement]:
    """Elements under ``node`` that belong to it, not to a comment nested inside it."""
    found: list[HtmlElement] = []
    stack = list(reversed(node))
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el in items:
            continue
        found.append(el)
        stack.extend(reversed(el))
    return found


def _find_author(own: list[HtmlElement]) -> str | None:
    best: tuple[int, str] | None = None
    for el in own:
        cls = classes(el)
        if re.search(r"(?:^|\s)fn(?:\s|$)", cls):
            rank = 0
        elif el.get("itemprop") == "author":
            rank = 1
        elif AUTHOR_CLASS.search(cls):
            rank = 2
        else:
            continue
        if best and best[0] <= rank:
            continue
        name = SAYS.sub("", norm(el.text_content()))
        if name and len(name) <= _MAX_AUTHOR:
            best = (rank, name)
            if rank == 0:
                break
    return best[1] if best else None


def _find_date(own: list[HtmlElement]) -> str | None:
    fallback: str | None = None
    for el in own:
        if el.tag == "time":
            text = norm(el.text_content()) or norm(el.get("datetime"))
            if text and len(text) <= _MAX_DATE:
                return text
        elif DATE_CLASS.search(classes(el)):  # the shortest: a meta line may hold the author and the date
            text = REPLY_WORDS.sub("", norm(el.text_content())).strip(" |·-()")
            if text and len(text) <= _MAX_DATE and DATE_LIKE.search(text) and (
                    fallback is None or len(text) < len(fallback)):
                fallback = text
    return fallback


def _is_item(el: HtmlElement) -> bool:
    """Whether ``el`` is the markup of one comment (a form or a whole story never is)."""
    named = bool(ITEM_ID.match(el.get("id") or ""))
    if not named:
        for token in classes(el).split():
            m = ITEM_TOKEN.match(token)
            if m and (m.group("prefix") or "").lower() not in NOT_ITEM_PREFIXES:
                named = True
                break
    return named and el.find(".//h1") is None and el.find(".//textarea") is None and not _is_teaser(el)


def _is_teaser(el: HtmlElement) -> bool:
    """A link dressed in comment classes ("Comment: The Budget is a chance ..." opinion teasers,
    "jump to comments" buttons): nearly all of its text is one link."""
    text = norm(el.text_content())
    if not text:
        return False
    longest_link = max((len(norm(a.text_content())) for a in el.iter("a")), default=0)
    return longest_link >= 0.8 * len(text)


def _is_label(line: str) -> bool:
    """A control or counter, not something a reader wrote."""
    if control_line().match(line) or not any(ch.isalpha() for ch in line):
        return True
    words = re.findall(r"\w+", line)
    return len(words) <= 3 and all(w.isdigit() or LABEL_WORDS.fullmatch(w) for w in words)


def comment_items(tree: HtmlElement) -> tuple[list[Item], list[HtmlElement], str | None]:
    """Comments found from markup, in thread order with parents and depth; the outermost comment
    nodes still in the tree (to cut before the body is extracted); the heading of the comment section.

    Candidates are read last first: a comment's replies come after it in the document, so each is
    read (its text skips the replies inside it) and cut from the tree before its parent is read, and
    its subtree is freed as it goes. A page of 200,000 comments is a tree of about 140 MB, which
    would otherwise stay whole under everything read from it.
    """
    candidates: list[HtmlElement | None] = [
        el for el in ITEM_PREFILTER(tree) if _is_item(el) and not in_furniture(el)
    ]
    if not candidates:
        return [], [], None
    index = {el: i for i, el in enumerate(candidates)}

    def skip(el: HtmlElement) -> bool:
        return el in index or bool(META_CLASS.search(classes(el))) or hidden(el)

    def own_text(el: HtmlElement) -> tuple[list[str], int] | None:
        """Its paragraphs and raw scripts; None for buttons and counters ("Post", "(0)") in comment classes."""
        paras, scripts = paragraphs(el, skip, literal_scripts=True)
        return None if all(_is_label(p) for p in paras) else (paras, scripts)

    # the heading sits above the first comment, which is read last: find both while the tree is whole
    first = next((el for el in candidates if el is not None and own_text(el) is not None), None)
    header = _comment_header(first, [a for a in first.iterancestors() if a in index]) if first is not None else None
    del first

    n = len(candidates)
    items: list[Item | None] = [None] * n  # items[i] is the comment of candidates[i]; None: no text of its own
    inside: list[tuple[int, ...]] = [()] * n  # the candidates each is nested in, nearest first
    first_kept_in: dict[int, int] = {}  # a candidate -> the first comment nested in it
    read = 0
    for i in range(n - 1, -1, -1):
        el = candidates[i]
        assert el is not None
        inside[i] = tuple(j for a in el.iterancestors() if (j := index.get(a)) is not None)
        found = own_text(el)
        if found is None:
            continue
        own = _own_elements(el, index)
        items[i] = Item("\n".join(found[0]), _find_author(own), _find_date(own), found[1], html_id=el.get("id"))
        for j in inside[i]:
            first_kept_in[j] = i  # read last first, so the first in document order is the one left
        # read: cut it and let its node go, so its subtree is freed (its replies are cut already)
        cut(el)
        del index[el]
        candidates[i] = el = None
        read += 1
        if n >= _TRIM_EVERY_COMMENTS and read % _TRIM_EVERY_COMMENTS == 0:
            trim_heap()
    # An item with no text of its own is a wrapper (li around article.comment-body): it stands
    # for the first comment inside it, so replies nested deeper attach there.
    for i, item in enumerate(items):
        if item is None:
            continue
        for j in inside[i]:
            if items[j] is not None:
                item.parent = j
                break
            rep = first_kept_in.get(j)
            if rep is not None and rep != i:
                item.parent = rep
                break
            if rep == i:  # its wrapper may hold what the inner element lacks
                node = candidates[j]
                assert node is not None
                item.html_id = node.get("id") or item.html_id
                outer = _own_elements(node, index)
                item.author = item.author or _find_author(outer)
                item.date = item.date or _find_date(outer)
    result: list[Item] = []
    position = [-1] * n  # a list, not a dict: a page may have 200,000 candidates
    for i, maybe in enumerate(items):
        if maybe is not None:
            position[i] = len(result)
            result.append(maybe)
    for item in result:
        if item.parent is not None:
            item.parent = position[item.parent]
            item.depth = result[item.parent].depth + 1
    outermost = [el for el, nested_in in zip(candidates, inside, strict=True) if el is not None and not nested_in]
    return result, outermost, header


def _comment_header(first: HtmlElement, around: list[HtmlElement]) -> str | None:
    """The "N comments" heading just above the first comment, when the section has one
    (``around``: the comment elements the first is nested in, nearest first)."""
    top = around[-1] if around else first
    anc = top.getparent()
    for _ in range(4):
        if anc is None:
            return None
        heading: str | None = None
        for el in anc.iter():
            if el is top:
                break
            if not isinstance(el.tag, str):
                continue
            cls = f"{el.get('id', '')} {classes(el)}"
            if el.tag in _HEADER_TAGS or "comments-title" in cls:
                text = norm(el.text_content())
                if text and len(text) <= 200 and (HEADER_WORDS.search(text) or SECTION_HINT.search(cls)):
                    heading = text
        if heading:
            return heading
        if SECTION_HINT.search(f"{anc.get('id', '')} {classes(anc)}") and anc.tag not in ("ol", "ul"):
            return None
        anc = anc.getparent()
    return None


