"""What every pipeline stage is: a named callable that adds to a Page."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from newsaudit.page import Page


@runtime_checkable
class Stage(Protocol):
    name: str

    def __call__(self, page: Page) -> Page: ...
