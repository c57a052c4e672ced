"""Regular expressions for the structural lines of a news page: datelines, bylines, comment meta.

These are grammar, not vocabulary: the vocabularies (boilerplate, credit,
policy, agencies) live as data in ``newsaudit/data``.
"""

from __future__ import annotations

import re

# -- datelines ------------------------------------------------------------
#: capitals of Latin-1 too: "ÖREBRO, Sweden (AFP)", "ÅLESUND", "ÉVIAN"
_CAP = "A-ZÀ-ÖØ-Þ"
_CAPS_WORD = rf"[{_CAP}][{_CAP}'’.\-]+"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
_MIXED_WORD = rf"[{_CAP}][\w'’.\-]+"
_MIXED_PLACE = rf"{_MIXED_WORD}(?:\s+{_MIXED_WORD}){{0,3}}"
# ", Ill." / ", Nov. 5" / ", March 3" / ", D.C." — state, country or date after the place; ", 12 September"
_QUALIFIER = (r"(?:[,.]\s*[A-Z][A-Za-z.]{0,14}(?:\s+[A-Z][A-Za-z.]{1,14})?(?:\s+\d{1,2})?(?:,\s*\d{4})?"
              r"|,\s*\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?(?:\s+\d{4})?)")
#: "June 22 (UPI) --": the date alone where the place stands, as UPI writes its odd news
_DATE_FOR_PLACE = r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?\s+\d{1,2})"
_DASH = r"(?:--|[-–—])"

#: "MOSCOW/WASHINGTON (Reuters) –", "Paris (AFP) -", "(Reuters) -", "BEIJING, Nov. 5 (Xinhua) --"
#: ("BISMARCK, N.D.--(BUSINESS WIRE)--": Business Wire puts a dash before the parenthesis too)
WIRE_DATELINE = re.compile(
    rf"^(?P<dateline>(?:(?P<place>{_DATE_FOR_PLACE}|{_MIXED_PLACE}(?:\s*/\s*{_MIXED_PLACE})*{_QUALIFIER}{{0,3}})\s*)?"
    rf"\.?\s*(?:{_DASH}\s*(?=\())?(?:\((?P<agency>[^()\n]{{2,40}})\)|/(?P<release_wire>[A-Za-z][\w -]{{2,30}})/))"
    rf"(?:\s*(?:{_DASH}|:|\.)\s*|\s*(?=[A-Z]))"
)
#: "(ANSA) - ROME, JAN 14 -": the agency first, then the place
AGENCY_FIRST_DATELINE = re.compile(
    rf"^(?P<dateline>\((?P<agency>[^()\n]{{2,30}})\)\s*{_DASH}\s*(?P<place>{_CAPS_PLACE}"
    rf"(?:,\s*[A-Z]{{3,9}}\.?\s+\d{{1,2}})?))\s*(?:{_DASH}|:)\s*"
)
#: "SPRINGFIELD, Ill. —", "WASHINGTON —": an all-caps place and a dash, no agency
PLAIN_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>{_CAPS_PLACE}(?:\s*/\s*{_CAPS_PLACE})*{_QUALIFIER}{{0,2}})"
    r"(?:,\s*\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})?)\s*"  # "LONDON, 14 November 2017 –": a statement's date
    # "BENGALURU: The BBMP …": Indian papers take a colon, before a story's usual first words ("TRUMP: We …" is a quote)
    rf"(?:{_DASH}\s+(?=\S)|—(?=[A-Z][a-z]|[A-Z]\s)"  # "ANN ARBOR, MI—A new study …": an em dash glued on both sides
    r"|:\s+(?=(?:The|A|An|In|On|At|After|Amid|As|With|Police|Officials|Residents|Two|Three)\s))"
)
#: "Tehran, March 11, IRNA --", "MOSCOW, January 18. /TASS/": a place, a date, then the agency without brackets
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATED_AGENCY_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>{_MIXED_PLACE}),\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?(?:,\s*|\.\s*)"
    r"(?:(?P<agency>[A-Z]{2,6})|/(?P<slashed>[A-Z][\w-]{1,20})/))"
    rf"\s*(?:{_DASH}\s*|(?=\s[A-Z‘“'\"]))"
)
#: "Cape Town - Residents …", "Dubai: Paid parking …", "NEW DELHI: Air quality …": a place and a dash or colon, the
#: convention of South African, Gulf and Indian papers; a colon only after one word or capitals ("Never Hike Alone: A
#: Fan Film" is a title and subtitle) (only as the story's first words: see ``insertions.first_dateline``)
MIXED_PLAIN_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>{_CAPS_PLACE}|{_MIXED_WORD}(?=:)|{_MIXED_PLACE}(?=\s+{_DASH})))"
    rf"(?:\s+{_DASH}\s+|:\s+)(?=[A-Z‘“'\"])"
)
#: All-caps lead-ins that look like datelines but are not places.
NOT_PLACES = frozenset(
    (
        "UPDATE UPDATED BREAKING WATCH VIDEO EXCLUSIVE NOTE EDITOR'S PHOTOS PHOTO LISTEN OPINION ANALYSIS "
        "COMMENTARY EDITORIAL WARNING ALERT URGENT READ LIVE AUDIO PODCAST REPORT DEVELOPING FLASHBACK "
        "BOMBSHELL SHOCK SHOCKING MUST CORRECTION CLARIFICATION FACT CHECK BONUS PS P.S. NB FILE QUOTE RELATED "
        "SOURCE SOURCES TAGS TRENDING SPONSORED ADVERTISEMENT DISCLAIMER SUMMARY BACKGROUND CONTEXT MORE TOP "
        # calls to the reader in capitals: "PLEASE SHARE — they are trying to get this video taken down!"
        "PLEASE SHARE SUBSCRIBE DONATE CLICK SIGN JOIN FOLLOW HELP SUPPORT ACT NOW HOT JUST"
    ).split()
)

