"""What the provenance stage and the CLI need from a reference archive, whatever stores it.

Two backends: ``Archive`` (``archive.py``), one SQLite file, the embedded default; and
``ShardedArchive`` (``sharded.py``), a folder of such files that a lookup queries in parallel
threads, for archives too large for one file or one core. ``open_archive`` tells them apart by the
path: a folder holding ``shards.json`` is sharded, anything else is a single file.

``match`` (the word alignment of the best candidates) is the same on every backend: it needs only
``candidates`` and ``get``, so it lives here, in ``Matching``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from newsaudit.provenance.align import Alignment, Source, align


@dataclass(frozen=True)
class ArchiveDoc:
    id: str
    text: str
    title: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Candidate:
    id: str
    shared: int  # fingerprints shared with the page
    containment: float  # shared / the page's fingerprints


@dataclass
class AddReport:
    added: int = 0
    replaced: int = 0
    too_short: list[str] = field(default_factory=list)  # ids with no fingerprint: nothing could ever find them

    def extend(self, other: AddReport) -> None:
        self.added += other.added
        self.replaced += other.replaced
        self.too_short += other.too_short


@dataclass
class Match:
    """The sources a page copies (best first) and its alignment with them."""

    sources: list[ArchiveDoc]
    candidates: list[Candidate]
    alignment: Alignment


@runtime_checkable
class ArchiveBackend(Protocol):
    """A reference archive: documents added by id, found again from a page's text."""

    path: Path

    def add(self, docs: Iterable[ArchiveDoc], batch: int = 1000) -> AddReport: ...

    def candidates(self, text: str, limit: int = 5, max_df: int = 1000,
                   exclude: Sequence[str] = ()) -> list[Candidate]: ...

    def match(self, text: str, regions: Sequence[tuple[int, int]] | None = None, limit: int = 5,
              max_sources: int = 3, min_share: float = 0.1, min_words: int = 20) -> Match | None: ...

    def get(self, doc_id: str) -> ArchiveDoc: ...

    def info(self) -> dict[str, object]: ...

    def close(self) -> None: ...

    def __enter__(self) -> ArchiveBackend: ...

    def __exit__(self, *exc: object) -> None: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[ArchiveDoc]: ...


class Matching:
    """``match`` on top of a backend's ``candidates`` and ``get``."""

    def candidates(self, text: str, limit: int = 5, max_df: int = 1000,
                   exclude: Sequence[str] = ()) -> list[Candidate]:
        raise NotImplementedError

    def get(self, doc_id: str) -> ArchiveDoc:
        raise NotImplementedError

    def match(
        self,
        text: str,
        regions: Sequence[tuple[int, int]] | None = None,
        limit: int = 5,
        max_sources: int = 3,
        min_share: float = 0.1,
        min_words: int = 20,
    ) -> Match | None:
        """The page's sources and its alignment with them, or None when it copies nothing archived.

        The candidate that explains most of the page's words is the first source; it
        must account for ``min_words`` words and ``min_share`` of the page. Then, while
        text is left unexplained, the search repeats on that text for a further source
        (pages that merge several stories), which must explain ``min_words`` more words.
        Only candidates sharing at least a fifth of the leader's fingerprints are aligned.
        """
        regions = list(regions) if regions is not None else [(0, len(text))]
        query = "\n".join(text[s:e] for s, e in regions)
        chosen: list[ArchiveDoc] = []
        seen: list[Candidate] = []
        alignment: Alignment | None = None
        while len(chosen) < max_sources and query.strip():
            found = self.candidates(query, limit, exclude=[d.id for d in chosen])
            if not found:
                break
            seen.extend(found)
            explained = alignment.copied_words if alignment else 0
            best: tuple[int, ArchiveDoc, Alignment] | None = None
            for candidate in found:
                if candidate.shared * 5 < found[0].shared:
                    break
                doc = self.get(candidate.id)
                trial = align(text, [Source(d.id, d.text, d.title) for d in [*chosen, doc]], regions)
                gain = trial.copied_words - explained
                if best is None or gain > best[0]:
                    best = (gain, doc, trial)
            assert best is not None
            gain, doc, trial = best
            if gain < min_words or (not chosen and trial.copied_share < min_share):
                break
            chosen.append(doc)
            alignment = trial
            query = "\n".join(text[p.start : p.end] for p in trial.inserted)
        if alignment is None:
            return None
        return Match(chosen, seen, alignment)


def is_sharded(path: str | Path) -> bool:
    from newsaudit.provenance.sharded import MANIFEST

    return (Path(path) / MANIFEST).is_file()


def open_archive(
    path: str | Path,
    *,
    create: bool = False,
    shards: int | None = None,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> ArchiveBackend:
    """The archive at ``path``: a sharded folder or a single SQLite file.

    With ``create``, a missing archive is made: a folder of ``shards`` files when ``shards`` is
    over 1, else one file. ``shards`` given for an existing archive must agree with it.
    """
    from newsaudit.provenance.archive import DEFAULT_WAIT, Archive, ArchiveError
    from newsaudit.provenance.sharded import ShardedArchive

    wait = DEFAULT_WAIT if wait is None else wait
    target = Path(path)
    if is_sharded(target):
        opening = ShardedArchive.create if create else ShardedArchive
        return opening(target, shards or 0, wait=wait, on_wait=on_wait)
    if shards and shards > 1:
        if target.is_file() and target.stat().st_size:
            raise ArchiveError(f"{path}: a single-file archive; it cannot become {shards} shards")
        if create:
            return ShardedArchive.create(target, shards, wait=wait, on_wait=on_wait)
    if create:
        return Archive.create(target, wait=wait, on_wait=on_wait)
    return Archive(target, wait=wait, on_wait=on_wait)
