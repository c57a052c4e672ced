"""Score the anatomy stage on text dumps rendered from labelled HTML pages (real page layouts).

The anatomy stage reads text dumps; its fixtures are hand-made dumps. Here real
pages are rendered to dumps the way crawlers do (:mod:`benchmarks.render_html`,
html-text's conventions), the labels of two HTML datasets are carried to the
dump's lines, the dump goes through the anatomy stage on its **text path** (a
:class:`~newsaudit.page.Page` with no HTML regions), and every labelled line is
scored by the predicted block type covering most of its characters.

Sources, both read straight from their tarballs in ``--data``:

* ``mozilla_readability_testpages`` (130 pages): ``expected.html`` is the
  reviewed article. It is rendered with the same renderer and reduced to
  lower-case ``\\w+`` tokens. A line of ``source.html``'s dump is STORY when at
  least 80% of its tokens are covered by token trigrams of the article (tokens
  in order, locally), NOT-STORY when at most 20% are, and unlabelled in between
  ("mixed"). A line of 1-3 tokens is STORY only when it equals a whole line of
  the rendered article, NOT-STORY when its tokens do not occur as a run in the
  article, and unlabelled otherwise ("short, ambiguous": "News" is in most
  articles). A line equal to ``expected-metadata.json``'s title, or to the title
  less or plus one ``" | Site"``-like segment at either end, is TITLE.
* ``trafilatura_eval`` (990 pages, ``evaldata.json``): partial labels. A line
  holding (part of) a "with" snippet is STORY, a "without" snippet NOT-STORY, a
  "comments" snippet COMMENT; snippets are matched with all whitespace removed
  (case kept). A "with" or comment snippet found more than once labels nothing
  (which copy is meant is unknown); a "without" snippet labels every copy. A line
  with STORY and another label is unlabelled ("conflict"); NOT-STORY and COMMENT
  gives COMMENT. The evaldata ``title`` labels TITLE lines as above. Other lines
  are not scored.

Predicted story = paragraph, insertion, dateline; comment types = comment,
comment_meta, comment_header. TITLE lines are scored only for the title: a page's
title is right when one of its TITLE lines is predicted ``title``. COMMENT lines
are non-story in the story figures. Characters are those of the line (offsets of
the stripped line); a line's story characters are those inside predicted story
blocks, so the character figures do not depend on the majority rule.

Every page goes to ``dev`` or ``blind`` by the first byte of the SHA-1 of its
name (folder name, or the file name in evaldata): below 52 (20.3%) is blind.
Blind pages are scored and reported in aggregate only: no text and no page name
of a blind page is printed or written.

Run: ``python -m benchmarks.anatomy_rendered --data ../shared/data --out docs/eval/anatomy_rendered.md``
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import emit
from benchmarks.render_html import Rendered, RenderedLine, render
from newsaudit.page import BlockType, Page

EVAL_DATE = "2026-12-06"
BLIND_BELOW = 52  # first SHA-1 byte below this -> blind (52/256 = 20.3%)
STORY, NOT_STORY, COMMENT, TITLE = "story", "not-story", "comment", "title"
STORY_TYPES = frozenset({BlockType.PARAGRAPH.value, BlockType.INSERTION.value, BlockType.DATELINE.value})
COMMENT_TYPES = frozenset({BlockType.COMMENT.value, BlockType.COMMENT_META.value, BlockType.COMMENT_HEADER.value})
NONE = "(no block)"
#: token coverage of a line by the article's trigrams: STORY at or above, NOT-STORY at or below
STORY_COVER, JUNK_COVER = 0.8, 0.2
SHORT_TOKENS = 4  # lines with fewer tokens are judged as a whole
SHORT_WORDS = 6  # junk shape: a line of fewer words is "short"
LINK_LIST = 0.5  # junk shape: a line with at least this share of link characters is "link list"
WORST = 15
SOURCES = ("readability", "trafilatura")
_TOKEN = re.compile(r"\w+")
_WS = re.compile(r"\s+")
_TITLE_SEP = re.compile(r"\s+(?:[|\-–—·•»/:]|::)\s+")


# -- split and normalisation -------------------------------------------------------------
def split_of(name: str) -> str:
    """``blind`` for about 20% of names (first SHA-1 byte < 52), else ``dev``: stable across runs and machines."""
    return "blind" if hashlib.sha1(name.encode("utf-8")).digest()[0] < BLIND_BELOW else "dev"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def key(text: str | None) -> str:
    return " ".join(tokens(text or ""))


def title_keys(title: str | None) -> set[str]:
    """Keys a title line may have: the title, or the title less one separator-delimited segment at one end
    (the longer remaining side, at least 2 tokens), for "Headline | Site" and "Site - Headline"."""
    full = key(title)
    if not full:
        return set()
    out = {full}
    assert title is not None
    for m in _TITLE_SEP.finditer(title):
        left, right = key(title[: m.start()]), key(title[m.end() :])
        best = left if len(left.split()) >= len(right.split()) else right
        if len(best.split()) >= 2:
            out.add(best)
    return out


def is_title_line(text: str, title: str | None) -> bool:
    """The line is the title: equal to it, to it less one end segment, or to it plus one ("Headline - Site")."""
    if not title:
        return False
    k = key(text)
    if not k:
        return False
    return k in title_keys(title) or (_TITLE_SEP.search(text) is not None and key(title) in title_keys(text))


# -- labels ----------------------------------------------------------------------------------
@dataclass
class Labels:
    """One label (or None: not scored) per dump line, and why lines or snippets were left unlabelled."""

    lines: list[str | None]
    notes: Counter[str] = field(default_factory=Counter)


class Article:
    """The reference article reduced to what line labelling needs."""

    def __init__(self, rendered: Rendered) -> None:
        toks = tokens(rendered.text)
        self.trigrams = {tuple(toks[i : i + 3]) for i in range(len(toks) - 2)}
        self.joined = f" {' '.join(toks)} "
        self.lines = {key(rendered.line_text(i)) for i in range(len(rendered.lines))} - {""}

    def coverage(self, toks: Sequence[str]) -> float:
        """Share of ``toks`` inside some trigram that occurs in the article (for lines of 3+ tokens)."""
        covered = [False] * len(toks)
        for i in range(len(toks) - 2):
            if tuple(toks[i : i + 3]) in self.trigrams:
                covered[i] = covered[i + 1] = covered[i + 2] = True
        return sum(covered) / len(toks) if toks else 0.0


def label_against_article(rendered: Rendered, article: Rendered, title: str | None = None) -> Labels:
    """Readability pages: STORY / NOT-STORY / TITLE from the reviewed article (rules in the module docstring)."""
    ref = Article(article)
    out = Labels([])
    for i in range(len(rendered.lines)):
        text = rendered.line_text(i)
        toks = tokens(text)
        k = " ".join(toks)
        label: str | None
        if not toks:
            label = None
            if text.strip():
                out.notes["no word tokens"] += 1
        elif is_title_line(text, title):
            label = TITLE
        elif len(toks) < SHORT_TOKENS:
            if k in ref.lines:
                label = STORY
            elif f" {k} " in ref.joined:
                label = None
                out.notes["short, ambiguous"] += 1
            else:
                label = NOT_STORY
        else:
            cover = ref.coverage(toks)
            if cover >= STORY_COVER:
                label = STORY
            elif cover <= JUNK_COVER:
                label = NOT_STORY
            else:
                label = None
                out.notes["mixed"] += 1
        out.lines.append(label)
    return out


def _squeezed(rendered: Rendered) -> tuple[str, list[int]]:
    """The dump with all whitespace removed, and the line index of each remaining character."""
    parts: list[str] = []
    owner: list[int] = []
    for i in range(len(rendered.lines)):
        s = _WS.sub("", rendered.line_text(i))
        parts.append(s)
        owner.extend([i] * len(s))
    return "".join(parts), owner


def _occurrences(haystack: str, needle: str) -> list[int]:
    out, pos = [], haystack.find(needle)
    while pos != -1:
        out.append(pos)
        pos = haystack.find(needle, pos + 1)
    return out


def label_with_snippets(
    rendered: Rendered,
    with_: Iterable[str],
    without: Iterable[str],
    comments: Iterable[str] = (),
    title: str | None = None,
) -> Labels:
    """trafilatura pages: partial labels from the benchmark's snippets (rules in the module docstring)."""
    text, owner = _squeezed(rendered)
    found: list[set[str]] = [set() for _ in rendered.lines]
    notes: Counter[str] = Counter()
    for kind, snippets, every_copy in ((STORY, with_, False), (NOT_STORY, without, True), (COMMENT, comments, False)):
        for snippet in snippets:
            needle = _WS.sub("", snippet)
            if not needle:
                continue
            hits = _occurrences(text, needle)
            notes[f"{kind} snippets"] += 1
            if not hits:
                notes[f"{kind} snippets not found"] += 1
                continue
            if len(hits) > 1 and not every_copy:
                notes[f"{kind} snippets found more than once"] += 1
                continue
            for pos in hits:
                for line in set(owner[pos : pos + len(needle)]):
                    found[line].add(kind)
    labels: list[str | None] = []
    for i, kinds in enumerate(found):
        label: str | None = None
        if is_title_line(rendered.line_text(i), title):
            label = TITLE
        elif kinds == {STORY} or kinds == {NOT_STORY}:
            label = next(iter(kinds))
        elif kinds and kinds <= {COMMENT, NOT_STORY}:
            label = COMMENT
        elif kinds:
            notes["conflict"] += 1
        labels.append(label)
    return Labels(labels, notes)


