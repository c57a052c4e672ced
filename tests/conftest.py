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


class AuditedOnce:
    """The anatomy stage's pages for texts already read, each audited once a session: the fixture floors and the
    crawler-variant tests both read every fixture's own dump, 2,000 pages and more."""

    def __init__(self) -> None:
        from newsaudit.pipeline import Pipeline, PipelineConfig

        self._pipeline = Pipeline(PipelineConfig(stages=["anatomy"]))
        self._pages: dict[str, object] = {}

    def audit(self, text: str, **meta: object):
        """The page of ``text`` (``meta`` as the pipeline takes it; the first audit's is kept). Callers read it only."""
        if text not in self._pages:
            self._pages[text] = self._pipeline.audit(text, **meta)
        return self._pages[text]


@pytest.fixture(scope="session")
def anatomy_once() -> AuditedOnce:
    return AuditedOnce()


def require_shared_data(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared datasets are not on this machine")
    return path


def _register_hypothesis_profiles() -> None:
    """Hypothesis profiles of the property and fuzz tests (tests/test_properties_*.py, tests/test_xss_corpus.py).

    ``quick`` (the default, `make test`): few examples, derandomized and without an example database, so every
    run tries the same inputs and CI cannot turn red by luck. ``fuzz`` (`make fuzz`, or
    NEWSAUDIT_HYPOTHESIS_PROFILE=fuzz): NEWSAUDIT_FUZZ_EXAMPLES (default 1000) random examples per quick 10, with
    failures remembered in .cache/hypothesis. Each test scales its own budget from the profile's max_examples.
    """
    import os

    try:
        from hypothesis import HealthCheck, settings
        from hypothesis.database import DirectoryBasedExampleDatabase
    except ImportError:  # hypothesis is a dev extra; without it the property tests fail to import
        return
    lenient = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
               HealthCheck.large_base_example]
    settings.register_profile("quick", max_examples=10, deadline=None, derandomize=True, database=None,
                              suppress_health_check=lenient)
    cache = Path(__file__).resolve().parents[1] / ".cache" / "hypothesis"
    settings.register_profile("fuzz", max_examples=int(os.environ.get("NEWSAUDIT_FUZZ_EXAMPLES", "1000")),
                              deadline=None, database=DirectoryBasedExampleDatabase(str(cache)),
                              suppress_health_check=lenient, print_blob=True)
    settings.load_profile(os.environ.get("NEWSAUDIT_HYPOTHESIS_PROFILE", "quick"))


_register_hypothesis_profiles()