# -- bylines --------------------------------------------------------------
_PARTICLE = r"(?:de|da|del|della|der|den|di|du|van|von|la|le|al|el|bin|ibn|st\.?)"
#: Letters of Latin-1 and Latin Extended-A by case, for names such as "Havrić", "Łukasz Dvořák", "Şahin"
_UP = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x180) if chr(c).isupper())
_LOW = "a-z" + "".join(chr(c) for c in range(0xDF, 0x180) if chr(c).islower())
_NAME_TOKEN = (
    rf"(?:[{_UP}][{_LOW}]+(?:['’][{_LOW}]{{2,}})?(?:-[{_UP}][{_LOW}]+)?|[A-Z]\.|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+|"
    r"[A-Z][a-z]*[A-Z][a-z]+)(?!\w)"
)
_SUFFIX = r"(?:,?\s+(?:Jr\.?|Sr\.?|II|III|IV|MD|PhD|Ph\.D\.)(?![\w'’]))?"
PERSON = rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_TOKEN}){{1,3}}{_SUFFIX}"
_NAMES = rf"{PERSON}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){PERSON}){{0,4}}"
# After an explicit "By", all-caps names are names too ("By MARY O'BRIEN").
_CAPS_TOKEN = r"(?:[A-Z][A-Z'’]+(?:-[A-Z][A-Z'’]+)?|[A-Z]\.)(?![\w'’])"
_ANY_TOKEN = rf"(?:{_CAPS_TOKEN}|{_NAME_TOKEN})"
PERSON_ANY_CASE = rf"{_ANY_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_ANY_TOKEN}){{1,3}}{_SUFFIX}"
_NAMES_ANY_CASE = (
    rf"{PERSON_ANY_CASE}(?:(?:\s*,\s*(?:and\s+|AND\s+)?|\s+(?:and|AND)\s+|\s*&\s*){PERSON_ANY_CASE}){{0,4}}"
)

