"""The same page as different crawlers dump it: line endings, blank lines, wrapping, spaces, indentation.

Text dumps of one page differ by the tool that made them. Anatomy must give the
same answer for all of them, so each variant here rewrites a dump the way one
family of tools does and keeps an offset map from the original text to the
rewritten one: gold labels and predicted blocks of the original can then be
carried over and compared with what anatomy finds in the variant (the
metamorphic tests in ``tests/test_anatomy_variants.py`` and
``python -m benchmarks.crawler_variants``).

Variants that only change bytes a reader cannot see (``crlf``, ``nbsp``,
``trailing``, ``tabs``) must give the same blocks and comment tree; variants that
drop information (``single`` loses paragraph breaks, ``hardwrap`` line
structure, ``dedent`` the nesting that indentation showed) must degrade
gracefully: the same comments and story, replies flattened where nothing but
indentation said they were replies.

Run: ``python -m benchmarks.crawler_variants --fixtures tests/fixtures/anatomy --out docs/eval/anatomy_variants.md``
"""

from __future__ import annotations

import argparse
import re
import textwrap
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NBSP = "\u00a0"
WRAP_WIDTH = 72
_LIST_MARKER = re.compile(r"(?:\d{1,3}[.)]|[-*•])\s+")


@dataclass
class Rewritten:
    """A rewritten dump and where each offset of the original went (``len(original) + 1`` entries)."""

    text: str
    offsets: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end]


@dataclass
class _Builder:
    """Collects output pieces and the map from original offsets to output offsets."""

    source: str
    parts: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    length: int = 0

    def keep(self, start: int, end: int) -> None:
        """Copy ``source[start:end]`` unchanged."""
        self.offsets.extend(range(self.length, self.length + end - start))
        self.parts.append(self.source[start:end])
        self.length += end - start

    def replace(self, start: int, end: int, new: str) -> None:
        """Put ``new`` where ``source[start:end]`` was: its offsets all map to the start of ``new``."""
        self.offsets.extend([self.length] * (end - start))
        self.parts.append(new)
        self.length += len(new)

    def result(self) -> Rewritten:
        return Rewritten("".join(self.parts), [*self.offsets, self.length])


