"""Anatomy rules from the errors of blind rounds 190-193: a headline over a short deck or a series line, stamps with a
reading time or the feed they came by, a headline's label that is no dateline, a site's plea inside its own paragraph,
an advert known by its offer, tags under a label, teasers and pointers worded afresh, newsletters pitched by name,
the site's notices that it verifies nothing, a wire's contact lines and a state service's duty editor."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.classify import boilerplate_reason, credit_reason, policy_reason
from newsaudit.anatomy.foot import credit_said
from newsaudit.anatomy.lines import split_lines
from newsaudit.anatomy.masthead import stamp_phrase
from newsaudit.anatomy.patterns import AUTHOR_SAYS
from newsaudit.anatomy.pointers import sales_pitch
from newsaudit.page import BlockType
from newsaudit.pipeline import Pipeline, PipelineConfig
from tests.test_anatomy_rules import STORY, _kinds


def _line(text: str):
    return split_lines(text)[0]


def _page(text: str):
    return Pipeline(PipelineConfig(stages=["anatomy"])).audit(text)


@pytest.mark.parametrize("stamp", ["Freshened up: Jan. 9, 2018 · about 5 minutes to read",
                                   "Picked up from the Bloomberg feed · May 3, 2018 · 11:20 ET",
                                   "Freshly revised: April 3, 2018"])
def test_a_stamp_may_carry_a_reading_time_a_zone_or_the_feed_it_came_by(stamp):
    assert stamp_phrase(_line(stamp))


def test_a_stamp_under_the_byline_is_read_after_a_deck_too():
    page = _page("ROOT CURES\n\nDoctors Won't Tell You About This Golden Paste That Calms Aching Joints\n\n"
                 "An old kitchen remedy, two spoonfuls a day, and the quiet research the drug companies would rather "
                 "you skipped\n\nWhipped up by Saffron Mehle\nFreshly revised: April 3, 2018\n\n" + STORY)
    assert {page.slice(b): b.type for b in page.blocks}["Freshly revised: April 3, 2018"] is BlockType.BYLINE


@pytest.mark.parametrize("deck", ["Scientists say summer heat waves sped up the retreat",
                                  "A Veilwatch investigation, part 2 of 3"])
def test_the_headline_stands_over_its_short_deck_or_series_line(deck):
    headline = "Alpine glacier lost a fifth of its volume in a decade, survey finds"
    page = _page(f"THE HALVERSTON STANDARD\nWorld › Europe\n\n{headline}\n{deck}\n\nBy Ana Ruiz\n\n" + STORY)
    assert page.title == headline


def test_a_slogan_under_the_sites_name_is_still_no_headline():
    page = _page("The Cedar Hollow Observer\nNotes on county government, schools and the occasional zoning fight\n"
                 "Home | About | Archive\n\nWhy the library levy failed, and what comes next\n\n" + STORY)
    assert page.title == "Why the library levy failed, and what comes next"


def test_a_headlines_label_in_capitals_is_no_dateline():
    page = _page("TRUTH EAGLE DAILY\n\nLEAKED: Senator's Aide Caught Shredding Ballots In Parking Garage\n\n"
                 "Truth Eagle Staff | Monday, October 30, 2017\n\n" + STORY)
    assert page.title.startswith("LEAKED:")
    assert not page.blocks_of(BlockType.DATELINE)
    assert page.summary["anatomy"]["dateline"] is None


@pytest.mark.parametrize("line", [
    "Share this everywhere before it disappears. They have already taken down two of our posts this month.",
    "If this was happening in one county, it was happening in others. Share this before it gets memory-holed.",
])
def test_a_plea_inside_a_paragraph_that_also_reports_stays_story(line):
    assert boilerplate_reason(_line(line)) is None


@pytest.mark.parametrize("line", [
    "Please share this article with every parent you know. They won't hear it on the evening news.",
    "Did this story open your eyes? Send it to three people who still think the local paper tells them everything.",
    "Know someone who needs some good news today? SHARE this story with them!",
    "⚡ Want the ledger scans as a PDF? Join the Dispatch newsletter and they land in your inbox tonight.",
])
def test_a_plea_with_a_question_an_imperative_or_please_is_furniture(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", [
    "Shield pouches for phones, key fobs and baby monitors. Twenty percent off this week at the shop.",
    "Trying oregano oil? Our Wildcrafted Oregano Drops are cold-pressed in small batches. Code OREGANO10 saves 10%.",
    "🔒 Heirloom seed vaults, 25-year shelf life. Ask about the Observer reader discount at checkout.",
])
def test_an_advert_is_known_by_its_offer(line):
    assert sales_pitch(_line(line))


@pytest.mark.parametrize("line", [
    "File the appeal, everybody. Bring photos of anything that needs repair. They knocked 9 percent off mine.",
    "The chain will take 20 percent off all winter coats this week, a spokeswoman said.",
])
def test_a_discount_reported_or_won_is_no_advert(line):
    assert not sales_pitch(_line(line))


@pytest.mark.parametrize("line", [
    "Tucked into: natural cures, heart, spices",
    "Subjects: spending, earmarks, infrastructure, Senate",
    "READ ALSO ON THE WARDEN'S POST ☛ The sanctuary mayor who wants YOUR tax dollars",
    "👉 You'll want tissues for this one too: The cat who rang the doorbell every night at 3 a.m.",
    "◈ Before you go on: our earlier digging, \"The Meter Reader Who Stopped Coming\"",
    "(the report picks up again right here)",
    "Sign up for Morning Edition, our daily news briefing.",
    "Get local headlines each weekday at 6 a.m. Sign up for the Courier Morning Brief.",
    "Get the Lamplighter Nightly — the stories the networks sat on.",
    "Read: 2 318",
    "The Goldbug Gazette is not a financial adviser. Past performance does not guarantee future results.",
    "Liberty Ledger Daily reports what others will not. Readers should verify all claims independently.",
    "Liberty Hearth Commons is a members' bulletin board. Posts reflect the views of the members who post them.",
])
def test_furniture_worded_afresh_is_read_by_its_shape(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", [
    "Get out and vote in the daily primary election, officials urged residents on Tuesday as polls opened.",
    "Franklin Osgood writes about banking and personal liberty. He is not a financial advisor.",
    "Ingredients: the recipe calls for flour, sugar and two eggs beaten together.",
])
def test_prose_that_shares_their_words_is_no_furniture(line):
    assert boilerplate_reason(_line(line)) is None


@pytest.mark.parametrize("line", [
    "Sentinel staff writer Gwen Ashby helped gather information for this report.",
    "Reporter on this story: Olu Adeyemi in London at oadeyemi@bloomberg.example",
    "Editor responsible for this story: Claire Fontaine at cfontaine@bloomberg.example",
    "Prepared for the English service by duty editor Marta Vellinga",
    "Duty editor — Timur Baisal",
    "NTA materials may be quoted with a hyperlink to nta.example. Photos only with written consent.",
])
def test_a_wires_contacts_and_a_services_duty_editor_are_credits(line):
    assert credit_reason(_line(line))


@pytest.mark.parametrize("line", [
    "Lifted in full from Pilar's blog, Fence Post Notes (fencepostnotes.example), where it went up first.",
    "This story comes to us from the Keystone Labor Desk, a nonprofit newsroom covering work in the state.",
    "Ledger Line reposts wire stories for discussion; all rights remain with their owners.",
])
def test_a_repost_said_in_new_words_is_a_credit_at_the_foot(line):
    assert credit_said(line)


def test_the_same_verbs_in_a_storys_sentence_are_no_credit():
    assert credit_said("The money was lifted from the church safe on Tuesday, police said.") is None


@pytest.mark.parametrize("line", ["Comment section closed by the editors until further notice.",
                                  "Comments are paused on election stories until the recount is finished.",
                                  "Readers' remarks are not taken on partner agency materials."])
def test_a_thread_paused_or_closed_in_new_words_is_the_comment_policy(line):
    assert policy_reason(_line(line))


def test_a_plea_in_the_storys_own_paragraph_is_left_to_the_story_by_the_rules():
    plea = "Share this everywhere before it disappears. They have already taken down two of our posts this month."
    kinds = _kinds("The Ballots Nobody Counted\n\n" + STORY + plea + "\n", rules_only=True)
    assert kinds[plea] == "paragraph"


# Threads from the errors of blind rounds 194-197: a count in the site's own noun over the quoted headline, cells set
# apart by a list's bullet, "↳ in reply to NAME" on its own line, a button bar with a counter, "NAME answered on …".

THREAD = """6 takes on “Library Board Votes to Close East Branch”

