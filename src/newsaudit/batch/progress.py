"""A progress line for batch runs (and ``propaganda``): pages done, errors, rate and ETA, on stderr (silent when not
a terminal)."""

from __future__ import annotations

import sys
import time
from types import TracebackType

from newsaudit.batch.runner import BatchSummary


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class BatchProgress:
    def __init__(self, enabled: bool = True, every: float = 0.5, total: int | None = None, noun: str = "pages") -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.every = every
        self.total = total
        self.noun = noun
        self.started = time.monotonic()
        self.shown = 0.0
        self.width = 0  # of the line on screen, so that it can be cleared

    def __enter__(self) -> BatchProgress:
        return self

    def update(self, summary: BatchSummary) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.shown < self.every:
            return
        self.shown = now
        handled = summary.done + summary.errors
        rate = handled / max(now - self.started, 1e-9)
        line = f"\r{summary.done:,} audited · {summary.errors:,} errors · {rate:,.1f} {self.noun}/s"
        if self.total:
            left = max(self.total - handled - summary.skipped, 0)
            line += f" · {100 * (handled + summary.skipped) / self.total:.0f}% · ETA {_clock(left / max(rate, 1e-9))}"
        sys.stderr.write(line + "   ")
        sys.stderr.flush()
        self.width = len(line) + 2

    def clear(self) -> None:
        """Blank the line, so that a message printed next starts at the left edge."""
        if self.enabled and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.enabled and self.width:
            sys.stderr.write("\n")
