"""Helpers shared by the evaluation scripts."""

from __future__ import annotations

from pathlib import Path


def emit(text: str, out: Path | str | None) -> None:
    """Print a generated markdown section and, when asked, write it where `make eval` collects it."""
    print(text)
    if out:
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
