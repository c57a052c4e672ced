"""Comments from trafilatura's comment section, for pages whose comment markup is not recognised.

The section that trafilatura's own XPaths would pick (``xpaths.COMMENTS_XPATH``, re-stated here) is read
paragraph-wise: lines that read like comments are kept, prompts, policies and controls dropped, and the
rest grouped into comments, one per paragraph unless "NAME says:" lines show where comments begin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newsaudit.anatomy.classify import boilerplate_reason, policy_reason
from newsaudit.anatomy.lines import Line
from newsaudit.io.html.markup import classes, hidden, in_furniture, paragraphs
from newsaudit.io.html.patterns import (
    SAYS,
    SEC_CLASS,
    SEC_CONTENT,
    SEC_DISCARD,
    SEC_ID,
    SEC_LIST,
    SEC_START,
    SECTION_PREFILTER,
    control_line,
    date_line,
    header_line,
    notice_line,
)

_MIN_COMMENT_WORDS = 4


@dataclass
class BlobComment:
    """A comment cut from a comment section's paragraphs when its markup was not recognised."""

    author: str | None = None
    meta: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _section_rank(el: HtmlElement) -> int | None:
    """Which of trafilatura's comment-section XPaths (``xpaths.COMMENTS_XPATH``) ``el`` matches first.

    Re-stated in Python over a plain-XPath prefilter: EXSLT regexes call back into
    Python for every element and cost more than the rest of the comment search.
    """
    if el.tag not in ("div", "section"):
        return None
    ident, cls = el.get("id") or "", classes(el)
    if SEC_LIST.search(ident) or SEC_LIST.search(cls) or SEC_CONTENT.search(cls):
        return 0
    if SEC_START.match(ident) or SEC_START.match(cls) or SEC_CLASS.match(cls):
        return 1
    if SEC_ID.match(ident):
        return 2
    # trafilatura's fourth rule (any "comment" class, "social*" ids) mostly finds share bars and
    # "recent comments" widgets, so it is left out.
    return None


def _section_skip(el: HtmlElement) -> bool:
    """Reply forms, titles and hidden parts of a comment section (after ``COMMENTS_DISCARD_XPATH``)."""
    if el.tag in ("cite", "quote") or hidden(el):
        return True
    ident, cls = el.get("id") or "", classes(el)
    if el.tag in ("div", "section") and ident.startswith("respond"):
        return True
    return bool(SEC_DISCARD.search(cls) or ident.startswith("reply-") or cls.startswith("reply-")
                or "akismet" in ident or "akismet" in cls)


def section_lines(tree: HtmlElement) -> list[str]:
    """Paragraphs of the comment section trafilatura would pick, for pages without comment markup."""
    ranked: dict[int, list[HtmlElement]] = {}
    for el in SECTION_PREFILTER(tree):
        rank = _section_rank(el)
        if rank is not None:
            ranked.setdefault(rank, []).append(el)
    for rank in sorted(ranked):
        section = next((el for el in ranked[rank] if not in_furniture(el, broad=True)), None)
        if section is None:
            continue
        paras, _ = paragraphs(section, _section_skip)
        # Without comment markup only lines that read like comments are kept: labels, buttons
        # ("Learn more"), prompts and policies are the usual content of an empty section.
        paras = [p for p in paras if not notice_line().search(p) and not control_line().match(p)
                 and (len(p.split()) >= _MIN_COMMENT_WORDS or date_line().search(p) or SAYS.search(p))]
        if any(len(p.split()) >= _MIN_COMMENT_WORDS for p in paras):
            return paras
    return []


def _site_notice(line: str) -> bool:
    """Comment policies, sign-in prompts and widget labels in a comment section are not comments."""
    probe = Line(0, 0, len(line), 0, line)
    return bool(policy_reason(probe) or boilerplate_reason(probe))


def blob_comments(lines: list[str], body: list[str]) -> tuple[str | None, list[BlobComment]]:
    """Group comment-section paragraphs into comments: "NAME says:" opens one, else one per paragraph."""
    seen = set(body)
    lines = [ln for ln in lines if ln not in seen and not control_line().match(ln) and not _site_notice(ln)]
    header = None
    if lines and len(lines[0]) <= 120 and header_line().match(lines[0]):
        header, lines = lines[0], lines[1:]
    grouping = any(_author_line(ln) for ln in lines)
    out: list[BlobComment] = []
    current: BlobComment | None = None
    for line in lines:
        author = _author_line(line)
        if author:
            current = BlobComment(author=author, meta=[line])
            out.append(current)
        elif date_line().search(line) and len(line) <= 60 and len(line.split()) <= 8:
            if current is None or current.text:
                current = BlobComment()
                out.append(current)
            current.meta.append(line)
        elif grouping and current is not None:
            current.text.append(line)
        else:
            if current is not None and not current.text:  # a date line opened it
                current.text.append(line)
            else:
                out.append(BlobComment(text=[line]))
            current = None
    return header, [c for c in out if c.text]


def _author_line(line: str) -> str | None:
    if len(line) > 100 or not SAYS.search(line):
        return None
    name = SAYS.sub("", line).strip()
    return name if name and len(name.split()) <= 6 else None


