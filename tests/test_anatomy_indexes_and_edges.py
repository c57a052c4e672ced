"""Anatomy rules from the errors of blind rounds 110-117: index pages whose teasers wear their date in the site's own
words, and the story's edges."""

from __future__ import annotations

import pytest

from newsaudit.pipeline import Pipeline
from tests.test_anatomy_rules import STORY, _kinds

HEADLINE = "Library Board Votes to Close East Branch\n\n"

TEASERS = (
    "Senate Deal Collapses as Border Funding Fight Returns\n"
    "{0} · April 20, 2018 · 41 Comments\n"
    "Negotiators walked away from the table Friday night after leadership refused to attach …\n\n"
    "Governor's Veto of Sanctuary Bill Sets Up Override Showdown\n"
    "{0} · April 19, 2018 · 17 Comments\n"
    "The override vote could come as early as Tuesday, and both sides are counting heads …\n\n"
    "Why Did the Budget Office Bury Page 212 of Its Report?\n"
    "{0} · April 18, 2018 · 63 Comments\n"
    "Buried on page 212 is a line item that nobody in the press gallery noticed …\n\n"
)


def test_teasers_with_a_dated_line_in_the_sites_own_words_make_an_index_page():
    # no "Read more", no index heading: three headlines, each over a line that carries its date among other words
    page = Pipeline().audit("THE PATRIOT LEDGER\nHome · Politics · Video\n\nLatest\n\n" + TEASERS.format("Politics")
                            + "← Newer   1   2   3   Older →\n\n© 2018 The Patriot Ledger.\n")
    assert page.summary["anatomy"]["no_story"].startswith("an index page of teasers")
    assert not page.blocks_of(page.blocks[0].type.PARAGRAPH)


def test_two_dated_lines_under_headlines_make_no_index():
    # a pasted column's own date and the post's: three are needed without an index heading
    page = Pipeline().audit("Why I'm Voting No on the School Bond\nPosted on October 30, 2017 by mike_h\n\n"
                            "By Colleen Asbury\nA Retired Bookkeeper and Guest Writer\nSunday, October 29, 2017\n\n"
                            + STORY)
    assert not page.summary["anatomy"].get("no_story")


def test_a_thread_whose_dates_carry_a_time_is_no_index():
    # comments under a story: their authors' lines stand over dates with a time of day, as teasers' dates do not
    thread = "".join(f"Concerned Reader From {town}\nApril {day}, 2018 at 9:1{day} am\n"
                     "The roads out here are worse than anyone at the county admits.\nReply\n\n"
                     for town, day in (("Dover", 2), ("Milford", 3), ("Smyrna", 4)))
    page = Pipeline().audit("Library Board Votes to Close East Branch\n\n" + STORY + "3 Comments\n\n" + thread)
    assert not page.summary["anatomy"].get("no_story")
    assert len(page.comments) == 3


@pytest.mark.parametrize("line", [
    "Marta's essay ran first in the Lakeside Packet and appears here with her blessing.",
    "This op-ed went up originally on the Harbor Union blog; reposted with the union's okay.",
    "Reprinted here by leave of the author. It first appeared in the Sunday Clarion.",
    "Cross-posted from the Ridge Farmers' newsletter, spring edition.",
    "This reporting was funded in part by a grant from the Open Valley Fund, which had no say in it.",
    "Northpost collects what its members find; each linked story stays the property of whoever published it.",
    "Valley Wire broke this story first; we carry it under a sharing deal.",
])
def test_a_credit_at_the_storys_foot_is_read_by_what_it_says(line):
    assert _type_at_foot(line) == "credit"


@pytest.mark.parametrize("line", [
    "Published in 2015, the Pentagon report found the program was over budget.",
    "The report was first published in 2015 and found that the plant leaked.",
    "Residents said the land remains the property of the county, whatever the board says.",
    "Shared by thousands on Facebook, the video first appeared on Tuesday.",
])
def test_a_storys_own_sentence_about_publishing_stays_story(line):
    assert _type_at_foot(line) == "paragraph"


def _type_at_foot(line: str) -> str:
    """The type the full pipeline gives ``line`` as the story's last paragraph, over the site's copyright."""
    return _kinds(HEADLINE + STORY + line + "\n\n© 2018 The Valley Courier\n")[line]


