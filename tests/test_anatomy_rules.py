"""Line rules of the anatomy stage: datelines, bylines, thread starts."""

from __future__ import annotations

import pytest

from newsaudit.anatomy.classify import byline_names, find_dateline
from newsaudit.anatomy.lines import split_lines
from newsaudit.page import BlockType
from newsaudit.pipeline import Pipeline, PipelineConfig
from newsaudit.stages.anatomy import AnatomyConfig


def line(text):
    return split_lines(text)[0]


@pytest.mark.parametrize(
    ("text", "dateline", "agency"),
    [
        ("WASHINGTON (AP) — The Senate voted on Tuesday to approve the bill.", "WASHINGTON (AP)", "ap"),
        ("Paris (AFP) - France said on Monday it would send more troops.", "Paris (AFP)", "afp"),
        ("(Reuters) - Apple Inc said on Tuesday it would buy the firm.", "(Reuters)", "reuters"),
        ("BEIJING, Nov. 5 (Xinhua) -- China's exports rose 5 percent in October.", "BEIJING, Nov. 5 (Xinhua)",
         "xinhua"),
        ("NEW YORK, March 3 (Reuters) - Wall Street fell on Friday as investors fretted.",
         "NEW YORK, March 3 (Reuters)", "reuters"),
        ("ST. LOUIS (AP) — A man was arrested Monday after a chase across the city.", "ST. LOUIS (AP)", "ap"),
        ("SPRINGFIELD, Ill. — The Illinois House passed a budget on Thursday night.", "SPRINGFIELD, Ill.", None),
    ],
)
def test_datelines(text, dateline, agency):
    found = find_dateline(line(text))
    assert found is not None
    assert text[found.start : found.end] == dateline
    assert (found.agency.id if found.agency else None) == agency


@pytest.mark.parametrize(
    "text",
    ["BREAKING — Something happened today and here is the story about it.",
     "UPDATE: The story continues with some words here for length.",
     "The president (R) - said something about the vote today in the chamber."],
)
def test_not_datelines(text):
    assert find_dateline(line(text)) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe and John Roe, Associated Press", ["Jane Doe", "John Roe"]),
        ("BY MARY O'BRIEN, STAFF WRITER", ["MARY O'BRIEN"]),
        ("By Jean-Luc McDonald", ["Jean-Luc McDonald"]),
        ("Andrew Osborn, Phil Stewart", ["Andrew Osborn", "Phil Stewart"]),
        ("By The Associated Press", ["The Associated Press"]),
        ("By Reuters | March 26, 2019", ["Reuters"]),
        ("By HARRIET VANCE Associated Press", ["HARRIET VANCE"]),
        ("Posted by Signal Staff | April 2, 2019", ["Signal Staff"]),
    ],
)
def test_bylines(text, names):
    assert byline_names(line(text), bare_allowed=True) == names


@pytest.mark.parametrize("text", ["Recommended Resources", "Caroline’s Breast Cancer Blog", "BREAKING NEWS",
                                  "By the way, nobody asked"])
def test_not_bylines(text):
    assert byline_names(line(text), bare_allowed=True) is None


def test_bare_names_mid_article_are_not_a_byline():
    text = ("A headline about the council\n\nThe council met on Monday to discuss the budget for next year.\n\n"
            "Donald Trump\n\nThe mayor said the plan would cut costs by ten percent over five years.\n\n"
            "Officials will vote again next week after a public hearing on the proposal.\n")
    page = Pipeline().audit(text)
    assert page.blocks_of(BlockType.BYLINE) == []


def test_says_lines_open_a_thread_without_header():
    text = ("Storm closes schools\n\nSchools across the county closed on Tuesday as a storm brought snow.\n\n"
            "Officials said roads would be cleared by Wednesday morning at the latest.\n\n"
            "Mary Jones says:\nJanuary 5, 2018 at 9:12 am\nStay safe everyone, the roads are bad.\nReply\n"
            "Tom Smith says:\nJanuary 5, 2018 at 10:40 am\nOur road was plowed already.\nReply\n")
    page = Pipeline().audit(text)
    authors = [c.author for c in page.walk_comments()]
    assert authors == ["Mary Jones", "Tom Smith"]
    assert [page.slice(c) for c in page.walk_comments()][1] == "Our road was plowed already."
    assert page.blocks_of(BlockType.COMMENT_HEADER) == []


def test_a_single_says_line_in_an_article_is_not_a_thread():
    text = ("Pension debt grows\n\nThe state's pension fund looks to shift blame.\n\nSteven Greenhut says:\n\n"
            "The fund's defenders feign shock whenever reformers accuse it of kicking the can.\n\n"
            "It is like the scene from Casablanca, where gambling is found in a gambling house.\n")
    page = Pipeline().audit(text)
    assert page.comments == []


def test_site_header_above_the_title_is_furniture():
    text = ("The Northern Ledger\n\nWorld\n\nEU agrees to delay Brexit until Oct. 31, avoiding no-deal exit\n\n"
            "By Jane Doe and John Roe\nAssociated Press\nApr 11, 2019 Updated 2 hrs ago\n\n"
            "BRUSSELS (AP) — European Union leaders agreed early Thursday to give Britain more time to leave.\n\n"
            "The decision was reached after more than six hours of talks at a summit dinner in Brussels.\n")
    page = Pipeline().audit(text)
    assert page.title == "EU agrees to delay Brexit until Oct. 31, avoiding no-deal exit"
    boilerplate = [page.slice(b) for b in page.blocks_of(BlockType.BOILERPLATE)]
    assert boilerplate[:2] == ["The Northern Ledger", "World"]
    bylines = [page.slice(b) for b in page.blocks_of(BlockType.BYLINE)]
    assert bylines == ["By Jane Doe and John Roe", "Associated Press", "Apr 11, 2019 Updated 2 hrs ago"]
    assert page.comments == [] and page.blocks_of(BlockType.INSERTION) == []


