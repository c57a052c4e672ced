"""Seeded re-post generator for the provenance evaluation (issue 5).

There is no public corpus of scraped news pages aligned to their wire originals with inserted,
dropped and reworded passages marked, so we make one: real articles (PolNeAR, PTC) are the
originals, and each generated page copies one (or two) of them with the edits real re-posts show —
slanted paragraphs on top, cut paragraphs and quotes, truncation, ads and share bars, a comment
section, reworded sentences, typographic noise. Because the generator builds every page from pieces
it knows, the gold is exact: every non-whitespace character of a page is either inserted or copied
(possibly reworded) from a known character range of an archived text.

Reworded sentences come from MSRP paraphrase pairs, which never occur in the originals: the
archived copy of an original gets sentence 1 inserted (at the end of a paragraph or as its own
paragraph), and the page carries sentence 2 in its place. Offsets in ``dropped`` and ``reworded``
therefore refer to :attr:`RepostCorpus.archive_texts`, not to the raw original.

Everything random is drawn from one ``random.Random(seed)`` in a fixed order: the same inputs and
seed give the same corpus on any machine.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int]


# ------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Original:
    """A news article as it would sit in the reference archive; paragraphs are separated by ``\\n\\n``."""

    id: str
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class Repost:
    """One generated page and its exact gold.

    ``inserted``: page spans not taken from any original, with ``inserted_kinds`` (``slant``,
    ``boilerplate``, ``comments``) in the same order. ``dropped``: ``(source_id, start, end)`` spans of
    the archived text that the page leaves out (trimmed of whitespace, one per paragraph piece).
    ``reworded``: ``(page_start, page_end, source_id, orig_start, orig_end)``. ``copied``: the same tuple
    for every copied stretch (text equal up to quote, dash and whitespace noise), i.e. the full alignment.
    ``edits``: the operations that changed the page (``exact`` when no content edit was made).
    """

    id: str
    text: str
    source_ids: list[str]
    inserted: list[Span]
    dropped: list[tuple[str, int, int]]
    reworded: list[tuple[int, int, str, int, int]]
    edits: list[str]
    inserted_kinds: list[str] = field(default_factory=list)
    copied: list[tuple[int, int, str, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class RepostCorpus:
    """What an evaluation run needs: the archive, the distractors and the pages with their gold.

    ``originals_for_archive`` are all originals except the opinion pool, each with the text that goes
    into the archive (MSRP sentence 1 added where a page rewords). The retrieval archive is
    ``originals_for_archive + distractors`` (:meth:`archive`).
    """

    originals_for_archive: list[Original]
    reposts: list[Repost]
    distractors: list[Original]
    opinion_pool: list[str]

    @property
    def archive_texts(self) -> dict[str, str]:
        return {o.id: o.text for o in self.originals_for_archive}

    def archive(self) -> list[Original]:
        return [*self.originals_for_archive, *self.distractors]


@dataclass(frozen=True)
class RepostConfig:
    """Probabilities of each operation per page (see :data:`OPERATIONS`); about 3.5 apply per page.

    A page that is not an exact copy but drew no content operation gets one chosen uniformly, so
    ``p_exact`` is the share of exact and near-exact (noise only) copies. An operation that cannot
    apply (nothing left to reword, too few paragraphs to drop) is skipped and not listed in ``edits``.
    """

    p_exact: float = 0.10  # copy with no content edit (noise may still apply): exact or near-exact
    p_slant_top: float = 0.35  # 1-3 opinion-pool paragraphs above the story
    p_slant_middle: float = 0.20  # one opinion-pool paragraph inside the story
    p_drop_paragraphs: float = 0.30  # 1-2 paragraphs left out
    p_quote_cut: float = 0.25  # a paragraph's last sentence left out (quotes first)
    p_reorder: float = 0.15  # two adjacent paragraphs swapped
    p_reword: float = 0.30  # 1-2 sentences replaced by their MSRP paraphrase
    p_truncate: float = 0.20  # only the first 40-70% of paragraphs kept
    p_merge_paragraphs: float = 0.15  # two paragraphs joined into one
    p_split_paragraph: float = 0.15  # one paragraph split into two at a sentence end
    p_boilerplate: float = 0.30  # 1-3 ad / share / related lines between paragraphs
    p_comments: float = 0.25  # comment section appended
    p_merge_sources: float = 0.10  # paragraphs of a second original appended
    p_noise: float = 0.50  # typographic noise: each of the five kinds with 1/2, at least one
    p_archive_paraphrase: float = 0.30  # an original first used without rewording still gets MSRP slots
    opinion_share: float = 0.10  # share of PTC articles kept out of the archive as the opinion pool
    truncate_keep: tuple[float, float] = (0.4, 0.7)
    validate: bool = True  # check_gold on every page (about 0.7 ms a page, two thirds of the run time)


OPERATIONS: tuple[str, ...] = (
    "exact",
    "slant_top",
    "slant_middle",
    "drop_paragraphs",
    "quote_cut",
    "reorder",
    "reword",
    "truncate",
    "merge_paragraphs",
    "split_paragraph",
    "boilerplate",
    "comments",
    "merge_sources",
    "noise_quotes",
    "noise_spaces",
    "noise_dashes",
    "noise_trailing",
    "noise_newlines",
)

# ---------------------------------------------------------------------------------------- loading

_MIN_PARAGRAPHS = 3
_MIN_WORDS = 150


def _clean(text: str) -> str:
    """One paragraph on one line: whitespace runs (incl. no-break spaces) become one space."""
    return " ".join(text.split())


def _blocks(lines: list[str]) -> list[list[str]]:
    """Groups of non-blank lines separated by blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _polnear_paragraphs(lines: list[str]) -> list[str]:
    """PolNeAR breaks paragraphs with blank lines or single newlines (HuffPost); a line starting in
    lower case continues a hard-wrapped one."""
    paragraphs: list[str] = []
    for block in _blocks(lines):
        current: list[str] = []
        for line in block:
            stripped = line.strip()
            if current and not stripped[:1].islower():
                paragraphs.append(_clean(" ".join(current)))
                current = []
            current.append(stripped)
        paragraphs.append(_clean(" ".join(current)))
    return [p for p in paragraphs if p]


