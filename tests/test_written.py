"""The project's written training templates: filling, labels, and that none is a functional-suite case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.functional_suite import generate_cases, load_templates
from newsaudit.models.group_terms import FORMS
from newsaudit.training.written import SOURCE, fill, load_written, written_examples


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROW = ('{{"id": "{id}", "functionality": "{f}", "hateful": {h}, "toxic": {h}, "violent": 0, "pair": null, '
       '"jews_only": {j}, "text": "{text}"}}')


def test_fill_uses_each_form_and_fixes_the_article() -> None:
    assert fill("{group} cooked for the whole street.", "women") == "Women cooked for the whole street."
    assert fill("my neighbour is a {member}", "immigrants") == "my neighbour is an immigrant"
    assert fill("my neighbour is a {member}", "jews") == "my neighbour is a Jew"
    assert fill("A {adj} family moved in. lovely {group}", "asians") == "An Asian family moved in. lovely Asians"


def test_examples_label_antisemitism_only_for_hate_against_jews(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        ROW.format(id="a", f="derogation", h=1, j="false", text="{group} ruin everything"),
        ROW.format(id="b", f="policy_criticism", h=0, j="true", text="the {adj} state's new law is wrong"),
        ROW.format(id="c", f="abuse_individual", h=0, j="false", text="you are a clown"),
    ])
    examples = written_examples(13, path=path)
    hateful = [ex for ex in examples if ex.labels["identity_attack"]]
    assert len(hateful) == 13 and {ex.group for ex in hateful} == set(FORMS)
    assert [ex.labels["antisemitism"] for ex in hateful if ex.group == "jews"] == [1]
    assert all("antisemitism" not in ex.labels for ex in hateful if ex.group != "jews")
    policy = [ex for ex in examples if "state" in ex.text]
    assert [(ex.group, ex.labels["identity_attack"], ex.labels["antisemitism"]) for ex in policy] == [("jews", 0, 0)]
    plain = [ex for ex in examples if ex.text == "you are a clown"]
    assert len(plain) == 1 and plain[0].group is None and all(ex.source == SOURCE for ex in examples)
    assert written_examples(0, path=path) == []


def test_a_malformed_line_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, [ROW.format(id="a", f="x", h=0, j="false", text="{group}"), '{"id": "b"}'])
    with pytest.raises(ValueError, match=r"t\.jsonl:2"):
        load_written(path)


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_the_shipped_templates_are_not_suite_cases() -> None:
    """Training on a case of the functional suite would make it measure memory, not generalisation."""
    templates = load_written()
    assert len(templates) > 300
    suite = {_key(c.text) for c in generate_cases()}
    written = {_key(ex.text) for ex in written_examples(13)}
    assert not written & suite


def _words(template: str) -> set[str]:
    return set(re.findall(r"\w+", re.sub(r"\{\w+\}", " G ", template.lower())))


def test_no_shipped_template_is_close_to_a_suite_template() -> None:
    """Word overlap (Jaccard) under 0.5 with every suite template: 21 written lines at or above it, common
    idioms both authors reached for, were left out so that the suite keeps measuring text never trained on."""
    suite = [_words(t.template) for t in load_templates()]
    closest = max(len(w & s) / len(w | s) for w in map(_words, (t.text for t in load_written())) for s in suite)
    assert closest < 0.5