#: "By Jane Doe", "By Jane Doe and John Roe, Associated Press", "Written by: Jane Doe | Nov 5"
BYLINE_PREFIXED = re.compile(
    rf"^(?:[Bb]y|BY|[Ww]ritten [Bb]y|[Rr]eported [Bb]y|[Rr]eport [Bb]y|[Mm]edically [Rr]eviewed [Bb]y|"
    rf"[Ff]act[- ][Cc]hecked [Bb]y|[Rr]eviewed (?:for [Aa]ccuracy )?[Bb]y|"
    rf"[Aa]rticle [Bb]y|[Ff]eature [Bb]y|[Ii]nterview [Bb]y|[Pp]osted [Bb]y|[Ss]tory [Bb]y|"
    rf"[Ww]ords [Bb]y|[Aa]uthored [Bb]y|[Ff]iled [Bb]y|[Cc]urated [Bb]y|(?:[Aa]n? )?[Ii]nvestigative [Rr]eport [Bb]y|"
    rf"[Oo]p-?[Ee]d [Bb]y|[Gg]uest (?:[Pp]ost|[Cc]olumn|[Ee]ssay) [Bb]y|"
    rf"[Aa]uthors?\s*:)\s*:?\s*(?:(?:Dr|Prof|Rev|Sen|Rep|Gen|Col|Capt|Mr|Mrs|Ms|Sgt|Maj|Lt|Cpl|Adm|Cmdr|Gov|Hon)\.?\s+){{0,3}}(?P<names>{_NAMES_ANY_CASE})(?P<rest>\s*(?:\((?:(?:USA|USMC|USN|USAF|USCG),\s*)?(?:Ret|USA|USMC|USN|USAF)\.?\)\s*$|[,|/–—-]|\bfor\b|\bof\b|\bvia\b|\bin\b|['’]s\b"
    # "By Dale Hartung on March 12, 2018 in Culture War", "by Jane Roe · March 1, 2017": a theme's date after the name
    rf"|[·•]|\bon\s+(?=[A-Z][a-z]{{2,8}}\.?\s+\d|\d))\s*.{{0,80}})?$"
)
#: "Typed up by Walt Brannock on April 9, 2018 · 4 talkbacks", "Set in type by Corwin Ashby — April 7, 2018": any
#: verb of writing before "by" and the writer's name, a date or a count after it (what a credit's verb says, a photo, a
#: translation, a reprint, is read apart)
BYLINE_ANY_VERB = re.compile(
    rf"^(?P<verb>[A-Z][a-z]+(?: [a-z]+){{0,3}}) by:?\s+(?P<names>{_NAMES_ANY_CASE})"
    r"(?P<rest>\s*(?:[|,/·•∙–—-]|\bon\s+(?=[A-Z][a-z]{2,8}\.?\s+\d|\d)|\bin\s+(?=[A-Z])).{0,80})?$"
)
#: "Tomas Reyburn in Des Moines and Alicia Penwarden in Washington": a wire story's writers and where each filed
_PLACE = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}"
BYLINE_PLACED = re.compile(
    rf"^(?P<names>{PERSON}\s+in\s+{_PLACE}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){PERSON}\s+in\s+{_PLACE})+)$")
#: "Reporter: Nadira Beksultan", "Story: Arden Toll | MNS Economic Desk", "Staff correspondent Irina Vasko": the
#: writer's trade before the name
BYLINE_TRADE = re.compile(
    r"^(?:(?i:story|text|reporter|reporting|correspondent|words|writer|columnist)\s*:\s*"
    r"|(?i:(?:staff|special|senior|chief|our|political|foreign) )?(?i:correspondent|reporter|writer|columnist)\s+)"
    rf"(?P<names>{_NAMES})(?:\s*[|,·•–—-]\s*.{{0,60}})?$")
#: "Beacon Staff ∙ November 2, 2017", "Sentinel Newsroom ⁄ 22 January 2018": a desk signing with its date
BYLINE_DESK_DATED = re.compile(
    r"^(?P<desk>[A-Z][\w'’&.-]*\s+(?:[A-Z][\w'’&.-]*\s+|&\s+){0,3}"
    r"(?:Staff(?: Reports?)?|Newsroom|Desk|News Desk|Team|Editors|Reporters))"
    r"\s*(?:[^\w\s'’&.,:()\[\]]|(?<=\s)-)\s*"  # any symbol between them: "·", "|", "—", "▪", "◆"
    r"(?=.{0,40}\d)[\w ,.:]{4,40}$")
#: verbs before "by" that credit a picture, a translation, a reprint or a sponsor, or sort a list: not the writer
NOT_WRITER_VERB = re.compile(
    r"(?i)\b(?:photo\w*|image\w*|picture\w*|illustrat\w*|map\w*|graphic\w*|video\w*|film\w*|design\w*|"
    r"translat\w*|additional|data|supplied|produced|reprinted|republished|sponsored|powered|supported|funded|"
    # "Brought to you by" a sponsor; "Brought over by the Ledger team" relays the piece, as "Scooped from UPI by" does
    r"underwritten|paid|presented|brought(?! (?:over|across|here)\b)|promoted|sorted|hosted|edited|distributed|"
    r"syndicated|licensed|"
    r"provided|courtesy|first|sort|filter|order|view|browse|search|shop|follow|share|sold|made|built|more|all|other|"
    r"latest|recent|see|stories|posts|articles|columns|pieces)\b")
