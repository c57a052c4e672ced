"""A progress line for batch runs: pages done, errors, rate, on stderr (silent when not a terminal)."""

from __future__ import annotations

import sys
import time
from types import TracebackType

from newsaudit.batch.runner import BatchSummary


class BatchProgress:
    def __init__(self, enabled: bool = True, every: float = 0.5) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.every = every
        self.started = time.monotonic()
        self.shown = 0.0

    def __enter__(self) -> BatchProgress:
        return self

    def update(self, summary: BatchSummary) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.shown < self.every:
            return
        self.shown = now
        rate = (summary.done + summary.errors) / max(now - self.started, 1e-9)
        sys.stderr.write(f"\r{summary.done:,} audited · {summary.errors:,} errors · {rate:,.1f} pages/s   ")
        sys.stderr.flush()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.enabled:
            sys.stderr.write("\n")
