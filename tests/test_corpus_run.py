"""The 100k-record corpus run's helpers: the generated corpus and how its section lands in BENCHMARKS."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.corpus_run import make_corpus, replace_section

HEADING = "## A large generated corpus, killed and resumed"


def test_corpus_has_one_broken_line_in_a_hundred_and_distinct_texts(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    broken = make_corpus(path, 300, ["Title\n\nBody one.\n\nBody two."])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert broken == 3 and len(lines) == 300
    good = []
    for line in lines:
        try:
            good.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    assert len(good) == 297 and len({g["text"] for g in good}) == 297


def test_section_replaces_its_previous_run_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"# Benchmarks\n\n## Before\nkept\n\n{HEADING}\nold figures\n\n## After\nkept too\n")
    replace_section(path, f"{HEADING}\nnew figures\n")
    replace_section(path, f"{HEADING}\nnewer figures\n")
    text = path.read_text(encoding="utf-8")
    assert text.count(HEADING) == 1 and "newer figures" in text and "old figures" not in text
    assert text.index("## Before") < text.index(HEADING) < text.index("## After") and "kept too" in text
    fresh = tmp_path / "new.md"
    replace_section(fresh, f"{HEADING}\nfigures\n")
    assert fresh.read_text(encoding="utf-8").startswith(HEADING)
