"""Anatomy rules from the errors of blind rounds 118-129: what stands above the headline, the byline's lines in the
writer's own words, and the story's foot."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.classify import policy_reason
from newsaudit.anatomy.lines import Line
from newsaudit.pipeline import Pipeline, PipelineConfig
from tests.test_anatomy_rules import STORY, _kinds

HEADLINE = "Library Board Votes to Close East Branch"


def _bylines(text: str) -> list[str]:
    return Pipeline(PipelineConfig(stages=["anatomy"])).audit(text).summary["anatomy"]["bylines"]


def _at_foot(line: str, after: str = "") -> str:
    """The type the rules alone give ``line`` standing under a bylined story, with ``after`` below it."""
    return _kinds(f"{HEADLINE}\n\nBy Sable Orrin\n\n" + STORY + line + "\n\n" + after, rules_only=True)[line]


@pytest.mark.parametrize("role", ["Certified gut-health educator", "Labor beat, staff",
                                  "Resident herbalist, The Quiet Field"])
def test_a_short_phrase_straight_under_the_byline_is_the_writers_role(role):
    # no role noun the rules know ("writer", "reporter"): the place says it, under the line that names the author
    text = (f"THE VALLEY SENTINEL\nNews · Opinion · Shop\n\n{HEADLINE}\n\nWords by Sable Orrin\n{role}\n\n"
            + STORY)
    kinds = _kinds(text, rules_only=True)
    assert kinds[role] == "byline"


@pytest.mark.parametrize("line", ["Share - WeChat", "Save for later", "A promise that was kept.",
                                  "Tracks 12 counties"])
def test_a_button_a_sentence_or_a_count_under_the_byline_is_no_role(line):
    text = f"{HEADLINE}\n\nBy Sable Orrin\n{line}\n\n" + STORY
    assert _kinds(text, rules_only=True).get(line) != "byline"


def test_labels_and_promos_above_the_headline_are_the_sites():
    # a pitch and a section label between the menu and the headline, in words no pattern knows
    headline = 'Town bans leaf blowers before 10 a.m., local man vows to "blow in protest at 9:59"'
    text = ("THE WEEKLY SHRUG\nNews you could have guessed, since 2011\nLocal · Nation · Science · Opinion\n\n"
            "📣 Shrug Insiders get every story a full nine seconds early. Join today.\n\nSUBURBAN AFFAIRS\n\n"
            f"{headline}\n\nBy Ned Harrow\nOctober 23, 2017\n\n" + STORY)
    kinds = _kinds(text)
    assert kinds[headline] == "title"
    assert kinds["SUBURBAN AFFAIRS"] == "boilerplate"
    assert kinds["📣 Shrug Insiders get every story a full nine seconds early. Join today."] == "boilerplate"


def test_a_long_paragraph_above_the_headline_keeps_what_stands_there():
    # the story's own opening above a line taken for the headline: the headline was taken too low, nothing moves
    opening = ("The county board met on Tuesday night in a packed room, and for three hours residents lined up to "
               "tell its members what the east branch library has meant to their children and to them.")
    text = f"{opening}\n\nA vote nobody wanted\n\n{HEADLINE}\n\n" + STORY
    kinds = _kinds(text)
    assert kinds[opening] == "paragraph"


@pytest.mark.parametrize("line", [
    "Forward this to every Lakeview Elementary parent you know.",
    "Print this and leave it on the counter at the diner.",
    "Spread the word before they bury it:",
    "Pass this along:",
    "*Nothing on this page has been evaluated by the Food and Drug Administration. It is not medical advice.",
    "Nothing on Golden Root has been reviewed by the FDA, and none of it replaces your doctor.",
    "Heads up: some links on this page are affiliate links, and we may earn a little when you buy.",
    "Some links on this page earn us a small commission at no cost to you.",
    "Heads up: when you buy through links on this page, we may get a small thank-you from the maker.",
])
def test_pleas_to_pass_it_on_and_disclosures_in_fresh_words_are_furniture(line):
    assert _at_foot(line, "© 2018 The Valley Sentinel\n") == "boilerplate"


@pytest.mark.parametrize("line", [
    # the poster's own closing words, with the plea inside them: the poster's voice, story
    "We will keep digging. Share this story before it disappears.",
    "Pass it on before the pharma trolls bury it. And ask your school nurse what she was told.",
    # a subheading in title case, and a sentence of the story about the agency
    "Print This Before Flu Season",
    "The FDA has not approved turmeric for arthritis, and the researchers said so twice in their paper.",
])
def test_a_plea_inside_the_posters_words_and_the_storys_own_sentences_stay_story(line):
    assert _at_foot(line, STORY.split("\n\n")[0] + "\n") == "paragraph"


@pytest.mark.parametrize(("line", "author"), [
    ("Typed up by Walt Brannock on April 9, 2018 · 4 talkbacks", "Walt Brannock"),
    ("Set in type by Corwin Ashby — April 7, 2018 — 5 remarks", "Corwin Ashby"),
    ("Penned by Rosalind Achterberg", "Rosalind Achterberg"),
])
def test_any_verb_of_writing_before_by_and_a_name_is_a_byline(line, author):
    assert _bylines(f"{HEADLINE}\n\n{line}\n\n" + STORY) == [author]


@pytest.mark.parametrize("line", ["Photographs by Jonah Feld", "Translated by Mira Holt", "Sort by Newest First",
                                  "More stories by Tomasina Reyes »"])
def test_a_picture_a_translation_or_a_list_by_someone_names_no_writer(line):
    assert _bylines(f"{HEADLINE}\n\nBy Sable Orrin\n\n" + STORY + line + "\n") == ["Sable Orrin"]


@pytest.mark.parametrize(("byline", "bio"), [
    ("Posted on March 3, 2018 by ridgeline_amos",
     "ridgeline_amos has lived in Lakeview for forty years and writes about local government for the Bulwark."),
    ("By Corinne Maddox",
     "Corinne Maddox tracks state budget and tax policy for the Prairie Working Families Project."),
    ("By Corinne Maddox", "The writer has lived in Cort County all her life and has covered its courts since 2009."),
])
def test_a_closing_bio_in_any_verb_or_under_a_pen_name_is_a_byline(byline, bio):
    text = f"{HEADLINE}\n\n{byline}\n\n" + STORY + bio + "\n\n© 2018 The Valley Sentinel\n"
    assert _kinds(text, rules_only=True)[bio] == "byline"


def test_a_closing_paragraph_about_someone_else_stays_story():
    closing = "Marta Ruiz tracks the branch's visitors in a notebook she keeps at the front desk."
    text = f"{HEADLINE}\n\nBy Corinne Maddox\n\n" + STORY + closing + "\n\n© 2018 The Valley Sentinel\n"
    assert _kinds(text, rules_only=True)[closing] == "paragraph"


@pytest.mark.parametrize("line", ["Issuing editor: Pavel Strand", "Shift editor, international desk: Aigerim Seitova",
                                  "Duty editor for this release: Ilka Mornay", "(MNS/Pavel Oren)"])
def test_the_editor_on_duty_and_a_photos_initials_credit_in_any_words(line):
    text = f"{HEADLINE}\n\n" + STORY + line + "\n"
    assert _kinds(text, rules_only=True)[line] == "credit"


def test_an_editors_note_is_no_credit_line():
    note = "Editor's note: This story was updated to correct the date of the vote."
    assert _kinds(f"{HEADLINE}\n\n" + STORY + note + "\n", rules_only=True)[note] != "credit"


@pytest.mark.parametrize("line", [
    "This column went out first to subscribers of The Frontera Letter and runs here with the editor's leave.",
    "Written for the Harlan Policy Roundtable's autumn papers and republished here with the Roundtable's okay.",
    "Odell posted this first on The Sky Ledger on January 9; the full post has all 41 photographs.",
    "The Sentinel's reporting on school costs is underwritten in part by the Lakeshore Civic Fund.",
    "Posts on The Commons Board are written and shared by members; the Board does not check them.",
    "The Commons Board hosts what its members post; each piece remains the work of whoever wrote it.",
    "Data reporter Ines Halloran contributed analysis.",
    "Any use of NSNS materials requires an active hyperlink to the agency's website.",
])
def test_credits_at_the_foot_in_fresh_words(line):
    assert _at_foot(line) == "credit"


@pytest.mark.parametrize("line", [
    "The project is supported by a $2.5 million tax credit from the state's economic development agency.",
    "These posts are the words of whoever shares them. Hearsay Hub checks nothing and endorses nothing.",
])
def test_a_projects_funding_and_a_hosts_disclaimer_are_no_credit(line):
    assert _at_foot(line) != "credit"


@pytest.mark.parametrize("line", [
    '↪ Also pinned on this board: "Dock parking meters went up too. Who signed off?"',
    'Readers who finished this one went on to: "The Fog Machines at Pier 9"',
    '◆ Earlier in this series: "The boiler that was repaired six times in one winter"',
])
def test_a_sentence_case_lead_in_and_a_quoted_headline_under_the_story_is_a_teaser(line):
    assert _at_foot(line, STORY.split("\n\n")[0] + "\n") == "boilerplate"


@pytest.mark.parametrize("line", [
    'The note said: "Thank you for your service. Next week is on me too."',
    'Part Two: "Drivers from out of state pay their share"',
    "EU Commissioner's Dire Warning: “The Only Alternative To Europe Is War”",
])
def test_a_quotation_a_numbered_part_or_a_pasted_pieces_headline_is_no_teaser(line):
    assert _at_foot(line, STORY.split("\n\n")[0] + "\n") != "boilerplate"


@pytest.mark.parametrize("line", ["These Copper-Lined Knee Sleeves Are Selling Out Across the Midwest",
                                  "Doctors are furious about this 10-second joint trick",
                                  "Why preppers are quietly stocking up on this $39 water filter"])
def test_an_ad_networks_headline_between_the_storys_paragraphs_is_furniture(line):
    text = f"{HEADLINE}\n\nBy Sable Orrin\n\n" + STORY.replace("\n\n", f"\n\n{line}\n\n", 1)
    assert _kinds(text, rules_only=True)[line] == "boilerplate"


def test_an_ad_box_is_typed_whole_and_a_junk_science_headline_stays_the_title():
    headline = "This 3-Ingredient Morning Tonic Dissolves Kidney Stones Naturally (Doctors Hate It)"
    box = "From around the web\nAd · The gutter trick contractors hate\nAd · Doctors stunned by this breakfast swap"
    kinds = _kinds(f"{headline}\n\nBy Sable Orrin\n\n" + STORY + box + "\n\n© 2018 ViralNest Media LLC\n",
                   rules_only=True)
    assert kinds[headline] == "title"
    assert "paragraph" not in {kind for text, kind in kinds.items() if text in box}


@pytest.mark.parametrize(("line", "authors"), [
    ("Tomas Reyburn in Des Moines and Alicia Penwarden in Washington", ["Tomas Reyburn", "Alicia Penwarden"]),
    ("Reporter: Nadira Beksultan", ["Nadira Beksultan"]),
    ("Story: Arden Toll | MNS Economic Desk", ["Arden Toll"]),
    ("Staff correspondent Irina Vasko", ["Irina Vasko"]),
    ("Beacon Staff ∙ November 2, 2017", ["Beacon Staff"]),
])
def test_bylines_by_the_writers_trade_their_places_or_a_desk_and_its_date(line, authors):
    assert _bylines(f"{HEADLINE}\n\n{line}\n\n" + STORY) == authors


def test_a_sentence_about_a_correspondent_is_no_byline():
    line = "Correspondent Irina Vasko said the vote was close"
    assert _kinds(f"{HEADLINE}\n\n{line}\n\n" + STORY, rules_only=True)[line] != "byline"


@pytest.mark.parametrize("heading", ["Error code 404", "We couldn't find that page. It may have moved."])
def test_an_error_page_in_fresh_words_has_no_story(heading):
    text = ("THE LIBERTY LANTERN\nHome | Politics | Economy | Podcast | Store\n\n" + heading + "\n\n"
            "Or start with what readers are opening right now:\n"
            "1. City council passes gun registry study with no public notice\n"
            "2. The pension fund that bet on a bridge to nowhere\n\n© 2018 The Liberty Lantern\n")
    page = Pipeline(PipelineConfig(stages=["anatomy"])).audit(text)
    assert page.summary["anatomy"]["no_story"] == 'an error page ("page not found")'


THREAD = ("rustbelt_rick ∙ 14 Mar 2018, 9:02 pm\nSame thing happened in our town with the hybrid ones.\n\n"
          "Lorraine P. ∙ 14 Mar 2018, 9:40 pm\nNobody ever is. The consultant now works for the bus company.\n")


@pytest.mark.parametrize("rule", [
    "Argue the numbers all you like. Name-calling gets a remark pulled, no warning.",
    "Talkback is checked by volunteers before it shows. Keep it about the buses.",
    "No links, no threats. We read everything before it goes up.",
])
def test_commenting_rules_in_fresh_words_under_the_threads_count(rule):
    kinds = _kinds(f"{HEADLINE}\n\n" + STORY + f"4 remarks on this post\n{rule}\n\n" + THREAD)
    assert kinds[rule] == "comment_policy"
    assert kinds["4 remarks on this post"] == "comment_header"


@pytest.mark.parametrize("rule", [
    "Argue the numbers all you like. Name-calling gets a remark pulled, no warning.",
    "Talkback is checked by volunteers before it shows. Keep it about the buses.",
    "No links, no threats. We read everything before it goes up.",
])
def test_the_rules_read_commenting_rules_in_fresh_words(rule):
    assert policy_reason(Line(0, 0, len(rule), 0, rule))


@pytest.mark.parametrize("credit", [
    "Written originally for the Marden Farm Letter and shared here with the writer's okay.",
    "This recipe was first printed in the Root & Hearth spring zine and appears here by arrangement.",
])
def test_a_pasted_pieces_credit_under_its_byline(credit):
    # where the piece ran first, said straight under the byline rather than at the foot
    assert _kinds(f"{HEADLINE}\n\nBy Sable Orrin\n\n{credit}\n\n" + STORY, rules_only=True)[credit] == "credit"


@pytest.mark.parametrize(("line", "kind"), [
    ("TownBoard carries what members bring in; each piece belongs to whoever first wrote it.", "credit"),
    ("Everything on TownBoard was brought by a member; the words belong to whoever wrote them first.", "credit"),
    ("Members own what they post; TownBoard only keeps the lights on.", "credit"),
    ("Ines Varga of The Associated Press contributed from Tucson.", "credit"),
    ("Additional grumbling by Courier interns Tad Mull and Bea Vo.", "credit"),
    ("Release edited by Kira Saveleva", "credit"),
    ("A shorter version of this column ran on the Tillery Courier's letters page on January 12.", "credit"),
    ("Produced for the Harbor Labor Project, a nonprofit newsroom covering work in the Great Lakes.", "credit"),
    # (rounds 150-153) by whose leave or on what terms, in fresh words
    ("Further tick-tocking supplied by the Courier summer interns, who are very sorry.", "credit"),
    ("This report was first put out by the Heartland Network and is carried here under a sharing arrangement.",
     "credit"),
    ("Republished in full by permission of Patriot Signal News, where it went up December 1, 2016.", "credit"),
    ("Prepared from materials supplied by the press service of the Ministry of Agriculture.", "credit"),
    ("Newsrooms may run this article at no cost under a Creative Commons Attribution-NoDerivatives license.", "credit"),
    ("Posted in Labor · Tagged poultry, organizing, Delmar County", "boilerplate"),
    # (rounds 154-157) whose the members' posts are, where a story first surfaced, a joke's help credited
    ("SoapboxHub does not own what members share; rights stay with the original authors and publishers.", "credit"),
    ("Stories here belong to the newsrooms that wrote them; NewsPile only points the way.", "credit"),
    ("This story first surfaced on the Lakeshore Ledger and is carried here with the editor's okay.", "credit"),
    ("Fact-squinting assistance from Gazetteer summer intern Pip Lorrance.", "credit"),
    # an opinion page's disclaimer says whose views a column holds: furniture, no credit
    ("Views in guest columns belong to their writers, not to The Valley Forum.", "boilerplate"),
])
def test_foot_lines_in_fresh_words(line, kind):
    assert _at_foot(line) == kind


@pytest.mark.parametrize("heading", ["Say hello to Sable", "Get to know Sable"])
def test_a_heading_that_introduces_the_author_heads_the_bio(heading):
    bio = "Sable Orrin writes about plant medicine from a farmhouse in Vermont."
    kinds = _kinds(f"{HEADLINE}\nBy Sable Orrin\n" + STORY.replace("\n\n", "\n") + f"{heading}\n{bio}\n",
                   rules_only=True)
    assert (kinds[heading], kinds[bio]) == ("byline", "byline")


def test_a_bio_above_the_pieces_credit_and_the_posters_words_is_still_a_bio():
    bio = "Sable Orrin has drilled water wells in Keel County since 1976. She lives outside Marten Springs."
    credit = "Carried here with Sable's say-so from the Sandhill Letter, which printed it first in May."
    closing = "Thought you all should see this before the vote."
    kinds = _kinds(f"{HEADLINE}\n\nBy Sable Orrin\n\n" + STORY + f"{bio}\n\n{credit}\n\n{closing}\n\n"
                   "Is this what we want for the county?\n", rules_only=True)
    assert (kinds[bio], kinds[credit]) == ("byline", "credit")


@pytest.mark.parametrize("line", ["by Buzz Hollow Team · March 6, 2018", "by Frontline Investigations Team",
                                  # a desk's name and its date, whatever symbol stands between them
                                  "Iron Bell Newsroom ▪ Tuesday, 12 June 2018",
                                  "Field & Fact Newsroom ◆ March 23, 2018",
                                  "Torch Staff Report — Thursday, 6 October 2016",
                                  # a desk in fresh words, a poster's "put up by"
                                  "By the Patriot Signal investigative team",
                                  "Passed along by the Review Newsroom on 19 July 2017",
                                  "Put up by signal_watch_2016 · Dec. 2, 2016 · 11:48 pm"])
def test_a_sites_team_signing_is_a_byline(line):
    assert _kinds(f"{HEADLINE}\n\n{line}\n\n" + STORY, rules_only=True)[line] == "byline"


ROLE_CARRIED_ON = ("farmhand at the Keel County co-op for 22 years and now and again a guest writer for the Sandhill "
                   "Letter's Sunday page")


@pytest.mark.parametrize(("block", "around"), [
    # a role line over the "By" line, under the deck
    ("Workers say water and shade are promised on paper and missing in the rows.\n\n"
     "Guest writer for The Furrow\nBy Sable Orrin\nAugust 24, 2017",
     ["Guest writer for The Furrow", "August 24, 2017"]),
    # a byline carried on in lower case, longer than a role line, then its date
    ("By Sable Orrin\n" + ROLE_CARRIED_ON + "\nThursday, March 9, 2017", [ROLE_CARRIED_ON, "Thursday, March 9, 2017"]),
    # a role the byline gives in title case, and the site's dates in its own words, in cells
    ("By Sable Orrin\nVisiting Scholar in Rural Infrastructure, Prairie Policy Exchange\n"
     "First shared 04/03/2017 · last tended 01/19/2018",
     ["Visiting Scholar in Rural Infrastructure, Prairie Policy Exchange",
      "First shared 04/03/2017 · last tended 01/19/2018"]),
])
def test_the_lines_around_a_byline_belong_to_it(block, around):
    kinds = _kinds(f"{HEADLINE}\n\n{block}\n\n" + STORY, rules_only=True)
    assert [kinds[line] for line in around] == ["byline"] * len(around)
