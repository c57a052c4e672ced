"""Credits at the foot of a story, told by what they say rather than by one site's wording.

Each site words its credit line afresh ("Wilma's column ran first in the Tamsett Weekly Crier and is reposted here
with her go-ahead", "Reprinted here with the columnist's okay", "HearthBoard hosts what its members share; every
pasted article stays the property of whoever wrote it"), so a list of wordings always lags the next site. What
they say has a shape: the piece itself (or a participle standing for it) and a verb of publishing, with a word
saying where or by whose leave; a grant that paid for the reporting; what a member's post belongs to. A story's
own sentence says such things too, so only the last few paragraphs that say something are read, and only short
ones.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsaudit.page import BlockType

if TYPE_CHECKING:
    from newsaudit.anatomy.paragraphs import Paragraph

#: How many of the story's last prose paragraphs may be its credits (an aggregator's poster may close after the
#: pasted piece's credit, a bio and a licence)
FOOT_PARAGRAPHS = 4
#: ... and how many of its first: a credit the piece carries under its byline
HEAD_PARAGRAPHS = 2
#: A credit says where the piece ran in one or two sentences
MAX_CREDIT_WORDS = 45

_PIECE = (r"(?:column|essay|piece|post|article|story|report|reporting|analysis|op-?ed|letter|commentary|text|item|"
          r"viewpoint|write-?up|contribution|"
          r"interview|investigation|feature|editorial|version|original|speech|remarks|sermon|review|explainer|"
          r"recipe|poem|guide|excerpt|dispatch|chapter)")
#: Verbs that carry a piece from where it ran to here: "from" or "for" after them names the source
_CARRIED = (r"(?:re-?published|re-?printed|re-?posted|reproduced|cross-?posted|syndicated|adapted|excerpted|"
            r"carried over|translated|lifted|copied|borrowed)")
_PUBLISHED = (rf"(?:{_CARRIED}|carried|shared|ran|run|appeared|appears|went up|went out|printed|published|posted|"
              r"produced|prepared|written|reported|distributed|broadcast|read aloud|filed|put out|released|issued|"
              r"aired|surfaced)")
#: The piece itself says how it was published: "This essay went up first …", "Wilma's column ran first …"
_PIECE_PUBLISHED = re.compile(
    rf"^(?:(?:an? (?:\w+ )?version of )?this {_PIECE}|[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){{0,3}}['’]s? {_PIECE})\s+"
    rf"(?:(?:was|is|has been|had been|also|now)\s+){{0,2}}(?:first |originally )?{_PUBLISHED}\b", re.I)
#: ... or a participle stands for it: "Republished with the sheriff's say-so …", "First printed in …"
_PARTICIPLE = re.compile(rf"^(?:first |originally |also )?{_PUBLISHED}\b", re.I)
#: A sentence that goes on to its own subject after the participle: "Shared by thousands, the video first …"
_MAIN_CLAUSE = re.compile(r", (?:the|a|an|his|her|its|their|this) [\w'’-]+(?: [\w'’-]+)? "
                          r"(?:was|is|were|are|has|had|first|found|shows?|said|says|went|became)\b")
#: Where or by whose leave: "here", "first", "originally", "with X's permission / okay / blessing / say-so", and
#: after a verb that carries a piece over, the source it came from ("Adapted for the web from …")
_PROVENANCE = re.compile(
    rf"\b(?:here|first|originally)\b|\bwith (?:the |her |his |their |its )?(?:[\w'’.-]+ ){{0,3}}"
    rf"(?:permission|consent|okay|ok|blessing|go-ahead|say-so|approval|agreement|leave)\b"
    # "Produced for the Harbor Labor Project, a nonprofit newsroom …": made for another outlet; "A shorter version of
    # this column ran …": another version ran elsewhere
    rf"|^(?:first |originally )?(?:produced|prepared|reported) for\b|\bversion of this\b|\b{_CARRIED} "
    r"(?:[\w'’-]+ ){0,4}?(?:from|for)\b"
    # "… by permission of Patriot Signal News", "reprinted by arrangement", "carried here under a sharing arrangement",
    # "Prepared from materials supplied by the press service of …"
    r"|\bby (?:kind |special )?(?:permission|arrangement|agreement|leave)\b"
    r"|\bunder (?:a |an |the )?(?:[\w-]+ ){0,2}(?:arrangement|agreement|licen[cs]e)\b"
    r"|\bfrom (?:materials|information|reports?|a (?:press )?release) (?:supplied|provided|issued|sent)\b", re.I)
#: A publisher that "broke this story first"; a writer who "posted this first on …"
_BROKE = re.compile(rf"\b(?:broke|published|ran|carried|printed) this {_PIECE}\b"
                    rf"|^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){{0,3}} (?:first )?{_PUBLISHED} (?:this|it) "
                    r"(?:first|originally)\b"
                    # "Oriel first shared this wrap with the readers of her own letter, …"
                    rf"|^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){{0,3}} (?:first|originally) (?:{_PUBLISHED}|put) this\b"
                    # "From the Inland Workers' Ledger, where it ran July 28; republished here with …"
                    rf"|^from (?:the )?[A-Z][^,;]{{2,60}}, where it (?:first |originally )?{_PUBLISHED}\b"
                    # "This story comes to us from the Keystone Labor Desk, a nonprofit newsroom …"
                    rf"|^this {_PIECE} (?:comes|came|reaches|reached) (?:to )?us (?:from|via|through|courtesy of)\b",
                    re.I)
#: "This reporting was supported by a grant from …", "This project was made possible by …"
_FUNDED = re.compile(
    rf"^(?:this|our|(?:the )?[A-Z][\w.-]*(?: [A-Z][\w.-]*){{0,2}}['’]s) (?:[\w'’-]+ ){{0,3}}"
    rf"(?:{_PIECE}|project|series|coverage|work)\b"
    r"(?: [\w'’-]+){0,4} (?:was|is|are|were) (?:made possible|supported|funded|underwritten|paid for)\b(?: in part)? "
    r"(?:by|with|through)\b"
    # "This story is part of the Courier's … project, paid for in part by …"
    r"|\b(?:project|series|initiative|fund|grant)\b.{0,60}\b(?:paid for|funded|underwritten|supported) in part by\b",
    re.I)
#: A host's notice of whose its members' posts are: "every pasted article stays the property of whoever wrote it",
#: "each post belongs to the person who", "Stories belong to their publishers", "the property of their respective
#: owners"
_OWNED = re.compile(
    r"\b(?:remains?|stays?|is|are) the (?:sole )?property of (?:its|their|whoever|each|the (?:original |respective )?"
    r"(?:authors?|publishers?|writers?|owners?|creators?|person|members?|poster))\b|\bbelongs? to (?:its|their|the) "
    r"(?:original )?(?:authors?|publishers?|writers?|owners?|creators?|sources?|person|member)\b"
    r"|\b(?:is|are) the (?:sole )?responsibility of (?:its|their|the) (?:authors?|posters?|writers?|members?)\b"
    # "each piece remains the work of whoever wrote it", "Posts on X are written and shared by members", "X hosts
    # what its members post"
    r"|\b(?:remains?|stays?|is|are) the work(?: and property)? of (?:its|their|whoever|each|the (?:original )?"
    r"(?:authors?|writers?|person|members?|poster|outlet|publisher|newsroom|site)s?)\b"
    r"|(?:^|\.\s+)(?:posts|stories|articles|links|pieces|diaries|entries|threads)(?: (?:on|at|in) [\w'’ .&-]{2,40})? "
    r"(?:are|get) (?:written|shared|posted|"
    r"submitted|picked)(?: and \w+)? by (?:its |our |the )?members\b"
    r"|\b(?:hosts|carries|holds) what (?:its|our|the) members\b|\bdoes not own what (?:its |our |the )?members\b"
    r"|\brights? (?:stay|stays|remain|remains) with (?:the|their|its) (?:original )?(?:authors?|publishers?|owners?|"
    r"writers?)\b"
    # "every story belongs to the outlet that first ran it", "each piece belongs to whoever first wrote it"
    r"|\b(?:stor(?:y|ies)|piece|post|article|link)s?(?: here| (?:on|at|in) [\w'’ .&-]{2,40}?)? belongs? to "
    r"(?:whoever|the (?:outlet|site|paper|publication|newsroom|"
    r"person|writer|author|people)s? (?:and [\w ]{1,30} )?(?:that|which|who))\b"
    # "the words belong to whoever wrote them first", "Members own what they post"
    r"|\bbelongs? to whoever (?:wrote|posted|shared|published|printed|first)\b"
    r"|^(?:our |its )?(?:members|users|posters|writers|authors|contributors) own (?:what|everything|the (?:posts|words|"
    r"content)) they\b",
    re.I)
_SAYS = re.compile(r"[.!?…)\"”’]$")


def credit_said(text: str) -> str | None:
    """Why ``text`` reads as a credit line, or None."""
    if len(text.split()) > MAX_CREDIT_WORDS:
        return None
    published = _PIECE_PUBLISHED.match(text) or (_PARTICIPLE.match(text) and not _MAIN_CLAUSE.search(text))
    if (published and _PROVENANCE.search(text)) or _BROKE.search(text):
        return "a credit at the story's foot: where the piece ran first, or by whose leave it runs here"
    if _FUNDED.match(text):
        return "a credit at the story's foot: who paid for the reporting"
    if _OWNED.search(text):
        return "a credit at the story's foot: the host's notice of whose its members' posts are"
    return None


def mark_foot_credits(paragraphs: list[Paragraph]) -> None:
    """Retype the story's closing credit lines, read by what they say (see the module's docstring), and the same
    credit where a pasted piece shows it first, under its byline ("Written originally for the Prairie Roots Gazette
    and shared here with the author's permission")."""
    prose = [p for p in paragraphs if p.kind is BlockType.PARAGRAPH and _SAYS.search(p.lines[-1].text)]
    for p in [*prose[:HEAD_PARAGRAPHS], *prose[HEAD_PARAGRAPHS:][-FOOT_PARAGRAPHS:]]:
        if len(p.lines) == 1 and (why := credit_said(p.lines[0].text)):
            p.kind, p.reason = BlockType.CREDIT, why
