"""Hypothesis strategies: random and mutated bytes, news-shaped text dumps, small HTML pages, corpus rows."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st

from tests.fuzz.common import QUICK_EXAMPLES, Row


def examples(quick: int) -> int:
    """A test's ``max_examples``: ``quick`` under the quick profile, as many times more as the profile has more.

    Each test sets its own budget (a pipeline run costs far more than a CSV parse), and the ``fuzz`` profile
    multiplies every budget alike.
    """
    return max(1, quick * settings().max_examples // QUICK_EXAMPLES)


# -- bytes ----------------------------------------------------------------------------------------------------

_INTERESTING = [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r\n", b"\n", b'"', b",", b"<", b">", b"{", b"}", b"\\",
                b"\xc3", b"\x80", b"PAR1", b"WARC/1.0", b"\x1f\x8b", b"<div>", b"</p>", b"\t", b" " * 8]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes], max_ops: int = 6) -> bytes:
    """A seed with a few byte-level edits: flips, inserts, deletes, duplicated and truncated ranges."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(st.sampled_from(("flip", "insert", "delete", "duplicate", "truncate", "zero")))
        at = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            i = min(at, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(_INTERESTING) | st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
        elif op == "zero":
            size = draw(st.integers(1, 256))
            data[at : at + size] = bytes(len(data[at : at + size]))
    return bytes(data)


# -- text -----------------------------------------------------------------------------------------------------

#: Characters the layout rules react to, so that random text reaches them often.
_LAYOUT_CHARS = [*" \t\n\n\n\r.,:;-–—“”\"'()[]@#•|/0123456789AaZzÉé", "\u00a0", "\u2028", "\ufeff"]

layout_text = st.text(st.sampled_from(_LAYOUT_CHARS) | st.characters(codec="utf-8"), max_size=400)

#: Lines of the kinds the anatomy rules type.
NEWS_LINES = [
    "Senate passes the bill after long debate",
    "WASHINGTON (Reuters) - The Senate passed the bill on Tuesday, officials said.",
    "MOSCOW/WASHINGTON (Reuters) – Russia warned the United States on Thursday.",
    "PARIS, March 3 (AFP) — The minister resigned.",
    "The vote was 60 to 40 after a long debate, and the bill now goes to the House next week.",
    "“We will vote on it next week,” the leader said.",
    "By Jane Doe and John Smith",
    "Andrew Osborn, Phil Stewart",
    "(Reporting by Jane Doe; Editing by Tom Brown)",
    "Source: Reuters",
    "This article originally appeared on Example News.",
    "Photo: AP / John Smith",
    "Share this:",
    "Related",
    "Advertisement",
    "Editor's note: this story has been updated.",
    "We want you to know the truth they hide from you.",
    "3 thoughts on “Senate passes the bill”",
    "Comments (2)",
    "Leave a Reply",
    "John says:",
    "Mary Smith says:",
    "March 3, 2017 at 4:12 pm",
    "Reply",
    "1. Haroon says:",
    "2.",
    "@John I agree with you.",
    "Kenneth • 3 years ago",
    "in reply to Mary",
    "We do appreciate sensible comments...",
    "Fill in your details below or click an icon to log in:",
    "",
]


@st.composite
def news_dumps(draw: st.DrawFn, max_lines: int = 30) -> str:
    """Text dumps made of news-page lines, random text and random indentation, with LF or CRLF breaks."""
    lines = []
    for _ in range(draw(st.integers(1, max_lines))):
        line = draw(st.sampled_from(NEWS_LINES) | st.text(st.sampled_from(_LAYOUT_CHARS), max_size=60))
        indent = draw(st.sampled_from(["", "", "", "  ", "    ", "      ", "\t"]))
        lines.append(indent + line)
    return draw(st.sampled_from(["\n", "\n", "\r\n"])).join(lines)


@st.composite
def edited_dump(draw: st.DrawFn, text: str, max_ops: int = 6) -> str:
    """A real dump with lines deleted, repeated, swapped, re-indented, replaced or cut at random places."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, max_ops))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(("delete", "repeat", "swap", "indent", "dedent", "replace", "cut", "insert")))
        if op == "delete":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["  ", "    ", "\t"])) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "replace":
            lines[i] = draw(st.sampled_from(NEWS_LINES) | layout_text)
        elif op == "cut":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at]
        else:
            lines.insert(i, draw(st.sampled_from(NEWS_LINES)))
    return "\n".join(lines)


# -- HTML ------------------------------------------------------------------------------------------------------

_TAGS = ["div", "p", "span", "article", "section", "li", "ol", "ul", "h1", "h2", "b", "a", "cite", "time", "table",
         "td", "tr", "script", "style", "noscript", "br", "img", "header", "footer", "main", "blockquote"]
_ATTRS = ['class="comment"', 'class="comment-content"', 'class="fn"', 'class="comment-author"', 'id="comment-1"',
          'id="comment-2"', 'class="children"', 'id="comments"', 'class="entry-content"', 'style="display:none"',
          'class="says"', 'datetime="2024-05-01"', 'href="https://x.example/"', ""]
_HTML_TEXT = st.sampled_from(NEWS_LINES) | st.lists(
    st.sampled_from([*_LAYOUT_CHARS, "&amp;", "&lt;", "&#x27;", "&nbsp;"]), max_size=40).map("".join)


def html_nodes(max_leaves: int = 25) -> st.SearchStrategy[str]:
    """Nested elements with comment-ish classes and news text, sometimes left unclosed."""
    leaf = _HTML_TEXT

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, attr, inner, close: f"<{tag}{' ' + attr if attr else ''}>{''.join(inner)}"
            + (f"</{tag}>" if close else ""),
            st.sampled_from(_TAGS), st.sampled_from(_ATTRS), st.lists(children, max_size=4),
            st.booleans() | st.just(True),
        )

    return st.recursive(leaf, extend, max_leaves=max_leaves)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["<!DOCTYPE html><html><head><title>{}</title></head><body>", "<html><body>",
                                 "<div>", ""]))
    title = draw(_HTML_TEXT)
    body = "".join(draw(st.lists(html_nodes(), min_size=1, max_size=5)))
    return head.replace("{}", title) + body + draw(st.sampled_from(["</body></html>", ""]))


# -- corpus rows -------------------------------------------------------------------------------------------------

#: Text with the characters that break naive CSV and JSON writers and readers.
tricky_text = st.lists(
    st.sampled_from([*'",\n\r\t;\\\'{}[]', "\r\n", '""', "\u2028", "\u0085", "\x0b", "\x0c", "\x1c", "é", "✓"])
    | st.characters(codec="utf-8"),
    max_size=40,
).map("".join)


@st.composite
def corpus_rows(draw: st.DrawFn, min_size: int = 0, max_size: int = 8) -> list[Row]:
    """Rows with unique non-empty ids and texts that hold at least one visible character."""
    ids = draw(st.lists(tricky_text.filter(lambda s: s.strip() != ""), min_size=min_size, max_size=max_size,
                        unique=True))
    rows = []
    for rid in ids:
        text = draw(tricky_text) + draw(st.sampled_from(["x", "Ü", "日本", '"', "<p>"])) + draw(tricky_text)
        rows.append(Row(rid, text, draw(tricky_text), draw(tricky_text)))
    return rows
