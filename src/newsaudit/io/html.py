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
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import trafilatura
import trafilatura.external
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
from trafilatura.utils import load_html

from newsaudit.anatomy.classify import boilerplate_reason, policy_reason
from newsaudit.anatomy.lines import Line
from newsaudit.errors import InputError
from newsaudit.heap import trim_heap
from newsaudit.io import nesting
from newsaudit.page import NO_ATTRS, Block, BlockType, Comment, Page

_WS = re.compile(r"\s+")
_NO_DISPLAY = re.compile(r"display\s*:\s*none", re.IGNORECASE)

# -- comment markup -------------------------------------------------------
# One comment (not the list of them, not a part of one): class tokens like "comment",
# "wc-comment", "comment-item", "mo-comment-card", or ids like "comment-123".
_ITEM_PREFILTER = etree.XPath(
    "//*[self::li or self::article or self::div or self::section or self::dd]"
    "[contains(@class, 'omment') or contains(@class, 'OMMENT') or contains(@id, 'omment')"
    " or contains(@class, 'eserbrief') or contains(@class, 'ommentar')]"
)
_ITEM_TOKEN = re.compile(
    r"^(?:(?P<prefix>[a-z0-9]+)[-_]{0,2})?(?:comment|leserbrief|leserkommentar)"
    r"(?:[-_]{1,2}(?:item|entry|card|article|post|single))?$|^kommentar[-_](?:item|entry|eintrag)$",
    re.IGNORECASE,
)
#: "post-comment", "add-comment"... name controls and forms, not comments.
_NOT_ITEM_PREFIXES = frozenset(
    {"no", "add", "leave", "post", "new", "write", "reply", "submit", "your", "has", "show", "load",
     "count", "open", "toggle", "sub", "to", "hide", "edit", "report", "more", "all", "go", "latest",
     "recent", "top", "best", "featured", "widget", "rss", "form", "list", "share"}
)
_ITEM_ID = re.compile(r"^(?:li-|div-|article-)?comment-?\d+(?:_\d+)?$", re.IGNORECASE)
# Parts of a comment that carry who/when, or controls; never comment text.
_META_CLASS = re.compile(
    r"(?:^|\s)(?:comment-author|comment-meta|comment-metadata|commentmetadata|comment-header|comment-footer"
    r"|comment-date|comment-time|comment-info-meta|vcard|says|avatar|reply|comment-reply|comment-reply-link"
    r"|comment-actions|comment-tools|comment-links|comment-edit-link|edit-link|comment-awaiting-moderation"
    r"|datetime|fn|comment-username|username|wc-comment-header|wc-comment-footer|wc-comment-left"
    r"|comment-permalink|comment-votes?|comment-like|sharedaddy|screen-reader-text|thread-toggle|thread-count"
    r"|continue|loadmore|hidden|comment-replybox-single|comment-replybox-thread)(?:\s|$)",
    re.IGNORECASE,
)
_AUTHOR_CLASS = re.compile(
    r"(?:^|\s)(?:fn|comment-author-name|comment-username|username|wc-comment-author|author-name"
    r"|comment__author|commentauthor|comment-author|author|user)(?:\s|$)",
    re.IGNORECASE,
)
#: What a date in a comment's meta line looks like: a month, "3 days ago", a year, 12/03 or 10:15 (a block of
#: class "comment-meta" may hold only the author, and "Skeptic99" has digits too)
_DATE_LIKE = re.compile(
    r"\d{1,4}\s*[-/.:]\s*\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|\d|$)"
    r"|\bago\b|\b(?:yesterday|today)\b|(?<!\w)(?:19|20)\d\d(?!\w)",
    re.IGNORECASE,
)
_DATE_CLASS = re.compile(
    r"(?:^|\s)(?:comment-date|comment-time|comment-metadata|commentmetadata|comment-meta|datetime"
    r"|comment__date|wc-comment-date|date)(?:\s|$)",
    re.IGNORECASE,
)
_SECTION_HINT = re.compile(r"comment|kommentar|discussion|respond", re.IGNORECASE)
_HEADER_WORDS = re.compile(
    r"comment|kommentar|thought|response|repl|antwort|réaction|reactions|discussion|leserbrief|\d",
    re.IGNORECASE,
)
_SAYS = re.compile(r"\s*(?:says|said|sagt|schreibt|writes|wrote|dit|a écrit|scrive)\s*:?\s*$", re.IGNORECASE)
_REPLY_WORDS = re.compile(r"\b(?:reply|antworten|répondre|rispondi|responder|edit|bearbeiten)\b", re.I)

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
_HEADER_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Comment sections as trafilatura's COMMENTS_XPATH / COMMENTS_DISCARD_XPATH find them (trafilatura 2.3).
_SECTION_PREFILTER = etree.XPath(
    "//*[self::div or self::section][contains(@class, 'omment') or contains(@id, 'omment')"
    " or starts-with(@id, 'comol') or starts-with(@id, 'disqus_thread') or starts-with(@id, 'dsq-comments')"
    " or starts-with(@id, 'social')]"
)
_SEC_LIST = re.compile(r"comment-?list")
_SEC_CONTENT = re.compile(r"comment-page|comments-content|post-comments")
_SEC_START = re.compile(r"comment[s-]")
_SEC_CLASS = re.compile(r"Comments|article-comments")
_SEC_ID = re.compile(r"comol|disqus_thread|dsq-comments")
_SEC_DISCARD = re.compile(r"comments-title|nocomments|-reply-|signin")
_WIDGET_NAMES = re.compile(
    r"(?:recent|latest|neueste|newest|popular)[-_ ]?(?:comments?|kommentare)|comments?-latest"
    r"|(?:^|\s)modal(?:-dialog)?(?:\s|$)",
    re.IGNORECASE,
)
_FURNITURE_TOKEN = re.compile(r"^(?:widget.*|sidebar|secondary|menu.*|recent.*|nav|navbar|navigation)$", re.I)
#: Lines of a comment section that talk about commenting rather than being a comment:
#: calls to comment, log-in prompts, policies, controls.
_NOTICE_LINE = re.compile(
    r"\b(?:log ?in|sign ?in|sign ?up|anmelden|angemeldet|einloggen|registrieren|zaloguj|zarejestruj|iniciar sesi[oó]n"
    r"|connecter|connexion|cookie|datenschutz|privacy|required fields|erforderliche felder|will not be published"
    r"|wird nicht veröffentlicht|community|guidelines|richtlinien|disclaimer|respectfully|not acceptable"
    r"|share your (?:thoughts|views)|your opinion|ihre meinung|deine meinung|votre avis|su opini[oó]n"
    r"|be the first|no comments|keine kommentare|noch kein|werden geladen|loading)\b"
    r"|\b(?:comment\w*|kommentar\w*|commentaire\w*|comentar\w*|komentar\w*|komentowa\w*)\b.*\b(?:write|schreib\w*"
    r"|hinterlass\w*|leave|post|add|dodać|abgeben|verfassen|must|musst|müssen|need|exclusiv\w*|activ\w*|show|anzeigen"
    r"|load\w*|delete|report|lösch\w*|melden|moderat\w*|freigeschaltet|frei|publi\w*)\b"
    r"|\b(?:write|schreib\w*|hinterlass\w*|leave|post|add|show|anzeigen|delete|report)\b.*\b(?:comment\w*"
    r"|kommentar\w*|commentaire\w*|comentario\w*)\b",
    re.IGNORECASE,
)
_MIN_COMMENT_WORDS = 4
_LABEL_WORDS = re.compile(
    r"(?:post|posten|senden|send|submit|comment\w*|kommentar\w*|commentaire\w*|comentar\w*|komentarz\w*"
    r"|reply|replies|antwort\w*|ausblenden|einblenden|show|hide|more|mehr|all|alle|load|laden)",
    re.IGNORECASE,
)
_CONTROL_LINE = re.compile(
    r"^(?:reply|antworten|antwort|répondre|rispondi|responder|melden|report|like|gefällt mir|share|teilen"
    r"|löschen|delete|edit|bearbeiten|zitieren|quote|permalink|\d+|[↑↓▲▼+-]\s*\d*)$",
    re.IGNORECASE,
)
_HEADER_LINE = re.compile(
    r"^(?:\d+\s+)?(?:comments?|kommentare?|leserkommentare|thoughts? on|responses?|replies|reactions?"
    r"|réactions?|commentaires?|comentarios?|discussion|diskussion|leserbriefe)\b.{0,80}$"
    r"|^\d+\s+\w+(?:\s+\w+)?\s+(?:on|zu|zu „|to)\b",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"\b\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
    r"|\b(?:19|20)\d{2}\b.*\b(?:at|um|à)\b|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\bvor\s+\d+\s+(?:Minuten|Stunden|Tagen|Wochen|Monaten|Jahren)\b",
    re.IGNORECASE,
)
_MAX_AUTHOR = 120
_MAX_LITERAL_SCRIPT = 300
_MAX_DATE = 80
#: From this size on, the memory of a freed parse tree is handed back to the OS (see ``newsaudit.heap``).
_TRIM_AFTER_CHARS = 1 << 20
#: On pages with at least this many comment candidates, the heap is trimmed after each this many are read.
_TRIM_EVERY_COMMENTS = 20_000


