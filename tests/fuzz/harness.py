"""Run one fuzz target (tests/fuzz/common.py ``TARGETS``) under atheris, with newsaudit instrumented for coverage.

The harnesses ``fuzz_*.py`` are thin: each names its target and calls :func:`run`. libFuzzer's own options pass
through (``-max_total_time=60``, ``-artifact_prefix=tests/fixtures/fuzz/csv-atheris-``, corpus folders); see
tests/fuzz/run.py, which ``make fuzz`` calls.
"""

from __future__ import annotations

import sys

#: Modules imported under instrumentation: the readers, the page path and the report, not their libraries.
_INSTRUMENTED = ("newsaudit.io.loader", "newsaudit.io.html", "newsaudit.batch.records", "newsaudit.moderation.records",
                 "newsaudit.pipeline", "newsaudit.stages.anatomy", "newsaudit.page", "newsaudit.report.json_report")


def run(target: str) -> None:
    import importlib

    import atheris

    with atheris.instrument_imports(include=["newsaudit"]):
        for name in _INSTRUMENTED:
            importlib.import_module(name)
        from tests.fuzz import common
    check = common.TARGETS[target]

    def one_input(data: bytes) -> None:
        check(data)

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
