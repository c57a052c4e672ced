"""Errors newsaudit raises on purpose: each names the input it is about."""

from __future__ import annotations


class NewsauditError(Exception):
    """Base class: anything the CLI reports as a clean one-line error."""


class InputError(NewsauditError):
    """The input cannot be audited (empty, binary, too large, undecodable)."""

    def __init__(self, record: str, reason: str) -> None:
        super().__init__(f"{record}: {reason}")
        self.record = record
        self.reason = reason
