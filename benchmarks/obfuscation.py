"""What each evasive spelling costs the moderation, with the obfuscation normaliser off and on.

    python -m benchmarks.obfuscation --out docs/eval/obfuscation.md

The hateful cases of the functional suite (``benchmarks/functional_suite.py``; development data the model
never trained on), less those already written evasively, are rewritten the ways evaders write, and
moderated three ways: as written plainly, rewritten with ``ModerationConfig(normalize=False)``, and
rewritten with the normaliser on. The figure is the share held or rejected (caught). The non-hateful
cases are rewritten too, so that a normaliser that merely made everything suspicious would show.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable, Sequence

from benchmarks.common import emit
from benchmarks.functional_suite import Case, generate_cases
from newsaudit.models.comment_encoder import default_scorer
from newsaudit.moderation.moderate import ModerationConfig, Moderator

_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у", "i": "і"})
_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})
_ALREADY_EVASIVE = {"obfuscated", "spelling_variants", "echo"}


def _each_word(change: Callable[[str], str], every: int = 1) -> Callable[[str], str]:
    """``change`` applied to every ``every``-th word of three letters or more."""

    def rewrite(text: str) -> str:
        words = text.split(" ")
        long_words = [i for i, w in enumerate(words) if sum(ch.isalpha() for ch in w) >= 3]
        for n, i in enumerate(long_words):
            if n % every == 0:
                words[i] = change(words[i])
        return " ".join(words)

    return rewrite


def _spaced_longest(text: str) -> str:
    words = text.split(" ")
    i = max(range(len(words)), key=lambda k: sum(ch.isalpha() for ch in words[k]))
    words[i] = " ".join(words[i])
    return " ".join(words)


REWRITES: dict[str, Callable[[str], str]] = {
    "look-alike letters (Cyrillic а е о с р х у і), every word": lambda t: t.translate(_CYRILLIC),
    "look-alike letters, one word in three": _each_word(lambda w: w.translate(_CYRILLIC), 3),
    "zero-width spaces between letters, every word": _each_word(lambda w: "\u200b".join(w)),
    "leetspeak (4 3 1 0 5 7), whole comment": lambda t: t.translate(_LEET),
    "leetspeak, one word in three": _each_word(lambda w: w.translate(_LEET), 3),
    "the longest word spaced out (k i l l)": _spaced_longest,
}


def caught(moderator: Moderator, texts: list[str]) -> float:
    results = moderator.moderate(texts)
    return sum(r.decision != "allow" for r in results) / max(1, len(results))


def measure(cases: Sequence[Case], sample: int, seed: int = 11) -> list[tuple[str, str, int, float, float, float]]:
    """(rewrite, label, cases, plain, rewritten without normaliser, rewritten with it) per rewrite and label."""
    model = default_scorer()
    on, off = Moderator(model), Moderator(model, ModerationConfig(normalize=False))
    rng = random.Random(seed)
    rows = []
    for label in ("hateful", "non-hateful"):
        pool = [c for c in cases if c.label == label and c.functionality not in _ALREADY_EVASIVE]
        chosen = rng.sample(pool, min(sample, len(pool)))
        plain = [c.text for c in chosen]
        base = caught(on, plain)
        for name, rewrite in REWRITES.items():
            written = [rewrite(t) for t in plain]
            rows.append((name, label, len(chosen), base, caught(off, written), caught(on, written)))
    return rows


def render(rows: list[tuple[str, str, int, float, float, float]], seconds: float) -> str:
    lines = [
        "## Evasive spellings: what each costs, without and with the normaliser",
        "",
        f"_Measured {dt.date.today().isoformat()} by `python -m benchmarks.obfuscation` on a seeded sample of "
        "the functional suite's cases (development data, never trained on; cases already written evasively left "
        f"out), the shipped model and default thresholds. Run time {seconds:.0f} s._",
        "",
        "Share of cases held or rejected. For hateful cases higher is better; for non-hateful cases the rewritten "
        "figure with the normaliser should stay near the plain one.",
        "",
        "| rewrite | cases | label | as written plainly | rewritten, normaliser off | rewritten, normaliser on |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for name, label, n, base, off, on in rows:
        lines.append(f"| {name} | {n:,} | {label} | {base:.3f} | {off:.3f} | **{on:.3f}** |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=600, help="cases per label (default 600)")
    parser.add_argument("--out", help="markdown file to write (default: stdout)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = measure(generate_cases(), args.sample)
    emit(render(rows, time.perf_counter() - started), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
