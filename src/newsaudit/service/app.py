"""The REST API: ``newsaudit serve`` runs :func:`create_app` under uvicorn.

A moderation queue calls ``/v1/comments/score`` per comment, a CMS ``/v1/audit`` per article, a fact-checking
desk ``/v1/claims/score`` per batch of sentences; each answers what the CLI prints (``newsaudit audit -f
json``, ``newsaudit comments score``, ``newsaudit claims score``) for the same input. The
models load once per worker process and are shared by its requests. Every request is bounded: its body
(``ServiceSettings.max_body_bytes``), its comments, its time (an audit past ``timeout_s`` answers 504),
and how many audits one worker runs at once. Every error is JSON ``{"error": {"code", "message"}}``,
never a traceback.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import Depends, FastAPI, File, Form, Header, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from newsaudit import __version__
from newsaudit.errors import NewsauditError
from newsaudit.io.loader import DEFAULT_MAX_BYTES, load_bytes
from newsaudit.moderation.moderate import POLICY_NAMES
from newsaudit.page import Page
from newsaudit.service import jobs
from newsaudit.service.auth import allowed, key_of, read_key_file
from newsaudit.service.limits import BodyLimit, error_content
from newsaudit.service.metrics import CONTENT_TYPE_LATEST, Metrics, MetricsMiddleware
from newsaudit.service.web import install_web
from newsaudit.settings import read_env

log = logging.getLogger("newsaudit.service")
T = TypeVar("T")

Policy = Literal["strict", "balanced", "lenient"]
assert set(Policy.__args__) == set(POLICY_NAMES)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ServiceSettings:
    #: the largest page an audit reads (as ``--max-bytes``); the request body may be a little larger (JSON)
    max_page_bytes: int = DEFAULT_MAX_BYTES
    #: comments per ``/v1/comments/score`` request, and sentences per ``/v1/claims/score`` request
    max_comments: int = 1000
    #: seconds an audit or a scoring request may run before the answer is 504
    timeout_s: float = 60.0
    #: audits and scoring requests one worker runs at once (others wait); each holds a thread
    max_concurrent: int = 4
    #: a file of API keys (``service/auth.py``); None: no key asked
    api_key_file: str | None = None
    #: the reference archive of originals (``newsaudit archive``): audits look their pages up in it and
    #: ``/v1/archive`` adds to it; None: no archive, and ``/v1/archive`` answers 404
    archive: str | None = None
    #: documents per ``POST /v1/archive``
    max_documents: int = 1000
    #: the jobs folder of ``/v1/jobs`` (one folder per corpus job, kept across restarts: unfinished jobs found
    #: there resume when the app starts); None: no jobs, and ``/v1/jobs`` answers 404
    jobs_dir: str | None = None
    #: corpus jobs one worker process runs at once (others wait, queued); each holds a thread
    max_jobs: int = 1
    #: origins whose web pages may call the API from a browser (CORS); empty, the default: none may
    cors_origins: tuple[str, ...] = ()

    @property
    def max_body_bytes(self) -> int:
        return self.max_page_bytes * 2 + 64 * 1024  # JSON escapes; a multipart envelope


# ----------------------------------------------------------------------------------------------------------------
# request bodies
# ----------------------------------------------------------------------------------------------------------------
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


# ----------------------------------------------------------------------------------------------------------------
# the work, on worker threads
# ----------------------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _pipeline(policy: str, encoder: bool, archive: str | None, booster: bool = True) -> Any:
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
def _moderator(policy: str, links: str, encoder: bool) -> Any:
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
    pipeline = _pipeline(options.policy, options.encoder, archive, read_env(os.environ).booster)
    return pipeline(pipeline.make_page(loaded, **meta))


def score_rows(request: ScoreRequest) -> list[dict[str, Any]]:
    """The rows ``newsaudit comments score`` writes for the same comments (bad ones as error rows)."""
    from newsaudit.moderation.records import check_record, score_stream

    records = [check_record(number, c.id, c.text) for number, c in enumerate(request.comments, start=1)]
    return list(score_stream(records, _moderator(request.policy, request.links, request.encoder)))


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


# ----------------------------------------------------------------------------------------------------------------
# the app
# ----------------------------------------------------------------------------------------------------------------
def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or ServiceSettings()
    runner = _job_runner(settings)
    app = FastAPI(
        lifespan=_lifespan(runner),
        title="newsaudit",
        version=__version__,
        description="Audit scraped news pages (anatomy, provenance, slant, comments) and moderate comments.",
        responses=ERROR_RESPONSES,
    )
    limiter = anyio.CapacityLimiter(settings.max_concurrent)

    async def bounded(work: Callable[[], T]) -> T:
        """Run blocking work on a worker thread, at most ``max_concurrent`` at once, within the timeout.

        A thread cannot be stopped: past the timeout the client gets its 504 at once and the thread
        finishes in the background, still holding its slot, so a flood of slow pages cannot pile up."""
        try:
            with anyio.fail_after(settings.timeout_s):
                return await anyio.to_thread.run_sync(work, limiter=limiter, abandon_on_cancel=True)
        except TimeoutError:
            raise HTTPException(504, f"the request took longer than {settings.timeout_s:g} s") from None

    metrics = Metrics()
    _install_error_handlers(app, metrics)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, refused=metrics.errors.labels("too_large").inc)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"])

    async def audited(work: Callable[[], AuditResult]) -> Response:
        result = await bounded(work)
        metrics.pages.inc()
        metrics.comments.inc(result.comments)
        return Response(result.report, media_type="application/json")

    digests = read_key_file(settings.api_key_file) if settings.api_key_file else None

    async def check_key(authorization: Annotated[str | None, Header()] = None,
                        x_api_key: Annotated[str | None, Header()] = None) -> None:
        if digests is not None and not allowed(key_of(authorization, x_api_key), digests):
            raise HTTPException(401, "an API key is needed: send it as 'Authorization: Bearer KEY' or 'X-API-Key'")

    keyed = [Depends(check_key)]
    archive = str(Path(settings.archive).resolve()) if settings.archive else None

    def archive_path(must_exist: bool = True) -> str:
        if archive is None:
            raise HTTPException(404, "this server has no archive (start it with --archive FILE)")
        if must_exist and not Path(archive).exists():
            raise HTTPException(404, "the archive is empty: POST /v1/archive adds documents to it")
        return archive

    @app.get("/healthz", summary="liveness: the process answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post("/v1/audit", summary="audit one page sent as JSON", response_class=Response, dependencies=keyed,
              responses={200: {"content": {"application/json": {}}, "description": "the JSON report"}})
    async def audit(body: AuditRequest) -> Response:
        data = body.text.encode("utf-8", "surrogatepass")
        return await audited(lambda: audit_json(data, body.name, body, settings.max_page_bytes, archive))

    @app.post("/v1/audit/upload", summary="audit one page sent as a file (multipart)", response_class=Response,
              dependencies=keyed,
              responses={200: {"content": {"application/json": {}}, "description": "the JSON report"}})
    async def audit_upload(
        file: Annotated[UploadFile, File(description="the page: a text dump or HTML file, any encoding")],
        title: Annotated[str | None, Form()] = None,
        url: Annotated[str | None, Form()] = None,
        policy: Annotated[Policy, Form()] = "balanced",
        encoder: Annotated[bool, Form()] = True,
    ) -> Response:
        data = await file.read()
        options = AuditOptions(title=title, url=url, policy=policy, encoder=encoder)
        name = file.filename or "<upload>"
        return await audited(lambda: audit_json(data, name, options, settings.max_page_bytes, archive))

    @app.post("/v1/comments/score", summary="moderate comments; one row per comment, in order", dependencies=keyed)
    async def comments_score(body: ScoreRequest) -> list[dict[str, Any]]:
        if len(body.comments) > settings.max_comments:
            raise HTTPException(413, f"{len(body.comments):,} comments in one request; the limit is "
                                     f"{settings.max_comments:,}")
        rows = await bounded(lambda: score_rows(body))
        metrics.comments.inc(sum(1 for row in rows if "decision" in row))
        return rows

    @app.post("/v1/claims/score", summary="check-worthiness of sentences; one row per sentence, in order",
              dependencies=keyed)
    async def claims_score(body: ClaimsScoreRequest) -> list[dict[str, Any]]:
        if len(body.sentences) > settings.max_comments:
            raise HTTPException(413, f"{len(body.sentences):,} sentences in one request; the limit is "
                                     f"{settings.max_comments:,}")
        return await bounded(lambda: claims_score_rows(body))

    @app.post("/v1/archive", summary="add originals (wire copy, publishers' articles) to the archive",
              dependencies=keyed)
    async def archive_add(body: ArchiveAddRequest) -> dict[str, Any]:
        if len(body.documents) > settings.max_documents:
            raise HTTPException(413, f"{len(body.documents):,} documents in one request; the limit is "
                                     f"{settings.max_documents:,}")
        return await bounded(functools.partial(add_to_archive, archive_path(must_exist=False), body.documents))

    @app.get("/v1/archive", summary="what the archive holds", dependencies=keyed)
    async def archive_info() -> dict[str, Any]:
        return await bounded(functools.partial(describe_archive, archive_path()))

    @app.get("/v1/archive/{doc_id}", summary="one original from the archive", dependencies=keyed)
    async def archive_get(doc_id: str) -> ArchiveDocument:
        return await bounded(functools.partial(archived, archive_path(), doc_id))

    async def audit_for_page(data: bytes, name: str, options: dict[str, Any]) -> Page:
        page = await bounded(lambda: audit_page(data, name, AuditOptions(**options), settings.max_page_bytes,
                                                archive))
        metrics.pages.inc()
        metrics.comments.inc(len(page.comments))
        return page

    install_web(app, audit_for_page, digests, settings.max_page_bytes)
    _install_job_routes(app, runner, keyed)

    @app.get("/metrics", summary="Prometheus metrics of this worker", response_class=Response, dependencies=keyed)
    async def prometheus() -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return app


def _job_runner(settings: ServiceSettings) -> jobs.JobRunner | None:
    if settings.jobs_dir is None:
        return None
    archive = str(Path(settings.archive).resolve()) if settings.archive else None
    return jobs.JobRunner(jobs.JobStore(settings.jobs_dir), settings.max_jobs, settings.max_page_bytes, archive)


def _lifespan(runner: jobs.JobRunner | None) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Resume the unfinished jobs when the server starts; stop running ones (resumable) when it stops."""
        if runner is not None:
            await anyio.to_thread.run_sync(runner.start)
        try:
            yield
        finally:
            if runner is not None:
                await anyio.to_thread.run_sync(runner.stop)

    return lifespan