def test_photo_caption_and_credit_on_one_line():
    text = ("River crests above flood stage\n\n"
            "Volunteers fill sandbags outside the fire station on Thursday. (Photo: Jane Doe/Harbor Tribune)\n\n"
            "MILLBROOK, Ohio — The river crested nine feet above flood stage on Friday as residents left.\n\n"
            "A pickup truck sits in floodwater on Canal Street on Friday.\nDwayne Hollis/Getty Images\n\n"
            "Officials said the water would recede slowly over the weekend, leaving roads closed for days.\n")
    page = Pipeline().audit(text)
    credits = [page.slice(b) for b in page.blocks_of(BlockType.CREDIT)]
    assert credits == ["(Photo: Jane Doe/Harbor Tribune)", "Dwayne Hollis/Getty Images"]
    captions = [page.slice(b) for b in page.blocks_of(BlockType.BOILERPLATE)]
    assert captions == ["Volunteers fill sandbags outside the fire station on Thursday.",
                        "A pickup truck sits in floodwater on Canal Street on Friday."]
    assert page.title == "River crests above flood stage"


def test_press_release_dateline_and_contact_block():
    text = ("Dairy cooperative to build cheese plant\n\nFOR IMMEDIATE RELEASE\n\n"
            "WAUSAU, Wis., April 12, 2019 /PRNewswire/ -- A dairy cooperative said Friday it will build a plant.\n\n"
            "The plant will employ about 120 people when it opens in two years, the cooperative said.\n\n"
            "Media contact:\nLena Marquardt\nDirector of Communications\n715-555-0187\n\nSOURCE Northfield Dairy\n")
    page = Pipeline().audit(text)
    (dateline,) = page.blocks_of(BlockType.DATELINE)
    assert page.slice(dateline) == "WAUSAU, Wis., April 12, 2019 /PRNewswire/"
    assert dateline.attrs["agency"] == "prnewswire"
    credits = [page.slice(b) for b in page.blocks_of(BlockType.CREDIT)]
    assert credits == ["Media contact:", "Lena Marquardt", "Director of Communications", "715-555-0187",
                       "SOURCE Northfield Dairy"]


def test_name_lines_above_comments_are_authors():
    text = ("Subway fares to rise\n\nSEOUL, March 14 (Yonhap) -- Subway fares in Seoul will rise from June, "
            "the city said on Thursday, the first increase in eight years.\n\n"
            "The city said the increase was needed to cover rising costs of running the network.\n\n"
            "8 Comments\n\nMin-jun Cho\nAnother fare hike while line 2 is still packed.\nLike · Reply · 14 · 2y\n\n"
            "    Sarah Whitfield\n    Still cheaper than any city I've lived in.\n    Like · Reply · 3 · 2y\n\n"
            "Jae Lee · Seoul National University\nWill the monthly card still be valid?\nLike · Reply · 2y\n")
    page = Pipeline().audit(text)
    comments = list(page.walk_comments())
    assert [c.author for c in comments] == ["Min-jun Cho", "Sarah Whitfield", "Jae Lee"]
    assert comments[1].parent == comments[0].id and comments[2].parent is None


def test_correction_note_is_not_an_insertion_but_an_editors_comment_is():
    base = ("Water main bursts downtown\n\n{note}\n\n"
            "HARLOW SPRINGS, Colo. — A water main burst under Ridge Avenue early Thursday, flooding shops.\n\n"
            "Crews shut off the main by about 5:15 a.m., the utilities director said on Thursday morning.\n")
    correction = Pipeline().audit(base.format(
        note="Editor's note: An earlier version of this story said the main broke under Ridge Road."))
    assert correction.blocks_of(BlockType.INSERTION) == []
    comment = Pipeline().audit(base.format(
        note="Editor’s Comment: The city has neglected its pipes for decades, and this is the price we pay."))
    (insertion,) = comment.blocks_of(BlockType.INSERTION)
    assert comment.slice(insertion).startswith("Editor’s Comment")


def test_pull_quote_repeating_the_text_is_furniture():
    text = ("Council backs new bridge\n\n"
            "The council voted on Monday to fund a new bridge. \"We cannot wait another winter,\" the mayor said "
            "after the vote, adding that the old span had been closed twice this year.\n\n"
            "\"We cannot wait another winter,\" the mayor said\n\n"
            "Construction is expected to start in the spring and take about eighteen months to finish.\n")
    page = Pipeline().audit(text)
    (quote,) = page.blocks_of(BlockType.BOILERPLATE)
    assert page.slice(quote).startswith("\"We cannot wait another winter,\"")
    assert "pull quote" in quote.reason


@pytest.mark.parametrize("title", ["Context Is Everything", "So Long Coffee, Hello Turmeric Latte",
                                   "Former Finnish President Visits Paranal"])
def test_title_case_headlines_are_titles_not_names_or_menus(title):
    text = (f"{title}\n\nThe first paragraph of the story is a full sentence with enough words to be prose.\n\n"
            "The second paragraph also reads like running text, not like a heading or a label.\n")
    assert Pipeline().audit(text).title == title


def test_menu_line_above_the_headline_is_not_the_title():
    text = ("Home News Sports Obituaries Opinion Classifieds e-Edition\n\n"
            "Council backs roundabout despite neighbors' objections\n\n"
            "The city council voted 5-2 on Tuesday to build a roundabout at the busy intersection downtown.\n")
    page = Pipeline().audit(text)
    assert page.title == "Council backs roundabout despite neighbors' objections"
    assert page.slice(page.blocks_of(BlockType.BOILERPLATE)[0]).startswith("Home News Sports")


def test_blogger_commentary_inside_wire_copy_is_an_insertion():
    text = ("Fuel prices climb at the port\n\n"
            "SINGAPORE (Reuters) - Prices of low-sulphur ship fuel rose on Friday ahead of new rules, traders said.\n\n"
            "Let's stop here for a second, because this is the part the wire story glosses over: you pay for it.\n\n"
            "“We expect tight supply through the first quarter,” a trader said, asking not to be named.\n\n"
            "(Reporting by Jane Roe; Editing by John Doe)\n")
    page = Pipeline().audit(text)
    (insertion,) = page.blocks_of(BlockType.INSERTION)
    assert page.slice(insertion).startswith("Let's stop here")
    assert insertion.attrs["position"] == "inside_wire_copy"
    # a quotation in the first person is the source speaking, not the publisher
    assert not any("We expect" in page.slice(b) for b in page.blocks_of(BlockType.INSERTION))


