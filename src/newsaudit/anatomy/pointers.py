"""Lines that point the reader along the page, ask for money or file the post, in whatever words a site chose.

Sites break a story with "the rest is just under the next box ↓", "keep going, it picks up below the graphic",
"RELATED ⟶ <headline>". Each site words them afresh, so a list of wordings always lags; what they share is a shape:
a short line that speaks of the page's layout (below, right after this, the next box, scroll) and of the story or
the reading, or a short lead-in, an arrow and another story's headline. Neither shape is a sentence of reporting.
So with a plea for money (how the site is paid for and an amount or a cheque) and a post's tags after a verb of
filing ("Shelved in: Trade, Jobs").
"""

from __future__ import annotations

import re

from newsaudit.anatomy.lines import Line, long_words

#: Longer than this, a line is a paragraph that may mention the page ("as the chart below shows") in passing
_POINTER_WORDS = 25
#: Where on the page the reader is sent: below, under the next box, after this word from a sponsor, by scrolling
_PAGE_PLACE = re.compile(
    r"\b(?:just |right |continues |picks up |resumes |is )below\b|\bbelow (?:the|this) (?:graphic|box|ad|note|picture|"
    r"image|photo|video|message|break)\b|\b(?:just |right )under (?:the|this) (?:next )?(?:box|graphic|ad|note|picture|"
    r"image|photo|message)\b|\bthe next box\b|\b(?:right |just )?after this (?:quick |short |brief )?(?:word|note|"
    r"message|box|break|ad|graphic)\b|\bright after this\b|\bscroll(?:ing)? (?:on|down)\b|[↓⇣⬇▼⏬]"
    # "just ahead — keep going!", "coming up next", "picks up again below this notice", "Don't close this tab"
    r"|\b(?:carries on|goes on|continues|resumes|picks up) after (?:this|a|the) (?:quick |short |brief )?(?:word|note|"
    r"message|break)\b|\bjust ahead\b|\bcoming up next\b|\b(?:picks up|resumes|continues) again below\b"
    r"|\bbelow this (?:notice|note|message|word)\b|\bkeep (?:going|scrolling)\b"
    r"|\bdon['’]t close this (?:tab|page|window)\b"
    # "(the report picks up again right here)"
    r"|\b(?:picks up|resumes|continues|carries on|starts) (?:again )?(?:right |just )?here\b", re.I)
#: ... and what is there: the story, its rest or part, the reading
_STORY_REF = re.compile(
    r"\b(?:story|report|article|letter|post|column|piece|recipe|rest|part|half|moment|reading|read|scroll|photo|"
    r"pictures?|bit|finding|tab)\b", re.I)
#: A sentence of reporting has a verb of saying or a figure with its source; a pointer speaks to the reader
_SAYING = r"said|says|told|according to"
_REPORTED = re.compile(rf"\b(?:{_SAYING}|percent|per cent)\b", re.I)

#: Arrows that point onward, whatever their block, and the ASCII ones: "RELATED ⟶", "SEE ALSO ⇢", "One more from our
#: archive →"
_ARROW = "[☛☞👉→⇀⇁⇉⇒⇛⇝⇢⇥⇨⇰⇶⟶⟹⟼⟿⤏⤑⤳➔➙➛➜➝➞➟➠➡➢➣➤➥➦➧➨➩➪➭➮➯➱➲➳➵➸➺➻➼➽➾▶▸►▹▻▷⮕]|->|=>"
#: A reply's line in a thread ("Katherine Vos → FarmBoy1988 • 2 years ago") has a name after its arrow and a time
_WHEN = re.compile(r"[•·|]|\bago$|\d{1,2}:\d\d")
_ARROW_TEASER = re.compile(rf"^(?P<lead>[^\W\d_][^\n]{{0,60}}?)\s*(?:{_ARROW})\s*(?P<head>\S.{{10,200}})$")
_TEASER_LEAD_WORDS, _TEASER_HEAD_WORDS = 8, 4


def page_pointer(line: Line) -> bool:
    """A short line that sends the reader down the page to the story's rest ("⇢ Orrin's letter keeps going right after
    this quick word from a member sponsor ⇣")."""
    text = line.text
    return (line.words <= _POINTER_WORDS and bool(_PAGE_PLACE.search(text))
            and bool(_STORY_REF.search(text) or _SPONSOR_NOTE.search(text)) and not _REPORTED.search(text))


