"""Originals for the archive from the same inputs a batch run reads: JSONL, CSV, Parquet, WARC, folders, pages.

A record's id and title come from its fields (``id``, ``title``, ``url``) or its
file name; HTML is reduced to its article text the way an audit reads it. An archive file
is read as its documents: how an archive of an earlier format is copied into a new one.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsaudit.batch.records import BadRecord, read_inputs
from newsaudit.errors import NewsauditError
from newsaudit.io.loader import decode_bytes, looks_like_html
from newsaudit.provenance.archive import ArchiveDoc, ArchiveError
from newsaudit.provenance.archive_file import DEFAULT_WAIT, connect_reader, identify
from newsaudit.provenance.textcodec import TextCodec


def _article_text(text: str) -> tuple[str, str]:
    """(text, title) of an HTML page's article: title, then its paragraphs."""
    from newsaudit.page import BlockType
    from newsaudit.pipeline import Pipeline, PipelineConfig

    page = Pipeline(PipelineConfig(stages=("anatomy",))).audit(text)
    blocks = page.blocks_of(BlockType.TITLE, BlockType.PARAGRAPH, BlockType.INSERTION, BlockType.BYLINE)
    title = page.title or ""
    return "\n\n".join(page.slice(b) for b in blocks), title


def _is_archive(path: Path) -> bool:
    """Whether an input file is a newsaudit archive (of any format): SQLite's header, then its mark or tables."""
    try:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return False
        return identify(path) != "new"
    except (OSError, ArchiveError):
        return False


def archive_docs(paths: Sequence[str | Path]) -> Iterator[ArchiveDoc | BadRecord]:
    """Each input's documents, in the order given; runs of inputs that are not archives are read together."""
    run: list[str | Path] = []
    for path in paths:
        if _is_archive(Path(path)):
            yield from _records(run)
            run = []
            yield from read_documents(Path(path))
        else:
            run.append(path)
    yield from _records(run)


def _records(paths: Sequence[str | Path]) -> Iterator[ArchiveDoc | BadRecord]:
    if not paths:
        return
    for item in read_inputs([str(p) for p in paths]):
        if isinstance(item, BadRecord):
            yield item
            continue
        try:
            text = decode_bytes(item.text, item.key)[0] if isinstance(item.text, bytes) else item.text
        except NewsauditError as exc:
            yield BadRecord(item.key, item.id, str(exc))
            continue
        if "\x00" in text:
            yield BadRecord(item.key, item.id, "input looks binary, not text or HTML")
            continue
        title = str(item.meta.get("title") or "")
        if looks_like_html(text):
            text, found_title = _article_text(text)
            title = title or found_title
        if not text.strip():
            yield BadRecord(item.key, item.id, "no article text")
            continue
        if not title:
            title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]
        doc_id = item.id if item.id else item.key
        yield ArchiveDoc(doc_id, text, title, item.meta.get("url"))


def read_documents(path: Path) -> Iterator[ArchiveDoc]:
    """The documents of an archive file of any format, read-only: how an older archive is copied into a new one."""
    db = connect_reader(path, DEFAULT_WAIT)
    try:
        stored = dict(db.execute("SELECT key, value FROM meta").fetchall())
        codec = TextCodec(stored.get("dictionary", "").encode("utf-8"))  # format 1: plain zlib
        for doc_id, title, url, blob in db.execute("SELECT id, title, url, text FROM docs ORDER BY doc"):
            yield ArchiveDoc(doc_id, codec.decompress(blob), title, url)
    except (sqlite3.Error, zlib.error) as exc:
        raise ArchiveError(f"{path}: reading its documents failed ({exc})") from exc
    finally:
        db.close()
