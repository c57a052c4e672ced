"""Rules from rounds 146-157: the site's own words where a comment would stand, the heading of pages with no story
and furniture in fresh words."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.classify import comment_header_reason
from newsaudit.anatomy.lines import Line
from newsaudit.pipeline import Pipeline
from tests.test_anatomy_rules import STORY, _kinds

HEADLINE = "County Clerk Delays Ballot Count\n\n"
POSTS = ("Gil Pardee ⋄ Mar 9, 2018 · 10:14 am\nNine days to count ballots. Funny how that works.\n⟲ Answer   ⚑ Flag\n"
         "harborhand_ty ⋄ Mar 9, 2018 · 11:02 am\nI counted ballots for years. Nine days is slow.\n⟲ Answer   ⚑ Flag\n"
         "Renata V. ⋄ Mar 9, 2018 · 1:37 pm\nCalled the clerk. Nice lady took my name down.\n⟲ Answer   ⚑ Flag\n")


def _thread(page_text: str) -> tuple[dict[str, str], list[str]]:
    page = Pipeline().audit(page_text)
    return {page.slice(b): b.type.value for b in page.blocks}, [page.slice(c) for c in page.walk_comments()]


def test_the_sites_rules_over_the_first_comment_and_its_form_under_the_last_are_no_comments():
    rules = "Say what you mean, mean what you say. Notes with threats or spam never make it past the desk."
    kinds, comments = _thread(HEADLINE + STORY + f"Reader Notes (3)\n{rules}\n" + POSTS +
                              "\nLeave your note\nType your note here…\nPost note\n\n© 2018 The Sentinel Brief\n")
    assert comments == ["Nine days to count ballots. Funny how that works.",
                        "I counted ballots for years. Nine days is slow.",
                        "Called the clerk. Nice lady took my name down."]
    assert (kinds[rules], kinds["Leave your note"], kinds["Type your note here…"], kinds["Post note"]) == (
        "comment_policy", "comment_header", "boilerplate", "boilerplate")


def test_a_hosts_notice_under_the_last_comment_is_a_credit_not_a_comment():
    notice = "Soapboxr hosts links and text that members submit; articles belong to the outlets that published them."
    kinds, comments = _thread(HEADLINE + STORY + "Reader Notes (3)\n" + POSTS + f"\nAdd to the thread\n{notice}\n")
    assert len(comments) == 3
    assert (kinds["Add to the thread"], kinds[notice]) == ("comment_header", "credit")


@pytest.mark.parametrize("first_author", [
    "Brenda Kowalczyk",
    "Brenda Kowalczyk · Top Commenter · Works at Mercy Health",  # the system's cells after the name
])
def test_a_forms_prompt_over_the_first_comment_leaves_the_comment_its_author(first_author):
    thread = (f"3 Comments\nSort by Oldest\nSay something nice...\n{first_author}\nGive that boy a steak!\n"
              "Like · Reply · 41 · 3d\nTerri Lund\nBeagles never forget where home is.\nLike · Reply · 9 · 3d\n"
              "Dale Honeycutt\nSixty miles with a sore paw.\nLike · Reply · 27 · 2d\n")
    page = Pipeline().audit(HEADLINE + STORY + thread)
    first = next(page.walk_comments())
    assert (page.slice(first), first.author) == ("Give that boy a steak!", "Brenda Kowalczyk")
    assert {page.slice(b): b.type.value for b in page.blocks}["Say something nice..."] == "comment_header"


@pytest.mark.parametrize(("text", "title"), [
    # a bare status code, then the site's words for what happened
    ("THE RIDGE REPORT\nHome | Politics | Store\nError 404\nWhatever Was Here Has Gone Dark\n"
     "The page you tried to reach was moved, taken down, or never existed.\nTry searching the archive instead:\n",
     "Whatever Was Here Has Gone Dark"),
    # an author's archive of teasers
    ("THE BORDERLINE BEACON\nHome | News | Columns\nAll stories by Dale Pruitt\n\n"
     "County Quietly Doubles Budget for Liaisons\nJune 28, 2018 · by Dale Pruitt · 41 replies\n\n"
     "Sheriff Says No to Registry Plan Again\nJune 12, 2018 · by Dale Pruitt · 12 replies\n\n"
     "Water Board Meets Behind Closed Doors\nMay 30, 2018 · by Dale Pruitt · 7 replies\n",
     "All stories by Dale Pruitt"),
    # a month's archive, each teaser closed by "Continue →"
    ("AWAKENED MINDS DAILY\nHome · World · Archives\nMonthly archives: November 2016\n\n"
     "Why the Polls Missed: The Algorithm Nobody Audited\nby Lance Tubberville · November 28, 2016\n"
     "Every major poll used the same software. We traced it.\nContinue →\n\n"
     "The Black Helicopters Over Route 12 Were Real. Here's the Tail Number.\nby Ada Fenwright · November 4, 2016\n"
     "Three readers sent us the same photo.\nContinue →\n",
     "Monthly archives: November 2016"),
])
def test_the_heading_of_a_page_with_no_story_in_the_sites_words_is_its_title(text, title):
    page = Pipeline().audit(text)
    assert page.summary["anatomy"]["no_story"]
    assert [page.slice(b) for b in page.blocks if b.type.value == "title"] == [title]


@pytest.mark.parametrize("line", [
    "If this made your morning, pass it to somebody who needs it today.",  # a plea put as a condition
    "Wellness notice: The information on this page has not been evaluated by the Food and Drug Administration.",
    "Honk if you agree: Share · Forward · Laminate",  # a share bar after a lead-in
    "The Plunger is a humor publication. Any resemblance to real geese, living or elected, is a coincidence.",
    "⏩ YOU'LL WANT THIS ONE TOO: Poll Worker Finds Box Of Ballots In Church Basement",
    "The Prairie Dispatch is free to read because members chip in. Become a member for $5 a month.",
    "🌱 Back in stock: our small-batch golden milk blend — grab a jar before winter does",  # the shop's restock
    "Seen by 7,433 readers",  # a counter in words
])
def test_furniture_in_fresh_words_between_paragraphs(line):
    assert _kinds(HEADLINE + STORY + line + "\n\n" + STORY).get(line) == "boilerplate"


def test_a_boards_ownership_notice_naming_its_people_is_a_credit():
    notice = "Posts on PorchLight Commons belong to the people and publications who wrote them."
    assert _kinds(HEADLINE + STORY + notice + "\n", rules_only=True)[notice] == "credit"


def test_a_name_and_when_the_piece_went_up_under_the_headline_is_the_byline():
    line = "Kayla Brightwater · 3 days ago"
    assert _kinds(f"{HEADLINE}{line}\n\n" + STORY, rules_only=True)[line] == "byline"


@pytest.mark.parametrize("heading", ["Weigh in", "Chime in below", "Leave your note", "Add to the thread",
                                     "Post a reply to this article"])
def test_a_comment_forms_heading_in_fresh_words(heading):
    assert comment_header_reason(Line(0, 0, len(heading), 0, heading))
