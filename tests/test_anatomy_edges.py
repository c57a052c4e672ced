"""The edges of a story (issue 18): promos, bios, credits, captions, titles, and pages with no story at all."""

from __future__ import annotations

import pytest

from newsaudit.page import BlockType, Page
from newsaudit.pipeline import Pipeline, PipelineConfig

STORY = (
    "The county commission voted four to one on Tuesday to raise the property tax levy by two percent, the "
    "first increase in six years, after a three-hour hearing that drew more than a hundred residents.",
    "Commissioner Dale Horvath, who cast the only vote against, said the county should have cut spending "
    "on consultants first. \"We are asking families to pay for our own mistakes,\" he said.",
    "The increase takes effect in January and will add about forty dollars a year to the bill of a typical "
    "home, according to the county treasurer's office, which will mail new statements in December.",
)


@pytest.fixture(scope="module")
def anatomy() -> Pipeline:
    return Pipeline(PipelineConfig(stages=("anatomy",)))


@pytest.fixture(scope="module")
def rules_only() -> Pipeline:
    """The rules without the learned line check, for what the rules themselves must decide."""
    from newsaudit.stages.anatomy import AnatomyConfig

    return Pipeline(PipelineConfig(stages=("anatomy",), stage_config={"anatomy": AnatomyConfig(line_check=False)}))


def typed(page: Page, text: str) -> BlockType | None:
    """The type of the block that holds ``text`` exactly (stripped), or None."""
    for block in page.blocks:
        if page.slice(block).strip() == text:
            return block.type
    return None


def page_with(*middle: str, title: str = "County raises property tax levy for the first time in six years",
              after: tuple[str, ...] = ()) -> str:
    return "\n\n".join((title, "By Jane Roe", STORY[0], *middle, STORY[1], STORY[2], *after))


@pytest.mark.parametrize("promo", [
    "READ ALSO: The Contractor That Billed $14,000 for a Coffee Maker",
    "SPONSORED: Texas Drivers Are Furious About This New Insurance Rule",
    "Continue reading: State Official Admits Voter-Roll Purge Used the Wrong List",
    "CLICK HERE to get the new book, \"Counted Out\", free with a subscription",
    "Related: Former Coal Lobbyist Now Runs the Office That Writes the Coal Rules",
])
def test_promo_lines_inside_the_story_are_furniture(anatomy, promo):
    page = anatomy.audit(page_with(promo))
    assert typed(page, promo) is BlockType.BOILERPLATE
    assert typed(page, STORY[1]) is BlockType.PARAGRAPH


def test_a_story_paragraph_that_mentions_the_newsletter_stays_story(anatomy):
    paragraph = ("We will keep publishing the names of these companies as we confirm them, county by county. If "
                 "you want the next installment in your inbox before anyone else, sign up for our newsletter at "
                 "the bottom of this page, and if you know a farmer who was approached, write to us.")
    page = anatomy.audit(page_with(paragraph))
    assert typed(page, paragraph) is BlockType.PARAGRAPH


def test_a_closing_bio_is_a_byline_and_a_closing_news_paragraph_is_not(anatomy):
    bio = "Jane Roe is a freelance writer who lives in Dayton, Ohio, where she covers labor and housing."
    page = anatomy.audit(page_with(after=(bio,)))
    assert typed(page, bio) is BlockType.BYLINE
    news = "Horvath is a retired farmer who has served on the commission since 2009."
    page = anatomy.audit(page_with(after=(news,)))
    assert typed(page, news) is BlockType.PARAGRAPH


def test_an_about_the_author_heading_and_its_bio_are_bylines(anatomy):
    page = anatomy.audit(page_with(after=("About the Author",
                                          "Jane Roe has reported on county government for twelve years.")))
    assert typed(page, "About the Author") is BlockType.BYLINE
    assert typed(page, "Jane Roe has reported on county government for twelve years.") is BlockType.BYLINE


def test_site_tagline_and_deck_are_not_the_title(anatomy):
    title = "Poll Workers in Marlow County Say They Were Told to Stop Asking Questions"
    deck = ("Two former election judges describe a night of unlocked ballot bags, missing logs and a supervisor "
            "who \"didn't want anything in writing.\"")
    text = "\n\n".join(("Liberty Ledger — News the Coastal Media Won't Touch", title, deck, "By Jane Roe", *STORY))
    page = anatomy.audit(text)
    assert page.title == title
    assert typed(page, "Liberty Ledger — News the Coastal Media Won't Touch") is BlockType.BOILERPLATE


def test_a_sentence_case_deck_under_a_title_case_headline_is_story(anatomy):
    title = "Big Tech's Purge Widens: Three Platforms, One Week, Zero Explanations"
    deck = "Conservative pages report collapsing reach as Silicon Valley rewrites its rules behind closed doors"
    text = "\n".join(("Eagle Forge News", "TECH TYRANNY", title, deck, "By Brett Callander", *STORY))
    assert anatomy.audit(text).title == title


def test_a_network_named_between_paragraphs_is_a_subheading_not_a_share_button(anatomy):
    page = anatomy.audit(page_with("Facebook"))
    assert typed(page, "Facebook") is BlockType.PARAGRAPH
    shared = anatomy.audit(page_with(after=("Share this:", "Facebook", "Twitter")))
    assert typed(shared, "Facebook") is BlockType.BOILERPLATE


def test_an_inline_agency_photo_credit_is_split_from_its_caption(anatomy):
    caption = "Voters wait in line outside the courthouse in Hollins on Nov. 7, 2017."
    page = anatomy.audit(page_with(f"{caption} (AP Photo/Carla Benning)"))
    assert typed(page, caption) is BlockType.BOILERPLATE
    assert typed(page, "(AP Photo/Carla Benning)") is BlockType.CREDIT


def index_page() -> str:
    teasers = []
    for i, day in enumerate((9, 7, 6, 3)):
        teasers.append(f"Headline number {i} about the bureau and its field offices\nMarch {day}, 2017 by Hank Duval\n"
                       f"A former agent says a memo instructed field offices to slow-walk complaints, part {i}.\n"
                       "Read more »")
    return "\n\n".join(("The Heartland Reckoning", "Category: Deep State", *teasers))


SHOP_PAGE = "\n".join((
    "FREE SHIPPING on all orders over $49", "Cart (0)", "", "The StormReady 72-Hour Grid-Down Kit", "",
    "When the lights go out and the shelves go empty, will your family be ready?",
    "★★★★★ 4.8 out of 5 (1,243 reviews)", "Regular price $249.99", "Sale price $179.99", "ADD TO CART",
    "Every kit is packed by hand in our Idaho warehouse by veterans and their families, and every meal in it "
    "is made in the United States from ingredients we would feed our own children.",
))
ERROR_PAGE = "\n\n".join(("Oops! That page can't be found.", "Page not found",
                          "It looks like nothing was found at this location. Maybe try one of the links below "
                          "or a search? The story you were looking for may have been moved or deleted.",
                          "Search for:", "Recent Posts"))

PETITION_PAGE = "\n".join((
    "CITIZENS FOR CLEAN COURTS", "Home", "Petitions", "Donate", "",
    "PETITION: Tell the Legislature to Publish Every Judge's Travel Expenses",
    "Judges fly to resorts on your dime and the receipts stay sealed. Add your name and demand they be published.",
    "11,402 signatures", "First Name", "Last Name", "Email", "ZIP Code", "SIGN THE PETITION",
    "By signing, you agree to receive email updates from Citizens for Clean Courts.",
))
MEMBERSHIP_PAGE = "\n".join((
    "THE NIGHTWATCH SHOW", "Join the Nightwatch Inner Circle",
    "Ad-free episodes, the whole vault and a seat in the monthly live chat.", "Choose your plan",
    "$4.99 / month", "Join Monthly", "$49 / year", "Join Yearly", "Already a member? Log in.",
))
ABOUT_PAGE = "\n\n".join((
    "The Prairie Bulletin", "Home | News | Opinion | About", "About Us",
    "The Prairie Bulletin was started in 2014 by three former county reporters who thought the big papers had "
    "stopped covering the towns between the interstates.",
    "We are funded by our readers and by local advertisers, and we answer to nobody else.",
    "Editor: Walt Brenneman\nReporter: Nadia Ferris", "Tips: tips@prairiebulletin.example",
))

GUIDELINES_PAGE = "\n\n".join((
    "THE COLONIAL SENTRY", "Home | News | Opinion | Write for Us", "Submission Guidelines",
    "The Colonial Sentry welcomes essays from readers who love their country and are tired of being lectured.",
    "Send pieces of 500 to 1,000 words to editor@colonialsentry.example with a one-line bio. We do not pay.",
))
SITEMAP_PAGE = "\n".join((
    "THE COLONIAL SENTRY", "Home | News | Opinion", "", "Site Map", "", "Pages", "• About", "• Contact", "",
    "Posts", "• Judge Orders County to Reopen Ballot Boxes", "• The Senator Who Never Reads the Bills",
    "• Five Things the Census Bureau Won't Tell You",
))
EPISODES_PAGE = "\n".join((
    "RADIO FREE PRAIRIE", "Home", "Shows", "Store", "Episode Archive",
    "Ep. 212: The Water Rights Nobody Voted On", "Play · Download", "Ep. 211: A Sheriff Who Says No",
    "Play · Download",
))

EVENTS_PAGE = "\n".join((
    "Patriot Moms of Ohio", "Home | Events | Donate", "Upcoming Events",
    "FRI, JUN 8, 2018 · 6:30 PM", "School Board Watch Night", "Library Hall, Dayton, OH", "RSVP",
    "SAT, JUN 16, 2018 · 10:00 AM", "Flag Day Picnic", "Eastwood Park, Dayton, OH", "RSVP",
    "TUE, JUN 19, 2018 · 7:00 PM", "Town Hall on Curriculum", "VFW Post 88, Kettering, OH", "RSVP",
))
MOVED_PAGE = "\n\n".join(("LIBERTY LANTERN", "This Site Has Moved!",
                           "Please update your bookmarks: every story now lives at libertylantern.example.",
                           "Thank you for reading, and see you there."))

POLL_PAGE = "\n".join((
    "THE BORDER BUGLE", "Reader Poll Results", "Should the county end its sanctuary policy?",
    "Yes, end it now — 88% (12,410 votes)", "Only for repeat offenders — 9% (1,270 votes)",
    "No, keep it — 3% (423 votes)", "Total votes: 14,103",
))
EMAIL_FORM_PAGE = "\n".join((
    "THE VALLEY POST", "Email This Story", "County Raises Its Levy for the First Time in Six Years",
    "Recipient's email address", "Your name", "Your email address", "Add a personal message (optional)",
    "Send me a copy of this email", "Please type the characters you see in the image:", "Send",
))
ADBLOCK_PAGE = "\n\n".join((
    "THE FREEDOM LEDGER", "We noticed you are using an ad blocker.",
    "Our reporters are paid by our advertisers. Please add freedomledger.example to the allowed list of your "
    "ad blocker, or become a member for $2.99 a month.", "I have turned off my ad blocker — refresh",
))


@pytest.mark.parametrize(("text", "kind"), [(index_page(), "index"), (SHOP_PAGE, "shop"), (ERROR_PAGE, "error"),
                                            (POLL_PAGE, "poll"), (ADBLOCK_PAGE, "ad-blocker"),
                                            (EMAIL_FORM_PAGE, "e-mail form"),
                                            (EVENTS_PAGE, "events"), (MOVED_PAGE, "unavailable"),
                                            (PETITION_PAGE, "form page"), (MEMBERSHIP_PAGE, "form page"),
                                            (ABOUT_PAGE, "about itself"), (GUIDELINES_PAGE, "about itself"),
                                            (SITEMAP_PAGE, "index"), (EPISODES_PAGE, "index")])
def test_pages_with_no_story_are_reported_as_such(anatomy, text, kind):
    page = anatomy.audit(text)
    summary = page.summary["anatomy"]
    assert summary["has_article"] is False
    assert kind in summary["no_story"]
    assert not page.blocks_of(BlockType.PARAGRAPH, BlockType.INSERTION)


def test_the_heading_of_an_index_page_is_its_title(anatomy):
    assert anatomy.audit(index_page()).title == "Category: Deep State"


@pytest.mark.parametrize("head", ["The Pentagon Has Moved 2,000 Troops to the Border", "THE ARCHIVE"])
def test_a_short_story_under_a_moved_headline_or_an_archive_s_name_is_still_an_article(anatomy, head):
    summary = anatomy.audit("\n\n".join((head, "By Jane Roe", *STORY))).summary["anatomy"]
    assert summary["has_article"] is True and summary["no_story"] is None


