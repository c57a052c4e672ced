"""The README's Python examples run as written, and give what their comments say (`page.title  # '...'`).

The README assumes a page file and a DataFrame of texts, and the docs' example stage; the test gives them: the
bundled page as ``page.txt`` in an empty folder, two short stories as ``df``, and the stage from
tests/test_public_api.py (importable by the worker processes of ``audit_many(..., workers=4)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsaudit import pipeline
from tests.doc_blocks import python_blocks, run_blocks, with_promises_checked
from tests.test_public_api import ShoutingConfig, ShoutingStage, _story

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_comments_that_promise_a_value_are_checked():
    code = "".join(code for _, code in python_blocks(README))
    checked = with_promises_checked(code)
    assert "assert (page.title) == 'Russia will target" in checked
    assert "assert (page.summary[\"anatomy\"][\"wire_agency\"]) == 'Reuters'" in checked
    assert checked.count("assert (") >= 3


def test_the_readme_python_examples_run(canonical_text, tmp_path, monkeypatch):
    pandas = pytest.importorskip("pandas", reason="the README's DataFrame example needs pandas (the dev extra)")
    for name in ("NEWSAUDIT_SLANT_BOOSTER", "NEWSAUDIT_COMMENT_ENCODER", "NEWSAUDIT_ARCHIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(canonical_text, encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": "__readme__", "df": pandas.DataFrame({"text": [_story(1), _story(2)]}),
                                 "ShoutingStage": ShoutingStage, "ShoutingConfig": ShoutingConfig}
    before = dict(pipeline.STAGES)
    try:
        run_blocks(README, namespace, check_promises=True)
        assert pipeline.STAGES["shouting"][0] is ShoutingStage
    finally:
        pipeline.STAGES.clear()
        pipeline.STAGES.update(before)
    assert len(namespace["pages"]) == 2 and [p.meta["name"] for p in namespace["pages"]] == ["item 0", "item 1"]
    assert namespace["quick"].summary["anatomy"]["wire_agency"] == "Reuters"