#: "Shared by the Red Thread collective · July 19, 2018", "Dropped into the circle by barnlight_gus on Nov. 8, 2016 at
#: 10:22 pm", "Scooped from UPI by the Dragnet harvester · 02/06/2018 04:12 PM · slot 3 of 40": a site's own verb for
#: putting a piece up, who did it (a handle, a desk, a bot) and when; the date is what makes it a byline
BYLINE_BY_WHEN = re.compile(
    r"^(?P<verb>[A-Z][a-z]+(?:ed|en|t)(?: (?!by\b)[\w'’-]+){0,5}) by (?P<names>[^·•|—–▪◆◦∙,.;:!?]{2,50}?)"
    rf"(?:\s+(?:on|at)\s+|\s*[·•|—–▪◆◦∙]\s*)(?P<when>(?:[A-Z][a-z]+,?\s+)?(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}|"
    r"\d{1,2}/\d{1,2}/\d{2,4})[^·•|—–▪◆◦∙]{0,30})(?:\s*[·•|—–▪◆◦∙]\s*[^·•|—–▪◆◦∙]{1,30})?(?<![.!?])$"
)
#: "Posted on by willyloman", "Posted on March 3, 2018 by jdoe": blog bylines, often with a handle, not a name
BYLINE_POSTED = re.compile(
    # "Originally posted to rust_belt_rosa on Wed Mar 01, 2017": a community diary's closing byline
    r"^(?:(?:posted|published|written(?: up)?|submitted|put up)\s+(?:on\s+(?P<when>.{0,40}?)\s*)?by"
    r"|originally\s+posted\s+to)\s+"
    r"(?P<names>\S.{0,90})$", re.I
)
#: "By Staff and wire reports": a desk, not a person
#: "Reported by the Heritage Desk", "Passed along by the Review Newsroom on 19 July 2017"
_DESK_BY = r"^(?:(?:an? )?(?:investigative )?report(?:ed)? |(?-i:[A-Z])[a-z]+ (?:along |on |up )?)?by\s+(?:the\s+)?"
BYLINE_DESK = re.compile(
    _DESK_BY + r"(?:staff|wire|news|newsroom|editorial|web|metro|city desk)\b.{0,60}$"
    r"|" + _DESK_BY + r"(?:(?-i:[A-Z])[\w.&'’-]*\s+){1,4}(?:(?-i:[a-z]+)\s+)?"
    r"(?:news\s+service|news\s+desk|news\s+bureau|bureau|newsroom|web\s+desk|desk|staff|team|editors)"
    r"(?:\s+[|–—·•-]\s+.{0,60}|\s+on\s+\S.{0,40})?$",  # "By Redoubt Staff - June 20, 2018", "… team"
    re.I,
)
#: "By Reuters | March 26, 2019": an agency credited as the author
BYLINE_AGENCY = re.compile(r"^[Bb][Yy]:?\s+(?P<agency>(?:The )?[A-Z][\w.&' -]{1,40}?)\s*(?:[|,–—-]\s*.{0,60})?$")
#: "Andrew Osborn, Phil Stewart": a line that is nothing but names
#: "Jay SYRMOPOULOS", "Xuan Loc DOAN": given names, then the surname in capitals, as some sites print a byline
_SURNAME_IN_CAPS = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}}\s+[{_UP}]{{3,}}(?:-[{_UP}]{{2,}})?(?![\w'’])"
BYLINE_BARE = re.compile(rf"^(?P<names>{_NAMES}|{_SURNAME_IN_CAPS})$")
PERSON_RE = re.compile(PERSON_ANY_CASE)

#: The rule a message board draws above a poster's signature ("__________")
SIGNATURE_RULE = re.compile(r"^_{6,}$")

#: "Staff Writer" under a byline
BYLINE_ROLE = re.compile(
    r"^(?!(?i:writers|reporters|correspondents|editors|columnists|contributors)$)"  # a section label, not a role
    r"(?:[A-Z][\w.&'’-]+\s+|of\s+|the\s+){0,7}(?:(?i:staff|senior|special|contributing|chief|political|foreign|national|"
    r"business|investigative)\s+)?(?i:writer|reporter|correspondent|editor|columnist|contributor|staff)s?$"
    r"|^(?i:(?:from )?(?:staff|wire|news) (?:reports?|services))$"  # "From staff reports"
    r"|^(?i:(?:news|content|release|story) (?:provided|supplied|distributed) by:?)$"  # a wire page's issuer follows
    r"|^(?i:guest (?:writer|contributor|author|columnist|post) (?:for|at|on) )(?:[A-Z][\w'’.&-]*\s?){1,5}$"
    # a role and where it is held: "Field Researcher, The Cistern Report", "Sentry Contributor · Lakeport, Mich."
    r"|^(?:[A-Z][\w.&'’-]+\s+){0,3}(?i:researcher|reporter|correspondent|editor|writer|columnist|contributor|analyst|"
    r"fellow|producer)\s*[,|·•–—]\s*(?:the\s+)?[A-Z][\w.&'’-]*(?:[\s,]+[A-Z][\w.&'’-]*){0,4}$"
    # a name and its role: "Kelsey Dunmore | Viral Editor"
    r"|^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2}\s*[|·•]\s*(?:[A-Z][\w&'’-]+\s+){0,3}"
    r"(?i:editor|writer|reporter|correspondent|contributor|columnist|producer)$"
    # who the author is and what they write for: "Retired bookkeeper and guest writer for The Keystone Citizen",
    # "Organizer and regular contributor to The Picket Line", "A guest column for The Palisade Post"
    r"|^(?:[\w'’-]+\s+){0,5}(?i:(?:and|a|an)\s+)?(?i:(?:guest|regular|frequent|contributing|occasional)\s+)?"
    r"(?i:writer|columnist|column|contributor|correspondent|blogger)\s+(?i:for|to|at)\s+(?:the\s+)?"
    r"[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,4}$",
)

#: "Editor's note:", "Editor’s Comment:", "[Ed. note: ...]": the publisher speaking in its own voice
EDITOR_NOTE = re.compile(
    r"^[\[(]?\s*(?:editor['’]?s['’]?\s+(?:note|comment|addendum|introduction)|ed\.?\s+note|note from the editors?|"
    r"publisher['’]?s\s+note|[A-Z][\w.]+\s+editor['’]?s\s+note|editor['’]?s\s+take|"
    r"(?:our|my)\s+(?:comment|take|view)|(?-i:[A-Z][a-z]+)\s+(?:comment|take))\s*[:.\-–—]",
    re.I,
)

#: A correction note is the newsroom fixing its own story, not opinion added to copied material
CORRECTION_WORDS = re.compile(
    r"\b(?:an earlier version|previously (?:reported|stated)|(?:has been|was) (?:corrected|updated|clarified)|"
    r"to correct|incorrectly|misstated|misidentified|correction)\b",
    re.I,
)
#: "UPDATE:", "CORRECTION:", "CLARIFICATION:" at the head of a paragraph
NEWSROOM_NOTE = re.compile(r"^[\[(]?\s*(?:update[d]?|correction|clarification|developing)\b[^:]{0,40}:", re.I)

#: A photo caption with its credit on the same line: "Volunteers fill sandbags ... (Photo: Jane Doe/Tribune)"
CAPTION_WITH_CREDIT = re.compile(
    r"^(?P<caption>.{10,600}?)\s*(?P<credit>\((?:(?:file\s+)?(?:photo|image|picture|video|graphic)s?(?:\s+credit)?\s*[:|]"
    r"[^()]{2,120}"
    r"|(?:ap|afp|reuters|epa|dpa|xinhua|anadolu|upi)(?:\s+photo)?\s*/[^()]{2,120}|(?:photo|image) by [^()]{2,120}"
    r"|[^()]{2,60}/(?:getty images|ap|afp|reuters|shutterstock|epa|istock)[^()]{0,40}"
    r"|[\w .'’-]{0,30}\bfile (?:photo|picture|image)\b[^()]{0,40}"  # "(Observer file photo)"
    r"|(?:photo|image|picture)s? courtesy (?:of )?[^()]{2,80}"  # "(Photo courtesy of reader "Tom")"
    r"|[\w .'’-]{0,30}\bphoto\s*/\s*[^()]{2,60}"
    r"|screen\s?(?:shot|grab|capture)\s*(?:/|via|from)\s*[^()]{2,60}|[\w.'’-]{2,30}\s+screen\s?(?:shot|grab|capture)"
    # "(Corinne Adebayo/Statehouse Standard)": a photographer's name over the outlet (not "(Reuters/Ipsos)")
    r"|(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2}\s*/\s*(?:The\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3}))\))$",
    re.I,
)
#: "Evan Rusk/The Rotunda Report", "© Arcticpix / Erik Sandvold": a photographer and the outlet, or the agency and
#: the photographer, either side of a slash
_NAME_SLASH_OUTLET = (r"(?:©\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*/\s*"
                      r"[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}"
                      r"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2}/(?:The\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3})")
#: "… months overdue. Picture: Gary Dunmore": a caption whose credit follows it unbracketed (British papers)
CAPTION_WITH_PLAIN_CREDIT = re.compile(
    r"^(?P<caption>.{10,600}?[.!?\"”])\s+(?P<credit>(?i:picture|photo|image|photograph|photographer)s?"
    r"(?i:\s+credit)?\s*:\s*"  # "Photo: Ministry of Agriculture and Lands": small words inside a name
    r"[A-Z][\w.'’-]*(?:\s+(?:(?:of|and|the|for|de|du|van|von)\s+)?[A-Z][\w.'’-]*){0,5}(?:\s*/\s*[\w .'’-]{2,40})?"
    r"(?:\s*\([A-Z]{2,6}\))?"
    # "… in January. KYLE BAPTISTE / RED RIVER COURIER": the photographer and the paper in capitals
    r"|[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){1,3}\s*/\s*[A-Z][A-Z .&'’-]{2,40}[A-Z]"
    # "… on Tuesday. Evan Rusk/The Rotunda Report", "… border.<TAB>© Aleksei Gromov / Vostok Today"
    rf"|{_NAME_SLASH_OUTLET}"
    # "… after 2 a.m. Photo: reader submission / K. Ostrander": whoever sent it, then the name
    r"|(?i:photo|picture|image)s?\s*:\s*[\w .'’-]{2,40}?\s*/\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    # "… March 10, 2018. REUTERS/Katrin Oberle": the agency in capitals, then its photographer
    r"|(?:REUTERS|AFP|AP|EPA|XINHUA|UPI)/[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2})$"
)
#: A photo credit line of its own: "Dwayne Hollis/Getty Images", "AP Photo/Jane Doe", "Tribune photo by Luis Ybarra"
PHOTO_CREDIT_LINE = re.compile(
    r"^(?:©\s*(?:afp|ap|reuters|epa|getty images|dpa|anadolu)\s*/\s*[\w .'’-]{2,60}|"
    r"\((?:photo|image|picture)s?(?:\s+credit)?\s*:[^()]{2,120}\)|\((?:photo|image|picture)s? by [^()]{2,60}\)|"
    r"\[(?:photo|image|picture)s?(?: by|\s*:)\s*[^\[\]]{2,60}\]|"  # "[Photo by Li Mingxuan/Silk Road Daily]"
    r"(?:photographer|photograph|photo|image|picture)(?:\s+credits?)?\s*:\s*.{2,80}|"
    # "(Xinhua/Bolat Temirkhan)": an agency's photographer in brackets on a line of its own
    r"\((?:ap|afp|reuters|epa|dpa|xinhua|anadolu|upi|tass|efe|ansa|kyodo|yonhap)(?:\s+photo)?\s*/[^()]{2,60}\)|"
    r"(?:[A-Z][\w.'’-]*\s+){0,3}(?:photo|picture|image)s?(?:\s+illustration)?\s+by\s+[\w .'’/-]{2,60}|"
    r"\([\w .'’-]{0,30}\bphoto\s*/\s*[^()]{2,60}\)|\[[\w .'’-]{0,30}\bphoto\s*/\s*[^\[\]]{2,60}\]|"
    r"[\w .'’-]{2,60}/(?:getty images|ap photo|ap|afp|afp via getty images|reuters|shutterstock|epa|epa-efe|"
    r"istock|istockphoto|associated press|the canadian press|dpa)|(?:ap|afp|reuters|epa) photo/[\w .'’-]{2,60})"
    r"(?:\b.{0,40})?$"  # a bracketed credit may end the line
    rf"|^(?-i:{_NAME_SLASH_OUTLET})$"
    # an agency's photo service in capitals, with or without the photographer: "ESNA Photo / Pavel Drozd", "/OT Photo"
    r"|^(?-i:/?\s*[A-Z]{2,8}\s+Photo(?:\s*/\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})?)$"
    # "(Anneliese Quarry / The Tributary)", "(Capitol Current / Ines Barrow)" under the caption; "Image via X"
    r"|^\((?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s*/\s*(?:The\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3})\)$"
    r"|^(?:photo|image|picture)s? via\s+\S.{1,60}$",
    re.I,
)

#: "About the author" heads a profile box: a name and a short bio, not the story
PROFILE_HEADING = re.compile(
    r"^(?:about (?:the )?(?:author|writer|me|us)|author bio|meet the author|written by)[:.]?$", re.I
)
#: "Media contact:" heads lines of names, phones and emails; "VIDEO Source:" heads a list of sources
CONTACT_HEADING = re.compile(
    r"^(?:(?:media|press|news|investor|editorial)\s+contacts?\s*:?|contacts?\s*:|contacts|"
    r"(?:video|image|photo|picture|data|original)?\s*sources?\s*:|contact me\s*:|"
    r"(?:for more information(?: see)?|further reading)\s*:|(?:references|citations|works cited)\s*:?)$",
    re.I,
)

#: The words a comment system puts before whom a reply answers ("in reply to", "replied to", "answering"), for the
#: readers of author lines (``commenters``) and of hard-wrapped meta lines (``wrapping``)
REPLY_VERB = r"(?:in (?:reply|response|answer) to|replied to|replying to|responding to|answering)"
#: "in reply to Kirkstaller", "↳ in reply to porchlight_dale": whom a comment answers, on a line of its own
IN_REPLY_TO = re.compile(
    # "replied to dieselmechanic", "in response to No. 2": a name of a few words, not a sentence ("Replied to the
    # county twice.")
    r"^(?:[↳↪⤷↩➥]\s*)?(?:in reply to\s+(?=\S.{0,60}$)|"
    r"(?:in (?:response|answer) to|replied to|replying to|responding to)\s+"
    r"(?=\S+(?:\s\S+){0,3}(?<![.!?])$|\S+(?:\s\S+){0,2}\s\w\.$))(?P<target>.+)$", re.I)
#: First- or second-person address: wire copy never speaks like this outside quotation marks
#: ("US" is the country: only "us" and "Us" count)
READER_ADDRESS = re.compile(
    r"\b(?:I|I'm|I’m|I've|I’ve|me|my|[Uu]s|(?i:we|we're|we’re|let's|let’s|our|you|your|you're|you’re))\b"
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]{20,}’")

# -- comment threads -------------------------------------------------------
LIST_MARKER = re.compile(r"^(?P<num>\d{1,3})[.)]\s+(?=\S)")
def _when(day_month: str) -> str:
    """A comment's age or date (and time), with ``day_month`` the pattern for "19 June 2018"-style dates."""
    return (
        r"(?:(?:\d+|an?)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago|"
        r"\d{1,3}\s?(?:[smhdwy]|mo|min|hr|wk|yr)\b|(?:yesterday|today|just now)|"
        r"(?:(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+|(?:mon|tue|wed|thu|fri|sat|sun)\.?,?\s+)?"
        rf"(?:[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{day_month}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
        # "Aug 22 at 9:40 am": this year's date, its time after it
        rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?=\s*(?:at|@|,|·|•)?\s*\d{{1,2}}[:.]\d{{2}})|"
        # "at 6:02 pm, Sept. 12": the time first, then this year's date
        rf"(?:at\s+)?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?|[AP]M)?,?\s+(?:on\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|"
        r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4})"  # "03-14-2018" (vBulletin)
        # the time: "at 3:14 am", "um 9:16 Uhr" (German), "à 15:28" (French), "a las 9:16" (Spanish), "/ 6:16",
        # "— 9:14 pm"
        r"(?:\s*(?:at|@|,|-|–|—|\||/|·|•|um|à|a las|alle)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?"
        r"\s*(?:[ap]\.?m\.?|[AP]M|Uhr|h)?)?))"
    )


