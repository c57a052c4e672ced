"""Turn a batch run's rows into query-ready tables: Parquet files and one DuckDB database.

Tables (one row each per ...):

- ``pages``: audited record — key, corpus id, url, domain, title, source type, format, text length,
  wire agency, dateline, insertions, comments found and declared, counts of blocks and findings, comment
  moderation and slant counts, and provenance: ``inserted_share`` and ``insertion_words`` (the page's
  unattributed insertions, whatever their position), ``estimated_inserted_share`` (the part of
  ``inserted_share`` that the own-voice style model estimates on pages without a wire dateline; 0 when none),
  and, when the run had a reference archive,
  ``sources`` (number of archived sources the page copies) and ``copied_share`` (share of the article copied
  from any source), both 0 when no source is named and null without an archive; ``source_id``,
  ``source_title`` and ``source_page_share`` (the best source, and the share of the article copied from it),
  ``dropped_words`` (words of the sources the page leaves out) and ``reworded`` (reworded sentences), all
  null when no source is named;
  and from the claims stage ``claims_words`` (article words it read), ``attributions``, ``attributed_share``
  (share of those words inside an attribution), ``anonymous_attributions`` (sourced to an unnamed official,
  an unnamed source or a vague crowd), ``checkworthy_claims`` and ``unattributed_assertions`` (check-worthy
  claims the page makes in its own voice with no source), all null when the stage did not run;
- ``blocks``: block — key, type, start, end, reason, attrs (JSON text);
- ``comments``: reader comment — key, comment id, parent, depth, author, start, end, moderation decision,
  targeted groups (comma-separated), hate form and reasons;
- ``findings``: finding — key, stage, kind, label, score, start, end, reason;
- ``sources``: archived source a page copies (runs with an archive only) — key, rank (1 = best), source id,
  title, url, copied words, page share (of the page's article words) and source share (of the source kept);
- ``errors``: record that could not be audited — key, corpus id, error.

Rows are streamed from ``results.jsonl`` in batches, so memory stays bounded on any corpus. The partitions
that cluster workers wrote themselves (committed in ``parts.jsonl``, see :mod:`newsaudit.batch.parts`) come
with their tables already in Parquet: their fragments are copied in a partition at a time, never read as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsaudit.batch.ledger import ERRORS, RESULTS

SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "pages": [("key", "string"), ("id", "string"), ("url", "string"), ("domain", "string"), ("title", "string"),
              ("source_type", "string"), ("format", "string"), ("text_length", "int64"),
              ("wire_agency", "string"), ("dateline", "string"), ("insertions", "int64"),
              ("comments_found", "int64"), ("comments_declared", "int64"), ("article_words", "int64"),
              ("blocks", "int64"), ("findings", "int64"), ("comments_moderated", "int64"),
              ("comments_rejected", "int64"), ("comments_held", "int64"), ("antisemitic_comments", "int64"),
              ("slant_words", "int64"), ("propaganda_spans", "int64"), ("own_voice_propaganda_spans", "int64"),
              ("own_voice_words", "int64"), ("propaganda_sentences", "int64"), ("top_technique", "string"),
              ("inserted_share", "float64"), ("insertion_words", "int64"), ("estimated_inserted_share", "float64"),
              ("sources", "int64"),
              ("source_id", "string"), ("source_title", "string"), ("source_page_share", "float64"),
              ("copied_share", "float64"), ("dropped_words", "int64"), ("reworded", "int64"),
              ("claims_words", "int64"), ("attributions", "int64"), ("attributed_share", "float64"),
              ("anonymous_attributions", "int64"), ("checkworthy_claims", "int64"),
              ("unattributed_assertions", "int64")],
    "blocks": [("key", "string"), ("type", "string"), ("start", "int64"), ("end", "int64"), ("reason", "string"),
               ("attrs", "string")],
    "comments": [("key", "string"), ("comment_id", "string"), ("parent", "string"), ("depth", "int64"),
                 ("author", "string"), ("start", "int64"), ("end", "int64"), ("decision", "string"),
                 ("groups", "string"), ("hate_form", "string"), ("reasons", "string")],
    "findings": [("key", "string"), ("stage", "string"), ("kind", "string"), ("label", "string"),
                 ("score", "float64"), ("start", "int64"), ("end", "int64"), ("reason", "string")],
    "sources": [("key", "string"), ("rank", "int64"), ("source_id", "string"), ("title", "string"),
                ("url", "string"), ("copied_words", "int64"), ("page_share", "float64"),
                ("source_share", "float64")],
    "errors": [("key", "string"), ("id", "string"), ("error", "string")],
}
BATCH_ROWS = 2000


def table_schema(name: str) -> Any:
    """The pyarrow schema of one table of :data:`SCHEMAS`."""
    import pyarrow as pa

    return pa.schema([(column, getattr(pa, kind)()) for column, kind in SCHEMAS[name]])


def _url(meta: dict[str, Any]) -> str | None:
    """The page's URL: the record's, else the one an HTML page names itself (canonical link, og:url), so
    that pages from folders and single files still have a site."""
    url = meta.get("url") or (meta.get("html_meta") or {}).get("url")
    return str(url) if url else None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname if "://" in url else None
    except ValueError:  # a malformed address (an unclosed IPv6 bracket) names no site
        return None
    return host or None


def table_rows(row: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One result row's rows of each table (but ``errors``); cluster workers write their partitions with it too."""
    key, meta = row["key"], row.get("meta", {})
    anatomy = row.get("summary", {}).get("anatomy", {})
    moderation = row.get("summary", {}).get("comments") or {}
    decisions = moderation.get("decisions") or {}
    slant = row.get("summary", {}).get("slant") or {}
    own = [(slant.get("by_voice") or {}).get(v) or {} for v in ("own", "insertion")]
    provenance = row.get("summary", {}).get("provenance") or {}
    return {
        "pages": [{
            "key": key, "id": row.get("id"), "url": _url(meta), "domain": meta.get("domain") or _domain(_url(meta)),
            "title": anatomy.get("title") or meta.get("title"), "source_type": meta.get("type"),
            "format": meta.get("format"), "text_length": row.get("text_length"),
            "wire_agency": anatomy.get("wire_agency"), "dateline": anatomy.get("dateline"),
            "insertions": anatomy.get("insertions"), "comments_found": anatomy.get("comments_found"),
            "comments_declared": anatomy.get("comments_declared"), "article_words": anatomy.get("article_words"),
            "blocks": len(row.get("blocks", [])),
            "findings": len(row.get("findings", [])),
            "comments_moderated": moderation.get("moderated"), "comments_rejected": decisions.get("reject"),
            "comments_held": decisions.get("hold"), "antisemitic_comments": moderation.get("antisemitic_comments"),
            "slant_words": slant.get("words"), "propaganda_spans": slant.get("spans"),
            "own_voice_propaganda_spans": sum(v.get("spans", 0) for v in own) if slant else None,
            "own_voice_words": sum(v.get("words", 0) for v in own) if slant else None,
            "propaganda_sentences": slant.get("propaganda_sentences"),
            "top_technique": (slant.get("techniques") or [{}])[0].get("technique"),
            **_provenance_columns(provenance),
            **_claims_columns(row.get("summary", {}).get("claims") or {}),
        }],
        "blocks": [{"key": key, "type": b["type"], "start": b["start"], "end": b["end"], "reason": b.get("reason"),
                    "attrs": json.dumps(b.get("attrs") or {}, ensure_ascii=False)} for b in row.get("blocks", [])],
        "comments": [_comment_row(key, c) for c in row.get("comments", [])],
        "findings": [{"key": key, **{k: f.get(k) for k in ("stage", "kind", "label", "score", "start", "end",
                                                            "reason")}} for f in row.get("findings", [])],
        "sources": [{"key": key, "rank": rank, "source_id": s.get("id"), "title": s.get("title"), "url": s.get("url"),
                     "copied_words": s.get("copied_words"), "page_share": s.get("page_share"),
                     "source_share": s.get("source_share")}
                    for rank, s in enumerate(provenance.get("sources") or [], start=1)],
    }


