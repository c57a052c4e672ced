"""Functional tests of comment moderation: accuracy per kind of hateful and non-hateful comment.

    python -m benchmarks.functional_suite --out docs/eval/functional_suite.md

A HateCheck-style suite (the method of Röttger et al. 2021, with templates of our own): each template
in ``benchmarks/functional/*_templates.jsonl`` is one functionality ("derogation", "negated_hate", ...) with a
gold label, filled with each of the groups in ``functional/groups.json`` it fits. The shipped moderator
decides on every case; a case counts as predicted hateful when the decision is not ``allow``, and
again, more strictly, when it is ``reject``. One figure per functionality shows *which kind* of
comment the moderator gets wrong, which one held-out F1 cannot. A few probes that contain nothing
but a group's name show how much of a group's figures the name alone explains.

These cases are development data: never train on them, or the per-functionality figures stop
measuring anything.

``{slur}`` is filled with the made-up word ``zorbs`` (no real slur is written anywhere), so the
``slur`` functionality measures only the context a slur is used in. Slur templates with no group
placeholder ("Get these {slur} out") are skipped: with a neutral marker they would name no group at
all, their text would be the same for all 13 groups, and their target would be unknowable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

FUNCTIONAL_DIR = Path(__file__).with_name("functional")
SOURCES = ("blind", "own")
HATEFUL, NON_HATEFUL = "hateful", "non-hateful"
LABELS = (HATEFUL, NON_HATEFUL)
SLUR_MARKER = "zorbs"
CHUNK = 256
#: Ways to read a decision as "predicted hateful": the brief's view, the strict one, and a group-hate
#: view that ignores holds for toxicity or links alone (the labels here are about group hate only).
VIEWS: dict[str, str] = {
    "not_allow": "hold or reject",
    "reject": "reject only",
    "hate_flag": "an identity_attack, antisemitism or violence flag",
}
HATE_FLAGS = frozenset({"identity_attack", "antisemitism", "violence"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"'“‘(]*$")


@dataclass(frozen=True)
class Group:
    key: str
    plural: str
    adj: str


@dataclass(frozen=True)
class Template:
    id: str
    source: str
    functionality: str
    label: str
    template: str
    note: str
    groups: tuple[str, ...] | None = None

    @property
    def names_group(self) -> bool:
        return "{group}" in self.template or "{group_adj}" in self.template

    @property
    def groupless_slur(self) -> bool:
        """A slur template whose only reference to the group is the slur itself (skipped, see the module doc)."""
        return "{slur}" in self.template and not self.names_group


@dataclass(frozen=True)
class Case:
    case_id: str
    template_id: str
    source: str
    functionality: str
    label: str
    group: str
    text: str


class _Decision(Protocol):
    """What the suite reads from one of ``Moderator.moderate``'s results."""

    @property
    def decision(self) -> str: ...

    @property
    def flags(self) -> Sequence[Any]: ...

    @property
    def groups(self) -> Mapping[str, float]: ...


class ModeratorLike(Protocol):
    def moderate(self, texts: list[str]) -> Sequence[_Decision]: ...


# ---------------------------------------------------------------- loading and generating


def load_groups(path: Path | None = None) -> dict[str, Group]:
    """The groups to fill, in file order (the order cases are generated in)."""
    raw = json.loads((path or FUNCTIONAL_DIR / "groups.json").read_text(encoding="utf-8"))
    return {key: Group(key, v["plural"], v["adj"]) for key, v in raw.items()}


def _template(row: dict[str, Any], source: str) -> Template:
    if row["label"] not in LABELS:
        raise ValueError(f"{row['id']}: label {row['label']!r} is not one of {LABELS}")
    groups = row.get("groups")
    return Template(
        row["id"], source, row["functionality"], row["label"], row["template"], row.get("note", ""),
        tuple(groups) if groups is not None else None,
    )


def load_templates(which: Iterable[str] = SOURCES, directory: Path | None = None) -> list[Template]:
    """Templates of the named sources (``blind``, ``own``), in file order."""
    out: list[Template] = []
    for source in which:
        path = (directory or FUNCTIONAL_DIR) / f"{source}_templates.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(_template(json.loads(line), source))
    return out


