"""Pages with no story: index pages of teasers, shop pages, error pages.

A crawl of a news site also fetches its category pages, product pages and "page not found" pages. Their
teasers and sales copy read like paragraphs, and scoring them for slant or provenance would report an
article that is not there. These pages are recognised by what repeats on them (a "Read more »" under
every teaser, a price on every other line) or by what their heading says ("Category: …", "404").
"""

from __future__ import annotations

import bisect
import itertools
import re

from newsaudit.anatomy.lines import Line
from newsaudit.anatomy.masthead import is_prose_line
from newsaudit.anatomy.patterns import CALENDAR_DATE
from newsaudit.page import Block, BlockType, Page

#: "Read more »" under each teaser of an index page
_TEASER_END = re.compile(r"^(?:read more|continue reading|read the rest|full story|read full (?:story|article)|more)"
                         r"\s*[»›→>…]*\.*$|^(?:continue|keep reading|read on)\s*[»›→>…]+$", re.I)
_TEASER_DAY = r"(?:\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4}|\d{4}-\d\d-\d\d)"
#: "March 9, 2017 by Hank Duval" or "Posted by Hank Dorsey on January 4, 2018" over each teaser
_TEASER_DATE = re.compile(
    rf"^(?:posted (?:on )?)?{_TEASER_DAY} (?:by|[|·•—–-]) \S|^posted by [^|,]{{1,40}} on {_TEASER_DAY}$", re.I
)
#: "Posted by Shay M. on March 20, 2018" under a sentence heads the next comment of a thread, not a teaser: an
#: index's "Posted by" stands under a headline, its date with a dash ("Jun 30, 2008 — Mark Smyth") under the teaser
_POSTED_BY = re.compile(r"^posted by ", re.I)
#: Shop buttons and product-page furniture (prices alone are also the matter of market reports)
_SHOP = re.compile(r"\badd to (?:cart|basket|bag)\b|\bbuy (?:it )?now\b|\b(?:in|out of) stock\b|\bfree shipping\b|"
                   r"\bcheckout\b|\(\d[\d,]* reviews?\)|^(?:regular|sale|our) price\b|^cart\s*\(\d+\)$|"
                   # a donation form: "Choose an amount", "$25" or a giving level ("$25 — Frontier Patriot"), "Other
                   # amount: $______", "One-time", "Make this a monthly gift"
                   r"^(?:choose|select|enter) (?:an|your) amount\b|^other amount(?:$|\s*:)|"
                   r"^[$€£]\s?\d+(?:\.\d\d)?(?:\s+[—–·-]\s+\S.{0,60})?$|^one-?time$|"
                   r"^(?:donate|give) (?:now|today)\b|\bmake (?:this|it) a monthly (?:gift|donation)\b|"
                   # "Choose your gift:", "$10    $25    $50    Other amount", "( ) One time   (•) Monthly"
                   r"^(?:choose|select|pick) your (?:gift|donation|amount)\b|[$€£]\s?\d+\s{2,}[$€£]\s?\d+|"
                   r"\bone[- ]time\b.{0,12}\bmonthly\b|\bnot tax[- ]deductible\b|"
                   # a sales page's offer: "1 year — $49", "Starter Pack: $349 + free insured shipping", "(a $29
                   # value)", its guarantee and scarcity, and buttons in the buyer's voice ("Claim My Vault Now")
                   r"^.{1,40}?(?:\s[—–-]|:)\s*[$€£]\s?\d[\d,.]*(?!\s*(?:million|billion|bn|m)\b)|"
                   r"\bfree (?:\w+ )?shipping\b|\b(?:a|an) [$€£]\s?\d[\d,.]* value\b|"
                   r"\b(?:full refund|money[- ]back|satisfaction guarantee)\b|\b\d{1,3}-day\b[\w -]{0,20}\bguarantee\b|"
                   r"^\W{0,3}\s*only \d[\d,]* \w+ left\b|"
                   r"^(?:start|reserve|claim|get|rush|order|secure|send|begin|activate|unlock|grab) my\b"
                   r"[\w\s'’-]{0,30}?(?:\s[»›→])?$|"
                   # "Today $89", "today only $47", "Offer ends at midnight", "Continue to payment ›", a nav's
                   # "Cart (1)", a button in the buyer's voice after a "yes" ("YES, UNLOCK THE VAULT")
                   r"\b(?:for|at) (?:just|only) [$€£]\s?\d|\border (?:by|before) (?:midnight|tonight|\w+day)\b|"
                   r"\btoday(?: only)?:? [$€£]\s?\d|\boffer ends\b|\bcontinue to (?:payment|checkout)\b|\bcart \(\d+\)|"
                   r"^yes\s*(?:[,!]|\s[—–-])\s*(?:i\b|please|unlock|send|give|rush|sign|claim|reserve|start|count|add|show|get)",
                   re.I)
