"""Anatomy rules from the errors of blind rounds 182-189: stamps in a site's own participle with a calendar date, a
newsroom named as the byline, a bio under a heading in the site's own words, reprint leave and photo credits worded
afresh, the comment form's lines under its heading, a list of links known by its place at the foot, buttons behind a
pictograph, commenters' lines with the time before the date, and a subheading whose words open its paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsaudit.anatomy.byline_block import dated_cells, staff_stamp
from newsaudit.anatomy.classify import boilerplate_reason, button_bar, byline_names, counter_line, credit_reason
from newsaudit.anatomy.foot import credit_said
from newsaudit.anatomy.lines import split_lines
from newsaudit.anatomy.masthead import stamp_phrase
from newsaudit.page import BlockType
from newsaudit.pipeline import Pipeline, PipelineConfig
from tests.test_anatomy_heads_and_feet import HEADLINE
from tests.test_anatomy_rules import STORY, _kinds

#: more of the story, so that a bio's heading stands where a foot does (the last two fifths of the page)
MORE = ("The east branch opened in 1962 and lends about forty thousand books a year, most of them to children.\n\n"
        "Library staff will move to the main branch downtown, and no jobs will be cut, the board said.\n\n")


def _line(text: str):
    return split_lines(text)[0]


def _page(text: str):
    return Pipeline(PipelineConfig(stages=["anatomy"])).audit(text)


def _fixture_text(split: str, name: str) -> str:
    """A development fixture's dump: the page whose error a rule was written from."""
    return (Path(__file__).parent / "fixtures" / "anatomy" / split / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("stamp", ["Field notes filed 12 December 2017", "Freshly stirred: January 4, 2018",
                                   "Dropped on the porch March 3, 2018 by Wes Hollister",
                                   "Updated March 3, 2018 at 5:02 p.m."])
def test_a_participle_and_a_calendar_date_is_a_stamp_in_the_sites_words(stamp):
    assert stamp_phrase(_line(stamp))


@pytest.mark.parametrize("line", [
    "The suit, filed March 3, 2018 in federal court",  # a wrapped line of prose runs on past the date
    "He was arrested March 3, 2018",  # a sentence's subject, not a site's words
    "Voters head to the polls March 3, 2018",  # no participle
    "Shared 11 January 2018 · 3,406 saves",  # a counter after the date: the cells' reading, not this one
])
def test_prose_and_counters_with_a_date_are_no_participle_stamp(line):
    assert not stamp_phrase(_line(line))


def test_a_stamp_under_the_title_is_a_byline_not_the_title():
    page = _page("THE HEARTLAND RAMPART\nHome | Farm & Trade | Washington\nTRADE FIGHT\n"
                 f"{HEADLINE}\nDropped on the porch March 3, 2018 by Wes Hollister\n\n" + STORY)
    kinds = {page.slice(b): b.type for b in page.blocks}
    assert kinds[HEADLINE] is BlockType.TITLE
    assert kinds["Dropped on the porch March 3, 2018 by Wes Hollister"] is BlockType.BYLINE


def test_the_newsroom_named_before_the_dated_cells_is_a_byline():
    line = "Staff of Patriot Flashpoint · November 4, 2017 · 6:02 AM"
    assert staff_stamp(_line(line))
    assert _kinds(f"{HEADLINE}\n{line}\n\n" + STORY, rules_only=True)[line] == "byline"


@pytest.mark.parametrize("line", ["🔊 Listen to this report (11 min)   |   ✉ Email   |   🖨 Print",
                                  "🥄 11,482 spoonfuls of love · 6 min stir"])
def test_a_length_in_minutes_or_a_button_is_no_dated_cell(line):
    # "11 min" reads like an age ("11 min ago") but says how long the story takes
    assert not dated_cells(_line(line))


def test_minutes_ago_still_date_a_cell():
    assert dated_cells(_line("Desk report · 11 min ago"))


@pytest.mark.parametrize("heading", ["Behind the byline", "A word about Delia Frost", "Who is Delia?"])
def test_a_short_heading_over_the_authors_bio_at_the_foot_is_part_of_the_bio(heading):
    # no "About the author": the paragraph under it, a name and what the writer does, says what the heading heads
    bio = ("Delia Frost has worked in warehouses in the Inland Valley for nine years and writes about the people "
           "who do.")
    kinds = _kinds(f"{HEADLINE}\n\nBy Delia Frost\n\n" + STORY + MORE + f"{heading}\n{bio}\n\n© 2018 The Ledger",
                   True)
    assert kinds[heading] == "byline"
    assert kinds[bio] == "byline"


def test_a_subheading_over_story_prose_at_the_foot_stays_story():
    text = ("The county will hold a second hearing on the closure in March, and residents may send comments "
            "before then.")
    kinds = _kinds(f"{HEADLINE}\n\nBy Delia Frost\n\n" + STORY + MORE
                   + f"What comes next\n{text}\n\n© 2018 The Ledger", True)
    assert kinds["What comes next"] == "paragraph"
    assert kinds[text] == "paragraph"


@pytest.mark.parametrize("line", [
    "This viewpoint was produced for the Buckeye Crossroads Quarterly and appears here with its permission.",
    "From the Inland Workers' Ledger, where it ran July 28; republished here with Delia's permission.",
    "Oren first put this up on The Millrace Ledger and said I could pass it around here as long as I credit him.",
])
def test_reprint_leave_in_fresh_words_is_a_credit_at_the_foot(line):
    # read only among the story's last paragraphs: a story's own sentence may say the same in its middle
    assert credit_said(line)
    assert _kinds(f"{HEADLINE}\n\nBy Sable Orrin\n\n" + STORY + line + "\n\n© 2018 The Ledger", True)[line] == "credit"


@pytest.mark.parametrize("line", ["Photo of the tower: reader upload, used with permission",
                                  "Record photo / Adam Kerwin"])
def test_photo_credits_in_fresh_words_are_credits_anywhere(line):
    assert credit_reason(_line(line))


@pytest.mark.parametrize("line", [
    "The report first appeared in a 2016 lawsuit filed by the tenants.",  # no one's piece reprinted here
    "The photo was shared with reporters on Monday.",
    "Put simply, the council first voted here in 1998.",
])
def test_story_sentences_about_first_appearances_are_no_credit(line):
    assert credit_reason(_line(line)) is None
    assert credit_said(line) is None


def test_the_lines_under_the_forms_heading_are_the_forms():
    posts = ("Bev from Allentown — Dec 4, 2017, 9:12 AM\nI worked tables for 30 years. God bless Walt.\n"
             "♡ 48 · Answer · Report\n"
             "Sandra Lee Pruitt — Dec 5, 2017, 7:03 AM\nIs there a GoFundMe for her school? I would chip in.\n"
             "♡ 5 · Answer · Report\n")
    page = _page(f"{HEADLINE}\n\n" + STORY + "What Our Readers Are Saying (2)\n" + posts
                 + "\nWrite Something Nice\nDisplay name\nSay something kind...\nPost it ♡\n")
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert kinds["Write Something Nice"] == "comment_header"
    assert (kinds["Say something kind..."], kinds["Post it ♡"]) == ("boilerplate", "boilerplate")
    assert [c.author for c in page.comments] == ["Bev from Allentown", "Sandra Lee Pruitt"]


@pytest.mark.parametrize("heading", ["From Nettie's Notebook", "Keep reading"])
def test_a_short_heading_over_headlines_that_close_the_page_heads_a_list_of_links(heading):
    kinds = _kinds(f"{HEADLINE}\n\nBy Sable Orrin\n\n" + STORY + MORE
                   + f"{heading}\nElderberry Syrup in Twenty Minutes\nThe Honey-Garlic Trick for Sore Throats\n"
                   "© 2018 Hearth & Herb. Not medical advice.", rules_only=True)
    assert kinds[heading] == "boilerplate"
    assert kinds["Elderberry Syrup in Twenty Minutes"] == "boilerplate"


def test_a_numbered_most_read_list_keeps_its_long_headlines():
    listed = "1. County ambulances took more than 20 minutes on one in four rural calls last year, records show"
    kinds = _kinds(f"{HEADLINE}\n\nBy Sable Orrin\n\n" + STORY
                   + f"Most read\n{listed}\n2. Bluestem Valley girls advance to state semifinal\n\n© 2018 The Record",
                   rules_only=True)
    assert kinds[listed] == "boilerplate"


def test_a_buttons_word_behind_its_pictograph_is_furniture():
    assert boilerplate_reason(_line("🔑 Login"))
    assert boilerplate_reason(_line("🔑 Login to read the full archive of our reporting since 1998")) is None


def test_counts_of_two_words_and_an_arrow_before_a_count_are_widgets():
    assert button_bar(_line("⇧ 57 nods · 12 carried along · flag this"))
    assert counter_line(_line("↻ 1,877 reshares · replies are turned off on reposts"))
    assert not counter_line(_line("↳ Reply from DixieMom · 7 hours ago"))
    assert not button_bar(_line("↳ Reply from DixieMom · 7 hours ago"))


def test_a_preposition_makes_no_name():
    assert byline_names(_line("Chip In"), bare_allowed=True) is None


@pytest.mark.parametrize("line", [
    "Columns in Community Voices are the writers' own and do not reflect the views of The Capital Ledger.",
    "FREE: \"5 Coins to Own Before the Reset\" — enter your e-mail and we'll send it tonight.",
    "Send me the report",
    "We keep your e-mail to ourselves. Boxes with a star need filling.",
])
def test_disclaimers_and_lead_magnets_are_furniture(line):
    assert boilerplate_reason(_line(line))


def test_a_hard_wrapped_credit_is_one_credit_though_its_second_piece_reads_as_one_alone():
    # "Attribution-NonCommercial 4.0 license. …" is a credit by itself (a Creative Commons licence named), but it is
    # the rest of the line above, which the wrapper broke at the column
    import textwrap

    credit = ("The Picket Line Daily is published under a Creative Commons Attribution-NonCommercial 4.0 license. "
              "Republish freely with a link back.")
    story = "".join(textwrap.fill(p, 72) + "\n\n" for p in (STORY + MORE).split("\n\n") if p)
    page = _page(f"{HEADLINE}\n\nBy Sable Orrin\n\n" + story + textwrap.fill(credit, 72, break_on_hyphens=False) + "\n")
    credits = [page.slice(b) for b in page.blocks if b.type is BlockType.CREDIT]
    assert [" ".join(c.split()) for c in credits] == [credit]


def test_a_stamp_over_the_story_opens_no_thread():
    # "Refreshed on 21/05/2018" reads like "NAME date"; taken as a commenter, it made the whole story a thread
    page = _page(_fixture_text("dev188", "junksci-own-single-newline-flat-notes-copper-water"))
    kinds = {page.slice(b): b.type for b in page.blocks}
    assert kinds["Refreshed on 21/05/2018"] is BlockType.BYLINE
    assert [c.author for c in page.comments] == ["meadowlark_jen", "Tomas Reinholt", "Priya M."]


def test_a_commenters_line_may_give_the_time_before_the_date_and_a_pictograph_before_the_name():
    from newsaudit.anatomy.commenters import comment_author

    assert comment_author(_line("ladonna_k wrote at 6:02 pm, Sept. 12:"), None)[0] == "ladonna_k"
    assert comment_author(_line("♥ meadowlark_jen | 2 weeks ago"), None)[0] == "meadowlark_jen"


def test_the_sites_engine_under_the_form_ends_the_thread_as_furniture():
    # "Site runs on WordPress · Theme by Rampart Studio" under the form had been read as a last comment, and the form's
    # prompt, optional field and button above it as another
    page = _page(_fixture_text("dev186", "rightwp-reuters-lead-nested-thread"))
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert kinds["Site runs on WordPress · Theme by Rampart Studio"] == "boilerplate"
    assert kinds["What's on your mind?"] == "boilerplate"
    assert page.comments[-1].author == "Gus Halvard"


def test_a_heading_whose_words_open_the_paragraph_under_it_is_the_storys():
    text = ("Share it with your mother, because women over fifty are the ones who write to us most about tired "
            "legs and cold feet. Most of them tell us they tried the paste for a week before they noticed a change.")
    kinds = _kinds(f"{HEADLINE}\n\nBy Sable Orrin\n\n" + STORY + f"Share It With Your Mother\n\n{text}\n\n" + MORE,
                   rules_only=True)
    assert kinds["Share It With Your Mother"] == "paragraph"
    assert kinds[text] == "paragraph"


def test_a_long_paragraph_asking_to_share_is_no_share_button():
    long = ("Share this before it vanishes, because the last video of the depot gate was pulled from two platforms "
            "within hours. Tell us what you see if you live near Reddick.")
    assert boilerplate_reason(_line(long)) is None
    assert boilerplate_reason(_line("Share this:"))


@pytest.mark.parametrize("line", ["🔄 4,118 people went around this article once and then again",
                                  "Diary tags: housing, rezoning, tenants, county government",
                                  "🚨 HOT RIGHT NOW: Sanctuary county loses grant fight · Gas tax vote Tuesday",
                                  "Site runs on WordPress · Theme by Rampart Studio"])
def test_counters_tags_tickers_and_the_sites_engine_are_furniture(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", ["Origin feed: Bloomberg News", "Get the full story over at UPI.com ↗",
                                  "Release checked by: Saule Temirova",
                                  "Data analysis by Kofi Amankwah. Graphics by Lena Strand.",
                                  "All materials of the agency are protected by copyright. Use is permitted only with "
                                  "an active link."])
def test_relays_checkers_and_a_state_agencys_terms_are_credits(line):
    assert credit_reason(_line(line))


def test_a_commenters_line_under_a_full_line_is_not_joined_to_it_when_the_page_is_hard_wrapped():
    # "Criticise ideas, not people. Name-calling gets removed without notice." ends near the column, and the
    # commenter's line under it ("ladonna_k wrote at 6:02 pm, Sept. 12:") begins in lower case and runs past six
    # words: it is still a line of its own, and the thread keeps its two comments
    from benchmarks.crawler_variants import hard_wrap

    page = _page(hard_wrap(_fixture_text("dev187", "political-own-story-comments")).text)
    assert [c.author for c in page.comments] == ["ladonna_k", "rtam_senateoffice"]
