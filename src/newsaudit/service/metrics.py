"""Prometheus metrics of the service: requests, latency, pages and comments audited, errors by kind.

Each app gets its own registry (tests make many apps in one process; the library's global registry
would refuse the second). With several uvicorn workers each process counts its own requests: scrape
them behind one address and the figures are per worker, as Prometheus sums them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_TYPE_LATEST", "Metrics", "MetricsMiddleware"]

#: seconds; audits of long pages take seconds, comment scoring milliseconds
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.requests = Counter("newsaudit_requests_total", "HTTP requests answered", ["path", "method", "status"],
                                registry=self.registry)
        self.latency = Histogram("newsaudit_request_seconds", "time to answer a request", ["path"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.pages = Counter("newsaudit_pages_audited_total", "pages audited", registry=self.registry)
        self.comments = Counter("newsaudit_comments_moderated_total", "comments moderated (on pages and alone)",
                                registry=self.registry)
        self.errors = Counter("newsaudit_errors_total", "error answers by kind", ["code"], registry=self.registry)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts every HTTP answer and times it, labelled by route template (``/v1/jobs/{id}``, not the id)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(path, scope.get("method", ""), str(status)).inc()
            self.metrics.latency.labels(path).observe(time.perf_counter() - started)
