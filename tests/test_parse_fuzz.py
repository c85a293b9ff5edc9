"""Arbitrary HTML and text never crash the parser: it returns a report, however empty."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.report import parse_html_report, parse_text_report
from tests.layouts import LAYOUTS, specs

# Characters reports are made of, so fuzzing reaches the table reader and not just the tokenizer.
REPORT_ALPHABET = st.sampled_from(list("0123456789０１２|/-—无增减+−.,，（）()、一二三四五六七八九十\t\n 　万元条件"
                                       "本年新收上结转予以公开部分总计行政复议诉讼规章统计指标单位其他处理<>&;\"'"))
TAGS = ("table", "tr", "td", "th", "p", "div", "span", "br", "tbody", "script", "style", "b", "font")


@st.composite
def html_documents(draw) -> str:
    """Random nesting of table and text tags with junk spans and report-like text."""
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.integers(0, 3))
        attrs = draw(st.sampled_from(("", ' rowspan="0"', ' colspan="-3"', ' rowspan="99999"', ' colspan="x"',
                                      ' class="TRS_Editor"', ' id="zoom"')))
        text = draw(st.text(REPORT_ALPHABET, max_size=12))
        parts.append(f"<{tag}{attrs}>{text}" if kind else f"</{tag}>{text}")
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(REPORT_ALPHABET, max_size=400))
def test_any_text_parses(text):
    report = parse_text_report(text)
    assert report.meta.template in ("2021", "2019", "legacy", "none")
    assert all(c["value"] is None or isinstance(c["value"], int | float) for c in report.statistics.cells)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=html_documents())
def test_any_html_parses(html):
    report = parse_html_report(html)
    assert set(report.statistics.checks) >= {"requests_balance", "appeals_sum"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_any_unicode_parses(text):
    parse_text_report(text)
    parse_html_report(text)


@settings(max_examples=100, deadline=None)
@given(spec=specs(), seed=st.integers(0, 2**32), cut=st.floats(0, 1), junk=st.text(REPORT_ALPHABET, max_size=40))
def test_truncated_and_corrupted_reports_parse(spec, seed, cut, junk):
    rng = random.Random(seed)
    document = LAYOUTS[rng.choice(sorted(LAYOUTS))](spec, rng)
    position = int(len(document) * cut)
    broken = document[:position] + junk + document[position:][: rng.randint(0, 500)]
    parse_text_report(broken)
    parse_html_report(broken)


def test_deeply_nested_html_parses():
    parse_html_report("<div>" * 5000 + "<table><tr><td>1</td></tr></table>" + "</div>" * 5000)
    parse_html_report("<table><tr><td>" * 300 + "本年新收" + "</td></tr></table>" * 300)
