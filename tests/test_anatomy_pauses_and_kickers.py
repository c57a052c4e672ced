"""Anatomy rules from the errors of blind rounds 198-205: a pause of the story framed by one symbol or named by any of
its nouns, a promo behind a pictograph known by its kicker, its price or its call, a shop's card of cells, notices that
nobody reviewed the claims, a piece said to be reproduced here, threads shut in the site's words, comment meta lines
with a dash before the time, a count after a dash in the thread's heading, the headline right over the byline past a
menu, and a donation page laid out as ticked boxes."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.classify import boilerplate_reason, credit_reason, policy_reason
from newsaudit.anatomy.commenters import comment_author
from newsaudit.anatomy.lines import split_lines
from newsaudit.page import BlockType
from newsaudit.pipeline import Pipeline, PipelineConfig
from tests.test_anatomy_rules import STORY


def _line(text: str):
    return split_lines(text)[0]


def _page(text: str):
    return Pipeline(PipelineConfig(stages=["anatomy"])).audit(text)


def _types(page) -> dict[str, BlockType]:
    return {page.slice(b): b.type for b in page.blocks}


@pytest.mark.parametrize("line", ["—— Article continues ——", "⌄ The dispatch carries on under this banner ⌄",
                                  "··· Margaret's letter goes on below ···",
                                  "⏸ This story keeps going after a word from our supporters ⏸",
                                  "Story continues beneath this advertisement"])
def test_a_pause_framed_by_one_symbol_or_named_by_its_noun_is_furniture(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", ["✨ HeartWire ✨", "— THE END —",
                                  "The report continues after a long list of the county's debts.",
                                  "The letter goes on to say that the mayor knew of the leak below the dam in 2016."])
def test_a_name_between_ornaments_or_a_storys_sentence_is_no_pause(line):
    assert boilerplate_reason(_line(line)) is None


@pytest.mark.parametrize("line", [
    "▶▶ FROM OUR FRIENDS: The boots we actually wear on the ranch, 20% off through Sunday",
    "☄ NEW THIS MONTH: \"The Quiet Sky Files,\" 212 pages of flight logs the airlines never wanted out",
    "📎 From the files: The radar gap nobody at the airfield will explain",
    "🔔 Copperline subscribers got our lithium call in November. $9 a month gets you the next one.",
    "▌ Don't let this vanish from your feed. Share it before the algorithm does.",
])
def test_a_promo_behind_a_pictograph_is_known_by_its_kicker_price_or_call(line):
    assert "promo behind a pictograph" in boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", ["⚡ UPDATE: The governor responded on Friday and denied every word of it.",
                                  "→ Step 2: Mix the paste with warm water until it is smooth.",
                                  "✅ Myth: turmeric cures cancer. It does not, and no trial says so.",
                                  "• Point one: the county spent $4 million on the contract."])
def test_an_update_a_step_or_a_list_item_behind_a_symbol_stays_story(line):
    reason = boilerplate_reason(_line(line))
    assert reason is None or "promo" not in reason


def test_a_membership_pitch_is_its_price_by_the_month_and_a_call_to_join():
    assert "membership" in boilerplate_reason(
        _line("Herald members get our weekly land-records digest. Join for $4 a month."))
    assert boilerplate_reason(_line("Members pay $4 a month, and join the co-op in spring.")) is None


@pytest.mark.parametrize("line", ["Hollis Feed & Seed · mineral tubs by the pallet · 555-0147",
                                  "Solidarity Coffee · union-roasted · 10% to strike funds · use LEDGER10"])
def test_a_shops_card_of_cells_with_its_phone_or_code_is_an_advert(line):
    assert "advert" in boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", [
    "*None of the statements in this post have been reviewed by a government health agency.",
    "The information on this site is for education only and has not been evaluated by any health agency.",
    "Nothing on Goldstack Report is investment advice. Do your own homework.",
    "Items on NewsHopper are collected automatically. NewsHopper does not check or endorse them.",
])
def test_notices_that_nobody_reviewed_or_checked_the_claims_are_furniture(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", [
    "To reach the reporter on this story: Nikhil Varma in New York at nvarma1@bloomberg.example",
    "To reach the editor responsible for this story: Lorna Hale at lhale@bloomberg.example",
    "An earlier draft of this essay was posted on Oswin Treadle's personal blog and is reproduced here with his "
    "permission.",
    "This account first reached us through the Ballot Sentinels' weekly bulletin and is published with their leave.",
    "This story was reported with the Klamm Valley Courier and is shared under our free republishing policy.",
])
def test_a_wires_contacts_and_a_piece_reproduced_here_are_credits(line):
    assert credit_reason(_line(line))


@pytest.mark.parametrize("line", ["The report was published under a pseudonym in 2016.",
                                  "The letter was posted under the door of the mayor's office."])
def test_a_piece_published_or_posted_in_the_storys_sense_is_no_credit(line):
    assert credit_reason(_line(line)) is None


@pytest.mark.parametrize("line", ["We have shut the reply box on this report. Too many plants, too little time.",
                                  "Commenting on this article is unavailable.",
                                  "The reply box stays shut on remedy articles."])
def test_a_thread_shut_in_the_sites_words_is_the_comment_policy(line):
    assert policy_reason(_line(line))


@pytest.mark.parametrize("line", ["We keep a few cookies to remember your settings and to count visitors.",
                                  "Order: oldest first | newest first", "Tap ♥ if this made your day!"])
def test_cookies_sort_bars_and_reaction_pleas_in_new_words_are_furniture(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", ["We found cookies in the suspect's car.",
                                  "We asked the baker about her cookies and she laughed."])
def test_cookies_in_a_storys_sense_are_story(line):
    assert boilerplate_reason(_line(line)) is None


def test_a_dash_may_stand_between_a_comments_date_and_time():
    lines = split_lines("Posted by mama_grizzly_1776 — 03/01/2018 — 9:14 pm\nI knew it.")
    assert comment_author(lines[0], lines[1])[0] == "mama_grizzly_1776"


def test_a_thread_of_posted_by_lines_with_dashes_is_read_whole():
    page = _page("FREEDOM TORCH DAILY\n\nLeaked Memo: Official Ordered Shredding Before Audit\n\n" + STORY
                 + "\n\nPatriot Sound-Off (3)\nPosted by mama_grizzly_1776 — 03/01/2018 — 9:14 pm\nI knew it.\n"
                 "▲ 44 ▼ 2 · flag\nPosted by Jed from Bossier — 03/01/2018 — 9:30 pm\nWhere is the memo?\n"
                 "▲ 3 ▼ 19 · flag\nPosted by Norma K. — 03/02/2018 — 6:02 am\nPraying for our country.\n"
                 "▲ 15 ▼ 0 · flag\n")
    assert [c.author for c in page.comments] == ["mama_grizzly_1776", "Jed from Bossier", "Norma K."]
    assert _types(page)["Patriot Sound-Off (3)"] is BlockType.COMMENT_HEADER


def test_a_count_after_a_dash_heads_the_thread():
    page = _page("THE HEARTLAND BULWARK\n\nJudge pauses the wolf plan\n\n" + STORY
                 + "\n\nPorch Talk — 3 neighbors have spoken\n"
                 "grangehall_bev ✎ 11 Oct 2017, 8:14 pm\nLost two calves in April.\n"
                 "Morten Aasgaard ✎ 11 Oct 2017, 9:02 pm\nSame here, Bev.\n"
                 "tuckerlin ✎ 12 Oct 2017, 6:40 am\nThe judge only paused it.\n")
    assert len(page.comments) == 3
    assert _types(page)["Porch Talk — 3 neighbors have spoken"] is BlockType.COMMENT_HEADER


def test_the_headline_over_the_byline_wins_over_a_slogan_above_the_menu():
    headline = "A Stranger Paid For His Groceries. What The Cashier Found Afterwards Left The Store In Tears"
    page = _page("SNAPPYTALES\nStories that make your day\nTrending\nAnimals\nWow\nHeartwarming\nQuizzes\n"
                 f"{headline}\nBy Kelsey Marron · Nov 17, 2017\n" + STORY)
    assert page.title == headline


def test_a_headline_with_a_dash_right_over_its_byline_is_no_slogan():
    headline = "Illegal Crossings SURGE Again — And the Media Is Silent"
    page = _page("PATRIOT WIRE NOW\nHome\nBreaking\nBorder\nElections\nVideos\nBREAKING 🚨\n"
                 f"{headline}\nby Wire Now Team • 1 day ago\n📢 41.2K shares\n" + STORY)
    assert page.title == headline


def test_a_donation_page_of_ticked_gift_levels_holds_no_story():
    page = _page("TRUTHLINE RADIO NETWORK\nListen Live | Shows | Archive | Shop | Give\nKeep the Signal On\n"
                 "Truthline has never taken a dime from a corporate sponsor. Every hour on the air is paid for by "
                 "listeners like you.\nOur transmitter lease renews on December 31. We still need $18,400 to cover "
                 "it.\n\nChoose your gift:\n✔ $25 · Signal Keeper\n✔ $60 · Night Watch Patron (includes the 2018 wall "
                 "calendar)\n✔ $150 · Tower Club\n✔ Other amount: $____\n\n[ Give Now ]\n"
                 "© 2017 Truthline Radio Network\n")
    assert page.summary["anatomy"]["has_article"] is False


@pytest.mark.parametrize("name", ["Jay SYRMOPOULOS", "Xuan Loc DOAN"])
def test_a_bare_name_with_its_surname_in_capitals_under_the_headline_is_the_byline(name):
    page = _page(f"Is Vietnam Tilting Toward China?\n\n{name}\n\n" + STORY)
    assert _types(page)[name] is BlockType.BYLINE


def test_a_shouted_word_after_two_capitalised_words_is_no_byline():
    page = _page("Is Vietnam Tilting Toward China?\n\nBreaking News NOW\n\n" + STORY)
    assert _types(page).get("Breaking News NOW") is not BlockType.BYLINE


# -- rounds 206-209


def test_a_tickers_items_after_a_label_in_capitals_are_no_dateline():
    page = _page("THE IRONCLAD DISPATCH\n\nEVERYONE'S READING: Sanctuary mayor's meltdown · The \"gas tax holiday\" "
                 "shell game · Who pays the marchers?\n\nAsylum Backlog Hits Record as Judges Beg for Help\n\n"
                 "For years the open-borders crowd swore there was no crisis. Now the numbers are in, and they are "
                 "worse than anyone in this town was told.\n\nWASHINGTON (Reuters) - The number of cases waiting "
                 "before U.S. immigration courts climbed to a record 684,000 in December, according to figures.\n\n"
                 "The backlog has more than doubled since 2012, the project said, and the average case takes 718 "
                 "days.\n")
    types = _types(page)
    assert BlockType.DATELINE not in [b.type for b in page.blocks if page.slice(b).startswith("EVERYONE")]
    assert types["For years the open-borders crowd swore there was no crisis. Now the numbers are in, and they are "
                 "worse than anyone in this town was told."] is BlockType.INSERTION


def test_a_place_in_capitals_of_latin_1_opens_a_wire_dateline():
    from newsaudit.anatomy.classify import find_dateline
    found = find_dateline(_line("ÖREBRO, Sweden (AFP) - Vandals struck a public pool for the third time this year."))
    assert found is not None and found.place == "ÖREBRO, Sweden" and found.agency_text == "AFP"


@pytest.mark.parametrize(("meta", "author"), [
    ("Reply #1 — posted by SkyeTruther on 12 Oct 2017, 19:04", "SkyeTruther"),
    ("Peter Galloway, Ashford Falls · Feb. 20, 2018", "Peter Galloway"),
])
def test_a_commenters_name_loses_the_posts_number_verb_and_town(meta, author):
    lines = split_lines(f"{meta}\nFix it now.")
    assert comment_author(lines[0], lines[1])[0] == author


def test_a_subheading_that_reads_like_a_thread_heading_over_the_storys_paragraphs_opens_no_thread():
    page = _page("THE HOMESTEAD STANDARD\n\nTown Council Cancels the Heritage Parade\n\n" + STORY
                 + "\n\nJoin the conversation\n\nThe one councilman who voted no, Dale Harker, told the Standard that "
                 "he was shouted down at the meeting and that nobody on the council had read the petition first.\n\n"
                 "The council's next meeting is on July 17. Residents who want the parade back are planning to fill "
                 "the room, and several said they would bring the petition's four hundred signatures along.\n\n"
                 "MOST SHARED THIS WEEK\n1. Sheriff Won't Say How Many Arrests Involve Non-Citizens\n"
                 "2. School Board Drops Pledge From Morning Announcements\n3. Why We Stopped Apologizing\n")
    assert not page.comments
    assert _types(page)["Join the conversation"] is BlockType.PARAGRAPH


@pytest.mark.parametrize("line", ["Your email is never shown. Fields with * must be filled in",
                                  "Your email stays between us. Boxes marked * can't be left empty.",
                                  "Log in or sign up to post in the forum.",
                                  "📬 Like this reporting? Our Friday \"Land & Water\" email brings it to you first.",
                                  "👉 Tag someone who needs this today!",
                                  "Hashtags: #MediaBias #FakeNews #RumbleReport"])
def test_a_forms_instructions_walls_pitches_and_hashtags_are_furniture(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", ["Posting of comments has been disabled for this article.",
                                  "Comments on this story were closed after the area man kept leaving them."])
def test_a_thread_disabled_or_closed_in_the_past_tense_is_the_comment_policy(line):
    assert policy_reason(_line(line))


def test_a_tables_rows_inside_the_story_stay_story_whatever_the_line_check_says():
    page = _page("DNB ONLINE\n\nRail freight through the border terminal climbs in October\n\n" + STORY
                 + "\n\nCargo\tMillion tonnes\tChange\nGrain\t8.7\t+22.1\nContainers\t12.3\t+31.6\n\n" + STORY)
    types = _types(page)
    assert types["Grain\t8.7\t+22.1"] is BlockType.PARAGRAPH
    assert types["Containers\t12.3\t+31.6"] is BlockType.PARAGRAPH