def test_a_credit_line_inside_the_story_is_left_to_the_story():
    # only the story's first and last paragraphs are read: the same words in its middle are the story's
    line = "This column ran first in the Lakeside Packet and appears here with permission."
    page = Pipeline().audit(HEADLINE + STORY + line + "\n\n" + STORY + STORY.replace("county", "city")
                            + "© 2018 The Valley Courier\n")
    assert {page.slice(b): b.type.value for b in page.blocks}[line] == "paragraph"


def test_a_role_line_in_the_writers_own_words_and_its_date_under_a_pasted_byline_are_the_byline():
    text = ("Posted on October 2, 2017 by gravel_dee\n\n"
            "Somebody asked why the Orchard Lane kids walk to the highway in the dark, so here is the column.\n\n"
            "By Wilma Esterhaus\nschool bus driver for nineteen years and now and then a guest writer for the Crier\n"
            "Thursday, September 28, 2017\n\n" + STORY)
    kinds = {page_text: kind for page_text, kind in _kinds(text, rules_only=True).items()}
    assert kinds["school bus driver for nineteen years and now and then a guest writer for the Crier"] == "byline"
    assert kinds["Thursday, September 28, 2017"] == "byline"


def test_a_bare_name_over_a_role_at_the_foot_is_the_byline():
    kinds = _kinds(HEADLINE + STORY + "Owen Albright\nSentinel county government reporter\n\n"
                   "© 2018 The Valley Sentinel\n", rules_only=True)
    assert kinds["Owen Albright"] == kinds["Sentinel county government reporter"] == "byline"


@pytest.mark.parametrize("line", [
    "Contributor since 2015 · 412 posts · 88 followers",  # a member's profile counts, not a role
    "The county board voted on Tuesday to close the branch.",  # the story's first paragraph, no blank line above
])
def test_what_follows_a_byline_is_no_role_line_unless_it_reads_as_one(line):
    kinds = _kinds(HEADLINE + "By Jane Roe\n" + line + "\n\n" + STORY, rules_only=True)
    assert kinds.get(line) != "byline"


@pytest.mark.parametrize("bar", [
    "▲ 96 nudges   💬 Chew on it   ⤴ Hand it on   ⚑ Flag",
    "▴ 12 · ▾ 3 · 40 carried along · ☆ keep",
    "📊 1,204 reads · 💬 talk is closed on this one",
])
def test_a_bar_of_buttons_and_counters_in_new_words_is_furniture(bar):
    kinds = _kinds(HEADLINE + "Posted on May 2, 2018 by river_dee\n" + bar + "\n\n" + STORY, rules_only=True)
    assert kinds[bar] == "boilerplate"


@pytest.mark.parametrize("row", ["Q1 2017   12,345 units   +4%", "Dock 4\t97°F\t8 breaks due\t2 given"])
def test_a_tables_row_of_figures_is_no_bar_of_buttons(row):
    assert _kinds(HEADLINE + STORY + row + "\n\n" + STORY.replace("county", "city"), rules_only=True)[row] \
        == "paragraph"


PREFACE = "Not my writing, but I saw this on a neighbour's blog this morning and you should all read it before Tuesday."


def test_a_posters_words_above_a_pasted_columns_byline_are_the_posts_own_paragraph():
    kinds = _kinds(HEADLINE + PREFACE + "\n\nBy Hal Corrigan\n\n" + STORY + STORY.replace("county", "city"))
    assert kinds[PREFACE] == "paragraph"


def test_a_posters_words_above_wire_copy_are_an_insertion():
    wire = "SAN DIEGO (AP) — " + STORY
    kinds = _kinds(HEADLINE + PREFACE + "\n\nBy Julie Watson, Associated Press\n\n" + wire)
    assert kinds[PREFACE] == "insertion"


@pytest.mark.parametrize("line", [
    "Readers stacked this under: ferries, fares, county budget",
    "🏷 ferries · fares · county budget",
    "The Lantern runs on readers, not advertisers. If this was worth your time, put a coin in the jar.",
    "Keep the lights on at the Lantern: a gift of any size files the next story.",
    "Stories like this one reach you free. Spare $5 a month and there will be more of them.",
    "► Our winter reader drive ends Sunday: every gift through midnight is matched.",
])
def test_tag_lines_and_pleas_for_money_in_new_words_are_furniture(line):
    assert _kinds(HEADLINE + STORY + line + "\n\n" + STORY.replace("county", "city"), rules_only=True)[line] \
        == "boilerplate"