def _ptc_paragraphs(lines: list[str]) -> list[str]:
    """PTC has one sentence per line; where blank lines mark paragraphs (about 1 article in 10) a blank-line
    block is a paragraph, elsewhere paragraph breaks are lost and each line (sentence) counts as one."""
    blocks = _blocks(lines)
    if len(blocks) < _MIN_PARAGRAPHS:
        blocks = [[line] for block in blocks for line in block]
    return [p for p in (_clean(" ".join(block)) for block in blocks) if p]


def _read(path: Path) -> tuple[str, list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    return (_clean(lines[0]) if lines else ""), lines[1:]


def load_originals(data_root: Path) -> list[Original]:
    """PolNeAR (every ``data/*/text/*.txt``) and PTC train articles as originals, sorted by id.

    The first line is the title. The NYT articles of PolNeAR are database records (dek, ``ABSTRACT.``, the
    abstract, ``FULL TEXT.``, then the body): only the body is kept. Articles with fewer than 3 paragraphs
    or 150 words are skipped, and of identical texts only the first (by id) is kept. Missing folders give
    no articles. Only PolNeAR's train and dev texts are here (the test split is held out).
    """
    candidates: list[Original] = []
    for path in sorted((data_root / "polnear").glob("data/*/text/*.txt")):
        title, lines = _read(path)
        paragraphs = _polnear_paragraphs(lines)
        head = paragraphs[:4]
        if "ABSTRACT." in head and "FULL TEXT." in head:  # NYT database records: dek + abstract before the body
            paragraphs = paragraphs[head.index("FULL TEXT.") + 1 :]
        text = "\n\n".join(paragraphs)
        candidates.append(Original(f"polnear:{path.stem}", title, text, "polnear"))
    for path in sorted((data_root / "ptc_semeval2020_task11" / "train-articles").glob("article*.txt")):
        title, lines = _read(path)
        text = "\n\n".join(_ptc_paragraphs(lines))
        candidates.append(Original(f"ptc:{path.stem.removeprefix('article')}", title, text, "ptc"))
    seen: set[str] = set()
    originals: list[Original] = []
    for original in sorted(candidates, key=lambda o: o.id):
        if original.text.count("\n\n") + 1 < _MIN_PARAGRAPHS or len(original.text.split()) < _MIN_WORDS:
            continue
        if original.text in seen:
            continue
        seen.add(original.text)
        originals.append(original)
    return originals


_OPENERS = {"(", "[", "{", "$", "#"}
_CLOSERS = {
    ",",
    ".",
    ";",
    ":",
    "?",
    "!",
    ")",
    "]",
    "}",
    "%",
    "...",
    "n't",
    "'t",
    "'",
    "'s",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
}


def detokenize(sentence: str) -> str:
    """Undo MSRP's tokenisation (``brother , whom`` / ``Dominick 's`` / ``"" the witness ""``)."""
    out = ""
    glue_next = True
    quote_open = False
    for token in sentence.split():
        if token == '"':
            quote_open = not quote_open
            if quote_open:
                out += ("" if glue_next else " ") + token
                glue_next = True
            else:
                out += token
                glue_next = False
            continue
        irish = token[:1] == "'" and token[1:2].isupper() and out.endswith(" O")  # O 'Neill
        if glue_next or irish or token in _CLOSERS or token.lower() in _CLOSERS:
            out += token
        else:
            out += " " + token
        glue_next = token in _OPENERS
    return out


def load_paraphrases(data_root: Path, detokenized: bool = True) -> list[tuple[str, str]]:
    """Positive MSRP pairs (``Quality == 1``) from ``msrp_paraphrase/msr_paraphrase_train.txt``.

    The file is tab separated with CSV quoting (``""`` inside quoted fields) and a header
    ``Quality, #1 ID, #2 ID, #1 String, #2 String``; its sentences are tokenised, so they are
    detokenised unless ``detokenized=False``.
    """
    path = data_root / "msrp_paraphrase" / "msr_paraphrase_train.txt"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if not rows or rows[0][:1] != ["Quality"]:
        raise ValueError(f"{path}: unexpected header {rows[:1]}")
    pairs: list[tuple[str, str]] = []
    for row in rows[1:]:
        if len(row) == 5 and row[0].strip() == "1":
            first, second = row[3].strip(), row[4].strip()
            pairs.append((detokenize(first), detokenize(second)) if detokenized else (first, second))
    return pairs


# ------------------------------------------------------------------------------------- sentences

_SENT_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen st jr sr no vs lt col sgt prof inc corp co jan feb mar apr aug sept sep oct "
    "nov dec ft mt rev pres supt cmdr capt adm maj".split()
)


