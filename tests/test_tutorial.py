"""docs/tutorial.md runs: its ```python blocks, in order, in one namespace, as a notebook would run them.

Run twice: from the repository root (the FakeNewsCorpus sample joins the corpus when ../shared/data has it) and
from an empty folder (the invented pages alone), so the tutorial works with and without the shared data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.doc_blocks import python_blocks, run_blocks

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"


@pytest.fixture
def tutorial_env(monkeypatch):
    pytest.importorskip("pandas", reason="the tutorial needs pandas (the docs or pandas extra)")
    pytest.importorskip("matplotlib", reason="the tutorial needs matplotlib (the docs extra)")
    monkeypatch.setenv("MPLBACKEND", "Agg")  # draw into files: no display here
    # the command line's environment must not change what the tutorial shows
    for name in ("NEWSAUDIT_SLANT_BOOSTER", "NEWSAUDIT_COMMENT_ENCODER", "NEWSAUDIT_ARCHIVE"):
        monkeypatch.delenv(name, raising=False)
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_the_tutorial_has_code():
    blocks = python_blocks(TUTORIAL)
    assert len(blocks) >= 8
    assert all(code.strip() for _, code in blocks)


@pytest.mark.parametrize("where", ["repository", "elsewhere"])
def test_tutorial_runs(where, tutorial_env, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT if where == "repository" else tmp_path)
    namespace: dict[str, Any] = {"__name__": "__tutorial__"}
    run_blocks(TUTORIAL, namespace)

    # what the text of the tutorial says the reader will see
    assert namespace["page"].summary["anatomy"]["wire_agency"] == "Reuters"
    assert namespace["decisions"] == {"reject": 6, "allow": 1}
    failed = namespace["failed"]
    assert [f.id for f in failed] == ["beacon-empty"]
    assert namespace["errors"]["id"].tolist() == ["beacon-empty"]
    sample = ROOT.parent / "shared" / "data" / "fakenewscorpus" / "news_sample_half.csv"
    with_sample = where == "repository" and sample.exists()
    assert (len(namespace["corpus"]) > 7) == with_sample
    assert len(namespace["pages"]) == len(namespace["corpus"]) - 1

    profiles = namespace["profiles"].set_index("site")
    invented = ["daily-voice.example", "harbour-times.example", "truth-beacon.example"]
    assert set(invented) <= set(profiles.index)
    beacon, harbour = profiles.loc["truth-beacon.example"], profiles.loc["harbour-times.example"]
    assert beacon.insertion_rate > 0 and harbour.insertion_rate == 0
    assert beacon.comment_rejection_rate > harbour.comment_rejection_rate == 0
    assert harbour.wire_copy_share == 1
    assert set(namespace["insertions"]["domain"]) >= {"truth-beacon.example"}
    assert "harbour-times.example" not in set(namespace["insertions"]["domain"])
    rejected = namespace["rejected"]
    assert "jews" in set(rejected[rejected.domain == "truth-beacon.example"]["groups"])
    assert len(namespace["techniques"]) > 0
    figure = namespace["figure"]
    assert figure.stat().st_size > 10_000 and figure.read_bytes()[:4] == b"\x89PNG"
