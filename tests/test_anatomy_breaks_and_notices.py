"""Anatomy rules from the errors of blind rounds 158-165: lines the page broke (not a wrapping tool), a list of links
under a "More …" heading in any words, the thread's state said of the comments, names in Latin Extended-A letters,
credits in parentheses, affiliate disclosures in the site's own words, bylines in a site's own verbs with a date,
stamp lines, sales letters and reply arrows before a commenter's name."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.byline_block import stamp_cells
from newsaudit.anatomy.classify import byline_names, credit_reason, policy_reason
from newsaudit.anatomy.commenters import comment_author
from newsaudit.anatomy.lines import split_lines
from newsaudit.pipeline import Pipeline
from tests.test_anatomy_heads_and_feet import HEADLINE, _at_foot
from tests.test_anatomy_rules import STORY, _kinds


def _line(text: str):
    return split_lines(text)[0]


def test_a_short_line_of_buttons_is_not_wrapped_into_the_notice_under_it():
    # "Lift this post · Reshare · Report" stops far short of the next line's width although its first word would
    # have fitted: the page broke it, so the host's notice under it stands as a block of its own
    notice = "HiveCommons carries what its members bring in; each article stays with whoever first wrote it."
    text = f"{HEADLINE}\n\n" + STORY + f"Lift this post · Reshare · Report\n{notice}\n"
    kinds = _kinds(text, rules_only=True)
    assert notice in kinds
    assert "Lift this post · Reshare · Report" in kinds


def test_a_section_label_over_the_headline_is_not_wrapped_into_it():
    headline = "Dolvara–Tarn rail link to carry first freight trains by year's end"
    kinds = _kinds(f"Economy\n{headline}\n\n" + STORY)
    assert not any("Economy" in text and headline in text for text in kinds)


def test_a_hard_wrapped_paragraph_is_still_one_block():
    wrapped = ("The county board voted four to one on Tuesday night to close the east\n"
               "branch library by the end of the summer, citing a budget gap of nearly\n"
               "two million dollars and a drop in visits.")
    kinds = _kinds(f"{HEADLINE}\n\n{wrapped}\n\n" + STORY, rules_only=True)
    assert kinds[wrapped] == "paragraph"


@pytest.mark.parametrize("heading", ["More rural health coverage", "More shared this week on PorchLight Commons"])
def test_a_more_heading_over_headlines_under_the_story_is_a_list_of_links(heading):
    items = ["Two county hospitals merge to stay open", "Why the grain elevator closed early this fall"]
    notice = "Posts on PorchLight Commons belong to the people who wrote them."
    kinds = _kinds(f"{HEADLINE}\n\n" + STORY + heading + "\n" + "\n".join(items) + f"\n\n{notice}\n",
                   rules_only=True)
    assert kinds[heading] == "boilerplate"
    assert all(kinds[item] == "boilerplate" for item in items)


@pytest.mark.parametrize("line", ["Discussion on this post has wrapped up.",
                                  "Reader comments on Agency materials are not published.",
                                  "Replies from first-time posters wait for a human to approve them."])
def test_the_threads_state_in_any_words_is_the_sites_rules(line):
    assert policy_reason(_line(line))


@pytest.mark.parametrize("line", ["Comments from the minister were read aloud at the hearing.",
                                  "Replies from the ministry were approved by the board on Monday."])
def test_a_past_tense_account_of_comments_is_story(line):
    assert policy_reason(_line(line)) is None


@pytest.mark.parametrize(("line", "name"), [("Correspondent: Lena Havrić", "Lena Havrić"),
                                            ("By Łukasz Dvořák", "Łukasz Dvořák")])
def test_names_in_latin_extended_letters_are_names(line, name):
    assert byline_names(_line(line), bare_allowed=False) == [name]


@pytest.mark.parametrize("line", ["(Desk editor on shift: Teodora Marinescu)", "Edited for the website by Oksana Pell",
                                  "Chart source: Prairie Fiscal Institute analysis of fund annual reports"])
def test_credits_in_parentheses_and_for_what_they_were_made(line):
    assert credit_reason(_line(line))


def test_a_placeholder_in_square_brackets_is_no_credit():
    # read without its brackets it would be a graphic's credit; in them it stands where the graphic was
    assert credit_reason(_line("Graphic: Where the levy money would go, by category"))
    assert credit_reason(_line("[Graphic: Where the levy money would go, by category]")) is None


@pytest.mark.parametrize("line", [
    "We may earn a small thank-you from shops linked below. It never changes what we recommend.",
    "A small note before we start: some links on this page go to shops that send a little back to us.",
])
def test_affiliate_disclosures_in_the_sites_words_are_furniture(line):
    assert _at_foot(line) == "boilerplate"


def test_a_story_about_shops_is_no_disclosure():
    line = ("The shops on Main Street linked their opening hours to the bus timetable last spring, and owners say "
            "sales rose by a fifth.")
    assert _at_foot(line) == "paragraph"


def test_a_meta_line_ending_in_its_time_stamp_is_no_wrapped_piece_of_the_comment_under_it():
    # wrapped at 72, the reply's meta line (67 columns) runs close to the width and the comment's first word would
    # not have fitted after it: only the stamp at its end says the line was over before the wrapper came
    from benchmarks.crawler_variants import hard_wrap
    from newsaudit.anatomy.wrapping import unwrap

    meta = "2 · Miriam Oduya replied to dockworker_dan · 11 April 2017, 15:30"
    reply = ("Leases like this are normal, ports everywhere run on concessions. Not everything is a plot, "
             "and the county will still own the land when the lease runs out in thirty-five years.")
    text = hard_wrap(STORY.replace("\n\n", " ") + "\n\n" + STORY.replace("\n\n", " ") + f"\n\n{meta}\n{reply}\n").text
    assert meta in [line.text for line in unwrap(split_lines(text))]


@pytest.mark.parametrize(("line", "who"), [
    ("Shared by the Red Thread collective · July 19, 2018", "Red Thread collective"),
    ("Dropped into the circle by barnlight_gus on Nov. 8, 2016 at 10:22 pm", "barnlight_gus"),
    ("Scooped from UPI by the Dragnet harvester · 02/06/2018 04:12 PM · slot 3 of 40", "Dragnet harvester"),
])
def test_a_sites_own_verb_by_someone_with_a_date_is_a_byline(line, who):
    assert byline_names(_line(line), bare_allowed=False) == [who]


@pytest.mark.parametrize("line", ["Signed by the governor on March 3, 2017.",
                                  "Approved by voters on Nov. 8, 2016 in a landslide that surprised everyone"])
def test_a_sentence_about_something_done_by_someone_is_no_byline(line):
    assert byline_names(_line(line), bare_allowed=False) is None


@pytest.mark.parametrize("line", ["Filed Feb. 13, 2018, 6:41 a.m. · Last touched Feb. 13, 2018, 10:02 a.m.",
                                  "Put online April 2, 2018 · Amended April 3, 2018",
                                  "Published 6:12 a.m. Thursday · Revised 9:48 a.m."])
def test_cells_each_a_few_words_and_a_date_or_time_are_a_stamp_line(line):
    assert stamp_cells(_line(line))
    assert _kinds(f"{line}\n\n" + STORY, rules_only=True)[line] == "byline"


@pytest.mark.parametrize("line", ["Sales rose 4% in 2017 · Profits fell 2% in 2018", "Read: 2 417 · Votes 12",
                                  "Posted 3 days ago · 12 comments"])
def test_figures_and_counters_in_cells_are_no_stamp_line(line):
    assert not stamp_cells(_line(line))


def test_a_sales_letter_addressed_to_a_fellow_american_is_no_story():
    page = Pipeline().audit(
        "CANTWELL'S CRISIS LETTER\nHome | Free Reports | Member Login\n"
        "The Coming Bank Holiday: How to Protect Your Savings\nDear Fellow American,\n"
        "If you have more than $10,000 sitting in a bank account right now, I need you to read every word.\n"
        "Inside my new report, you will discover:\n✔ The three banks I would leave this week\n"
        "Claim your copy free with a one-year subscription for just $49.\n"
        "Order by midnight Friday and I will add my bonus briefing at no charge.\n"
        "YES! Rush Me My Free Report\n100% money-back guarantee for 60 days.\n")
    assert page.summary["anatomy"]["no_story"].startswith("a shop, sales or donation page")


def test_a_reply_arrow_before_the_name_is_not_part_of_it():
    assert comment_author(_line("▸ liberty_belle_1776 — Nov 2, 2016, 6:40 PM"), None)[0] == "liberty_belle_1776"


def test_comments_switched_off_by_the_editors_is_the_sites_rules():
    assert policy_reason(_line("The editors have switched off reader comments on this report."))