def test_comments_signed_below_their_text():
    text = ("Strike halts trains\n\nTrain drivers walked out on Thursday, halting most services across the "
            "country for the day, the rail operator said.\n\nThe union said the strike would continue next week "
            "unless talks resumed, and the operator urged commuters to work from home.\n\n"
            "2 Comments\n\nSame thing every year. The public pays, nothing changes.\n"
            "Posted by: Heinz R. | March 8, 2018 at 11:12 AM\n\n"
            "At least they announced it a day in advance this time.\n"
            "Posted by: commuter_NRW | March 8, 2018 at 12:40 PM\n\n"
            "Comments are moderated, and will not appear until the author has approved them.\n")
    page = Pipeline().audit(text)
    assert [c.author for c in page.walk_comments()] == ["Heinz R.", "commuter_NRW"]
    assert [page.slice(b) for b in page.blocks_of(BlockType.COMMENT_POLICY)] == [
        "Comments are moderated, and will not appear until the author has approved them."]


def test_a_page_without_story_text_says_so():
    promo = Pipeline().audit("The Day Of Christ Is At Hand\n\nClick here to watch the full video\n\nShare this:\n")
    assert promo.summary["anatomy"]["has_article"] is False
    story = Pipeline().audit("Bridge reopens\n\n" + "The bridge reopened on Monday after two years of work. " * 6)
    assert story.summary["anatomy"]["has_article"] is True and story.summary["anatomy"]["article_words"] == 60


def test_reply_targets_and_quoted_headers_are_not_authors():
    text = ("Bus routes cut\n\nThe transit agency cut six bus routes on Monday, citing a shortage of drivers "
            "across the network.\n\nOfficials said service would return once new drivers finished training.\n\n"
            "Comments (3)\n\nOtleyRoadRegular\n14 Mar 2017 18:40\nSame with the 97. The app is the worst part.\n"
            "Recommend 4\n\nKirkstaller\nin reply to OtleyRoadRegular\n14 Mar 2017 19:02\nHa, true. The printed "
            "one at my stop is from 2014.\nRecommend 2\n\nPost by sagebrush_sal » Mon Apr 08, 2019 9:15 am\n"
            "DesertRat_NV wrote: ↑Mon Apr 08, 2019 7:52 am\nThe fees are too low.\nThey are not, and here is why.\n")
    page = Pipeline().audit(text)
    comments = list(page.walk_comments())
    assert [c.author for c in comments] == ["OtleyRoadRegular", "Kirkstaller", "sagebrush_sal"]
    assert comments[1].meta.get("reply_to") == "OtleyRoadRegular"
    assert page.slice(comments[2]).startswith("DesertRat_NV wrote:")


def test_masthead_lines_from_round_16():
    story = ("The city council approved the new budget on Tuesday after a long debate, officials said on the day. "
             * 2 + "\n\n") * 3
    text = ("Columnists\n\nWhy the Tax Bill Will Hit Small Farms Harder Than Anyone Admits\n"
            "Bloomberg News | February 5, 2018 | 3 min read\nConnect\nFacebook\nTwitter\n\n" + story +
            "Posted in Elections\n\nTrending on Heartland Dispatch\n"
            "The Quiet Retirement Crisis Nobody Wants to Discuss\n"
            "Why Rural Hospitals Are Closing Faster Than Ever\n")
    page = Pipeline().audit(text)
    assert page.title == "Why the Tax Bill Will Hit Small Farms Harder Than Anyone Admits"
    bylines = [page.slice(b) for b in page.blocks_of(BlockType.BYLINE)]
    assert bylines == ["Bloomberg News | February 5, 2018 | 3 min read"]  # the agency's desk and a reading time
    furniture = {page.slice(b) for b in page.blocks_of(BlockType.BOILERPLATE)}
    assert {"Columnists", "Connect", "Posted in Elections", "Trending on Heartland Dispatch",
            "Why Rural Hospitals Are Closing Faster Than Ever"} <= furniture


def test_a_line_leading_into_wire_copy_is_the_publishers():
    text = ("Italy Votes: Voters Reject Brussels\n\nThe establishment media spent months telling us Italians "
            "would come to their senses. They did not, and the elites are furious about it today.\n\n"
            "Here is AFP’s report:\n\nROME (AFP) - Anti-establishment parties made sweeping gains in Italy's "
            "general election on Sunday, according to partial results.\n\nNo party appeared to have won a "
            "majority, officials said on Monday.\n")
    page = Pipeline().audit(text)
    assert [page.slice(b) for b in page.blocks_of(BlockType.INSERTION)][-1] == "Here is AFP’s report:"
    assert "Anti-establishment parties" in page.slice(page.blocks_of(BlockType.PARAGRAPH)[0])


@pytest.mark.parametrize("text", [
    "freedomdawnreport.com\n\nThis domain may be for sale!\nBuy this domain\n\nRelated Searches\nBreaking News Today\n",
    "The Gulf Coast Register\n\nYou've reached your limit of free articles\n\nDigital Basic\n"
    "$1 for the first 3 months\nThen $9.99 per month. Cancel anytime.\nSubscribe\n\nAlready a subscriber? Log in\n",
])
def test_parked_domains_and_subscription_walls_have_no_story(text):
    page = Pipeline().audit(text)
    assert page.summary["anatomy"]["has_article"] is False
    assert page.title in {"freedomdawnreport.com", "You've reached your limit of free articles"}


def test_a_message_board_thread_reads_post_headers_and_posters():
    story = "The agency said it would review whether inspectors followed the rules at the mine last year. " * 2
    text = ("Feds open probe into mine inspections\n\n03-14-2018, 08:42 AM   #1\nRidgeRunner77\nSenior Member\n"
            "Join Date: Jan 2012\nPosts: 8,412\n" + (story + "\n") * 3 + "Reply With Quote\n\n"
            "03-14-2018, 09:05 AM   #2\nBamaGrandma\nMember\nJoin Date: Aug 2015\n"
            "Praying for those families tonight.\n__________________\nLive free.\nReply With Quote\n\n"
            "03-14-2018, 09:31 AM   #3\nCoalCountryKev\nSenior Member\nOnly one was roof control.\nReply With Quote\n")
    page = Pipeline().audit(text)
    assert [(c.author, page.slice(c)) for c in page.walk_comments()] == [
        ("BamaGrandma", "Praying for those families tonight."), ("CoalCountryKev", "Only one was roof control.")]
    furniture = {page.slice(b) for b in page.blocks_of(BlockType.BOILERPLATE)}
    assert {"Senior Member", "Join Date: Jan 2012", "Posts: 8,412", "Reply With Quote", "Live free."} <= furniture