#: ... or what stands in the way: "right after this little note from our shop", "below a word from our sponsors"
_SPONSOR_NOTE = re.compile(r"\b(?:this|a|the|our) (?:[\w'’]+ ){0,2}(?:note|word|message|break|ad|advert|announcement) "
                           r"from (?:our|a|the|one of our) (?:[\w'’]+ ){0,2}(?:shop|store|sponsors?|partners?|"
                           r"advertisers?|friends)\b", re.I)


def arrow_teaser(line: Line) -> bool:
    """A lead-in of a few words, an arrow and another story's headline ("RELATED ⟶ School board weighs later start
    times"): the arrow stands where a sentence has a verb."""
    m = _ARROW_TEASER.match(line.text)
    if not m or line.words > _POINTER_WORDS:
        return False
    lead, head = m.group("lead"), m.group("head")
    return len(lead.split()) <= _TEASER_LEAD_WORDS and len(head.split()) >= _TEASER_HEAD_WORDS \
        and not lead.rstrip().endswith((".", ",", ";")) and not re.search(_ARROW, head) and not _WHEN.search(head) \
        and not head.endswith(".")  # "Spending → up 4% in the quarter, the report shows.": a sentence


#: A site that says how it is paid for ("runs no ads and takes no grants", "reader-funded", "depends on
#: subscribers") ...
_FUNDED_BY_READERS = re.compile(
    r"\b(?:no (?:ads|advertis\w+|grants|paywall|billionaires?|corporate \w+|(?:\w+ )?money)|not advertisers|ad-free|"
    r"reader[- ](?:funded|supported|backed)|(?:funded|paid for|kept alive|supported|powered) by (?:readers|you|members|"
    r"subscribers)|depends? on (?:subscribers|readers|you)|takes no "
    r"(?:ads|grants|advertising)|runs no ads|answers? to no\b"
    # "… is free to read because members chip in"
    r"|free (?:to read|for everyone|for all)\b[^.]{0,40}\b(?:because|thanks to) (?:readers|members|you|subscribers))",
    re.I)
#: ... and asks for money: an amount, a cheque, a mailing address, a membership
_ASKS_MONEY = re.compile(
    r"[$€£]\s?\d|\b\d+ cents\b|\ba few (?:dollars|bucks)\b|\bchip in\b|\bpitch in\b|\bdonat\w+|"
    r"\bbecome a (?:member|supporter|sustainer|subscriber|patron)\b|\bfirst month\b|\bworth your (?:morning )?coffee\b",
    re.I)
#: A gift by post says it alone: "checks payable to …", "mail what you can to P.O. Box …"
_POSTAL_GIFT = re.compile(r"\bchecks? payable\b|\bmail what you can\b", re.I)
_PLEA_WORDS = 60


def funding_plea(line: Line) -> bool:
    """"The Ledger runs no ads and takes no grants. If this file was worth your morning coffee, chip in.", "Stand
    with the Sentinel: checks payable to …": the site asking its readers for money, in whatever words."""
    text = line.text
    asks = _ASKS_MONEY.search(text) or _POSTAL_GIFT.search(text)
    if line.words > _PLEA_WORDS or _REPORTED.search(text) or not asks:
        return False
    return bool(_FUNDED_BY_READERS.search(text)) or bool(_POSTAL_GIFT.search(text))


#: "Sorted into: #libraries #marden-county", "Filed away under: Farm & Trade, Washington Watch", "Shelved in: Trade,
#: Jobs", "Key words:<TAB>Rail<TAB>Grain": a verb of filing or a label, a colon, then tags
_FILED_UNDER = re.compile(
    r"^\W{0,3}\s*(?:(?:[\w'’]+ ){0,3}(?:filed|sorted|shelved|tagged|kept|stored|placed|pinned|tucked|listed|grouped)"
    r"(?: [\w'’]+){0,3}|(?:[\w'’]+ )?(?:subjects?|topics?|key ?words?|themes?|categor(?:y|ies)|tags?|labels?|"
    r"hashtags?))"
    r"\s*:\s*(?P<tags>.+)$", re.I)
_TAG_WORDS = 4