def test_a_short_story_over_a_sign_up_form_is_still_an_article(anatomy):
    form = ("Get the Morning Brief", "First name", "Email address", "ZIP code",
            "By subscribing, you agree to our terms.")
    summary = anatomy.audit("\n\n".join((page_with(), "\n".join(form)))).summary["anatomy"]
    assert summary["has_article"] is True and summary["no_story"] is None


def test_a_market_report_full_of_prices_is_still_an_article(anatomy):
    report = "\n\n".join(("Gold rises $25 as the dollar slips", "By Harvey Organ", *STORY,
                          "GOLD: $1357.15 UP $25.00", "Silver: $17.50 UP 56 cents", "Gold $1359.00",
                          "Silver $17.55"))
    summary = anatomy.audit(report).summary["anatomy"]
    assert summary["has_article"] is True and summary["no_story"] is None


def test_credit_and_byline_phrasings(anatomy):
    credit = "This piece was originally produced for and posted by Rustbelt Dispatch."
    page = anatomy.audit(page_with(after=(credit,)).replace("By Jane Roe", "By Dr. Jane Roe"))
    assert typed(page, credit) is BlockType.CREDIT
    assert typed(page, "By Dr. Jane Roe") is BlockType.BYLINE


def test_a_question_headline_in_title_case_is_the_title(anatomy):
    title = "Why Is NATO Rehearsing a War Nobody Admits Is Coming?"
    text = "\n\n".join(("Meridian Watch - Independent Voices Against Empire", title, "Written by Nick Sorrell",
                       *STORY))
    assert anatomy.audit(text).title == title


def test_a_newsletter_box_is_furniture_line_by_line(anatomy):
    box = ("Get Blue Prairie in your inbox",
           "The day's most important progressive news, every weekday morning. Free.", "Email address", "Sign up")
    page = anatomy.audit(page_with("\n".join(box)))
    assert [typed(page, line) for line in box] == [BlockType.BOILERPLATE] * 4


def test_menus_around_the_story_are_furniture_and_lists_inside_it_are_story(rules_only):
    # the rules keep a bare list of names inside the story; the learned check, which has seen such runs of short
    # lines between paragraphs mostly as widgets, may not (it needs P > 0.8 there)
    menu = ("Home", "World", "Sport", "Video", "Opinion")
    names = ("Olivia Alsip", "Daniel Meltzer", "Gabriel Mielke", "Spencer Kaaz")
    text = "\n".join(("County raises property tax levy", *menu, STORY[0], *names, STORY[1], STORY[2], *menu))
    page = rules_only.audit(text)
    assert all(typed(page, name) is BlockType.PARAGRAPH for name in names)
    menus = [b for b in page.blocks if page.slice(b).strip() in menu]
    assert len(menus) == 10 and all(b.type is BlockType.BOILERPLATE for b in menus)


def test_disqus_meta_with_a_spelled_out_age(anatomy):
    text = "\n\n".join((page_with(), "3 Comments", "Pete Sandoval → Liberty_Belle_88 • a year ago",
                       "Did anyone read the filings?", "Guest • a year ago", "Where can I read them?"))
    page = anatomy.audit(text)
    assert [c.author for c in page.comments] == ["Pete Sandoval", "Guest"]


LOGIN_PAGE = "\n".join((
    "THE HEARTLAND INSIDER", "Home  News  Investigations  Members  Shop  Donate", "", "Member Login",
    "This content is restricted to Heartland Insider Premium members. Please log in below to keep reading.",
    "Username or Email Address", "Password", "Remember Me", "Lost your password?", "", "Not a member yet?", "Join Now",
))


def test_a_log_in_wall_is_a_page_without_a_story_headed_by_its_form(anatomy):
    page = anatomy.audit(LOGIN_PAGE)
    assert page.summary["anatomy"]["has_article"] is False and "log-in" in page.summary["anatomy"]["no_story"]
    assert page.title == "Member Login"
    assert typed(page, "Home  News  Investigations  Members  Shop  Donate") is BlockType.BOILERPLATE
    # furniture is typed a line at a time, as the stage types it on article pages
    assert typed(page, "Password") is BlockType.BOILERPLATE


def test_an_error_page_is_headed_by_its_words_not_its_number(anatomy):
    text = "\n\n".join(("Red Line Dispatch", "404", "Page Not Found", "Oops! That page can't be found.",
                        "Recent Posts\nFive Questions the Media Refused to Ask\nGun Owners Pack County Meeting"))
    page = anatomy.audit(text)
    assert page.title == "Page Not Found" and page.summary["anatomy"]["has_article"] is False


def test_a_deck_under_a_sentence_case_headline_is_story(anatomy):
    title = "County approves $4.2 million fix for Old Quarry Road bridge"
    deck = "Residents who have detoured for 18 months say the repair can't come soon enough"
    text = "\n\n".join(("The Hollis Creek Ledger", "News › Local", title, deck, "By Jane Roe", *STORY))
    page = anatomy.audit(text)
    assert page.title == title and typed(page, deck) is BlockType.PARAGRAPH


def test_a_forum_thread_reads_subject_lines_as_meta_and_authors_without_by(anatomy):
    thread = "\n".join(("Reader Forum: 2 replies", "Re: County raises property tax levy",
                        "by elkhorn_jim » Tue Oct 16, 2018 7:41 am", "Nobody asked the farmers, as usual.",
                        "Re: County raises property tax levy", "by ShawnaP » Tue Oct 16, 2018 9:12 am",
                        "Forty dollars a year is not the end of the world."))
    page = anatomy.audit(page_with() + "\n\n" + thread)
    assert [c.author for c in page.comments] == ["elkhorn_jim", "ShawnaP"]
    assert typed(page, "Reader Forum: 2 replies") is BlockType.COMMENT_HEADER
    assert [b.type for b in page.blocks if page.slice(b).startswith("Re: ")] == [BlockType.COMMENT_META] * 2


@pytest.mark.parametrize("bio", [
    "— Tom Rogan is a writer, a panelist on a weekly show, and a fellow at a think tank.",
    "Michael Rubin (@Mrubin1971) is a contributor to the Examiner's blog.",
    "Tyler Cochran studies Political Science and Religion at Missouri State University.",
])
def test_closing_bios_in_other_shapes(anatomy, bio):
    assert typed(anatomy.audit(page_with(after=(bio,))), bio) is BlockType.BYLINE


@pytest.mark.parametrize(("line", "kind"), [
    ("Credit to Infowars", BlockType.CREDIT), ("Email: editor@example.org", BlockType.CREDIT),
    ("This column first ran on the Daily Ledger.", BlockType.CREDIT),
    ("You can support my work through my PayPal account. Thanks", BlockType.BOILERPLATE),
    ("Check Me out On Youtube", BlockType.BOILERPLATE),
])
def test_sign_offs_at_the_foot(anatomy, line, kind):
    assert typed(anatomy.audit(page_with(after=(line,))), line) is kind


def test_an_author_archive_is_an_index_page(anatomy):
    teasers = [f"Aug {day}, 2017 — Mark Smyth\nA teaser sentence about a story the columnist wrote, number {day}."
               for day in (26, 21, 4)]
    text = "\n\n".join(("Mark Smyth", "Most Recent Articles by Mark Smyth:", *teasers))
    assert anatomy.audit(text).summary["anatomy"]["has_article"] is False


def test_a_story_with_a_sidebar_of_teasers_and_a_log_in_box_is_still_an_article(anatomy):
    sidebar = "\n".join(f"Headline {i} about something else\nMarch {i}, 2017 by Staff\nRead more »" for i in (3, 4, 5))
    login = "Log in\nUsername\nPassword\nRemember me\nLost your password?"
    text = "\n\n".join((page_with(after=(STORY[0], STORY[1])), sidebar, login))
    summary = anatomy.audit(text).summary["anatomy"]
    assert summary["has_article"] is True and summary["no_story"] is None


def test_a_german_wordpress_thread(anatomy):
    thread = "\n".join(("5 Kommentare zu „County raises property tax levy“", "Anhora sagt:", "06.01.2020 um 9:16",
                        "Beide Bilder sind toll, das erste hat die bessere Qualität.", "Antworten",
                        "gnaddrig sagt:", "06.01.2020 um 9:58", "Danke, ich finde auch.", "Antworten"))
    page = anatomy.audit(page_with() + "\n\n" + thread)
    assert [c.author for c in page.comments] == ["Anhora", "gnaddrig"]
    assert typed(page, "5 Kommentare zu „County raises property tax levy“") is BlockType.COMMENT_HEADER
    assert typed(page, "Antworten") is BlockType.BOILERPLATE


def test_wrote_on_a_date_heads_a_comment(anatomy):
    thread = "\n\n".join(("2 comments", "Alexander Petrov wrote on March 11th, 2015 at 02:57:",
                          "How do you abort a fetch?", "Reply", "Nikhil Marathe wrote on March 11th, 2015 at 08:00:",
                          "At this point there is no way to do so.", "Reply"))
    page = anatomy.audit(page_with() + "\n\n" + thread)
    assert [c.author for c in page.comments] == ["Alexander Petrov", "Nikhil Marathe"]


def test_a_rule_line_between_paragraphs_stays_furniture(anatomy):
    assert typed(anatomy.audit(page_with("___")), "___") is BlockType.BOILERPLATE


def test_a_local_photo_credit_in_brackets_is_a_credit(anatomy):
    page = anatomy.audit(page_with("Crews replace a sewer main on Elm Street.\n(Courier photo/Dan Whitlock)"))
    assert typed(page, "(Courier photo/Dan Whitlock)") is BlockType.CREDIT


@pytest.mark.parametrize("line", [
    "Like this story? Share it with a friend!",
    "The Daily Spud is a satirical publication. Its articles are works of fiction.",
    "MarketPulse Wire is not responsible for the content of press releases distributed through it.",
    "Wednesday, March 14, 2018  |  41°F Clear  |  e-Edition  |  Sign In  |  Subscribe",
    "Cookies help us deliver our services. By using this site, you agree to our use of cookies.",
    "BREAKING >>> Poll Workers Caught On Tape? Watch Before It's Deleted >>> FBI Sources Talk",
    "Get the stories the media won't cover. Join 250,000 patriots on our email list.",
])
def test_appeals_and_disclaimers_at_the_foot_are_furniture(anatomy, line):
    assert typed(anatomy.audit(page_with(after=(line,))), line) is BlockType.BOILERPLATE


def test_a_donation_page_has_no_story(anatomy):
    text = "\n".join(("The American Sentinel Review", "", "Support Independent Media", "",
                      "For twelve years we have reported the stories the corporate press ignores. Will you help?",
                      "Choose an amount", "$10", "$25", "$50", "Other amount", "One-time", "Monthly", "Donate now"))
    assert anatomy.audit(text).summary["anatomy"]["has_article"] is False


def test_the_learned_line_check_retypes_furniture_below_the_story_and_says_why(anatomy):
    promo = "Why Doctors Are Furious About One Simple Kitchen Trick"  # no "this": the rules leave it
    page = anatomy.audit(page_with(after=(promo,)))
    block = next(b for b in page.blocks if page.slice(b) == promo)
    assert block.type is BlockType.BOILERPLATE
    assert block.reason.startswith("learned line check: boilerplate at p=")
    assert all(typed(page, paragraph) is BlockType.PARAGRAPH for paragraph in STORY)


def test_the_learned_line_check_leaves_the_story_s_own_lines_and_can_be_switched_off():
    from newsaudit.stages.anatomy import AnatomyConfig

    promo = "Why Doctors Are Furious About One Simple Kitchen Trick"  # no "this": the rules leave it
    rules_only = Pipeline(PipelineConfig(stages=("anatomy",),
                                         stage_config={"anatomy": AnatomyConfig(line_check=False)}))
    assert typed(rules_only.audit(page_with(after=(promo,))), promo) is BlockType.PARAGRAPH
    # a short line between the story's paragraphs is the story's own (a subheading), whatever it looks like
    checked = Pipeline(PipelineConfig(stages=("anatomy",))).audit(page_with("Advantages"))
    assert typed(checked, "Advantages") is BlockType.PARAGRAPH


def test_the_learned_line_check_never_takes_a_paragraph_that_opens_with_its_dateline(anatomy):
    # found by the property tests: a two-line dump has no prose, so every line stands "above the story"
    page = anatomy.audit("Senate passes the bill after long debate\nPARIS, March 3 (AFP) — The minister resigned.")
    assert typed(page, "PARIS, March 3 (AFP) — The minister resigned.") is BlockType.PARAGRAPH


@pytest.mark.parametrize(("line", "kind"), [
    ("[1] Base Structure Report, Department of Defense, fiscal year 2015.", BlockType.CREDIT),
    ("The original source of this article is Global Horizons Research", BlockType.CREDIT),
    ("Region: Asia, Europe", BlockType.BOILERPLATE),
    ("This article is for informational purposes only and is not intended to diagnose any disease.",
     BlockType.BOILERPLATE),
])
def test_notes_and_disclaimers_under_a_story(anatomy, line, kind):
    assert typed(anatomy.audit(page_with(after=(line,))), line) is kind


