"""The article of an HTML page, as trafilatura extracts it: the parse tree, metadata and body paragraphs."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import trafilatura
import trafilatura.external
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
from trafilatura.utils import load_html

from newsaudit.io import nesting
from newsaudit.io.html.markup import norm


def _load_tree(html: str) -> HtmlElement | None:
    tree = load_html(html)
    if tree is None and html.strip():
        # trafilatura refuses bare fragments ("<p>x</p>"); wrap them in a document.
        tree = load_html(f"<html><body><div>{html}</div></body></html>")
    return tree


def parse(html: str) -> tuple[HtmlElement | None, list[str]]:
    """The tree of ``html`` (trafilatura's tolerant loader) and notes on what parsing changed.

    A tree as deep as libxml2's limit was cut there, with the rest of the page: the page is
    parsed again with its nesting flattened (:mod:`newsaudit.io.nesting`), and the note says so.
    """
    tree = _load_tree(html)
    if tree is None or not nesting.too_deep(tree):
        return tree, []
    flat = nesting.flatten(html)
    tree = _load_tree(flat.html)
    notes = [flat.note]
    if tree is not None and nesting.too_deep(tree):
        notes.append("markup still nested too deep after flattening: text below it may be missing")
    return tree, notes


#: Where a page names its own address: the canonical link, then Open Graph's.
_OWN_ADDRESS = ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')


def metadata(tree: HtmlElement, notes: list[str]) -> dict[str, str]:
    """Title, author, site name and URL from meta tags and JSON-LD (no date: htmldate is slow)."""
    found: dict[str, str] = {}
    try:
        doc = examine_meta(tree)
        try:
            doc = extract_meta_json(tree, doc)
        except Exception as exc:  # trafilatura's JSON-LD reader trips on odd JSON
            notes.append(f"JSON-LD metadata ignored: {exc}")
        title = doc.title or extract_title(tree)
        for key, value in (("title", title), ("author", doc.author), ("sitename", doc.sitename),
                           ("url", doc.url), ("description", doc.description)):
            if value and norm(value):
                found[key] = norm(value)
    except Exception as exc:  # metadata is a bonus; the text is what matters
        notes.append(f"metadata extraction failed: {exc}")
    if "url" not in found:  # the address a page gives itself, which trafilatura reads only when given one
        for path in _OWN_ADDRESS:
            for value in tree.xpath(path):
                if str(value).strip().lower().startswith(("http://", "https://")):
                    found["url"] = norm(str(value))
                    return found
    return found


def article_body(tree: HtmlElement, notes: list[str]) -> list[str]:
    """The article's paragraphs, from trafilatura (its benchmark settings), else its baseline extractor."""
    paras: list[str] = []
    try:
        doc = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True,
                                          include_formatting=False)
    except Exception as exc:
        notes.append(f"trafilatura failed: {exc}")
        doc = None
    if doc is not None and not isinstance(doc, dict):
        paras = _body_paragraphs(doc.body) if doc.body is not None else []
        if not paras:
            paras = [p for p in (norm(line) for line in (doc.text or "").split("\n")) if p]
    else:
        try:
            _, text, _ = trafilatura.baseline(tree)
            paras = [p for p in (norm(line) for line in text.split("\n")) if p]
            if paras:
                notes.append("body from trafilatura's baseline extractor")
        except Exception as exc:
            notes.append(f"baseline extraction failed: {exc}")
    return paras


def _text_with_breaks(el: Any) -> str:
    """Text of an element where only explicit line breaks (<lb/>, from <br>) become newlines.

    Newlines inside text nodes are the source's line wrapping, not paragraph ends.
    """
    chunks = [(el.text or "").replace("\n", " ")]
    for child in el:
        chunks.append("\n" if child.tag == "lb" else _text_with_breaks(child))
        chunks.append((child.tail or "").replace("\n", " "))
    return "".join(chunks)


def _body_paragraphs(body: Any) -> list[str]:
    """Paragraphs from trafilatura's output tree: one per <p>/<head>/<quote>, list item or table row."""
    out: list[str] = []
    for el in body:
        if el.tag == "list":
            out.extend(norm(_text_with_breaks(item)) for item in el.iter("item"))
        elif el.tag == "table":
            for row in el.iter("row"):
                cells = [norm(_text_with_breaks(cell)) for cell in row.iter("cell")]
                out.append(" | ".join(c for c in cells if c))
        else:
            out.extend(norm(part) for part in _text_with_breaks(el).split("\n"))
    return [p for p in out if p]


class _AllStopwords:
    """Every jusText stopword, read afresh from jusText's lists on each pass, hashed by identity.

    trafilatura's jusText fallback (pages of unknown language) keeps the union of all stoplists as a
    tuple of 154,000 words, and jusText keys a cache on it, keeping a lower-cased frozenset copy: 27 MB
    held by every process, the tuple hashed again on every call. Standing in for the tuple, this
    leaves only the cached frozenset (15 MB) of the very same words, so extraction is unchanged.
    """

    def __iter__(self) -> Iterator[str]:
        for language in trafilatura.external.get_stoplists():
            yield from trafilatura.external.get_stoplist(language)


@functools.cache
def share_justext_stoplist() -> None:
    """Put :class:`_AllStopwords` where trafilatura looks for its union of stoplists (once, if unset)."""
    external = trafilatura.external
    if getattr(external, "JT_STOPLIST", False) is None and hasattr(external, "get_stoplist"):
        external.JT_STOPLIST = _AllStopwords()  # type: ignore[assignment]  # trafilatura types it None