def fill(template: str, group: Group) -> str:
    """The template with its placeholders filled; a fill that starts a sentence gets a capital letter."""
    values = {"group": group.plural, "group_adj": group.adj, "slur": SLUR_MARKER}

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            raise ValueError(f"unknown placeholder {{{name}}} in {template!r}")
        value = values[name]
        if _SENTENCE_START.search(template[: m.start()]):
            value = value[:1].upper() + value[1:]
        return value

    return _PLACEHOLDER.sub(one, template)


def groups_for(template: Template, groups: Mapping[str, Group]) -> list[Group]:
    """The groups a template is filled with: those it names, or all, in the groups file's order."""
    if template.groups is None:
        return list(groups.values())
    unknown = set(template.groups) - set(groups)
    if unknown:
        raise ValueError(f"{template.id}: unknown groups {sorted(unknown)}")
    return [g for key, g in groups.items() if key in template.groups]


def generate_cases(
    templates: Sequence[Template] | None = None, groups: Mapping[str, Group] | None = None
) -> list[Case]:
    """Every template filled with every group it fits, in template order then group order."""
    templates = load_templates() if templates is None else templates
    groups = load_groups() if groups is None else groups
    return [
        Case(f"{t.id}:{g.key}", t.id, t.source, t.functionality, t.label, g.key, fill(t.template, g))
        for t in templates
        if not t.groupless_slur
        for g in groups_for(t, groups)
    ]


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Outcome:
    case: Case
    decision: str
    flags: tuple[str, ...]
    target: str | None  # the top key of the moderator's groups, None when it names none

    def predicted(self, view: str = "not_allow") -> bool:
        if view == "not_allow":
            return self.decision != "allow"
        if view == "reject":
            return self.decision == "reject"
        if view == "hate_flag":
            return bool(HATE_FLAGS.intersection(self.flags))
        raise ValueError(f"unknown view {view!r}")

    def correct(self, view: str = "not_allow") -> bool:
        return self.predicted(view) == (self.case.label == HATEFUL)


@dataclass
class Score:
    """Correct answers among ``n`` cases, per view."""

    n: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VIEWS, 0))

    def add(self, outcome: Outcome) -> None:
        self.n += 1
        for view in VIEWS:
            self.correct[view] += outcome.correct(view)

    def accuracy(self, view: str = "not_allow") -> float:
        return self.correct[view] / self.n if self.n else float("nan")


@dataclass
class Slice:
    """A set of cases split by gold label, so its balanced accuracy can be read beside its accuracy."""

    hateful: Score = field(default_factory=Score)
    non_hateful: Score = field(default_factory=Score)

    def add(self, outcome: Outcome) -> None:
        (self.hateful if outcome.case.label == HATEFUL else self.non_hateful).add(outcome)

    @property
    def n(self) -> int:
        return self.hateful.n + self.non_hateful.n

    def accuracy(self, view: str = "not_allow") -> float:
        return (self.hateful.correct[view] + self.non_hateful.correct[view]) / self.n if self.n else float("nan")

    def balanced(self, view: str = "not_allow") -> float:
        """Mean of the per-class accuracies present (hateful recall, non-hateful specificity)."""
        parts = [s.accuracy(view) for s in (self.hateful, self.non_hateful) if s.n]
        return sum(parts) / len(parts) if parts else float("nan")


@dataclass
class TargetScore:
    """Hateful cases whose predicted target (top group) is the case's group, among those with a target."""

    hateful: int = 0
    named: int = 0
    correct: int = 0
    wrong: Counter[str] = field(default_factory=Counter)  # the groups named instead

    def add(self, outcome: Outcome) -> None:
        if outcome.case.label != HATEFUL:
            return
        self.hateful += 1
        if outcome.target is not None:
            self.named += 1
            if outcome.target == outcome.case.group:
                self.correct += 1
            else:
                self.wrong[outcome.target] += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.named if self.named else float("nan")


