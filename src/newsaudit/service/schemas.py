"""The request, job and error bodies of the REST API, as its OpenAPI schema documents them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from newsaudit.moderation.moderate import POLICY_NAMES
from newsaudit.service import jobs

Policy = Literal["strict", "balanced", "lenient"]
assert set(Policy.__args__) == set(POLICY_NAMES)  # type: ignore[attr-defined]


class AuditOptions(BaseModel):
    title: str | None = Field(None, description="the page's title, when known from crawl metadata")
    url: str | None = Field(None, description="the page's URL, kept in the report (never fetched)")
    policy: Policy = Field("balanced", description="comment moderation policy, as `--policy`")
    encoder: bool = Field(True, description="read comments with the fine-tuned encoder (false: `--no-encoder`)")


class AuditRequest(AuditOptions):
    text: str = Field(..., description="the page: a text dump or HTML (detected as the CLI detects it)")
    name: str = Field("<request>", description="the page's name in the report (as the CLI gives its path)")


class CommentIn(BaseModel):
    id: str | None = Field(None, description="your id for the comment (default: its position, from 1)")
    text: Any = Field(..., description="the comment")


class ScoreRequest(BaseModel):
    comments: list[CommentIn]
    policy: Policy = "balanced"
    links: Literal["ignore", "hold"] = Field("ignore", description="hold link or video promotion for review")
    encoder: bool = True


class SentenceIn(BaseModel):
    id: str | None = Field(None, description="your id for the sentence (default: its position, from 1)")
    text: Any = Field(..., description="the sentence")


class ClaimsScoreRequest(BaseModel):
    sentences: list[SentenceIn]
    threshold: float | None = Field(None, ge=0.0, le=1.0,
                                    description="label 1 at or above this score (default: the model's)")


class ArchiveDocument(BaseModel):
    id: str = Field(..., min_length=1, description="the original's id (e.g. its wire-service slug or URL)")
    text: str = Field(..., description="the original's text")
    title: str = ""
    url: str | None = Field(None, description="where it was published (kept, never fetched)")


class ArchiveAddRequest(BaseModel):
    documents: list[ArchiveDocument]


class JobRequest(BaseModel):
    """A corpus job's options, as query parameters (the body is the corpus), as ``newsaudit batch`` takes them."""

    policy: Policy = Field("balanced", description="comment moderation policy, as `--policy`")
    encoder: bool = Field(True, description="read comments with the fine-tuned encoder (false: `--no-encoder`)")
    booster: bool = Field(True, description="the MiniLM boosters of slant spans and claims check-worthiness "
                                            "(false: `--no-booster`, about 35 and 10 times faster)")
    limit: int | None = Field(None, ge=1, description="audit only the first N records, as `--limit`")
    input_format: Literal["csv", "jsonl"] | None = Field(
        None, description="the corpus's form (default: from its content type, its file name, or its first bytes)")

    def options(self) -> jobs.JobOptions:
        return jobs.JobOptions(policy=self.policy, encoder=self.encoder, booster=self.booster, limit=self.limit)


class ErrorDetail(BaseModel):
    code: str = Field(..., description="what went wrong, for programs: invalid_request, unreadable, too_large, "
                                       "not_found, unauthorized, timeout, ...")
    message: str = Field(..., description="the same for people")


class ErrorBody(BaseModel):
    error: ErrorDetail


#: The error answers documented on every operation (each is JSON ``{"error": {"code", "message"}}``), in place of
#: FastAPI's default 422 schema, which is not what this app sends.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description} for status, description in (
        (400, "the body cannot be parsed (bytes that are not JSON text, broken multipart)"),
        (401, "an API key is needed and was not given, or is wrong"),
        (404, "no such document or job, or this server keeps none (started without --archive, --jobs-dir)"),
        (413, "the request is too large (body, page, comments or documents)"),
        (422, "the request does not match the API, or the page cannot be read"),
        (504, "the request took longer than the server allows"),
        (500, "an internal error (a bug): the message names its type, the server log has the details"),
    )
}


# -- corpus jobs -----------------------------------------------------------------------------------------------------
#: ``POST /v1/jobs`` reads its body itself (a raw body or a multipart file, streamed to disk): its OpenAPI entry
CORPUS_BODY: dict[str, Any] = {"requestBody": {"required": True, "description": "the corpus", "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}},
}}}


class JobProgress(BaseModel):
    records_done: int = Field(..., description="records accounted for: pages audited plus error rows")
    records_total: int | None = Field(None, description="records in the corpus (up to the limit); null until "
                                                        "the job first runs")


class JobCounts(BaseModel):
    pages: int = Field(..., description="rows of results.jsonl: pages audited")
    errors: int = Field(..., description="rows of errors.jsonl: records that could not be audited, with the reason")
    already_done: int = Field(..., description="records found done in the ledger when the latest run began "
                                               "(a resumed job's earlier work)")


class JobView(BaseModel):
    """A job as the API shows it."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    name: str = Field(..., description="the corpus's file name as uploaded; record keys begin with it")
    input_format: Literal["csv", "jsonl"]
    options: dict[str, Any]
    progress: JobProgress
    counts: JobCounts
    runs: int = Field(..., description="times the job was started: more than 1 when it was resumed")
    created: str
    started: str | None
    finished: str | None
    seconds: float = Field(..., description="time spent running, all runs together")
    message: str | None = Field(None, description="why the job failed, or why it waits again")
    urls: dict[str, str] = Field(..., description="its status and its downloads")


class JobList(BaseModel):
    jobs: list[JobView] = Field(..., description="newest first")


def job_view(state: jobs.JobState) -> JobView:
    """A job as the API shows it: status, progress, counts, timestamps and where to fetch its outputs."""
    base = f"/v1/jobs/{state.id}"
    return JobView(
        id=state.id, status=state.status, name=state.name, input_format=state.input_format,  # type: ignore[arg-type]
        options=asdict(state.options),
        progress=JobProgress(records_done=state.pages + state.errors, records_total=state.total),
        counts=JobCounts(pages=state.pages, errors=state.errors, already_done=state.already_done),
        runs=state.runs, created=_iso(state.created) or "", started=_iso(state.started),
        finished=_iso(state.finished), seconds=round(state.seconds, 3), message=state.message,
        urls={"status": base, "results": f"{base}/results", "results_parquet": f"{base}/results?format=parquet",
              "errors": f"{base}/errors", "errors_parquet": f"{base}/errors?format=parquet"},
    )


def _iso(when: float | None) -> str | None:
    return None if when is None else datetime.fromtimestamp(when, UTC).isoformat(timespec="seconds")
