"""Lines of a text dump with their offsets: the unit the rules look at."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Any white space but the line break, and the zero-width space and BOM: a line of nothing else (U+2028, a form
#: feed, an ideographic space, ...) is blank, as ``str.strip`` would have it, and never a block of its own.
_TRAILING = re.compile(r"(?:[^\S\n]|[\u200b\ufeff])+$")
_LEADING = re.compile(r"^(?:[^\S\n]|[\u200b\ufeff])*")
#: Spaces other than U+0020 inside a line (non-breaking, thin, ideographic, a tab, a stray CR): crawlers that
#: decode ``&nbsp;`` or keep tabs write them where others write a space, and every rule is written with spaces.
_ODD_SPACE = re.compile(r"[^\S\n ]")
#: Dots sites set between a line's cells in place of the middle dot ("oakridge_tom ∙ 03/09/2018 ∙ 8:14 pm"): every
#: rule is written with "·", so each is read as one (one for one, like the odd spaces)
_ODD_DOT = str.maketrans({"\u2219": "·", "\u22c5": "·", "\u2027": "·"})
#: ... and marks that open a list item at a line's start but stand between cells mid-line ("porchlight_dale ⁃
#: 02/12/2018 ⁃ 8:41 PM", "♥ 12 helpful ⸱ Answer ⸱ Flag"): read as "·" only between spaces
_ODD_DOT_BETWEEN = re.compile(r"(?<= )[\u2043\u2e31\u30fb\uff65\u25e6\u2023\u2981\u2e30](?= )")
#: The first tab of a gap between two words (a run of tabs is one gap)
_INNER_TAB = re.compile(r"(?<!\s)\t")
#: A line ending on one of these words goes on: it is a wrapped sentence, not a headline
OPEN_ENDED = frozenset("a an and as at by for from in of on or the to with".split())


@dataclass(frozen=True)
class Line:
    index: int
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    indent: int  # leading width, tabs counted as 4
    text: str  # stripped text, every kind of space written as U+0020
    #: For a hard-wrapped line joined from several: (position in ``text``, page offset) where each later piece starts
    joints: tuple[tuple[int, int], ...] = ()
    #: characters of indentation as the page has them (a tab is one), where ``indent`` counts a tab as four;
    #: None where unknown (a line built from a piece of another)
    lead: int | None = None
    #: positions in ``text`` where the page has a tab between words: a bar's cells ("Share<TAB>Tweet<TAB>Email"),
    #: which ``text`` writes as one space like any other
    tabs: tuple[int, ...] = ()

    def at(self, pos: int) -> int:
        """The page offset of ``text[pos]`` (joined lines do not sit contiguously in the page)."""
        origin, page_pos = 0, self.start
        for text_pos, offset in self.joints:
            if text_pos > pos:
                break
            origin, page_pos = text_pos, offset
        return page_pos + pos - origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Page offsets of ``text[start:end]``."""
        return self.at(start), (self.at(end - 1) + 1 if end > start else self.at(start))

    @property
    def spaced(self) -> bool:
        """Whether the line is laid out in cells, spaced out or tabbed: a bar of items, not a sentence."""
        return bool(self.tabs) or "  " in self.text

    @property
    def cells_text(self) -> str:
        """``text`` with each tab between words written as two spaces, as the rules write a bar's gaps."""
        return self.tabs_as("  ")

    def tabs_as(self, gap: str) -> str:
        """``text`` with each tab between words written as ``gap``: a rule that parts cells by "·" or items by ","
        reads a tab as one of its own."""
        if not self.tabs:
            return self.text
        parts, at = [], 0
        for tab in self.tabs:
            parts.append(self.text[at:tab])
            at = tab + 1
        return gap.join([*parts, self.text[at:]])

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def latin(self) -> bool:
        """Written in Latin letters (four in five): in scripts without spaces between words (Chinese, Japanese)
        the count of words is no measure of a line's length."""
        letters = [c for c in self.text if c.isalpha()]
        return sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters) >= 0.8 * len(letters)


def long_words(text: str) -> list[str]:
    """The words of four letters or more: whether a line is in title case is read on them ("of", "the" stay low)."""
    return [w for w in _WORD.findall(text) if len(w) >= 4]


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def flat_line(start: int, end: int, text: str) -> Line:
    """A block's text read as one line, its lines joined and its spaces collapsed: what the line-level judgements
    (a date? a byline? prose?) read when a whole block is asked about."""
    return Line(0, start, end, 0, " ".join(text.split()))


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Split ``text[start:end]`` into lines; offsets are into the whole ``text``."""
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    index = 0
    while pos <= end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        raw = text[pos:line_end]
        lead = _LEADING.match(raw)
        lead_len = lead.end() if lead else 0
        stripped = _TRAILING.sub("", raw[lead_len:])
        tabs: tuple[int, ...] = ()
        if not stripped.isascii() or "\t" in stripped or "\r" in stripped:
            tabs = tuple(m.start() for m in _INNER_TAB.finditer(stripped))
            stripped = _ODD_SPACE.sub(" ", stripped).translate(_ODD_DOT)  # one for one: page offsets still hold
            stripped = _ODD_DOT_BETWEEN.sub("·", stripped)
        indent = len(raw[:lead_len].replace("\t", "    "))
        s = pos + lead_len
        out.append(Line(index, s, s + len(stripped), indent, stripped, lead=lead_len, tabs=tabs))
        index += 1
        if nl == -1:
            break
        pos = nl + 1
    return out


def groups(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines separated by blank lines (paragraph candidates)."""
    result: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                result.append(current)
                current = []
        else:
            current.append(line)
    if current:
        result.append(current)
    return result


_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]$")


def norm_words(text: str) -> str:
    """Text reduced to lower-case words, for comparing lines that differ only in punctuation or case."""
    return re.sub(r"\W+", " ", text).strip().casefold()


def is_short_label(line: Line, max_words: int = 4, max_chars: int = 40) -> bool:
    """A short line without sentence punctuation: a button, a caption, a widget label."""
    return 0 < line.words <= max_words and len(line.text) <= max_chars and not _SENTENCE_END.search(line.text)
