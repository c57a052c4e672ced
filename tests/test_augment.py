"""Target-term augmentation: copies about other groups, labels that still hold, nothing held out used."""

from __future__ import annotations

from newsaudit.training.augment import DENOUNCE, ENDORSE, FORMS, augmented, framed, groups_named, swap_groups
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


def test_framed_copies_differ_in_stance_only() -> None:
    posts = [
        Example("These people are vermin", "gab", {"identity_attack": 1, "violence": 0, "toxic": 1}, group="jews"),
        Example("They all lie", "isca", {"identity_attack": 1, "antisemitism": 1}),
        Example("a harmless post", "gab", {"identity_attack": 0}),  # no attack: not quoted
        Example("biased but mild", "redditbias", {"identity_attack": 1}),  # bias, not an attack: not quoted
        Example('he said "hi"', "gab", {"identity_attack": 1}),  # quotes inside: not quoted again
        Example("x" * 300, "gab", {"identity_attack": 1}),  # too long to quote whole
    ]
    copies = framed(posts, posts=10)
    assert len(copies) == 4
    for denounced, endorsed in (copies[0:2], copies[2:4]):
        post = denounced.text.split('"')[1]
        (frame,) = [i for i, f in enumerate(DENOUNCE) if f.format(post=post) == denounced.text]
        assert endorsed.text == ENDORSE[frame].format(post=post)
        assert set(denounced.labels.values()) == {0} and 1 in endorsed.labels.values()
        assert "toxic" not in denounced.labels and "toxic" not in endorsed.labels
        assert denounced.group is None and endorsed.group is None
    quoted = {c.text.split('"')[1] for c in copies}
    assert quoted == {"These people are vermin", "They all lie"}
    assert framed(posts, posts=10) == copies  # seeded: the same copies every run