_DOWNLOAD = {"application/x-ndjson": "jsonl", "application/vnd.apache.parquet": "parquet"}


def _install_job_routes(app: FastAPI, runner: jobs.JobRunner | None, keyed: list[Any]) -> None:
    """``/v1/jobs``: corpus jobs run in the background by the batch runner (``service/jobs.py``)."""

    def job_runner() -> jobs.JobRunner:
        if runner is None:
            raise HTTPException(404, "this server keeps no jobs (start it with --jobs-dir DIR)")
        return runner

    def found(job_id: str) -> jobs.JobState:
        try:
            return job_runner().store.load(job_id)
        except jobs.UnknownJob:
            raise HTTPException(404, f"no job {job_id[:80]!r}") from None

    def download(state: jobs.JobState, kind: str, fmt: str, table: str) -> FileResponse:
        path = job_runner().store.output(state, kind, fmt, table)
        media = next(media for media, name in _DOWNLOAD.items() if name == fmt)
        return FileResponse(path, media_type=media, filename=f"{state.id}-{path.name}")

    files: dict[int | str, dict[str, Any]] = {
        200: {"content": {media: {} for media in _DOWNLOAD}, "description": "the file"},
        409: {"model": ErrorBody, "description": "the job is not done (queued, running or failed)"},
    }

    @app.post("/v1/jobs", status_code=202, dependencies=keyed, openapi_extra=jobs.CORPUS_BODY,
              summary="start a corpus job: the corpus (CSV or JSONL) is the body, or a multipart 'file'")
    async def job_create(request: Request, response: Response, query: Annotated[JobRequest, Query()]) -> jobs.JobView:
        work = job_runner()
        job_id, folder = work.store.reserve()
        try:
            name, content_type = await jobs.receive_corpus(request, folder / "upload.part")
            state = work.store.create(job_id, folder / "upload.part", name, content_type, query.options(),
                                      query.input_format)
        except BaseException:
            work.store.discard(job_id)
            raise
        work.submit(job_id)
        response.headers["Location"] = f"/v1/jobs/{job_id}"
        return jobs.describe(state)

    @app.get("/v1/jobs", summary="every job, newest first", dependencies=keyed)
    async def job_list() -> jobs.JobList:
        states = await anyio.to_thread.run_sync(job_runner().store.all)
        return jobs.JobList(jobs=[jobs.describe(state) for state in reversed(states)])

    @app.get("/v1/jobs/{job_id}", summary="a job's status, progress and counts", dependencies=keyed)
    async def job_status(job_id: str) -> jobs.JobView:
        return jobs.describe(found(job_id))

    @app.get("/v1/jobs/{job_id}/results", summary="a done job's results: JSONL rows or a Parquet table",
             response_class=FileResponse, responses=files, dependencies=keyed)
    async def job_results(job_id: str, fmt: Annotated[Literal["jsonl", "parquet"], Query(alias="format")] = "jsonl",
                          table: Annotated[jobs.ResultTable, Query(description="the Parquet table (format=parquet)")]
                          = "pages") -> FileResponse:
        return download(found(job_id), "results", fmt, table)

    @app.get("/v1/jobs/{job_id}/errors", summary="a done job's error rows: JSONL or Parquet",
             response_class=FileResponse, responses=files, dependencies=keyed)
    async def job_errors(job_id: str, fmt: Annotated[Literal["jsonl", "parquet"], Query(alias="format")] = "jsonl",
                         ) -> FileResponse:
        return download(found(job_id), "errors", fmt, "errors")


def app_from_environment() -> FastAPI:
    """The app with the settings ``newsaudit serve`` put in ``$NEWSAUDIT_SERVICE_SETTINGS`` (each uvicorn
    worker process builds its own app from them)."""
    raw = os.environ.get("NEWSAUDIT_SERVICE_SETTINGS")
    return create_app(ServiceSettings(**json.loads(raw)) if raw else None)


_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 409: "conflict",
                 413: "too_large", 422: "unreadable", 504: "timeout"}


def _install_error_handlers(app: FastAPI, metrics: Metrics) -> None:
    def error(status: int, code: str, message: str) -> JSONResponse:
        metrics.errors.labels(code).inc()
        return JSONResponse(status_code=status, content=error_content(code, message))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return error(exc.status_code, _STATUS_CODES.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error(422, "invalid_request", problems or "the request does not match the API")

    @app.exception_handler(NewsauditError)
    async def unreadable(request: Request, exc: NewsauditError) -> JSONResponse:
        return error(422, "unreadable", str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error(500, "internal", f"internal error ({type(exc).__name__}); the server log has the details")
