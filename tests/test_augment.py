"""Target-term augmentation: copies about other groups, labels that still hold, nothing held out used."""

from __future__ import annotations

from newsaudit.training.augment import FORMS, augmented, groups_named, swap_groups
from newsaudit.training.comment_data import Example


def test_swaps_each_term_in_its_form_and_case() -> None:
    assert swap_groups("Jews control the banks", "muslims") == "Muslims control the banks"
    assert swap_groups("a Jewish family. The jew lied", "women") == "a female family. The woman lied"
    assert swap_groups("JEWS OUT", "muslims") == "MUSLIMS OUT"
    assert swap_groups("black cars and white paint", "jews") == "black cars and white paint"  # colours, not people
    assert groups_named("white people and Muslims") == {"white_people", "muslims"}


def test_copies_keep_attack_labels_and_drop_what_no_longer_holds() -> None:
    posts = [
        Example("Jews control the banks", "isca", {"antisemitism": 1}),
        Example("Muslims are welcome here", "hatexplain", {"identity_attack": 0, "toxic": 0}, group="muslims"),
        Example("Jews and Muslims pray", "isca", {"antisemitism": 0}),  # two groups: not copied
        Example("nice weather", "gab", {"toxic": 0}),  # no group: not copied
    ]
    copies = augmented(posts, copies=3)
    assert len(copies) == 6
    from_isca, from_hatexplain = copies[:3], copies[3:]
    for ex in from_isca:
        assert "Jews" not in ex.text and ex.labels == {"identity_attack": 1}  # an attack on another group
    for ex in from_hatexplain:
        assert "Muslims" not in ex.text and ex.labels == {"identity_attack": 0, "toxic": 0}
        assert ex.group in FORMS and ex.group != "muslims" and ex.group in groups_named(ex.text)
    assert augmented(posts, copies=3) == copies  # seeded
