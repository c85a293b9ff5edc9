"""Arbitrary HTML and text never crash the parser: it returns a report, however empty; mutated report files of every
format give `nianbao parse` one JSON line each and nothing else on stdout."""

import io
import json
import random
import subprocess
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.parse_fuzz import fuzz, mutated, seeds
from nianbao.extract.documents.office import soffice
from nianbao.extract.report import parse_html_report, parse_text_report
from tests.conftest import installed
from tests.layouts import LAYOUTS, specs

# A bounded sample for the suite, a few of each format; `python -m benchmarks.parse_fuzz` runs 10,000.
FUZZ_INPUTS = 120
FUZZ_SEED = 21
# Where a central directory entry keeps the version needed to extract, and one past what zipfile reads (6.3).
ZIP_EXTRACT_VERSION = 6
UNKNOWN_ZIP_VERSION = 219

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


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory) -> dict[str, list[bytes]]:
    """The fixture files by suffix, and XLS files LibreOffice writes from the XLSX ones."""
    installed(soffice(), "LibreOffice", "apt-get install libreoffice-calc")
    return seeds(tmp_path_factory.mktemp("xls"))


def test_mutated_files_of_every_format_give_one_json_line_each_and_no_traceback(seed_files, tmp_path):
    inputs = list(mutated(seed_files, FUZZ_INPUTS, FUZZ_SEED))
    assert {suffix for suffix, _ in inputs} == {".html", ".txt", ".pdf", ".docx", ".xlsx", ".xls"}
    tally = fuzz(inputs, tmp_path)
    assert tally.inputs == FUZZ_INPUTS
    mishandled = {"tracebacks": tally.tracebacks, "parser errors": tally.parser_errors, "not JSON": tally.not_json,
                  "wrong exit status": tally.wrong_status, "crashes": tally.crashes, "hangs": tally.hangs}
    assert not any(mishandled.values()), (mishandled, tally.examples)
    # The mutations bite: some files are refused with a reason, others still parse.
    assert 0 < tally.refused < FUZZ_INPUTS


def test_what_libraries_print_while_parsing_goes_to_stderr_even_from_c_code():
    code = ("import os, sys\nfrom extract.files import stdout_to_stderr\nwith stdout_to_stderr():\n"
            "    print('python')\n    os.write(1, b'c code\\n')\nprint('json')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "json\n" and result.stderr == "python\nc code\n"


def test_a_zip_of_a_version_zipfile_cannot_read_is_refused_not_a_parser_error(tmp_path):
    # Found by benchmarks/parse_fuzz.py: zipfile raises NotImplementedError listing such a directory.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", b"<w:document/>")
    body = bytearray(out.getvalue())
    body[body.rfind(b"PK\x01\x02") + ZIP_EXTRACT_VERSION] = UNKNOWN_ZIP_VERSION
    path = tmp_path / "report.docx"
    path.write_bytes(bytes(body))
    result = subprocess.run([sys.executable, "-m", "nianbao", "parse", str(path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"] == "not a DOCX file: its bytes are of no document format"