#: a checkbox, a tick or a button's bracket before an offer's words ("✔ $25 · Signal Keeper", "[ YES, SEND MY KIT ]")
_CHECKBOX = re.compile(r"^(?:[\[(☐☑☒✓✔✅□■•*]\s*)+")
#: The heading of an index page or an error page
_INDEX_HEADING = re.compile(r"^(?:(?:(?:category|tag|author|topic) archives?|"
                            r"category|tag|tagged|(?:monthly |daily |yearly )?archives?|author|topic|section|"
                            r"posts (?:tagged|in|by|about))\s*:"
                            r"|(?:search results?(?: for)?|results for|you searched for)\s*:?"
                            r"|(?:monthly |daily |yearly )?archives? for(?= \S)"  # "Archive for June, 2017"
                            # "Posts Tagged ‘Net Neutrality’": WordPress themes' tag and category headings, no colon
                            r"|(?:everything|(?:all )?(?:posts|articles|entries|stories)) "
                            r"(?:tagged|filed under|in category)(?: with)?:?"
                            # an author's archive: "All stories by Dale Pruitt", "Articles by Duncan Wexley"
                            r"|(?:(?:all|more|latest) )?(?:posts|articles|entries|stories|columns) by(?= (?-i:[A-Z]))"
                            # Blogger's label and search pages: "Showing posts with label vaccines. Show all posts"
                            r"|showing posts (?:with label|sorted by|for query|from))"
                            # not a post's own line of facts: "Category: Geoengineering | 1,877 views"
                            r"(?![^|]*\|\s*[\d,.]+\s*(?:views|reads|comments)\b)"
                            r"\s*\S.{0,80}$", re.I)
_ERROR_SENTENCE_WORDS = 30
#: A sentence that opens on the status code, first or after an apology ("Well, that's embarrassing. Error 404 — …")
_STATUS_FIRST = re.compile(r"(?:^|[.!?]\s+)(?:error\s*)?(?:404|410|451)\b", re.I)
_ERROR_HEADING = re.compile(r"^(?:error\s*)?(?:404|410|451)\b|^error[!.]?$|\berror mess?age here\b|"
                            # "Error code 404", "Status 410 · gone"; "We couldn't find that page"
                            r"^(?:error|code|status)\b[\w ]{0,12}?\b(?:404|410|451)\b|"
                            r"\b(?:couldn[’']?t|could not|can[’']?t|cannot) find (?:that|this|the) "
                            r"(?:page|story|article)\b|"
                            r"\bunavailable for legal reasons\b|"
                            r"\bnot available (?:to readers )?in your (?:region|country)\b|"
                            r"\bpage (?:not found|cannot be found|can[’']?t be found|could not be found)\b|"
                            r"\b(?:page|article|story) (?:is )?no longer available\b|\bpage (?:you requested )?"
                            r"(?:does not|doesn'?t) exist\b"
                            # "We looked everywhere, but that page has gone missing."
                            r"|\b(?:that|this|the) (?:page|story|article) (?:has gone|went|is) missing\b", re.I)
#: What a host, a server or a bot check prints where the site should be
_UNAVAILABLE = re.compile(r"^(?:error\s*)?50[23]\b|\bservice (?:temporarily )?unavailable\b|"
                          r"\b(?:this )?account (?:has been )?suspended\b|\bdown for (?:scheduled )?maintenance\b|"
                          r"\bchecking (?:your browser|that you are (?:a )?(?:real|human)|if the site connection)\b|"
                          r"\bverify(?:ing)? (?:that )?you are (?:a )?human\b|"
                          # a site that moved: "We've Moved!", "This site has moved to …"
                          r"^(?:we['’]ve|we have|this (?:site|blog|page|website) has) moved\b", re.I)
_PAYWALL_HEADING = (r"\byou(?:['’]ve| have) (?:reached (?:your|the) (?:limit|maximum)|read (?:\d+|all) of (?:\d+|your))"
                    r"\b.{0,40}\barticles?\b")
