"""The claims stage on blind passages: cases a helper session wrote without seeing the code.

``tests/fixtures/claims/blind_attributions.json`` holds 68 short news passages, each with the attributions a
careful reader finds (source, cue, content, the speaker's fullest mention and how the source is sourced) and
the sentences the outlet asserts with no source; ``blind_checkworthy.json`` 62 sentences marked check-worthy
or not, with the claim's type. Development data: nothing is trained or tuned on them beyond reading errors.

    python -m benchmarks.claims_blind --out docs/eval/claims_blind.md
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsaudit.claims.sourcing import ANONYMOUS_KINDS
from newsaudit.page import Page
from newsaudit.stages.claims import ClaimsConfig, ClaimsStage

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "claims"


def locate(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    """``[start, end)`` of the ``occurrence``-th (0-based, overlapping) match of ``phrase`` in ``text``."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.find(phrase, at + 1)
        if at < 0:
            raise ValueError(f"{phrase!r} occurs fewer than {occurrence + 1} times")
    return at, at + len(phrase)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _norm(name: str | None) -> str:
    """A name compared without case, curly apostrophes or a leading article ("The IMF" is "IMF")."""
    bare = " ".join((name or "").replace("’", "'").split()).strip(" ,.").lower()
    return bare[4:] if bare.startswith("the ") else bare


@dataclass
class Tally:
    gold: int = 0
    found: int = 0  # gold attributions with a predicted one whose cue overlaps
    source: int = 0
    content: int = 0
    speaker: int = 0
    sourcing: int = 0
    predicted: int = 0
    matched_predicted: int = 0
    false_in_clean: int = 0  # attributions predicted in passages with none
    clean_cases: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)


def _spans(part: list[dict[str, Any]]) -> tuple[int, int] | None:
    return (part[0]["start"], part[-1]["end"]) if part else None


def score_attributions(cases: list[dict[str, Any]], stage: ClaimsStage) -> tuple[Tally, dict[str, float]]:
    tally = Tally()
    gold_claims = found_claims = hit_claims = right_claims = 0
    for case in cases:
        text = case["text"]
        page = stage(Page(text=text, meta={"name": case["id"]}))
        predicted = [f for f in page.findings if f.kind == "attribution"]
        vague = [f for f in page.findings if f.kind == "vague_sourcing"]
        tally.predicted += len(predicted)
        if not case["attributions"]:
            tally.clean_cases += 1
            tally.false_in_clean += len(predicted)
        used: set[int] = set()
        for gold in case["attributions"]:
            occurrence = gold.get("occurrence") or {}
            tally.gold += 1
            cue = locate(text, gold["cue"], occurrence.get("cue", 0))
            match = next((i for i, f in enumerate(predicted) if i not in used
                          and any(_overlaps(cue, (c["start"], c["end"])) for c in f.attrs["cue"])), None)
            kind = gold["anonymity"]
            if kind in ANONYMOUS_KINDS:
                target = locate(text, gold["source"], occurrence.get("source", 0)) if gold["source"] else cue
                flagged = next((f.label for f in vague if _overlaps(target, (f.start, f.end))), None)
                tally.confusion[(kind, flagged or "not flagged")] += 1
                tally.sourcing += flagged == kind
            if match is None:
                tally.misses.append(f"{case['id']}: missed {gold['cue']!r} ({gold['source']!r})")
                if kind not in ANONYMOUS_KINDS:
                    tally.confusion[(kind, "missed")] += 1
                continue
            used.add(match)
            f = predicted[match]
            tally.found += 1
            if gold["source"]:
                src = locate(text, gold["source"], occurrence.get("source", 0))
                got = _spans(f.attrs["source"])
                tally.source += got is not None and _overlaps(src, got)
            else:
                tally.source += not f.attrs["source"]
            content = locate(text, gold["content"], occurrence.get("content", 0))
            got_content = _spans(f.attrs["content"])
            tally.content += got_content is not None and _overlaps(content, got_content)
            if gold["speaker_full"]:
                tally.speaker += _norm(f.attrs.get("speaker_full")) == _norm(gold["speaker_full"]) or _norm(
                    f.attrs.get("speaker")) == _norm(gold["speaker_full"])
            else:
                tally.speaker += f.attrs.get("speaker") is None
            if kind not in ANONYMOUS_KINDS:
                tally.confusion[(kind, f.label)] += 1
                tally.sourcing += f.label == kind
        tally.matched_predicted += len(used)
        own = [(f.start, f.end) for f in page.findings if f.kind == "unattributed_assertion"]
        gold_spans = [locate(text, s) for s in case.get("unattributed_claims", [])]
        gold_claims += len(gold_spans)
        found_claims += len(own)
        hit_claims += sum(any(_overlaps(g, o) for o in own) for g in gold_spans)
        right_claims += sum(any(_overlaps(o, g) for g in gold_spans) for o in own)
    return tally, {"gold": gold_claims, "flagged": found_claims,
                   "recall": hit_claims / gold_claims if gold_claims else 0.0,
                   "precision": right_claims / found_claims if found_claims else 0.0}