def test_the_country_is_not_the_reader_and_an_issuers_about_section_is_a_byline():
    text = ("UN urges end to family separations\n\nGENEVA (AFP) - The UN rights office on Tuesday urged the United "
            "States to stop separating migrant children from their parents.\n\nUS officials have defended the "
            "policy, saying it deters illegal crossings.\n\n© 2018 AFP\n\nAbout the Safe Harbor Alliance\n"
            "The Safe Harbor Alliance is an independent network supporting displaced families.\n")
    page = Pipeline().audit(text)
    assert not page.blocks_of(BlockType.INSERTION)
    assert [page.slice(b) for b in page.blocks_of(BlockType.BYLINE)][-2:] == [
        "About the Safe Harbor Alliance",
        "The Safe Harbor Alliance is an independent network supporting displaced families."]


def test_a_video_page_with_no_sentence_is_no_story_and_up_next_lists_other_videos():
    text = ("RedLine Rally TV\nHome | Videos | Shows | Live | Store\n\nVIDEOS\n"
            "WATCH: Sheriff Grills County Board Over Jail Budget Cuts\n\n[embedded content]\n4:37\n"
            "Published Jun 12, 2018\n12,408 views\n\nUp Next\nWATCH: Parents Confront School Board Over Reading List\n"
            "3:12\nWATCH: Senator Stumbles Through Answer on Border Funding\n5:48\n")
    page = Pipeline().audit(text)
    assert page.title == "WATCH: Sheriff Grills County Board Over Jail Budget Cuts"
    assert page.summary["anatomy"]["has_article"] is False
    assert not page.blocks_of(BlockType.PARAGRAPH, BlockType.BYLINE)
    short_post = Pipeline().audit("Waking up in the morgue\n\nCould you imagine waking up in the morgue? "
                                  "A 29-year-old woman did, officials said.\n")
    assert [b.type for b in short_post.blocks][-1] is BlockType.PARAGRAPH  # a short post that says something


@pytest.mark.parametrize(("text", "title"), [
    ("ERROR\n\nMain Error Mesage Here\n\nMore detailed message would go here to provide context for the user and "
     "how to proceed\n", "ERROR"),
    ("Health food products news, articles and information:\n\nRecommended Resources\nCounterThink Cartoons are "
     "free to view and download.\nWebseed.com offers alternative health programs, documentaries and more.\n",
     "Health food products news, articles and information:"),
])
def test_an_error_template_and_a_topic_page_have_no_story(text, title):
    page = Pipeline().audit(text)
    assert page.summary["anatomy"]["has_article"] is False and page.title == title


def test_the_line_check_leaves_the_end_of_a_quoted_prayer_in_the_story():
    lines = ["where there is exclusion, let us offer solidarity;", "where there is prejudice, let us awaken trust;",
             "where there is falsehood, let us bring truth.", "Amen.”"]
    text = ("Pope asks journalists for news that builds peace\n\nThe pope on Wednesday asked journalists to tell "
            "stories that build peace rather than fear, in his message for the day of social communications.\n\n"
            "He ended the message with a prayer. “Lord, make us instruments of your peace.\n\n"
            + "\n\n".join(lines) + "\n\nSource: http://www.example-news-agency.org/news/pope-peace\n")
    page = Pipeline().audit(text)
    story = [page.slice(b) for b in page.blocks_of(BlockType.PARAGRAPH)]
    assert story[-1] == "Amen.”"


def test_a_tag_archive_with_posted_by_teasers_is_an_index_and_holds_no_thread():
    teasers = []
    for headline, poster, date in (("Church Volunteer Stops Knife Attack", "Hank Dorsey", "January 4, 2018"),
                                   ("Reciprocity Bill Clears Committee", "Staff", "December 11, 2017"),
                                   ("Gun Shop Sales Shattered Every Record", "Leah Brandywine", "December 2, 2017"),
                                   ("Campus Carry Debate Returns", "Hank Dorsey", "November 20, 2017")):
        teasers += [headline, f"Posted by {poster} on {date}", "A short teaser of the story under the headline.", ""]
    page = Pipeline().audit("Posts Tagged ‘Concealed Carry’\n\n" + "\n".join(teasers))
    assert page.summary["anatomy"]["has_article"] is False and not page.comments
    assert page.title == "Posts Tagged ‘Concealed Carry’"


@pytest.mark.parametrize("apology", ["This Story Is No Longer Available", "Oops! That page can't be found."])
def test_an_error_page_s_title_says_what_happened_rather_than_its_code(apology):
    page = Pipeline().audit(f"The Liberty Ledger\n\nError 410\n\n{apology}\n\n"
                            "The story you are looking for has been removed.\n\nPopular now\n")
    assert page.summary["anatomy"]["has_article"] is False
    assert page.title == apology


def test_a_donation_page_with_giving_levels_has_no_story():
    text = "\n".join(("Truth Frontier Media", "", "Keep Truth Frontier Independent", "",
                      "Facebook throttled our page in January. YouTube demonetized our channel in March.",
                      "Choose your gift:", "$10 — Truth Seeker", "$25 — Frontier Patriot", "$50 — Founder's Circle",
                      "Other amount: $______", "☐ Make this a monthly gift"))
    page = Pipeline().audit(text)
    assert page.summary["anatomy"]["no_story"].startswith("a shop, sales or donation page")
    assert not page.blocks_of(BlockType.PARAGRAPH)