#: A topic page's heading, as NaturalNews and its sister sites print it
_TOPIC_HEADING = re.compile(r"^.{2,60}\bnews, articles and information:?$", re.I)
#: The form of a log-in or paywall page
_LOGIN = re.compile(r"^[\[(☐□]?\s*(?:username|user ?name or e-?mail(?: address)?|e-?mail or username|password|"
                    r"remember me|keep me (?:signed|logged) in\b.{0,20}|e-?mail(?: address)?|"
                    r"lost your password\??|forgot(?: your)? password\??|log ?in|sign ?in|member log ?in|"
                    r"not a member(?: yet)?\??|join now|create an account|register)\s*[\])]?$|"
                    r"\bcontent is restricted to\b|^forgot(?: your)? password\b|"
                    r"^(?:sign|log) ?in to (?:keep|continue) reading\b|"
                    r"\b(?:members|subscribers)[- ]only\b"
                    # a subscription wall: "You've reached your limit of free articles", the offers, the fine print
                    r"|" + _PAYWALL_HEADING + r"|^already an? (?:print |digital |paying )?(?:subscriber|member)\b"
                    r"|\bcancel any ?time\b"
                    r"|^(?:print |digital )?subscriber\?|\bactivate your (?:digital )?(?:access|account|subscription)\b"
                    r"|\bsubscriptions? (?:renews?|will renew) automatically\b|^subscribe (?:now|today)\b", re.I)
#: A parked domain: the registrar's sale notice and its ads where the site was
_PARKED = re.compile(r"\bthis domain (?:name )?(?:may be|is) for sale\b|^buy this domain\b|\bdomain (?:is )?parked\b|"
                     r"\bgenerated by the domain owner\b|\bparked (?:free|domain)\b", re.I)
#: The domain itself, heading a parked page: "freedomdawnreport.com"
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}$", re.I)
#: A poll's results ("Yes — 91% (43,877 votes)") and an ad-blocker wall's pleas: pages with no story
_POLL_RESULT = re.compile(r"\d{1,3}(?:\.\d)?%\s*\(\s*[\d,]+\s+votes?\s*\)|^total votes\s*:", re.I)
_ADBLOCK = re.compile(r"\bad[- ]?block(?:er|ing)?s?\b", re.I)
#: An events calendar's buttons and its events' date lines ("SAT, APR 14, 2018 · 11:00 AM")
_EVENT_LINE = re.compile(r"^(?:rsvp|register(?: now)?|get tickets|buy tickets|add to (?:my )?calendar)!?$|"
                         r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? \w{3,9}\.? \d{1,2}(?:, \d{4})?\s*[·•|@-]\s*"
                         r"\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?$", re.I)
#: The fields, plans and buttons of a sign-up form: a petition, a membership's plans, a newsletter's landing page
_FORM_LINE = re.compile(
    r"^(?:(?:your )?(?:(?:first|last|full) )?name|(?:your )?(?:best |primary )?e-?mail(?: address)?|"
    r"(?:zip|postal)(?: code)?|phone(?: number)?|(?:street )?address|city|state|country)"
    r"\s*(?:\((?:optional|required)\))?\s*[*:]?$"
    r"|^[$€£]\s?\d[\d,.]*\s*(?:/|per|a|an)\s*(?:month|year|week|mo|yr)\b|^[$€£]\s?\d[\d,.]*\s+(?:one[- ]time|once)$"
    r"|^(?:choose|select|pick) (?:your|a) (?:plan|membership|subscription|level|tier)\b"
    r"|^join (?:monthly|yearly|annually|for life|now|today)\b"
    r"|^(?:add my name|sign (?:the |this |our )?petition|sign now)\b|^[\d,]+ (?:signatures|signers|have signed)\b"
    r"|^by (?:signing|joining|subscribing|submitting)(?: up)?,? you agree\b"
    # a story's "Email This Story" form
    r"|^recipient['’]?s? e-?mail(?: address)?\b|^add a personal message\b|^send me a copy\b"
    # a giveaway's or a free report's sign-up: "ENTER NOW", "Enter your best email:", "[ Send Me My FREE Report ]"
    r"|^enter (?:now|to win)\b|^enter your (?:best |primary )?e-?mail\b|\bsend (?:me )?(?:my|the|your) free\b"
    r"|^no purchase necessary\b|\bbonus entr(?:y|ies)\b|^giveaway ends\b|\bunsubscribe (?:at )?any ?time\b"
    # a sales letter's and an online summit's pitch: "Dear Reader,", "What you'll learn:", "YES! SAVE MY FREE SEAT »",
    # "Just enter your best email address below", "We respect your privacy", "Want lifetime access, …?"
    r"|^dear (?:fellow |valued |concerned |loyal )?(?:reader|friend|subscriber|american|patriot|investor|member|"
    r"citizen|saver)s?,$|^(?:what|inside,?) you['’]ll (?:learn|discover|get|find)\b.{0,30}:$"
    r"|^inside (?:my|our|this|the) (?:new |free )?(?:report|book|guide|briefing|letter)\b.{0,20}\byou(?:['’]ll| will) "
    r"(?:learn|discover|get|find)\b.{0,20}:$"
    r"|\b(?:save|reserve|claim|grab) (?:my|your) (?:free )?(?:seat|spot|copy)\b|\benter your (?:best )?e-?mail\b"
    r"|\bwe respect your privacy\b|\blifetime access\b"
    r"|^\W{0,3}\s*(?:your )?free (?:special )?report\b.{0,40}$|^inside this (?:free )?(?:report|book|guide)\b.{0,40}:$"
    r"|\bjust pay \$\d[\d.]* (?:for )?(?:shipping|s&h)\b"
    # a newsletter's confirmation page: "We just sent a confirmation e-mail", "Resend confirmation e-mail"
    r"|\bconfirmation e-?mail\b|^(?:still nothing|didn['’]t get it|don['’]t see it)\?|^no thanks\b"
    r"|^please type the characters\b",
    re.I)
