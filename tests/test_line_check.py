"""The features and model of the anatomy stage's learned line check."""

from __future__ import annotations

import math

from newsaudit.anatomy.line_features import covering_types, line_features
from newsaudit.anatomy.lines import split_lines
from newsaudit.models.anatomy_lines import LineModel, line_model

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


def test_covering_types_take_the_block_that_covers_most_of_a_line():
    text = "MOSCOW (Reuters) - Russia warned on Tuesday that it would respond."
    lines = split_lines(text)
    assert covering_types(lines, [(0, len(text), "paragraph"), (0, 16, "dateline")]) == ["paragraph"]


def test_the_model_is_a_probability_and_names_its_reasons():
    model = LineModel({"short": 2.0, "after_story": 1.0, "prose": -3.0}, intercept=-1.0, threshold=0.85)
    furniture = {"short": 1.0, "after_story": 1.0}
    assert model.probability(furniture) == 1 / (1 + math.exp(-2.0))
    assert model.why(furniture) == "a short line, below the story's prose"
    assert model.probability({"prose": 1.0}) < 0.05


def test_the_shipped_model_loads_and_tells_a_menu_item_from_prose():
    model = line_model()
    assert 0.5 < model.threshold < 1.0
    text = "\n".join((PROSE, PROSE, PROSE, "Home", "Contact", "About us", "Privacy"))
    lines = [line for line in split_lines(text) if not line.blank]
    rows = line_features(lines, ["paragraph"] * len(lines))
    assert model.probability(rows[-1]) > model.probability(rows[1])


def test_word_features_weigh_a_line_s_words_equally_and_name_them_in_a_reason():
    rows = line_features([line for line in split_lines("Send Me The Guide") if not line.blank], ["paragraph"])
    words = {name: value for name, value in rows[0].items() if name.startswith("w:")}
    # function words ("the") are left to the shape features
    assert set(words) == {"w:send", "w:me", "w:guide"} and all(v == 1 / math.sqrt(3) for v in words.values())
    model = LineModel({"w:guide": 3.0, "short": 0.5}, intercept=-1.0, threshold=0.85)
    assert model.why(rows[0]).startswith("the word 'guide'")


def test_the_shipped_model_reads_furniture_words_on_a_line_below_the_story():
    model = line_model()
    text = "\n".join((PROSE, PROSE, PROSE, "Get our free guide when you subscribe to the newsletter today"))
    lines = [line for line in split_lines(text) if not line.blank]
    rows = line_features(lines, ["paragraph"] * len(lines))
    plain = dict(rows[-1])
    for name in [n for n in plain if n.startswith("w:")]:
        del plain[name]
    assert model.probability(rows[-1]) > model.probability(plain)