@pytest.mark.parametrize(("lines", "kind", "title"), [
    (("AMERICAN HOMESTEAD ALERT", "ENTER TO WIN: The Ultimate 72-Hour Bug-Out Bag ($489 Value)",
      "When the grid goes down, will your family be ready? One lucky reader will take home our bug-out bag.",
      "First name", "Email address", "ENTER NOW", "Get 5 bonus entries for every friend you refer!",
      "No purchase necessary. Open to legal residents of the 50 United States, 18 and older."),
     "a form page", None),
    (("SOVEREIGN WEALTH SENTINEL", "FREE REPORT • LIMITED PRINTING",
      "The Coming Dollar Reset: 7 Steps To Protect Your Savings",
      "Former Treasury insiders are quietly moving their own money. This report shows you exactly where.",
      "Inside this report you'll discover:", "Enter your best email:", "[ Send Me My FREE Report ]",
      "We respect your privacy. Unsubscribe at any time."),
     "a form page", "The Coming Dollar Reset: 7 Steps To Protect Your Savings"),
    (("Heartland Sentinel", "Our Contributors",
      "The Sentinel's writers are veterans, moms, pastors, farmers and small-business owners. None of them went "
      "to journalism school.", "Wade Thorne", "Editor-in-Chief",
      "Wade spent 22 years in commercial real estate before starting the Sentinel from his kitchen table.",
      "View articles by Wade Thorne »"),
     "the site's page about itself", "Our Contributors"),
    (("Lantern Media", "Keep the Lantern Lit", "They pulled our ads. They throttled our page.", "Choose your gift:",
      "$10    $25    $50    $100    Other amount", "( ) One time   (•) Monthly",
      "Gifts to Lantern Media are not tax-deductible."),
     "a shop, sales or donation page", None),
    (("The Kettle Brief", "Almost done! Check your inbox.",
      "We just sent a confirmation e-mail to the address you entered.",
      "Don't see it? Check your spam folder, or wait a few minutes and refresh.",
      "Still nothing? Resend confirmation e-mail", "No thanks, take me to the homepage"),
     "a form page", None),
    (("LIBERTY RIDGE", "Tag Archives: concealed carry", "Sheriff Refuses to Enforce New Gun Registry",
      "March 9, 2018 by Hank Duval", "Read more »", "Church Guard Stops Knife Attack", "March 2, 2018 by Hank Duval",
      "Read more »", "Follow us:  Facebook  Twitter  Gab"),
     "an index page", "Tag Archives: concealed carry"),
    # a summit's pitch, a sales letter, Blogger's label page
    (("COPPER HOLLOW HEALTH", "The Clean Kitchen Summit: 19 Experts. 5 Days. Free.", "Save your free seat",
      "First name", "Email address", "YES! RESERVE MY FREE SEAT »", "We respect your privacy. Unsubscribe anytime.",
      "What you'll learn:", "✔ The cutting board nobody cleans right", "✔ Why your kettle may be the worst offender",
      "Want lifetime access and the bonus recipes? Upgrade any time."),
     "a form page", None),
    (("THE BULLION LETTER", "⚠ FREE SPECIAL REPORT ⚠", "Dear Reader,",
      "For eight years our analysts have warned about the pension funds nobody audits, and every warning came true.",
      "Now the same signs are back, and this time your savings are in the way of it.",
      "Inside you'll discover:", "✔ The account that could be frozen in a weekend",
      "Just enter your best email address below and we'll send your copy at once.", "Your best email address",
      "YES! SEND MY FREE REPORT »", "We respect your privacy and never share your address."),
     "a form page", None),
    (("Prairie Truth Diary", "Home | About Me | Contact", "Showing posts with label fluoride. Show all posts",
      "Monday, March 5, 2018", "What the Water Board Left Out",
      "I asked the board for the test results last month and got a letter about budgets instead.",
      "Posted by Edna Sorell at 9:14 PM", "3 comments:"),
     "an index page", "Showing posts with label fluoride. Show all posts"),
])
def test_a_giveaway_a_free_report_and_a_contributors_page_have_no_story(lines, kind, title):
    page = Pipeline().audit("\n".join(lines))
    assert page.summary["anatomy"]["no_story"].startswith(kind)
    assert title is None or page.title == title
    assert not page.blocks_of(BlockType.PARAGRAPH)


STORY = ("The county board voted four to one on Tuesday night to close the east branch library by the end of the "
         "summer, citing a budget gap of nearly two million dollars.\n\n"
         "Residents who spoke at the meeting said the branch is the only place within walking distance where "
         "children can do homework after school.\n\n"
         "Board members said they would revisit the decision if a new grant comes through before the fall.\n\n")


def _kinds(text: str, rules_only: bool = False) -> dict[str, str]:
    """Each block's type by its text; ``rules_only``: without the learned line check, which may catch the line too."""
    config = PipelineConfig(stages=["anatomy"], stage_config={"anatomy": AnatomyConfig(line_check=False)}) \
        if rules_only else None
    page = Pipeline(config).audit(text)
    return {page.slice(b): b.type.value for b in page.blocks}


def test_headlines_set_apart_under_read_more_are_a_list_of_links():
    text = ("Library Board Votes to Close East Branch\n\n" + STORY + "Read more:\n\n"
            "County Budget Gap Widens as Tax Receipts Fall\n\nParents Rally to Save After-School Programs\n\n"
            "Delivered by The Valley Sentinel\n")
    kinds = _kinds(text, rules_only=True)
    assert kinds["County Budget Gap Widens as Tax Receipts Fall"] == "boilerplate"
    assert kinds["Parents Rally to Save After-School Programs"] == "boilerplate"


def test_a_listicle_item_after_an_advert_stays_the_story():
    text = ("Five Inventions Nobody Planned\n\nSome of the things in your kitchen exist only because somebody made a "
            "mistake in a lab and had the sense to notice.\n\nAdvertisement\n\n1. Sticky Notes\nA chemist trying to "
            "make a strong glue ended up with one so weak it barely held paper, and a colleague found a use.\n\n"
            "2. Safety Glass\nA scientist dropped a flask and saw that it cracked but did not shatter, because a film "
            "of plastic held the pieces.\n\n3. Corn Flakes\nTwo brothers left boiled wheat out too long and rolled it "
            "flat rather than throw it away, and breakfast changed.\n")
    assert _kinds(text)["2. Safety Glass"] == "paragraph"


@pytest.mark.parametrize("promo", [
    "More Critical Reads You Need to Hear by Dana Hollis! Click Here!",
    "For more places to watch Frontier TV – Click Here Now",
    "Valley Watch Information, Tips, Gear and more; click graphic",
])
def test_a_promo_that_ends_in_its_link_pointer_is_furniture(promo):
    text = "Library Board Votes to Close East Branch\n\n" + STORY + promo + "\n\nSubscribe to my website\n"
    assert _kinds(text, rules_only=True)[promo] == "boilerplate"