MORE_STORY = (
    "Residents who spoke at the hearing were split. Several said the county had no choice after two years of "
    "flat revenue, while others asked why the road fund had been left untouched.",
    "The treasurer said the county's reserve had fallen to its lowest level since 2009 and that the rating "
    "agencies had warned twice this year that a further draw would cost the county its grade.",
    "Horvath said he would bring a motion in February to cap consultant contracts at half their current level.",
    "The commission will hold a second hearing on the budget in two weeks, and the public may comment in "
    "writing until the day before, the county clerk said in a statement after the vote.",
    "The last increase, in 2011, was repealed a year later after a petition drive gathered more than eight "
    "thousand signatures, a history several commissioners mentioned before the vote.",
)


@pytest.mark.parametrize("opener", ["Comments", "Have Your Say"])
def test_a_comment_button_above_the_story_opens_no_thread(anatomy, opener):
    """A "Comments" button or a "Have your say" menu item under the headline, with the story below it."""
    text = "\n\n".join(("County raises property tax levy", opener, "Read Later", "By Jane Roe", "May 20, 2019",
                       *STORY, *MORE_STORY))
    page = anatomy.audit(text)
    assert not page.comments
    assert all(typed(page, para) is BlockType.PARAGRAPH for para in (*STORY, *MORE_STORY))


def test_a_teaser_list_of_authors_and_dates_inside_the_story_opens_no_thread(anatomy):
    teasers = ("Recommended", "The Bridge That Nobody Wanted", "Mark Byrnes", "Jul 17, 2014",
               "A Short History of the County Fair", "Linda Poon", "Aug 23, 2017")
    closing = ("Copies of the budget are available at the county clerk's office and in every branch of the "
               "public library, and the county has posted the full document on its website.")
    page = anatomy.audit("\n\n".join(("County raises property tax levy", "By Jane Roe", *STORY, *teasers,
                                      *MORE_STORY, closing)))
    assert not page.comments
    assert all(typed(page, para) is BlockType.PARAGRAPH for para in MORE_STORY)


def test_a_long_comment_in_a_thread_stays_a_comment(anatomy):
    """Once comments have stood under their author lines, five paragraphs in a row are one long comment."""
    thread = ("3 comments", "Sallie G. · March 10, 2017 at 12:20 AM", "I would not be so busy if that were "
              "true, and most of the people I know are booked for months.", "Reply",
              "Rarst · March 10, 2017 at 1:26 AM", "One nuance is that people who call themselves developers "
              "do very different work from one another.", "Reply",
              "Sallie G. · March 10, 2017 at 11:43 PM", *MORE_STORY, "Reply")
    page = anatomy.audit("\n\n".join(("County raises property tax levy", "By Jane Roe", *STORY, *thread)))
    assert len(page.comments) == 3
    assert all(typed(page, para) is not BlockType.PARAGRAPH for para in MORE_STORY)


@pytest.mark.parametrize(("line", "kind"), [
    ("Enjoying this article? Subscribe to The Albion Review from £1 a week and never miss an argument.",
     BlockType.BOILERPLATE),
    ("The views expressed in Comment pieces are those of the author and not necessarily those of the paper.",
     BlockType.BOILERPLATE),
    ("Got a story? Email newsdesk@example.co.uk or call 01632 960000", BlockType.BOILERPLATE),
    ("Get free real-time news alerts from Clearwater Neighbor. Sign up here", BlockType.BOILERPLATE),
    ("6 min read", BlockType.BOILERPLATE),
    ("View gallery (9 photos)", BlockType.BOILERPLATE),
    ("Energy Patriot News republishes press releases as a service to our readers.", BlockType.BOILERPLATE),
    ("Tribune photo by Luis Ybarra", BlockType.CREDIT),
    ("Feel free to repost this article in full, with a link back to The Hollow Signal.", BlockType.CREDIT),
    ("When using materials, a hyperlink to steppedaily.example is mandatory.", BlockType.CREDIT),
    ("This item was automatically published from a wire feed. The Valley Post does not edit it.", BlockType.CREDIT),
])
def test_appeals_disclaimers_and_credits_below_the_story(anatomy, line, kind):
    assert typed(anatomy.audit(page_with(after=(line,))), line) is kind


def test_an_unbracketed_picture_credit_splits_from_its_caption(anatomy):
    caption = "Standing water on Mill Lane, where residents say repairs are months overdue."
    page = anatomy.audit(page_with(f"{caption} Picture: Gary Dunmore"))
    assert typed(page, caption) is BlockType.BOILERPLATE
    assert typed(page, "Picture: Gary Dunmore") is BlockType.CREDIT


def test_a_cookie_banner_above_the_headline_leaves_the_title_and_deck(anatomy):
    title = "Council admits pothole backlog has doubled as repair bill tops £4m"
    text = "\n\n".join((
        "We use cookies to give you the best experience on our website. By continuing to browse the site you "
        "are agreeing to our use of cookies. Find out more\nAccept and close",
        "The Wharfedale Courier", title,
        "Villagers say some rural lanes are like driving across the surface of the moon after a wet winter",
        "By Rosalind Thwaite\nFrom staff reports", *STORY))
    page = anatomy.audit(text)
    assert page.title == title
    assert typed(page, "Accept and close") is BlockType.BOILERPLATE
    assert typed(page, "From staff reports") is BlockType.BYLINE


def test_a_deck_under_the_byline_is_not_the_title_and_a_business_wire_dateline_opens_the_story(rules_only):
    # the rules' decisions; the learned check reads this deck under a "Posted by" line as furniture (P 0.83), a
    # known cost of the check, which is right on most lines in that place on blind pages
    title = "Prairie Gateway Midstream Approves $2.1 Billion Coteau Crude Line"
    deck = "Project expected to support 1,400 construction jobs across North Dakota, South Dakota and Nebraska"
    lead = ("BISMARCK, N.D.--(BUSINESS WIRE)--Prairie Gateway Midstream LLC today announced a final investment "
            "decision on the Coteau Crossing Pipeline, a 487-mile crude oil line.")
    about = ("Prairie Gateway Midstream LLC, headquartered in Bismarck, North Dakota, develops, owns and operates "
             "crude oil infrastructure in the northern Great Plains.")
    page = rules_only.audit("\n\n".join(("ENERGY PATRIOT NEWS", f"PRESS RELEASES\n{title}",
                                      "Posted by Newsroom | February 21, 2018", deck, lead, *STORY,
                                      "About Prairie Gateway Midstream", about, "Contacts\nMedia:\nLorna Pettibone")))
    assert page.title == title
    assert typed(page, deck) is BlockType.PARAGRAPH  # a deck above the story, not an inserted argument
    assert page.text[slice(*next((d.start, d.end) for d in page.blocks_of(BlockType.DATELINE)))] \
        == "BISMARCK, N.D.--(BUSINESS WIRE)"
    assert typed(page, about) is BlockType.BYLINE
    assert typed(page, "Media:") is BlockType.CREDIT


def test_a_related_list_with_blank_lines_between_its_items_is_furniture(anatomy):
    items = ("Merkel Coalition Talks Hit Snag Over Family Reunification\nDecember 1, 2017\nIn \"World\"",
             "Hungary Tells Brussels: Our Border, Our Rules\nNovember 22, 2017\nIn \"World\"")
    page = anatomy.audit(page_with(after=("Related", *items)))
    for item in items:
        for line in item.splitlines():
            assert typed(page, line) is BlockType.BOILERPLATE


def test_comment_authors_lose_their_badges_and_a_numbered_comment_keeps_its_second_line(anatomy):
    thread = ("3 Comments", "1. Bud Larkin wrote on February 12, 2018 at 7:41 pm:", "Good for the sheriff.",
              "Reply | Report", "2. Jolene Haverkamp wrote on February 13, 2018 at 10:30 am:",
              "Eleven requests in nine months. So this whole fight was about eleven people?",
              "Seems like the supervisors spent more on lawyers than the jail spent on anybody.", "Reply | Report",
              "The Green Sentinel Mod • 6 years ago", "Follow the money, friend.", "Ginny R. 14p · 362 weeks ago",
              "Made this last weekend with my kids.")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [c.author for c in page.comments] == ["Bud Larkin", "Jolene Haverkamp", "The Green Sentinel", "Ginny R."]
    assert page.slice(page.comments[1]).endswith("spent on anybody.")


def test_a_quoted_tweet_s_signature_opens_no_comment_thread(anatomy):
    tweet = ("Just so we're clear: my congressman told rich donors the tax bill was never about the middle class.",
             "— Rosa Delgado (@rosaforhoosiers) March 14, 2018")
    thread = ("2 Comments", "Marcy Tulane • 2 hours ago", "He said the quiet part out loud.", "Reply",
              "Ben Ostrow • 3 hours ago", "Post the recording of the other guy too.", "Reply")
    page = anatomy.audit(page_with(*tweet, after=(*MORE_STORY[:3], *thread)))
    assert [c.author for c in page.comments] == ["Marcy Tulane", "Ben Ostrow"]
    assert typed(page, MORE_STORY[2]) is BlockType.PARAGRAPH


def test_the_headline_stands_above_its_byline_and_a_name_over_a_date_under_the_deck_is_the_byline(anatomy):
    title = "Moscow Warns New EU Sanctions Will 'Boomerang' on European Farmers"
    text = "\n\n".join(("SPUTNIK INTERNATIONAL", title, "14:22 21.03.2018 (updated 15:03 21.03.2018)",
                       "Russian Foreign Ministry spokeswoman Yelena Zorina", *STORY))
    page = anatomy.audit(text)
    assert page.title == title
    assert typed(page, "14:22 21.03.2018 (updated 15:03 21.03.2018)") is BlockType.BYLINE
    deck = ("A compulsory levy on anyone who watches live television made sense in 1946. In the age of streaming "
            "it is a regressive tax propping up a broadcaster that has lost touch with the people who pay for it")
    page = anatomy.audit("\n\n".join(("COMMENT", "The licence fee is a relic, and the BBC knows it", deck,
                                      "Humphrey Aldous-Kerr\nSaturday 17 March 2018\n6 min read", *STORY)))
    assert typed(page, "Humphrey Aldous-Kerr") is BlockType.BYLINE
    assert typed(page, "Saturday 17 March 2018") is BlockType.BYLINE
    assert typed(page, "6 min read") is BlockType.BOILERPLATE


def test_a_blog_footer_naming_the_poster_is_a_byline(anatomy):
    footer = "Posted by Watchtower at 09:15 AM in Korea, Olympics | Permalink | Comments (3)"
    assert typed(anatomy.audit(page_with(after=(footer,))), footer) is BlockType.BYLINE


def test_a_search_results_page_has_no_story_and_its_heading_is_the_title(anatomy):
    teasers = []
    for n, headline in enumerate(("Sanctuary Mayor Vows to Shield Illegal Aliens From ICE Raids",
                                  "Texas Sheriff to Sanctuary Counties: Stop Dumping Released Criminals",
                                  "Border Agents Say Morale Has Never Been Lower")):
        teasers += [headline, f"January {20 + n}, 2018 by Cal Brenner",
                    "The mayor doubled down at a Monday press conference, telling federal agents they would get "
                    "no help from city police.", "Read More »"]
    page = anatomy.audit("\n\n".join(("FreedomFront Daily", "Search", "Search Results for: sanctuary cities",
                                      "Showing 1–6 of 41 results", *teasers)))
    assert page.summary["anatomy"]["no_story"]
    assert page.title == "Search Results for: sanctuary cities"
    assert typed(page, "Showing 1–6 of 41 results") is BlockType.BOILERPLATE


@pytest.mark.parametrize(("line", "kind"), [
    ("Medical Disclaimer: The information on this website is for educational purposes only.", BlockType.BOILERPLATE),
    ("Get the Herald's morning newsletter", BlockType.BOILERPLATE),
    ("SUPPORT AMERICAN BULWARK: We are 100% reader funded. Become a member today and get our weekly briefing.",
     BlockType.BOILERPLATE),
])
def test_more_appeals_and_disclaimers(anatomy, line, kind):
    assert typed(anatomy.audit(page_with(after=(line,))), line) is kind


