"""Line rules of the anatomy stage: datelines, bylines, thread starts."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.classify import byline_names, find_dateline
from newsaudit.anatomy.lines import split_lines
from newsaudit.page import BlockType
from newsaudit.pipeline import Pipeline


def line(text):
    return split_lines(text)[0]


@pytest.mark.parametrize(
    ("text", "dateline", "agency"),
    [
        ("WASHINGTON (AP) — The Senate voted on Tuesday to approve the bill.", "WASHINGTON (AP)", "ap"),
        ("Paris (AFP) - France said on Monday it would send more troops.", "Paris (AFP)", "afp"),
        ("(Reuters) - Apple Inc said on Tuesday it would buy the firm.", "(Reuters)", "reuters"),
        ("BEIJING, Nov. 5 (Xinhua) -- China's exports rose 5 percent in October.", "BEIJING, Nov. 5 (Xinhua)",
         "xinhua"),
        ("NEW YORK, March 3 (Reuters) - Wall Street fell on Friday as investors fretted.",
         "NEW YORK, March 3 (Reuters)", "reuters"),
        ("ST. LOUIS (AP) — A man was arrested Monday after a chase across the city.", "ST. LOUIS (AP)", "ap"),
        ("SPRINGFIELD, Ill. — The Illinois House passed a budget on Thursday night.", "SPRINGFIELD, Ill.", None),
    ],
)
def test_datelines(text, dateline, agency):
    found = find_dateline(line(text))
    assert found is not None
    assert text[found.start : found.end] == dateline
    assert (found.agency.id if found.agency else None) == agency


@pytest.mark.parametrize(
    "text",
    ["BREAKING — Something happened today and here is the story about it.",
     "UPDATE: The story continues with some words here for length.",
     "The president (R) - said something about the vote today in the chamber."],
)
def test_not_datelines(text):
    assert find_dateline(line(text)) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe and John Roe, Associated Press", ["Jane Doe", "John Roe"]),
        ("BY MARY O'BRIEN, STAFF WRITER", ["MARY O'BRIEN"]),
        ("By Jean-Luc McDonald", ["Jean-Luc McDonald"]),
        ("Andrew Osborn, Phil Stewart", ["Andrew Osborn", "Phil Stewart"]),
    ],
)
def test_bylines(text, names):
    assert byline_names(line(text), bare_allowed=True) == names


@pytest.mark.parametrize("text", ["Recommended Resources", "Caroline’s Breast Cancer Blog", "BREAKING NEWS",
                                  "By The Associated Press"])
def test_not_bylines(text):
    assert byline_names(line(text), bare_allowed=True) is None


def test_bare_names_mid_article_are_not_a_byline():
    text = ("A headline about the council\n\nThe council met on Monday to discuss the budget for next year.\n\n"
            "Donald Trump\n\nThe mayor said the plan would cut costs by ten percent over five years.\n\n"
            "Officials will vote again next week after a public hearing on the proposal.\n")
    page = Pipeline().audit(text)
    assert page.blocks_of(BlockType.BYLINE) == []


def test_says_lines_open_a_thread_without_header():
    text = ("Storm closes schools\n\nSchools across the county closed on Tuesday as a storm brought snow.\n\n"
            "Officials said roads would be cleared by Wednesday morning at the latest.\n\n"
            "Mary Jones says:\nJanuary 5, 2018 at 9:12 am\nStay safe everyone, the roads are bad.\nReply\n"
            "Tom Smith says:\nJanuary 5, 2018 at 10:40 am\nOur road was plowed already.\nReply\n")
    page = Pipeline().audit(text)
    authors = [c.author for c in page.walk_comments()]
    assert authors == ["Mary Jones", "Tom Smith"]
    assert [page.slice(c) for c in page.walk_comments()][1] == "Our road was plowed already."
    assert page.blocks_of(BlockType.COMMENT_HEADER) == []


def test_a_single_says_line_in_an_article_is_not_a_thread():
    text = ("Pension debt grows\n\nThe state's pension fund looks to shift blame.\n\nSteven Greenhut says:\n\n"
            "The fund's defenders feign shock whenever reformers accuse it of kicking the can.\n\n"
            "It is like the scene from Casablanca, where gambling is found in a gambling house.\n")
    page = Pipeline().audit(text)
    assert page.comments == []