def substitute(text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> Rewritten:
    """``pattern.sub(repl, text)`` with an offset map; unmatched text keeps its characters' offsets."""
    out = _Builder(text)
    pos = 0
    for match in pattern.finditer(text):
        out.keep(pos, match.start())
        new = repl(match)
        if new == match.group(0):
            out.keep(match.start(), match.end())
        else:
            out.replace(match.start(), match.end(), new)
        pos = match.end()
    out.keep(pos, len(text))
    return out.result()


def _stable(*parts: object) -> int:
    """A deterministic pseudo-random number for a position, the same in every run and process."""
    return zlib.crc32(repr(parts).encode())


def unchanged(text: str) -> Rewritten:
    """The dump as it is (the baseline every variant is compared with)."""
    return Rewritten(text, list(range(len(text) + 1)))


def crlf(text: str) -> Rewritten:
    """Windows line endings."""
    return substitute(text, re.compile(r"\n"), lambda m: "\r\n")


def single_newlines(text: str) -> Rewritten:
    """No blank lines: paragraphs separated by one line break (many HTML-to-text tools)."""
    return substitute(text, re.compile(r"\n(?:[^\S\n]*\n)+"), lambda m: "\n")


def nbsp(text: str) -> Rewritten:
    """``&nbsp;`` decoded: about a third of the spaces between words are non-breaking, some lines end in one."""

    def swap(m: re.Match[str]) -> str:
        if m.group(0) == "\n":
            return (NBSP + "\n") if _stable("eol", m.start()) % 4 == 0 else "\n"
        return NBSP if _stable("sp", m.start()) % 3 == 0 else " "

    return substitute(text, re.compile(r"(?<=\S) (?=\S)|\n"), swap)


def trailing_spaces(text: str) -> Rewritten:
    """Spaces and tabs left at the ends of lines, blank lines included."""
    pads = ("  ", " ", "\t", "   ")
    return substitute(text, re.compile(r"\n"), lambda m: pads[_stable("pad", m.start()) % 4] + "\n")


def tabs(text: str) -> Rewritten:
    """Indentation turned into tabs, one for every two spaces (rounded up)."""
    return substitute(text, re.compile(r"(?m)^ +"), lambda m: "\t" * -(-len(m.group(0)) // 2))


def dedent(text: str) -> Rewritten:
    """Indentation stripped."""
    return substitute(text, re.compile(r"(?m)^[^\S\n]+"), lambda m: "")


def hard_wrap(text: str, width: int = WRAP_WIDTH) -> Rewritten:
    """Lines over ``width`` columns wrapped at spaces, continuations under the text of a list item (lynx, w3m).

    A dump its crawler already wrapped (at 76 or 80 columns, say) is left as it is: no crawler wraps twice."""
    from newsaudit.anatomy.lines import split_lines
    from newsaudit.anatomy.wrapping import wrap_width

    if wrap_width(split_lines(text)) is not None:
        return unchanged(text)

    def wrap(m: re.Match[str]) -> str:
        line = m.group(0)
        if len(line) <= width:
            return line
        lead = line[: len(line) - len(line.lstrip())]
        marker = _LIST_MARKER.match(line[len(lead):])
        hang = lead + " " * (marker.end() if marker else 0)
        pieces = textwrap.wrap(line[len(lead):], width, initial_indent=lead, subsequent_indent=hang,
                               break_long_words=False, break_on_hyphens=False, drop_whitespace=True)
        return "\n".join(pieces) if pieces else line

    return _wrap_lines(text, wrap)


def _wrap_lines(text: str, wrap: Callable[[re.Match[str]], str]) -> Rewritten:
    """Apply ``wrap`` to each line and map offsets word by word (``textwrap`` only changes spaces)."""
    out = _Builder(text)
    pos = 0
    for m in re.finditer(r"(?m)^.+$", text):
        out.keep(pos, m.start())
        new = wrap(m)
        if new == m.group(0):
            out.keep(m.start(), m.end())
        else:
            _align_words(out, text, m.start(), m.end(), new)
        pos = m.end()
    out.keep(pos, len(text))
    return out.result()


def _align_words(out: _Builder, source: str, start: int, end: int, new: str) -> None:
    """Emit ``new`` for ``source[start:end]`` when the two differ only in white space, mapping each word."""
    old_words = [(w.start() + start, w.end() + start) for w in re.finditer(r"\S+", source[start:end])]
    new_words = [(w.start(), w.end()) for w in re.finditer(r"\S+", new)]
    if len(old_words) != len(new_words):
        out.replace(start, end, new)
        return
    cursor_old, cursor_new = start, 0
    for (os_, oe), (ns, ne) in zip(old_words, new_words, strict=True):
        out.replace(cursor_old, os_, new[cursor_new:ns])
        out.keep(os_, oe)
        cursor_old, cursor_new = oe, ne
    out.replace(cursor_old, end, new[cursor_new:])


#: Variants that change nothing a reader sees: anatomy must give the same blocks and comment tree.
LOSSLESS: dict[str, Callable[[str], Rewritten]] = {
    "crlf": crlf,
    "nbsp": nbsp,
    "trailing": trailing_spaces,
    "tabs": tabs,
}
#: Variants that drop layout: anatomy must find the same story and comments; nesting may flatten.
LOSSY: dict[str, Callable[[str], Rewritten]] = {
    "single": single_newlines,
    "hardwrap": hard_wrap,
    "dedent": dedent,
}
VARIANTS: dict[str, Callable[[str], Rewritten]] = {**LOSSLESS, **LOSSY}


# -- carrying labels and predictions over ----------------------------------------------------------


def carry_labels(text: str, labels: dict[str, Any], rewritten: Rewritten) -> dict[str, Any]:
    """Gold labels of ``text`` as spans into the rewritten text (``"span"`` replaces ``"text"``)."""
    from benchmarks.anatomy_fixtures import resolve

    def carry(item: dict[str, Any]) -> dict[str, Any]:
        start, end = resolve(text, item["text"], int(item.get("occurrence", 0)))
        moved = {k: v for k, v in item.items() if k not in ("text", "occurrence")}
        moved["span"] = list(rewritten.span(start, end))
        return moved

    return {**labels, "blocks": [carry(b) for b in labels.get("blocks", [])],
            "comments": [carry(c) for c in labels.get("comments", [])]}


@dataclass(frozen=True)
class Shape:
    """What anatomy found, in offsets of the original text: blocks by type and the comment tree."""

    blocks: frozenset[tuple[str, int, int]]
    comments: tuple[tuple[int, int, int | None, str | None], ...]  # start, end, parent's index, author


def shape(page: Any, back: Sequence[int] | None = None) -> Shape:
    """The page's blocks and comments; with ``back`` (variant offset → original offset) in original offsets."""
    from benchmarks.anatomy_fixtures import strip_span

    def orig(pos: int) -> int:
        return pos if back is None else back[pos]

    def stripped(start: int, end: int) -> tuple[int, int]:
        start, end = strip_span(page.text, start, end)
        return orig(start), orig(end - 1) + 1 if end > start else orig(start)

    blocks = frozenset((b.type.value, *stripped(b.start, b.end)) for b in page.blocks)
    index = {c.id: i for i, c in enumerate(page.comments)}
    comments = tuple((*stripped(c.start, c.end), index.get(c.parent) if c.parent else None, c.author)
                     for c in page.comments)
    return Shape(blocks, comments)


def inverse(rewritten: Rewritten) -> list[int]:
    """For every offset of the rewritten text, the last original offset that maps at or before it."""
    back: list[int] = []
    orig = 0
    for pos in range(len(rewritten.text) + 1):
        while orig + 1 < len(rewritten.offsets) and rewritten.offsets[orig + 1] <= pos:
            orig += 1
        back.append(orig)
    return back


# -- report ----------------------------------------------------------------------------------------


def evaluate_variants(root: str | Path) -> dict[str, dict[str, Any]]:
    """Score every fixture in every variant; per variant and split: block F1, comments found, right parent."""
    from benchmarks.anatomy_fixtures import PageScore, load_fixtures, score_page
    from newsaudit.pipeline import Pipeline, PipelineConfig

    pipeline = Pipeline(PipelineConfig(stages=("anatomy",)))
    results: dict[str, dict[str, Any]] = {}
    for fixture in load_fixtures(root):
        if not fixture.split.startswith("dev"):
            continue  # blind sets are scored once, in their own rounds
        for name, variant in {"original": None, **VARIANTS}.items():
            rewritten = variant(fixture.text) if variant else unchanged(fixture.text)
            labels = carry_labels(fixture.text, fixture.labels, rewritten)
            score = score_page(pipeline.audit(rewritten.text, name=fixture.name), labels, fixture.name)
            results.setdefault(name, {}).setdefault(fixture.split, PageScore()).add(score)
    return results


def report(results: dict[str, dict[str, Any]]) -> str:
    splits = sorted({s for per in results.values() for s in per})
    lines = [
        "## Anatomy under crawler conventions (metamorphic)",
        "",
        "Every development fixture rewritten the way other crawlers dump the same page, its gold labels carried",
        "along, and scored again (`python -m benchmarks.crawler_variants`). Block F1 (all splits pooled),",
        "comments found and right parent. `crlf`, `nbsp`, `trailing` and `tabs` change nothing a reader sees;",
        "`single` drops blank lines, `hardwrap` wraps at 72 columns, `dedent` strips indentation (replies shown",
        "only by indentation cannot be recovered there).",
        "",
        "| variant | block F1 | comments found | right parent | " + " | ".join(splits) + " |",
        "|---|---:|---:|---:|" + "---:|" * len(splits),
    ]
    from benchmarks.anatomy_fixtures import PageScore

    for name, per in results.items():
        pooled = PageScore()
        for score in per.values():
            pooled.add(score)
        cells = [f"{per[s].micro.f1:.3f}" if s in per else "" for s in splits]
        lines.append(f"| {name} | {pooled.micro.f1:.3f} | {pooled.comments.recall:.3f} | "
                     f"{pooled.comments.tree_accuracy:.3f} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--fixtures", default="tests/fixtures/anatomy", help="folder of fixture splits")
    ap.add_argument("--out", default="docs/eval/anatomy_variants.md", help="markdown report to write")
    args = ap.parse_args(argv)
    text = report(evaluate_variants(args.fixtures))
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