def test_an_agency_byline_with_its_full_name_and_an_indian_comment_thread(anatomy):
    byline = "Press Trust of India | Updated: Mar 09, 2018 21:47 IST"
    thread = ("Comments (3)", "Rakesh Nair (Kochi)", "10 Mar 2018, 08:12 AM",
              "Good step but such announcements come every year.", "Reply | Like (12) | Dislike (1)",
              "Meenakshi S (Bengaluru)", "10 Mar 2018, 11:05 AM", "What about the south?",
              "Reply | Like (3) | Dislike (5)", "Post a Comment", "Write your comment here...",
              "Characters remaining: 3000")
    page = anatomy.audit("\n\n".join(("Railways sanctions Rs 1,642 crore for level crossings", byline, *STORY))
                         + "\n\n" + "\n".join(thread))
    assert typed(page, byline) is BlockType.BYLINE
    assert [c.author for c in page.comments] == ["Rakesh Nair", "Meenakshi S"]
    for furniture in ("Reply | Like (12) | Dislike (1)", "Write your comment here...", "Characters remaining: 3000"):
        assert typed(page, furniture) is BlockType.BOILERPLATE


def test_a_related_headline_in_title_case_may_end_on_a_full_stop_and_a_copyright_line_ends_the_list(anatomy):
    items = ("GOP Lawmaker Who Voted to Cut School Funding Sends His Kids to Private Academy",
             "Teachers Are Paying for Their Own Supplies. Here's How Much.")
    page = anatomy.audit(page_with(after=("Related\n" + "\n".join(items),
                                          "You May Also Like\nThe Morning Drink That Melts Belly Fat\n"
                                          "© 2018 Natural Healing Daily")))
    assert all(typed(page, item) is BlockType.BOILERPLATE for item in items)
    assert typed(page, "© 2018 Natural Healing Daily") is BlockType.CREDIT


def test_a_listicle_s_numbered_headings_stand_apart_from_their_paragraphs(anatomy):
    items = ("1. Potato Chips\nAccording to kitchen legend, a cook got so fed up with a customer who kept sending back "
             "his fried potatoes for being too thick that he sliced them paper thin out of spite.",
             "2. Sticky Notes\nA chemist trying to make a super-strong glue ended up with a weak one instead, and a "
             "colleague later used it to keep his bookmarks in place in a hymn book.")
    page = anatomy.audit(page_with(*items))
    assert typed(page, "1. Potato Chips") is BlockType.PARAGRAPH
    assert typed(page, "2. Sticky Notes") is BlockType.PARAGRAPH


@pytest.mark.parametrize(("line", "kind"), [
    ("Share   Tweet", BlockType.BOILERPLATE),
    ("TAGS  Department of Veterans Affairs  Veterans", BlockType.BOILERPLATE),
    ("###", BlockType.BOILERPLATE),
    ("This blog is for informational purposes only and is not intended to diagnose any disease.",
     BlockType.BOILERPLATE),
    ("Contact: Lacey Vandermeer, (202) 555-0148", BlockType.CREDIT),
    ("Common Ground Dispatch content is licensed under a Creative Commons Attribution 4.0 license.", BlockType.CREDIT),
])
def test_button_rows_tags_release_marks_and_licences_between_paragraphs(anatomy, line, kind):
    assert typed(anatomy.audit(page_with(line)), line) is kind


def test_a_headline_may_open_with_a_quoted_term_and_an_archive_heading_is_an_index(anatomy):
    title = "“Sonic Booms” Rattle Four States in One Night — and the Pentagon Says It Knows Nothing"
    page = anatomy.audit("\n\n".join(("The Awakened Citizen", title, "By Jane Roe", *STORY)))
    assert page.title == title
    teasers = []
    for n in range(3):
        teasers += [f"Debate Moderators Had the Questions in Advance, Part {n + 1}", f"October {n + 3}, 2016 by Staff",
                    "An email shows the questions were shared the night before the debate.", "Read More »"]
    page = anatomy.audit("\n\n".join(("The Awakened Citizen", "Monthly Archives: October 2016", *teasers)))
    assert page.summary["anatomy"]["no_story"] and page.title == "Monthly Archives: October 2016"


def test_numbered_and_drupal_comment_authors(anatomy):
    thread = ("2 Comments", "#1 Bjorn_Again", "March 1, 2017 at 10:14 pm", "I lived in Malmo until 2009.", "Reply",
              "Submitted by Ellen Voss (not verified) on Thu, 07/20/2017 - 13:05", "Good for them.", "Permalink")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [c.author for c in page.comments] == ["Bjorn_Again", "Ellen Voss"]


def test_a_clickbait_headline_in_title_case_may_end_on_a_full_stop(anatomy):
    title = "She Thought It Was Just Another Tuesday Shift. Then She Read What the Old Man Wrote on the Receipt."
    page = anatomy.audit("\n\n".join(("ShareWorthy Now", "INSPIRING", title, "By Jane Roe", *STORY)))
    assert page.title == title


def test_a_statement_dated_after_its_place_opens_the_story_and_the_editor_s_intro_is_an_insertion(anatomy):
    intro = "The following statement was released Tuesday by the Safe Harbor Refugee Alliance. You won't see it on TV."
    lead = ("LONDON, 14 November 2017 – The Safe Harbor Refugee Alliance today warned that the continued closure "
            "of the ports is pushing millions toward famine.")
    page = anatomy.audit("\n\n".join(("Aid Groups Warn of Famine as Ports Stay Shut", intro, lead, *STORY)))
    datelines = page.blocks_of(BlockType.DATELINE)
    assert [page.slice(d) for d in datelines] == ["LONDON, 14 November 2017"]
    assert typed(page, intro) is BlockType.INSERTION


def test_a_poster_s_preface_above_a_syndicated_column_s_byline_is_an_insertion(anatomy):
    preface = ("I rarely post other writers' pieces here, but this one from a retired treasurer says what I have "
               "been trying to say for years.")
    deck = "A county weighs its first tax rise in six years."
    syndicate = "COPYRIGHT 2017 KEYSTONE FEATURES SYNDICATE, INC."
    page = anatomy.audit("\n\n".join(("The Pension Promises Nobody Can Keep", preface, "By Walt Henning", *STORY,
                                      syndicate)))
    assert typed(page, preface) is BlockType.INSERTION
    assert "above the byline" in next(b.reason for b in page.blocks if page.slice(b) == preface)
    # above a column pasted from a blog (no agency's dateline, no syndicate's credit) the words are the post's own
    page = anatomy.audit("\n\n".join(("The Pension Promises Nobody Can Keep", preface, "By Walt Henning", *STORY)))
    assert typed(page, preface) is BlockType.PARAGRAPH
    # a deck in the third person above the byline is the masthead, not the poster's words
    page = anatomy.audit("\n\n".join(("The Pension Promises Nobody Can Keep", deck, "By Walt Henning", *STORY)))
    assert typed(page, deck) is not BlockType.INSERTION


def test_a_lead_in_of_several_sentences_ending_in_a_colon_before_the_dateline_is_an_insertion(anatomy):
    lead_in = "Even the wire services cannot hide it now. Read how they spin it and ask yourself who pays for this:"
    wire = ("BERLIN (Reuters) - Germany will ask Washington to keep its troops in Bavaria until at least 2022, a "
            "senior defence official said on Monday.")
    page = anatomy.audit("\n\n".join(("Berlin Still Won't Pay Its Share", lead_in, wire, *STORY)))
    assert typed(page, lead_in) is BlockType.INSERTION


@pytest.mark.parametrize("line", ["1,047", "98K", "Follow ZI on:   Telegram   Instagram   VK   YouTube",
                                  "🔒 Disqus' Privacy PolicyPrivacy PolicyPrivacy"])
def test_counters_follow_rows_and_glued_widget_labels_are_furniture(anatomy, line):
    assert typed(anatomy.audit(page_with(line)), line) is BlockType.BOILERPLATE


def test_a_supplement_seller_s_disclaimer_is_furniture_however_many_sentences_it_runs_to(anatomy):
    disclaimer = ("The statements on this site have not been evaluated by the Food and Drug Administration. This "
                  "content is for informational purposes only. Always consult a qualified health professional.")
    assert typed(anatomy.audit(page_with(after=(disclaimer,))), disclaimer) is BlockType.BOILERPLATE


def test_a_section_label_repeating_a_menu_item_and_a_slogan_are_not_bylines(anatomy):
    head = ("The Eastern Window", "News | Analysis | West Asia | Eurasia | Videos", "West Asia")
    page = anatomy.audit("\n\n".join((*head, "Sanctions Leave Patients Without Cancer Drugs", *STORY)))
    assert typed(page, "West Asia") is BlockType.BOILERPLATE
    assert "menu" in next(b.reason for b in page.blocks if page.slice(b) == "West Asia")
    slogan = "Defending Our Communities, Our Culture, Our Future"
    page = anatomy.audit("\n\n".join(("Heartland Heritage Watch", slogan, "County raises its levy", *STORY)))
    assert typed(page, slogan) is not BlockType.BYLINE


@pytest.mark.parametrize(("opening", "place", "agency"), [
    ("Tehran, March 11, IRNA -- ", "Tehran", "irna"),
    ("Tehran, March 11, PNNA -- ", "Tehran", None),
    ("MOSCOW, January 18. /TASS/ ", "MOSCOW", "tass"),
    ("Abuja, Jan. 10, 2018 (NAN) ", "Abuja", "nan"),
    ("ISLAMABAD, Feb 14 (APP): ", "ISLAMABAD", "app"),
    ("Cape Town - ", "Cape Town", None),
    ("Dubai: ", "Dubai", None),
    ("NEW DELHI: ", "NEW DELHI", None),
])
def test_datelines_of_agencies_and_papers_outside_the_us(anatomy, opening, place, agency):
    lead = opening + ("Residents of a street in the city say rubbish has been piling up on their pavements for eleven "
                      "days, and the council has given no date for a collection.")
    page = anatomy.audit("\n\n".join(("Refuse piles up as collections stall", lead, *STORY)))
    (dateline,) = page.blocks_of(BlockType.DATELINE)
    assert dateline.attrs["place"].startswith(place) and dateline.attrs.get("agency") == agency
    assert page.slice(dateline).startswith(opening.rstrip(" -:"))


@pytest.mark.parametrize("opening", ["Never Hike Alone: A ", "Tobacco – I quit that years back and "])
def test_a_title_and_subtitle_or_a_blogger_s_list_item_is_no_dateline(anatomy, opening):
    lead = opening + ("fan film follows a blogger who finds the lost remains of a summer camp and the legend that "
                      "comes with it, told over fifty minutes.")
    page = anatomy.audit("\n\n".join(("A fan film", lead, *STORY)))
    assert page.blocks_of(BlockType.DATELINE) == []