_FORM_HEADING = re.compile(r"^(?:e-?mail|send|share) this (?:story|article)$", re.I)
#: A page this thin in prose and this full of form is the form's page: a comment form under a story has three lines
_FORM_LINES, _FORM_PROSE_WORDS, _PITCH_WORDS = 4, 80, 40
#: The heading of a site's page about itself, over a few paragraphs of mission and a list of staff
_SITE_PAGE_HEADING = re.compile(r"^(?:about us|who we are|our (?:mission|story)|contact us|meet the team|write for us|"
                                r"(?:meet )?(?:our|the) (?:contributors|writers|authors|staff|team)|"
                                r"(?:submission|contributor|writer)s?['’]? guidelines|submit (?:a|an|your) "
                                r"(?:story|article|tip|op-?ed)|advertise with us)$", re.I)
#: "Sitemap", "Podcast Archive": the heading of a page that lists the site's pages or episodes
_LISTING_HEADING = re.compile(r"^(?:(?:html )?site ?map|(?!the )(?:[\w-]+ ){1,2}archives?)$", re.I)  # not a name
_SITE_PAGE_PROSE_WORDS = 200
#: Words of prose a shop's, a sales letter's or a donation page's pitch runs to (at most 128 on the fixtures' pages;
#: the stories with a shop widget beside them, 195 and more)
_SHOP_PROSE_WORDS = 160
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.I)
_MIN_REPEATS = 3
#: A teaser's headline has this many words at least; a commenter's name line fewer
_HEADLINE_WORDS = 4
_HEAD_LINES = 12


def _longest_prose_run(content: list[Line]) -> int:
    """The most paragraphs of running text in a row: a story has several, a teaser one, a form none."""
    best = run = 0
    for line in content:
        run = run + 1 if is_prose_line(line) else 0
        best = max(best, run)
    return best


#: A page with this many paragraphs of prose in a row has a story, whatever its sidebars and forms say
_STORY_RUN = 5


#: The reasons for the pages that list the site's stories: their lines are teasers, not a story or a comment thread
LISTING_PAGE = "an index page (a list of the site's pages or episodes)"
TEASER_INDEX = "an index page of teasers (\"Read more »\" and a date under each headline)"
INDEX_PAGES = frozenset({LISTING_PAGE, TEASER_INDEX})
#: An error page: its "recent headlines" under their section and date are no comments either
ERROR_PAGE = "an error page (\"page not found\")"
NO_THREAD_PAGES = INDEX_PAGES | {ERROR_PAGE}


#: The notice a board or a site leaves where a post or story stood: "This post has been taken down"
_REMOVED = re.compile(r"^(?:this|the) (?:post|story|article|thread|video|submission) (?:has been|was|is) "
                      r"(?:taken down|removed|deleted|pulled)\b", re.I)


#: A teaser's date line carries no time of day: a comment's does
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
#: A teaser's meta line runs to this many words at most ("By Wes Caldicott · April 20, 2018 · 41 Comments")
_TEASER_META_WORDS = 15


