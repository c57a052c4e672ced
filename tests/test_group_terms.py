"""Group names masked for the comment encoder: every recognised name, each in its own form, nothing else."""

import pytest

from newsaudit.models.group_terms import MASK_FORMS, groups_named, mask_groups, names_topic


def test_every_group_name_is_masked_in_its_form() -> None:
    text = "Jews and a Jewish family, Muslims, black people and one gay man."
    masked = mask_groups(text)
    assert masked == "Moravians and a Moravian family, Moravians, Moravians and one Moravian."
    assert groups_named(masked) == set()


def test_words_that_only_contain_a_group_name_stay() -> None:
    text = "Blackberries, a white wall and the women's final."
    assert mask_groups(text).startswith("Blackberries, a white wall")
    assert "women" not in mask_groups(text)  # the possessive is still the group


def test_text_without_a_group_is_returned_unchanged() -> None:
    text = "Referees in this league are useless."
    assert mask_groups(text) is text


def test_mask_forms_name_no_group() -> None:
    assert groups_named(" ".join(MASK_FORMS)) == set()


@pytest.mark.parametrize(
    ("text", "about_jews"),
    [
        ("The rabbi spoke at the synagogue.", True),
        ("Israeli soldiers crossed the line.", True),
        ("Soros funds the globalists.", True),
        ("(((they))) own the banks", True),
        ("Anti-semitism is rising.", True),
        ("She sold her jewellery and jewels.", False),
        ("Muslims are wonderful neighbours.", False),
    ],
)
def test_names_topic_finds_words_about_jews_and_their_tropes(text: str, about_jews: bool) -> None:
    assert names_topic(text, "jews") is about_jews
