"""The terminal report: a one-screen summary of what the audit found.

Meant to be read at a glance after ``newsaudit audit``: what the page is, its
anatomy in reading order, who said what in the comments, and the findings with
their reasons. It is plain text (the CLI may colour it); page text is scraped
and untrusted, so control characters (ANSI escapes, bidi overrides) are
replaced before anything reaches a terminal.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections import Counter, defaultdict
from typing import Any

from newsaudit.page import Block, BlockType, Comment, Finding, Page
from newsaudit.report.verdict import (
    anatomy_verdict,
    claims_verdict,
    comments_verdict,
    provenance_verdict,
    slant_verdict,
)
from newsaudit.slant.techniques import TECHNIQUES, readable

#: Lines shown per section before "… and N more".
MAX_ANATOMY = 20
MAX_COMMENTS = 12
MAX_FINDINGS_PER_STAGE = 4
#: Consecutive childless blocks of one type shown before the run is folded.
KEEP_RUN = 2

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_THREAD_TYPES = {BlockType.COMMENT, BlockType.COMMENT_META}


def _clean(text: str) -> str:
    """One line of safe text: whitespace collapsed, control and bidi characters made visible."""
    flat = " ".join(text.split())
    return "".join("�" if ch in _BIDI or unicodedata.category(ch) == "Cc" else ch for ch in flat)


def _excerpt(text: str, width: int) -> str:
    """``_clean(text)`` for a line that shows at most ``width`` characters of it.

    Only a prefix is cleaned when that is enough: cleaning a prefix of the text gives a prefix of the
    cleaned text, and a line clips it to the same characters. A finding over a 60 MB page's whole
    article would otherwise be cleaned character by character to show 60 of them.
    """
    head_size = 4 * width + 16
    if len(text) > head_size:
        head = _clean(text[:head_size])
        if len(head) > width:
            return head
    return _clean(text)


def _clip(text: str, width: int) -> str:
    if width <= 1:
        return "…" if text else ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _offsets(item: Block | Comment | Finding) -> str:
    return f"[{item.start}, {item.end})"


def _line(prefix: str, excerpt: str, suffix: str, width: int) -> str:
    """prefix + excerpt clipped to fit + suffix, all within width."""
    room = max(width - len(prefix) - len(suffix) - 2, 8)
    return _clip(f"{prefix}{_clip(excerpt, room)}  {suffix}", width)


def _header(page: Page, width: int) -> list[str]:
    title = _clean(page.title or str(page.meta.get("title") or "(no title found)"))
    source = _clean(str(page.meta.get("url") or page.meta.get("name") or "<input>"))
    fmt = _clean(str(page.meta.get("format", "?")))
    lines = [_clip(title, width), "=" * min(width, max(len(title), 10))]
    lines.append(_clip(f"source: {source} · format: {fmt} · {len(page.text):,} characters", width))
    counts = Counter(b.type for b in page.blocks)
    if counts:
        parts = [f"{counts[t]} {t.value}" for t in BlockType if counts[t]]
        lines.extend(textwrap.wrap("blocks: " + ", ".join(parts), width, subsequent_indent="        "))
    else:
        lines.append("blocks: none (was the anatomy stage run?)")
    if page.comments:
        replies = sum(1 for c in page.comments if c.parent is not None)
        deepest = max(c.depth for c in page.comments)
        lines.append(
            f"comments: {len(page.comments)} ({len(page.comments) - replies} top-level, "
            f"{replies} {'reply' if replies == 1 else 'replies'}, deepest level {deepest})"
        )
    else:
        lines.append("comments: none")
    by_stage = Counter(f.stage for f in page.findings)
    lines.append(
        _clip(f"findings: {len(page.findings)}" + (" (" + ", ".join(f"{s} {n}" for s, n in by_stage.items()) + ")"
                                                  if by_stage else ""), width)
    )
    anatomy = page.summary.get("anatomy") or {}
    verdict = anatomy_verdict(anatomy)
    if verdict:
        lines.extend(textwrap.wrap("anatomy: " + verdict, width, subsequent_indent="         "))
    provenance = provenance_verdict(page.summary.get("provenance") or {}, page)
    if provenance:
        lines.extend(textwrap.wrap("provenance: " + provenance, width, subsequent_indent="            "))
    slant = slant_verdict(page.summary.get("slant") or {})
    if slant:
        lines.extend(textwrap.wrap("slant: " + slant, width, subsequent_indent="       "))
    claims = claims_verdict(page.summary.get("claims") or {})
    if claims:
        lines.extend(textwrap.wrap("claims: " + claims, width, subsequent_indent="        "))
    moderation = comments_verdict(page.summary.get("comments") or {})
    if moderation:
        lines.extend(textwrap.wrap("moderation: " + moderation, width, subsequent_indent="            "))
    for stage, facts in page.summary.items():
        if stage not in ("anatomy", "comments", "slant", "provenance", "claims"):
            lines.append(_clip(f"{stage}: " + "; ".join(f"{k}={_value(v)}" for k, v in facts.items())
                               if isinstance(facts, dict) else f"{stage}: {_value(facts)}", width))
    return lines


def _value(value: Any) -> str:
    return _clean(value if isinstance(value, str) else repr(value))


def _nesting(page: Page) -> list[tuple[Block, int, bool]]:
    """Each block with its nesting level and whether it lies inside a comment block."""
    out: list[tuple[Block, int, bool]] = []
    stack: list[Block] = []
    for b in sorted(page.blocks, key=lambda b: (b.start, -b.end)):
        while stack and not (stack[-1].start <= b.start and b.end <= stack[-1].end):
            stack.pop()
        in_comment = any(s.type is BlockType.COMMENT for s in stack)
        out.append((b, len(stack), in_comment))
        stack.append(b)
    return out


def _anatomy(page: Page, width: int) -> list[str]:
    """Article and page furniture in reading order; runs of plain same-type blocks are folded."""
    entries = [(b, lvl) for b, lvl, in_c in _nesting(page) if not in_c and b.type not in _THREAD_TYPES]
    if not entries:
        return []
    has_child = {
        i for i, (_, lvl) in enumerate(entries) if i + 1 < len(entries) and entries[i + 1][1] > lvl
    }
    lines: list[str] = []
    shown = 0
    i = 0
    while i < len(entries):
        if shown >= MAX_ANATOMY:
            lines.append(f"  … and {len(entries) - i} more blocks")
            break
        block, level = entries[i]
        run_end = i
        if level == 0 and i not in has_child:
            while (
                run_end + 1 < len(entries)
                and entries[run_end + 1][0].type is block.type
                and entries[run_end + 1][1] == 0
                and run_end + 1 not in has_child
            ):
                run_end += 1
        if run_end - i + 1 > KEEP_RUN + 1:
            for b, _ in entries[i : i + KEEP_RUN]:
                lines.append(_block_line(page, b, 0, width))
            rest = entries[i + KEEP_RUN : run_end + 1]
            span = f"[{rest[0][0].start}, {rest[-1][0].end})"
            lines.append(f"  {'':<15}… and {len(rest)} more {block.type.value} blocks {span}")
            shown += KEEP_RUN + 1
            i = run_end + 1
            continue
        lines.append(_block_line(page, block, level, width))
        shown += 1
        i += 1
    return ["Anatomy", *lines]


def _block_line(page: Page, b: Block, level: int, width: int) -> str:
    prefix = "  " + "  " * level + f"{b.type.value:<{max(15 - 2 * level, 1)}}"
    if not prefix.endswith(" "):
        prefix += " "
    return _line(prefix, _excerpt(page.slice(b), width), _offsets(b), width)


def _thread(page: Page, width: int) -> list[str]:
    """Comments as a tree built from parent links, so a reply sits under the comment it answers."""
    if not page.comments:
        loose = page.blocks_of(BlockType.COMMENT)
        if not loose:
            return []
        lines = [f"Comments ({len(loose)}, no thread structure)"]
        for b in loose[:MAX_COMMENTS]:
            lines.append(_line("  • ", _excerpt(page.slice(b), width), _offsets(b), width))
        if len(loose) > MAX_COMMENTS:
            lines.append(f"  … and {len(loose) - MAX_COMMENTS} more comments")
        return lines
    order = _thread_order(page, MAX_COMMENTS)
    lines = [f"Comments ({len(page.comments)})"]
    for c, depth in order:
        marker = "└ " if depth else "• "
        who = _clean(c.author) if c.author else "anonymous"
        decision = (c.moderation or {}).get("decision")
        tag = f"[{decision}] " if decision else ""
        lines.append(
            _line("  " + "   " * depth + marker + tag + who + ": ", _excerpt(page.slice(c), width), _offsets(c), width)
        )
    if len(page.comments) > len(order):
        lines.append(f"  … and {len(page.comments) - len(order)} more comments")
    return lines


def _thread_order(page: Page, limit: int) -> list[tuple[Comment, int]]:
    """The first ``limit`` comments in thread order (each reply under its parent) with their depths.

    Without recursion (a chain of 5,000 replies is one more way a page can be hostile), and stopping at
    ``limit``: a report shows a dozen comments, whether the page has 20 or 200,000. A comment whose
    parent is missing, itself, or part of a cycle is shown at the top level or not at all.
    """
    ids = {c.id for c in page.comments}
    children: dict[str | None, list[Comment]] = defaultdict(list)
    for c in page.walk_comments():
        children[c.parent if c.parent in ids and c.parent != c.id else None].append(c)
    order: list[tuple[Comment, int]] = []
    seen: set[str] = set()
    stack = [(c, 0) for c in reversed(children[None])]
    while stack and len(order) < limit:
        c, depth = stack.pop()
        if c.id in seen:
            continue
        seen.add(c.id)
        order.append((c, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(c.id, [])))
    return order


#: Findings the summary leaves to their own command: not flags but readings of the article
#: (``newsaudit claims PAGE`` lists who said what and every check-worthy claim).
_NOT_LISTED = frozenset({("claims", "attribution"), ("claims", "checkworthy_claim")})


def _findings(page: Page, width: int) -> list[str]:
    if not page.findings:
        return []
    by_stage: dict[str, list[Finding]] = defaultdict(list)
    for f in page.findings:
        if (f.stage, f.kind) not in _NOT_LISTED:
            by_stage[f.stage].append(f)
    lines = ["Findings"]
    for stage, found in by_stage.items():
        lines.append(_clip(f"  {_clean(stage)} ({len(found)})", width))
        for f in sorted(found, key=lambda f: (f.start, -f.score))[:MAX_FINDINGS_PER_STAGE]:
            head = f"    {_clean(_label(f))} · {_clean(f.kind)} {f.score:.2f}  “"
            quote = _excerpt(page.slice(f), width) or "(empty span)"
            lines.append(_line(head, quote + "”", _offsets(f), width))
            lines.append(_clip(f"      why: {_clean(f.reason) or '(no reason given)'}", width))
        if len(found) > MAX_FINDINGS_PER_STAGE:
            lines.append(f"    … and {len(found) - MAX_FINDINGS_PER_STAGE} more")
    return lines


def _label(f: Finding) -> str:
    """A finding's label as a reader names it: a PTC technique by its name, not its corpus id."""
    return readable(f.label) if f.label in TECHNIQUES else f.label


def render_text(page: Page, width: int = 100) -> str:
    """A plain-text summary of the page, every line at most ``width`` characters."""
    width = max(width, 40)
    sections = [_header(page, width), _anatomy(page, width), _thread(page, width), _findings(page, width)]
    lines: list[str] = []
    for section in sections:
        if section:
            if lines:
                lines.append("")
            lines.extend(section)
    return "\n".join(lines) + "\n"
