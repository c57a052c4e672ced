"""Anatomy rules from blind rounds 102-105: sales pages, tables in the story, comment systems' own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsaudit.pipeline import Pipeline
from tests.test_anatomy_rules import STORY, _kinds

FIXTURES = Path(__file__).parent / "fixtures" / "anatomy"
HEADLINE = "Library Board Votes to Close East Branch\n\n"


def test_a_sales_page_with_plans_guarantee_and_buyer_buttons_has_no_story():
    page = Pipeline().audit(
        "THE MONEYWISE INSIDER\nHome · Free Reports · Subscribe\n"
        "The Dollar Reset Briefing: Your Private Warning System\n\n"
        "Every month, thousands of ordinary savers read what the big banks hope you never will.\n\n"
        "What members get:\n✔ 12 monthly briefings, delivered by e-mail\n"
        "✔ A full refund within 60 days, no questions asked\n\n"
        "Choose your plan\n1 year — $49\n2 years — $89 (save $9)\nStart my membership »\n\n"
        "© 2018 Moneywise Insider Publishing LLC\n")
    assert page.summary["anatomy"]["no_story"].startswith("a shop, sales or donation page")
    assert not page.blocks_of(page.blocks[0].type.PARAGRAPH)
    assert {page.slice(b): b.type.value for b in page.blocks}["1 year — $49"] == "boilerplate"


def test_a_story_with_a_shop_in_its_sidebar_keeps_its_story():
    shop = ("Patriot Store\n\n\"Deplorable and Proud\" Trucker Hat — $24.99\nAdd to Cart\n\n"
            "Pocket Constitution, Gold Edition — $6.95\nAdd to Cart\n\n")
    # a story of some 200 words: a pitch runs to fewer (at most 128 on the fixtures' shop and donation pages)
    page = Pipeline().audit(HEADLINE + STORY * 2 + "Don't miss it.\n\n" + STORY * 2 + shop)
    assert not page.summary["anatomy"].get("no_story")
    assert page.blocks_of(page.blocks[0].type.PARAGRAPH)


def test_a_tables_rows_are_a_paragraph_each_and_its_head_no_menu():
    table = "Date\tDock temp\tBreaks due\tBreaks given\nJuly 17\t97°F\t8\t2\nJuly 18\t101°F\t8\t1\n\n"
    kinds = _kinds(HEADLINE + STORY + table + STORY, rules_only=True)
    assert kinds["Date\tDock temp\tBreaks due\tBreaks given"] == "paragraph"
    assert kinds["July 17\t97°F\t8\t2"] == kinds["July 18\t101°F\t8\t1"] == "paragraph"


def test_a_tabbed_menu_over_prose_is_still_a_menu():
    kinds = _kinds("Home\tLabor\tHousing\tClimate\tDonate\n" + HEADLINE + STORY, rules_only=True)
    assert kinds["Home\tLabor\tHousing\tClimate\tDonate"] == "boilerplate"


def test_a_caption_and_its_credit_in_two_tabbed_cells():
    caption = "A freight train loaded with wheat leaves the logistics hub."
    kinds = _kinds(HEADLINE + STORY + caption + "\t[Photo/EHN]\n\n" + STORY, rules_only=True)
    assert (kinds[caption], kinds["[Photo/EHN]"]) == ("boilerplate", "credit")


def test_an_agency_photographer_in_capitals_after_a_caption():
    caption = "Police officers stand outside the port authority building in Rostock, Germany, March 10, 2018."
    kinds = _kinds(HEADLINE + STORY + caption + " REUTERS/Katrin Oberle\n\n" + STORY, rules_only=True)
    assert (kinds[caption], kinds["REUTERS/Katrin Oberle"]) == ("boilerplate", "credit")


def test_a_buttons_line_repeated_under_every_comment_is_no_comment_text():
    thread = ("Reader Talk (3)\n"
              "ironwood_vet · March 2, 2018 at 8:14 pm\nNot one more can of beans until this is fixed.\n"
              "Thumbs up 22 · Respond\n"
              "gran_of_six · March 2, 2018 at 9:02 pm\nSame here. I called the board and got a recording.\n"
              "Thumbs up 9 · Respond\n")
    page = Pipeline().audit(HEADLINE + STORY + thread)
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert kinds["Reader Talk (3)"] == "comment_header"
    assert kinds["Thumbs up 22 · Respond"] == kinds["Thumbs up 9 · Respond"] == "boilerplate"
    assert [page.slice(c) for c in page.walk_comments()] == [
        "Not one more can of beans until this is fixed.", "Same here. I called the board and got a recording."]


def test_two_short_comments_alike_are_still_comments():
    thread = ("2 Comments\n\nmary_j · March 2, 2018 at 8:14 pm\nAgreed\n\n"
              "tom_s · March 2, 2018 at 9:02 pm\nAgreed\n")
    page = Pipeline().audit(HEADLINE + STORY + thread)
    assert [page.slice(c) for c in page.walk_comments()] == ["Agreed", "Agreed"]


@pytest.mark.parametrize(("thread", "authors"), [
    # a forum says it in words before the date
    ("4 replies in this thread\n\n"
     "tinfoil_tess — Sun Jun 11, 2017 8:02 pm\nThe hum starts at 3:10 every night.\n\n"
     "GridWatcher88 replied to tinfoil_tess — Sun Jun 11, 2017 9:40 pm\nSame here, 3:10 on the dot.\n",
     ["tinfoil_tess", "GridWatcher88"]),
    # a numbered system after it
    ("Member Remarks (2)\n1. prairie_sentinel   Oct 2, 2016 9:14 pm\nForty-six thousand dollars to print things.\n"
     "Quote · Answer · Report\n2. LoneOakFarmer   Oct 2, 2016 10:01 pm · answering prairie_sentinel\n"
     "My grandmother learned English at fifty with a library card.\nQuote · Answer · Report\n",
     ["prairie_sentinel", "LoneOakFarmer"]),
    # … or in brackets
    ("Member Remarks (2)\n1. prairie_sentinel  ·  15.09.2017, 21:40\nForty-six thousand dollars to print things.\n"
     "Quote · Answer · Report\n2. LoneOakFarmer  ·  16.09.2017, 08:12  ·  (in answer to prairie_sentinel)\n"
     "My grandmother learned English at fifty with a library card.\nQuote · Answer · Report\n",
     ["prairie_sentinel", "LoneOakFarmer"]),
])
def test_a_reply_names_whom_it_answers_on_its_author_line(thread, authors):
    page = Pipeline().audit(HEADLINE + STORY + thread)
    comments = list(page.walk_comments())
    assert [c.author for c in comments] == authors
    assert comments[1].parent == comments[0].id


@pytest.mark.parametrize(("line", "kind"), [
    ("Tell a friend: Twitter · Facebook · LinkedIn · Print", "boilerplate"),
    ("😍 18K   😢 9.4K   😮 2.1K", "boilerplate"),
    ("— Story continues past this note from the people who keep the lights on —", "boilerplate"),
    ("★★★★☆ Rated 4.2 by 61 members", "boilerplate"),
    ("Read also ➝ The Cafeteria Audit They Released on a Friday Night", "boilerplate"),
    ("NEXT ON FD24 ➜ Dead Voters Found On Rolls In Three More Counties", "boilerplate"),
    ("Editor in charge: Marat Dzhumabayev", "credit"),
    ("Duty editor: Qiao Min", "credit"),
    ("Reproduction of materials is permitted only with an active hyperlink to Steppe Daily.", "credit"),
    ("(206) 555-0172", "paragraph"),
    ("Share the truth: Facebook | VK | Telegram | Email", "boilerplate"),
    ("Tell your friends — SHARE: Facebook · Twitter · Gab · Email", "boilerplate"),
    ("🔻 Elsewhere in the Shrug: Library extends late-fee amnesty to books borrowed in 1994", "boilerplate"),
    ("► Don't skip: Part 1 — The grant money nobody in Old Mill voted on", "boilerplate"),
    ("── Bulwark readers keep this site alive. The story goes on below. ──", "boilerplate"),
    ("Next on the agenda: the budget vote that splits the council.", "paragraph"),
])
def test_furniture_and_credits_of_rounds_102_to_105(line, kind):
    kinds = _kinds(HEADLINE + STORY + line + "\n\n" + STORY, rules_only=True)
    assert kinds[line] == kind


def test_a_sponsor_label_takes_the_adverts_headline_under_it():
    advert = "Sponsored Story\nSeniors are ditching their hearing aids for this $19 gadget\n\n"
    kinds = _kinds(HEADLINE + STORY + advert + STORY, rules_only=True)
    assert kinds["Seniors are ditching their hearing aids for this $19 gadget"] == "boilerplate"


def test_a_section_label_over_the_headline_and_byline_is_no_sidebar_widget():
    # "NATURAL HEALING" over the headline, "By …", a role and a date: short lines under a heading in capitals, as a
    # sidebar's items are, but a byline among them says the story starts here (dev103, round 104)
    text = (FIXTURES / "dev103" / "junksci-crlf-vinegar-joints-guest-contributor.txt").read_text(encoding="utf-8")
    kinds = _kinds(text, rules_only=True)
    assert kinds['Retired Nurse Swears by One Kitchen Staple: "My Knees Stopped Aching in Nine Days"'] == "title"
    assert kinds["By Lorraine Petracelli, RN (ret.)"] == "byline"


@pytest.mark.parametrize(("line", "kind"), [
    ("First-time comments and comments with links wait for a moderator.", "comment_policy"),
    ("A volunteer reads every comment before it goes up. Keep it lawful.", "comment_policy"),
    ("What readers said (3)", "comment_header"),
    ("Every comment is read by a volunteer before it appears. Keep it clean and keep it local.", "comment_policy"),
    ("Comments on this material are disabled.", "comment_policy"),
    ("3 Reader Reactions", "comment_header"),
    ("4 readers are talking about “The Levy They Want You to Forget”", "comment_header"),
])
def test_thread_lines_of_rounds_102_to_109(line, kind):
    page = Pipeline().audit(HEADLINE + STORY + line + "\n\n2 Comments\n\nMary Jones says:\n"
                            "January 5, 2018 at 9:12 am\nStay safe everyone, the roads are bad.\nReply\n\n")
    assert {page.slice(b): b.type.value for b in page.blocks}[line] == kind


def test_a_section_label_over_a_members_post_with_its_date_is_no_index():
    text = ("CommonGround Forum\n\nSection: Schools & Taxes\n\n"
            "Why I'm voting no on the Marlow County school bond\n\n"
            "Posted on October 30, 2017 by hearthstone_mike\n\n"
            "By Colleen Asbury\nretired bookkeeper and guest writer for the Ridgefield Courier\n"
            "Sunday, October 29, 2017\n\n"
            + STORY)
    page = Pipeline().audit(text)
    assert not page.summary["anatomy"].get("no_story")


def test_a_log_in_wall_with_bracketed_buttons_and_plans_has_no_story():
    page = Pipeline().audit(
        "THE HARBOR BELL\n\nSign in to keep reading\nThis story is for Harbor Bell members.\n\n"
        "Email address\nPassword\n☐ Keep me signed in on this device\n[ Sign in ]\n"
        "Forgot password?   ·   Trouble signing in? Call 555-0162\n\nNot a member yet?\n"
        "Digital Basic — $1 for your first 8 weeks, then $9.99 a month\n[ Start my membership ]\n\n"
        "Already a print subscriber? Link your account at no extra charge.\n")
    assert page.summary["anatomy"]["no_story"].startswith("a log-in or paywall page")


def test_a_mastheads_motto_behind_a_dash_is_no_dateline():
    page = Pipeline().audit("WIREHOPPER — the day's news, one feed\n\n" + HEADLINE + STORY)
    assert page.summary["anatomy"]["dateline"] is None


def test_short_headlines_under_long_single_newline_paragraphs_are_not_hard_wrapped():
    heads = "\n".join(["Snowplow shortage slows cleanup in three Ohio counties",
                       "Lawmakers in Maine weigh ban on plastic foam cups",
                       "Power restored to most of rural Vermont after ice storm",
                       "Oregon ferry service resumes after dock repairs",
                       "City council approves new bike lanes on Grand Avenue"])
    paragraphs = STORY.replace("\n\n", "\n") * 2
    page = Pipeline().audit(HEADLINE + paragraphs + "Also in U.S.\n" + heads + "\n")
    assert len(page.blocks_of(page.blocks[0].type.PARAGRAPH)) >= 6  # one block a paragraph, none run together


def test_an_error_page_in_words_with_recent_headlines_has_no_comments():
    page = Pipeline().audit(
        "THE NORTHBROOK COURIER-POST\n\nError 404\n\nWe looked everywhere, but that page has gone missing.\n\n"
        "Try our search box, or start again from the home page.\n\nRECENT HEADLINES\n"
        "City council approves new bike lanes on Grand Avenue\nLocal News · Jun 4, 2018\n"
        "Northbrook seniors win state robotics title\nEducation · Jun 3, 2018\n"
        "Farmers market returns to the depot lot on Saturdays\nLife · Jun 2, 2018\n")
    assert page.summary["anatomy"]["no_story"].startswith("an error page")
    assert [page.slice(b) for b in page.blocks_of(page.blocks[0].type.TITLE)] == [
        "We looked everywhere, but that page has gone missing."]
    assert not page.comments


@pytest.mark.parametrize(("thread", "authors", "parents"), [
    ("Board talk on this article — 4 posts\n\n"
     "Post #1 | grid_witness | Sat Jan 13, 2018 9:12 pm\nSaw the same over Lawton County.\n[ Quote ] [ Report ]\n\n"
     "Post #2 | HollisB | Sat Jan 13, 2018 10:03 pm\nIt was a cold front.\n[ Quote ] [ Report ]\n",
     ["grid_witness", "HollisB"], [None, None]),
    ("Comments\n\n#1  coldwater_pat  ·  March 15, 2017 at 08:14\nThe meeting is Thursday at seven.\n\n"
     "#2  Dale R.  ·  in answer to #1  ·  March 15, 2017 at 09:02\nGood. Front rows fill up early.\n",
     ["coldwater_pat", "Dale R."], [None, 0]),
])
def test_a_boards_post_numbers_are_no_part_of_the_name_and_say_whom_a_reply_answers(thread, authors, parents):
    page = Pipeline().audit(HEADLINE + STORY + thread)
    comments = list(page.walk_comments())
    assert [c.author for c in comments] == authors
    ids = [c.id for c in comments]
    assert [None if c.parent is None else ids.index(c.parent) for c in comments] == parents


@pytest.mark.parametrize("line", ["There were 300 comments on this story within hours.",
                                  "2,000 people are talking about leaving the county."])
def test_a_story_sentence_about_comments_opens_no_thread(line):
    page = Pipeline().audit(HEADLINE + STORY + line + "\n\n" + STORY)
    assert not page.comments
    assert {page.slice(b): b.type.value for b in page.blocks}[line] == "paragraph"