@pytest.mark.parametrize("line", [
    "The clinic runs on donations and a small state grant, its director said.",
    "Keep the faith alive, the pastor told the crowd.",
])
def test_a_storys_sentences_about_money_stay_story(line):
    assert _kinds(HEADLINE + STORY + line + "\n\n" + STORY.replace("county", "city"), rules_only=True)[line] \
        == "paragraph"


def test_a_widget_heading_of_five_words_in_capitals_heads_its_headlines():
    widget = ("WHAT THE VALLEY IS READING\nOrchard co-op sells its cold-storage plant\n"
              "State to inspect forty river bridges\nBand heads to Pasadena for the first time\n\n")
    kinds = _kinds(HEADLINE + STORY * 2 + widget + "© 2018 The Valley Courier\n", rules_only=True)
    assert kinds["WHAT THE VALLEY IS READING"] == kinds["State to inspect forty river bridges"] == "boilerplate"


THREAD = ("Gwen Sallow · 2 days ago\nThe Mill Road pothole was robbed, I tell you.\n⬆ 17   Talk back\n\n"
          "Orrin B. · 1 day ago\nMill Road had its chance in 2009.\n⬆ 23   Talk back\n\n")


@pytest.mark.parametrize(("heading", "rules"), [
    ("What our readers shot back (2)", "Letters are read aloud to the council before posting. Keep it clean."),
    ("2 neighbours weighed in", "Stay on the story. Insults disappear without warning."),
])
def test_a_threads_heading_counting_its_comments_and_the_rules_under_it_in_new_words(heading, rules):
    page = Pipeline().audit(HEADLINE + STORY + heading + "\n" + rules + "\n\n" + THREAD)
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert kinds[heading] == "comment_header"
    assert kinds[rules] == "comment_policy"
    assert len(page.comments) == 2


def test_the_storys_last_paragraph_above_a_thread_without_a_heading_stays_story():
    page = Pipeline().audit(HEADLINE + STORY + THREAD)
    last = STORY.strip().split("\n\n")[-1]
    assert {page.slice(b): b.type.value for b in page.blocks}[last] == "paragraph"


@pytest.mark.parametrize("line", ["The comment section is closed for this report.",
                                  "Reader remarks on official reports are not published."])
def test_comments_closed_in_any_words_is_the_sites_policy(line):
    assert _kinds(HEADLINE + STORY + line + "\n\n© 2018 The Valley Courier\n", rules_only=True)[line] \
        == "comment_policy"


@pytest.mark.parametrize("heading", ["About this columnist", "A word about the writer", "The reporter"])
def test_a_bio_heading_in_new_words_heads_the_bio_under_it(heading):
    bio = "Hollis Ambrecht is a retired accountant and a lifelong Dunmore resident. Reach him at his office."
    kinds = _kinds(HEADLINE + STORY + STORY.replace("county", "city") + heading + "\n" + bio + "\n\n"
                   "© 2018 The Valley Courier\n", rules_only=True)
    assert kinds[heading] == "byline"
    assert kinds[bio] == "byline"


def test_a_question_heads_a_bio_only_when_the_paragraph_under_it_is_about_the_one_asked_about():
    bio = "Juniper Lark is a doctor of natural medicine who has guided clients from her studio since 2009."
    kinds = _kinds(HEADLINE + STORY + STORY.replace("county", "city") + "Who is Dr. Lark?\n" + bio + "\n\n"
                   "© 2017 Pure Spring Living\n", rules_only=True)
    assert kinds["Who is Dr. Lark?"] == "byline"
    story = "The board chair is a retired banker who has lived in the county since 1990, neighbours said."
    kinds = _kinds(HEADLINE + STORY + STORY.replace("county", "city") + "Who is Dr. Lark?\n" + story + "\n\n"
                   "© 2017 Pure Spring Living\n", rules_only=True)
    assert kinds.get("Who is Dr. Lark?\n" + story, kinds.get("Who is Dr. Lark?")) != "byline"


def test_a_bare_name_over_a_role_under_the_headline_is_the_byline():
    kinds = _kinds(HEADLINE + "Owen Albright\nSentinel county government reporter\n\n" + STORY, rules_only=True)
    assert kinds["Owen Albright"] == kinds["Sentinel county government reporter"] == "byline"