def _claims_columns(claims: dict[str, Any]) -> dict[str, Any]:
    """The claims stage's page summary as ``pages`` columns (all null when the stage did not run)."""
    return {"claims_words": claims.get("words"), "attributions": claims.get("attributions"),
            "attributed_share": claims.get("attributed_share"),
            "anonymous_attributions": claims.get("anonymous_attributions"),
            "checkworthy_claims": claims.get("checkworthy_claims"),
            "unattributed_assertions": claims.get("unattributed_assertions")}


def _provenance_columns(provenance: dict[str, Any]) -> dict[str, Any]:
    """The ``pages`` columns of the provenance summary; see the module docstring for what is null when."""
    insertions = provenance.get("insertions")
    sources = provenance.get("sources") if provenance.get("archive") else None
    best = sources[0] if sources else {}
    matched = bool(sources)
    article_words = provenance.get("article_words") or 0
    estimated = sum(i.get("words") or 0 for i in insertions or [] if str(i.get("position", "")).startswith("style_"))
    return {
        "inserted_share": provenance.get("inserted_share"),
        "insertion_words": sum(i.get("words") or 0 for i in insertions) if insertions is not None else None,
        # rounded as the stage rounds inserted_share, so a page with estimates only has the two shares equal
        "estimated_inserted_share": (round(estimated / article_words, 3) if article_words else 0.0)
        if insertions is not None else None,
        "sources": len(sources) if sources is not None else None,
        "source_id": best.get("id"), "source_title": best.get("title"), "source_page_share": best.get("page_share"),
        "copied_share": provenance.get("copied_share", 0.0) if sources is not None else None,
        "dropped_words": sum(d.get("words") or 0 for d in provenance.get("dropped") or []) if matched else None,
        "reworded": provenance.get("reworded") if matched else None,
    }


