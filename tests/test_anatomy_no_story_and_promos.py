"""Rules from rounds 130-137: pages with no story in the shop's own words, promos and labels around the story."""

from __future__ import annotations

import pytest

from newsaudit.pipeline import Pipeline
from tests.test_anatomy_rules import STORY, _kinds

HEADLINE = "Library Board Votes to Close East Branch\n\n"


def _in_story(line: str) -> str | None:
    """The type ``line`` gets standing between two runs of a story's paragraphs."""
    return _kinds(HEADLINE + STORY + line + "\n\n" + STORY).get(line)


@pytest.mark.parametrize("offer", [
    # scarcity behind a pictograph, a price "today", a money-back promise, a cart button
    "⚡ Only 38 tins left in the warehouse\nRegular $60 · Today $39\nPut it in my basket\n"
    "Backed by our 90-day money-back pledge.\n",
    # a deadline, a buyer's "yes", the nav's cart count and the checkout's next step
    "Shop · Remedies · Cart (2)\nThe offer ends Friday at noon.\nYES, SEND MY TINS\nContinue to checkout ›\n",
])
def test_a_sales_page_in_the_shops_own_words_has_no_story(offer):
    page = Pipeline().audit(
        "HEARTHSIDE TONICS\nOur Story | Reviews | Contact\n\nThe Elderberry Winter Tin Is Back\n\n"
        "Four blends. Thirty evenings. A calmer winter.\n"
        "✔ Elderberry syrup (8 oz)\n✔ Ginger chews (30)\n\n" + offer +
        "\n\"Best thing I bought all year.\" — Marla T., Duluth\n\n© 2018 Hearthside Tonics LLC\n")
    assert page.summary["anatomy"]["no_story"].startswith("a shop, sales or donation page")
    assert not page.blocks_of(page.blocks[0].type.PARAGRAPH)


def test_a_story_that_quotes_a_deal_keeps_its_story():
    deal = ("The county's offer ends Friday, officials said. Only 12 seats left on the board's panel.\n\n"
            "Residents who attended said today $40 buys less than it did.\n\n")
    page = Pipeline().audit(HEADLINE + STORY * 2 + deal + STORY * 2)
    assert not page.summary["anatomy"].get("no_story")


@pytest.mark.parametrize("line", [
    # pointers down the page to the story's rest
    "⇢ The board's vote keeps going right after this short note from a sponsor ⇣",
    "Stay with us — the best part of the recipe sits just under the next box ↓",
    "Don't quit now: the second half of this column resumes below the graphic",
    "🐾 The happy ending is right after this — scroll on!",
    # a lead-in, an onward arrow and another story's headline
    "RELATED ⟶ School board weighs later start times for high schools",
    "Dug up from our archive ⇢ How a township beat the meter rule in 1998",
    # ... or a colon after a lead-in that offers the next read
    "You might want this next: 7 broth mistakes that cancel out the benefits",
    "More from the Millpond Ledger: Why my well tests came back twice as salty",
    # pleas to pass the page on, a disclosure of paid links
    "Send this up the road:", "Hand it to a neighbour who still reads the paper!", "Pin this before it's gone — "
    "tap the photo!", "Tap 👍 and share if this made your morning!",
    "Full transparency: some links below send a small thank-you our way when you order.",
    # the site asks its readers for money, saying how it is paid for or where to send a cheque
    "The Millrace runs no ads and takes no grants. If this was worth your morning coffee, chip in.",
    "Stand with the Courier: checks payable to Courier Press, P.O. Box 118, Oak Ferry",
    # a post's tags after a verb of filing
    "Sorted into: #libraries #marden-county #ballot-measures", "Shelved in: Trade, Jobs, Economy",
    # a widget's counter behind a pictograph
    "💬 0 replies so far — start the conversation", "👁 6,012 looks · comments are off on this story",
    # rounds 138-141: more of the same in other words
    "[ Ada's letter goes on after a short word from the people who keep this board running ]",
    "Read next ▹ Home health aides in three states vote to unionize",
    "👀 Also doing the rounds today: This Cat Rode the Bus Every Day. The Reason Will Surprise You.",
    "The Courier is kept alive by members, not advertisers. Become one for $5 a month.",
    "💛 SHARE if you believe every stray deserves a way home!",
    "The views in guest columns are the writer's own and not necessarily those of The Hearth.",
])
def test_furniture_told_by_shape_in_fresh_words(line):
    assert _in_story(line) == "boilerplate"


