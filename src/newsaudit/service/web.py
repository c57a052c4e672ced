"""The web page of ``newsaudit serve``: paste a page, upload a file or pick the bundled example, read it audited.

The page is rendered on the server from the same Jinja2 macros as the static HTML report
(``report/templates``), so both show a page the same way; a small local script adds what a
static file cannot: filters by stage and voice, and a side panel with the evidence of the
highlight clicked. Nothing is loaded from elsewhere (no CDN), and a Content-Security-Policy
allows scripts from this server only, so page text that slipped through as markup still
could not run. Page text reaches the templates only through autoescaping.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cache
from importlib import resources
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException

from newsaudit import __version__
from newsaudit.errors import NewsauditError
from newsaudit.moderation.moderate import POLICY_NAMES
from newsaudit.page import Page
from newsaudit.report.html import stylesheet
from newsaudit.report.view import build_view
from newsaudit.service.auth import allowed

#: The bundled example a visitor can pick (the canonical re-post with its comment section).
EXAMPLE = "syria-repost-with-comments.txt"

#: The page's own assets, served from the package; nothing else is served as a file.
ASSETS = {"app.js": "text/javascript", "app.css": "text/css"}

#: Scripts and styles from this server only; no frames, plugins, form posts elsewhere or base URL changes.
#: Inline styles are allowed because highlight colours and comment indents are set per element.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

#: The audit: (data, name, options as the API takes them) -> the audited page, run bounded by the app.
Auditor = Callable[[bytes, str, dict[str, Any]], Awaitable[Page]]


@cache
def environment() -> Environment:
    return Environment(
        loader=ChoiceLoader([PackageLoader("newsaudit", "service/templates"),
                             PackageLoader("newsaudit", "report/templates")]),
        autoescape=select_autoescape(("html", "j2")),
        undefined=StrictUndefined,
    )


@cache
def asset(name: str) -> str:
    return resources.files("newsaudit").joinpath(f"service/static/{name}").read_text(encoding="utf-8")


@cache
def example_bytes() -> bytes:
    return resources.files("newsaudit").joinpath(f"examples/{EXAMPLE}").read_bytes()


def _page(status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("view", None)
    context.setdefault("error", "")
    context.setdefault("needs_key", False)
    context.setdefault("form", {})
    html = environment().get_template("page.html.j2").render(version=__version__, example=EXAMPLE, **context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def install_web(app: FastAPI, audit: Auditor, digests: tuple[bytes, ...] | None, max_page_bytes: int) -> None:
    """Add the web page (``/``), its form handler (``/ui/audit``) and its assets (``/static/...``) to ``app``."""

    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        return _page(needs_key=digests is not None)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name == "report.css":
            return Response(stylesheet(), media_type="text/css", headers=SECURITY_HEADERS)
        if name not in ASSETS:
            raise HTTPException(404, f"no asset {name!r}")
        return Response(asset(name), media_type=ASSETS[name], headers=SECURITY_HEADERS)

    @app.post("/ui/audit", include_in_schema=False)
    async def ui_audit(
        request: Request,
        text: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
        example: Annotated[str, Form()] = "",
        policy: Annotated[str, Form()] = "balanced",
        encoder: Annotated[str, Form()] = "",
        api_key: Annotated[str, Form()] = "",
    ) -> HTMLResponse:
        form = {"text": text, "policy": policy, "encoder": bool(encoder)}
        needs_key = digests is not None
        if digests is not None and not allowed(api_key.strip() or None, digests):
            return _page(401, error="an API key is needed (the server was started with --api-key-file)",
                         needs_key=True, form=form)
        upload = await file.read() if file is not None and file.filename else b""
        if example:
            data, name = example_bytes(), EXAMPLE
        elif upload and file is not None:
            data, name = upload, file.filename or "<upload>"
        elif text.strip():
            data, name = text.encode("utf-8", "surrogatepass"), "<pasted>"
        else:
            return _page(422, error="paste a page, choose a file, or pick the bundled example",
                         needs_key=needs_key, form=form)
        if policy not in POLICY_NAMES:
            return _page(422, error=f"no policy {policy!r}: one of {', '.join(POLICY_NAMES)}",
                         needs_key=needs_key, form=form)
        if len(data) > max_page_bytes:
            return _page(413, error=f"{name}: the page is {len(data):,} bytes, over this server's limit of "
                                    f"{max_page_bytes:,}", needs_key=needs_key, form=form)
        try:
            page = await audit(data, name, {"policy": policy, "encoder": bool(encoder)})
        except NewsauditError as exc:
            return _page(422, error=str(exc), needs_key=needs_key, form=form)
        except HTTPException as exc:
            return _page(exc.status_code, error=str(exc.detail), needs_key=needs_key, form=form)
        return _page(view=build_view(page), needs_key=needs_key, form=form)