def test_an_editors_note_runs_on_to_the_reposted_pieces_headline():
    text = ("Europe's Banks Brace for the Next Shock\n\nThis article was originally published by Jan Moor at his "
            "blog.\n\nEditor's Note: It was always a matter of time, since the whole arrangement was patched "
            "together from the start and everyone knew it.\n\nEveryone already knows how bad things could get if it "
            "plays out at its worst, so get ready for what comes.\n\nThe Next Great Banking Crisis Has Begun\n\n"
            + STORY)
    kinds = _kinds(text)
    assert kinds["Everyone already knows how bad things could get if it plays out at its worst, so get ready for "
                 "what comes."] == "insertion"
    assert kinds["The county board voted four to one on Tuesday night to close the east branch library by the end "
                 "of the summer, citing a budget gap of nearly two million dollars."] == "paragraph"


def test_a_correction_note_above_a_subheading_does_not_run_on():
    text = ("Library Board Votes to Close East Branch\n\nEditor's note: This story was corrected to give the right "
            "date of the vote.\n\n" + STORY.split("\n\n")[0] + "\n\nWhat Happens Next\n\n" + STORY)
    assert _kinds(text)[STORY.split("\n\n")[0]] == "paragraph"


@pytest.mark.parametrize("line", [
    "▶ WATCH: Commissioner Lays Out the Plan (1:54)",
    "[VIDEO] Inside the East Branch on Its Last Day (2:47)",
    "📤 48K shares",
    "The Valley Ledger is a nonprofit newsroom. If stories like this matter to you, please become a member today.",
    "We are banned from two payment processors. Support us by mail: P.O. Box 118, Dorrance, KS.",
])
def test_players_counters_and_appeals_are_furniture(line):
    text = "Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n" + STORY.split("\n\n")[1] + "\n"
    assert _kinds(text)[line] == "boilerplate"


def test_a_platforms_name_under_an_appeal_heads_the_storys_section():
    text = ("Board Bans Flags at the Ballfield\n\n" + STORY +
            "The Ridge Journal is reader-funded. No ads, no sponsors. Chip in $5 to keep stories like this coming »\n\n"
            "Facebook\n\nOn the night of the vote the board's page posted a photograph of the fence with the flag "
            "circled in red, and the post was shared four hundred times.\n")
    assert _kinds(text)["Facebook"] == "paragraph"


def test_a_subscribe_button_under_its_prompt_stays_a_button():
    text = ("Gold Buyers Return\n\n" + STORY + "Enter your email to get our weekly Bullion Brief\nSubscribe\n\n"
            + STORY.split("\n\n")[2] + "\n")
    assert _kinds(text)["Subscribe"] == "boilerplate"


@pytest.mark.parametrize(("line", "caption", "credit"), [
    ("Mara Delane greets voters outside a diner in Eastfield on Sept. 29. (Corin Adams/Statehouse Standard)",
     "Mara Delane greets voters outside a diner in Eastfield on Sept. 29.", "(Corin Adams/Statehouse Standard)"),
    ("Senator Alden Roe speaks at a fundraiser in 2017. (Screenshot/YouTube)",
     "Senator Alden Roe speaks at a fundraiser in 2017.", "(Screenshot/YouTube)"),
    ("A twin-engine plane photographed over Route 6 after 2 a.m. Photo: reader submission / K. Moss",
     "A twin-engine plane photographed over Route 6 after 2 a.m.", "Photo: reader submission / K. Moss"),
])
def test_inline_captions_with_a_name_slash_outlet_or_screenshot_credit(line, caption, credit):
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n" + STORY)
    assert kinds[caption] == "boilerplate"
    assert kinds[credit] == "credit"


def test_a_tabbed_byline_and_date_are_two_byline_blocks():
    text = ("THE COMMON FRONT\tnews for the many\n\nWorkers Walk Out as Heat Index Tops 104\n"
            "Sixty pickers left the floor on Tuesday afternoon, and their demands are simple.\n"
            "By Ines Halvor\tJuly 26, 2018\n\n" + STORY)
    page = Pipeline().audit(text)
    blocks = {page.slice(b): b for b in page.blocks}
    assert blocks["By Ines Halvor"].type.value == "byline"
    assert blocks["By Ines Halvor"].attrs["authors"] == ["Ines Halvor"]  # as an untabbed byline names them
    assert blocks["July 26, 2018"].type.value == "byline"


def test_a_caption_over_a_bracketed_name_slash_outlet_credit_line():
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY +
                   "Volunteers pack boxes at the east branch on its last day.\n(Anna Quarles / The Tributary)\n\n"
                   "A sign on the door of the branch.\nImage via Valley Truth source\n\n" + STORY)
    assert kinds["Volunteers pack boxes at the east branch on its last day."] == "boilerplate"
    assert kinds["(Anna Quarles / The Tributary)"] == "credit"
    assert kinds["Image via Valley Truth source"] == "credit"


@pytest.mark.parametrize("policy", ["Comments are off for this post.",
                                    "Reader comments are not available on wire stories."])
def test_a_thread_switched_off_is_a_comment_policy(policy):
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY + policy + "\n")
    assert kinds[policy] == "comment_policy"


def test_a_newsletter_box_does_not_swallow_the_comment_policy_under_it():
    text = ("Library Board Votes to Close East Branch\n\n" + STORY + "Get the day's county news in your inbox before "
            "7 a.m.\nEmail address\nSign up\nComments are closed for this story.\n")
    assert _kinds(text)["Comments are closed for this story."] == "comment_policy"


@pytest.mark.parametrize("line", ["Continue reading below for the part the utility refused to answer ↓",
                                  "🕑 6 min read · 2,318 views", "Read 27,114 times", "(4,872 shares)",
                                  "💬 4 Comments"])
def test_pointers_reading_times_and_counters_are_furniture(line):
    text = "Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n" + STORY.split("\n\n")[1] + "\n"
    assert _kinds(text)[line] == "boilerplate"


def test_a_tabbed_copyright_and_footer_links_are_a_credit_and_a_menu():
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY +
                   "© 2018 The Valley Standard, LLC\tAbout\tContact\tPrivacy\n")
    assert kinds["© 2018 The Valley Standard, LLC"] == "credit"
    assert kinds["About\tContact\tPrivacy"] == "boilerplate"


@pytest.mark.parametrize("role", ["Field Researcher, The Cistern Report", "Field Correspondent | Upper Midwest Desk",
                                  "Sentry Contributor · Lakeport, Mich."])
