"""Attribution relations by rule: quotes and reporting verbs.

The patterns news copy attributes with:

* a direct quote and a reporting verb beside it: ``“...,” said X.``, ``“...,” X said.``,
  ``X said: “...”``; a quote broken by its attribution (``“...,” he said, “...”``) gives one
  relation with a discontinuous content; a quote that runs over several paragraphs
  (each reopened, the last closed) is one content;
* indirect speech: ``X said (that) ...``, ``X, speaking on condition of anonymity, said ...``,
  ``..., X said.``, ``..., said X.``;
* ``according to X, ...`` and ``..., according to X.``

Quotation marks of any style count: “ ”, " ", « », and ‘ ’ where no double quote encloses
them (inside one they are a nested quote, part of the content). Offsets are into the text.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from newsaudit.claims.brat import Attribution, Span, spans_of
from newsaudit.slant.text import Covered, Token, sentence_spans, token_run

#: Reporting verbs (every form written out: no stemmer at run time). Shared with the model's features.
_VERB_FORMS = """
say says said saying tell tells told telling add adds added adding warn warns warned warning claim claims claimed
claiming argue argues argued arguing insist insists insisted insisting announce announces announced announcing
write writes wrote written writing tweet tweets tweeted tweeting declare declares declared declaring assert asserts
asserted asserting note notes noted noting stress stresses stressed stressing explain explains explained explaining
acknowledge acknowledges acknowledged acknowledging deny denies denied denying report reports reported reporting
suggest suggests suggested suggesting state states stated stating urge urges urged urging predict predicts predicted
predicting admit admits admitted admitting recall recalls recalled recalling complain complains complained complaining
promise promises promised promising vow vows vowed vowing concede concedes conceded conceding estimate estimates
estimated testify testifies testified respond responds responded responding reply replies replied replying ask asks
asked asking continue continues continued emphasize emphasizes emphasized emphasise emphasised confirm confirms
confirmed confirming reveal reveals revealed revealing indicate indicates indicated maintain maintains maintained
contend contends contended allege alleges alleged charge charges charged accuse accuses accused believe believes
believed believing think thinks thought know knows knew hope hopes hoped fear fears feared worry worries worried
predict predicted boast boasts boasted joke jokes joked quip quips quipped observe observes observed remark remarks
remarked mention mentions mentioned insist contend proclaim proclaims proclaimed pledge pledges pledged threaten
threatens threatened describe describes described call calls called criticize criticizes criticized criticise
criticised blame blames blamed praise praises praised disclose discloses disclosed signal signals signaled signalled
agree agrees agreed disagree disagrees disagreed counter counters countered caution cautions cautioned reiterate
reiterates reiterated point points pointed shout shouts shouted yell yelled cry cried exclaim exclaimed whisper
whispered conclude concludes concluded find finds found show shows showed shown insisted demand demands demanded
question questions questioned dismiss dismisses dismissed acknowledge conceded speculate speculated
"""
REPORTING_VERBS = frozenset(_VERB_FORMS.split())
#: Verbs that report speech with no further cue word: the rules' cues (the wider set feeds the model).
_SPEECH = frozenset(
    """say says said saying tell tells told add adds added warn warns warned claim claims claimed argue argues
    argued insist insists insisted announce announces announced write writes wrote tweet tweets tweeted declare
    declares declared assert asserts asserted note notes noted stress stresses stressed explain explains explained
    acknowledge acknowledges acknowledged deny denies denied report reports reported suggest suggests suggested
    state states stated urge urges urged predict predicts predicted admit admits admitted recall recalls recalled
    complain complains complained promise promises promised vow vows vowed concede concedes conceded estimate
    estimates estimated testify testifies testified respond responds responded reply replies replied ask asks asked
    continued emphasized emphasised confirm confirms confirmed reveal reveals revealed maintain maintains maintained
    contend contends contended allege alleges alleged believe believes believed think thinks thought fear fears
    feared boast boasts boasted joked quipped observed remarked mentioned proclaimed pledged threatened cautioned
    reiterated shouted exclaimed concluded wrote writes""".split()
)
_QUOTE_CLOSE_VERBS = _SPEECH | frozenset("continued went asked".split())
_STOP_LEFT = frozenset(
    "and but or while because although though as if when since so then after before where which that".split()
)
_THAT = frozenset({"that"})
_OPEN_DOUBLE = {"“": "”", "«": "»", '"': '"', "„": "“"}
_MARK = re.compile("[" + "".join(_OPEN_DOUBLE) + "‘]")


@dataclass(frozen=True)
class Quote:
    """A direct quote: the marks included; ``parts`` are its paragraphs when it runs over several."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Top-level quotations in ``text[start:end]``, in order.

    A double quote left open at its paragraph's end continues when the next
    paragraph opens with a quote mark (news style), and stops there otherwise.
    Single curly quotes ‘ ’ are quotes only outside a double quote (then they are nested);
    an apostrophe inside a word (don’t) never opens or closes one.
    """
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    i = start
    parts: list[tuple[int, int]] = []
    while i < end:
        mark = _MARK.search(text, i, end)  # the next character that may open a quote (others are skipped)
        if mark is None:
            break
        i = mark.start()
        ch = text[i]
        if ch in _OPEN_DOUBLE or (ch == "‘" and (i == start or not text[i - 1].isalnum())):
            closing = _OPEN_DOUBLE.get(ch, "’")
            para_end = text.find("\n", i, end)
            para_end = end if para_end < 0 else para_end
            close = _find_close(text, i + 1, para_end, closing)
            if close is None:
                if ch == '"' or ch == "‘":
                    i += 1
                    continue
                parts.append((i, para_end))
                nxt = para_end
                while nxt < end and text[nxt].isspace():
                    nxt += 1
                if nxt < end and text[nxt] == ch:
                    i = nxt  # the quote goes on in the next paragraph
                    continue
                quotes.append(_quote(parts))
                parts = []
                i = para_end
                continue
            parts.append((i, close + 1))
            quotes.append(_quote(parts))
            parts = []
            i = close + 1
            continue
        i += 1
    if parts:
        quotes.append(_quote(parts))
    return quotes


@functools.lru_cache(maxsize=8)
def quotes_in(text: str, start: int, end: int) -> tuple[Quote, ...]:
    """:func:`find_quotes`, kept: the tagger and the rules read the same run, one after the other."""
    return tuple(find_quotes(text, start, end))


def _quote(parts: list[tuple[int, int]]) -> Quote:
    return Quote(parts[0][0], parts[-1][1], tuple(parts))


def _find_close(text: str, i: int, end: int, closing: str) -> int | None:
    while True:
        at = text.find(closing, i, end)
        if at < 0:
            return None
        if closing == "’" and at + 1 < end and text[at + 1].isalpha() and text[at - 1].isalpha():
            i = at + 1  # an apostrophe (don’t), not a closing quote
            continue
        return at


def _is_name(token: Token) -> bool:
    return token.text[:1].isupper()


def _strip(tokens: list[Token], i: int, j: int) -> tuple[int, int] | None:
    """Character span of tokens[i:j] without edge punctuation other than quote marks."""
    while i < j and not tokens[i].text[0].isalnum() and tokens[i].text not in '“"«‘':
        i += 1
    while j > i and not tokens[j - 1].text[0].isalnum() and tokens[j - 1].text not in '”"»’':
        j -= 1
    if j <= i:
        return None
    return tokens[i].start, tokens[j - 1].end


def _source_left(tokens: list[Token], verb: int, floor: int) -> tuple[int, int] | None:
    """The subject before the verb: back to a clause boundary, skipping one parenthetical ``, ... ,``."""
    j = verb
    while j > floor and tokens[j - 1].lower in {"also", "later", "previously", "then", "has", "have", "had"}:
        j -= 1
    if j > floor and tokens[j - 1].text == ",":
        # "X, speaking on condition of anonymity, said": the subject is before the parenthetical
        k = j - 2
        while k > floor and tokens[k].text != "," and j - k < 14:
            k -= 1
        if k > floor and tokens[k].text == ",":
            j = k
        else:
            return None
    i = j
    while i > floor and j - i < 12:
        prev = tokens[i - 1]
        if prev.text in {",", ";", ":", "(", ")", "—", "–", "”", '"', "»", "’", "“"} or prev.lower in _STOP_LEFT:
            break
        i -= 1
    return _strip(tokens, i, j)


def _source_right(tokens: list[Token], verb: int, ceiling: int) -> tuple[int, int] | None:
    """The subject after the verb (``said Army Colonel Ryan Dillon``): to the clause's end."""
    i = verb + 1
    j = i
    while j < ceiling and tokens[j].text not in {".", ",", ";", ":", "!", "?", "“", "”", '"', "(", "—"}:
        if tokens[j].lower in _THAT:
            break
        if tokens[j].lower in {"in", "on", "at"} and j > i and j + 1 < ceiling and not _is_name(tokens[j + 1]):
            break
        j += 1
    if j == i or j - i > 14:
        return None
    return _strip(tokens, i, j)