@pytest.mark.parametrize(("line", "kind"), [
    ("Argue hard, but argue fair. Comments with threats, slurs or spam links are deleted.", BlockType.COMMENT_POLICY),
    ("We read every comment before it goes up. Personal attacks and spam won't make it.", BlockType.COMMENT_POLICY),
    ("Comments have been switched off for this article.", BlockType.COMMENT_POLICY),
    ("(With inputs from PTI)", BlockType.CREDIT),
    ("Translated by: Nasrin Karimi", BlockType.CREDIT),
    ("Top photo: reader submission, Marana, Ariz.", BlockType.CREDIT),
    ("Published in The Indus Chronicle, February 15th, 2018", BlockType.CREDIT),
    ("Union Square Dispatch is paid for by readers, not landlords.", BlockType.BOILERPLATE),
    ("Download the Cape Mercury app from the App Store or Google Play.", BlockType.BOILERPLATE),
    ("Follow Cape Mercury on Twitter and Facebook for the latest Western Cape news.", BlockType.BOILERPLATE),
    ("Seen something? Message the newsdesk on WhatsApp: 0770 090 0123", BlockType.BOILERPLATE),
    ("What Congress is doing today, in your inbox by 7 a.m.", BlockType.BOILERPLATE),
    ("Opinions expressed by contributors are their own.", BlockType.BOILERPLATE),
    ("Agree (22)  ·  Disagree (1)  ·  Reply", BlockType.BOILERPLATE),
    ("News ID: 82871654", BlockType.BOILERPLATE),
    ("— AD —", BlockType.BOILERPLATE),
    ("READ NEXT: What Your New Smart Meter Records While You Sleep", BlockType.BOILERPLATE),
    ("The Weekly Plunger is satire. Names, quotes and events are made up.", BlockType.BOILERPLATE),
    ("The Hard Asset Herald is not a licensed financial adviser.", BlockType.BOILERPLATE),
    ("Know someone who could use a good dog story today? Send this to them!", BlockType.BOILERPLATE),
    ("Only registered readers can post. Sign in or create a free account.", BlockType.BOILERPLATE),
    ("Disclosure: Some links on this site are affiliate links.", BlockType.BOILERPLATE),
    ("Civil disagreement is welcome here. Threats will get you banned.", BlockType.COMMENT_POLICY),
    ("The article reflects the author's opinions, and not necessarily the views of Voice of the Steppe.",
     BlockType.BOILERPLATE),
    ("(If you want to contribute and have specific expertise, please contact us at oped@example.org.)",
     BlockType.BOILERPLATE),
    ("Responsible editor: Dana Usenova", BlockType.CREDIT),
    ("RV/ak/ps", BlockType.BYLINE),  # a state agency's desk and its editors' initials
    ("Comments: 31   Views: 48,112", BlockType.BOILERPLATE),
    ("👁 14,203", BlockType.BOILERPLATE),
    ("Support journalism that holds the powerful accountable. Become a member.", BlockType.BOILERPLATE),
    ("Patriot News Alert is a news, opinion and satire site. Some stories may be unverified.", BlockType.BOILERPLATE),
    ("Shared under a Creative Commons Attribution-NoDerivatives 4.0 license.", BlockType.CREDIT),
    ("Permission is granted to repost this report in full, with all links intact and a link back to the original.",
     BlockType.CREDIT),
    ("Valley Review 2018. Share freely with a link back.", BlockType.CREDIT),
    ("Staff writer Nadine Cobb contributed absolutely nothing to this report.", BlockType.CREDIT),
    ("👉 Don't stop now, this is where it gets emotional", BlockType.BOILERPLATE),
    ("⬇ Tap below to see what happened when she found her family ⬇", BlockType.BOILERPLATE),
    ("Printer-friendly version | Jump to comments (0)", BlockType.BOILERPLATE),
    ("Read: 1 032   |   Print   |   A+  A-", BlockType.BOILERPLATE),
    ("If you value investigations like this one, keep us online. We take no advertising and no grants.",
     BlockType.BOILERPLATE),
    ("The Dispatch has been dropped by every major payment processor. You can still support us by check.",
     BlockType.BOILERPLATE),
    ("Independent research costs money. We take nothing from advertisers or foundations.", BlockType.BOILERPLATE),
    ("Local journalism takes time and money. Support the Courier's reporting with a subscription.",
     BlockType.BOILERPLATE),
    ("🛒 The filter I personally use: PureFall Shower Head. Save 15% with code SELENE15", BlockType.BOILERPLATE),
    ("Know someone who needs a little inspiration today? SHARE Dot's story!", BlockType.BOILERPLATE),
    ("Certificate of registration of mass media No. 0217 issued by the Press and Information Agency.",
     BlockType.BOILERPLATE),
    ("The day's most important stories from Capitol Hill, delivered at 6 a.m.", BlockType.BOILERPLATE),
    ("Keep scrolling, the best part is coming 👇", BlockType.BOILERPLATE),
    ("[VIDEO] Biscuit meets Loretta again — 2:07", BlockType.BOILERPLATE),
    ("Support real journalism. Donate to The Liberty Wire Daily today!", BlockType.BOILERPLATE),
    ("The Liberty Wire Daily publishes news, commentary and opinion. Readers are encouraged to verify.",
     BlockType.BOILERPLATE),
    ("Genesis Framework · WordPress · Log in", BlockType.BOILERPLATE),
    ("Cross-posted from the author's newsletter, The Marquez Files.", BlockType.CREDIT),
    ("Filed in: Climate, Corporate Crime, France, Nigeria", BlockType.BOILERPLATE),
    ("💬 6 Comments  |  👁 3,412 views", BlockType.BOILERPLATE),
    ("🖨 Print this page   |   Save as PDF   |   ✉ Email", BlockType.BOILERPLATE),
    ("Would you have done the same? SHARE this story if it touched your heart!", BlockType.BOILERPLATE),
    ("Skywatch Sentinel takes no advertising money and no grants. Everything we publish is paid for by readers.",
     BlockType.BOILERPLATE),
    ("Top Stories | U.S. | World | Politics | Money | Health", BlockType.BOILERPLATE),
    ("This story was gathered automatically from UPI.com. View the original article »", BlockType.CREDIT),
    ("Creative Commons: This story is licensed under CC BY-ND 4.0. Republish it free of charge.", BlockType.CREDIT),
    ("⬇️ Don't stop here, the reason will melt your heart ⬇️", BlockType.BOILERPLATE),
    ("f Share 41K", BlockType.BOILERPLATE),
    ("👉 Get the exact sheet I use (20% off with code ROOTED)", BlockType.BOILERPLATE),
    ("🎧 Listen to this story (5 min)", BlockType.BOILERPLATE),
    ("The Beacon is free to read because readers like you pay for it. Donate today.", BlockType.BOILERPLATE),
    (">>> MEMBERS: download all 112 reader photos in full resolution here <<<", BlockType.BOILERPLATE),
    ("This story was reported with support from the Calloway Foundation's Local Accountability Fund.",
     BlockType.CREDIT),
    ("▶ WATCH: Derrell's barn full of second chances  2:13", BlockType.BOILERPLATE),
    ("▶ 1:58 | Watch: The appraiser's reaction", BlockType.BOILERPLATE),
    ("WireSweep does not edit, verify or endorse syndicated stories.", BlockType.BOILERPLATE),
    ("Like us on Facebook for more stories the school board doesn't want you to read!", BlockType.BOILERPLATE),
    ("Did this story open your eyes? Send it to three people who still trust the local paper.", BlockType.BOILERPLATE),
])
def test_furniture_credits_and_rules_in_other_sites_wordings(anatomy, line, kind):
    assert typed(anatomy.audit(page_with(after=(line,))), line) is kind


def test_a_reporter_s_own_follow_line_stays_a_credit(anatomy):
    line = "Follow Jane Roe on Twitter @janeroe"
    assert typed(anatomy.audit(page_with(after=(line,))), line) is BlockType.CREDIT


def test_a_forum_hosted_thread_reads_name_and_month_day_lines_and_a_commenter_s_town_is_no_name(anatomy):
    thread = ("Comments", "7 replies", "", "rosa_f", "Mar 14", "Proud of the folks at 1480. Rent strikes take guts.",
              "", "brooklynbill", "Mar 14", "Do they have a lawyer lined up?", "",
              "Comment from Bonnie R. (Westerville) — March 3, 2018", "Three actual teachers.")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [c.author for c in page.comments] == ["rosa_f", "brooklynbill", "Bonnie R."]
    assert typed(page, "Mar 14") is BlockType.COMMENT_META


def test_a_tag_page_heading_without_a_colon_names_an_index_page(anatomy):
    teasers = []
    for n in range(3):
        teasers += [f"The FCC Vote, Part {n + 1}", f"December {n + 3}, 2017 by Staff", "A summary of the vote.",
                    "Read More »"]
    page = anatomy.audit("\n\n".join(("Open Wire", "Posts Tagged ‘Net Neutrality’", *teasers)))
    assert page.summary["anatomy"]["no_story"] and page.title == "Posts Tagged ‘Net Neutrality’"


@pytest.mark.parametrize("caption", [
    "A city plow clears Portage Avenue after a snowfall in January. KYLE BAPTISTE / RED RIVER COURIER",
    "A resident walks past bags of refuse in Eland Street on Monday. Picture: Bheki Radebe/African News Agency (ANA)",
])
def test_a_caption_s_credit_in_capitals_or_with_an_agency_in_brackets_is_split_off(anatomy, caption):
    page = anatomy.audit(page_with(caption))
    assert typed(page, caption.split(". ")[0] + ".") is BlockType.BOILERPLATE
    assert typed(page, caption.split(". ", 1)[1]) is BlockType.CREDIT


@pytest.mark.parametrize("chrome", [
    "Log In   Register   Subscribe: 99¢ for your first month",
    "Watch Live: 4 News at 5",
    "LIBERTY CRIER",
])
def test_the_headline_over_the_story_wins_over_a_title_taken_from_the_site_s_chrome(anatomy, chrome):
    headline = "Michigan lawmakers weigh body cameras for every state trooper"
    page = anatomy.audit("\n\n".join((chrome, "News   Sports   Opinion   Obituaries", "ADVERTISEMENT", headline,
                                      "By Claire Haddix", "Facebook   Twitter   Email", *STORY)))
    assert page.title == headline
    assert typed(page, chrome) is BlockType.BOILERPLATE


def test_a_headline_standing_right_over_its_story_is_not_replaced_by_a_deck_or_a_repeat(anatomy):
    headline = "County raises property tax levy for the first time in six years"
    deck = "A typical homeowner will pay about forty dollars more a year from January."
    page = anatomy.audit("\n\n".join(("The County Ledger", headline, deck, "By Jane Roe", *STORY)))
    assert page.title == headline


def test_a_section_label_run_into_the_headline_s_line_stays_furniture(anatomy):
    text = "\n\n".join(("Accept   More information", "Home   World   Politics   Business",
                        "Colorado\nColorado regulators tighten drilling rules near schools after a hearing",
                        "By Reuters", *STORY))
    page = anatomy.audit(text)
    assert page.title == "Colorado regulators tighten drilling rules near schools after a hearing"
    assert typed(page, "Colorado") is BlockType.BOILERPLATE


def test_a_sidebar_widget_under_the_thread_is_not_read_as_comments(anatomy):
    thread = ("2 Comments", "", "truthseeker_ann • 8 months ago", "Thank you for covering this.", "Reply",
              "", "BEACON STORE", "Gravity-Fed Water Filter System, 2.25 gal — $189.95", "Add to Cart",
              "72-Hour Family Emergency Kit — $149.00", "Add to Cart", "",
              "EDITOR'S PICKS", "They Took Down the Weather Station Videos. We Saved Copies.",
              "Why Is a Defense Contractor Buying Farmland in Kansas?")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [page.slice(b) for b in page.blocks_of(BlockType.COMMENT)] == ["Thank you for covering this."]
    assert typed(page, "BEACON STORE") is BlockType.BOILERPLATE
    assert typed(page, "They Took Down the Weather Station Videos. We Saved Copies.") is BlockType.BOILERPLATE


def test_a_sidebar_widget_below_the_story_is_furniture_but_a_subheading_in_capitals_is_not(anatomy):
    poll = ("READER POLL", "Should every sealed indictment be made public now?", "Yes, all of them", "No",
            "View Results")
    story = (*STORY, *STORY, *STORY)  # a widget stands in the last two fifths of the page
    page = anatomy.audit("\n\n".join(("A county raises its levy", "By Jane Roe", *story, "\n".join(poll))))
    assert all(typed(page, line) is BlockType.BOILERPLATE for line in poll)
    heading = "THE BOTTOM LINE"
    page = anatomy.audit(page_with(after=(heading + "\n" + STORY[0],)))
    assert typed(page, STORY[0]) is not BlockType.BOILERPLATE


@pytest.mark.parametrize("header", ["Reader Remarks (5)", "Sound Off", "Add Your Two Cents", "Tell Us What You Think"])
def test_a_site_s_own_name_for_its_comment_section_heads_it(anatomy, header):
    thread = ("5 Comments", "truthseeker_ann • 8 months ago", "Thank you for covering this.", "Reply", "", header)
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert typed(page, header) is BlockType.COMMENT_HEADER


def test_a_weekday_date_under_the_byline_opens_no_thread(anatomy):
    # "Tuesday, February 6, 2018" is no commenter "Tuesday", though numbered tips follow as a thread's items would
    deck = "Parents say grades slipped after the bedroom was rewired. Here is what an electrician found with a meter."
    byline = "Wendell Oakes\nGuest writer for The Vital Current\nTuesday, February 6, 2018"
    tips = "1. Move every charger six feet from the bed.\n2. Unplug anything not in use."
    text = "\n\n".join(("Is the charger beside your child's bed draining their focus?", deck, byline, STORY[0],
                        "READ ALSO: 7 Signs Your Wi-Fi Is Making You Tired", STORY[1], "What you can do tonight", tips,
                        STORY[2]))
    page = anatomy.audit(text)
    assert page.comments == []
    assert typed(page, STORY[1]) is BlockType.PARAGRAPH
    assert typed(page, "Tuesday, February 6, 2018") is BlockType.BYLINE


@pytest.mark.parametrize("heading", ["How to start grounding today", "Why the meter matters today"])
def test_a_subheading_ending_in_today_is_no_commenter(anatomy, heading):
    tips = "1. Walk barefoot on grass for thirty minutes a day.\n2. Garden without gloves."
    before = "Residents who spoke at the hearing said they had not been told about the increase until last week."
    page = anatomy.audit(page_with(before, heading, tips))
    assert page.comments == []
    assert typed(page, heading) is BlockType.PARAGRAPH


def test_a_numbered_forum_post_names_its_poster_and_a_quote_under_it_is_text(anatomy):
    thread = ("Reader forum: 2 posts",
              "Stay on topic and be civil. Posts that attack other members will be removed.", "",
              "#1  gunnar_k", "Member · 312 posts", "Posted March 9, 2018", "Six years. Says everything.", "Quote", "",
              "#2  Hollis P.", "Member · 48 posts", "Posted March 9, 2018", "gunnar_k said:", "Six years.",
              "That is how the state list works.", "Quote")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [c.author for c in page.comments] == ["gunnar_k", "Hollis P."]
    assert page.slice(page.comments[1]).startswith("gunnar_k said:")
    assert typed(page, thread[1]) is BlockType.COMMENT_POLICY