@dataclass(slots=True)
class _Item:
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


@dataclass
class _BlobComment:
    """A comment cut from a comment section's paragraphs when its markup was not recognised."""

    author: str | None = None
    meta: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


@dataclass
class _Extracted:
    title: str | None
    body: list[str]
    comments: list[_Item]
    comment_blob: list[_BlobComment]
    comment_header: str | None
    html_meta: dict[str, str]
    notes: list[str]


def _norm(text: str | None) -> str:
    """One line of text: whitespace collapsed, Unicode composed (NFC) so snippets and lexicons match."""
    return unicodedata.normalize("NFC", _WS.sub(" ", text or "").strip())


def _classes(el: HtmlElement) -> str:
    value = el.get("class")
    return value if isinstance(value, str) else ""


def _hidden(el: HtmlElement) -> bool:
    """Markup a reader does not see (reply boxes, collapsed widgets)."""
    style = el.get("style") or ""
    return el.get("hidden") is not None or ("display" in style and bool(_NO_DISPLAY.search(style)))


# -- text of a subtree --------------------------------------------------------
def _paragraphs(root: HtmlElement, skip: Any, literal_scripts: bool = False) -> tuple[list[str], int]:
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
    paras = [_norm(p) for p in "".join(out).split("\n")]
    return [p for p in paras if p], scripts


