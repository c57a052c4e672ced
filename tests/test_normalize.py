"""Obfuscation normalising before moderation: what it undoes, what it leaves, and the map back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsaudit.moderation.normalize import normalize

ZW = "\u200b"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Jеws control the banks", "Jews control the banks"),  # Cyrillic е
        ("ЈЕWЅ", "JEWS"),  # all look-alikes, in a Latin-looking word
        (f"ki{ZW}ll th{ZW}em", "kill them"),
        ("soft\u00adhyphen", "softhyphen"),
        ("Ｊｅｗｓ", "Jews"),  # fullwidth
        ("𝐤𝐢𝐥𝐥 them", "kill them"),  # mathematical bold
        ("j3ws are r4ts", "jews are rats"),
        ("h@te them", "hate them"),
        ("$hit", "shit"),
        ("k i l l them all", "kill them all"),
        ("j.e.w.s", "jews"),
        ("k-i-l-l", "kill"),
    ],
)
def test_undoes_what_evaders_write(written: str, read: str) -> None:
    assert normalize(written).text == read


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, 1,000 people bought 4x4 cars after covid19, wow!! gr8, 10km away",
        "write to me at x@y.com or see www.t3st.com",
        "Привет, как дела?",  # another script stays as written
        "I am a U.S. citizen and proud of it.",
        "Stop it!",
        "plain words only",
        "Wait… half price (½) for Sale™ – “quoted”",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert normalize(text).text == text


def test_spans_map_back_to_what_was_written() -> None:
    written = f"they k i l l j3ws and Jеws{ZW}!"
    n = normalize(written)
    assert n.text == "they kill jews and Jews!"
    for word in ("kill", "jews", "Jews"):
        start = n.text.index(word)
        a, b = n.span(start, start + len(word))
        assert normalize(written[a:b]).text == word
    assert written[slice(*n.span(n.text.index("kill"), n.text.index("kill") + 4))] == "k i l l"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcxyz 13@$!.-*\u200bаеоЈ𝐤Ｊ\n")), max_size=60))
def test_offsets_are_in_order_and_inside_the_text(text: str) -> None:
    n = normalize(text)
    assert len(n.origin) == len(n.text) + 1
    assert n.origin[-1] == len(text)
    assert all(0 <= o < len(text) for o in n.origin[:-1])
    assert list(n.origin) == sorted(n.origin)
    assert n.changed == (n.text != text)
    for i in range(len(n.text)):
        a, b = n.span(i, i + 1)
        assert 0 <= a < b <= len(text)


def test_says_what_it_undid() -> None:
    assert normalize("plain words").kinds == ()
    assert normalize(f"Jеws k1ll k i l l x{ZW}y").kinds == (
        "invisible characters", "look-alike letters", "digits or symbols for letters", "spaced-out letters"
    )
