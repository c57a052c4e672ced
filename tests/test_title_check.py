"""The anatomy stage's learned title check: its features, its model and where it may move a page's title."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

from newsaudit.anatomy.lines import split_lines
from newsaudit.anatomy.title_check import check_title, title_candidates
from newsaudit.models.anatomy_titles import ARTIFACT, TitleModel, title_model
from newsaudit.page import Block, BlockType, Page
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.stages.anatomy import AnatomyConfig

FIXTURES = Path(__file__).parent / "fixtures" / "anatomy"
STORY = ("Volunteer firefighters in Harlow County refused on Monday to take the American flags off their trucks "
         "after the fire chief ordered them removed, saying the flags were not regulation equipment.",
         "The volunteers said the flags had flown on the trucks since 2001 and that the fire chief never asked "
         "them. Three of the county's four stations kept their flags up on Tuesday.")


def _typed_page(pieces: list[tuple[str, BlockType]]) -> tuple[Page, list]:
    """A page of one block a line, typed as the rules might have left it."""
    text = "\n\n".join(piece for piece, _ in pieces)
    page = Page(text=text)
    lines = split_lines(text)
    content = [line for line in lines if not line.blank]
    page.blocks = [Block(kind, line.start, line.end, "rules") for line, (_, kind) in zip(content, pieces, strict=True)]
    return page, lines


def test_candidates_say_how_much_of_a_line_the_story_repeats_and_stop_at_the_story_s_third_prose_line():
    page, lines = _typed_page([("THE LIBERTY LEDGER", BlockType.TITLE),
                               ("Fire Chief Orders American Flags Off the Trucks", BlockType.BOILERPLATE),
                               *((s, BlockType.PARAGRAPH) for s in STORY), (STORY[0], BlockType.PARAGRAPH)])
    found = title_candidates(page, [line for line in lines if not line.blank])
    assert [c.line.text for c in found] == ["THE LIBERTY LEDGER", "Fire Chief Orders American Flags Off the Trucks",
                                            *STORY]  # not the third prose line
    site, headline = (c.row for c in found[:2])
    assert site["story_shares"] == 0.0 and site["capitals"] == 1.0 and site["first_line"] == 1.0
    assert headline["story_shares"] > 0.6 and headline["headline_like"] == 1.0 and headline["first_headline"] == 1.0
    assert "t_title" not in site  # the rules' choice is weighed against the model's, never inside it


def test_the_model_is_a_logistic_score_and_names_its_reasons():
    model = TitleModel({"story_shares": 3.0, "capitals": -2.0}, intercept=-1.0, threshold=0.3, margin=0.0)
    assert math.isclose(model.probability({"story_shares": 1.0}), 1 / (1 + math.exp(-2.0)))
    assert model.probability({"capitals": 1.0}) < 0.1
    assert model.why({"story_shares": 1.0, "capitals": 1.0}) == "its words come back in the story"


def test_the_check_moves_the_title_from_the_site_s_slogan_to_the_headline_and_says_why():
    # the rules took the slogan over the headline on this blind page (round 51, now dev50)
    text = (FIXTURES / "dev50" / "crlf-right-fire-truck-flags-republished-video-pullquote.txt").read_text("utf-8")
    config = {"anatomy": AnatomyConfig(title_check=False)}
    rules = Pipeline(PipelineConfig(stages=["anatomy"], stage_config=config)).audit(text)
    checked = Pipeline(PipelineConfig(stages=["anatomy"])).audit(text)
    assert rules.title == "The Liberty Ledger: Free Men, Free Speech"
    assert checked.title == "Fire Chief Orders American Flags Off the Trucks. The Volunteers Had Other Plans."
    title = checked.first(BlockType.TITLE)
    assert title is not None and title.reason.startswith("learned title check: the headline at p=")
    slogan = next(b for b in checked.blocks if checked.slice(b) == "The Liberty Ledger: Free Men, Free Speech")
    assert slogan.type is BlockType.BOILERPLATE and "not the headline" in slogan.reason


def test_a_headline_the_story_repeats_keeps_the_title_over_a_likelier_deck():
    deck = "Are the trucks' flags regulation equipment? Is the chief's order lawful at all?"
    pieces = [("Fire Chief Orders American Flags Off the Trucks", BlockType.TITLE), (deck, BlockType.PARAGRAPH),
              *((s, BlockType.PARAGRAPH) for s in STORY)]
    model = TitleModel({"question": 5.0}, intercept=-1.0, threshold=0.3, margin=0.0)  # a model that loves decks
    page, lines = _typed_page(pieces)
    assert not check_title(page, lines, model)
    assert page.title == "Fire Chief Orders American Flags Off the Trucks"
    site_pieces = [("Free Men, Free Speech, Free Country", BlockType.TITLE), *pieces[1:]]  # a slogan gives way
    page, lines = _typed_page(site_pieces)
    assert check_title(page, lines, model) and page.title == deck


def test_the_check_never_splits_a_block_to_make_a_title():
    model = TitleModel({"question": 5.0}, intercept=-1.0, threshold=0.3, margin=0.0)
    text = "THE LIBERTY LEDGER\n\nIs the chief's order lawful?\n" + STORY[0] + "\n\n" + STORY[1]
    page = Page(text=text)
    lines = split_lines(text)
    page.blocks = [Block(BlockType.TITLE, 0, 18), Block(BlockType.PARAGRAPH, 20, text.index("\n\n", 20)),
                   Block(BlockType.PARAGRAPH, text.index(STORY[1]), len(text))]
    assert not check_title(page, lines, model) and page.title == "THE LIBERTY LEDGER"


def test_the_shipped_model_carries_its_leave_one_set_out_figures_and_operating_point():
    raw = json.loads(resources.files("newsaudit.models").joinpath("artifacts", ARTIFACT).read_text("utf-8"))
    cv = raw["meta"]["leave_one_set_out"]
    model = title_model()
    assert (model.threshold, model.margin) == (cv["best"]["threshold"], cv["best"]["margin"])
    chosen = cv["grid"][f"{model.threshold}/{model.margin}"]
    assert chosen["titles_right"] > cv["rules"]["titles_right"] and chosen["broken"] == 0


def test_a_lead_in_to_what_follows_never_takes_the_title():
    model = TitleModel({"first_line": -5.0, "next_prose": 5.0}, intercept=0.0, threshold=0.3, margin=0.0)
    pieces = [("TTIP, Brexit and Moderate Terrorists", BlockType.TITLE),
              ("21st Century Wire says…", BlockType.PARAGRAPH), *((s, BlockType.PARAGRAPH) for s in STORY)]
    page, lines = _typed_page(pieces)
    assert not check_title(page, lines, model) and page.title == "TTIP, Brexit and Moderate Terrorists"


def test_a_headline_hard_wrapped_at_the_column_is_taken_with_its_tail():
    model = TitleModel({"colon": 5.0}, intercept=-1.0, threshold=0.3, margin=0.0)  # the first line has the colon
    head = "Flags Off the Fire Trucks: Who Ordered It, and Why Won't the Harlow County"
    text = "THE LIBERTY LEDGER\n\n" + head + "\nChief Say?\n\n" + STORY[0] + "\n\n" + STORY[1]
    page = Page(text=text)
    lines = split_lines(text)
    wrapped = text.index(head)
    page.blocks = [Block(BlockType.TITLE, 0, 18), Block(BlockType.PARAGRAPH, wrapped, text.index("\n\n", wrapped)),
                   *(Block(BlockType.PARAGRAPH, text.index(s), text.index(s) + len(s)) for s in STORY)]
    assert check_title(page, lines, model)
    assert page.title == head + " Chief Say?"