# -- comments from markup ---------------------------------------------------------
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
        cls = _classes(el)
        if re.search(r"(?:^|\s)fn(?:\s|$)", cls):
            rank = 0
        elif el.get("itemprop") == "author":
            rank = 1
        elif _AUTHOR_CLASS.search(cls):
            rank = 2
        else:
            continue
        if best and best[0] <= rank:
            continue
        name = _SAYS.sub("", _norm(el.text_content()))
        if name and len(name) <= _MAX_AUTHOR:
            best = (rank, name)
            if rank == 0:
                break
    return best[1] if best else None


def _find_date(own: list[HtmlElement]) -> str | None:
    fallback: str | None = None
    for el in own:
        if el.tag == "time":
            text = _norm(el.text_content()) or _norm(el.get("datetime"))
            if text and len(text) <= _MAX_DATE:
                return text
        elif _DATE_CLASS.search(_classes(el)):  # the shortest: a meta line may hold the author and the date
            text = _REPLY_WORDS.sub("", _norm(el.text_content())).strip(" |·-()")
            if text and len(text) <= _MAX_DATE and _DATE_LIKE.search(text) and (
                    fallback is None or len(text) < len(fallback)):
                fallback = text
    return fallback


def _is_item(el: HtmlElement) -> bool:
    """Whether ``el`` is the markup of one comment (a form or a whole story never is)."""
    named = bool(_ITEM_ID.match(el.get("id") or ""))
    if not named:
        for token in _classes(el).split():
            m = _ITEM_TOKEN.match(token)
            if m and (m.group("prefix") or "").lower() not in _NOT_ITEM_PREFIXES:
                named = True
                break
    return named and el.find(".//h1") is None and el.find(".//textarea") is None and not _is_teaser(el)


