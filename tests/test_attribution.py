"""Attribution relations (issue 16): brat standoff, the rules, the shipped tagger, the finder API."""

from __future__ import annotations

import time

import pytest

from newsaudit.claims import rules
from newsaudit.claims.brat import Attribution, Span, read_ann, spans_of, write_ann
from newsaudit.claims.finder import find_attributions
from tests.conftest import require_shared_data

QUOTE = "“We will not back down,” said Army Colonel Ryan Dillon."
INDIRECT = "Major-General Igor Konashenkov said in a statement that the strikes had hit 20 targets."
ANONYMOUS = "A U.S. military official, speaking on condition of anonymity, said the convoy was hit."
ACCORDING = "According to the ministry, 100 people died."
NESTED = "“He told me, ‘Don’t go there,’ and I didn’t,” the witness said."
NOTHING = "The weather was fine on Tuesday and the market rose by two percent."


def roles(a: Attribution, text: str) -> tuple[str | None, str | None, str | None]:
    return a.text("source", text), a.text("cue", text), a.text("content", text)


def only(found: list[Attribution]) -> Attribution:
    assert len(found) == 1, found
    return found[0]


# -- brat -------------------------------------------------------------------------------------------

TEXT = "Smith said the vote, he says, was   held. Well, it is, it is thought."
_V, _W = TEXT.index("the vote"), TEXT.index("was   held")
_C, _Q = TEXT.index("it is,"), TEXT.index("is thought")
ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    f"T3\tContent {_V} {_V + 8};{_W} {_W + 10}\tthe vote was held\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    f"T5\tCue {_Q} {_Q + 10}\tis thought\n"
    f"T6\tContent {_C} {_C + 5}\tit is\n"
    f"T7\tAttribution-no-source {_Q} {_Q + 10}\tis thought\n"
    "E2\tAttribution-no-source:T7 Content:T6 Cue:T5\n"
    "#1\tAnnotatorNotes T1\ta note\n"
    "T8\tDiscuss 0 3\tSmi\n"
)


def test_read_ann_roles_and_discontinuous_spans():
    found = read_ann(ANN)
    assert len(found) == 2
    first, second = found
    assert first.source == (Span(0, 5),)
    assert first.cue == (Span(6, 10),)
    assert first.content == (Span(_V, _V + 8), Span(_W, _W + 10))
    assert first.extent("content") == Span(_V, _W + 10)
    assert first.text("content", TEXT) == "the vote was   held"
    assert second.source is None and second.cue == (Span(_Q, _Q + 10),)
    assert second.text("cue", TEXT) == "is thought"


def test_brat_round_trip():
    found = read_ann(ANN)
    written = write_ann(found, TEXT)
    assert read_ann(written) == found
    assert "Attribution-no-source" in written
    assert f"T3\tContent {_V} {_V + 8};{_W} {_W + 10}\tthe vote was   held\n" in written
    assert "E2\tAttribution-no-source:T7 Content:T6 Cue:T5\n" in written
    # rules output round-trips too, with the spans' words on each line
    text = f"{QUOTE}\n{INDIRECT}"
    ours = rules.find_attributions(text)
    assert ours and read_ann(write_ann(ours, text)) == ours


def test_read_ann_from_path(tmp_path):
    path = tmp_path / "a_x1.ann"
    path.write_text(ANN, encoding="utf-8")
    assert read_ann(path) == read_ann(str(path)) == read_ann(ANN)


def test_spans_of_merges_and_sorts():
    assert spans_of((5, 8), (0, 2), (2, 4)) == (Span(0, 4), Span(5, 8))
    with pytest.raises(ValueError):
        Span(5, 2)


# -- rules ------------------------------------------------------------------------------------------


def test_rules_quote_then_said_speaker():
    a = only(rules.find_attributions(QUOTE))
    source, cue, content = roles(a, QUOTE)
    assert (source, cue) == ("Army Colonel Ryan Dillon", "said")
    assert content is not None and "We will not back down" in content and content.startswith("“")


def test_rules_said_in_a_statement_that():
    a = only(rules.find_attributions(INDIRECT))
    assert roles(a, INDIRECT) == ("Major-General Igor Konashenkov", "said", "the strikes had hit 20 targets")


def test_rules_skip_the_parenthetical():
    a = only(rules.find_attributions(ANONYMOUS))
    assert roles(a, ANONYMOUS) == ("A U.S. military official", "said", "the convoy was hit")


def test_rules_according_to_both_orders():
    a = only(rules.find_attributions(ACCORDING))
    assert roles(a, ACCORDING) == ("the ministry", "According to", "100 people died")
    text = "100 people died, according to the ministry."
    assert roles(only(rules.find_attributions(text)), text) == ("the ministry", "according to", "100 people died")


def test_rules_nested_quote_is_one_content():
    a = only(rules.find_attributions(NESTED))
    source, cue, content = roles(a, NESTED)
    assert (source, cue) == ("the witness", "said")
    assert content == "“He told me, ‘Don’t go there,’ and I didn’t,”"