def _comment_row(key: str, c: dict[str, Any]) -> dict[str, Any]:
    moderation = (c.get("meta") or {}).get("moderation") or {}
    return {
        "key": key, "comment_id": c["id"], "parent": c.get("parent"), "depth": c.get("depth"),
        "author": c.get("author"), "start": c["start"], "end": c["end"], "decision": moderation.get("decision"),
        "groups": ",".join(moderation.get("groups") or {}) or None, "hate_form": moderation.get("hate_form"),
        "reasons": " | ".join(moderation.get("reasons") or []) or None,
    }


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.endswith("\n"):
                yield json.loads(line)


def _copy_parts(out: Path, writers: dict[str, Any]) -> dict[str, int]:
    """Append each committed partition's table fragments to the writers, gathered into row groups of about
    ``BATCH_ROWS`` rows (not one small group a partition); returns the rows added per table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsaudit.batch.parts import PARTS, open_part_file, read_receipts

    added = dict.fromkeys(SCHEMAS, 0)
    pending: dict[str, list[Any]] = {name: [] for name in SCHEMAS}

    def flush(name: str) -> None:
        if pending[name]:
            writers[name].write_table(pa.concat_tables(pending[name]))
            pending[name] = []

    for receipt in read_receipts(out / PARTS):
        for name in SCHEMAS:
            if f"{name}.parquet" not in receipt.files:
                continue
            with open_part_file(receipt, f"{name}.parquet") as handle:
                pending[name].append(pq.read_table(handle).cast(table_schema(name)))
            added[name] += pending[name][-1].num_rows
            if sum(table.num_rows for table in pending[name]) >= BATCH_ROWS:
                flush(name)
    for name in SCHEMAS:
        flush(name)
    return added


def export_tables(out_dir: str | Path) -> dict[str, int]:
    """Write ``tables/NAME.parquet`` and ``results.duckdb`` for a finished run; returns row counts."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    table_dir = out / "tables"
    table_dir.mkdir(exist_ok=True)
    schemas = {name: table_schema(name) for name in SCHEMAS}
    writers = {name: pq.ParquetWriter(table_dir / f"{name}.parquet", schema) for name, schema in schemas.items()}
    buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    counts = dict.fromkeys(SCHEMAS, 0)

    def flush(name: str) -> None:
        if buffers[name]:
            writers[name].write_table(pa.Table.from_pylist(buffers[name], schema=schemas[name]))
            counts[name] += len(buffers[name])
            buffers[name] = []

    try:
        for row in _lines(out / RESULTS):
            for name, rows in table_rows(row).items():
                buffers[name].extend(rows)
                if len(buffers[name]) >= BATCH_ROWS:
                    flush(name)
        for row in _lines(out / ERRORS):
            buffers["errors"].append({"key": row["key"], "id": row.get("id"), "error": row.get("error")})
            if len(buffers["errors"]) >= BATCH_ROWS:
                flush("errors")
        for name in SCHEMAS:
            flush(name)
        for name, added in _copy_parts(out, writers).items():
            counts[name] += added
    finally:
        for writer in writers.values():
            writer.close()
    database = out / "results.duckdb"
    database.unlink(missing_ok=True)
    with duckdb.connect(str(database)) as con:
        for name in SCHEMAS:
            path = str(table_dir / f"{name}.parquet").replace("'", "''")
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{path}')")
    return counts
