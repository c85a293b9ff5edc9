"""What the parser must read exactly: number forms, split digits, label variants, metadata sources."""

import json
import subprocess
import sys

import pytest

from nianbao.extract.keys import REQUEST_ROW_LABELS
from nianbao.extract.numbers import Number, parse_number, split_digits
from nianbao.extract.report import parse_html_report, parse_text_report
from tests.conftest import nianbao
from tests.saved_pages import FILES

# A requests table is recognised by its structure: its applicant columns and its numbered rows together.
REQUEST_HEAD = "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
PDF_HEAD = REQUEST_HEAD + "一、本年新收政府信息公开申请数量 15 0 0 0 0 0 15\n"


@pytest.mark.parametrize("raw, number", [
    ("１２３", Number(123, None)), ("1,234", Number(1234, None)), ("1，234", Number(1234, None)),
    ("增52", Number(52, None)), ("减37", Number(-37, None)), ("+11", Number(11, None)), ("-8", Number(-8, None)),
    ("−8", Number(-8, None)), ("增加3", Number(3, None)), ("1553.91万元", Number(1553.91, "万元")),
    ("176,252,079.43", Number(176252079.43, None)), (" 0 ", Number(0, None)), ("0.00", Number(0.0, None)),
])
def test_number_forms(raw, number):
    assert parse_number(raw) == number


@pytest.mark.parametrize("raw", ["", "/", "-", "—", "——", "无", "N/A", "／", "\u00a0", "1 0", "3月", "约5"])
def test_null_markers_and_words_are_never_numbers(raw):
    assert parse_number(raw) is None


def test_split_digits_are_only_candidates():
    assert split_digits("1 0") == 10 and split_digits("1\u00a01") == 11 and split_digits("10") is None


def _requests_html(partial_natural: str, partial_total: str) -> str:
    """A 2021 requests table whose sums hold when the partial row is 10."""
    others = [label for key, label in REQUEST_ROW_LABELS.items()
              if key not in ("new", "carried_in", "granted", "partial", "total", "carried_forward", "other")]
    rows = [("一、本年新收政府信息公开申请数量", [12, 0, 0, 0, 0, 0, 12]),
            ("二、上年结转政府信息公开申请数量", [0] * 7),
            ("（一）予以公开", [2, 0, 0, 0, 0, 0, 2]),
            ("（二）部分公开", [partial_natural, 0, 0, 0, 0, 0, partial_total])]
    rows += [(label, [0] * 7) for label in others]
    rows += [("（七）总计", [12, 0, 0, 0, 0, 0, 12]), ("四、结转下年度继续办理", [0] * 7)]
    body = "".join(f"<tr><td>{label}</td>{''.join(f'<td>{v}</td>' for v in values)}</tr>" for label, values in rows)
    return f"<html><body><div id='zoom'><p>{REQUEST_HEAD}</p><table>{body}</table></div></body></html>"


def _cell(report, section, row, col):
    (found,) = [c for c in report.statistics.cells if (c["section"], c["row"], c["col"]) == (section, row, col)]
    return found


def test_split_digits_joined_when_row_and_column_sums_confirm():
    report = parse_html_report(_requests_html("1&nbsp;0", "1 0"))
    assert _cell(report, "requests", "partial", "natural_person")["value"] == 10
    assert [(r["row"], r["col"], r["raw"], r["value"]) for r in report.statistics.repairs] == [
        ("partial", "natural_person", "1 0", 10), ("partial", "total", "1 0", 10)]
    assert report.statistics.checks["requests_row_sum"] == "ok"


def test_split_digits_in_one_bordered_cell_are_one_number_even_where_the_sums_do_not_confirm():
    report = parse_html_report(_requests_html("1 1", "1 1"))  # its row sum holds, its column's does not
    cell = _cell(report, "requests", "partial", "natural_person")
    assert (cell["value"], cell["raw"]) == (11, "1 1")
    assert [(r["col"], r["raw"], r["value"], r["confirmed_by"]) for r in report.statistics.repairs] == [
        (col, "1 1", 11, "one bordered table cell holds one number") for col in ("natural_person", "total")]