_WHEN = _when(r"\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?[A-Za-zÀ-ÿ][a-zà-ÿ]{2,8}\.?,?\s+(?:de\s+)?\d{4}")
#: English dates only: beside a bare name ("Ben 19 June 2018"), a date in another language too often follows a
#: word that is no name ("Erstveröffentlichung 15. Mai 2019")
_WHEN_EN = _when(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}")
DATE_IN_LINE = re.compile(_WHEN, re.I)
#: A calendar date inside a line, a named month's day and year or an ISO date ("Updated June 28, 2017", "Deep State ·
#: Nov. 4, 2016 · 48,210 shares"): no age ("3 days ago") and no time of day, as DATE_IN_LINE also reads
CALENDAR_DATE = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
                           r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b"
                           r"|\b\d{4}-\d\d-\d\d\b")
WHEN_LINE = re.compile(
    rf"^(?:(?:posted|published|updated|last updated)\s*:?\s+)?(?:on\s+)?{_WHEN}"
    r"(?:\s*(?:said|wrote|says)\s*:?)?\s*(?:#\d+)?$",
    re.I,
)
#: "Mar 14", "14 March": a forum's date without the year, on a line of its own
MONTH_DAY_LINE = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)$",
    re.I,
)
#: "gerald_h → Jean-Marc R.": Disqus shows whom a reply answers after an arrow, a forum in words ("X replied to Y")
REPLY_ARROW = re.compile(r"\s*(?:→|➔|->|»)\s*|\s+(?:replied to|replying to|in reply to)\s+")
#: "Kenneth says:", "Kenneth says: November 5, 2017 at 3:12 pm", "Jane Doe on March 3, 2018 at 9:01 am said:"
AUTHOR_SAYS = re.compile(
    # "What the new research says", "Here's what the mayor said": a subheading about a source, not a commenter
    # (also numbered: "3. What the experts said")
    rf"^(?!(?:\d{{1,3}}[.)]\s+)?(?:what|why|how|here['’]?s|here is|who|where|which|when|this is what|everything)\b)"
    # a name holds no sentence's end ("He wrote letters. Nobody answered.")
    rf"(?P<author>(?:(?!\b(?-i:[a-z]{{2,}})[.!?]\s)[^\n]){{1,60}}?)\s+(?:(?:on|at)\s+{_WHEN}\s+)?"
    # WordPress in English, German, French, Spanish, Italian, Dutch
    rf"(?:says|said|wrote|replied|commented|answered|responded|sagt|schrieb|meint|dit|a dit|dice|dijo|ha detto|scrive|"
    rf"zegt|schreef)\s*[:.…]*"
    # "… wrote at 21:40 on May 3, 2018:": the time before the date
    rf"\s*(?:(?:on|at)\s+)?(?:\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?\s+on\s+)?(?:{_WHEN})?\s*[:.]?\s*$",
    re.I,
)
#: A comment's day and time with no year ("Feb 27, 9:14 pm"): after a name and a dot it is this year's comment
_DAY_AND_TIME = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)"
#: Disqus: "Jane Doe • 3 years ago", "jd1984 · March 3, 2018", "ridgeline_mom wrote · Feb 27, 9:14 pm"
AUTHOR_DOT_WHEN = re.compile(
    rf"^(?P<author>[^\n•·]{{1,60}}?)(?:\s+(?:wrote|said|posted|replied))?\s*[•·|]\s*(?:edited\s+)?"
    rf"(?:{_WHEN}|{_DAY_AND_TIME})\s*(?:\(edited\)|[•·]\s*edited)?$", re.I
)
#: Disqus reply line without a time: "Marta Lindqvist Mod → dockside_dave"
AUTHOR_ARROW = re.compile(r"^(?P<author>[^\n→➔]{1,50}?)\s*(?:→|➔|->)\s*(?P<target>[^\n]{1,50})$")
#: "Jane Doe on March 3, 2018 at 9:01 am" / "Jane Doe March 3, 2018 at 9:01 am"
AUTHOR_WHEN = re.compile(
    rf"^(?P<author>[^\n]{{1,60}}?)(?:\s+on|\s*[,|·•»]|\s+[-–—])?\s+{_WHEN_EN}\s*(?:\(edited\))?\s*[|·•:]?$", re.I
)
#: A comment signed below its text: "Posted by: Heinz R. | March 8, 2018", "— Posted by nina.k"
SIGNATURE = re.compile(r"^(?:[—–-]+\s*)?posted by:?\s+\S", re.I)
#: Facebook-style profile lines under a commenter's name
PROFILE_LINE = re.compile(r"^(?:works at|worked at|studied at|studies at|lives in|went to|from)\s+\S.{0,60}$", re.I)
#: "Posted by kestrel99 on ...": the verb is not part of the name
AUTHOR_PREFIX = re.compile(
    # "Comment #3 by ironplow", "#1  Posted by handle": a post's number before the verb
    r"^(?:[↳↪»>]\s*)?(?:#\d{1,5}\s+)?(?:(?:posted|written|submitted|comment(?:ed)?|reply|answer|post)(?:\s+#\d{1,5})?\s+by"
    r"|(?:comment|reply)\s+from)\s+",
    re.I)
