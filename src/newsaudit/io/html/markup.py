"""The text a reader sees in a piece of HTML markup, and the tree operations the comment readers share."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsaudit.io.html.patterns import FURNITURE_TOKEN, WIDGET_NAMES

_WS = re.compile(r"\s+")
_NO_DISPLAY = re.compile(r"display\s*:\s*none", re.IGNORECASE)
#: Elements whose content is never text a reader sees.
_DROP_TAGS = frozenset(
    {"style", "noscript", "template", "form", "button", "svg", "img", "input", "textarea", "select",
     "iframe", "object", "embed", "video", "audio", "canvas", "head", "meta", "link"}
)
#: Elements that end a line of text.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4",
     "h5", "h6", "section", "article", "header", "footer", "aside", "table", "tr", "td", "th", "hr",
     "figure", "figcaption", "address", "main", "nav"}
)
_MAX_LITERAL_SCRIPT = 300


def norm(text: str | None) -> str:
    """One line of text: whitespace collapsed, Unicode composed (NFC) so snippets and lexicons match."""
    return unicodedata.normalize("NFC", _WS.sub(" ", text or "").strip())


def classes(el: HtmlElement) -> str:
    value = el.get("class")
    return value if isinstance(value, str) else ""


def hidden(el: HtmlElement) -> bool:
    """Markup a reader does not see (reply boxes, collapsed widgets)."""
    style = el.get("style") or ""
    return el.get("hidden") is not None or ("display" in style and bool(_NO_DISPLAY.search(style)))


def paragraphs(root: HtmlElement, skip: Any, literal_scripts: bool = False) -> tuple[list[str], int]:
    """Visible text of ``root`` split at block elements, leaving out subtrees ``skip`` accepts.

    Iterative (deeply nested broken markup would overflow recursion). With
    ``literal_scripts`` (comment text) a short inline ``<script>`` is kept as
    literal markup: there it means the site failed to escape what a reader typed,
    which a moderator must see. Other scripts are dropped and counted, never run.
    """
    out: list[str] = []
    scripts = 0
    stack: list[tuple[Any, bool]] = [(root, True)]
    while stack:
        el, opening = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else None
        if opening:
            if el is not root and (tag is None or tag in _DROP_TAGS or tag == "script" or skip(el)):
                if tag == "script" and (el.text or "").strip():
                    scripts += 1
                    if literal_scripts and not el.get("src") and len(el.text or "") <= _MAX_LITERAL_SCRIPT:
                        out.append(etree.tostring(el, method="html", encoding="unicode", with_tail=False))
                if el.tail:
                    out.append(el.tail)
                continue
            if tag in _BLOCK_TAGS:
                out.append("\n")
            if el.text:
                out.append(el.text)
            stack.append((el, False))
            stack.extend((child, True) for child in reversed(el))
        else:
            if tag in _BLOCK_TAGS:
                out.append("\n")
            if el is not root and el.tail:
                out.append(el.tail)
    paras = [norm(p) for p in "".join(out).split("\n")]
    return [p for p in paras if p], scripts


def in_furniture(el: HtmlElement, broad: bool = False) -> bool:
    """Inside a "latest comments" widget or a modal dialog: not this page's thread.

    ``broad`` also rules out sidebars, menus and any widget, for the markup-less fallback
    (markup-found comments often sit in Blogger's ``div.widget`` or a theme's ``aside``).
    """
    node: HtmlElement | None = el
    while node is not None and node.tag not in ("body", "html"):
        names = f"{node.get('id') or ''} {classes(node)}"
        if WIDGET_NAMES.search(names):
            return True
        if broad and (node.tag in ("aside", "nav") or any(FURNITURE_TOKEN.match(t) for t in names.split())):
            return True
        node = node.getparent()
    return False


def cut(el: HtmlElement) -> None:
    """Remove ``el`` from the tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


