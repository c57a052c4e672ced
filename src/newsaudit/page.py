"""The document model every stage reads and extends.

A :class:`Page` owns one immutable ``text``; every ``Block``, ``Comment`` and
``Finding`` points into it with ``[start, end)`` character offsets, so any
report can show exactly which characters a judgement rests on. Stages add to a
page and never rewrite its text (like spaCy components adding to a ``Doc``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any

SCHEMA_VERSION = "1.6"
#: The entries of a report that grow with the page (see ``Page.report_items``).
LONG_LISTS = frozenset({"blocks", "comments", "findings"})


class BlockType(StrEnum):
    """The parts of a news page an editor would name."""

    TITLE = "title"
    PARAGRAPH = "paragraph"  # body paragraph of the article
    DATELINE = "dateline"  # e.g. "MOSCOW/WASHINGTON (Reuters) –", inside a paragraph
    BYLINE = "byline"
    CREDIT = "credit"  # "Source: ...", "This article originally appeared on ...", "(Reporting by ...)"
    INSERTION = "insertion"  # editorial text added around copied (wire) material
    COMMENT_HEADER = "comment_header"  # "10 thoughts on ...", "Comments (3)"
    COMMENT = "comment"
    COMMENT_META = "comment_meta"  # author/date/"Reply" lines of a comment
    COMMENT_POLICY = "comment_policy"
    BOILERPLATE = "boilerplate"  # share buttons, comment forms, newsletters, ads


# Blocks, comments and findings are slotted: a page with 200,000 comments holds 400,000 of them.
@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


#: The attrs of a block that has none: one shared read-only mapping, not an empty dict per block.
NO_ATTRS: Mapping[str, Any] = MappingProxyType({})


@dataclass(slots=True)
class Block:
    """A typed region of the page text. ``reason`` says why the region got its type.

    ``comment_id`` ties a comment's blocks (its text, its author/date lines) to the :class:`Comment`; a
    report writes it among the attrs. ``attrs`` are read-only once the block is made.
    """

    type: BlockType
    start: int
    end: int
    reason: str = ""
    attrs: Mapping[str, Any] = field(default_factory=lambda: NO_ATTRS)
    comment_id: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(slots=True)
class Comment:
    """One reader comment; ``parent`` is the id of the comment it replies to.

    ``moderation`` is the comments stage's verdict (a read-only mapping: decision, reasons, scores,
    groups, hate_form); a report writes it as ``meta["moderation"]``. It has a field of its own, and
    ``meta`` is a shared empty mapping until a reader gives it facts, because a page may have 200,000
    comments and a dict each cost 184 bytes.
    """

    #: unique within the page
    id: str
    start: int
    end: int
    #: the id of the comment this one replies to; None for a comment at the top of the thread
    parent: str | None = None
    #: 0 at the top of the thread, the parent's depth + 1 for a reply
    depth: int = 0
    #: the commenter's name as the page shows it, when it shows one
    author: str | None = None
    #: other facts the page gives (date, likes, @mentions, ...)
    meta: Mapping[str, Any] = field(default_factory=lambda: NO_ATTRS)
    #: the comments stage's verdict: ``decision`` (allow, hold or reject), ``reasons``, ``scores``, ``groups``, ...
    moderation: Mapping[str, Any] | None = None


@dataclass(slots=True)
class Finding:
    """A flag raised by a stage, with the evidence that supports it: ``[start, end)`` of the page text."""

    start: int
    end: int
    #: the stage that raised it ("slant", "comments", "provenance", "claims", ...)
    stage: str
    #: what sort of flag, within the stage (e.g. "propaganda", "moderation", "attribution")
    kind: str
    #: what was found (e.g. a propaganda technique, a moderation label)
    label: str
    #: how sure the stage is, from 0 to 1
    score: float
    #: why, in words
    reason: str
    #: other facts, owned by the stage
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Page:
    """A page's text and everything the pipeline found in it.

    Every block, comment and finding points into ``text`` with ``[start, end)`` character offsets (``slice``
    gives its text); stages add to a page and never change ``text``. ``to_dict`` is the JSON report.
    """

    #: the page text (for HTML, the text built from it: title, article, then comments); it never changes
    text: str
    #: facts about the input: ``name``, ``format`` ("text" or "html"), ``encoding``, and what the caller gave
    meta: dict[str, Any] = field(default_factory=dict)
    #: the page's anatomy in reading order (by start, an outer block before the blocks inside it)
    blocks: list[Block] = field(default_factory=list)
    #: the reader thread, parents before their replies
    comments: list[Comment] = field(default_factory=list)
    #: the stages' flags
    findings: list[Finding] = field(default_factory=list)
    #: page-level facts, one entry per stage under its name (``summary["anatomy"]["wire_agency"]``)
    summary: dict[str, Any] = field(default_factory=dict)

    # -- building -------------------------------------------------------
    def _check(self, start: int, end: int) -> None:
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside page text of length {len(self.text)}")

    def add_block(
        self, type: BlockType, start: int, end: int, reason: str = "", comment_id: str | None = None, **attrs: Any
    ) -> Block:
        """Add a block of ``type`` over ``[start, end)`` in reading order; ``attrs`` become its read-only attrs.
        Raises ValueError for a span outside the text."""
        self._check(start, end)
        block = Block(BlockType(type), start, end, reason, attrs or NO_ATTRS, comment_id)
        # Keep blocks in reading order (outer before inner) without re-sorting: pages have many blocks.
        bisect.insort_right(self.blocks, block, key=_reading_order)
        return block

    def add_blocks(self, blocks: list[Block]) -> None:
        """Add many blocks at once, each checked like ``add_block``'s, sorted once rather than one by one."""
        for block in blocks:
            self._check(block.start, block.end)
            block.type = BlockType(block.type)
        self.blocks.extend(blocks)
        self.blocks.sort(key=_reading_order)  # Timsort: linear when the blocks come in order

    def add_comment(self, comment: Comment) -> Comment:
        """Add a comment to the thread (after the ones already there); its span must lie inside the text."""
        self._check(comment.start, comment.end)
        self.comments.append(comment)
        return comment

    def add_finding(self, finding: Finding) -> Finding:
        """Add a finding; its span must lie inside the text."""
        self._check(finding.start, finding.end)
        self.findings.append(finding)
        return finding

    # -- reading --------------------------------------------------------
    def slice(self, item: Block | Comment | Finding | Span) -> str:
        """The text of a block, comment or finding."""
        return self.text[item.start : item.end]

    def blocks_of(self, *types: BlockType) -> list[Block]:
        """The blocks of these types, in reading order (``page.blocks_of("insertion")``)."""
        wanted = {BlockType(t) for t in types}
        return [b for b in self.blocks if b.type in wanted]

    def first(self, type: BlockType) -> Block | None:
        """The first block of this type, or None."""
        found = self.blocks_of(type)
        return found[0] if found else None

    def article_regions(self, *types: BlockType) -> list[tuple[int, int]]:
        """``[start, end)`` of the article's blocks in reading order (title, paragraphs and insertions unless
        ``types`` says otherwise); the whole text when no stage has typed any block."""
        if not self.blocks:
            return [(0, len(self.text))]
        wanted = types or (BlockType.TITLE, BlockType.PARAGRAPH, BlockType.INSERTION)
        return [(b.start, b.end) for b in self.blocks_of(*wanted)]

    @property
    def title(self) -> str | None:
        """The title block's text with its white space as single spaces (non-breaking spaces, a wrapped title)."""
        block = self.first(BlockType.TITLE)
        return " ".join(self.slice(block).split()) if block else None

    def replies_to(self, comment_id: str) -> list[Comment]:
        """The direct replies to a comment."""
        return [c for c in self.comments if c.parent == comment_id]

    def walk_comments(self) -> Iterator[Comment]:
        """Comments in thread order (parents before their replies)."""
        yield from sorted(self.comments, key=lambda c: c.start)

    # -- serialising ----------------------------------------------------
    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        """The JSON report (docs/report-schema.md); without the text, it cannot be read back."""
        return {key: list(value) if key in LONG_LISTS else value for key, value in self.report_items(include_text)}

    def report_items(self, include_text: bool = True) -> Iterator[tuple[str, Any]]:
        """``to_dict``'s entries in order, its long lists (``LONG_LISTS``) as iterators of item dicts.

        A report writer can then serialise a page with 200,000 comments one item at a time
        instead of holding every item's dict at once.
        """
        yield "schema_version", SCHEMA_VERSION
        yield "meta", dict(self.meta)
        yield "text_length", len(self.text)
        yield "blocks", (_block_dict(b) for b in self.blocks)
        yield "comments", (_comment_dict(c) for c in self.comments)
        yield "findings", (asdict(f) for f in self.findings)
        yield "summary", dict(self.summary)
        if include_text:
            yield "text", self.text

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickled as its report (the read-only mappings of blocks and verdicts cannot be pickled), so that
        pages cross to and from worker processes; ``copy.copy`` therefore copies deeply too."""
        return Page.from_dict, (self.to_dict(),)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        """A page from its JSON report. Raises ValueError for a report of another major schema version or
        without its text."""
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"unsupported report schema version {version!r} (this is {SCHEMA_VERSION})")
        if "text" not in data:
            raise ValueError("report has no 'text'; write it with include_text=True to read it back")
        page = cls(text=data["text"], meta=dict(data.get("meta", {})), summary=dict(data.get("summary", {})))
        try:
            for b in data.get("blocks", []):
                page.add_block(BlockType(b["type"]), b["start"], b["end"], b.get("reason", ""), **b.get("attrs", {}))
            for c in data.get("comments", []):
                page.add_comment(_comment_from_dict(c))
            for f in data.get("findings", []):
                page.add_finding(Finding(**f))
        except (TypeError, ValueError) as exc:
            if _minor(version) > _minor(SCHEMA_VERSION):  # what a later minor version added (a block type, a field)
                raise ValueError(f"report of schema version {version} holds what version {SCHEMA_VERSION} cannot "
                                 f"read ({exc}): upgrade newsaudit to read it") from exc
            raise
        return page


def _minor(version: str) -> int:
    """The minor number of a ``MAJOR.MINOR`` schema version (-1 when it has none)."""
    _, _, minor = version.partition(".")
    return int(minor) if minor.isdigit() else -1


def _reading_order(block: Block) -> tuple[int, int]:
    """Blocks sort by start, and the outer of two that start together first."""
    return block.start, -block.end


def _plain(value: Any) -> Any:
    """``value`` with every mapping a plain dict (a moderation verdict is a compact read-only mapping)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    return value


def _comment_dict(comment: Comment) -> dict[str, Any]:
    """``asdict(comment)`` in plain dicts and lists, the moderation verdict inside ``meta``."""
    data = {f.name: _plain(getattr(comment, f.name)) for f in fields(Comment) if f.name != "moderation"}
    if comment.moderation is not None:
        data["meta"]["moderation"] = _plain(comment.moderation)
    return data


def _comment_from_dict(data: dict[str, Any]) -> Comment:
    """A report's comment back to a :class:`Comment` (``meta["moderation"]`` to its own field)."""
    meta = dict(data.get("meta") or {})
    moderation = meta.pop("moderation", None)
    return Comment(**{**data, "meta": meta or NO_ATTRS, "moderation": moderation})


def _block_dict(block: Block) -> dict[str, Any]:
    attrs = _plain(block.attrs)
    if block.comment_id is not None:
        attrs["comment_id"] = block.comment_id
    return {"type": block.type.value, "start": block.start, "end": block.end, "reason": block.reason, "attrs": attrs}