#: Words that may surround a date on a date line ("Published 6:42 a.m. ET April 19, 2019 | Updated ...")
DATE_LINE_WORDS = frozenset(
    """posted published updated last modified edited time on at by ago | · • - – — : , et est edt pt pst pdt ct cst cdt
    mt mst mdt gmt utc bst cet cest ist jst kst msk a.m. p.m. am pm hrs hr hours hour mins min minutes minute days day
    read in""".split()
)
TIME_TOKEN = re.compile(r"^(?:\d{1,2}(?:[:.]\d{2}){0,2}|\d{1,2}(?:[ap]\.?m\.?)|\(?\d+\)?)[.,]?$", re.I)
#: A handle or a short name on a line of its own (needs a following date line to count)
#: ("#1 Bjorn_Again": a comment's number before the name; "Rakesh Nair (Kochi)": the commenter's city after it)
AUTHOR_ALONE = re.compile(r"^(?:#\d{1,4}\s+)?(?P<author>@?[\w.'’-]+(?:\s+[\w.'’-]+){0,3})"
                          r"(?:\s+\([A-Z][\w .'’-]{1,30}\))?$")
#: Facebook-plugin style: the author's name alone above the comment ("Jae Lee · Seoul National University")
NAME_LINE = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}|@?[A-Za-z][\w.-]*[\d_][\w.-]*|[A-Z][a-z]+(?:[A-Z][a-z]+)+)"
    r"(?:\s+[·•|]\s+(?P<extra>[^·•|]{1,50}))?$"
)
MENTION = re.compile(r"^@(?P<name>[\w.-]{2,40})\b")
DECLARED_COUNT = re.compile(
    r"^(?P<n>\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)\b|\(\s*(?P<n2>\d+)\s*\)|:\s*(?P<n3>\d+)", re.I
)
