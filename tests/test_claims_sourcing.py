"""How a source is sourced, who it resolves to, and what kind of claim a sentence makes."""

from __future__ import annotations

import pytest

from newsaudit.claims.claim_types import claim_type
from newsaudit.claims.sourcing import classify_source, find_vague_sourcing
from newsaudit.claims.speakers import Speaker, resolve_speaker

ANONYMOUS = "A U.S. military official, speaking on condition of anonymity, said the participants included generals."


@pytest.mark.parametrize(
    ("source", "sentence", "kind"),
    [
        ("Major-General Igor Konashenkov", "", "named"),
        ("White House spokesman Josh Earnest", "", "named"),
        ("a spokesman, John Kirby", "", "named"),
        ("The Russian Defence Ministry", "", "organisation"),
        ("the Syrian Observatory for Human Rights", "", "organisation"),
        ("Moscow", "", "organisation"),
        ("Reuters", "", "organisation"),
        ("A U.S. military official", ANONYMOUS, "anonymous_official"),
        ("a Pentagon spokesman", "", "organisation"),  # a spokesperson is the institution speaking on the record
        ("A spokesperson for the Department of Health", "", "organisation"),
        ("a Pentagon official", "", "anonymous_official"),
        ("U.S. officials", "", "anonymous_official"),
        ("a senior diplomat", "a senior diplomat, who asked not to be named, said", "anonymous_official"),
        ("sources close to the president", "", "unnamed_source"),
        ("people familiar with the matter", "", "unnamed_source"),
        ("critics", "", "vague_crowd"),
        ("many people", "", "vague_crowd"),
        ("Experts", "", "vague_crowd"),
    ],
)
def test_classify_source(source: str, sentence: str, kind: str) -> None:
    assert classify_source(source, sentence) == kind


def test_vague_sourcing_phrases_with_their_kinds() -> None:
    text = "It is widely believed that he lied. Critics say the plan failed. Sources told us. He reportedly fled."
    found = find_vague_sourcing(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [
        ("weasel", "It is widely believed"),
        ("vague_crowd", "Critics say"),
        ("unnamed_source", "Sources told"),
        ("weasel", "reportedly"),
    ]


def test_vague_sourcing_ignores_plain_reporting() -> None:
    assert find_vague_sourcing("The minister said the budget would rise. Prices fell in May.") == []


PAGE = (
    "“They had a face-to-face discussion,” said Army Colonel Ryan Dillon, a Baghdad-based spokesman for the "
    "U.S.-led coalition, adding it was the first meeting.\n\n"
    "Dillon, addressing a Pentagon briefing, disclosed few details.\n\n"
    "The Russian Defence Ministry said 29 policemen had been surrounded. The ministry, in a statement, said more."
)


def test_surname_resolves_to_fullest_mention_with_role() -> None:
    start = PAGE.index("Dillon,")
    speaker = resolve_speaker(PAGE, start, start + len("Dillon"), person=True)
    assert speaker.name == "Army Colonel Ryan Dillon"
    assert speaker.role == "a Baghdad-based spokesman for the U.S.-led coalition"
    assert speaker.how == "fullest mention"
    assert PAGE[speaker.start : speaker.end] == "Army Colonel Ryan Dillon"


def test_definite_description_resolves_to_the_institution_named_before() -> None:
    start = PAGE.index("The ministry")
    speaker = resolve_speaker(PAGE, start, start + len("The ministry"), person=False)
    assert speaker.name == "Russian Defence Ministry"
    assert speaker.how == "definite description"


def test_pronoun_is_the_previous_speaker() -> None:
    before = Speaker("Army Colonel Ryan Dillon", "a spokesman", 10, 34)
    text = "He said the meeting was short."
    speaker = resolve_speaker(text, 0, 2, previous=[before])
    assert (speaker.name, speaker.role, speaker.how) == ("Army Colonel Ryan Dillon", "a spokesman", "pronoun")


def test_pronoun_with_no_one_before_stays_as_written() -> None:
    speaker = resolve_speaker("She said so.", 0, 3)
    assert speaker.name == "She" and speaker.how == "as written"


def test_anonymity_clause_is_not_a_role() -> None:
    start = ANONYMOUS.index("A U.S.")
    speaker = resolve_speaker(ANONYMOUS, start, start + len("A U.S. military official"), person=False)
    assert speaker.role is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Syrian army has captured about 100 km (62 miles) of the west bank this month.", "event"),
        ("Police arrested 14 people during Saturday's protest.", "event"),
        ("The striker has scored 23 goals in 31 league appearances.", "number"),
        ("The Bank of England will raise interest rates to 5.5% in September.", "prediction"),
        ("Smoking bans led to a 17% drop in heart attack admissions.", "causal"),
        ("The minister said the deficit had been halved.", "number"),
        ("The minister said the plan was a disgrace.", "quote"),
        ("Unemployment fell to 3.5 percent in 2019.", "number"),
        ("Thousands of people protested.", "number"),
        ("Russia will target U.S.-backed fighters in Syria if provoked.", "prediction"),
        ("The delay was caused by US operations.", "causal"),
        ("Syrian troops crossed to the eastern side of the river on Monday.", "event"),
        ("He was born in 1961.", "event"),
        ("See chapter 3 for details.", None),
        ("Thank you all for coming tonight.", None),
    ],
)
def test_claim_type(sentence: str, kind: str | None) -> None:
    assert claim_type(sentence) == kind


def test_quoted_claim_without_a_more_specific_kind_is_a_quote() -> None:
    assert claim_type("The plan is a disgrace.", quoted=True) == "quote"
    assert claim_type("The plan is a disgrace.") is None