@pytest.mark.parametrize("prose", [
    # reporting that mentions the page or a place below something, and an arrow in a thread's reply line
    "The river continues below the dam for six miles, the county engineer said, and the rest of the report is due.",
    "Spending → up 4% in the second quarter, the treasurer's report shows.",
    # a lead-in that is a sentence's start, not an offer
    "More importantly: the council voted to delay the levy until the fall.",
])
def test_prose_about_places_and_arrows_in_sentences_stays_story(prose):
    assert _in_story(prose) == "paragraph"


@pytest.mark.parametrize(("text", "kind"), [
    # an error page whose status code opens a sentence after an apology
    ("THE RIDGE REPORTER\nHome · Politics · Shop\nOops, that's on us. This story has slipped away.\n"
     "Error 410 — the story you followed was taken down by its author or moved elsewhere on the site.\n"
     "Search the archive:\n\nWhat others are reading\nSenate Deal Collapses After Late-Night Walkout\n"
     "November 14, 2017 · by Ridge Staff · 88 comments\n", "an error page"),
    # a board's notice where a removed post stood, its rules under it
    ("HOMESTEAD COMMONS\nFront Page · New · Boards · Sign in\n\nThis post has been taken down\n\n"
     "A moderator removed this post on June 2, 2017 because it copied an entire paywalled article.\n"
     "The discussion under this post is locked.\n\nBoard rules\n1. Link to the original source.\n"
     "2. No personal attacks on members.\n\n← Back to World News\n", "a removed post's notice"),
])
def test_an_error_page_or_a_removed_posts_notice_has_no_story(text, kind):
    page = Pipeline().audit(text)
    assert page.summary["anatomy"]["no_story"].startswith(kind)


@pytest.mark.parametrize("line", [
    "The paper runs no ads and depends on readers, its editor said, and it needs $40,000 by June.",
    "Posted: Mar 22, 2018 4:15 PM EDT | Updated: Mar 22, 2018 6:40 PM EDT",
    "↳ Reply from DixieMom · 7 hours ago",
])
def test_reporting_on_money_a_posted_date_and_a_reply_line_are_no_such_furniture(line):
    assert _in_story(line) != "boilerplate"


@pytest.mark.parametrize("line", [
    "Nobody has answered this yet — be the first to chime in ↓",  # an empty thread's prompt
    "💬 No replies yet — start the thread",
    "No one has weighed in yet. Say something ↓",
    "[Chart: Round-trip fares by route, current and proposed]",  # a placeholder where a graphic stood
])
def test_an_empty_threads_prompt_and_a_graphics_placeholder_are_furniture(line):
    assert _in_story(line) == "boilerplate"


def test_a_list_of_the_posters_other_posts_is_furniture():
    links = ["More shared by maple_ridge_dana", "The bus route cuts nobody voted on",
             "Our library just lost its Saturday hours"]
    kinds = _kinds(HEADLINE + STORY + "\n".join(links) + "\n")
    assert [kinds[line] for line in links] == ["boilerplate"] * 3


def test_a_pasted_pieces_headline_the_poster_quoted_is_no_pull_quote():
    headline = "They Called It a Buyout. It Was a Closing Notice."
    kinds = _kinds(f'{HEADLINE}A friend sent me this column, "{headline}", and I could not sit on it.\n\n'
                   f"{headline}\nBy Everett Sandal\n\n" + STORY)
    assert kinds[headline] != "boilerplate"
