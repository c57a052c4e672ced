"""The cells of a tabbed line that the page shows apart are blocks of their own (rounds 130-137)."""

from __future__ import annotations

import pytest

from newsaudit.pipeline import Pipeline
from tests.test_anatomy_rules import STORY

HEADLINE = "County Clerk Delays Ballot Count\n\n"


def _blocks(text: str) -> list[tuple[str, str]]:
    page = Pipeline().audit(text)
    return [(b.type.value, page.slice(b)) for b in page.blocks]


def test_a_site_name_and_its_tagline_in_two_cells_are_two_blocks():
    blocks = _blocks("THE MILLRACE COURIER\tNews for the people who keep the lights on\n\n" + HEADLINE + STORY * 2)
    assert blocks[:2] == [("boilerplate", "THE MILLRACE COURIER"),
                          ("boilerplate", "News for the people who keep the lights on")]


@pytest.mark.parametrize(("row", "cells"), [
    ("By Ivo Marsh\tMillrace education reporter\t\tMay 2, 2018",
     [("byline", "By Ivo Marsh"), ("byline", "Millrace education reporter"), ("byline", "May 2, 2018")]),
    ("Author: Ivo Marsh\t2018-05-11 09:32\tSource: MNA",
     [("byline", "Author: Ivo Marsh"), ("byline", "2018-05-11 09:32"), ("credit", "Source: MNA")]),
])
def test_a_byline_row_is_one_block_a_cell(row, cells):
    blocks = _blocks(HEADLINE + row + "\n\n" + STORY * 2)
    at = next(i for i, (_, text) in enumerate(blocks) if text == cells[0][1])
    assert blocks[at:at + len(cells)] == cells


def test_a_caption_and_an_agency_photo_credit_in_two_cells():
    caption = "Workers inspect panel rows at the new solar park on Wednesday."
    blocks = _blocks(HEADLINE + STORY + caption + "\tMNA Photo / Ilya Serov\n\n" + STORY)
    assert ("boilerplate", caption) in blocks and ("credit", "MNA Photo / Ilya Serov") in blocks


@pytest.mark.parametrize("line", [
    "By Ivo Marsh\t|\tMay 2, 2018",  # the page's own separator holds the row together
    "Keep the Courier free\tGive $5 »",  # a plea and its button: sites' dumps differ, one block kept
    "The Substation Nobody Will Name\tFeb 12, 2018",  # a teaser and its date, no masthead
])
def test_rows_held_together_stay_one_block(line):
    assert line in [text for _, text in _blocks(HEADLINE + STORY + line + "\n\n" + STORY)]


def test_a_copyright_and_the_footers_links_under_a_thread():
    footer = "Words licensed CC BY-NC 4.0. © 2018 The Millrace Courier"
    thread = "1 comment\n\nquarry_dan • 2 hours ago\nNinety days is absurd.\n\n"
    blocks = _blocks(HEADLINE + STORY * 2 + thread + footer + "\tAbout\tContact\tPrivacy\n")
    assert blocks[-2:] == [("credit", footer),
                           ("boilerplate", "About\tContact\tPrivacy")]