@dataclass
class Report:
    outcomes: list[Outcome]
    overall: Slice
    by_functionality: dict[str, Slice]
    by_group: dict[str, Slice]
    by_source: dict[str, Slice]
    by_functionality_source: dict[str, Slice]  # "functionality/source"
    target: TargetScore
    target_by_group: dict[str, TargetScore]
    labels: dict[str, str]  # functionality -> its gold label
    templates: dict[str, int]  # functionality -> templates that produced cases

    def worst(self, n: int = 10, view: str = "not_allow") -> list[str]:
        """The n functionalities with the lowest accuracy (ties broken by name)."""
        return sorted(self.by_functionality, key=lambda f: (self.by_functionality[f].accuracy(view), f))[:n]

    def failures(self, functionality: str, k: int = 3, view: str = "not_allow") -> list[Outcome]:
        """Up to k wrong cases of a functionality, each from a new template and group while there are any,
        so the examples show k different ways of failing rather than one template k times."""
        wrong = [o for o in self.outcomes if o.case.functionality == functionality and not o.correct(view)]
        picked: list[Outcome] = []
        for fresh in (
            lambda o: all(o.case.template_id != p.case.template_id and o.case.group != p.case.group for p in picked),
            lambda o: all(o.case.template_id != p.case.template_id for p in picked),
            lambda o: o not in picked,
        ):
            for o in wrong:
                if len(picked) < k and fresh(o):
                    picked.append(o)
        return picked


def _tally(outcomes: Iterable[Outcome], key: Callable[[Outcome], str]) -> dict[str, Slice]:
    out: dict[str, Slice] = {}
    for o in outcomes:
        out.setdefault(key(o), Slice()).add(o)
    return out


def moderate_cases(cases: Sequence[Case], moderator: ModeratorLike, chunk: int = CHUNK) -> list[Outcome]:
    """The moderator's decision on every case, ``chunk`` texts per call so memory stays bounded."""
    out: list[Outcome] = []
    for first in range(0, len(cases), chunk):
        part = cases[first : first + chunk]
        for case, m in zip(part, moderator.moderate([c.text for c in part]), strict=True):
            target = next(iter(m.groups), None) if m.groups else None
            out.append(Outcome(case, m.decision, tuple(f.label for f in m.flags), target))
    return out


def summarise(outcomes: list[Outcome]) -> Report:
    """Every breakdown of the report, from outcomes already decided."""
    overall = Slice()
    target = TargetScore()
    target_by_group: dict[str, TargetScore] = {}
    templates: dict[str, set[str]] = {}
    for o in outcomes:
        overall.add(o)
        target.add(o)
        target_by_group.setdefault(o.case.group, TargetScore()).add(o)
        templates.setdefault(o.case.functionality, set()).add(o.case.template_id)
    return Report(
        outcomes=outcomes,
        overall=overall,
        by_functionality=_tally(outcomes, lambda o: o.case.functionality),
        by_group=_tally(outcomes, lambda o: o.case.group),
        by_source=_tally(outcomes, lambda o: o.case.source),
        by_functionality_source=_tally(outcomes, lambda o: f"{o.case.functionality}/{o.case.source}"),
        target=target,
        target_by_group=target_by_group,
        labels={o.case.functionality: o.case.label for o in outcomes},
        templates={f: len(ids) for f, ids in templates.items()},
    )


def evaluate(cases: Sequence[Case], moderator: ModeratorLike, chunk: int = CHUNK) -> Report:
    """Moderate every case and score the decisions per functionality, label, group and source."""
    return summarise(moderate_cases(cases, moderator, chunk))


#: Texts with nothing in them but the group: a decision other than allow on these is the group word
#: alone at work, which explains differences between groups on the same templates.
PROBES = ("{group}", "{group} are people.", "I met some {group} today.")


def identity_probes(moderator: ModeratorLike, groups: Mapping[str, Group]) -> dict[str, list[str]]:
    """The decision on each of ``PROBES``, per group."""
    texts = [fill(p, g) for g in groups.values() for p in PROBES]
    decisions = [m.decision for m in moderator.moderate(texts)]
    k = len(PROBES)
    return {key: decisions[i * k : (i + 1) * k] for i, key in enumerate(groups)}


# ---------------------------------------------------------------- markdown


def _pct(v: float) -> str:
    return "—" if v != v else f"{v:.3f}"


