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
from starlette.exceptions import HTTPException

from newsaudit import __version__
from newsaudit.errors import NewsauditError
from newsaudit.io.loader import DEFAULT_MAX_BYTES
from newsaudit.page import Page
from newsaudit.service import jobs
from newsaudit.service.auth import allowed, key_of, read_key_file
from newsaudit.service.limits import BodyLimit, error_content
from newsaudit.service.metrics import CONTENT_TYPE_LATEST, Metrics, MetricsMiddleware
from newsaudit.service.schemas import (
    CORPUS_BODY,
    ERROR_RESPONSES,
    ArchiveAddRequest,
    ArchiveDocument,
    AuditOptions,
    AuditRequest,
    ClaimsScoreRequest,
    ErrorBody,
    JobList,
    JobRequest,
    JobView,
    Policy,
    ScoreRequest,
    job_view,
)
from newsaudit.service.web import install_web
from newsaudit.service.work import (
    AuditResult,
    add_to_archive,
    archived,
    audit_json,
    audit_page,
    claims_score_rows,
    describe_archive,
    score_rows,
)

log = logging.getLogger("newsaudit.service")
T = TypeVar("T")

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

    @app.post("/v1/jobs", status_code=202, dependencies=keyed, openapi_extra=CORPUS_BODY,
              summary="start a corpus job: the corpus (CSV or JSONL) is the body, or a multipart 'file'")
    async def job_create(request: Request, response: Response, query: Annotated[JobRequest, Query()]) -> JobView:
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
        return job_view(state)

    @app.get("/v1/jobs", summary="every job, newest first", dependencies=keyed)
    async def job_list() -> JobList:
        states = await anyio.to_thread.run_sync(job_runner().store.all)
        return JobList(jobs=[job_view(state) for state in reversed(states)])

    @app.get("/v1/jobs/{job_id}", summary="a job's status, progress and counts", dependencies=keyed)
    async def job_status(job_id: str) -> JobView:
        return job_view(found(job_id))

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