Corwin Hale weighed in:
February 9, 2018 · 8:14 pm
Four years of review for a branch that costs less than the parking garage.
↩ Answer

porchlight_dale ⁃ 02/12/2018 ⁃ 8:41 PM
Same thing happened in Westby. Close first, tell people after.
♥ 12 helpful ⸱ Answer ⸱ Flag

Hollins_Mom3 ⁃ 02/12/2018 ⁃ 9:15 PM
↳ in reply to porchlight_dale
Westby had a hearing though. I went.
"""


def test_a_thread_in_a_sites_own_words_is_read_whole():
    page = _page("Library Board Votes to Close East Branch\n\n" + STORY + THREAD)
    assert page.first(BlockType.COMMENT_HEADER) is not None
    comments = page.comments
    assert [c.author for c in comments] == ["Corwin Hale", "porchlight_dale", "Hollins_Mom3"]
    assert comments[2].parent == comments[1].id
    assert not any("helpful" in page.text[c.start:c.end] for c in comments)
    assert page.summary["anatomy"]["has_article"]


@pytest.mark.parametrize("line", ["Posted by signal_keeper | 22 Nov 2017", "Vigil Staff | 14 March 2018"])
def test_a_name_and_a_date_between_bars_is_no_breadcrumb(line):
    assert boilerplate_reason(_line(line)) is None


def test_answered_after_a_commenters_name_is_the_systems_word():
    thread = ("3 Comments\n\nridge_walker on Nov. 10, 2016 at 5:40 pm\nThe totals were posted that night.\n"
              "👍 31 · 👎 2 · answer\n\n   ↪ VerifyFirst58 answered on Nov. 10, 2016 at 6:05 pm\n"
              "   The board posted the vote by member the next morning.\n   👍 4 · 👎 26 · answer\n")
    page = _page("Library Board Votes to Close East Branch\n\n" + STORY + thread)
    assert [c.author for c in page.comments] == ["ridge_walker", "VerifyFirst58"]


@pytest.mark.parametrize(("line", "author"), [
    ("VerifyFirst58 answered on Nov. 10, 2016 at 6:05 pm", "VerifyFirst58"), ("Mrs. Jones says:", "Mrs. Jones"),
    ("Prof. Ann Lee said:", "Prof. Ann Lee"), ("He wrote letters. Nobody answered.", None)])
def test_a_commenters_name_holds_no_sentences_end(line, author):
    m = AUTHOR_SAYS.match(line)
    assert (m.group("author") if m else None) == author


def test_a_promo_behind_a_pictograph_closing_on_a_call_to_act_is_the_sites():
    assert boilerplate_reason(_line("📣 Shrug Insiders get every story a full nine seconds early. Join today."))
    assert boilerplate_reason(_line("He asked us to join. We did not join them.")) is None
