"""The provenance scale benchmark runs end to end on a tiny archive and writes its section."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks import bench_provenance as bench
from benchmarks.bench_provenance import NewsSynth, archive_stream
from benchmarks.provenance_corpus import Original
from newsaudit.provenance.archive import ArchiveDoc

_TOPICS = ("harbor", "school", "transit", "water", "port", "budget", "housing", "court", "election", "farm")
_NAMES = ("Rivera", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Brennan", "Silva", "Abebe")


def _article(topic: str, seed: int, paragraphs: int = 9) -> str:
    """Distinct news-like paragraphs: every sentence carries the topic, numbers and names of its own."""
    rng = random.Random(seed)
    out = []
    for i in range(paragraphs):
        name = rng.choice(_NAMES)
        out.append(
            f"The {topic} committee met on day {i + 1} of session {seed} to review spending of "
            f"{rng.randint(2, 900)} million dollars planned for {2000 + rng.randint(0, 30)}. "
            f"Officials led by {name} said the {topic} proposal, first floated in district {rng.randint(1, 99)}, "
            f"would need {rng.randint(3, 80)} new staff and a vote before month {rng.randint(1, 12)}. "
            f"\u201cWe will not accept this version of the {topic} plan,\u201d said {name}, adding that "
            f"{rng.randint(10, 99)} residents had written letters about item {rng.randint(100, 999)}."
        )
    return "\n\n".join(out)


ORIGINALS = [
    Original(f"{'ptc' if i % 4 == 0 else 'polnear'}:{topic}-{i}", f"{topic.title()} talks, part {i}",
             _article(topic, i), "ptc" if i % 4 == 0 else "polnear")
    for i, topic in enumerate(_TOPICS * 3)
]
PARAPHRASES = [
    (f"The company said profit rose {i} percent in the quarter.", f"Quarterly profit was up {i} percent, it said.")
    for i in range(1, 30)
]


def test_benchmark_runs_end_to_end_and_writes_the_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synth = NewsSynth(ORIGINALS)
    docs = list(synth.docs(50, seed=1))
    assert len({d.text for d in docs}) == 50  # distinct, seeded, news-sized
    assert all(300 <= len(d.text.split()) <= 700 for d in docs)
    assert [d.text for d in synth.docs(5, seed=1)] == [d.text for d in docs[:5]]
    real = [ArchiveDoc(o.id, o.text, o.title) for o in ORIGINALS[:4]]
    stream = list(archive_stream(real, synth, 40, seed=2))
    assert len(stream) == 40 and [d for d in stream if d in real] == real

    monkeypatch.setattr(bench, "load_originals", lambda data: ORIGINALS)
    monkeypatch.setattr(bench, "load_paraphrases", lambda data: PARAPHRASES)
    out = tmp_path / "bench_provenance.md"
    argv = ["--sizes", "400,200,1000000000", "--queries", "6", "--brute-sample", "3", "--brute-all-upto", "200",
            "--budget-minutes", "1", "--workdir", str(tmp_path), "--out", str(out),
            "--backend-sizes", "200", "--shards", "2", "--workers", "1,2", "--seconds", "0.3"]
    assert bench.main(argv) == 0
    section = out.read_text(encoding="utf-8")
    assert section.startswith("## Provenance archive at scale")
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ") and line[2].isdigit()]
    build, lookup, df, compared = rows[:3], rows[3:6], rows[6:8], rows[8:]
    assert [r[0] for r in build] == ["| 200", "| 400", "| 1,000,000,000"] and "extrapolated" in build[2][1]
    assert [r[0] for r in lookup] == ["| 200", "| 400", "| 1,000,000,000"] and "not run" in lookup[2][1]
    assert [r[0] for r in df] == ["| 200", "| 400"]
    assert lookup[0][6] == "6" and lookup[1][6] == "3 (sample)"  # every query scanned up to 200 documents
    assert build[0][3].replace(",", "").isdigit() and build[0][5].endswith(" MB")  # documents/s, file size
    assert all(cell.endswith(" KiB)") for cell in build[0][6:9])  # disk a document: whole, texts, postings
    assert float(lookup[0][4]) >= 0.8 and 0 <= float(lookup[0][7]) <= 1  # recall@1 of match and of the scan
    # Both backends at 200 documents, from 1 and 2 workers at once; the shards find what the file finds.
    assert [(r[1], r[5]) for r in compared] == [("one file", "1"), ("one file", "2"), ("2 shards", "1"),
                                                 ("2 shards", "2")]
    assert compared[0][4] == compared[2][4] and all(float(r[6].replace(",", "")) > 0 for r in compared)
    assert [p.name for p in tmp_path.iterdir()] == ["bench_provenance.md"]  # the archives are removed