def test_report_by_is_a_byline_and_the_headline_above_it_the_title(anatomy):
    title = 'Hundreds of Unmarked Boxcars Appear on a Spur Outside Town — Railroad Says "Storage"'
    text = "\n\n".join(("THE VIGILANT WATCHMAN\nHome | Latest | Health",
                        title + "\nReport by Wade Truitt — October 3, 2017", *STORY))
    page = anatomy.audit(text)
    assert typed(page, title) is BlockType.TITLE
    assert typed(page, "Report by Wade Truitt — October 3, 2017") is BlockType.BYLINE


def test_a_sidebar_headline_between_view_counts_is_not_the_title(anatomy):
    top = ("Friday, November 4, 2016", "RED EAGLE DISPATCH", "VIRAL NOW",
           "Secret Memo Shows Campaign Knew Everything in 2012", "1.4M views",
           "Retired General Finally Breaks His Silence", "982K views")
    title = "Federal Auditor Who Flagged Missing Refugee Funds Found Dead in Maryland Motel"
    text = "\n".join(top) + "\n\n" + title + "\nPosted by News Desk | November 4, 2016\n\n" + "\n\n".join(STORY)
    page = anatomy.audit(text)
    assert typed(page, title) is BlockType.TITLE
    assert typed(page, "Retired General Finally Breaks His Silence") is BlockType.BOILERPLATE
    assert typed(page, "Friday, November 4, 2016") is BlockType.BOILERPLATE  # the top bar's edition date


@pytest.mark.parametrize(("caption", "credit"), [
    ("Sen. Carol Whitfield speaks to reporters outside the Senate chamber on Thursday.", "Nadia Porter/The Rotunda"),
    ("Norwegian and US troops during a previous exercise near Bardufoss, Norway.", "© Arcticpix / Erik Sandvold"),
])
def test_a_photographer_and_outlet_either_side_of_a_slash_credit_the_caption_above(anatomy, caption, credit):
    for joined in (caption + "\n" + credit, caption + "\t" + credit):
        page = anatomy.audit(page_with(joined))
        assert typed(page, credit) is BlockType.CREDIT, joined
        assert typed(page, caption) is BlockType.BOILERPLATE, joined


def test_the_byline_block_s_outlet_role_and_stamped_dates_are_byline(anatomy):
    deck = "Records show a private health company billed the county for overnight nursing that never happened."
    text = "\n\n".join(("County Jail Went Months Without a Nurse on Nights", deck,
                        "By Ana Velez and Tom Brandt\nLakeshore Report\nMarch 8, 2018", *STORY))
    page = anatomy.audit(text)
    assert typed(page, "Lakeshore Report") is BlockType.BYLINE
    assert typed(page, "March 8, 2018") is BlockType.BYLINE
    stamped = "\n\n".join(("Moscow summons Estonian envoy over NATO night drills", deck,
                           "Published: 18 Jun, 2018 11:42\nEdited: 18 Jun, 2018 14:05", "Short link: vtdy.io/8kQz2",
                           *STORY))
    page = anatomy.audit("VOSTOK TODAY\nRussia   World   Business\n\n" + stamped)
    assert typed(page, "Published: 18 Jun, 2018 11:42") is BlockType.BYLINE
    assert typed(page, "Edited: 18 Jun, 2018 14:05") is BlockType.BYLINE
    assert typed(page, "Short link: vtdy.io/8kQz2") is BlockType.BOILERPLATE
    assert typed(page, "VOSTOK TODAY") is BlockType.BOILERPLATE  # a paper's name, not a dated byline


@pytest.mark.parametrize("line", [
    "Listen to this article  4:38",
    "YOU MAY ALSO LIKE: 7 Signs Your Home Wi-Fi Is Making You Tired",
    "If this made you mad, SHARE it so your grandparents don't fall for it!",
    "Like 2.2K   Share   Tweet",
    "1,118 SHARES   Share   Tweet   Email",
    "<< The Seed Patent Nobody in Congress Read",
    "Why Your County Extension Agent Stopped Returning Calls >>",
    "More articles by Rosa Ibarra",
    "Commons Dispatch is member-supported. No ads, no paywall, no corporate sponsors. Become a member today.",
    "USA Patriot Herald is a news and commentary site. Some articles may contain satire, parody or opinion.",
    "READ THIS NEXT: The Water Tower Contract the Commission Passed at 11 p.m.",
    "[youtube https://www.youtube.com/watch?v=Qm4rT8vLk2c]",
    "— Continue Reading Below —",
    "(Scroll down for video)",
    "👁 1,206 views   💬 0",
    "You must be a logged-in member to comment. Log In  |  Become a Member",
    "WorldPulse Now aggregates content from third-party sources. Views expressed are the authors' own.",
    "Estimated reading time: 6 minutes",
    "LED bulbs flicker 120 times a second. Your eyes notice, even if you don't. Click To Tweet",
    "— Story continues after this message —",
    "BTC: 1HsTd9QwK3mZp7RrV2xLbN8cYf4aJ6uE5g",
    "Mail: The Homestead Standard, PO Box 4410, Twin Forks, ID 83999",
    "Use Up/Down Arrow keys to increase or decrease volume.",
    "The Lantern runs on reader support alone. No ads from the corporations we cover.",
    "KQVR is listener-supported. If you value local reporting like this, make a gift today.",
    "2,114   SHARES",
    "The following two tabs change content below.",
    "Latest posts by Marisol Penn, CNC (see all)",
])
def test_more_furniture_in_and_after_the_story(anatomy, line):
    assert typed(anatomy.audit(page_with(line)), line) is BlockType.BOILERPLATE


def test_a_republishing_licence_and_a_photo_illustration_credit_are_credits(anatomy):
    licence = ("This story may be republished for free under a Creative Commons Attribution-NoDerivatives 4.0 "
               "International license. Please credit Lakeshore Report.")
    page = anatomy.audit(page_with("Photo illustration of a jail corridor at night.\n"
                                   "Photo illustration by Mara Quist/Lakeshore Report", after=(licence,)))
    assert typed(page, "Photo illustration by Mara Quist/Lakeshore Report") is BlockType.CREDIT
    assert typed(page, "Photo illustration of a jail corridor at night.") is BlockType.BOILERPLATE
    assert typed(page, licence) is BlockType.CREDIT


def test_a_wire_byline_pasted_over_its_dateline_leaves_the_poster_s_lead_an_insertion(anatomy):
    lead = ("They told us nobody was coming for your guns. Last night seven people on a town council voted to do "
            "exactly that, and the wire services call it common sense.")
    into = "Here is the Associated Press, with a straight face:"
    wire = ("GRANITE FALLS, Colo. (AP) — The town council in this foothills community voted 5-2 late Tuesday to ban "
            "the sale and possession of certain semi-automatic rifles, the first such ordinance in the state.")
    text = "\n\n".join(("Colorado Town Bans Rifles", "By Admin · June 6, 2018", lead, into,
                        "By MEGAN TULLY, Associated Press", wire, STORY[1], STORY[2]))
    page = anatomy.audit(text)
    assert typed(page, lead) is BlockType.INSERTION
    assert typed(page, into) is BlockType.INSERTION
    assert typed(page, wire) is BlockType.PARAGRAPH


def test_a_transcript_s_speaker_labels_are_not_datelines(anatomy):
    turns = ("TERRY: Dusty, long-time listener. They sent us a letter saying my stove has to go by next winter.",
             "DUSTY: Sixty days. In the winter. In the mountains.",
             "TERRY: In the mountains. And if a neighbor reports smoke, it's a $500 fine the first time.")
    intro = "On Thursday's show, Dusty took a call from Terry, a retired millwright in central Oregon, about the rule."
    page = anatomy.audit("\n\n".join(("Caller: the county wants my wood stove gone", "Posted by Kayla | May 3, 2018",
                                      intro, *turns, *STORY)))
    assert page.blocks_of(BlockType.DATELINE) == []
    assert page.blocks_of(BlockType.INSERTION) == []
    assert all(typed(page, turn) is BlockType.PARAGRAPH for turn in turns)


@pytest.mark.parametrize("line", ["Share\tTweet\tVK\tTelegram\tEmail", "Sort: Newest | Oldest | Top",
                                  "Follow Zarya on Telegram for news the mainstream won't show you"])
def test_bars_and_promos_in_a_site_s_own_words(anatomy, line):
    assert typed(anatomy.audit(page_with(line)), line) is BlockType.BOILERPLATE


def test_a_reply_line_s_arrow_and_verb_are_not_the_author(anatomy):
    thread = ("Discussion (2)", "", "DixieMom · 8 hours ago", "We left Memphis for exactly this reason.",
              "  ↳ Reply from Gunnar_1776 · 7 hours ago", "  There is nowhere left to move to.")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [c.author for c in page.comments] == ["DixieMom", "Gunnar_1776"]


def test_a_byline_with_a_response_count_is_a_byline(anatomy):
    text = "\n\n".join(("County raises property tax levy", "June 26, 2018 · Colt Varner · 6 Responses", *STORY))
    assert typed(anatomy.audit(text), "June 26, 2018 · Colt Varner · 6 Responses") is BlockType.BYLINE


def test_a_table_of_contents_is_furniture(anatomy):
    toc = "Table of Contents\nWhat is blue light, anyway?\nThe flicker nobody talks about\nWhy kids get hit hardest"
    page = anatomy.audit(page_with(toc))
    assert all(typed(page, line) is BlockType.BOILERPLATE for line in toc.splitlines())


def test_a_byline_with_ranks_and_a_retired_suffix_heads_the_byline_block(anatomy):
    byline = "By Sgt. Maj. Raymond Colter (Ret.)\nGuest writer for The Rampart Report\nNovember 14, 2017"
    page = anatomy.audit("\n\n".join(("Veterans were promised care and got a waiting list", byline, *STORY)))
    assert all(typed(page, line) is BlockType.BYLINE for line in byline.splitlines())


def test_a_courtesy_photo_credit_splits_from_its_caption(anatomy):
    line = 'Some of the railcars on the spur east of Sallisaw, photographed Tuesday. (Photo courtesy of reader "Tom")'
    page = anatomy.audit(page_with(line))
    assert typed(page, '(Photo courtesy of reader "Tom")') is BlockType.CREDIT


def test_avatar_lines_and_vote_bars_in_a_thread_are_furniture(anatomy):
    thread = ("2 Comments", "", "Avatar", "truthseeker_ann • 8 months ago", "Thank you for covering this.",
              "▲ 41  ▼ 2   Reply   Flag", "", "Avatar", "gerald_h • 8 months ago", "They never tell us anything.",
              "▲ 6  ▼ 29   Reply   Flag")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [page.slice(c) for c in page.comments] == ["Thank you for covering this.", "They never tell us anything."]
    assert typed(page, "Avatar") is BlockType.BOILERPLATE


def test_a_references_heading_makes_its_numbered_lines_credits(anatomy):
    refs = ("References\n1. Harlan J, et al. Trace minerals and insulin. Nutr Rev Q. 2009.\n"
            "2. Whitcombe P. Copper loss. 1976.")
    page = anatomy.audit(page_with(after=(refs,)))
    assert typed(page, "2. Whitcombe P. Copper loss. 1976.") is BlockType.CREDIT
    assert typed(page, "1. Harlan J, et al. Trace minerals and insulin. Nutr Rev Q. 2009.") is BlockType.CREDIT


def test_an_author_spotlight_heads_a_bio_and_a_pingback_is_no_comment(anatomy):
    bio = "Author Spotlight\nJoelle Brandt is a certified natural health professional who writes about wellness."
    page = anatomy.audit(page_with(after=(bio,)))
    assert typed(page, "Author Spotlight") is BlockType.BYLINE
    thread = ("2 thoughts on “County raises property tax levy”", "", "Dale says:", "June 12, 2018 at 8:14 am",
              "About time somebody asked.", "Reply", "",
              "Pingback: Morning Roundup 6/13: Brussels Wants Your Wallet – The Patriot Anvil")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [page.slice(c) for c in page.comments] == ["About time somebody asked."]
    assert typed(page, thread[-1]) is BlockType.BOILERPLATE


@pytest.mark.parametrize("line", [
    "Republish our articles for free, online or in print, under a Creative Commons license.",
    "Shift Change is published under a Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 license.",
])
def test_a_site_s_creative_commons_licence_is_a_credit(anatomy, line):
    assert typed(anatomy.audit(page_with(after=(line,))), line) is BlockType.CREDIT


