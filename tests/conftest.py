from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def canonical_text() -> str:
    return (
        resources.files("newsaudit")
        .joinpath("examples", "syria-repost-with-comments.txt")
        .read_text(encoding="utf-8")
    )


@pytest.fixture(scope="session")
def canonical_page(canonical_text):
    from newsaudit.pipeline import Pipeline

    return Pipeline().audit(canonical_text, name="syria-repost-with-comments.txt")


def require_shared_data(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared datasets are not on this machine")
    return path