def _cell(text: str) -> str:
    """Text made safe for one markdown table cell (zero-width characters shown as escapes)."""
    return text.replace("|", "/").replace("\n", " ").replace("\u200b", "\\u200b")


_SLICE_HEAD = (
    "| {} | cases | accuracy | hateful | non-hateful | balanced | balanced, reject only | "
    "balanced, group-hate flag |{}\n|---|---:|---:|---:|---:|---:|---:|---:|{}"
)


def _slice_row(name: str, s: Slice, extra: str = "") -> str:
    return (
        f"| {name} | {s.n:,} | {_pct(s.accuracy())} | {_pct(s.hateful.accuracy())} | "
        f"{_pct(s.non_hateful.accuracy())} | {_pct(s.balanced())} | {_pct(s.balanced('reject'))} | "
        f"{_pct(s.balanced('hate_flag'))} |{extra}"
    )


def _intro(report: Report, templates: Sequence[Template], setup: str) -> list[str]:
    o = report.overall
    used = [t for t in templates if not t.groupless_slur]
    per_source = {s: sum(t.source == s for t in used) for s in SOURCES}
    return [
        "## Comment moderation: functional tests",
        "",
        f"_{setup}. {len(used)} templates ({per_source['blind']} written blind to the model, "
        f"{per_source['own']} written afterwards with other phrasings and two more functionalities), "
        f"{o.n:,} cases ({o.hateful.n:,} hateful, {o.non_hateful.n:,} non-hateful) over "
        f"{len(report.by_group)} groups. Development data: never train on these cases._",
        "",
        "A case is predicted hateful when the decision is `hold` or `reject` (the main figures); the stricter "
        "view counts only `reject`; the group-hate view counts a case as hateful when the moderator raised an "
        "`identity_attack`, `antisemitism` or `violence` flag, so holds for toxicity or links alone do not count. "
        "Labels are about group hate only, so `abuse_individual` and `abuse_non_protected` are toxic but "
        "non-hateful: a toxicity hold on them is a miss in the main view, by design of the suite.",
        "",
        f"`{{slur}}` is filled with the made-up marker `{SLUR_MARKER}` (no real slur is written anywhere), so the "
        f"`slur` functionality measures only the context around a slur. The {len(templates) - len(used)} blind "
        "slur templates that name the group only through the slur are skipped: with a neutral marker their "
        "text would name no group and would be identical for all groups.",
    ]


def _overall(report: Report) -> list[str]:
    o, t = report.overall, report.target
    lines = [
        "",
        "### Overall",
        "",
        "| view | accuracy | hateful (recall) | non-hateful (specificity) | balanced accuracy |",
        "|---|---:|---:|---:|---:|",
    ]
    for view, words in VIEWS.items():
        lines.append(
            f"| {words} | {_pct(o.accuracy(view))} | {_pct(o.hateful.accuracy(view))} | "
            f"{_pct(o.non_hateful.accuracy(view))} | {_pct(o.balanced(view))} |"
        )
    lines += [
        "",
        f"Target group: of {t.hateful:,} hateful cases the moderator named a target for {t.named:,} (it names "
        f"one only for a flagged comment); its top group was the case's group for {t.correct:,} of them "
        f"(target accuracy {_pct(t.accuracy)}).",
        "",
        "### Per source",
        "",
        _SLICE_HEAD.format("source", "", ""),
        *(_slice_row(s, report.by_source[s]) for s in SOURCES if s in report.by_source),
    ]
    return lines