def _teaser_units(content: list[Line]) -> int:
    """Headlines with a dated line under them, in whatever words the site puts around the date ("Deep State · Nov.
    4, 2016 · 48,210 shares", "Politics · Dec. 12, 2017"): an index's teasers, each one under the last. A headline
    ends in no full stop or colon; the date line carries no time of day, as a comment's does."""
    return sum(1 for above, line in itertools.pairwise(content)
               if line.words <= _TEASER_META_WORDS and CALENDAR_DATE.search(line.text)
               and not _CLOCK.search(line.text) and _HEADLINE_WORDS <= above.words <= 20
               and not re.search(r"[.:;,…]$", above.text) and not CALENDAR_DATE.search(above.text))


def _said_under(content: list[Line], code: Line) -> Line:
    """The line under a bare status code ("Error 404") says in the site's words what happened ("Whatever Was Here Has
    Gone Dark"): that heads the page. The code itself where no short line follows it."""
    below = next((line for line in content if line.index > code.index), None)
    if below is None or below.words > _SAID_UNDER_WORDS or not re.search(r"[a-z]", below.text) \
            or _ERROR_HEADING.search(below.text):  # a template's "Main Error Message Here" under "ERROR"
        return code
    return below


#: A site's words for what happened to the page run to a headline's length, a sentence or two
_SAID_UNDER_WORDS = 16


def no_story_reason(lines: list[Line]) -> tuple[str, Line | None] | None:
    """Why the page holds no story, and the line that heads it (its title), or None for an article page."""
    content = [ln for ln in lines if not ln.blank]
    prose_run = _longest_prose_run(content)
    if prose_run >= _STORY_RUN:
        return None
    head = content[:_HEAD_LINES]
    # a status code first may open a sentence that explains it ("Error 404 — the link you followed may be broken, …")
    errors = [line for line in head if (line.words <= 12 and _ERROR_HEADING.search(line.text))
              or (line.words <= _ERROR_SENTENCE_WORDS and _STATUS_FIRST.search(line.text))]
    if errors:  # "Page Not Found" heads the page rather than a bare "404" or "Error 410"
        # a line that says what happened ("Page Not Found", "This Story Is No Longer Available"), not "Error 410"
        # or a template's "Main Error Message Here"
        worded = [line for line in errors
                  if _ERROR_HEADING.search(re.sub(r"(?i)\berror\b|\d+", "", line.text).strip())]
        return ERROR_PAGE, (worded or [_said_under(content, errors[0])])[0]
    removed = next((line for line in head if line.words <= 12 and _REMOVED.search(line.text)), None)
    if removed is not None:  # "This post has been taken down": a moderator's notice where the post stood
        return "a removed post's notice (the post taken down, no story left)", removed
    unavailable = next((line for line in head if _UNAVAILABLE.search(line.text) and line.words <= 25), None)
    if unavailable is not None:  # the line that says so heads the page ("503 Service Temporarily Unavailable")
        return "a site-unavailable page (maintenance, a suspended account or a bot check)", unavailable
    if any(_PARKED.search(ln.text) for ln in content):
        domain = next((ln for ln in head if _DOMAIN.match(ln.text)), None)
        return "a parked domain (a sale notice and ads, no site)", domain
    if sum(1 for ln in content if _LOGIN.search(ln.text)) >= _MIN_REPEATS:
        heading = next((ln for ln in head if re.match(r"(?i)^(?:member |members )?(?:log ?in|sign ?in)\b", ln.text)
                        or (re.search(_PAYWALL_HEADING, ln.text, re.I) and ln.words <= 12)), None)
        return "a log-in or paywall page (a form where the story would be)", heading
    topic = next((ln for ln in head if _TOPIC_HEADING.match(ln.text)), None)
    if topic is not None:  # "Permission marketing news, articles and information:" over a sidebar of resources
        return "a topic page (the site's index of a subject)", topic
    listing = next((ln for ln in head if _LISTING_HEADING.match(ln.text)), None)
    if listing is not None:
        return LISTING_PAGE, listing
    heading = next((ln for ln in head if _INDEX_HEADING.match(ln.text)), None)
    teasers = sum(1 for ln in content if _TEASER_END.match(ln.text))
    # a teaser's date stands under its headline; a comment's under its author's name ("millbrook_mom")
    dated = sum(1 for above, ln in itertools.pairwise(content)
                if _TEASER_DATE.match(ln.text) and ln.words <= 12 and above.words >= _HEADLINE_WORDS
                and not (above.text.endswith(".") and _POSTED_BY.match(ln.text)))  # a comment's sentence above
    blogger = heading is not None and heading.text.lower().startswith("showing posts")
    # under an index's heading two dated teasers will do; one date may be a pasted post's own ("Section: Schools"
    # over a member's post whose byline carries its date); two headlines over their dates, where no two lines of
    # prose stand together ("Monthly archives: November 2016", each teaser a line of text and "Continue →")
    units = _teaser_units(content)
    if teasers >= _MIN_REPEATS or max(dated, units) >= _MIN_REPEATS \
            or (heading and (teasers or dated >= 2 or blogger or (units >= 2 and prose_run <= 1))):
        return TEASER_INDEX, heading
    shop = {ln.index for ln in content if _SHOP.search(_CHECKBOX.sub("", ln.text)) and ln.words <= 25}
    # a story with a shop in its sidebar ("Trucker Hat — $24.99", "Add to Cart") runs to more prose than a pitch
    if len(shop) >= _MIN_REPEATS and \
            sum(ln.words for ln in content if is_prose_line(ln) and ln.index not in shop) <= _SHOP_PROSE_WORDS:
        return "a shop, sales or donation page (prices, \"Add to cart\", \"Claim my …\", amounts to give)", None
    if sum(1 for ln in content if _POLL_RESULT.search(ln.text)) >= _MIN_REPEATS:
        return "a poll's results (shares of the votes, no story)", None
    if sum(1 for ln in content if _ADBLOCK.search(ln.text) and ln.words <= 40) >= 2:
        return "an ad-blocker wall (pleas to allow ads where the story would be)", None
    if sum(1 for ln in content if _EVENT_LINE.match(ln.text)) >= 2 * _MIN_REPEATS:
        heading = next((ln for ln in head if re.search(r"(?i)\b(?:events|rallies|calendar)\b", ln.text)
                        and ln.words <= 8), None)
        return "an events calendar (dates, places and \"RSVP\" buttons)", heading
    form = {ln.index for ln in content if _FORM_LINE.search(ln.text)}
    prose_words = sum(ln.words for ln in content if is_prose_line(ln) and ln.index not in form)
    # each form line past the fourth allows a paragraph of pitch more (a sales letter's "Dear Reader," and its case)
    if len(form) >= _FORM_LINES and prose_words <= _FORM_PROSE_WORDS + _PITCH_WORDS * (len(form) - _FORM_LINES):
        heading = next((ln for ln in head if _FORM_HEADING.match(ln.text)), None)
        return ("a form page (a petition, a giveaway, a free report's or a newsletter's sign-up, a membership's plans, "
                "an e-mail form)", heading)
    site_page = next((ln for pos, ln in enumerate(head[:-1]) if _SITE_PAGE_HEADING.match(ln.text)
                      and is_prose_line(head[pos + 1])), None)
    if site_page is not None and prose_words <= _SITE_PAGE_PROSE_WORDS:  # "About Us" over the site's mission
        return "the site's page about itself (its mission, staff or contacts)", site_page
    return None


