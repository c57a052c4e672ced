"""What the learned line check sees of a line: the rules' verdict on it and on the lines around it, its shape
and its words.

The rules type every line; a small logistic model (``training/train_anatomy_lines.py``) reads those verdicts with
the line's length, punctuation, case, words and place on the page, and may overrule one verdict only: a line the
rules kept as story that is the furniture, byline or credit around a story (a menu item, a teaser, a widget
label, a bio). Features are named so that a decision can say which of them weighed most.
"""

from __future__ import annotations

import math
import re

from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.masthead import is_prose_line
from newsaudit.page import Page

_END_PUNCT = re.compile(r"[.!?…:\"”’)]$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: A line's words the check reads ("w:newsletter", "w:guide"): furniture has its own vocabulary
MAX_WORDS = 24
WORD_PREFIX = "w:"
#: Words every sentence holds: prose against headline is the shape features' to tell, not these words'
_FUNCTION_WORDS = frozenset(
    "a an and are as at be by for from in is it of on or that the this to was were with".split())
_NAV_MARKS = ("|", "»", "›")
#: Lines of at most this many words count as short (menu items, buttons, labels)
SHORT_WORDS = 4


def line_features(lines: list[Line], types: list[str], limit: int | None = None) -> list[dict[str, float]]:
    """One feature dict per non-blank line (the first ``limit`` lines only, read against the whole page, when
    given); ``types`` is the block type the rules gave each line."""
    n = len(lines)
    prose = [is_prose_line(line) for line in lines]
    prose_at = [i for i, p in enumerate(prose) if p]
    first, last = (prose_at[0], prose_at[-1]) if prose_at else (n, -1)
    short_run = _short_runs(lines)
    rows = []
    for i, (line, kind) in enumerate(zip(lines[:limit], types[:limit], strict=True)):
        text = line.text
        capitalisable = [w for w in text.split() if w[:1].isalpha()]
        title_case = sum(w[0].isupper() for w in capitalisable) / len(capitalisable) if capitalisable else 0.0
        row = {
            f"t_{kind}": 1.0,
            f"prev_{types[i - 1] if i > 0 else 'edge'}": 1.0,
            f"next_{types[i + 1] if i < n - 1 else 'edge'}": 1.0,
            f"prev2_{types[i - 2] if i > 1 else 'edge'}": 1.0,
            f"next2_{types[i + 2] if i < n - 2 else 'edge'}": 1.0,
            "words_log": math.log1p(line.words),
            "short": float(line.words <= SHORT_WORDS),
            "long": float(line.words >= 25),
            "end_punct": float(bool(_END_PUNCT.search(text))),
            "title_case": title_case,
            "digits": sum(map(str.isdigit, text)) / max(1, len(text)),
            "prose": float(prose[i]),
            "before_story": float(i < first),
            "after_story": float(i > last),
            "pos": i / max(1, n - 1),
            "prev_prose": float(i > 0 and prose[i - 1]),
            "next_prose": float(i < n - 1 and prose[i + 1]),
            "pipe": float(any(mark in text for mark in _NAV_MARKS)),
            "short_run_log": math.log1p(short_run[i]) if line.words <= SHORT_WORDS else 0.0,
        }
        row.update(word_features(text))
        rows.append(row)
    return rows


def word_features(text: str) -> dict[str, float]:
    """The line's first words, lower-cased, each once; weighted so that a long line's words weigh no more in
    all than a short line's."""
    words = {w.casefold() for w in _WORD.findall(text)[:MAX_WORDS]} - _FUNCTION_WORDS
    weight = 1.0 / math.sqrt(len(words)) if words else 0.0
    return {WORD_PREFIX + w: weight for w in words}


def _short_runs(lines: list[Line]) -> list[int]:
    """For each line, how many short lines in a row its run of short lines holds (0 for a longer line)."""
    return runs([line.words <= SHORT_WORDS for line in lines])


def runs(flags: list[bool]) -> list[int]:
    """For each flag, how many set flags in a row its run holds (0 where unset)."""
    out = [0] * len(flags)
    i = 0
    while i < len(flags):
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        out[i:j] = [j - i] * (j - i)
        i = max(j, i + 1)
    return out


def page_types(page: Page, lines: list[Line]) -> list[str]:
    """The type of the page's block that covers most of each line (``"none"`` where no block does)."""
    return covering_types(lines, sorted((b.start, b.end, b.type.value) for b in page.blocks))


def covering_types(lines: list[Line], blocks: list[tuple[int, int, str]]) -> list[str]:
    """The type of the block that covers most of each line (``"none"`` where no block does); ``blocks`` are
    ``(start, end, type)`` in reading order."""
    out = []
    b = 0
    for line in lines:
        while b < len(blocks) and blocks[b][1] <= line.start:
            b += 1
        best, overlap = "none", 0
        for start, end, kind in blocks[b:]:
            if start >= line.end:
                break
            shared = min(end, line.end) - max(start, line.start)
            if shared > overlap:
                best, overlap = kind, shared
        out.append(best)
    return out