def test_a_square_bracketed_photo_credit_marks_its_caption(anatomy):
    caption = "A freight train loaded with laptops and auto parts departs from the station on Friday."
    page = anatomy.audit(page_with(caption + "\n[Photo by Li Mingxuan/Silk Road Daily]"))
    assert typed(page, "[Photo by Li Mingxuan/Silk Road Daily]") is BlockType.CREDIT
    assert typed(page, caption) is BlockType.BOILERPLATE


@pytest.mark.parametrize("lines", [
    ("libertyfirewire.com", "This Account Has Been Suspended",
     "The website you are trying to reach is temporarily unavailable.", "Billing: billing@example-host.com"),
    ("TRUTHSTREAM PATRIOT", "503 Service Temporarily Unavailable", "We'll Be Right Back",
     "TruthStream Patriot is down for scheduled maintenance while we move to new, faster servers."),
    ("patriotcompassnews.com", "One moment, please…",
     "We're checking that you are a real visitor before sending you on to patriotcompassnews.com.",
     "This check is automatic and usually takes about five seconds."),
])
def test_a_host_s_or_bot_check_s_page_has_no_story(anatomy, lines):
    summary = anatomy.audit("\n\n".join(lines)).summary["anatomy"]
    assert summary["has_article"] is False
    assert summary["no_story"].startswith("a site-unavailable page")


def test_a_story_about_a_suspended_account_is_still_a_story(anatomy):
    title = "Twitter account of county sheriff suspended after post about protesters"
    page = anatomy.audit("\n\n".join((title, "By Jane Roe", *STORY)))
    assert page.summary["anatomy"]["has_article"] is True


@pytest.mark.parametrize("gap", ["\t", "  "])
def test_a_bar_laid_out_in_tabs_reads_as_one_laid_out_in_spaces(anatomy, gap):
    bar = gap.join(("Senate", "House", "White House", "Campaign", "Policy", "Opinion"))
    page = anatomy.audit(page_with(after=("SECTIONS\n" + bar,)))
    assert typed(page, bar) is BlockType.BOILERPLATE
    assert typed(page, STORY[2]) is BlockType.PARAGRAPH


def test_a_capitals_heading_over_a_list_of_short_lines_is_a_widget_anywhere_below_the_story(anatomy):
    latest = ("THE LATEST", "6:52 PM White House taps former Navy admiral for VA post",
              "6:31 PM Conservative hard-liners line up against spending deal",
              "6:05 PM Governors urge Congress to extend disaster aid deadline")
    page = anatomy.audit(page_with(after=("\n".join(latest), *STORY)))  # the page runs on far below it
    assert all(typed(page, line) is BlockType.BOILERPLATE for line in latest)
    key_dates = ("KEY DATES", "March 3: the levy is proposed.", "June 9: the hearing.")  # sentences: the story's
    page = anatomy.audit(page_with("\n".join(key_dates)))
    assert typed(page, "June 9: the hearing.") is not BlockType.BOILERPLATE


@pytest.mark.parametrize("line", [
    "Print Friendly, PDF and Email", "Sharing is caring!",
    "This post contains affiliate links, which help us pay the rent.", "What is your reaction?",
    "How does this article make you feel?", "😂 Haha 1.2K   😡 Angry 310   😢 Sad 95", "★★★☆☆ 3.1 (48 ratings)",
    "Search this blog…", "Join 410,000 followers on Facebook! Like",
    "patriot-gran reblogged this from freedomfirst76", "truthhound posted this", "#vaccines #bigpharma #wakeup",
    "OR SIGN UP WITH DISQUS ?", "This comment has been removed by a moderator.",
    "permalink   save   parent   report", "sorted by: top | new", "(END)", "Video unavailable",
    "This video is private.", "Jed Marlow recently posted...Ten Rules for a Quiet Homestead",
    "👉 You'll also like: Five Herbs Your Doctor Ignores", "RELATED → The Town That Said No to Smart Meters",
    "Listen to this article · 7 min", "Jump to: What the studies say ↓",
    "The information on this website is for educational purposes only and is not medical advice.",
])
def test_widget_plugin_and_platform_strings_are_furniture(anatomy, line):
    assert typed(anatomy.audit(page_with(line)), line) is BlockType.BOILERPLATE


def test_a_name_among_menu_items_is_an_item_not_a_byline(anatomy):
    menu = ("THE PATRIOT LEDGER", "Home", "Politics", "Border Patrol", "Videos", "Store")
    page = anatomy.audit("\n".join(menu) + "\n\n" + page_with())
    assert not any(page.slice(b) == "Border Patrol" for b in page.blocks_of(BlockType.BYLINE))
    assert typed(page, "By Jane Roe") is BlockType.BYLINE


def test_a_copyright_line_under_a_widget_is_a_credit(anatomy):
    foot = ("ABOUT THE VALLEY HERALD", "Serving the valley with honest reporting since 1902.",
            "© 2017 Valley Herald. All rights reserved.")
    page = anatomy.audit("\n\n".join((page_with(), "Related: Levy vote set for May", "\n".join(foot))))
    assert typed(page, foot[1]) is BlockType.BOILERPLATE
    assert typed(page, foot[2]) is BlockType.CREDIT


def below_a_credit(byline: str) -> str:
    """A story whose byline block stands under the deck and a republishing credit, below the lead zone."""
    credit = "This story was originally produced for and posted by Heartland Labor Wire, a nonprofit newsroom."
    return "\n\n".join(("Workers Organized a Walkout Nobody Saw Coming", STORY[0], credit, byline, STORY[1], STORY[2]))


@pytest.mark.parametrize("byline", ["By Ledger Staff - May 2, 2018", "by Ledger Staff · May 2, 2018 · 1,204 views",
                                    "Reported by the Heritage Desk · June 14, 2018", "Curated by Jess Barlow",
                                    "An investigative report by the Night Desk",
                                    "By Jane Roe on May 2, 2018 in Politics", "by Jane Roe · May 2, 2018",
                                    "By Jane Roe\nHeartland Labor Wire | January 16, 2018"])
def test_bylines_with_dates_times_and_outlets_are_bylines(anatomy, byline):
    page = anatomy.audit(below_a_credit(byline))
    assert all(typed(page, line) is BlockType.BYLINE for line in byline.split("\n"))


@pytest.mark.parametrize("byline", ["Reuters | March 5, 2018 | 14:32 GMT", "Op-Ed by Dale Merrow | Contributing Editor",
                                    "Guest post by Dr. Maren Solvik, DPM",
                                    "Filed by Gerald Pinkney, Senior Pavement Correspondent"])
def test_agency_op_ed_guest_and_filed_by_bylines_under_the_headline(anatomy, byline):
    page = anatomy.audit(page_with().replace("By Jane Roe", byline))
    assert typed(page, byline) is BlockType.BYLINE


@pytest.mark.parametrize("header", ["14 Comments »", "TALKBACKS (3)", "3 comments… read them below or add one"])
def test_comment_counts_with_a_pointer_or_as_talkbacks_head_the_thread(anatomy, header):
    thread = (header, "truthseeker_ann • 8 months ago", "Thank you for covering this.")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert typed(page, header) is BlockType.COMMENT_HEADER


@pytest.mark.parametrize("button", ["[ Parent | Reply to This ]", "Reply · Report · ▲ 31"])
def test_a_site_s_own_comment_buttons_are_furniture_inside_the_thread(anatomy, button):
    thread = ("3 Comments", "truthseeker_ann • 8 months ago", "Thank you for covering this.", button,
              "gerald_h • 8 months ago", "Same here.")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert typed(page, button) is BlockType.BOILERPLATE
    assert [page.slice(c) for c in page.comments] == ["Thank you for covering this.", "Same here."]


def test_a_reading_time_under_a_byline_is_not_a_date(anatomy):
    page = anatomy.audit(below_a_credit("By Jane Roe\n6 min read"))
    assert typed(page, "6 min read") is not BlockType.BYLINE


@pytest.mark.parametrize("heading", ["More Nation/World", "Categories", "Sponsored Links by Clickvine"])
def test_sidebar_link_list_headings(anatomy, heading):
    links = (heading, "Border Towns (214)", "Faith and Family (57)")
    page = anatomy.audit(page_with(after=("\n".join(links),)))
    assert all(typed(page, line) is BlockType.BOILERPLATE for line in links)


def test_a_sidebar_under_an_empty_comment_form_is_no_thread(anatomy):
    form = ("Leave a Reply", "Cancel reply", "", "MORE FROM THE VALLEY",
            "Council Delays Vote on the Riverside Rezoning", "Fire District Asks Voters for a New Engine")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(form))
    assert not page.comments
    assert typed(page, form[4]) is BlockType.BOILERPLATE


def test_a_list_of_headlines_below_the_story_is_links_without_a_heading(anatomy):
    links = ("Flood-weary river towns ask the state for levee money", "Heat wave strains the power grid again",
             "Mail Carrier Saw the Mail Piling Up. What She Did Next Saved a Life.")
    page = anatomy.audit(page_with(after=("\n".join(links),)))
    assert all(typed(page, line) is BlockType.BOILERPLATE for line in links)
    steps = ("What you can do:", "Call your county commissioner this week", "Attend the hearing on the levy",
             "Write to the treasurer's office about the bill")  # under a colon: the story's own list
    page = anatomy.audit(page_with(after=("\n".join(steps),)))
    assert not any(steps[2] in page.slice(b) for b in page.blocks_of(BlockType.BOILERPLATE))


@pytest.mark.parametrize("line", [
    "View this email in your browser", "Forward to a Friend", "Our mailing address is:",
    "You are receiving this email because you signed up at one of our rallies.", "Add us to your address book",
    "Want to change how you receive these emails?", "f Share on Facebook", "💬 Comments",
    "The Prairie Post on Facebook", "Facebook   Twitter   Email   Print   2,204 Shares",
    "The Valley Post is published by Riverbend Media Group, 12 Main St., Riverbend, KS.",
    "This site does not necessarily share the views expressed in the articles it republishes.",
    "Tried this recipe? Tag us on Instagram!", "Jump to Recipe · Print Recipe", "Course: Breakfast   Cuisine: Paleo",
    "★★★★☆ 4.2 from 57 votes", "This entry was posted in Politics and tagged Senate. Bookmark the permalink.",
    "Print   Email   Reprints",
    "Previous articleMayor Says the Levy Will Stay", "Some of our stories are satire and should be read as such.",
    "Keep reading ↓", "SCROLL TO CONTINUE WITH CONTENT", "[Story continues after this advertisement]",
    "Text size: A+ A-", "You might also be interested in:", "⭐ Related Post: The Levy Nobody Asked For",
    "1,204 people are talking about this", "Twitter Ads info and privacy",
    "Your browser does not support the video tag.", "Support local journalism. Subscribe for $1 a month.",
    "wpDiscuz", "Website   Instagram   Pinterest",
    "9 △ ▽ • Reply •", "Reply · Report abuse", "Poll closed March 3, 2018", "Thank you for voting!",
    "Our polls are unscientific and reflect only the readers who took part.",
    "Spotted a typo? Select it and press Ctrl+Enter.", "ZIP code", "Add your name", "2,140 signatures · Goal: 5,000",
    "⏱ 4 minute read", "Was this article helpful?", "👍 Yes (40)   👎 No (3)", "📄 Download this article as a PDF",
    "🎁 Gift this article   🔖 Save", "Embedded video", "0:00 / 3:12", "Tag a friend who loves dogs!",
    "Top   Newest   Oldest", "⬇ Story continues below ⬇", "🔊 Listen to this article", "👁 2,310 reads",
    "MORE FROM OPINION: Why the Levy Vote Matters",
    "Quote   Report   ▲ 7", "12 points · Reply · Collapse", "You must be a registered member to comment. Sign in",
    "Auto-refresh: ON · Turn off", "📌 PINNED", "📌 Pin this for later!",
    "Text LEVY to 55-0123 for breaking alerts. Msg & data rates may apply.",
    "The Valley Post takes no advertising from the county or its contractors.",
    "Headlines are the property of their respective publishers.",
    "The Valley Post is a member of the Heartland Newsroom Network.", "Follow Steppe Daily on Telegram: @steppedaily",
    "FIND US ON GAB: @ValleyPost", "[Print this article]", "Scroll down to keep reading ↓", "Facebook Video",
    "→ Shop the grounding mat we use (affiliate link)", "As an Amazon Associate, the Valley Post earns from purchases.",
    "OUR PICK: The Valley Rain Barrel ★★★★½", "💬 Comments off   🖨 Print   ✉ Email", "[ Reply ]  [ Report ]",
    "Also republished by Ohio Working Families and Labor Watch.",
])
def test_newsletter_recipe_share_embed_and_publisher_furniture(anatomy, line):
    assert typed(anatomy.audit(page_with(after=(line,))), line) is BlockType.BOILERPLATE