def _is_teaser(el: HtmlElement) -> bool:
    """A link dressed in comment classes ("Comment: The Budget is a chance ..." opinion teasers,
    "jump to comments" buttons): nearly all of its text is one link."""
    text = _norm(el.text_content())
    if not text:
        return False
    longest_link = max((len(_norm(a.text_content())) for a in el.iter("a")), default=0)
    return longest_link >= 0.8 * len(text)


def _is_label(line: str) -> bool:
    """A control or counter, not something a reader wrote."""
    if _CONTROL_LINE.match(line) or not any(ch.isalpha() for ch in line):
        return True
    words = re.findall(r"\w+", line)
    return len(words) <= 3 and all(w.isdigit() or _LABEL_WORDS.fullmatch(w) for w in words)


def _comment_items(tree: HtmlElement) -> tuple[list[_Item], list[HtmlElement], str | None]:
    """Comments found from markup, in thread order with parents and depth; the outermost comment
    nodes still in the tree (to cut before the body is extracted); the heading of the comment section.

    Candidates are read last first: a comment's replies come after it in the document, so each is
    read (its text skips the replies inside it) and cut from the tree before its parent is read, and
    its subtree is freed as it goes. A page of 200,000 comments is a tree of about 140 MB, which
    would otherwise stay whole under everything read from it.
    """
    candidates: list[HtmlElement | None] = [
        el for el in _ITEM_PREFILTER(tree) if _is_item(el) and not _in_furniture(el)
    ]
    if not candidates:
        return [], [], None
    index = {el: i for i, el in enumerate(candidates)}

    def skip(el: HtmlElement) -> bool:
        return el in index or bool(_META_CLASS.search(_classes(el))) or _hidden(el)

    def own_text(el: HtmlElement) -> tuple[list[str], int] | None:
        """Its paragraphs and raw scripts; None for buttons and counters ("Post", "(0)") in comment classes."""
        paras, scripts = _paragraphs(el, skip, literal_scripts=True)
        return None if all(_is_label(p) for p in paras) else (paras, scripts)

    # the heading sits above the first comment, which is read last: find both while the tree is whole
    first = next((el for el in candidates if el is not None and own_text(el) is not None), None)
    header = _comment_header(first, [a for a in first.iterancestors() if a in index]) if first is not None else None
    del first

    n = len(candidates)
    items: list[_Item | None] = [None] * n  # items[i] is the comment of candidates[i]; None: no text of its own
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
        items[i] = _Item("\n".join(found[0]), _find_author(own), _find_date(own), found[1], html_id=el.get("id"))
        for j in inside[i]:
            first_kept_in[j] = i  # read last first, so the first in document order is the one left
        # read: cut it and let its node go, so its subtree is freed (its replies are cut already)
        _cut(el)
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
    result: list[_Item] = []
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
            cls = f"{el.get('id', '')} {_classes(el)}"
            if el.tag in _HEADER_TAGS or "comments-title" in cls:
                text = _norm(el.text_content())
                if text and len(text) <= 200 and (_HEADER_WORDS.search(text) or _SECTION_HINT.search(cls)):
                    heading = text
        if heading:
            return heading
        if _SECTION_HINT.search(f"{anc.get('id', '')} {_classes(anc)}") and anc.tag not in ("ol", "ul"):
            return None
        anc = anc.getparent()
    return None


def _cut(el: HtmlElement) -> None:
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


# -- whole page ---------------------------------------------------------------------
def _load_tree(html: str) -> HtmlElement | None:
    tree = load_html(html)
    if tree is None and html.strip():
        # trafilatura refuses bare fragments ("<p>x</p>"); wrap them in a document.
        tree = load_html(f"<html><body><div>{html}</div></body></html>")
    return tree