# -- predictions -----------------------------------------------------------------------------
@dataclass
class LinePrediction:
    type: str  # block type covering most of the line's characters, or NONE
    story_chars: int  # characters of the line inside predicted story blocks
    chars: int


def predict_lines(page: Page, rendered: Rendered) -> list[LinePrediction]:
    """Map the page's blocks onto the dump's lines (``page.text`` is ``rendered.text``)."""
    starts = [ln.start for ln in rendered.lines]
    by_type: list[Counter[str]] = [Counter() for _ in rendered.lines]
    story_spans: list[tuple[int, int]] = []
    for blk in page.blocks:
        t = blk.type.value
        if t in STORY_TYPES:
            story_spans.append((blk.start, blk.end))
        first = max(0, bisect.bisect_right(starts, blk.start) - 1)
        for i in range(first, len(starts)):
            ln = rendered.lines[i]
            if ln.start >= blk.end:
                break
            ov = min(ln.end, blk.end) - max(ln.start, blk.start)
            if ov > 0:
                by_type[i][t] += ov
    merged: list[tuple[int, int]] = []
    for s, e in sorted(story_spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    m_starts = [s for s, _ in merged]
    out = []
    for i, ln in enumerate(rendered.lines):
        story = 0
        j = max(0, bisect.bisect_right(m_starts, ln.start) - 1)
        while j < len(merged) and merged[j][0] < ln.end:
            story += max(0, min(ln.end, merged[j][1]) - max(ln.start, merged[j][0]))
            j += 1
        best = by_type[i].most_common(1)
        out.append(LinePrediction(best[0][0] if best else NONE, story, ln.end - ln.start))
    return out


def run_anatomy(text: str, name: str, pipeline: Any = None) -> Page:
    """The anatomy stage alone on a text dump: a Page without HTML regions, so the text path runs."""
    if pipeline is None:
        pipeline = _anatomy_pipeline()
    return pipeline(Page(text=text, meta={"name": name, "format": "text"}))


def timed_anatomy(text: str, name: str, pipeline: Any) -> tuple[Page, bool, float]:
    """``run_anatomy`` timed, and a crash scored as predicting nothing: (page, whether it crashed, seconds)."""
    t0 = time.perf_counter()
    try:
        page, failed = run_anatomy(text, name, pipeline), False
    except Exception:
        page, failed = Page(text=text), True
    return page, failed, time.perf_counter() - t0


def _anatomy_pipeline() -> Any:
    from newsaudit.pipeline import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(stages=("anatomy",)))