def _content_right(tokens: list[Token], verb: int, ceiling: int) -> tuple[int, int] | None:
    """``said (in a statement) (that) CONTENT``: to the sentence's end."""
    i = verb + 1
    for k in range(verb + 1, min(ceiling, verb + 8)):
        if tokens[k].lower == "that":
            i = k + 1
            break
        if tokens[k].text in {".", ";", "“", '"'}:
            break
    if i == verb + 1 and i < ceiling and tokens[i].text in {",", ":"}:
        i += 1
    return _strip(tokens, i, ceiling)


def find_attributions(text: str, start: int = 0, end: int | None = None) -> list[Attribution]:
    """Attributions found by rule in ``text[start:end]`` (offsets into ``text``), sorted by cue start."""
    end = len(text) if end is None else end
    quotes = quotes_in(text, start, end)
    sents = sentence_spans(text, start, end)
    run = token_run(text, start, end)
    tokens, starts = run.tokens, run.starts
    out: list[Attribution] = []
    used_tokens: set[int] = set()

    quoted = Covered([(q.start, q.end) for q in quotes])
    in_quote = quoted.covers

    def token_range(a: int, b: int) -> tuple[int, int]:
        return bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)

    # 1. direct quotes with a reporting verb beside them
    done_quotes: set[int] = set()
    for qi, quote in enumerate(quotes):
        if qi in done_quotes or len(text[quote.start : quote.end].split()) < 2:
            continue
        first, last = token_range(quote.start, quote.end)
        # the sentence(s) the quote sits in
        sent_start = next((a for a, b in sents if a <= quote.start < b), quote.start)
        sent_end = next((b for a, b in reversed(sents) if a < quote.end <= b), quote.end)
        if sent_end < quote.end:
            sent_end = next((b for a, b in sents if a <= quote.end - 1 < b), quote.end)
        s_first, s_last = token_range(sent_start, max(sent_end, quote.end))
        found = _after_quote(tokens, last, s_last, in_quote)
        content = [(a, b) for a, b in quote.parts]
        if found is None:
            found = _before_quote(tokens, first, s_first, in_quote)
        if found is None:
            continue
        cue, source = found
        # a quote broken by its attribution: “...,” he said, “...”
        if cue > last and qi + 1 < len(quotes):
            nxt = quotes[qi + 1]
            between = text[quote.end : nxt.start]
            if len(between) < 60 and "\n" not in between and "." not in between.replace("U.S.", ""):
                content.extend(nxt.parts)
                done_quotes.add(qi + 1)
        used_tokens.update(range(first, last))
        used_tokens.add(cue)
        out.append(_attribution(tokens, cue, source, spans_of(*content)))
        done_quotes.add(qi)

    # 2. indirect speech and "according to", sentence by sentence
    for a, b in sents:
        i0, i1 = token_range(a, b)
        k = i0
        while k < i1:
            token = tokens[k]
            if k in used_tokens or in_quote(token.start):
                k += 1
                continue
            if token.lower == "according" and k + 1 < i1 and tokens[k + 1].lower == "to":
                found_acc = _according(tokens, k, i0, i1)
                if found_acc:
                    out.append(found_acc)
                    k = i1
                    continue
            if (token.lower in _SPEECH and not _is_name(token)) or (token.lower in _SPEECH and k == i0 + 1):
                found_ind = _indirect(tokens, k, i0, i1, in_quote)
                if found_ind:
                    out.append(found_ind)
                    k = i1  # one attribution per sentence by rule
                    continue
            k += 1
    return sorted(out, key=lambda x: x.anchor)