def _parse(html: str) -> tuple[HtmlElement | None, list[str]]:
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


def _metadata(tree: HtmlElement, notes: list[str]) -> dict[str, str]:
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
            if value and _norm(value):
                found[key] = _norm(value)
    except Exception as exc:  # metadata is a bonus; the text is what matters
        notes.append(f"metadata extraction failed: {exc}")
    if "url" not in found:  # the address a page gives itself, which trafilatura reads only when given one
        for path in _OWN_ADDRESS:
            for value in tree.xpath(path):
                if str(value).strip().lower().startswith(("http://", "https://")):
                    found["url"] = _norm(str(value))
                    return found
    return found


def _section_rank(el: HtmlElement) -> int | None:
    """Which of trafilatura's comment-section XPaths (``xpaths.COMMENTS_XPATH``) ``el`` matches first.

    Re-stated in Python over a plain-XPath prefilter: EXSLT regexes call back into
    Python for every element and cost more than the rest of the comment search.
    """
    if el.tag not in ("div", "section"):
        return None
    ident, cls = el.get("id") or "", _classes(el)
    if _SEC_LIST.search(ident) or _SEC_LIST.search(cls) or _SEC_CONTENT.search(cls):
        return 0
    if _SEC_START.match(ident) or _SEC_START.match(cls) or _SEC_CLASS.match(cls):
        return 1
    if _SEC_ID.match(ident):
        return 2
    # trafilatura's fourth rule (any "comment" class, "social*" ids) mostly finds share bars and
    # "recent comments" widgets, so it is left out.
    return None


def _section_skip(el: HtmlElement) -> bool:
    """Reply forms, titles and hidden parts of a comment section (after ``COMMENTS_DISCARD_XPATH``)."""
    if el.tag in ("cite", "quote") or _hidden(el):
        return True
    ident, cls = el.get("id") or "", _classes(el)
    if el.tag in ("div", "section") and ident.startswith("respond"):
        return True
    return bool(_SEC_DISCARD.search(cls) or ident.startswith("reply-") or cls.startswith("reply-")
                or "akismet" in ident or "akismet" in cls)


def _section_lines(tree: HtmlElement) -> list[str]:
    """Paragraphs of the comment section trafilatura would pick, for pages without comment markup."""
    ranked: dict[int, list[HtmlElement]] = {}
    for el in _SECTION_PREFILTER(tree):
        rank = _section_rank(el)
        if rank is not None:
            ranked.setdefault(rank, []).append(el)
    for rank in sorted(ranked):
        section = next((el for el in ranked[rank] if not _in_furniture(el, broad=True)), None)
        if section is None:
            continue
        paras, _ = _paragraphs(section, _section_skip)
        # Without comment markup only lines that read like comments are kept: labels, buttons
        # ("Learn more"), prompts and policies are the usual content of an empty section.
        paras = [p for p in paras if not _NOTICE_LINE.search(p) and not _CONTROL_LINE.match(p)
                 and (len(p.split()) >= _MIN_COMMENT_WORDS or _DATE_LINE.search(p) or _SAYS.search(p))]
        if any(len(p.split()) >= _MIN_COMMENT_WORDS for p in paras):
            return paras
    return []


def _in_furniture(el: HtmlElement, broad: bool = False) -> bool:
    """Inside a "latest comments" widget or a modal dialog: not this page's thread.

    ``broad`` also rules out sidebars, menus and any widget, for the markup-less fallback
    (markup-found comments often sit in Blogger's ``div.widget`` or a theme's ``aside``).
    """
    node: HtmlElement | None = el
    while node is not None and node.tag not in ("body", "html"):
        names = f"{node.get('id') or ''} {_classes(node)}"
        if _WIDGET_NAMES.search(names):
            return True
        if broad and (node.tag in ("aside", "nav") or any(_FURNITURE_TOKEN.match(t) for t in names.split())):
            return True
        node = node.getparent()
    return False