def test_rules_broken_quote_and_trailing_attribution():
    text = "“The strikes,” he said, “hit 20 targets.”"
    a = only(rules.find_attributions(text))
    assert a.content is not None and len(a.content) == 2
    assert roles(a, text)[:2] == ("he", "said")
    text = "The convoy was hit, officials said."
    assert roles(only(rules.find_attributions(text)), text) == ("officials", "said", "The convoy was hit")


def test_rules_multi_paragraph_quote():
    text = "“This is the first paragraph of a long quote.\n\n“And this is the second,” Smith added."
    a = only(rules.find_attributions(text))
    assert roles(a, text)[:2] == ("Smith", "added")
    assert a.content is not None and a.content[0].start == 0 and text[a.content[-1].end - 1] == "”"


def test_rules_other_quotation_marks():
    text = 'He said: "The plan is dead and buried." Then he left.'
    a = only(rules.find_attributions(text))
    assert roles(a, text) == ("He", "said", '"The plan is dead and buried."')
    text = "«We will never give in», the minister said."
    assert roles(only(rules.find_attributions(text)), text) == ("the minister", "said", "«We will never give in»")
    quotes = rules.find_quotes("«Nous ne céderons pas», a-t-il dit, et ‘nested’ isn’t.")
    assert (quotes[0].start, quotes[0].end) == (0, 22)


def test_rules_no_attribution():
    assert rules.find_attributions(NOTHING) == []
    assert find_attributions(NOTHING, method="rules") == []


def test_offsets_point_into_the_whole_text():
    prefix = "Intro paragraph with nothing.\n\n"
    text = prefix + INDIRECT + "\n\nTrailing words, none of them reported."
    for method in ("rules", "model"):
        found = find_attributions(text, len(prefix), len(prefix) + len(INDIRECT), method=method)
        assert found, method
        a = found[0]
        assert a.cue is not None and text[a.cue[0].start : a.cue[0].end].startswith("said")  # the model: "said in a
        # statement", as PolNeAR's annotators often mark it
        assert (a.text("source", text), (a.text("content", text) or "").removeprefix("that ")) == (
            "Major-General Igor Konashenkov",
            "the strikes had hit 20 targets",
        ), method
        assert all(len(prefix) <= s.start and s.end <= len(prefix) + len(INDIRECT) for s in a.cue)
    assert find_attributions(text, 0, len(prefix)) == []
    with pytest.raises(ValueError):
        find_attributions(text, method="oracle")


# -- the shipped model ------------------------------------------------------------------------------


def test_model_artifact_loads_and_finds_the_first_two():
    from newsaudit.models.attribution_model import ARTIFACT_NAME, artifact_exists, default_model

    assert artifact_exists(), f"{ARTIFACT_NAME} is not shipped"
    model = default_model()
    assert model.meta["artifact"] == ARTIFACT_NAME and model.lexicon
    a = only(find_attributions(QUOTE, method="model"))
    source, cue, content = roles(a, QUOTE)
    assert cue == "said" and source is not None and "Dillon" in source
    assert content is not None and "We will not back down" in content
    found = find_attributions(INDIRECT, method="model")
    a = next(x for x in found if x.text("cue", INDIRECT) and "said" in (x.text("cue", INDIRECT) or ""))
    source, _, content = roles(a, INDIRECT)
    assert source is not None and "Konashenkov" in source
    assert content is not None and "the strikes had hit 20 targets" in content


def test_model_sorted_by_cue_and_fast():
    text = " ".join([QUOTE, INDIRECT, ANONYMOUS, ACCORDING, NOTHING] * 1)
    article = "\n\n".join([text] * 16)  # about 1,000 words
    find_attributions(article)  # load once
    t0 = time.perf_counter()
    found = find_attributions(article)
    elapsed = time.perf_counter() - t0
    starts = [a.anchor for a in found]
    assert starts == sorted(starts) and len(found) >= 16
    assert elapsed < 0.5, f"{elapsed * 1000:.0f} ms for ~1,000 words"


# -- data (skipped without ../shared/data) ------------------------------------------------------------


def test_polnear_loading_folds_and_tags():
    require_shared_data("polnear", "data", "train")
    from newsaudit.training.polnear_data import TAGS, article_tokens, fold_of, load_articles, token_tags

    with pytest.raises(ValueError):
        load_articles(require_shared_data(), splits=("test",))
    articles = load_articles(require_shared_data(), splits=("dev",))
    assert len(articles) == 84 and len({a.id for a in articles}) == 84
    assert {a.fold for a in articles} == set(range(5))
    assert fold_of(articles[0].id) == articles[0].fold  # deterministic
    a = articles[0]
    tags = token_tags(article_tokens(a), a.attributions)
    assert set(tags) <= set(TAGS) and "B-CUE" in tags
    # every I- follows its own B- or I-
    for prev, tag in zip(["O", *tags], tags, strict=False):
        if tag.startswith("I-"):
            assert prev[2:] == tag[2:]
    # gold cues point at words
    for attribution in a.attributions[:20]:
        if attribution.cue:
            assert a.text[attribution.cue[0].start : attribution.cue[0].end].strip()