def sentence_spans(text: str) -> list[Span]:
    """Sentence spans of one paragraph (a regex splitter that skips titles and initials)."""
    spans: list[Span] = []
    start = 0
    for match in _SENT_END.finditer(text):
        if text[match.start()] == ".":
            tail = text[max(start, match.start() - 24) : match.start()].split()
            word = tail[-1].lstrip("(“\"'‘") if tail else ""
            if word.lower() in _ABBREVIATIONS or len(word) == 1 or "." in word:
                continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------------------------- page pieces


@dataclass(slots=True)
class _Piece:
    """A stretch of a page paragraph: copied, reworded, inserted, or whitespace."""

    text: str
    kind: str  # copy | reword | insert | ws
    source_id: str = ""
    orig: Span = (0, 0)
    label: str = ""  # insert: slant / boilerplate / comments; reword: the archived sentence 1


_Paragraph = list[_Piece]


@dataclass(slots=True)
class _Slot:
    """An MSRP sentence 1 placed in an archived text, with the sentence 2 a page may put instead."""

    span: Span
    sentence1: str
    sentence2: str


@dataclass(slots=True)
class _ArchiveDoc:
    original: Original
    text: str
    paragraphs: list[Span]
    slots: list[_Slot]


def _paragraph_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for part in text.split("\n\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans


def _copy(doc: _ArchiveDoc, start: int, end: int) -> _Piece | None:
    """A copy piece of ``doc.text[start:end]`` trimmed of whitespace; None when nothing is left."""
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return _Piece(doc.text[start:end], "copy", doc.original.id, (start, end))


def _is_copied(paragraph: _Paragraph) -> bool:
    return all(p.kind != "insert" for p in paragraph)


def _single_copy(paragraph: _Paragraph) -> bool:
    return len(paragraph) == 1 and paragraph[0].kind == "copy"


# --------------------------------------------------------------------------------- boilerplate

_BOILERPLATE = (
    "Advertisement",
    "ADVERTISEMENT",
    "Continue reading below",
    "Story continues below advertisement",
    "Share this:",
    "Share this article",
    "Click to share on Facebook (Opens in new window)",
    "Sign up for our daily newsletter",
    "Subscribe to our newsletter for the latest news",
    "Related: {title}",
    "RELATED: {title}",
    "READ MORE: {title}",
    "Recommended: {title}",
)

_COMMENT_BODIES = (
    "Finally someone says it.",
    "This is exactly what the media won't tell you.",
    "Great article, thanks for posting.",
    "Does anyone actually believe this?",
    "Wake up people!!!",
    "I've been saying this for years.",
    "Source? This sounds made up.",
    "Shared with my whole family.",
    "They will never report the truth about this.",
    "Interesting read, but the headline is misleading.",
    "Same old story, nothing will change.",
    "Thank you for covering this when nobody else will.",
    "Typical. Just typical.",
    "How is this even legal?",
    "Spot on. Every word of it.",
)
_COMMENT_NAMES = (
    "Patriot1776",
    "Linda M.",
    "truthseeker",
    "Mike R",
    "Concerned Citizen",
    "JoeSmith42",
    "Deb",
    "anonymous",
    "Karen W.",
    "FreedomRings",
    "Tom",
    "RealNewsNow",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")

_STRAIGHTEN = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})