def test_a_subheading_worded_like_a_comment_form_over_the_storys_paragraphs_opens_no_thread():
    rest = ("Supporters say the fee is small. The state's fiscal office estimates it at six dollars a month for a "
            "typical household, rising with inflation every year after the first, according to its analysis, and "
            "the utilities would keep whatever the fee raises above their costs.\n\n"
            "The campaign for the measure has spent most of its two million dollars on television advertising in "
            "the three largest media markets, filings show, and almost nothing on mail or canvassing, a choice its "
            "manager defended on Tuesday as the only way to reach rural voters in time.\n\n")
    page = Pipeline().audit(HEADLINE + STORY + "Have your say\n\n" + rest + "© 2018 Capitol Compass\n")
    assert not page.comments
    assert {page.slice(b): b.type.value for b in page.blocks}[rest.split("\n\n")[0]] == "paragraph"


@pytest.mark.parametrize("rules", [
    "Speak your mind, but stay on the story. We delete insults and anything that reads like an ad.",
    "Keep it neighbourly: remarks with name-calling or links to shops are binned without a word.",
])
def test_the_rules_under_a_comment_form_in_new_words_are_no_comment(rules):
    page = Pipeline().audit(HEADLINE + STORY + "2 Comments\n\n" + THREAD + "Add yours\n" + rules + "\n"
                            "Your name\nYour comment\n[ Post ]\n")
    assert len(page.comments) == 2
    assert {page.slice(b): b.type.value for b in page.blocks}[rules] == "comment_policy"


def test_a_promo_naming_where_the_other_story_is_is_furniture():
    line = "Read also on Valley Herald: Grain exports through the eastern terminals up 12 percent"
    assert _kinds(HEADLINE + STORY + line + "\n\n" + STORY.replace("county", "city"), rules_only=True)[line] \
        == "boilerplate"


@pytest.mark.parametrize("heading", ["Next in U.S.", "Sponsored Stories Below", "Hand-Picked For You"])
def test_a_list_of_headlines_under_a_heading_in_the_sites_words_is_furniture(heading):
    links = "Wildfire Crews Hold the Line Above the Resort\nRural Hospital Closes Its Maternity Ward\n"
    kinds = _kinds(HEADLINE + STORY + heading + "\n" + links + "\n© 2018 The Valley Courier\n", rules_only=True)
    assert kinds[heading] == kinds["Rural Hospital Closes Its Maternity Ward"] == "boilerplate"


@pytest.mark.parametrize("row", ["Total\t6.3\t6.4\t6.9", "Kessler Yard\t19\t61\t140"])
def test_a_tables_row_of_figures_after_its_head_is_no_menu(row):
    table = "Year\tJan\tFeb\tMar\n2017\t1.7\t0.6\t0.5\n" + row + "\n\n"
    assert _kinds(HEADLINE + STORY + table + STORY.replace("county", "city"), rules_only=True)[row] == "paragraph"


@pytest.mark.parametrize("link", ["Skip to the story", "Jump to content\tJump to navigation"])
def test_a_skip_link_in_any_words_is_furniture_and_no_title(link):
    from newsaudit.anatomy.classify import boilerplate_reason
    from newsaudit.anatomy.lines import split_lines

    assert boilerplate_reason(split_lines(link)[0])
    page = Pipeline().audit(link + "\nTHE VALLEY COURIER\n\n" + HEADLINE + STORY)
    assert {page.slice(b): b.type.value for b in page.blocks}[link] == "boilerplate"
    assert page.title == HEADLINE.strip()


def test_a_forums_rank_and_post_count_are_no_part_of_the_posters_name():
    thread = ("skywatcher_ned · Senior Member · March 3, 2018 at 9:14 pm\nSame thing happened near Alamosa in 2015.\n\n"
              "jar_test_jen Posts: 88 · March 4, 2018 at 7:02 am\nDid the jar test. Slight yellow tint.\n\n"
              "Working Front Staff · March 4, 2018 at 8:30 am\nThanks, both. We are looking into it.\n\n")
    page = Pipeline().audit(HEADLINE + STORY + "3 Comments\n\n" + thread)
    assert [c.author for c in page.comments] == ["skywatcher_ned", "jar_test_jen", "Working Front Staff"]


def test_a_comments_day_and_time_without_a_year_after_its_author_opens_it():
    thread = ("ridge_mom wrote · Feb 27, 9:14 pm\nMy kids ride past those signs every morning.\nAgree (21) · Flag\n\n"
              "↳ Otto Brandvold wrote · Feb 28, 6:02 am\n   The lease is posted in the minutes.\nAgree (4) · Flag\n\n")
    page = Pipeline().audit(HEADLINE + STORY + "Reader Reactions (2)\n\n" + thread)
    assert [c.author for c in page.comments] == ["ridge_mom", "Otto Brandvold"]
