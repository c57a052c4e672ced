"""The request and error bodies of the REST API, as its OpenAPI schema documents them."""

from __future__ import annotations

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
