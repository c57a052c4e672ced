"""Check-worthiness data (issue 16): ClaimBuster sentences, CheckThat! 2019 debate lines, CheckThat! 2020 tweets.

Every loader names its training file explicitly: the held-out files of the same directory (CT19
``CT19-T1-Test*``, CT20 ``test-gold.tsv``, ClaimBuster ``benchmark_test``) are never opened or globbed.

What is deliberately left out, and why (checked 2026-12-04):

* ``two_class/train.json`` -- the repo's own split of the ClaimBuster source: 5,150 of its ids are rows of
  ``kfold_25ncs.csv`` with the same labels (a double count), and the other 2,826 are 4% positive against 28.6%
  in the k-fold file, of unclear provenance; ``kfold_25ncs.csv`` alone is the ClaimBuster set here.
* ``clef20/task1/dev_v2.tsv`` -- all 150 tweets are also in ``training_v2.tsv`` with the same labels.
* ``clef20/task5/raw/`` -- 20 debates whose lines add up to the 21,515 of task 5's ``test-gold.tsv`` and none of
  which is a CT19 training transcript: held-out content, never read. Task 5's ``train.tsv`` is not in the snapshot.

Groups keep related lines on one side of a split: the transcript for CheckThat! 2019, and for ClaimBuster
(which has no debate id) a block of 1,000 consecutive sentence ids -- ids run through the debates in order, so
a block holds one or two debates, and blocks are dealt to folds in turn so every fold spans the decades.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATASET_DIR = "claimbuster_clef_checkworthy"
CLAIMBUSTER_FILE = "two_class/kfold_25ncs.csv"
CT19_TRAIN_FILE = "clef19/CT19-T1-Training.csv"
CT20_TWEETS_FILE = "clef20/task1/training_v2.tsv"
DEBATE_2020_FILE = "two_class/2020_debate.tsv"

CLAIMBUSTER = "claimbuster"
CT19 = "ct19"
CT20_TWEETS = "ct20_tweets"
DEBATE_2020 = "debate2020"

N_FOLDS = 5
ID_BLOCK = 1000
SEED = 0


@dataclass(frozen=True)
class CheckworthyRecord:
    """One labelled sentence (or tweet); ``group`` is its debate, transcript or id block."""

    id: str
    text: str
    label: int  # 1 = check-worthy
    source: str
    group: str


def dataset_root(data: Path | str) -> Path:
    """``--data`` may be the shared data folder or the check-worthiness folder itself."""
    root = Path(data)
    return root / DATASET_DIR if (root / DATASET_DIR).is_dir() else root


def load_claimbuster(data: Path | str) -> list[CheckworthyRecord]:
    """ClaimBuster debate sentences (``kfold_25ncs.csv``), grouped by blocks of consecutive sentence ids."""
    with (dataset_root(data) / CLAIMBUSTER_FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = [
        CheckworthyRecord(
            f"cb-{int(r['sentence_id'])}",
            r["text"].strip(),
            int(r["label"]),
            CLAIMBUSTER,
            f"cb-block-{int(r['sentence_id']) // ID_BLOCK:02d}",
        )
        for r in rows
    ]
    return sorted(records, key=lambda r: int(r.id[3:]))


def load_ct19(data: Path | str) -> list[CheckworthyRecord]:
    """CheckThat! 2019 Task 1 training lines (19 transcripts), in transcript order."""
    with (dataset_root(data) / CT19_TRAIN_FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = [
        CheckworthyRecord(
            f"ct19-{r['file_name'].removesuffix('.tsv')}-{int(r['line_number'])}",
            r["text"].strip(),
            int(r["label"]),
            CT19,
            r["file_name"].removesuffix(".tsv"),
        )
        for r in rows
    ]
    return sorted(records, key=lambda r: (r.group, int(r.id.rsplit("-", 1)[1])))


def load_ct20_tweets(data: Path | str) -> list[CheckworthyRecord]:
    """CheckThat! 2020 Task 1 English COVID tweets (``training_v2.tsv``; ``dev_v2.tsv`` repeats 150 of them)."""
    path = dataset_root(data) / CT20_TWEETS_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return sorted(
        (
            CheckworthyRecord(f"ct20-{r['tweet_id']}", r["tweet_text"].strip(), int(r["check_worthiness"]),
                              CT20_TWEETS, r["topic_id"])
            for r in rows
        ),
        key=lambda r: r.id,
    )


def load_debate_2020(data: Path | str) -> list[CheckworthyRecord]:
    """100 labelled sentences of a 2020 debate (ClaimBuster's labels; later than every training debate)."""
    with (dataset_root(data) / DEBATE_2020_FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        CheckworthyRecord(f"d20-{r['sentence_id']}", r["text"].strip(), int(r["label"]), DEBATE_2020, "debate-2020")
        for r in rows
    ]


def load_all(data: Path | str) -> dict[str, list[CheckworthyRecord]]:
    """Every training source by name (the 2020 debate is kept apart: an outside test only)."""
    return {CLAIMBUSTER: load_claimbuster(data), CT19: load_ct19(data), CT20_TWEETS: load_ct20_tweets(data)}


# -- folds --------------------------------------------------------------------------------------------------------
def group_folds(records: Sequence[CheckworthyRecord], n_folds: int) -> list[int]:
    """Fold per record: groups sorted by name and dealt to folds in turn (deterministic, groups never split)."""
    order = {g: i % n_folds for i, g in enumerate(sorted({r.group for r in records}))}
    return [order[r.group] for r in records]


def leave_group_out(records: Sequence[CheckworthyRecord]) -> list[int]:
    """One fold per group: leave-one-debate-out for the CheckThat! transcripts."""
    order = {g: i for i, g in enumerate(sorted({r.group for r in records}))}
    return [order[r.group] for r in records]


def stratified_folds(records: Sequence[CheckworthyRecord], n_folds: int = N_FOLDS, seed: int = SEED) -> list[int]:
    """Seeded stratified folds, for sets without groups (the CT20 tweets: one topic)."""
    rng = random.Random(seed)
    folds = [0] * len(records)
    for label in (0, 1):
        index = [i for i, r in enumerate(records) if r.label == label]
        rng.shuffle(index)
        for k, i in enumerate(index):
            folds[i] = k % n_folds
    return folds


def default_folds(records: Sequence[CheckworthyRecord]) -> list[int]:
    """The evaluation folds of a source: debates left out for CT19, id-block folds for ClaimBuster, else stratified."""
    if not records:
        return []
    source = records[0].source
    if source == CT19:
        return leave_group_out(records)
    if source == CLAIMBUSTER:
        return group_folds(records, N_FOLDS)
    return stratified_folds(records)


_NON_WORD = re.compile(r"\W+")


def normalised(text: str) -> str:
    """Lower case, runs of non-word characters as one space: the key for cross-file duplicates."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def without_texts(records: Iterable[CheckworthyRecord], held: Iterable[CheckworthyRecord]) -> list[CheckworthyRecord]:
    """``records`` less those whose text is in ``held``: 909 ClaimBuster sentences repeat CT19's 2016 debate lines."""
    keys = {normalised(r.text) for r in held}
    return [r for r in records if normalised(r.text) not in keys]