# -- scoring -----------------------------------------------------------------------------------
@dataclass
class Score:
    """Counts for one page, or summed over pages (``pages*`` fields count pages)."""

    tp: int = 0  # story lines predicted story
    fn: int = 0  # story lines predicted non-story
    fp: int = 0  # non-story (NOT-STORY or COMMENT) lines predicted story
    tn: int = 0
    story_chars: int = 0
    story_chars_kept: int = 0  # story characters inside predicted story blocks
    junk_chars_kept: int = 0  # non-story characters inside predicted story blocks
    comment_lines: int = 0
    comment_as_comment: int = 0
    comment_as_story: int = 0
    wrong: int = 0  # scored lines not right (story: story; NOT-STORY: non-story; COMMENT: a comment type)
    title_pages: int = 0  # pages with a TITLE line
    title_right: int = 0
    markup_lines: int = 0  # lines mostly inside comment markup (renderer heuristic; diagnostic)
    markup_as_comment: int = 0
    markup_as_story: int = 0
    pages: int = 0
    pages_scored: int = 0  # pages with at least one scored line
    pages_right: int = 0
    lost_to: Counter[str] = field(default_factory=Counter)  # lost story lines by predicted type
    lost_chars_to: Counter[str] = field(default_factory=Counter)
    kept_shape: Counter[str] = field(default_factory=Counter)  # junk lines predicted story, by shape
    kept_chars_shape: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    # per-page ratios for macro averages: (precision, recall, f1) on pages with a story line; char ratios
    macro_prf: list[tuple[float, float, float]] = field(default_factory=list)
    macro_lost: list[float] = field(default_factory=list)
    macro_junk: list[float] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(mine, Counter | list):
                mine.update(value) if isinstance(mine, Counter) else mine.extend(value)
            else:
                setattr(self, name, mine + value)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lost_share(self) -> float:
        """Share of story characters predicted non-story."""
        return 1 - self.story_chars_kept / self.story_chars if self.story_chars else 0.0

    @property
    def junk_share(self) -> float:
        """Share of the (scored) characters predicted story that are not story."""
        kept = self.story_chars_kept + self.junk_chars_kept
        return self.junk_chars_kept / kept if kept else 0.0