def test_a_role_line_under_the_byline_is_the_bylines(role):
    text = ("Why Did the Pumping Station Stop Keeping Its Logs?\n\nPosted on April 9, 2018 by basin_watcher\n" + role
            + "\n\n" + STORY)
    assert _kinds(text)[role] == "byline"


def test_wrote_at_a_time_on_a_date_heads_a_comment():
    text = ("Library Board Votes to Close East Branch\n\n" + STORY + "Reader Responses (2)\n\n"
            "Iron_Range_Ed wrote at 21:40 on May 3, 2018:\nSame thing happened in our county last year.\n\n"
            "Dale K. wrote at 06:52 on May 4, 2018:\nThe branch was the only quiet place in town.\n")
    page = Pipeline().audit(text)
    assert [c.author for c in page.walk_comments()] == ["Iron_Range_Ed", "Dale K."]


@pytest.mark.parametrize(("line", "kind"), [
    ("This story was co-published with Prairie Public Radio.", "credit"),
    ("The Tamarack Post is a nonprofit newsroom. If reporting like this matters to you, become a member today.",
     "boilerplate"),
    ("SEE ALSO ▶ Pastor Cited For Singing Carols Outside City Hall, Witnesses Say", "boilerplate"),
    ("Paid for by Keystone Ledger Politics, not authorized by any candidate or candidate's committee.",
     "boilerplate"),
])
def test_partnership_credits_appeals_promos_and_ad_disclosures(line, kind):
    text = "Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n" + STORY.split("\n\n")[1] + "\n"
    assert _kinds(text, rules_only=True)[line] == kind


def test_headlines_under_a_related_reading_heading_are_links():
    text = ("Library Board Votes to Close East Branch\n\n" + STORY + "Related reading:\n"
            "County Budget Gap Widens as Tax Receipts Fall\nParents Rally to Save After-School Programs\n")
    kinds = _kinds(text, rules_only=True)
    assert kinds["Related reading:"] == "boilerplate"
    assert kinds["Parents Rally to Save After-School Programs"] == "boilerplate"


def test_a_newsletter_landing_page_with_optional_fields_has_no_story():
    page = Pipeline().audit("\n".join((
        "THE STATEHOUSE BRIEF", "Get the Statehouse Brief",
        "Every weekday at 6 a.m., the five stories that matter in the capitol, delivered before coffee.",
        "First name", "Email address", "ZIP code (optional)", "Sign me up",
        "No spam, no sharing your address, unsubscribe anytime")))
    assert page.summary["anatomy"]["no_story"].startswith("a form page")


@pytest.mark.parametrize("byline", ["By Celeste Marrow, Certified Herbal Educator",
                                    "By Ward Pellham, Senior Field Researcher",
                                    "By Brynn Castellano, Certified Holistic Nutritionist"])
def test_a_role_after_the_name_is_no_second_author(byline):
    page = Pipeline().audit("Herbal Tea Cures Nothing, Study Finds\n\n" + byline + "\n\n" + STORY)
    bylines = [b for b in page.blocks if b.type.value == "byline"]
    assert [page.slice(b) for b in bylines] == [byline]
    assert bylines[0].attrs["authors"] == [byline[3:].split(",")[0]]


_THREAD = ("2 Comments\n\nMary Jones says:\nJanuary 5, 2018 at 9:12 am\n"
           "Stay safe everyone, the roads are bad.\nReply\n\n"
           "Tom Smith says:\nJanuary 5, 2018 at 10:40 am\nOur road was plowed already.\nReply\n\n")


@pytest.mark.parametrize("line", ["Pin it   Share it   Email it", "f Share   t Tweet   ✉ Email   🖶 Print",
                                  "🔥 26,530 Shares   Share on Facebook   Share on Twitter   ✉",
                                  "ALSO TRENDING: Senator's Aide Spotted Shredding Boxes at 3 a.m.",
                                  "READ NEXT ON NEWSHIVE: Two More Counties Draft New Budgets",
                                  "Sponsored · The one pantry item preppers are quietly stocking up on",
                                  "[Sponsored] This citrus-core filter catches what the cheap ones miss.",
                                  "This site uses cookies. By staying here you agree to our cookies. [OK] [More]",
                                  "Read more from our guest writers: The school bus contract nobody bid on"])
def test_promos_and_share_bars_worded_afresh_are_furniture(line):
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n" + STORY, rules_only=True)
    assert kinds[line] == "boilerplate"


@pytest.mark.parametrize("line", ["Facebook and Twitter", "WATCH: Whitfield defends the passes at Monday's meeting"])
def test_platform_subheadings_and_watch_lead_ins_are_not_share_bars_or_promos(line):
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n" + STORY, rules_only=True)
    assert kinds.get(line) != "boilerplate"


@pytest.mark.parametrize("policy", ["Comments on health articles are switched off. Questions? Write to us.",
                                    "Reader comments are not offered on wire stories.",
                                    "Members may comment. Keep it lawful; posts that threaten anyone are removed."])
def test_comment_policies_worded_afresh(policy):
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY + policy + "\n")
    assert kinds[policy] == "comment_policy"


@pytest.mark.parametrize("stamp", ["Reviewed March 2, 2018", "Last reviewed: February 9, 2018",
                                   "Fact-reviewed by the Rootwell wellness team · Updated June 28, 2017"])
def test_a_review_date_under_the_headline_is_a_byline(stamp):
    kinds = _kinds("Library Board Votes to Close East Branch\n\nBy Ana Ruiz\n\n" + stamp + "\n\n" + STORY)
    assert kinds[stamp] == "byline"


@pytest.mark.parametrize("terms", ["Material on this site may be reprinted if the source is credited. © 2018 Ledger.",
                                   "Text of the Dispatch is free to share with a link back."])
def test_reposting_terms_under_the_thread_are_a_credit_not_a_comment(terms):
    page = Pipeline().audit("Library Board Votes to Close East Branch\n\n" + STORY + _THREAD + terms + "\n")
    assert {page.slice(b): b.type.value for b in page.blocks}[terms] == "credit"
    assert [page.slice(c) for c in page.walk_comments()] == ["Stay safe everyone, the roads are bad.",
                                                             "Our road was plowed already."]