def score_checkworthy(cases: list[dict[str, Any]], stage: ClaimsStage) -> dict[str, Any]:
    from newsaudit.claims.claim_types import claim_type

    scores = stage.checkworthiness([c["text"] for c in cases])
    threshold = stage.threshold
    tp = sum(1 for c, s in zip(cases, scores, strict=True) if c["checkworthy"] and s >= threshold)
    fp = sum(1 for c, s in zip(cases, scores, strict=True) if not c["checkworthy"] and s >= threshold)
    fn = sum(1 for c, s in zip(cases, scores, strict=True) if c["checkworthy"] and s < threshold)
    typed = [c for c in cases if c["checkworthy"] and c.get("type")]
    type_right = sum(1 for c in typed if claim_type(c["text"], quoted=c["type"] == "quote") == c["type"])
    ranked = sorted(zip(scores, cases, strict=True), key=lambda pair: -pair[0])
    hits, precisions = 0, []
    for rank, (_, case) in enumerate(ranked, 1):
        if case["checkworthy"]:
            hits += 1
            precisions.append(hits / rank)
    return {
        "n": len(cases), "positives": sum(c["checkworthy"] for c in cases), "threshold": threshold,
        "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        "average_precision": sum(precisions) / len(precisions) if precisions else 0.0,
        "type_accuracy": type_right / len(typed) if typed else 0.0, "typed": len(typed),
    }


def report(tally: Tally, unattributed: dict[str, float], checkworthy: dict[str, Any], seconds: float,
           method: str) -> str:
    def share(a: int, b: int) -> str:
        return f"{a / b:.2f} ({a}/{b})" if b else "n/a"

    lines = [
        f"### Blind passages, attributions found by `{method}`",
        "",
        "| measure | value |",
        "|---|---|",
        f"| gold attributions found (cue overlaps) | {share(tally.found, tally.gold)} |",
        f"| of those, source overlaps | {share(tally.source, tally.found)} |",
        f"| of those, content overlaps | {share(tally.content, tally.found)} |",
        f"| of those, speaker's fullest mention exact | {share(tally.speaker, tally.found)} |",
        f"| predicted attributions that match a gold one | {share(tally.matched_predicted, tally.predicted)} |",
        f"| attributions predicted in the {tally.clean_cases} passages that have none | {tally.false_in_clean} |",
        f"| sourcing kind right (all gold attributions) | {share(tally.sourcing, tally.gold)} |",
        f"| own-voice claims flagged as unattributed assertions (recall) | {unattributed['recall']:.2f} "
        f"({unattributed['gold']:.0f} gold) |",
        f"| unattributed-assertion findings on such a sentence (precision) | {unattributed['precision']:.2f} "
        f"({unattributed['flagged']:.0f} flagged) |",
        "",
        "Sourcing kinds, gold → found (`missed`: no attribution found at the gold cue; `not flagged`: an anonymous "
        "source with no `vague_sourcing` finding on it):",
        "",
        "| gold | found | n |",
        "|---|---|---|",
        *[f"| {g} | {p} | {n} |" for (g, p), n in sorted(tally.confusion.items())],
        "",
        f"Check-worthiness on {checkworthy['n']} blind sentences ({checkworthy['positives']} check-worthy) at the "
        f"model's threshold {checkworthy['threshold']:.2f}: precision {checkworthy['precision']:.2f}, recall "
        f"{checkworthy['recall']:.2f}, F1 {checkworthy['f1']:.2f}, average precision "
        f"{checkworthy['average_precision']:.2f}; claim type right on {checkworthy['type_accuracy']:.2f} of the "
        f"{checkworthy['typed']} typed check-worthy sentences.",
        "",
        f"Run time {seconds:.1f} s.",
    ]
    return "\n".join(lines) + "\n"


def run(method: str) -> str:
    attributions = json.loads((FIXTURES / "blind_attributions.json").read_text(encoding="utf-8"))
    checkworthy = json.loads((FIXTURES / "blind_checkworthy.json").read_text(encoding="utf-8"))
    stage = ClaimsStage(ClaimsConfig(method=method))
    started = time.perf_counter()
    tally, unattributed = score_attributions(attributions, stage)
    cw = score_checkworthy(checkworthy, stage)
    return report(tally, unattributed, cw, time.perf_counter() - started, method)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the markdown here (default: stdout)")
    parser.add_argument("--misses", action="store_true", help="also list the missed attributions")
    args = parser.parse_args(argv)
    date = time.strftime("%Y-%m-%d")
    parts = [f"## Claims on blind passages (issue 16)\n\nMeasured {date} by `python -m benchmarks.claims_blind`: "
             "68 passages and 62 sentences a helper session wrote without seeing the code "
             "(`tests/fixtures/claims/`), each passage read alone (no anatomy: all of it is the page's own "
             "voice).\n"]
    for method in ("model", "rules"):
        parts.append(run(method))
    text = "\n".join(parts)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
