"""The work behind the REST API's answers, run on worker threads: the same functions the CLI calls, so that an
answer is what the CLI prints for the same input. Pipelines and moderators are built once per option set and
process, and shared by its requests."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException

from newsaudit.io.loader import load_bytes
from newsaudit.page import Page
from newsaudit.service.schemas import ArchiveDocument, AuditOptions, ClaimsScoreRequest, ScoreRequest
from newsaudit.settings import read_env


@functools.lru_cache(maxsize=8)
def pipeline_for(policy: str, encoder: bool, archive: str | None, booster: bool = True) -> Any:
    """One pipeline per option set, built once per process (its models are shared process-wide)."""
    from newsaudit.moderation.moderate import ModerationConfig
    from newsaudit.pipeline import Pipeline, PipelineConfig, booster_config
    from newsaudit.stages.comments import CommentsConfig
    from newsaudit.stages.provenance import ProvenanceConfig

    stage_config: dict[str, object] = {
        "comments": CommentsConfig(moderation=ModerationConfig(policy=policy), encoder=encoder),
        "provenance": ProvenanceConfig(archive=archive), **booster_config(booster),
    }
    return Pipeline(PipelineConfig(stage_config=stage_config))


@functools.lru_cache(maxsize=8)
def moderator_for(policy: str, links: str, encoder: bool) -> Any:
    from newsaudit.models.comment_encoder import default_scorer
    from newsaudit.moderation.moderate import ModerationConfig, Moderator

    return Moderator(default_scorer(encoder), ModerationConfig(policy=policy, links=links))


@dataclass(frozen=True)
class AuditResult:
    report: str  # the JSON report
    comments: int  # comments moderated on the page


def audit_json(data: bytes, name: str, options: AuditOptions, max_bytes: int, archive: str | None = None) -> (
        AuditResult):
    """The JSON report of one page, exactly as ``newsaudit audit -f json`` writes it."""
    from newsaudit.report.json_report import iter_json

    page = audit_page(data, name, options, max_bytes, archive)
    return AuditResult("".join(iter_json(page)) + "\n", len(page.comments))


def audit_page(data: bytes, name: str, options: AuditOptions, max_bytes: int, archive: str | None = None) -> Page:
    """One page read and audited as ``newsaudit audit`` does it (bad input raises, as the CLI reports it)."""
    if len(data) > max_bytes:
        raise HTTPException(413, f"{name}: the page is {len(data):,} bytes, over the limit of {max_bytes:,}")
    loaded = load_bytes(data, name=name, max_bytes=max_bytes)
    meta = {key: value for key, value in (("title", options.title), ("url", options.url)) if value}
    if archive is not None and not Path(archive).exists():
        archive = None  # nothing added yet: nothing to look up
    # The boosters follow NEWSAUDIT_SLANT_BOOSTER of the server's environment, read here at the edge (settings.py).
    pipeline = pipeline_for(options.policy, options.encoder, archive, read_env(os.environ).booster)
    return pipeline(pipeline.make_page(loaded, **meta))


def score_rows(request: ScoreRequest) -> list[dict[str, Any]]:
    """The rows ``newsaudit comments score`` writes for the same comments (bad ones as error rows)."""
    from newsaudit.moderation.records import check_record, score_stream

    records = [check_record(number, c.id, c.text) for number, c in enumerate(request.comments, start=1)]
    return list(score_stream(records, moderator_for(request.policy, request.links, request.encoder)))


def claims_score_rows(request: ClaimsScoreRequest) -> list[dict[str, Any]]:
    """The rows ``newsaudit claims score`` writes for the same sentences (bad ones as error rows)."""
    from newsaudit.claims.records import score_stream
    from newsaudit.models.checkworthy_model import default_checkworthy_model
    from newsaudit.moderation.records import check_record

    records = [check_record(number, s.id, s.text) for number, s in enumerate(request.sentences, start=1)]
    return list(score_stream(records, default_checkworthy_model(), request.threshold))


def add_to_archive(path: str, documents: list[ArchiveDocument]) -> dict[str, Any]:
    """Add (or replace, by id) documents, as ``newsaudit archive add`` does; the archive is made if missing."""
    from newsaudit.provenance.archive import ArchiveDoc
    from newsaudit.provenance.backend import open_archive

    docs = [ArchiveDoc(d.id, d.text, d.title, d.url) for d in documents]
    with open_archive(path, create=True) as store:
        report = store.add(docs)
        total = len(store)
    return {"added": report.added, "replaced": report.replaced, "too_short": report.too_short, "documents": total}


def describe_archive(path: str) -> dict[str, Any]:
    """``newsaudit archive info`` without the server's file path."""
    from newsaudit.provenance.backend import open_archive

    with open_archive(path) as store:
        info = store.info()
    info.pop("path", None)
    return info


def archived(path: str, doc_id: str) -> ArchiveDocument:
    from newsaudit.provenance.backend import open_archive

    with open_archive(path) as store:
        try:
            doc = store.get(doc_id)
        except KeyError:
            raise HTTPException(404, f"no document {doc_id!r} in the archive") from None
    return ArchiveDocument(id=doc.id, text=doc.text, title=doc.title, url=doc.url)