def _site_notice(line: str) -> bool:
    """Comment policies, sign-in prompts and widget labels in a comment section are not comments."""
    probe = Line(0, 0, len(line), 0, line)
    return bool(policy_reason(probe) or boilerplate_reason(probe))


def _blob_comments(lines: list[str], body: list[str]) -> tuple[str | None, list[_BlobComment]]:
    """Group comment-section paragraphs into comments: "NAME says:" opens one, else one per paragraph."""
    seen = set(body)
    lines = [ln for ln in lines if ln not in seen and not _CONTROL_LINE.match(ln) and not _site_notice(ln)]
    header = None
    if lines and len(lines[0]) <= 120 and _HEADER_LINE.match(lines[0]):
        header, lines = lines[0], lines[1:]
    grouping = any(_author_line(ln) for ln in lines)
    out: list[_BlobComment] = []
    current: _BlobComment | None = None
    for line in lines:
        author = _author_line(line)
        if author:
            current = _BlobComment(author=author, meta=[line])
            out.append(current)
        elif _DATE_LINE.search(line) and len(line) <= 60 and len(line.split()) <= 8:
            if current is None or current.text:
                current = _BlobComment()
                out.append(current)
            current.meta.append(line)
        elif grouping and current is not None:
            current.text.append(line)
        else:
            if current is not None and not current.text:  # a date line opened it
                current.text.append(line)
            else:
                out.append(_BlobComment(text=[line]))
            current = None
    return header, [c for c in out if c.text]


def _author_line(line: str) -> str | None:
    if len(line) > 100 or not _SAYS.search(line):
        return None
    name = _SAYS.sub("", line).strip()
    return name if name and len(name.split()) <= 6 else None


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
            out.extend(_norm(_text_with_breaks(item)) for item in el.iter("item"))
        elif el.tag == "table":
            for row in el.iter("row"):
                cells = [_norm(_text_with_breaks(cell)) for cell in row.iter("cell")]
                out.append(" | ".join(c for c in cells if c))
        else:
            out.extend(_norm(part) for part in _text_with_breaks(el).split("\n"))
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
def _share_justext_stoplist() -> None:
    """Put :class:`_AllStopwords` where trafilatura looks for its union of stoplists (once, if unset)."""
    external = trafilatura.external
    if getattr(external, "JT_STOPLIST", False) is None and hasattr(external, "get_stoplist"):
        external.JT_STOPLIST = _AllStopwords()  # type: ignore[assignment]  # trafilatura types it None


def _extract(tree: HtmlElement) -> _Extracted:
    _share_justext_stoplist()
    notes: list[str] = []
    html_meta = _metadata(tree, notes)
    comments, outermost, header = _comment_items(tree)
    section = [] if comments else _section_lines(tree)
    if comments:
        while outermost:  # popped, so each cut subtree is freed with its last reference
            _cut(outermost.pop())
    body: list[str] = []
    try:
        doc = trafilatura.bare_extraction(tree, include_comments=False, include_tables=True,
                                          include_formatting=False)
    except Exception as exc:
        notes.append(f"trafilatura failed: {exc}")
        doc = None
    if doc is not None and not isinstance(doc, dict):
        body = _body_paragraphs(doc.body) if doc.body is not None else []
        if not body:
            body = [p for p in (_norm(line) for line in (doc.text or "").split("\n")) if p]
    else:
        try:
            _, text, _ = trafilatura.baseline(tree)
            body = [p for p in (_norm(line) for line in text.split("\n")) if p]
            if body:
                notes.append("body from trafilatura's baseline extractor")
        except Exception as exc:
            notes.append(f"baseline extraction failed: {exc}")
    title = html_meta.get("title")
    if title and body and _norm(body[0]).casefold() == title.casefold():
        body = body[1:]
    blob: list[_BlobComment] = []
    if section:
        header, blob = _blob_comments(section, body)
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
        tree, parse_notes = _parse(html)
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
            # raw <script> inside a comment: the page did not escape it (see _paragraphs)
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