def test_split_digits_in_text_without_borders_stay_null_when_the_sums_do_not_confirm():
    text = PDF_HEAD + "（一）予以公开 1 2 3 0 0 0 0 99\n"
    cells = [c for c in parse_text_report(text).statistics.cells if c["row"] == "granted"]
    assert all(c["value"] is None for c in cells)


def test_pdf_row_with_a_split_number_is_joined_by_its_row_sum():
    text = PDF_HEAD + "（一）予以公开 1 2 3 0 0 0 0 15\n（二）部分公开 0 0 0 0 0 0 0\n"
    report = parse_text_report(text)
    assert [_cell(report, "requests", "granted", c)["value"] for c in ("natural_person", "business", "total")] == [
        12, 3, 15]
    assert report.statistics.repairs[0]["raw"] == "1 2"


def test_pdf_row_that_cannot_be_resolved_is_left_null_and_noted():
    report = parse_text_report(PDF_HEAD + "（一）予以公开 1 0 1 0 0 0 0 1 1\n")
    assert all(c["value"] is None for c in report.statistics.cells if c["row"] == "granted")
    assert report.statistics.notes


def test_a_bar_inside_an_html_cell_is_not_a_border():
    html = _requests_html("10", "10").replace("（一）予以公开", "（一）予以公开|全部")
    assert _cell(parse_html_report(html), "requests", "granted", "natural_person")["value"] == 2


def test_full_width_bars_are_cell_borders():
    report = parse_text_report(REQUEST_HEAD + "一、本年新收政府信息公开申请数量｜3｜0｜0｜0｜0｜0｜3\n")
    assert [_cell(report, "requests", "new", c)["value"] for c in ("natural_person", "total")] == [3, 3]


def test_money_unit_from_header_or_cell():
    header = ("第二十条第（九）项 | | |\n信息内容 | 采购项目数量 | 采购总金额（单位：万元） |\n政府集中采购 | 3 | 5.8 |\n"
              "本年新制作数量 本年新公开数量\n")
    assert _cell(parse_text_report(header), "active", "procurement", "amount")["unit"] == "万元"
    cell = "第二十条第（九）项\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 3 | 1553.91万元 |\n对外公开总数量\n"
    found = _cell(parse_text_report(cell), "active", "procurement", "amount")
    assert (found["value"], found["unit"], found["raw"]) == (1553.91, "万元", "1553.91万元")


def test_vertical_headers_and_a_number_row_without_header_read_table_four_by_position():
    numbers = "0 2 1 3 6 3 0 0 4 7 0 0 0 1 1"
    for header in ("行\n政\n复\n议\n结\n果\n维\n持\n总\n计\n", ""):
        text = PDF_HEAD + "（七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1\n四、政府信息公开行政复议、行政诉讼情况\n" + header + numbers
        report = parse_text_report(text + "\n五、存在的主要问题及改进情况\n")
        got = [c["value"] for c in report.statistics.cells if c["section"] == "appeals"]
        assert got == [int(n) for n in numbers.split()]


def _page(title="", labels="", meta="", url="http://www.example.gov.cn/art/x.html", body="") -> str:
    return (f"<html><head><title>{title}</title>{meta}</head><body><div class='xxgk'>{labels}</div>"
            f"<div id='zoom'><p>{body or '本报告根据条例编制，全文包括总体情况、主动公开政府信息情况等。'}</p></div></body></html>")


def test_agency_from_publisher_field_then_title_then_index_prefix():
    labelled = parse_html_report(_page("云溪市教育局2021年政府信息公开工作年度报告", "<p>发布机构：云溪市人民政府办公室</p>"))
    assert labelled.meta.agency == "云溪市人民政府办公室"
    titled = parse_html_report(_page("云溪市教育局2021年政府信息公开工作年度报告"))
    assert titled.meta.agency == "云溪市教育局"
    indexed = parse_html_report(_page("2021年政府信息公开工作年度报告", "<p>索引号：云溪市财政局/2022-00012</p>"))
    assert (indexed.meta.agency, indexed.meta.index_no) == ("云溪市财政局", "云溪市财政局/2022-00012")