def mark_no_story(page: Page, reason: str, heading: Line | None, lines: list[Line]) -> None:
    """Retype the page's story blocks as furniture, one block a line as furniture is, saying why; the page's own
    heading ("Category: …", "Page Not Found", "Member Login") is its title."""
    story = (BlockType.PARAGRAPH, BlockType.INSERTION, BlockType.DATELINE, BlockType.BYLINE)

    def retype(block: Block) -> bool:  # a credit with no story is a contact line ("Phone: …"), not a copyright
        return block.type in story or (block.type is BlockType.CREDIT and not _COPYRIGHT.search(page.slice(block)))

    kept = [b for b in page.blocks if not retype(b)]
    retyped = [b for b in page.blocks if retype(b) and b.type is not BlockType.DATELINE]
    page.blocks[:] = kept
    why = f"the page is {reason}: no story on it"
    content = [line for line in lines if not line.blank]
    starts = [line.start for line in content]
    furniture = []
    for block in retyped:  # the lines inside each block, found by bisection: lines are in page order
        for line in content[bisect.bisect_left(starts, block.start) :]:
            if line.start >= block.end:
                break
            if line.end <= block.end:
                furniture.append(Block(BlockType.BOILERPLATE, line.start, line.end, why))
    page.add_blocks(furniture)
    if heading is None:
        return
    for block in page.blocks:
        if block.start == heading.start and block.end == heading.end:
            block.type, block.reason = BlockType.TITLE, "heading of an index, error or log-in page"
        elif block.type is BlockType.TITLE:
            block.type, block.reason = BlockType.BOILERPLATE, f"a headline listed on {reason}"
