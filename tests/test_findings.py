"""A check's detail in words: any detail, however shaped, gives text (a reader's SQL can put anything there)."""

import json

import pytest

from nianbao.publish.findings import finding_text

EQUATION = {"rule": "requests_balance", "where": "total", "left": 9, "right": 7}
IN_WORDS = "列“总计”：新收+上年结转=9，办理结果总计+结转下年度=7"


def test_an_equation_is_said_in_words():
    assert finding_text("requests_balance", json.dumps([EQUATION])) == IN_WORDS
    assert finding_text("requests_balance", json.dumps(EQUATION)) == IN_WORDS  # one equation, not in a list
    assert finding_text("no_such_rule", json.dumps([EQUATION])) == "“total”：9 ≠ 7"


@pytest.mark.parametrize("detail", [
    "5", "-1.5", "1e999", "NaN", "null", "true", '"text"', "[]", "{}", "[1, 2]", '["a"]', "[[9, 7]]",
    '[{"left": 9}]', '{"where": "total"}', json.dumps([EQUATION, 5]), json.dumps([EQUATION, {"a": 1}]),
    "{not json", "[{", "年报未列出", "[" * 100_000,
])
def test_a_detail_of_any_other_shape_is_given_as_it_is(detail):
    assert finding_text("requests_balance", detail) == detail


@pytest.mark.parametrize("detail, text", [(5, "5"), (1.5, "1.5"), (b"[1]", "[1]"), (None, ""), ("", "")])
def test_a_detail_that_is_not_text_is_given_as_text(detail, text):
    assert finding_text("requests_balance", detail) == text


@pytest.mark.parametrize("rule", [None, 5, "", b"requests_balance"])
def test_any_rule_gives_text(rule):
    assert finding_text(rule, json.dumps([EQUATION])) == "“total”：9 ≠ 7"