@pytest.mark.parametrize("wrap", ["{}", "<span style='font-size:14px'>{}</span>", "<p><strong>{}</strong></p>"])
def test_metadata_table_with_styled_and_spaced_labels_reads_every_field(wrap):
    cells = [("索&nbsp;引&nbsp;号：", "11530100/2022-00012"), ("发 布 机 构：", "云溪市财政局"),
             ("成文日期：", "2022-01-18"), ("发布日期：", "2022-01-20")]
    rows = "".join(f"<tr><td>{wrap.format(label)}</td><td>{wrap.format(value)}</td></tr>" for label, value in cells)
    meta = parse_html_report(_page("2021年政府信息公开工作年度报告", f"<table>{rows}</table>")).meta
    assert (meta.index_no, meta.agency, meta.published) == ("11530100/2022-00012", "云溪市财政局", "2022-01-20")


def test_year_from_title_or_statistics_period_never_the_publish_date():
    period = parse_html_report(_page("某局政府信息公开工作年度报告", meta='<meta name="PubDate" content="2021-01-29">',
                                     body="本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。"))
    assert (period.meta.year, period.meta.published) == (2020, "2021-01-29")
    undated = parse_html_report(_page("某局政府信息公开工作年度报告", meta='<meta name="PubDate" content="2021-01-29">'))
    assert undated.meta.year is None


@pytest.mark.parametrize("labels, meta, url, published", [
    ("", '<meta name="PubDate" content="2021-01-29 09:30">', "http://x.gov.cn/a.html", "2021-01-29"),
    ("<p>发布日期：2022年2月3日</p>", "", "http://x.gov.cn/a.html", "2022-02-03"),
    ("<p>成文日期：2022-01-18</p>", "", "http://x.gov.cn/a.html", "2022-01-18"),
    ("", "", "http://x.gov.cn/zwgk/202101/t20210129_123.html", "2021-01-29"),
    ("", "", "http://x.gov.cn/a.html", None),
])
def test_publish_date_sources(labels, meta, url, published):
    report = parse_html_report(_page("某局2020年政府信息公开工作年度报告", labels, meta), url=url)
    assert report.meta.published == published


def test_parse_command_prints_one_json_line_per_file_and_fails_on_bad_ones(tmp_path):
    good = tmp_path / "jurong.txt"
    good.write_bytes((FILES / "seeds" / "002_f7112daac9ac313c.txt").read_bytes())
    html = tmp_path / "page.html"
    html.write_bytes(_page("云溪市教育局2021年政府信息公开工作年度报告").encode("gbk").replace(
        b"<head>", b'<head><meta charset="gbk">'))
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(b"%PDF-1.4 junk")
    result = nianbao("parse", good, tmp_path / "missing.txt", html, broken)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"] for line in lines] == [str(good), str(tmp_path / "missing.txt"), str(html), str(broken)]
    assert lines[0]["template"] == "2019" and lines[0]["checks"]["requests_balance"] == "failed"
    assert {"section", "row", "col", "value", "value_text", "value_note", "unit", "raw"} == set(lines[0]["cells"][0])
    assert lines[0]["repairs"] and "error" not in lines[0]
    assert "cannot read" in lines[1]["error"]
    assert lines[2]["agency"] == "云溪市教育局" and lines[2]["encoding"] == "gb18030"
    assert lines[3]["error"].startswith("unreadable PDF")


def test_parse_command_links_carry_over_between_years_given_together(tmp_path):
    def report(year, carried_in, carried_forward):
        return (f"云溪市教育局{year}年政府信息公开工作年度报告\n{REQUEST_HEAD}"
                f"一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1\n"
                f"二、上年结转政府信息公开申请数量 | {carried_in} | 0 | 0 | 0 | 0 | 0 | {carried_in}\n"
                f"四、结转下年度继续办理 | {carried_forward} | 0 | 0 | 0 | 0 | 0 | {carried_forward}\n")
    files = []
    for year, carried_in, forward in ((2021, 0, 2), (2022, 2, 1), (2023, 5, 0)):
        path = tmp_path / f"{year}.txt"
        path.write_text(report(year, carried_in, forward), encoding="utf-8")
        files.append(path)
    result = subprocess.run([sys.executable, "-m", "nianbao", "parse", *map(str, files)], capture_output=True,
                            text=True, check=True)
    status = [json.loads(line)["checks"]["carry_over"] for line in result.stdout.splitlines()]
    assert status == ["unknown", "ok", "failed"]