def junk_shape(rendered: Rendered, i: int) -> str:
    """Short class of a line: short (< 6 words), link list (half its characters in links), or prose."""
    if len(rendered.line_text(i).split()) < SHORT_WORDS:
        return "short line (< 6 words)"
    if rendered.lines[i].link_share >= LINK_LIST:
        return "link list (>= 50% link text)"
    return "longer line (6+ words)"


def score_page(rendered: Rendered, labels: Labels, preds: Sequence[LinePrediction]) -> Score:
    s = Score(pages=1, notes=Counter(labels.notes))
    titled = False
    for i, (label, pred) in enumerate(zip(labels.lines, preds, strict=True)):
        is_story = pred.type in STORY_TYPES
        if rendered.lines[i].in_comment_markup:
            s.markup_lines += 1
            s.markup_as_comment += pred.type in COMMENT_TYPES
            s.markup_as_story += is_story
        if label is None:
            continue
        s.labels[label] += 1
        if label == TITLE:
            titled = True
            s.title_right += pred.type == BlockType.TITLE.value and not s.title_right
            continue
        if label == STORY:
            s.story_chars += pred.chars
            s.story_chars_kept += pred.story_chars
            if is_story:
                s.tp += 1
            else:
                s.fn += 1
                s.wrong += 1
                s.lost_to[pred.type] += 1
                s.lost_chars_to[pred.type] += pred.chars
            continue
        s.junk_chars_kept += pred.story_chars
        if is_story:
            s.fp += 1
            shape = junk_shape(rendered, i)
            s.kept_shape[shape] += 1
            s.kept_chars_shape[shape] += pred.chars
        else:
            s.tn += 1
        if label == COMMENT:
            s.comment_lines += 1
            s.comment_as_comment += pred.type in COMMENT_TYPES
            s.comment_as_story += is_story
            s.wrong += pred.type not in COMMENT_TYPES
        else:
            s.wrong += is_story
    s.title_pages = int(titled)
    scored = s.tp + s.fn + s.fp + s.tn
    s.pages_scored = int(scored > 0)
    s.pages_right = int(scored > 0 and s.wrong == 0)
    if s.tp + s.fn:
        s.macro_prf.append((s.precision, s.recall, s.f1))
        s.macro_lost.append(s.lost_share)
    if s.story_chars_kept + s.junk_chars_kept:
        s.macro_junk.append(s.junk_share)
    return s


