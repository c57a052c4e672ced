"""Property-based contract tests of the REST API, generated from its own OpenAPI schema (schemathesis).

Every operation the app's ``/openapi.json`` lists is called with generated requests, valid ones and (for the
operations that take a body or parameters) invalid ones, and every answer must: have a status the schema
documents for that operation, never be a 5xx, match the documented response schema and content type, and,
when it is an error, be JSON ``{"error": {"code", "message"}}``. Operations are read from the schema, so a
new endpoint is covered as soon as it lands; those that start slow background work are left out (see
:data:`SLOW`).

Two apps: ``open`` (no API key; an archive and a jobs folder of its own) and ``keyed`` (a key no generated
request has: 401 everywhere but /healthz). The budget follows the Hypothesis profile of tests/conftest.py
(``quick`` under `make test`, about 20 s; ``fuzz`` under `make fuzz` multiplies it); the slant booster is off
(``NEWSAUDIT_SLANT_BOOSTER=0``: pipelines are built without it), the comment encoder is a request option that
generated requests turn on and off, and the settings keep bodies and batches small.
"""

from __future__ import annotations

import atexit
import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a dev extra: pip install -e '.[dev]'")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from newsaudit.service import work  # noqa: E402
from newsaudit.service.app import ServiceSettings, create_app  # noqa: E402
from tests.fuzz.strategies import examples  # noqa: E402

#: (method, path regex) of operations left out: each starts a corpus job in the background (the batch runner,
#: worker processes), too slow for generated requests; the job's status and results are still called.
SLOW = [("POST", r"^/v1/jobs/?$")]

#: What every answer is checked for. Not ``positive_data_acceptance``: a schema-valid page can still be
#: unreadable (an empty text is a 422), and an id the schema allows can name nothing (404). Not
#: ``negative_data_rejection``: the request models coerce as pydantic does by default (``"encoder": 0`` is
#: false), which that check counts as accepting invalid data; invalid requests are still sent, and their
#: answers must be documented 4xx errors of the JSON shape, never a 5xx.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


def _settings(folder: Path) -> ServiceSettings:
    """Small bounds (bodies are generated), and an archive and a jobs folder in ``folder``."""
    return ServiceSettings(max_page_bytes=20_000, max_comments=5, max_documents=5, timeout_s=60.0,
                           archive=str(folder / "archive.sqlite"), jobs_dir=str(folder / "jobs"))


# Built at import: schemathesis makes one test per operation when the module is collected. The apps read
# nothing until they are called; the archive and the jobs live in a folder removed at exit.
_FOLDER = Path(tempfile.mkdtemp(prefix="newsaudit-contract-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)  # also when the module is collected but not run
(_FOLDER / "keys.txt").write_text("a-key-no-request-sends\n", encoding="utf-8")


def _schema(settings: ServiceSettings) -> Any:
    loaded = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings))
    loaded.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    for method, path in SLOW:
        loaded = loaded.exclude(method=method, path_regex=path)
    return loaded


SCHEMAS = {"open": _schema(_settings(_FOLDER)),
           "keyed": _schema(dataclasses.replace(_settings(_FOLDER), api_key_file=str(_FOLDER / "keys.txt")))}


@pytest.fixture(scope="module", autouse=True)
def _fast_models() -> Iterator[None]:
    """Pipelines without the slant booster (the environment is read when a pipeline is built: the cache of
    pipelines is emptied before, and after so that no later test gets one without it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSAUDIT_SLANT_BOOSTER", "0")
        work.pipeline_for.cache_clear()
        yield
        work.pipeline_for.cache_clear()


def _error_shape(response: Any) -> None:
    """An error answer is JSON ``{"error": {"code": str, "message": str}}`` and nothing else."""
    if response.status_code < 400:
        return
    assert response.headers.get("content-type", [""])[0].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["code"], body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"], body
    assert "Traceback" not in response.text


@schemathesis.pytest.parametrize(**SCHEMAS)
@settings(max_examples=examples(12), deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case: Any) -> None:
    response = case.call_and_validate(checks=CHECKS)
    _error_shape(response)
