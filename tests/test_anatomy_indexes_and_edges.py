"""Anatomy rules from the errors of blind rounds 110-117: index pages whose teasers wear their date in the site's own
words, and the story's edges."""

from __future__ import annotations

from newsaudit.pipeline import Pipeline
from tests.test_anatomy_rules import STORY

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