def filed_under(line: Line) -> bool:
    """A post's tags after a verb of filing or a label ("Topics:"): two or more short items, by commas or hashtags,
    no sentence."""
    m = _FILED_UNDER.match(line.tabs_as(","))  # "Key words:<TAB>Rail<TAB>Grain": a tab parts the tags too
    if not m or m.group("tags").rstrip().endswith("."):
        return False
    tags = [t for t in re.split(r"\s*[,·|]\s*|\s+(?=#)", m.group("tags").strip()) if t]
    return len(tags) >= 2 and all(len(t.split()) <= _TAG_WORDS and not any(c.isdigit() for c in t) for t in tags)


#: "Up next in Paying for the Roads:", "You might want this next:", "Also today:", "Paid partner:": a lead-in that
#: offers what comes next, sells it or sets it beside the story
_OFFER_LEAD = re.compile(
    r"^\W{0,3}\s*(?P<lead>(?:[\w'’]+ ){0,5}?(?:next|also|more|partner|sponsored|paid|suggested|recommended|"
    r"you[\w'’]* (?:\w+ )?(?:adore|love|enjoy|like|want)|before you go(?: on)?)(?: [\w'’]+){0,5}?)\s*:\s*"
    r"(?P<head>\S.{10,160})$", re.I)
_OFFER_LEAD_WORDS = 7
_OFFER_FIRST = re.compile(r"(?i)(?:next|also|more|up|you|paid|sponsored|suggested|recommended|read|partner|before)\b")


def colon_teaser(line: Line) -> bool:
    """A lead-in that offers the next read, then another story's headline with no sentence's end ("You might want
    this next: 7 broth mistakes that cancel out the benefits")."""
    m = _OFFER_LEAD.match(line.text)
    if not m or len(m.group("lead").split()) > _OFFER_LEAD_WORDS or line.words > _POINTER_WORDS:
        return False
    head = m.group("head").rstrip()
    # "Eleven Cents More a Gallon: What the Bill Does", "'They Paid Us to Protest': …": a headline's first half
    lead_words = long_words(m.group("lead"))
    title_case = sum(w[0].isupper() for w in lead_words) * 2 > len(lead_words) and not m.group("lead").isupper() \
        and not _OFFER_FIRST.match(m.group("lead"))  # "More from the Millpond Ledger:" offers, in title case too
    # a clickbait headline in title case may close on a full stop ("… Every Day. The Reason Will Get You.")
    closed = head.endswith((",", ";", ":")) or (head.endswith(".") and not _title_case(head)
                                                and not head.endswith(("a.m.", "p.m.")))
    return not closed and len(head.split()) >= _TEASER_HEAD_WORDS \
        and not _REPORTED.search(line.text) and not title_case and not re.match(r"\W{0,3}\s*['‘\"“]", line.text)


def _title_case(text: str) -> bool:
    words = long_words(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 4 >= len(words) * 3


#: An offer's terms: a discount code, a share off the price, a readers' discount
_DISCOUNT = re.compile(
    r"\b(?:promo |discount |coupon )?code:? (?-i:[A-Z][A-Z0-9]{3,})\b|\b(?:\d+|ten|fifteen|twenty|twenty-five|thirty|"
    r"forty|fifty)\s*(?:%|percent|per cent) off(?=\s*(?:[.!]|$)| (?:this (?:week|month)|today|your|all|every|"
    r"sitewide|at checkout|with|when)\b)|\breaders?['’]? discount\b|\bfree shipping\b"
    # "Solidarity Coffee · union-roasted · use LEDGER10": a code with its figures after "use"
    r"|\buse (?-i:[A-Z]{3,}\d{1,3})\b"
    # "Hollis Feed & Seed · mineral tubs by the pallet · 555-0147": a shop's card of cells closing on its phone
    r"|^[^·.!?]{2,40}(?:\s·\s[^·.!?]{2,60}){1,}\s·\s(?:\(?\d{3}\)?[-. ]?)?\d{3}[-.]\d{4}$", re.I)
_PITCH_WORDS = 40


def sales_pitch(line: Line) -> bool:
    """"Shield pouches for phones, key fobs and baby monitors. Twenty percent off this week at …", "Trying oregano oil?
    … Code OREGANO10 saves 10%": an advert's offer, told by its terms rather than its product; a story about a sale
    reports who said it."""
    return line.words <= _PITCH_WORDS and bool(_DISCOUNT.search(line.text)) and not _SAID.search(line.text)


#: who said it, without the figures _REPORTED also counts: an offer's terms are a figure too
_SAID = re.compile(rf"\b(?:{_SAYING})\b", re.I)
