"""What every pipeline stage is: a named callable that adds to a Page."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from newsaudit.page import Page


@runtime_checkable
class Stage(Protocol):
    """A pipeline stage: adds blocks, findings and ``page.summary[name]`` to a page, never changes its text.

    Built by a factory from its config (``newsaudit.register_stage``); ``isinstance(obj, Stage)`` checks the shape.
    """

    name: str

    def __call__(self, page: Page) -> Page: ...
