"""Anatomy rules from the errors of blind rounds 166-177: the comment form's heading and instructions in the site's
own words, reply markers after the date ("answering [2] NAME", "in response to No. 1", "replied to NAME" on a line of
its own), an aggregator's relay line and a date-only or invented agency's dateline, its notice that the stories are
others', sponsors' lines inside a story, credits said in the site's own words, cells set apart by bullet operators,
thread headings that count after a dot or quote the headline, and stamps in a site's own participle."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.classify import boilerplate_reason, credit_reason
from newsaudit.anatomy.lines import split_lines
from newsaudit.anatomy.patterns import WIRE_DATELINE
from newsaudit.anatomy.thread_edges import site_line, site_text_at_the_ends
from newsaudit.page import BlockType
from newsaudit.pipeline import Pipeline, PipelineConfig
from tests.test_anatomy_heads_and_feet import HEADLINE, _at_foot
from tests.test_anatomy_rules import STORY, _kinds

POSTS = ("Orla Fenwick ◇ 4 Mar 2017 · 09:12\nThe branch is where my kids learned to read. Keep it open.\n"
         "▲ 12   ↪ Respond\n"
         "tractor_tim ◇ 4 Mar 2017 · 10:40\nTwo million is a lot of money for a town this size.\n▲ 3   ↪ Respond\n")


def _page(text: str):
    return Pipeline(PipelineConfig(stages=["anatomy"])).audit(text)


def _line(text: str):
    return split_lines(text)[0]


@pytest.mark.parametrize("heading", ["Have your say, neighbour", "Pull up a stool"])
def test_a_short_line_opening_the_form_under_the_last_comment_is_its_heading(heading):
    # no wording the rules know: the place says it, under the last comment's buttons and over the form's fields
    page = _page(f"{HEADLINE}\n\n" + STORY + "What the Valley Says (2)\n" + POSTS
                 + f"\n{heading}\nYour name *\nYour note *\nSend it along\n")
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert kinds[heading] == "comment_header"
    assert (kinds["Your name *"], kinds["Your note *"]) == ("boilerplate", "boilerplate")
    assert len(page.comments) == 2


def test_a_forms_heading_read_as_a_commenters_name_takes_no_comment_with_it():
    # "Holler Back Here" over the rules and a field reads like a name over a comment's text; the fields under it say it
    # is the form's
    rules = "Argue with the idea, not the neighbour. Name-calling gets removed."
    page = _page(f"{HEADLINE}\n\n" + STORY + "What the Valley Says (2)\n" + POSTS
                 + f"\nHoller Back Here\n{rules}\nYour two cents *\nName *\nEmail *\nPost It\n")
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert kinds["Holler Back Here"] == "comment_header"
    assert kinds[rules] == "comment_policy"
    assert [c.author for c in page.comments] == ["Orla Fenwick", "tractor_tim"]


def test_a_login_prompt_under_the_thread_marks_the_line_above_it_as_the_forms_heading():
    page = _page(f"{HEADLINE}\n\n" + STORY + "What the Valley Says (2)\n" + POSTS
                 + "\nSpeak from the porch\nLog in to join the porch talk · No account yet? Make one in a minute\n")
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert kinds["Speak from the porch"] == "comment_header"


def test_a_heading_worded_button_under_the_forms_fields_is_its_button():
    page = _page(f"{HEADLINE}\n\n" + STORY + "What the Valley Says (2)\n" + POSTS
                 + "\nLeave a Reply\nComment\nName *\nEmail *\nPost Remark\n")
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert (kinds["Leave a Reply"], kinds["Post Remark"]) == ("comment_header", "boilerplate")


@pytest.mark.parametrize("line", ["Tell me by e-mail when someone answers.",
                                  "Your address stays private. Boxes marked * must be filled.",
                                  "We never share your e-mail. Spaces flagged with a star need filling in.",
                                  "We will never publish your email address."])
def test_a_comment_forms_instructions_in_any_words_are_furniture(line):
    assert boilerplate_reason(_line(line))


@pytest.mark.parametrize("line", ["Tell me when the county ever told us the truth.",
                                  "Replied to the county twice and heard nothing back."])
def test_a_readers_sentence_is_no_forms_instruction(line):
    assert boilerplate_reason(_line(line)) is None


@pytest.mark.parametrize(("metas", "parents"), [
    (["No. 1 · oldmillrd · 04/03/2018 · 8:14 AM", "No. 2 · Caroline from Yarrow · 04/03/2018 · 9:02 AM · in "
      "response to No. 1"], [None, 0]),
    (["[1] grid_sentinel wrote at 09:42, 12 June 2017", "[2] Dwayne K. wrote at 10:31, 12 June 2017, answering [1] "
      "grid_sentinel"], [None, 0]),
])
def test_a_reply_marker_after_the_date_names_the_post_answered(metas, parents):
    thread = "Responses to this post (2)\n" + "".join(
        f"{meta}\n{text}\n⚑ report · ⇧ 4\n" for meta, text in zip(
            metas, ["The agenda was posted four days ahead.", "I live here and it was posted for two weeks."],
            strict=True))
    page = _page(f"{HEADLINE}\n\n" + STORY + thread)
    ids = [c.id for c in page.comments]
    assert [None if c.parent is None else ids.index(c.parent) for c in page.comments] == parents
    assert page.comments[1].author in ("Caroline from Yarrow", "Dwayne K.")


def test_replied_to_on_a_line_of_its_own_makes_the_post_a_reply():
    thread = ("Forum talk (2)\nPost #1 · skywatcher_ann · Aug 30, 2017 6:02 am\nOrange haze around 4 pm most days.\n\n"
              "Post #2 · dieselmechanic · Aug 30, 2017 7:15 am\nreplied to skywatcher_ann\n"
              "Wildfire smoke maps miss a lot of the thin stuff.\n")
    page = _page(f"{HEADLINE}\n\n" + STORY + thread)
    assert [c.parent for c in page.comments] == [None, page.comments[0].id]


@pytest.mark.parametrize("relay", ["UPI | Relayed by FeedCrawler | June 22, 2017 03:41 PM",
                                   "AFP ⤳ lifted from the agency feed 12 minutes ago · slot #88"])
def test_an_aggregators_relay_line_under_the_headline_is_the_agencys_byline(relay):
    page = _page(f"Runaway alpaca herd tours suburban cul-de-sac\n{relay}\n\n" + STORY)
    bylines = [b for b in page.blocks if b.type is BlockType.BYLINE]
    assert [page.slice(b) for b in bylines] == [relay]


def test_the_agency_named_first_in_a_relay_line_is_its_author():
    relay = "AFP ⤳ lifted from the agency feed 12 minutes ago · slot #88"
    page = _page(f"Runaway alpaca herd tours suburban cul-de-sac\n{relay}\n\n" + STORY)
    assert [b.attrs.get("authors") for b in page.blocks if b.type is BlockType.BYLINE] == [["AFP"]]


@pytest.mark.parametrize(("opening", "place", "agency"), [
    ("June 22 (UPI) -- A herd of alpacas", "June 22", "UPI"),
    ("TSERENGRAD, 12 September (OSTINFORM) - The new metro line", "TSERENGRAD, 12 September", "OSTINFORM"),
])
def test_a_date_for_a_place_or_a_day_before_the_month_still_makes_a_dateline(opening, place, agency):
    found = WIRE_DATELINE.match(opening)
    assert found and (found.group("place"), found.group("agency")) == (place, agency)


def test_a_relay_verb_with_who_and_when_is_a_byline_but_a_sponsors_is_not():
    relayed = "Brought over by the Ledger team ◦ 9 October 2017"
    assert _kinds(f"{HEADLINE}\n{relayed}\n\n" + STORY, rules_only=True)[relayed] == "byline"
    sponsor = "Brought to you by Ridgeline Silver: lock in today's price before the next crash."
    assert boilerplate_reason(_line(sponsor))


@pytest.mark.parametrize("line", [
    "FeedCrawler shows headlines from news services; the full text belongs to each publisher.",
    "WireSieve gathers headlines by machine; every story stays the property of the outlet that printed it.",
    "Porchlight Commons is for members' own picks; original publishers keep every right to their work.",
    "Contact staff reporter Dana Whitcombe at dwhitcombe@ledger.example or 555-0163.",
])
def test_credits_in_the_sites_own_words(line):
    assert credit_reason(_line(line))


def test_a_disclaimer_of_the_views_expressed_stays_furniture():
    line = ("FeedCrawler aggregates headlines from third-party sources. Views expressed belong to the original "
            "publishers.")
    assert credit_reason(_line(line)) is None


@pytest.mark.parametrize("line", [
    "Marisol first shared this wrap with the readers of her own letter, and it is reprinted here with her permission.",
    "This story was reported alongside the Harbor Workers' Newsroom and is carried here under a sharing agreement.",
])
def test_a_credit_said_in_a_writers_words_at_the_foot(line):
    assert _at_foot(line) == "credit"


@pytest.mark.parametrize("line", [
    "Sponsor · Clearwell countertop filters take out what your county won't mention.",
    "Pantry Shop · Organic cold-pressed beet extract, 60 capsules, $24.95",
    "🥕 Psst — which beets to buy comes right after this little note from our shop 🥕",
])
def test_a_sponsors_line_inside_the_story_is_furniture(line):
    text = f"{HEADLINE}\n\n" + STORY.replace("\n\nBoard members", f"\n\n{line}\n\nBoard members")
    assert _kinds(text, rules_only=True)[line] == "boilerplate"


def test_a_thread_whose_cells_are_set_apart_by_bullet_operators_is_read_as_one():
    # "∙" (U+2219) where other sites print "·": every rule reads it as the middle dot
    posts = ("oakridge_tom ∙ 03/09/2018 ∙ 8:14 pm\nSame thing happened to my uncle's pension.\n"
             "Lucinda Vey ∙ 03/09/2018 ∙ 9:02 pm\nDifferent fund, different problem.\n")
    page = _page(f"{HEADLINE}\n\n" + STORY + "Readers Sound Off (2)\n" + posts)
    assert [c.author for c in page.comments] == ["oakridge_tom", "Lucinda Vey"]


@pytest.mark.parametrize("heading", ["Patriots Sound Off · 5",
                                     "7 deckhands chimed in on “Brussels Wants YOUR Herring — And Ottawa Is Happy "
                                     "to Hand It Over Without a Fight”"])
def test_a_threads_heading_counting_after_a_dot_or_quoting_the_headline(heading):
    posts = "".join(f"{name} says:\nMarch 3, 2018 at 9:1{n} pm\nA reader's words, number {n}.\nReply\n"
                    for n, name in enumerate(["Gus Brandvold", "Boyd Kettering"]))
    page = _page(f"{HEADLINE}\n\n" + STORY + f"{heading}\n" + posts)
    assert {page.slice(b): b.type.value for b in page.blocks}[heading] == "comment_header"


@pytest.mark.parametrize("line", [
    "Keep reading at UPI.com — the full story and photo gallery are over there »",
    "Relayed word for word from the Bloomberg feed. Read it where it first ran »",
    "Distributed by Xinhua News Agency.",
    "Story first reported by the Liberty Pulse tip line",
    "Ledger intern Caleb Yoo contributed records research.",
    "Photo shared with permission by Carla J.",
    "Additional fine calculations by a Gazette intern with a pocket calculator.",
])
def test_where_a_story_ran_and_who_helped_are_credits(line):
    assert credit_reason(_line(line))


def test_a_stamp_in_a_sites_own_participle_under_the_byline_is_part_of_it():
    text = f"{HEADLINE}\n\nPenned by Marisol Deane, Holistic Wellness Guide\nLast freshened: March 3, 2018\n\n" + STORY
    assert _kinds(text, rules_only=True)["Last freshened: March 3, 2018"] == "byline"


def test_a_reply_named_after_the_date_with_a_dash_answers_that_commenter():
    thread = ("Forum talk (2)\nBramble_Oak — 03 Nov 2017, 18:02\nThe plan runs to 212 pages.\n\n"
              "quiet_meadow — 03 Nov 2017, 19:40 — in reply to Bramble_Oak\nHousing plans are always long.\n")
    page = _page(f"{HEADLINE}\n\n" + STORY + thread)
    assert [(c.author, c.parent) for c in page.comments] == [("Bramble_Oak", None),
                                                              ("quiet_meadow", page.comments[0].id)]


def test_a_name_with_the_sites_verb_and_a_colon_over_a_date_is_a_commenter():
    posts = "".join(f"{name} sounded off:\nMarch 14, 2018 at 10:{n}2 am\nA reader's words, number {n}.\nAnswer\n"
                    for n, name in enumerate(["Rhonda Kessler", "Gil Navarro"]))
    page = _page(f"{HEADLINE}\n\n" + STORY + "2 Lantern readers sounded off\n" + posts)
    assert [c.author for c in page.comments] == ["Rhonda Kessler", "Gil Navarro"]


@pytest.mark.parametrize(("authors", "site"), [
    ([None, None, "Rhonda K.", "Gil N.", None], [0, 1, 4]),  # a tag line and a heading over the first, a note under
    ([None, "Rhonda K.", None, "Gil N."], []),  # an unnamed comment inside: this system does not name everyone
    ([None, "Rhonda K."], []),  # one named comment is too few to tell
])
def test_the_unnamed_run_over_the_first_named_comment_and_the_last_are_the_sites(authors, site):
    assert site_text_at_the_ends(authors) == site


def test_a_counting_heading_over_the_first_comment_is_the_threads_heading():
    heading = _line("5 Lantern readers sounded off on “Mexico Balks at Asylum Deal as Caravan Swells”")
    assert site_line(heading, above=True)[0] is BlockType.COMMENT_HEADER


@pytest.mark.parametrize(("row", "kinds"), [
    ("11:20\t03.10.2017\tSource: KNA", ["byline", "byline", "credit"]),
    ("Posted Oct 30, 2017 at 11:48 AM\tUpdated Oct 30, 2017 at 6:15 PM", ["byline", "byline"]),
    ("12.10.2017\t14:05", ["byline"]),  # a bare date and time stay one block
])
def test_a_tabbed_stamp_under_the_headline_is_read_cell_by_cell(row, kinds):
    page = _page(f"Grain exports through southern ports up by a quarter\n{row}\n\n" + STORY)
    first = page.text.index(row)
    assert [b.type.value for b in page.blocks if first <= b.start < first + len(row)] == kinds


def test_a_hard_wrapped_dump_keeps_a_reply_meta_line_apart_from_the_comment_under_it():
    from benchmarks.crawler_variants import hard_wrap

    meta = "LakeCo_Patriot  ·  Feb 28, 2018, 6:40 am  ·  replied to Ted Baranski"
    thread = ("Porch Talk (2)\nTed Baranski  ·  Feb 27, 2018, 9:15 pm\n"
              "I drove the shelter van in Millbrook for two years and most riders were local folks who lost homes.\n"
              "Respond · Flag\n"
              f"{meta}\nMostly. That word is doing a lot of work, Ted.\nRespond · Flag\n")
    long_story = STORY.replace("\n\n", " The board will meet again in the spring to hear from the public.\n\n")
    wrapped = hard_wrap(f"{HEADLINE}\n\n" + long_story + thread).text
    page = _page(wrapped)
    assert meta in [page.slice(b) for b in page.blocks if b.type is BlockType.COMMENT_META]
    assert [c.author for c in page.comments] == ["Ted Baranski", "LakeCo_Patriot"]
