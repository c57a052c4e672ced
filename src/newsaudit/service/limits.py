"""Bounds on what one request may send, enforced before the body is parsed.

A JSON or multipart body is read whole by the framework before any handler runs, so the size check
cannot live in a handler: this ASGI middleware counts the bytes as they arrive (a lying or absent
``Content-Length`` changes nothing) and answers 413 as soon as the limit is passed.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` once a request body passes the limit; an ``HTTPException`` so that the
    framework's body parsing passes it on (it turns other errors into 400) to the error handlers."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"the request body is over the limit of {max_bytes:,} bytes")


def error_content(code: str, message: str) -> dict[str, Any]:
    """What every error answer carries: a machine-readable code and a sentence for people."""
    return {"error": {"code": code, "message": message}}


def error_body(code: str, message: str) -> bytes:
    return json.dumps(error_content(code, message)).encode("utf-8")


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413 and a JSON error (see the module docstring)."""

    def __init__(self, app: ASGIApp, max_bytes: int, refused: Callable[[], None] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.refused = refused  # told of each body refused here, before the app saw it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, counted_receive, send)

    async def _refuse(self, send: Send) -> None:
        if self.refused is not None:
            self.refused()
        body = error_body("too_large", BodyTooLarge(self.max_bytes).detail)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