def _attribution(
    tokens: list[Token], cue: int, source: tuple[int, int] | None, content: tuple[Span, ...]
) -> Attribution:
    cue_spans = spans_of((tokens[cue].start, tokens[cue].end))
    return Attribution(spans_of(source) if source else None, cue_spans, content or None)


def _after_quote(tokens: list[Token], last: int, ceiling: int, in_quote) -> tuple[int, tuple[int, int] | None] | None:  # type: ignore[no-untyped-def]
    """``“...,” said X`` or ``“...,” X said``: the verb within a few tokens after the quote."""
    k = last
    while k < ceiling and tokens[k].text in {",", "—", "–"}:
        k += 1
    limit = min(ceiling, k + 10)
    for v in range(k, limit):
        if in_quote(tokens[v].start):
            return None
        if tokens[v].lower in _QUOTE_CLOSE_VERBS:
            if v == k:  # said X
                return v, _source_right(tokens, v, ceiling)
            source = _strip(tokens, k, v)
            return v, source
        if tokens[v].text in {".", ";", "!", "?"}:
            return None
    return None


def _before_quote(tokens: list[Token], first: int, floor: int, in_quote) -> tuple[int, tuple[int, int] | None] | None:  # type: ignore[no-untyped-def]
    """``X said: “...”`` or ``X said, “...”``: the verb right before the quote."""
    v = first - 1
    while v >= floor and tokens[v].text in {",", ":", "—"}:
        v -= 1
    for _ in range(3):
        if v < floor or in_quote(tokens[v].start):
            return None
        if tokens[v].lower in _QUOTE_CLOSE_VERBS:
            return v, _source_left(tokens, v, floor)
        if tokens[v].lower not in {"that", "simply", "only", "then", "later", "also"}:
            return None
        v -= 1
    return None