# -- data ----------------------------------------------------------------------------------------
@dataclass
class LabelledPage:
    source: str
    name: str
    split: str
    rendered: Rendered
    labels: Labels


def _decode(raw: bytes, name: str) -> str:
    from newsaudit.errors import InputError
    from newsaudit.io.loader import decode_bytes

    try:
        return decode_bytes(raw, name)[0]
    except InputError:
        return raw.decode("utf-8", "replace")


def _failed_page() -> tuple[Rendered, Labels]:
    """A page that could not be rendered or labelled: one empty, unscored line."""
    return Rendered("", [RenderedLine(0, 0)]), Labels([None], Counter({"pages not rendered": 1}))


def readability_pages(data: Path, limit: int | None = None) -> Iterable[LabelledPage]:
    from benchmarks.readability_pages import load_pages

    pages = load_pages(data)
    for tp in pages[:limit] if limit else pages:
        try:
            rendered = render(_decode(tp.source, tp.name))
            labels = label_against_article(rendered, render(tp.expected), tp.title)
        except Exception:  # counted, never shown: the page may be blind
            rendered, labels = _failed_page()
        yield LabelledPage("readability", tp.name, split_of(tp.name), rendered, labels)


def trafilatura_pages(data: Path, limit: int | None = None) -> Iterable[LabelledPage]:
    from benchmarks.html_extraction import load_corpus

    for _url, item, raw in load_corpus(data, limit):
        name = item["file"]
        if raw is None:
            continue
        try:
            rendered = render(_decode(raw, name))
            labels = label_with_snippets(rendered, item["with"], item["without"], item.get("comments") or (),
                                         item.get("title"))
        except Exception:  # counted, never shown: the page may be blind
            rendered, labels = _failed_page()
        yield LabelledPage("trafilatura", name, split_of(name), rendered, labels)


# -- run --------------------------------------------------------------------------------------------
@dataclass
class Result:
    totals: dict[tuple[str, str], Score]  # (source, split) -> summed score
    per_page: dict[tuple[str, str], dict[str, Score]]  # (source, split) -> page name -> score
    failed: dict[tuple[str, str], int]
    seconds: dict[str, float]
    missing: int = 0