def _functionalities(report: Report) -> list[str]:
    lines = [
        "",
        "### Per functionality",
        "",
        "Within one functionality accuracy is recall (hateful) or specificity (non-hateful). The last two "
        "columns split the main figure by who wrote the template.",
        "",
        "| functionality | label | templates | cases | accuracy | reject only | group-hate flag | blind | own |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in sorted(report.by_functionality, key=lambda f: report.labels[f] != HATEFUL):
        s = report.by_functionality[f]
        by_source = [report.by_functionality_source.get(f"{f}/{src}", Slice()).accuracy() for src in SOURCES]
        lines.append(
            f"| {f} | {report.labels[f]} | {report.templates[f]} | {s.n:,} | {_pct(s.accuracy())} | "
            f"{_pct(s.accuracy('reject'))} | {_pct(s.accuracy('hate_flag'))} | "
            + " | ".join(_pct(v) for v in by_source) + " |"
        )
    return lines


def _groups(report: Report) -> list[str]:
    lines = [
        "",
        "### Per group",
        "",
        _SLICE_HEAD.format("group", " target accuracy | commonest wrong target |", "---:|---|"),
    ]
    for g, s in report.by_group.items():
        t = report.target_by_group[g]
        wrong = ", ".join(f"{k} ({v})" for k, v in t.wrong.most_common(2)) or "—"
        lines.append(_slice_row(g, s, f" {_pct(t.accuracy)} | {wrong} |"))
    return lines


def _probes(probes: Mapping[str, Sequence[str]]) -> list[str]:
    if not probes:
        return []
    heads = " | ".join(f"`{p.format(group='…')}`" for p in PROBES)
    return [
        "",
        "### The group name alone",
        "",
        "Decisions on texts that say nothing about the group. Anything but `allow` here is the group word "
        "itself driving the score: it lifts recall and lowers specificity for that group on every template.",
        "",
        f"| group | {heads} |",
        "|---|" + "---|" * len(PROBES),
        *(f"| {g} | " + " | ".join(d) + " |" for g, d in probes.items()),
    ]


def _worst(report: Report, n: int = 10) -> list[str]:
    lines = ["", f"### The {n} worst functionalities, with three failures each", ""]
    for f in report.worst(n):
        s = report.by_functionality[f]
        lines += [
            f"**{f}** ({report.labels[f]}, accuracy {_pct(s.accuracy())} on {s.n:,} cases)",
            "",
            "| case | text | decision | flags | target |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {x.case.case_id} | {_cell(x.case.text)} | {x.decision} | {', '.join(x.flags) or '—'} | "
            f"{x.target or '—'} |"
            for x in report.failures(f)
        ]
        lines.append("")
    return lines


def render(
    report: Report, templates: Sequence[Template], setup: str, probes: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The markdown report; ``setup`` says when and how it was measured."""
    sections = (_intro(report, templates, setup), _overall(report), _functionalities(report), _groups(report),
                _probes(probes or {}), _worst(report))
    return "\n".join(line for section in sections for line in section)


def summary(report: Report) -> str:
    """A few lines for the terminal."""
    o = report.overall
    worst = ", ".join(f"{f} {report.by_functionality[f].accuracy():.2f}" for f in report.worst(5))
    return (
        f"{o.n:,} cases: accuracy {o.accuracy():.3f} (hateful {o.hateful.accuracy():.3f}, non-hateful "
        f"{o.non_hateful.accuracy():.3f}, balanced {o.balanced():.3f}; reject only: balanced "
        f"{o.balanced('reject'):.3f}); target accuracy {_pct(report.target.accuracy)}\nworst: {worst}"
    )


def _setup(config: object, seconds: float, when: dt.datetime) -> str:
    """When and with what the figures were measured: the moderator's switches change them."""
    switches = {k: v for k, v in vars(config).items() if k != "thresholds"}
    shown = ", ".join(f"{k}={v!r}" for k, v in switches.items())
    return (
        f"Measured {when:%Y-%m-%d %H:%M} UTC by `python -m benchmarks.functional_suite` in {seconds:.0f} s, "
        f"with the shipped models (the n-gram heads blended with the encoder unless `--no-encoder`) and the "
        f"default `ModerationConfig` ({shown})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--which", nargs="+", choices=SOURCES, default=list(SOURCES))
    parser.add_argument("--no-encoder", action="store_true", help="the n-gram heads alone")
    args = parser.parse_args(argv)
    from newsaudit.models.comment_encoder import default_scorer
    from newsaudit.moderation.moderate import Moderator

    started = time.perf_counter()
    when = dt.datetime.now(dt.UTC)
    templates = load_templates(args.which)
    moderator = Moderator(default_scorer(not args.no_encoder))
    report = evaluate(generate_cases(templates), moderator)
    probes = identity_probes(moderator, load_groups())
    text = render(report, templates, _setup(moderator.config, time.perf_counter() - started, when), probes)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    print(summary(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
