"""The functional test suite for comment moderation: its templates, its generator and its arithmetic.

Everything but the last test runs without the model: the templates are checked as data, and
``evaluate`` is checked against a fake moderator whose decisions are known, so the expected
accuracies can be worked out by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pytest

from benchmarks.functional_suite import (
    HATEFUL,
    LABELS,
    NON_HATEFUL,
    PROBES,
    SLUR_MARKER,
    SOURCES,
    Case,
    Group,
    Template,
    evaluate,
    fill,
    generate_cases,
    groups_for,
    identity_probes,
    load_groups,
    load_templates,
    render,
    summary,
)

GROUP_KEYS = {
    "jews", "muslims", "black_people", "asians", "latinos", "immigrants", "middle_eastern",
    "native_americans", "women", "lgbtq", "disabled", "white_people", "minorities",
}
LEFTOVER = re.compile(r"\{[^{}]*\}")
ZW = "\u200b"
CYRILLIC_TO_LATIN = str.maketrans("аеосрхА", "aeocpxA")


@pytest.fixture(scope="module")
def templates() -> list[Template]:
    return load_templates()


@pytest.fixture(scope="module")
def groups() -> dict[str, Group]:
    return load_groups()


# ---------------------------------------------------------------- the data


def test_groups_file_has_the_13_groups_and_not_political(groups: dict[str, Group]) -> None:
    assert set(groups) == GROUP_KEYS
    assert groups["middle_eastern"] == Group("middle_eastern", "Arabs", "Arab")
    assert groups["lgbtq"].plural == "gay people"
    assert all(g.plural and g.adj for g in groups.values())


def test_both_sources_load_with_valid_labels_and_known_groups(templates: list[Template]) -> None:
    assert {t.source for t in templates} == set(SOURCES)
    for t in templates:
        assert t.label in LABELS, t.id
        assert t.functionality and t.template.strip(), t.id
        assert t.groups is None or (t.groups and set(t.groups) <= GROUP_KEYS), t.id
        assert f"_{'h' if t.label == HATEFUL else 'n'}_" in t.id, f"{t.id}: id letter disagrees with label"


def test_ids_are_unique_across_both_files(templates: list[Template]) -> None:
    counts = Counter(t.id for t in templates)
    assert [i for i, n in counts.items() if n > 1] == []


def test_every_template_fills_for_every_group_it_claims(templates: list[Template], groups: dict[str, Group]) -> None:
    for t in templates:
        fits = groups_for(t, groups)
        assert fits, t.id
        for g in fits:
            text = fill(t.template, g)
            assert not LEFTOVER.search(text), f"{t.id}/{g.key}: {text}"
            assert (SLUR_MARKER in text.lower()) == ("{slur}" in t.template), t.id
            if "{group}" in t.template:
                assert g.plural.lower() in text.lower(), t.id


def test_templates_without_a_group_placeholder_name_their_groups(templates: list[Template]) -> None:
    """Otherwise one text would be generated 13 times under 13 different targets."""
    for t in templates:
        if not t.names_group and not t.groupless_slur:
            assert t.groups is not None, t.id


def test_each_functionality_has_at_least_12_templates(templates: list[Template]) -> None:
    used = Counter(t.functionality for t in templates if not t.groupless_slur)
    assert len(used) == 24
    assert {f: n for f, n in used.items() if n < 12} == {}


def test_each_functionality_has_one_label(templates: list[Template]) -> None:
    labels: dict[str, set[str]] = {}
    for t in templates:
        labels.setdefault(t.functionality, set()).add(t.label)
    assert {f: ls for f, ls in labels.items() if len(ls) != 1} == {}


def test_own_new_functionalities(templates: list[Template]) -> None:
    own = [t for t in templates if t.source == "own"]
    echo = [t for t in own if t.functionality == "echo"]
    assert len(echo) >= 12
    assert all(t.groups == ("jews",) and "(((" in t.template and t.label == HATEFUL for t in echo)
    spelling = [t for t in own if t.functionality == "spelling_variants"]
    assert len(spelling) >= 12 and all(t.label == HATEFUL for t in spelling)
    assert any(ZW in t.template for t in spelling)
    assert any(re.search("[а-яА-Я]", t.template) for t in spelling)
    assert any(re.search(r"[a-z][0-9@$][a-z]", t.template) for t in spelling)
    assert any(re.search(r"\b(?:\w ){3,}\w\b", t.template) for t in spelling)


def test_obfuscated_spellings_read_as_the_word_their_note_names(templates: list[Template]) -> None:
    """Undoing the look-alike letters and zero-width spaces gives back the word the note quotes."""
    checked = 0
    for t in templates:
        if t.functionality != "spelling_variants" or not re.search(f"[{ZW}а-яА-Я]", t.template):
            continue
        plain = t.template.replace(ZW, "").translate(CYRILLIC_TO_LATIN)
        assert plain.isascii(), t.id
        for word in re.findall(r"'(\w+)'", t.note):
            assert word in plain, f"{t.id}: {plain!r} lacks {word!r}"
            checked += 1
    assert checked >= 6


# ---------------------------------------------------------------- generation


def test_fill_capitalises_only_at_sentence_start() -> None:
    women = Group("women", "women", "female")
    assert fill("{group} are here.", women) == "Women are here."
    assert fill("I like {group}.", women) == "I like women."
    assert fill("Really? {group_adj} and proud", women) == "Really? Female and proud"
    assert fill('"{group} are x" is a lie', women) == '"Women are x" is a lie'
    assert fill('He said "{group} are x"', women) == 'He said "women are x"'
    assert fill("{group}? More like {slur}.", women) == f"Women? More like {SLUR_MARKER}."


def test_fill_rejects_unknown_placeholders() -> None:
    with pytest.raises(ValueError, match="unknown placeholder"):
        fill("{groups} are fine", Group("women", "women", "female"))


def test_generation_is_deterministic_and_ordered(templates: list[Template], groups: dict[str, Group]) -> None:
    first, second = generate_cases(), generate_cases(load_templates(), load_groups())
    assert first == second
    assert len({c.case_id for c in first}) == len(first)
    order = {t.id: i for i, t in enumerate(templates)}
    keys = [(order[c.template_id], list(groups).index(c.group)) for c in first]
    assert keys == sorted(keys)
    assert all(not LEFTOVER.search(c.text) for c in first)
    assert 4000 <= len(first) <= 7000


def test_groupless_slur_templates_are_skipped(templates: list[Template]) -> None:
    skipped = {t.id for t in templates if t.groupless_slur}
    assert skipped and all(t.startswith("slur_h_") for t in skipped)
    assert not skipped & {c.template_id for c in generate_cases()}


def test_group_restrictions_are_respected(templates: list[Template]) -> None:
    by_template: dict[str, set[str]] = {}
    for c in generate_cases():
        by_template.setdefault(c.template_id, set()).add(c.group)
    for t in templates:
        if t.id in by_template:
            assert by_template[t.id] == set(t.groups or GROUP_KEYS), t.id


# ---------------------------------------------------------------- the arithmetic


@dataclass
class FakeFlag:
    label: str


@dataclass
class FakeModeration:
    decision: str
    flags: list[FakeFlag] = field(default_factory=list)
    groups: dict[str, float] = field(default_factory=dict)


@dataclass
class FakeModerator:
    answers: dict[str, FakeModeration]
    calls: list[int] = field(default_factory=list)

    def moderate(self, texts: list[str]) -> list[FakeModeration]:
        self.calls.append(len(texts))
        return [self.answers[t] for t in texts]


def _case(n: int, functionality: str, label: str, group: str, source: str = "blind") -> Case:
    return Case(f"t{n}:{group}", f"t{n}", source, functionality, label, group, f"text {n}")


# 3 hateful and 5 non-hateful cases with known decisions
CASES = [
    _case(1, "derogation", HATEFUL, "jews"),
    _case(2, "derogation", HATEFUL, "jews", "own"),
    _case(3, "threat", HATEFUL, "women"),
    _case(4, "neutral_mention", NON_HATEFUL, "jews"),
    _case(5, "neutral_mention", NON_HATEFUL, "women"),
    _case(6, "neutral_mention", NON_HATEFUL, "women", "own"),
    _case(7, "reporting", NON_HATEFUL, "jews"),
    _case(8, "reporting", NON_HATEFUL, "women", "own"),
]
ANSWERS = {
    "text 1": FakeModeration("reject", [FakeFlag("identity_attack")], {"jews": 0.9, "muslims": 0.5}),
    "text 2": FakeModeration("hold", [FakeFlag("toxic")], {"muslims": 0.8, "jews": 0.5}),
    "text 3": FakeModeration("allow"),
    "text 4": FakeModeration("allow"),
    "text 5": FakeModeration("allow"),
    "text 6": FakeModeration("allow"),
    "text 7": FakeModeration("hold", [FakeFlag("violence")], {"jews": 0.7}),
    "text 8": FakeModeration("reject", [FakeFlag("toxic")]),
}


def test_evaluate_overall_and_per_label() -> None:
    r = evaluate(CASES, FakeModerator(ANSWERS))
    o = r.overall
    assert (o.n, o.hateful.n, o.non_hateful.n) == (8, 3, 5)
    # hold or reject: hateful 1, 2 right; non-hateful 4, 5, 6 right
    assert o.hateful.accuracy() == pytest.approx(2 / 3)
    assert o.non_hateful.accuracy() == pytest.approx(3 / 5)
    assert o.accuracy() == pytest.approx(5 / 8)
    assert o.balanced() == pytest.approx((2 / 3 + 3 / 5) / 2)
    # reject only: hateful 1 right; non-hateful all but 8 right
    assert o.hateful.accuracy("reject") == pytest.approx(1 / 3)
    assert o.non_hateful.accuracy("reject") == pytest.approx(4 / 5)
    assert o.accuracy("reject") == pytest.approx(5 / 8)
    assert o.balanced("reject") == pytest.approx((1 / 3 + 4 / 5) / 2)
    # group-hate flag: only case 1 raises one among the hateful; case 7's violence flag is a false alarm
    assert o.hateful.accuracy("hate_flag") == pytest.approx(1 / 3)
    assert o.non_hateful.accuracy("hate_flag") == pytest.approx(4 / 5)


def test_evaluate_breakdowns() -> None:
    r = evaluate(CASES, FakeModerator(ANSWERS))
    assert list(r.by_functionality) == ["derogation", "threat", "neutral_mention", "reporting"]
    assert r.by_functionality["derogation"].accuracy() == 1.0
    assert r.by_functionality["derogation"].accuracy("reject") == 0.5
    assert r.by_functionality["threat"].accuracy() == 0.0
    assert r.by_functionality["neutral_mention"].accuracy() == 1.0
    assert r.by_functionality["reporting"].accuracy() == 0.0
    assert r.by_functionality["reporting"].accuracy("reject") == 0.5
    assert r.labels == {"derogation": HATEFUL, "threat": HATEFUL, "neutral_mention": NON_HATEFUL,
                        "reporting": NON_HATEFUL}
    assert r.templates == {"derogation": 2, "threat": 1, "neutral_mention": 3, "reporting": 2}
    # jews: hateful 1, 2 (both right), non-hateful 4 (right), 7 (wrong)
    jews = r.by_group["jews"]
    assert (jews.n, jews.accuracy(), jews.balanced()) == (4, 0.75, 0.75)
    # women: hateful 3 (wrong), non-hateful 5, 6 (right), 8 (wrong)
    women = r.by_group["women"]
    assert women.accuracy() == 0.5
    assert women.balanced() == pytest.approx((0 + 2 / 3) / 2)
    assert r.by_source["own"].accuracy() == pytest.approx(2 / 3)  # cases 2, 6 right, 8 wrong
    assert r.by_source["blind"].accuracy() == pytest.approx(3 / 5)
    assert r.by_functionality_source["derogation/own"].n == 1


def test_target_accuracy_counts_hateful_cases_with_a_named_group() -> None:
    r = evaluate(CASES, FakeModerator(ANSWERS))
    # hateful: 1 names jews (right), 2 names muslims first (wrong), 3 names none; case 7 is not hateful
    assert (r.target.hateful, r.target.named, r.target.correct) == (3, 2, 1)
    assert r.target.accuracy == 0.5
    assert r.target_by_group["jews"].wrong == Counter({"muslims": 1})
    assert r.target_by_group["women"].named == 0
    assert r.target_by_group["women"].accuracy != r.target_by_group["women"].accuracy  # nan: nothing named


def test_worst_and_failures() -> None:
    r = evaluate(CASES, FakeModerator(ANSWERS))
    assert r.worst(2) == ["reporting", "threat"]  # both 0.0, ties by name
    assert [o.case.case_id for o in r.failures("reporting")] == ["t7:jews", "t8:women"]
    assert r.failures("neutral_mention") == []
    assert len(r.failures("reporting", k=1)) == 1


def test_evaluate_chunks_and_keeps_order() -> None:
    fake = FakeModerator(ANSWERS)
    r = evaluate(CASES, fake, chunk=3)
    assert fake.calls == [3, 3, 2]
    assert [o.case for o in r.outcomes] == CASES
    assert [o.decision for o in r.outcomes] == [ANSWERS[c.text].decision for c in CASES]
    whole = evaluate(CASES, FakeModerator(ANSWERS))
    assert whole.overall.accuracy() == r.overall.accuracy()


def test_render_and_summary_show_the_figures(templates: list[Template]) -> None:
    r = evaluate(CASES, FakeModerator(ANSWERS))
    text = render(r, templates, "Measured in a test")
    for heading in ("### Overall", "### Per source", "### Per functionality", "### Per group",
                    "### The 10 worst functionalities"):
        assert heading in text
    assert "| hold or reject | 0.625 | 0.667 | 0.600 | 0.633 |" in text
    assert "| t7:jews | text 7 | hold | violence | jews |" in text
    assert "balanced 0.633" in summary(r)
    assert "### The group name alone" not in text


def test_identity_probes_fill_every_group() -> None:
    groups = {"jews": Group("jews", "Jews", "Jewish"), "women": Group("women", "women", "female")}
    answers = {t: FakeModeration("reject" if "Jews" in t else "allow")
               for g in groups.values() for t in (fill(p, g) for p in PROBES)}
    fake = FakeModerator(answers)
    probes = identity_probes(fake, groups)
    assert probes == {"jews": ["reject"] * len(PROBES), "women": ["allow"] * len(PROBES)}
    assert "Women are people." in answers
    r = evaluate(CASES, FakeModerator(ANSWERS))
    text = render(r, [], "Measured in a test", probes)
    assert "| jews | reject | reject | reject |" in text


# ---------------------------------------------------------------- with the shipped model


def test_shipped_moderator_runs_on_a_slice_of_the_suite() -> None:
    try:
        from newsaudit.models.comment_model import default_model
        from newsaudit.moderation.moderate import Moderator

        moderator = Moderator(default_model())
    except FileNotFoundError:
        pytest.skip("the comment model artifact is missing (`make models`)")
    cases = generate_cases()[::50]
    r = evaluate(cases, moderator)
    assert r.overall.n == len(cases)
    assert {o.decision for o in r.outcomes} <= {"allow", "hold", "reject"}