def run(data: Path, limit: int | None = None) -> Result:
    pipeline = _anatomy_pipeline()
    res = Result({}, {}, Counter(), {})
    t_all = time.perf_counter()
    sources = (("readability", readability_pages(data, limit)), ("trafilatura", trafilatura_pages(data, limit)))
    for source, pages in sources:
        t0 = time.perf_counter()
        anatomy = 0.0
        for lp in pages:
            keyp = (source, lp.split)
            page, failed, seconds = timed_anatomy(lp.rendered.text, lp.name, pipeline)
            res.failed[keyp] += int(failed)
            anatomy += seconds
            s = score_page(lp.rendered, lp.labels, predict_lines(page, lp.rendered))
            res.totals.setdefault(keyp, Score()).add(s)
            res.per_page.setdefault(keyp, {})[lp.name] = s
        res.seconds[f"{source}: anatomy"] = anatomy
        res.seconds[f"{source}: read, render, label, score"] = time.perf_counter() - t0 - anatomy
    res.seconds["total"] = time.perf_counter() - t_all
    return res


# -- report ------------------------------------------------------------------------------------------
def _f(x: float) -> str:
    return f"{x:.3f}"


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def _share(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "-"


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def anatomy_code_state() -> str:
    """Whether the anatomy code that ran is the committed one: its files compared with ``git show HEAD:...``.

    The rules change while evaluations run, so the report says what it measured, not only the commit.
    """
    import newsaudit

    pkg = Path(newsaudit.__file__).resolve().parent
    files = sorted(p.relative_to(pkg.parent).as_posix() for p in (pkg / "anatomy").glob("*.py"))
    files.append("newsaudit/stages/anatomy.py")
    differ = []
    for rel in files:
        try:
            head = subprocess.run(["git", "show", f"HEAD:src/{rel}"], capture_output=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            differ.append(rel)
            continue
        if (pkg.parent / rel).read_bytes() != head:
            differ.append(rel)
    if not differ:
        return "the anatomy code that ran is that commit's"
    return "the anatomy code that ran differs from that commit in " + ", ".join(f"`{d}`" for d in differ)


def report(res: Result, limit: int | None = None) -> str:
    cols = [(src, sp) for src in SOURCES for sp in ("dev", "blind") if (src, sp) in res.totals]
    tot = res.totals
    lines: list[str] = []
    w = lines.append
    w("## Anatomy on rendered HTML pages (text dumps of real layouts)")
    w("")
    w(f"_Measured {EVAL_DATE} at commit `{_commit()}` by `python -m benchmarks.anatomy_rendered "
      "--data ../shared/data --out docs/eval/anatomy_rendered.md`"
      + (f" with `--limit {limit}` (a partial run)" if limit else "")
      + f" ({anatomy_code_state()}); {res.seconds['total']:.0f} s in all. "
      "Round 1: the first run, recorded as it came out._")
    w("")
    counts = ", ".join(f"{src} {sp}: {tot[(src, sp)].pages}" for src, sp in cols)
    w(f"Pages: {counts}. The two Mozilla Readability and trafilatura benchmark page sets are rendered to text "
      "dumps as crawlers write them and the anatomy stage reads each dump on its text path (no HTML regions). "
      "Each page is `dev` or `blind` by the first byte of the SHA-1 of its name (< 52: blind, about 20%). "
      "The blind columns are for final figures: no blind page was looked at, and no blind page is named here.")
    w("")
    w("**Renderer** (`benchmarks.render_html`, html-text's conventions): script/style/noscript/template/"
      "svg/head/iframe dropped; p, h1-h6, lists as a whole, blockquote, pre, figure and a div with text of its "
      "own are set off by a blank line; div, li, tr, section, header, footer, nav, form, dt/dd and the like "
      "start a new line; list items get no bullet; `<br>` ends a line (`<br><br>` leaves a blank line); "
      "inline text chunks are joined with one space (none before closing punctuation or after an opening "
      "bracket); table cells of a row share a line; whitespace collapsed, lines stripped.")
    w("")
    w("**Labels.** Readability pages: a dump line is STORY when at least 80% of its lower-cased word tokens "
      "are covered by token trigrams of the rendered `expected.html`, NOT-STORY at 20% or less, unlabelled in "
      "between; a line of 1-3 tokens is STORY only if it equals a whole line of the rendered article, "
      "NOT-STORY if its tokens never occur as a run in it, unlabelled otherwise. A line equal to the metadata "
      "title, or to it less or plus one `| Site`-like end segment, is TITLE. trafilatura pages (partial "
      "labels): a line holding a \"with\" snippet is STORY, a \"without\" snippet NOT-STORY, a \"comments\" "
      "snippet COMMENT (matching ignores whitespace); a \"with\" or comment snippet found twice or more "
      "labels nothing; STORY plus any other label on one line leaves it unlabelled; the evaldata title "
      "labels TITLE lines as above. Unlabelled lines are not scored.")
    w("")
    w("**Scoring.** Each line takes the predicted block type covering most of its characters. Story = "
      "paragraph, insertion, dateline; comment types = comment, comment_meta, comment_header; COMMENT lines "
      "count as non-story in the story figures. *Story chars lost* = share of STORY characters outside "
      "predicted story blocks; *junk kept* = share of the scored characters inside predicted story blocks "
      "that are not STORY. Title right = one of the page's TITLE lines is predicted `title`. A page is "
      "fully right when every scored line is (STORY: story; NOT-STORY: not story; COMMENT: a comment type). "
      "Macro = mean over pages (story figures over pages with a STORY line).")
    w("")
    head = "| | " + " | ".join(f"{src} {sp}" for src, sp in cols) + " |"
    w("### Summary")
    w("")
    w(head)
    w("|---|" + "---:|" * len(cols))
    rows: list[tuple[str, Any]] = [
        ("story lines: precision (micro)", lambda s: _f(s.precision)),
        ("story lines: recall (micro)", lambda s: _f(s.recall)),
        ("story lines: F1 (micro)", lambda s: _f(s.f1)),
        ("story lines: F1 (macro)", lambda s: _f(_mean([x[2] for x in s.macro_prf]))),
        ("story lines: precision / recall (macro)",
         lambda s: f"{_f(_mean([x[0] for x in s.macro_prf]))} / {_f(_mean([x[1] for x in s.macro_prf]))}"),
        ("story chars lost (micro)", lambda s: _f(s.lost_share)),
        ("story chars lost (macro)", lambda s: _f(_mean(s.macro_lost))),
        ("junk kept as story, share of story chars (micro)", lambda s: _f(s.junk_share)),
        ("junk kept as story (macro)", lambda s: _f(_mean(s.macro_junk))),
        ("title right (pages with a TITLE line)", lambda s: _share(s.title_right, s.title_pages)),
        ("comment lines predicted a comment type", lambda s: _share(s.comment_as_comment, s.comment_lines)),
        ("comment lines predicted story (leak)", lambda s: _share(s.comment_as_story, s.comment_lines)),
        ("pages fully right", lambda s: _share(s.pages_right, s.pages_scored)),
        ("scored lines: story / non-story", lambda s: f"{s.tp + s.fn} / {s.fp + s.tn}"),
    ]
    for label, fn in rows:
        w(f"| {label} | " + " | ".join(fn(tot[c]) for c in cols) + " |")
    w("")
    if any(res.failed.values()):
        w("Anatomy raised on: " + ", ".join(f"{src} {sp}: {n}" for (src, sp), n in res.failed.items() if n)
          + " pages (scored as predicting nothing).")
        w("")

    w("### Labels carried to lines")
    w("")
    w(head)
    w("|---|" + "---:|" * len(cols))
    for lab in (STORY, NOT_STORY, COMMENT, TITLE):
        w(f"| lines {lab.upper()} | " + " | ".join(str(tot[c].labels[lab]) for c in cols) + " |")
    notes = sorted({n for c in cols for n in tot[c].notes})
    for n in notes:
        w(f"| {n} | " + " | ".join(str(tot[c].notes[n]) for c in cols) + " |")
    w("")
    w("Unlabelled-line notes count lines (\"mixed\", \"short, ambiguous\", \"conflict\", \"no word tokens\"); "
      "the snippet rows count snippets (a \"without\" snippet not found usually sat in dropped markup or was "
      "rendered differently).")
    w("")

    w("### Where the lost story lines went (predicted type)")
    w("")
    w(head)
    w("|---|" + "---:|" * len(cols))
    types = sorted({t for c in cols for t in tot[c].lost_to}, key=lambda t: -sum(tot[c].lost_to[t] for c in cols))
    for t in types:
        w(f"| {t} | " + " | ".join(f"{tot[c].lost_to[t]} lines, {tot[c].lost_chars_to[t]} chars" for c in cols) + " |")
    w("")
    w("### Junk lines kept as story, by shape")
    w("")
    w(head)
    w("|---|" + "---:|" * len(cols))
    shapes = sorted({t for c in cols for t in tot[c].kept_shape})
    for t in shapes:
        w(f"| {t} | " + " | ".join(f"{tot[c].kept_shape[t]} lines, {tot[c].kept_chars_shape[t]} chars"
                                    for c in cols) + " |")
    w("")
    w("### Lines inside comment markup (renderer heuristic, not a label)")
    w("")
    w("Lines whose characters sit mostly inside an element whose class/id names comments (`comment`, "
      "`commentlist`, `disqus_thread`, `respond`, ...): how the text path typed them.")
    w("")
    w(head)
    w("|---|" + "---:|" * len(cols))
    w("| lines | " + " | ".join(str(tot[c].markup_lines) for c in cols) + " |")
    w("| predicted a comment type | " + " | ".join(_share(tot[c].markup_as_comment, tot[c].markup_lines)
                                                  for c in cols) + " |")
    w("| predicted story | " + " | ".join(_share(tot[c].markup_as_story, tot[c].markup_lines) for c in cols) + " |")
    w("")

    for src in SOURCES:
        pages = res.per_page.get((src, "dev"), {})
        if not pages:
            continue
        worst = sorted(pages.items(), key=lambda kv: (-kv[1].wrong, -(kv[1].story_chars - kv[1].story_chars_kept),
                                                      kv[0]))[:WORST]
        w(f"### The {WORST} worst dev pages: {src}")
        w("")
        w("By wrong scored lines (names and counts only). Lost = STORY lines predicted non-story; kept = "
          "non-story lines predicted story; comments missed = COMMENT lines not predicted a comment type.")
        w("")
        w("| page | scored lines | wrong | lost | kept | comments missed | story chars lost | title |")
        w("|---|---:|---:|---:|---:|---:|---:|---|")
        for name, s in worst:
            title = "-" if not s.title_pages else ("right" if s.title_right else "wrong")
            w(f"| `{name}` | {s.tp + s.fn + s.fp + s.tn} | {s.wrong} | {s.fn} | {s.fp} | "
              f"{s.comment_lines - s.comment_as_comment} | {_f(s.lost_share)} | {title} |")
        w("")
    w("Blind pages are not listed.")
    w("")
    w("### Run time")
    w("")
    for k, v in res.seconds.items():
        w(f"- {k}: {v:.1f} s")
    w("")
    return "\n".join(lines)


def command(description: str, run: Any, report: Any, argv: Sequence[str] | None = None) -> int:
    """The command line both rendered-page evaluations share: ``--data``, ``--out``, ``--limit``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="shared data directory")
    parser.add_argument("--out", type=Path, help="markdown file to write")
    parser.add_argument("--limit", type=int, help="only the first N pages of each source (quick runs)")
    args = parser.parse_args(argv)
    for ds in ("mozilla_readability_testpages", "trafilatura_eval"):
        if not (args.data / ds).is_dir():
            print(f"error: no {ds}/ under {args.data}", file=sys.stderr)
            return 2
    res = run(args.data, args.limit)
    emit(report(res, args.limit), args.out)
    return 0


def main(argv: list[str] | None = None) -> int:
    return command(__doc__.split("\n\n")[0], run, report, argv)


if __name__ == "__main__":
    sys.exit(main())