def test_a_comment_date_under_its_author_is_no_teaser_date():
    """Three comments dated 'Feb 13, 2018 · 8:12 pm' under their authors do not make a story an index of teasers."""
    thread = "".join(f"reader_{n}\nFeb 13, 2018 · {n}:12 pm\nI was at that meeting and nobody asked us.\n\n"
                     for n in range(1, 4))
    page = Pipeline().audit("Library Board Votes to Close East Branch\n\nFeb 13, 2018 by Sentry Desk\n\n" + STORY
                            + "Readers weigh in (3)\n\n" + thread)
    assert page.summary["anatomy"]["no_story"] is None
    assert page.blocks_of(BlockType.PARAGRAPH)


def test_a_posts_category_and_view_count_is_no_index_heading():
    page = Pipeline().audit("Contrails or Something Else? Pilot Logs 212 Spray Days\n\n"
                            "Posted on January 30, 2018 by skywatcher_dale\n\n"
                            "Category: Geoengineering | 1,877 views\n\n" + STORY)
    assert page.summary["anatomy"]["no_story"] is None


@pytest.mark.parametrize("role", ["Retired bookkeeper and guest writer for The Keystone Citizen",
                                  "Organizer and regular contributor to The Picket Line",
                                  "A guest column for The Palisade Post"])
def test_who_the_author_is_and_what_they_write_for_is_a_byline(role):
    kinds = _kinds("Library Board Votes to Close East Branch\n\nBy Marjorie Tillotson\n" + role + "\n\n" + STORY)
    assert kinds[role] == "byline"


def test_a_comment_form_in_the_sites_own_words_is_no_last_comment():
    page = Pipeline().audit("Library Board Votes to Close East Branch\n\n" + STORY + _THREAD
                            + "Got something to say?\nYour two cents *\nSend it\n")
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    assert kinds["Send it"] == "boilerplate"
    assert [page.slice(c) for c in page.walk_comments()] == ["Stay safe everyone, the roads are bad.",
                                                             "Our road was plowed already."]


def test_numbered_subheadings_between_paragraphs_do_not_move_the_headline():
    """A story whose paragraphs stand between "Part One: …" headings still opens at its first paragraph: the
    headline rescue must not take "Part Three" for the headline and the parts above it for chrome."""
    paragraph = ("Every few years the capitol rediscovers the roads, and every few years the answer is the same: "
                 "raise the fuel tax and promise the potholes will be gone by spring. {}\n\n")
    text = ("THE PATRIOT LANTERN\tLighting the Way Since 2011\n\nCOMMENTARY\n\n"
            "The Three Lies They Tell You About the Fuel Tax\n\nBy Harlan Drexel\n\n"
            + paragraph.format("One.") + 'Part One: "It pays for the roads"\n\n' + paragraph.format("Two.")
            + 'Part Two: "Drivers from out of state pay their share"\n\n' + paragraph.format("Three.")
            + 'Part Three: "It\'s only a few cents"\n\n' + paragraph.format("Four.") + paragraph.format("Five."))
    page = Pipeline().audit(text)
    kinds = {page.slice(b): b.type.value for b in page.blocks}
    titles = [page.slice(b) for b in page.blocks_of(BlockType.TITLE)]
    assert titles == ["The Three Lies They Tell You About the Fuel Tax"]
    assert kinds['Part Two: "Drivers from out of state pay their share"'] == "paragraph"


@pytest.mark.parametrize(("line", "kind"), [
    ("⏱ 4 minute read · 💬 0", "boilerplate"), ("👁 4,210 · 🗨 3", "boilerplate"),
    ("The Picket Line runs on small donations from working people. Chip in $5 a month.", "boilerplate"),
    ("Keep the Sentinel independent — mail a check to P.O. Box 0122, Hadley, or give online.", "boilerplate"),
    ("Story keeps going after this message", "boilerplate"),
    ("Filed to: ballots, sheriff, county clerk", "boilerplate"),
    ("This brief was produced for the Statehouse Budget Watch coalition and is shared here with permission.", "credit"),
    ("Translated and distributed by DravPress English Service.", "credit"),
    ("(story continues under our sponsor)", "boilerplate"),
    ("— Our reporting continues after a brief word from the people who keep us online —", "boilerplate"),
    ("→ Also worth your time: Rail Mechanics Won Their Fight Last Spring. Here's How.", "boilerplate"),
    ("ALSO ON THE BEACON ▸ Dead voters in the rolls? We checked the list", "boilerplate"),
    ("Tagged under: housing, resettlement, council", "boilerplate"),
    ("Hit SHARE now — they can't bury it once a million people have already seen it!", "boilerplate"),
    ("Reprinted with the author's written consent from his monthly mailing.", "credit"),
    ("A version of this report first ran in the Sentinel's printed monthly bulletin.", "credit"),
])
def test_furniture_and_credits_of_rounds_90_to_97(line, kind):
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n" + STORY, rules_only=True)
    assert kinds[line] == kind


@pytest.mark.parametrize(("line", "kind"), [("Discussion has ended for this article.", "comment_policy"),
                                            ("We don't host reader comments on syndicated stories.", "comment_policy"),
                                            ("What Bugle readers are saying (3)", "comment_header")])
def test_thread_lines_of_rounds_90_to_93(line, kind):
    page = Pipeline().audit("Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n"
                            + _THREAD.split("\n\n", 1)[1])
    assert {page.slice(b): b.type.value for b in page.blocks}[line] == kind


@pytest.mark.parametrize("meta", ["gravel_road_gus · Aug 27, 2017 · 10:05 am",
                                  "Colt Brenner wrote · Feb 13, 2018 · 9:02 pm"])
def test_a_name_and_date_with_the_time_behind_a_dot_opens_a_comment(meta):
    author = meta.split(" · ")[0].removesuffix(" wrote")
    page = Pipeline().audit("Library Board Votes to Close East Branch\n\n" + STORY + "3 Comments\n\n"
                            + meta + "\nGood find. The other sites ran the same piece without the numbers.\n")
    comments = list(page.walk_comments())
    assert [(page.slice(c), c.author) for c in comments] == [
        ("Good find. The other sites ran the same piece without the numbers.", author)]


def test_the_story_continuing_is_not_an_advert_pointer():
    line = "The story continues to develop as deputies search the area near the reservoir."
    kinds = _kinds("Library Board Votes to Close East Branch\n\n" + STORY + line + "\n\n" + STORY, rules_only=True)
    assert kinds[line] == "paragraph"