def _curl(text: str) -> str:
    """Straight quotes to curly ones, opening after whitespace or an opening bracket (length kept)."""
    out = []
    for i, ch in enumerate(text):
        opening = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-"
        if ch == '"':
            out.append("“" if opening else "”")
        elif ch == "'":
            out.append("‘" if opening else "’")
        else:
            out.append(ch)
    return "".join(out)


def _canonical(text: str) -> str:
    """Text up to the noise the generator adds: quotes straightened, dashes one ``-``, no whitespace."""
    text = "".join(text.translate(_STRAIGHTEN).split())
    return re.sub(r"-+", "-", text.replace("—", "-").replace("–", "-").replace("―", "-"))


# ------------------------------------------------------------------------------------ generator


class _Generator:
    """Holds the archive state while pages are made; one instance per :func:`make_reposts` call."""

    def __init__(
        self,
        originals: Sequence[Original],
        paraphrases: Sequence[tuple[str, str]],
        seed: int,
        config: RepostConfig,
    ) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.config = config
        ptc = [o for o in originals if o.source == "ptc"] or list(originals)
        n_pool = min(max(1, round(config.opinion_share * len(ptc))), len(originals) - 2)
        pool_ids = {o.id for o in self.rng.sample(ptc, n_pool)} if n_pool > 0 else set()
        self.pool = [o for o in originals if o.id in pool_ids]
        self.archived = [o for o in originals if o.id not in pool_ids]
        if len(self.archived) < 2:
            raise ValueError("need at least two originals outside the opinion pool")
        archive_paragraphs = {p for o in self.archived for p in o.text.split("\n\n")}
        # Opinion paragraphs grouped by article, so a slanted lead reads as one voice.
        self.pool_paragraphs = [
            paras
            for o in self.pool
            if (paras := [p for p in o.text.split("\n\n") if len(p.split()) >= 8 and p not in archive_paragraphs])
        ]
        if not self.pool_paragraphs:
            raise ValueError("the opinion pool has no usable paragraphs")
        self.pool_titles = [o.title for o in self.pool if o.title] or ["More news"]
        self.paraphrases = [
            (a, b) for a, b in paraphrases if a and b and a != b and "\n" not in a + b and a.strip() == a
        ]
        self.rng.shuffle(self.paraphrases)
        self.next_paraphrase = 0
        self.docs: dict[str, _ArchiveDoc] = {}

    # ---------------------------------------------------------------- archive
    def _doc(self, original: Original, want_slots: bool) -> _ArchiveDoc:
        """The archived version, fixed at first use (later pages share its offsets)."""
        doc = self.docs.get(original.id)
        if doc is not None:
            return doc
        paragraphs: list[str] = []
        slots: list[_Slot] = []
        chosen: set[int] = set()
        source_paragraphs = original.text.split("\n\n")
        if self.paraphrases and (want_slots or self.rng.random() < self.config.p_archive_paraphrase):
            chosen = set(self.rng.sample(range(len(source_paragraphs)), min(2, len(source_paragraphs))))
        position = 0
        for i, paragraph in enumerate(source_paragraphs):
            if i in chosen:
                first, second = self.paraphrases[self.next_paraphrase % len(self.paraphrases)]
                self.next_paraphrase += 1
                if self.rng.random() < 0.5:  # appended to the paragraph
                    start = position + len(paragraph) + 1
                    paragraph = f"{paragraph} {first}"
                    paragraphs.append(paragraph)
                else:  # a paragraph of its own after it
                    paragraphs.append(paragraph)
                    position += len(paragraph) + 2
                    start = position
                    paragraphs.append(paragraph := first)
                slots.append(_Slot((start, start + len(first)), first, second))
            else:
                paragraphs.append(paragraph)
            position += len(paragraph) + 2
        text = "\n\n".join(paragraphs)
        doc = _ArchiveDoc(Original(original.id, original.title, text, original.source), text, [], slots)
        doc.paragraphs = _paragraph_spans(text)
        self.docs[original.id] = doc
        return doc

    def _pick(self, want_reword: bool, exclude: str = "") -> Original:
        """A source; for a rewording page prefer one that is unused or already has MSRP slots."""
        for _ in range(8):
            original = self.rng.choice(self.archived)
            if original.id == exclude:
                continue
            doc = self.docs.get(original.id)
            if not want_reword or doc is None or doc.slots:
                return original
        while True:
            original = self.rng.choice(self.archived)
            if original.id != exclude:
                return original

    # ------------------------------------------------------------------ page
    def make(self, index: int) -> Repost:
        cfg, rng = self.config, self.rng
        content_ops = {
            "slant_top": cfg.p_slant_top,
            "slant_middle": cfg.p_slant_middle,
            "drop_paragraphs": cfg.p_drop_paragraphs,
            "quote_cut": cfg.p_quote_cut,
            "reorder": cfg.p_reorder,
            "reword": cfg.p_reword,
            "truncate": cfg.p_truncate,
            "merge_paragraphs": cfg.p_merge_paragraphs,
            "split_paragraph": cfg.p_split_paragraph,
            "boilerplate": cfg.p_boilerplate,
            "comments": cfg.p_comments,
            "merge_sources": cfg.p_merge_sources,
        }
        exact = rng.random() < cfg.p_exact
        wanted = set() if exact else {op for op, p in content_ops.items() if rng.random() < p}
        if not exact and not wanted:
            wanted = {rng.choice(sorted(content_ops))}
        noise = rng.random() < cfg.p_noise

        primary = self._pick("reword" in wanted)
        doc = self._doc(primary, "reword" in wanted)
        paragraphs: list[_Paragraph] = [[p] for s, e in doc.paragraphs if (p := _copy(doc, s, e))]
        source_ids = [primary.id]
        edits: list[str] = []

        if "truncate" in wanted and len(paragraphs) >= 3:
            keep = max(2, math.ceil(len(paragraphs) * rng.uniform(*cfg.truncate_keep)))
            if keep < len(paragraphs):
                paragraphs = paragraphs[:keep]
                edits.append("truncate")
        if "drop_paragraphs" in wanted and len(paragraphs) >= 4:
            for i in sorted(rng.sample(range(len(paragraphs)), min(rng.randint(1, 2), len(paragraphs) - 3)))[::-1]:
                del paragraphs[i]
            edits.append("drop_paragraphs")
        if "quote_cut" in wanted and self._quote_cut(paragraphs):
            edits.append("quote_cut")
        if "merge_sources" in wanted:
            second = self._pick(False, exclude=primary.id)
            other = self._doc(second, False)
            extra = [[p] for s, e in other.paragraphs if (p := _copy(other, s, e))]
            if extra and other.text != doc.text:
                paragraphs.extend(extra[: rng.randint(min(2, len(extra)), min(6, len(extra)))])
                source_ids.append(second.id)
                edits.append("merge_sources")
        if "reword" in wanted and self._reword(paragraphs, source_ids):
            edits.append("reword")
        if "reorder" in wanted:
            pairs = [
                i for i in range(len(paragraphs) - 1) if _is_copied(paragraphs[i]) and _is_copied(paragraphs[i + 1])
            ]
            if pairs:
                i = rng.choice(pairs)
                paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
                edits.append("reorder")
        if "split_paragraph" in wanted and self._split(paragraphs):
            edits.append("split_paragraph")
        if "merge_paragraphs" in wanted:
            pairs = [
                i for i in range(len(paragraphs) - 1) if _is_copied(paragraphs[i]) and _is_copied(paragraphs[i + 1])
            ]
            if pairs:
                i = rng.choice(pairs)
                paragraphs[i : i + 2] = [[*paragraphs[i], _Piece(" ", "ws"), *paragraphs[i + 1]]]
                edits.append("merge_paragraphs")
        if "slant_middle" in wanted and len(paragraphs) >= 2:
            text = rng.choice(rng.choice(self.pool_paragraphs))
            paragraphs.insert(rng.randint(1, len(paragraphs) - 1), [_Piece(text, "insert", label="slant")])
            edits.append("slant_middle")
        if "slant_top" in wanted:
            article = rng.choice(self.pool_paragraphs)
            count = min(rng.randint(1, 3), len(article))
            start = rng.randint(0, len(article) - count)
            paragraphs[:0] = [[_Piece(p, "insert", label="slant")] for p in article[start : start + count]]
            edits.append("slant_top")
        if "boilerplate" in wanted and len(paragraphs) >= 2:
            for _ in range(rng.randint(1, 3)):
                line = rng.choice(_BOILERPLATE).format(title=rng.choice(self.pool_titles))
                paragraphs.insert(rng.randint(1, len(paragraphs) - 1), [_Piece(line, "insert", label="boilerplate")])
            edits.append("boilerplate")
        if "comments" in wanted:
            paragraphs.append([_Piece(self._comment_section(primary.title), "insert", label="comments")])
            edits.append("comments")
        separator = "\n\n"
        if noise:
            separator, noise_edits = self._noise(paragraphs)
            edits.extend(noise_edits)
        if not any(not e.startswith("noise_") for e in edits):
            edits.insert(0, "exact")
        return self._assemble(f"repost:{self.seed}:{index:05d}", paragraphs, separator, source_ids, edits)

    # ----------------------------------------------------------- operations
    def _quote_cut(self, paragraphs: list[_Paragraph]) -> bool:
        """Cut the last sentence of a paragraph, preferring one whose last sentence holds a quote."""
        candidates: list[tuple[int, list[Span]]] = []
        for i, paragraph in enumerate(paragraphs):
            if _single_copy(paragraph) and len(sentences := sentence_spans(paragraph[0].text)) >= 2:
                candidates.append((i, sentences))
        if not candidates:
            return False
        quoted = [c for c in candidates if set(paragraphs[c[0]][0].text[c[1][-1][0] :]) & set('"“”')]
        i, sentences = self.rng.choice(quoted or candidates)
        piece = paragraphs[i][0]
        keep_end = sentences[-2][1]
        piece.text, piece.orig = piece.text[:keep_end], (piece.orig[0], piece.orig[0] + keep_end)
        return True

    def _split(self, paragraphs: list[_Paragraph]) -> bool:
        candidates = [
            (i, s)
            for i, paragraph in enumerate(paragraphs)
            if _single_copy(paragraph) and len(s := sentence_spans(paragraph[0].text)) >= 2
        ]
        if not candidates:
            return False
        i, sentences = self.rng.choice(candidates)
        piece = paragraphs[i][0]
        cut = sentences[self.rng.randint(1, len(sentences) - 1)][0]
        first_end = len(piece.text[:cut].rstrip())
        o = piece.orig[0]
        first = _Piece(piece.text[:first_end], "copy", piece.source_id, (o, o + first_end))
        second = _Piece(piece.text[cut:], "copy", piece.source_id, (o + cut, piece.orig[1]))
        paragraphs[i : i + 1] = [[first], [second]]
        return True

    def _reword(self, paragraphs: list[_Paragraph], source_ids: list[str]) -> bool:
        """Replace 1-2 archived MSRP sentence 1s still on the page by their sentence 2."""
        found: list[tuple[int, int, _Slot]] = []
        for pi, paragraph in enumerate(paragraphs):
            for ki, piece in enumerate(paragraph):
                if piece.kind != "copy" or piece.source_id not in source_ids:
                    continue
                for slot in self.docs[piece.source_id].slots:
                    if piece.orig[0] <= slot.span[0] and slot.span[1] <= piece.orig[1]:
                        found.append((pi, ki, slot))
        if not found:
            return False
        chosen = self.rng.sample(found, min(self.rng.randint(1, 2), len(found)))
        # Back to front within a paragraph, so piece indices stay valid.
        for pi, ki, slot in sorted(chosen, key=lambda c: (c[0], c[1], c[2].span), reverse=True):
            piece = paragraphs[pi][ki]
            doc = self.docs[piece.source_id]
            replacement: list[_Piece] = []
            before = _copy(doc, piece.orig[0], slot.span[0])
            if before:
                replacement += [before, _Piece(doc.text[before.orig[1] : slot.span[0]], "ws")]
            replacement.append(_Piece(slot.sentence2, "reword", doc.original.id, slot.span, slot.sentence1))
            after = _copy(doc, slot.span[1], piece.orig[1])
            if after:
                replacement += [_Piece(doc.text[slot.span[1] : after.orig[0]], "ws"), after]
            paragraphs[pi][ki : ki + 1] = replacement
        return True

    def _comment_section(self, title: str) -> str:
        rng = self.rng
        shown = rng.randint(2, 5)
        total = shown + rng.choice((0, 0, 1, 4, 9, 30))
        header = rng.choice((f"{total} thoughts on “{title}”", f"{total} Comments", f"Comments ({total})"))
        lines = [header]
        for body in rng.sample(_COMMENT_BODIES, shown):
            date = (
                f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, 2016 at {rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm"
            )
            lines += [f"{rng.choice(_COMMENT_NAMES)} says:", date, body, "Reply"]
        lines += [
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Comment",
            "Name *",
            "Email *",
            "Website",
            "Post Comment",
        ]
        return "\n".join(lines)

    def _noise(self, paragraphs: list[_Paragraph]) -> tuple[str, list[str]]:
        """Typographic noise on copied text only (reworded and inserted text stay as they are)."""
        rng = self.rng
        kinds = [k for k in ("quotes", "spaces", "dashes", "trailing", "newlines") if rng.random() < 0.5]
        kinds = kinds or [rng.choice(("quotes", "spaces", "dashes", "trailing", "newlines"))]
        copies = [piece for paragraph in paragraphs for piece in paragraph if piece.kind == "copy"]
        edits: list[str] = []
        if "quotes" in kinds:
            curly = sum(p.text.count("“") + p.text.count("’") for p in copies)
            straight = sum(p.text.count('"') + p.text.count("'") for p in copies)
            if curly or straight:
                convert = (lambda t: t.translate(_STRAIGHTEN)) if curly >= straight else _curl
                for piece in copies:
                    piece.text = convert(piece.text)
                edits.append("noise_quotes")
        if "spaces" in kinds:
            changed = False
            for piece in copies:
                if rng.random() < 0.5:
                    new = re.sub(
                        r"([.,]) (?=\S)", lambda m: m.group(1) + "  " if rng.random() < 0.4 else m.group(0), piece.text
                    )
                    changed |= new != piece.text
                    piece.text = new
            if changed:
                edits.append("noise_spaces")
        if "dashes" in kinds:
            style = rng.choice((" - ", "--", "–", " -- "))
            changed = False
            for piece in copies:
                new = piece.text.replace("—", style).replace("―", style)
                changed |= new != piece.text
                piece.text = new
            if changed:
                edits.append("noise_dashes")
        if "trailing" in kinds:
            trailing = False
            for paragraph in paragraphs:
                if _is_copied(paragraph) and rng.random() < 0.4:
                    paragraph.append(_Piece(rng.choice((" ", "  ", "\t", " \t")), "ws"))
                    trailing = True
            if trailing:
                edits.append("noise_trailing")
        separator = "\n\n"
        if "newlines" in kinds:
            separator = "\n"
            edits.append("noise_newlines")
        return separator, edits

    # ------------------------------------------------------------- assembly
    @staticmethod
    def _assemble(
        page_id: str, paragraphs: list[_Paragraph], separator: str, source_ids: list[str], edits: list[str]
    ) -> Repost:
        parts: list[str] = []
        inserted: list[Span] = []
        kinds: list[str] = []
        reworded: list[tuple[int, int, str, int, int]] = []
        copied: list[tuple[int, int, str, int, int]] = []
        offset = 0
        for n, paragraph in enumerate(paragraphs):
            if n:
                parts.append(separator)
                offset += len(separator)
            for piece in paragraph:
                end = offset + len(piece.text)
                if piece.kind == "insert":
                    inserted.append((offset, end))
                    kinds.append(piece.label)
                elif piece.kind in ("copy", "reword"):
                    row = (offset, end, piece.source_id, piece.orig[0], piece.orig[1])
                    (copied if piece.kind == "copy" else reworded).append(row)
                parts.append(piece.text)
                offset = end
        text = "".join(parts)
        return Repost(
            id=page_id,
            text=text,
            source_ids=source_ids,
            inserted=inserted,
            dropped=[],  # filled by make_reposts once the archive texts are known
            reworded=reworded,
            edits=edits,
            inserted_kinds=kinds,
            copied=copied,
        )


def _dropped(source_id: str, archive_text: str, covered: list[Span]) -> list[tuple[str, int, int]]:
    """The archived text's characters no copy or reword covers, one trimmed span per paragraph piece."""
    out: list[tuple[str, int, int]] = []
    position = 0
    for start, end in [*sorted(covered), (len(archive_text), len(archive_text))]:
        gap = archive_text[position:start]
        base = position
        for part in gap.split("\n\n"):
            stripped = part.strip()
            if stripped:
                s = base + part.index(stripped)
                out.append((source_id, s, s + len(stripped)))
            base += len(part) + 2
        position = max(position, end)
    return out


class GoldError(AssertionError):
    """A generated page whose gold does not account for its text (a generator bug)."""


def check_gold(repost: Repost, archive_texts: dict[str, str]) -> None:
    """Raise :class:`GoldError` unless the gold accounts for every non-whitespace character of page and sources.

    Page: inserted, copied and reworded spans do not overlap and only whitespace lies between them;
    copied text equals its archive span up to quote, dash and whitespace noise. Each source: its copied,
    reworded and dropped spans do not overlap and only whitespace lies between them.
    """
    text = repost.text
    page_spans = sorted(
        [(s, e, "insert") for s, e in repost.inserted]
        + [(r[0], r[1], "copy") for r in repost.copied]
        + [(r[0], r[1], "reword") for r in repost.reworded]
    )
    position = 0
    for start, end, kind in page_spans:
        if not position <= start <= end <= len(text):
            raise GoldError(f"{repost.id}: {kind} span {start, end} overlaps or overruns")
        if text[position:start].strip():
            raise GoldError(f"{repost.id}: unaccounted text {text[position:start]!r}")
        position = end
    if text[position:].strip():
        raise GoldError(f"{repost.id}: unaccounted tail {text[position:]!r}")
    for page_start, page_end, sid, orig_start, orig_end in repost.copied:
        page_part, orig_part = text[page_start:page_end], archive_texts[sid][orig_start:orig_end]
        if _canonical(page_part) != _canonical(orig_part):
            raise GoldError(f"{repost.id}: copy differs: {page_part!r}")
    for sid in repost.source_ids:
        archive_text = archive_texts[sid]
        spans = sorted(
            [(r[3], r[4]) for r in repost.copied + repost.reworded if r[2] == sid]
            + [(d[1], d[2]) for d in repost.dropped if d[0] == sid]
        )
        position = 0
        for start, end in spans:
            if start < position:
                raise GoldError(f"{repost.id}: {sid} characters {start, end} used twice")
            if archive_text[position:start].strip():
                raise GoldError(f"{repost.id}: {sid} lost text")
            position = end
        if archive_text[position:].strip():
            raise GoldError(f"{repost.id}: {sid} lost its tail")


def make_reposts(
    originals: Sequence[Original],
    paraphrases: Sequence[tuple[str, str]],
    n: int,
    seed: int = 0,
    config: RepostConfig | None = None,
    n_distractors: int = 0,
) -> RepostCorpus:
    """Generate ``n`` re-posted pages from ``originals`` (deterministic for ``seed``).

    A share of PTC articles (``config.opinion_share``) is kept out of the archive as the opinion pool
    that slanted paragraphs come from. ``paraphrases`` are (sentence 1, sentence 2) pairs (see
    :func:`load_paraphrases`); with none, no page is reworded. ``n_distractors`` spliced near-miss
    documents are added (see :func:`distractors`).
    """
    config = config or RepostConfig()
    generator = _Generator(originals, paraphrases, seed, config)
    pages = [generator.make(i) for i in range(n)]
    texts = {sid: doc.text for sid, doc in generator.docs.items()}
    reposts: list[Repost] = []
    for page in pages:
        dropped: list[tuple[str, int, int]] = []
        for sid in page.source_ids:
            covered = [(r[3], r[4]) for r in page.copied + page.reworded if r[2] == sid]
            dropped += _dropped(sid, texts[sid], covered)
        repost = dataclasses.replace(page, dropped=dropped)
        if config.validate:
            check_gold(repost, texts)
        reposts.append(repost)
    archive = [generator.docs[o.id].original if o.id in generator.docs else o for o in generator.archived]
    extra = distractors(generator.archived, n_distractors, seed) if n_distractors else []
    return RepostCorpus(archive, reposts, extra, [o.id for o in generator.pool])


def distractors(originals: Sequence[Original], n: int, seed: int = 0) -> list[Original]:
    """``n`` same-topic near misses: the first half of an article's paragraphs spliced to the second half
    of its neighbour in id order (PolNeAR ids sort by publisher and date, so neighbours share a beat).

    The other originals in the archive are the natural distractors; these add documents that share
    long passages with a source without being it. Ids are ``splice:<a>|<b>``, source ``splice``.
    """
    rng = random.Random(seed)
    ordered = sorted(originals, key=lambda o: o.id)
    out: list[Original] = []
    seen: set[str] = set()
    if len(ordered) < 2:
        return out
    for _ in range(n * 4):
        if len(out) >= n:
            break
        i = rng.randrange(len(ordered) - 1)
        a, b = ordered[i], ordered[i + 1]
        pa, pb = a.text.split("\n\n"), b.text.split("\n\n")
        text = "\n\n".join(pa[: max(1, len(pa) // 2)] + pb[len(pb) // 2 :])
        key = f"splice:{a.id}|{b.id}"
        if key in seen or text in (a.text, b.text):
            continue
        seen.add(key)
        out.append(Original(key, a.title, text, "splice"))
    return out
