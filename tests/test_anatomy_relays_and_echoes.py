"""Anatomy rules from the errors of blind rounds 210-213: a relayed story's byline in the words of its relay, help
and grants and syndication credited in a sentence of their own, a reporter's number under a question, an advert under
a label in capitals, tags set apart by tabs, an agency's photographer in brackets, a subheading the story takes up
although it is worded like a button, a reply's text set in under a meta line left at the margin, a thread's
"Posted by … on …" lines under comments that no longer make the page an index, and a bio that closes on where to
reach its subject."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.bios import bio_with_contact
from newsaudit.anatomy.byline_block import agency_stamp
from newsaudit.anatomy.classify import boilerplate_reason, credit_reason
from newsaudit.anatomy.lines import split_lines
from newsaudit.anatomy.page_kind import TEASER_INDEX, no_story_reason
from newsaudit.page import BlockType
from newsaudit.pipeline import Pipeline, PipelineConfig
from tests.test_anatomy_rules import STORY


def _line(text: str):
    return split_lines(text)[0]


def _page(text: str):
    return Pipeline(PipelineConfig(stages=["anatomy"])).audit(text)


def _types(page) -> dict[str, BlockType]:
    return {page.slice(b): b.type for b in page.blocks}


@pytest.mark.parametrize(("line", "agency"), [
    ("Fed through from the Bloomberg terminal · Nov. 22, 2017 · 8:40 ET", "Bloomberg"),
    ("Via the Reuters wire\tNov. 2, 2017 · 11:48 a.m.", "Reuters"),
    ("Off the AP feed | June 3, 2018", "AP"),
])
def test_a_relays_words_around_the_agency_and_a_date_make_its_byline(line, agency):
    assert agency_stamp(_line(line)) == agency


@pytest.mark.parametrize("line", ["From the archive desk · Nov. 2, 2017", "Via the city's website · Nov. 2, 2017",
                                  "Fed through from the Bloomberg terminal", "Via the Reuters wire. Nov. 2, 2017."])
def test_a_relay_without_an_agency_or_a_date_is_no_byline(line):
    assert agency_stamp(_line(line)) is None


@pytest.mark.parametrize("line", [
    "With help from Odile Ferrand.",
    "With help from Odile Ferrand and Piet de Wit",
    "Questions about this story? Tessa Nordgren, 319-555-0162, tnordgren@courier.example",
    "Questions about the closure? Reporter Nadia Verhoeven takes calls at 555-0118.",
    "Reporting for this story was made possible in part by the Prairie Rural Health Reporting Fund.",
    "Materials provided by the press service of the Ministry of Agriculture were used in this article.",
    "The Digest runs this report under its syndication arrangement with UPI; the headline is our own.",
])
def test_help_grants_materials_and_syndication_said_of_the_story_are_credits(line):
    assert credit_reason(_line(line))


@pytest.mark.parametrize("line", [
    "With help from volunteers, the town rebuilt the hall in six weeks.",
    "Questions about the closure? Residents packed the hall on Monday to ask them.",
    "Reporting for the county paper was his first job after college.",
    "The ministry said materials from the old bridge were used in the new school.",
])
def test_the_storys_own_sentences_in_those_words_are_no_credits(line):
    assert credit_reason(_line(line)) is None


@pytest.mark.parametrize("line", [
    "BULLION DESK · One-ounce rounds at $24 over spot this week only. Call 800-555-0131.",
    "ADVERTISER NOTE · Grange Hall Tire & Lube: spring alignments $59.95 through May. Call 319-555-0117.",
    "NEIGHBOUR'S WORD · Valley Pump & Well Service, family owned for 40 years. Book a spring check-up at 406-555-0148.",
])
def test_an_advert_under_a_label_in_capitals_with_a_number_to_call_is_furniture(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", [
    "WASHINGTON: The agency said residents can call 555-0100 for help.",
    "HALVERSON, Wash. — Call 555-0100, the sheriff said on Monday, if you see the truck.",
    "BULLION DESK · Gold held near $1,280 as buyers waited for the Fed.",
])
def test_a_dateline_or_a_desks_report_is_no_advert(line):
    assert boilerplate_reason(_line(line)) is None


def test_tags_after_key_words_set_apart_by_tabs_are_furniture():
    assert boilerplate_reason(_line("Key words:\tRail\tGrain\tTrade\tOstravia-China"))
    assert boilerplate_reason(_line("Key words: the minister said the rail deal would double grain trade.")) is None


def test_an_agencys_photographer_in_brackets_credits_the_caption_above():
    page = _page("Grain terminal at Zharkol to triple export capacity\n\n"
                 "Workers inspect a loading arm at the grain terminal on Sept. 12, 2017.\n(Xinhua/Bolat Temirkhan)\n\n"
                 + STORY)
    types = _types(page)
    assert types["(Xinhua/Bolat Temirkhan)"] is BlockType.CREDIT
    assert types["Workers inspect a loading arm at the grain terminal on Sept. 12, 2017."] is BlockType.BOILERPLATE


def test_an_image_credit_line_credits_the_caption_above():
    page = _page("This Dog Waited Three Days Outside a Hospital\n\n"
                 "A golden retriever keeps watch outside the hospital.\nImage credit: AFP/Tomas Reyes\n\n" + STORY)
    types = _types(page)
    assert types["Image credit: AFP/Tomas Reyes"] is BlockType.CREDIT
    assert types["A golden retriever keeps watch outside the hospital."] is BlockType.BOILERPLATE


def test_a_subheading_worded_like_a_button_that_the_story_takes_up_is_the_storys():
    text = (STORY + "Subscribe to the Fine Print\n\n"
            "Here is some fine print worth reading. Section 14 of the bill ties future increases to an index the "
            "department will set on its own, without another vote.\n\n"
            "Board members said the vote would come back in the fall, when the new figures are due.\n")
    assert _types(_page(text))["Subscribe to the Fine Print"] is BlockType.PARAGRAPH


@pytest.mark.parametrize(("button", "below"), [
    ("Subscribe to our newsletter",
     "Our newsletter carries the week's county news, and the board's vote will be in it on Friday."),
    ("Republish this story",
     "You may republish this story for free under a Creative Commons licence, as long as you credit the Courier."),
])
def test_a_button_that_speaks_for_the_site_stays_furniture_whatever_follows(button, below):
    text = (STORY + f"{button}\n\n{below}\n\n"
            "Board members said the vote would come back in the fall, when the new figures are due.\n")
    assert _types(_page(text))[button] is BlockType.BOILERPLATE


THREAD = ("Comments (2)\n\n"
          "Lorna Fitch — June 14, 2018 at 7:12 pm\n"
          "My grandfather signed a right-of-way in 1961 and nobody asked him about groundwater either.\n\n"
          "Wade Kessler — June 14, 2018 at 8:40 pm\n"
          "    Lorna, the groundwater questions came from ranchers, not from Ottawa. Some of us are on wells.\n\n"
          "Terry Bigsky — June 15, 2018 at 6:03 am\n"
          "The cost figure is the part nobody will mention on the evening news.\n")


def test_a_replys_text_set_in_under_a_meta_line_at_the_margin_answers_the_comment_above():
    page = _page(STORY + THREAD)
    parents = {page.text[c.start:c.end].split(",")[0]: c.parent for c in page.comments}
    ids = [c.id for c in page.comments]
    assert len(ids) == 3
    assert parents["Lorna"] == ids[0]
    assert parents["The cost figure is the part nobody will mention on the evening news."] is None


RECIPE = ("My grandmother never owned a tube of toothpaste, and she kept every one of her teeth until ninety-one.\n"
          "She swore by a morning rinse of whole cloves steeped in warm water with a spoon of honey.\n"
          "Gather these\n12 whole cloves\n1 cup water\n1 teaspoon honey\n"
          "Steep the cloves for ten minutes, let the water cool, then stir in the honey.\n")
COMMENTS = ("What Readers Tried (3)\n"
            "Posted by Shay M. on March 20, 2018\n"
            "Did this for two weeks and my gums stopped bleeding. My husband thinks it's just the honey.\n"
            "Posted by Dr. Ansel Ford on March 21, 2018\n"
            "Please keep brushing and seeing a dentist. Cloves can dull pain; they do not remove decay.\n"
            "Posted by Nan from Eugene on March 22, 2018\n"
            "Ansel, with respect, a dentist is who caused my trouble in the first place.\n")


def test_posted_by_lines_under_comments_do_not_make_a_story_an_index():
    assert no_story_reason(split_lines("The Clove Rinse Your Dentist Never Mentions\n" + RECIPE + COMMENTS)) is None


def test_posted_by_lines_under_headlines_still_make_an_index():
    teasers = "".join(f"The {word} Story Everyone Is Sharing This Week\nPosted by Hank Dorsey on January {day}, 2018\n"
                      f"A short teaser for the {word} story.\n" for word, day in [("First", 4), ("Second", 5),
                                                                                 ("Third", 6)])
    found = no_story_reason(split_lines("Latest Posts\n" + teasers))
    assert found is not None and found[0] == TEASER_INDEX


BIO = ("Pia Lindqvist-Moore spent three decades with the state geological survey and now keeps bees on Tolliver Road. "
       "She writes at Quiet Aquifer, and can be reached at pia@quietaquifer.example.")


def test_a_bio_that_closes_on_where_to_reach_its_subject_is_the_authors_bio():
    assert bio_with_contact(_line(BIO))
    page = _page("They Drilled First and Asked Later\n\nBy Pia Lindqvist-Moore\n\n" + STORY + BIO + "\n")
    assert _types(page)[BIO] is BlockType.BYLINE


@pytest.mark.parametrize("line", ["Tessa Nordgren can be reached at tnordgren@courier.example.",
                                  "Reach reporter Tessa Nordgren at 555-0162. She can be reached at tn@courier.example."
                                  ])
def test_a_contact_line_with_no_bio_before_it_stays_a_credit(line):
    assert not bio_with_contact(_line(line))
    assert credit_reason(_line(line))


def test_dates_with_the_writers_name_under_teasers_still_make_an_index():
    teasers = "".join(f"A short teaser about the {word} thing the papers missed this week, and why it matters.\n"
                      f"{month} {day}, 2017 — Mark Smyth\n" for word, month, day in [("first", "Apr", 4),
                                                                                     ("second", "Apr", 21),
                                                                                     ("third", "Aug", 26)])
    found = no_story_reason(split_lines("Mark Smyth\n" + teasers))
    assert found is not None and found[0] == TEASER_INDEX