_FINITE = frozenset(
    "is was were are be been has had have will would could should can may might did does do died".split()
)


def _has_verb(tokens: list[Token], i: int, j: int) -> bool:
    return any(t.lower in _FINITE or t.lower.endswith("ed") for t in tokens[i:j])


def _parenthetical(tokens: list[Token], comma: int, floor: int) -> bool:
    """Whether ``tokens[comma]`` closes an aside opened by an earlier comma (``, speaking on ..., ``)."""
    for k in range(comma - 1, max(floor, comma - 14) - 1, -1):
        if tokens[k].text == ",":
            head = tokens[k + 1].lower if k + 1 < comma else ""
            return head.endswith("ing") or head in {"who", "which", "a", "an", "the", "citing", "its", "his", "her"}
    return False


def _according(tokens: list[Token], k: int, i0: int, i1: int) -> Attribution | None:
    cue = (tokens[k].start, tokens[k + 1].end)
    j = k + 2
    while j < i1 and tokens[j].text not in {",", ".", ";", "!", "?"}:
        j += 1
    source = _strip(tokens, k + 2, j)
    if source is None:
        return None
    if k == i0 or (k == i0 + 1 and not tokens[i0].text[0].isalnum()):
        content = _strip(tokens, j + 1, i1)  # According to X, CONTENT.
    else:
        end = k
        while end > i0 and tokens[end - 1].text in {",", "—"}:
            end -= 1
        content = _strip(tokens, i0, end)  # CONTENT, according to X.
        if j < i1 - 1:  # ... according to X, who ...: the clause after is not the content
            pass
    return Attribution(spans_of(source), spans_of(cue), spans_of(content) if content else None)


def _indirect(tokens: list[Token], v: int, i0: int, i1: int, in_quote) -> Attribution | None:  # type: ignore[no-untyped-def]
    """``X said (that) CONTENT``, ``CONTENT, X said.``, ``CONTENT, said X.``"""
    # the verb closes the sentence: "..., X said." / "..., said X."
    tail = v + 1
    while tail < i1 and tokens[tail].text[0].isalnum() and tokens[tail].lower not in _THAT and tail - v < 10:
        tail += 1
    closes = tail >= i1 - 1 and (tail >= i1 or tokens[tail].text in {".", "!", "?"})
    comma = None
    for c in range(v - 1, max(i0, v - 14) - 1, -1):
        if tokens[c].text in {",", "—"}:
            comma = c
            break
    if closes and comma == v - 1 and (_parenthetical(tokens, comma, i0) or _has_verb(tokens, v + 1, tail)):
        closes = False  # "X, speaking on condition of anonymity, said the convoy was hit."
    if closes and comma is not None and comma > i0 + 2 and tokens[comma].text == ",":
        if comma == v - 1:  # ..., said X.
            source = _source_right(tokens, v, i1)
        else:
            source = _strip(tokens, comma + 1, v)
            if source is None or v - comma > 8:
                return None
        content = _strip(tokens, i0, comma)
        if content is None:
            return None
        return _attribution(tokens, v, source, spans_of(content))
    # "X said (that) CONTENT"
    source = _source_left(tokens, v, i0)
    if source is None and not (v + 1 < i1 and _is_name(tokens[v + 1])):
        return None
    content = _content_right(tokens, v, i1)
    if content is None or content[1] - content[0] < 8:
        return None
    if tokens[v].lower in {"told", "tells", "tell"}:
        # "X told Reuters (that) ...": the addressee is no part of the content
        j = v + 1
        while j < i1 and tokens[j].text[0].isalnum() and tokens[j].lower != "that" and j - v < 6:
            j += 1
        if j < i1 and tokens[j].lower == "that":
            content = _strip(tokens, j + 1, i1)
            if content is None:
                return None
    return _attribution(tokens, v, source, spans_of(content))
