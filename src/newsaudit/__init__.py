"""newsaudit: audit scraped news pages the way an editor, fact-checker or moderator would.

>>> from newsaudit import audit
>>> page = audit(open("page.txt").read())
>>> page.title, [b.type for b in page.blocks]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newsaudit.page import Page


def audit(text_or_html: str, **meta: Any) -> Page:
    """Audit one page (text dump or HTML) with the default pipeline."""
    from newsaudit.pipeline import audit as _audit

    return _audit(text_or_html, **meta)


__all__ = ["__version__", "audit"]