def test_a_code_listing_and_a_changelog_below_the_story_stay_story(anatomy):
    listing = ("SELECT *", "FROM stats;", "WHERE status_code = 200", "ORDER BY day;")
    changes = ("+ Added options for the skin shown in the menu", "+ Blocks can now carry their own variations",
               "+ Realms now has an activity chart for every member")
    for tail in (listing, changes):
        page = anatomy.audit(page_with(after=("\n".join(tail),)))
        assert not any(line in page.slice(b) for b in page.blocks_of(BlockType.BOILERPLATE) for line in tail)


def test_lines_in_a_script_without_spaces_are_no_list_of_headlines(anatomy):
    lines = ("第二次造訪美樹發現到營區變了 印象中以前生冷招牌換成了 原木招牌可謂 匠心獨運",
             "燻黑 原木 加上金黃色醒目字體 加上了貓頭鷹原木創作也充分發揮了裝飾藝術功力",
             "營區內 除了露營、民宿、餐飲 、 賞楓項目 多了許多原木飾品更有畫龍點睛加乘效果")
    page = anatomy.audit(page_with(after=("\n".join(lines),)))
    assert not any(line in page.slice(b) for b in page.blocks_of(BlockType.BOILERPLATE) for line in lines)


def test_a_site_s_own_forum_heads_its_thread_with_its_rules_and_marks_replies_with_an_arrow(anatomy):
    forum = ("Readers' Forum (2)", "Forum rules: no threats, no doxxing. Violators are banned without notice.",
             "", "patriot_jim — Dec 3, 2017", "They never asked the town.", "",
             "  ↳ KarenVH — Dec 3, 2017", "  They did, at the March meeting.")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(forum))
    assert typed(page, "Readers' Forum (2)") is BlockType.COMMENT_HEADER
    assert typed(page, forum[1]) is BlockType.COMMENT_POLICY
    assert [c.author for c in page.comments] == ["patriot_jim", "KarenVH"]


def test_a_replied_on_line_names_a_comment_s_author(anatomy):
    thread = ("3 Comments", "patriot_jim wrote on Dec 3, 2017 8:41 PM:", "They never asked the town.",
              "KarenVH replied on Dec 3, 2017 9:02 PM:", "They did, at the March meeting.")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert [c.author for c in page.comments] == ["patriot_jim", "KarenVH"]


def test_a_community_diary_s_thread_reads_rated_subjects_and_by_name_on_date_lines(anatomy):
    thread = ("Comments (2)", "", "Kessler has been doing this for years (14+ / 0-)",
              "by millvalley_dan on Wed Mar 01, 2017 at 04:10:22 PM EST", "Same donors, too.", "",
              "    Re: for years (9+ / 0-)", "    by rust_belt_rosa on Wed Mar 01, 2017 at 04:18:51 PM EST",
              "    Do you have the bill number?")
    page = anatomy.audit(page_with(after=("Originally posted to rust_belt_rosa on Wed Mar 01, 2017 at 03:52 PM EST.",))
                         + "\n\n" + "\n".join(thread))
    assert [(c.author, page.text[c.start:c.end].strip()) for c in page.comments] == [
        ("millvalley_dan", "Same donors, too."), ("rust_belt_rosa", "Do you have the bill number?")]
    assert page.comments[1].parent == page.comments[0].id
    assert typed(page, thread[2]) is BlockType.COMMENT_META
    assert typed(page, "Originally posted to rust_belt_rosa on Wed Mar 01, 2017 at 03:52 PM EST.") is BlockType.BYLINE


def test_a_community_site_s_disclaimer_above_the_headline_is_furniture(anatomy):
    top = ("PROGRESS COMMONS", "Front Page  ·  Community  ·  Elections  ·  Labor  ·  Write a Story",
           "Community stories are written by Progress Commons members. Views are the author's own.", "")
    page = anatomy.audit("\n".join(top) + "\n" + page_with())
    assert typed(page, top[2]) is BlockType.BOILERPLATE


def test_a_blog_s_no_comments_header_ends_the_story_and_its_sidebar_profile_and_archive_are_no_comments(anatomy):
    foot = ("Posted by Lorna Gifford at 6:42 AM", "", "No comments:", "", "Post a Comment", "",
            "Newer Post Older Post Home", "", "About Me", "Lorna Gifford",
            "Wife of 22 years, mom of five and homeschooler. I write about what the local paper won't.",
            "View my complete profile", "", "Blog Archive", "► 2017 (47)",
            "School Board Quietly Adds an Equity Consultant at $145 an Hour",
            "Why We Said No to the New Library Card Policy")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(foot))
    assert typed(page, "No comments:") is BlockType.COMMENT_HEADER
    assert page.comments == []
    for line in foot[9:12] + foot[13:]:
        assert typed(page, line) is BlockType.BOILERPLATE, line


def test_a_name_and_date_under_the_byline_open_no_comment_thread(anatomy):
    top = ("By Kiara Bello", "Prairie Ledger", "February 26, 2018")
    body = [STORY[0], "1. What the inspections found", STORY[1], "2. Why nights are different", STORY[2]]
    headline = "State inspectors found nursing homes falsified staffing logs 41 times. Fines followed in four."
    deck = "A review of five years of inspection reports shows how often it happened."
    page = anatomy.audit("\n\n".join((headline, deck, "\n".join(top), *body)))
    assert page.comments == []
    assert not page.blocks_of(BlockType.COMMENT)
    assert all(typed(page, line) is BlockType.PARAGRAPH for line in (STORY[0], STORY[1], STORY[2]))


@pytest.mark.parametrize("byline", ["Submitted by reservoir_watch on Sat, 03/10/2018 - 21:14",
                                    "Reviewed for accuracy by Corinne Walsh, Certified Holistic Nutritionist"])
def test_a_drupal_submitted_line_and_a_reviewer_are_bylines(anatomy, byline):
    title = "County raises property tax levy for the first time in six years"
    page = anatomy.audit("\n\n".join((title, byline, *STORY)))
    assert typed(page, byline) is BlockType.BYLINE


@pytest.mark.parametrize(("above", "stamp"), [
    ("Critics say the proposed changes are aimed at one project only, and that consumers will pay the price.",
     ("Published time: 6 Apr, 2018 11:47", "Edited time: 6 Apr, 2018 13:05")),
    ("By Kenji Marumoto, UPI", ("Feb. 20, 2018 / 9:14 AM  |  via UPI.com",)),
])
def test_a_publication_time_under_the_deck_and_a_via_line_under_the_byline_are_bylines(anatomy, above, stamp):
    page = anatomy.audit("\n\n".join(("County raises property tax levy for the first time in six years",
                                       "\n".join((above, *stamp)), *STORY)))
    assert all(typed(page, line) is BlockType.BYLINE for line in stamp)


@pytest.mark.parametrize("bio", [
    "Marisa Okonjo covers water and agriculture for the Ridgeline Report. Reach her at mokonjo@ridgeline.example.",
    "The author is a senior research fellow at the Institute for Continental Connectivity Studies.",
])
def test_a_closing_bio_with_its_contact_or_naming_no_one_is_a_byline_above_a_list_of_headlines(anatomy, bio):
    related = ("Related Opinions", "Trade Is Not a Zero-Sum Game, Whatever the Tariffs Say",
               "The Port That Western Media Forgot to Visit")
    page = anatomy.audit(page_with(after=(bio, "\n".join(related))))
    assert typed(page, bio) is BlockType.BYLINE
    assert typed(page, "Reach her at mokonjo@ridgeline.example.") is None  # a bio's contact stays in the bio


@pytest.mark.parametrize("heading", ["About Dr. Voss", "About owl_at_the_gate", "Meet Brianna"])
def test_an_about_heading_naming_a_titled_author_or_a_pen_name_heads_the_bio(anatomy, heading):
    bio = "Voss is a naturopath who has written for the site since 2014. owl_at_the_gate is a retired surveyor."
    page = anatomy.audit(page_with(after=("\n".join((heading, bio)),)))
    assert typed(page, heading) is BlockType.BYLINE


def test_a_numbered_subheading_saying_what_experts_said_opens_no_thread(anatomy):
    sections = ("1. The morning of the fourteenth", STORY[0], "2. The tower nobody voted on", STORY[1],
                '3. What the "experts" said', STORY[2], "4. Your reports", STORY[0].replace("county", "city"))
    page = anatomy.audit(page_with(*sections))
    assert page.comments == []


def test_a_site_s_own_sound_off_thread_and_bracketed_handles(anatomy):
    thread = ("Sound Off (2)", "[prairie_son] 2 days ago", "Forty-two apartments and my brother waited for years.",
              "[Dottie_R] 1 day ago", "I'll be there Tuesday.")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert typed(page, "Sound Off (2)") is BlockType.COMMENT_HEADER
    assert [c.author for c in page.comments] == ["prairie_son", "Dottie_R"]


def test_an_aggregator_s_tabbed_agency_date_and_via_line_is_the_byline(anatomy):
    line = "Xinhua\t2017-09-21 14:32\tvia NewsFeedHub"
    page = anatomy.audit("\n".join(("China opens bullet train link to Laos border", line,
                                    "KUNMING, Sept. 21 (Xinhua) -- " + STORY[0], STORY[1], STORY[2])))
    assert typed(page, line) is BlockType.BYLINE


@pytest.mark.parametrize("bio", [
    "Col. Jane Roe (Ret.) served 26 years in the Army and now writes The Roe Letter from her home.",
    "Curtis Ahlgren farmed in Story County for 30 years and writes about rural life and heritage.",
])
def test_a_closing_bio_with_a_rank_or_a_past_life_is_a_byline(anatomy, bio):
    assert typed(anatomy.audit(page_with(after=(bio,))), bio) is BlockType.BYLINE


def test_a_joke_beat_title_after_the_name_is_still_a_byline(anatomy):
    byline = "Gus Halvorsen, Senior Traffic Correspondent"
    page = anatomy.audit("\n\n".join(("Town Roundabout Completes Its First Full Lap", byline, *STORY)))
    assert typed(page, byline) is BlockType.BYLINE


@pytest.mark.parametrize(("thread", "header"), [
    (("Member Comments (2)", "Comment #1 by ironplow | November 21, 2017", "Two miles from a school.",
      "Comment #2 by MarlowMom3 | November 21, 2017", "I found out from this site."), "Member Comments (2)"),
    (("TALKBACK — 2 posts", "#1  Posted by iron_shepherd on Feb 26, 2018 at 9:14 pm", "Same thing happened here.",
      "#2  Posted by lindy_in_ohio on Feb 26, 2018 at 9:40 pm", "Exactly."), "TALKBACK — 2 posts"),
])
def test_numbered_posts_of_a_site_s_own_board_name_their_posters(anatomy, thread, header):
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert typed(page, header) is BlockType.COMMENT_HEADER
    assert [c.author for c in page.comments] in (["ironplow", "MarlowMom3"], ["iron_shepherd", "lindy_in_ohio"])


def test_please_share_in_capitals_is_no_dateline(anatomy):
    line = "PLEASE SHARE — they are already trying to get this video taken down!"
    page = anatomy.audit(page_with(line))
    assert not page.blocks_of(BlockType.DATELINE) and not page.blocks_of(BlockType.INSERTION)


def test_a_site_s_own_readers_thread_with_vote_bars_and_a_time_after_the_poster(anatomy):
    thread = ("What Our Readers Are Saying (2)",
              "Talkbacks are read by an editor before they appear. No links, no profanity.",
              "Posted by nordic_ridge at 6:41 PM on March 2, 2018", "Same thing happened two counties over.",
              "▲ 14   Reply   Report", "Posted by Kurt D. at 7:12 PM on March 2, 2018", "Printed this for the diner.",
              "▲ 2   Reply   Report", "Location (optional)")
    page = anatomy.audit(page_with() + "\n\n" + "\n".join(thread))
    assert typed(page, thread[0]) is BlockType.COMMENT_HEADER
    assert typed(page, thread[1]) is BlockType.COMMENT_POLICY
    assert [c.author for c in page.comments] == ["nordic_ridge", "Kurt D."]
    assert typed(page, "▲ 14   Reply   Report") is BlockType.BOILERPLATE
    assert typed(page, "Location (optional)") is BlockType.BOILERPLATE


def test_a_retired_officer_s_service_in_brackets_stays_in_his_byline_and_bio(anatomy):
    byline = "By Col. Rutherford Banks (USAF, Ret.)"
    bio = "Col. Rutherford Banks (USAF, Ret.) flew tankers for twenty-six years and now writes from his ranch."
    page = anatomy.audit("\n\n".join(("County Wants a Tax on Every Box of Ammunition", byline, *STORY, bio)))
    assert typed(page, byline) is BlockType.BYLINE
    assert typed(page, bio) is BlockType.BYLINE
