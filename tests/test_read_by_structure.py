"""Tables read by structure: any statistics table from its grid, templates by several marks, rows by alignment."""

import pytest

from nianbao.extract.clean import parse_html
from nianbao.extract.grid import html_grid, text_grids
from nianbao.extract.report import parse_html_report, parse_text_report

APPLICANTS = "自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"


def _page(body: str, title: str = "某市商务局2017年政府信息公开工作年度报告") -> str:
    return (f"<html><head><title>{title}</title></head><body><div id='zoom'><p>{title}</p>"
            f"<p>本报告统计时限为2017年1月1日至12月31日。本机关对公开主体、公开内容进行规范。</p>{body}</div></body></html>")


def _cells(report) -> dict:
    return {(c["row"], c["col"]): (c["value"], c["unit"]) for c in report.statistics.cells}


def test_html_grid_expands_rowspan_and_colspan_as_covered_copies():
    table = parse_html("<table><tr><td rowspan='2'>a</td><td colspan='2'>b</td></tr><tr><td>1</td><td>2</td></tr>"
                       "</table>").find(".//table")
    grid = html_grid(table)
    assert [[cell.text for cell in row] for row in grid.rows] == [["a", "b", "b"], ["a", "1", "2"]]
    assert [[cell.covered for cell in row] for row in grid.rows] == [[False, False, True], [True, False, False]]
    assert grid.rows[1][0].number is None and grid.rows[1][1].number.value == 1


def test_html_grid_caps_a_hostile_span():
    table = parse_html("<table><tr><td colspan='2147483647' rowspan='100000000'>x</td></tr></table>").find(".//table")
    grid = html_grid(table)
    assert grid.width <= 60 and len(grid.rows) <= 2000


LEGACY_PERIODS = """<table>
<tr><td rowspan="2">指标名称</td><td rowspan="2">计量单位</td><td colspan="2">数量</td></tr>
<tr><td>2017年度</td><td>历年累计</td></tr>
<tr><td colspan="4"><p><span>一、主动公开情况</span></p></td></tr>
<tr><td>主动公开文件数</td><td>条</td><td>412</td><td>3120</td></tr>
<tr><td>其中：1.政府网站公开数</td><td>条</td><td>400</td><td>3,000</td></tr>
<tr><td colspan="4">二、依申请公开情况</td></tr>
<tr><td>2.同意部分公开答复数</td><td>件</td><td>2</td><td>/</td></tr>
<tr><td>收取费用</td><td>万元</td><td>0.5</td><td></td></tr>
</table>"""


def test_legacy_periods_table_with_a_form_phrase_stays_legacy_with_every_cell():
    report = parse_html_report(_page(LEGACY_PERIODS))
    assert (report.meta.template, report.meta.year) == ("legacy", 2017)
    assert _cells(report) == {
        ("主动公开文件数", "value"): (412, "条"), ("主动公开文件数", "cumulative"): (3120, "条"),
        ("政府网站公开数", "value"): (400, "条"), ("政府网站公开数", "cumulative"): (3000, "条"),
        ("同意部分公开答复数", "value"): (2, "件"), ("同意部分公开答复数", "cumulative"): (None, "件"),
        ("收取费用", "value"): (0.5, "万元"), ("收取费用", "cumulative"): (None, "万元"),
    }
    assert not any(c["section"] == "requests" for c in report.statistics.cells)


BREAKDOWN = """<table>
<tr><td>指标</td><td>单位</td><td>合计</td><td>区政府</td><td>部门</td><td>乡镇（街道）</td></tr>
<tr><td>（一）主动公开政府信息数</td><td>条</td><td>120</td><td>20</td><td>70</td><td>30</td></tr>
<tr><td>（二）受理申请数</td><td>件</td><td>9</td><td>1</td><td>8</td><td>—</td></tr>
</table>"""


def test_breakdown_columns_are_keyed_by_their_headers():
    report = parse_html_report(_page(BREAKDOWN, "某区2016年政府信息公开工作年度报告"))
    assert report.meta.template == "legacy"
    assert _cells(report) == {
        ("主动公开政府信息数", "value"): (120, "条"), ("主动公开政府信息数", "区政府"): (20, "条"),
        ("主动公开政府信息数", "部门"): (70, "条"), ("主动公开政府信息数", "乡镇(街道)"): (30, "条"),
        ("受理申请数", "value"): (9, "件"), ("受理申请数", "区政府"): (1, "件"),
        ("受理申请数", "部门"): (8, "件"), ("受理申请数", "乡镇(街道)"): (None, "件"),
    }


def test_a_table_split_over_two_tables_continues_with_the_first_ones_columns():
    first = ("<table><tr><td>统计指标</td><td>单位</td><td>统计数</td></tr><tr><td>主动公开政府信息数</td><td>条</td>"
             "<td>50</td></tr><tr><td>其中：主动公开规范性文件数</td><td>条</td><td>4</td></tr></table><p>（续表）</p>")
    second = ("<table><tr><td>收到申请数</td><td>件</td><td>6</td></tr><tr><td>申请答复数</td><td>件</td><td>6</td></tr>"
              "</table>")
    report = parse_html_report(_page(first + second, "某县林业局2015年政府信息公开工作年度报告"))
    assert _cells(report) == {("主动公开政府信息数", "value"): (50, "条"), ("主动公开规范性文件数", "value"): (4, "条"),
                              ("收到申请数", "value"): (6, "件"), ("申请答复数", "value"): (6, "件")}


@pytest.mark.parametrize("sep", ["\t", " | "])
def test_a_legacy_table_as_tab_or_pipe_text(sep):
    rows = [["指标名称", "计量单位", "2014年度", "历年累计"], ["一、主动公开政府信息数", "条", "31", "400"],
            ["二、收到申请数", "件", "2", "17"]]
    text = "某镇人民政府2014年政府信息公开工作年度报告\n附表\n" + "\n".join(sep.join(row) for row in rows) + "\n"
    assert len(text_grids(text)) == 1
    report = parse_text_report(text)
    assert report.meta.template == "legacy"
    assert _cells(report) == {("主动公开政府信息数", "value"): (31, "条"), ("主动公开政府信息数", "cumulative"): (400, "条"),
                              ("收到申请数", "value"): (2, "件"), ("收到申请数", "cumulative"): (17, "件")}


def test_one_form_phrase_in_prose_does_not_make_a_form():
    text = "某局2016年政府信息公开工作年度报告\n全年同意部分公开答复数2件，政府集中采购平稳。\n"
    assert parse_text_report(text).meta.template == "none"


REQUEST_ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("（一）予以公开", [2, 1, 0, 0, 0, 0, 3]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
    ("1.属于国家秘密", [0] * 7), ("2.其他法律行政法规禁止公开", [0] * 7), ("3.危及“三安全一稳定”", [0] * 7),
    ("4.保护第三方合法权益", [0] * 7), ("5.属于三类内部事务信息", [0] * 7), ("6.属于四类过程性信息", [0] * 7),
    ("7.属于行政执法案卷", [0] * 7), ("8.属于行政查询事项", [0] * 7),
    ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]), ("2.没有现成信息需要另行制作", [0] * 7),
    ("3.补正后申请内容仍不明确", [0] * 7), ("1.信访举报投诉类申请", [0] * 7), ("2.重复申请", [0] * 7),
    ("3.要求提供公开出版物", [0] * 7), ("4.无正当理由大量反复申请", [0] * 7),
    ("5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("3.其他", [0] * 7), ("（七）总计", [4, 1, 0, 0, 0, 0, 5]), ("四、结转下年度继续办理", [2, 0, 0, 0, 0, 0, 2]),
]
KEYS_2021 = ["new", "carried_in", "granted", "partial", "denied_state_secret", "denied_prohibited",
             "denied_three_safeties", "denied_third_party", "denied_internal", "denied_process", "denied_enforcement",
             "denied_query", "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
             "rejected_complaint", "rejected_repeat", "rejected_publication", "rejected_excessive",
             "rejected_confirmation", "other_no_correction", "other_unpaid_fee", "other_misc", "total",
             "carried_forward"]
GARBLED = {3: "()部分公开区分世的", 9: "6.属于四类过", 12: "1.本机关不", 21: "2.申请人逾期未按收", 16: "行晓中业性表势"}


def _requests_text(labels: dict[int, str], values: dict[int, list] | None = None) -> str:
    lines = ["某市司法局2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", APPLICANTS]
    for index, (label, numbers) in enumerate(REQUEST_ROWS_2021):
        printed = (values or {}).get(index, numbers)
        lines.append(" | ".join([labels.get(index, label), *map(str, printed)]) + " |")
    return "\n".join(lines) + "\n四、政府信息公开行政复议、行政诉讼情况\n"


def test_rows_with_garbled_or_truncated_labels_are_placed_by_order_and_confirmed_by_sums():
    report = parse_text_report(_requests_text(GARBLED))
    assert report.meta.template == "2021"
    got = {(c["row"], c["col"]): c["value"] for c in report.statistics.cells if c["section"] == "requests"}
    want = {(key, col): value for key, (_, numbers) in zip(KEYS_2021, REQUEST_ROWS_2021)
            for col, value in zip(("natural_person", "business", "research", "social_org", "legal_service",
                                   "other_org", "total"), numbers)}
    assert got == want
    by_position = {p["row"]: p for p in report.statistics.placements if p["by"] == "position"}
    assert set(by_position) == {"denied_process", "unavailable_not_held", "rejected_repeat", "other_unpaid_fee"}
    assert by_position["unavailable_not_held"]["sums"] == "ok"
    assert report.statistics.checks["requests_outcomes"] == "ok"


def test_ocr_lookalikes_become_digits_only_where_a_sum_confirms():
    misread = {2: ["2", "l", "0", "O", "0", "0", "3"], 12: ["l", "0", "0", "0", "0", "0", "l"]}
    report = parse_text_report(_requests_text({}, misread))
    values = {(c["row"], c["col"]): c["value"] for c in report.statistics.cells}
    assert values[("granted", "business")] == 1 and values[("granted", "social_org")] == 0
    assert values[("unavailable_not_held", "natural_person")] == 1 and values[("unavailable_not_held", "total")] == 1
    repairs = {(r["row"], r["col"]): (r["raw"], r["value"], r["confirmed_by"]) for r in report.statistics.repairs}
    assert repairs[("granted", "business")] == ("l", 1, "row and column sums")
    assert repairs[("granted", "social_org")][:2] == ("O", 0)
    assert report.statistics.checks["requests_row_sum"] == "ok"


def test_a_lookalike_no_sum_can_prove_stays_null_with_its_raw_text():
    misread = {2: ["2", "S", "0", "0", "0", "0", "3"]}
    report = parse_text_report(_requests_text({}, misread))
    cell = next(c for c in report.statistics.cells if (c["row"], c["col"]) == ("granted", "business"))
    assert (cell["value"], cell["raw"]) == (None, "S")


ACTIVE_2021 = """某县交通运输局2022年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 | | | |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 3 | 1 | 12 |
第二十条第（五）项 | | | |
信息内容 | 本年处理决定数量 | | |
行攻许可 | 57 | | |
行政处罚 | 120 | | |
行玫强制 | 4 | | |
三、收到和处理政府信息公开申请情况
""" + APPLICANTS + "\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n办理时共涉及 58 99 77 66 55 44 33 件。\n"


def test_garbled_active_rows_are_placed_between_named_rows_and_prose_numbers_are_not():
    report = parse_text_report(ACTIVE_2021)
    active = {(c["row"], c["col"]): c["value"] for c in report.statistics.cells if c["section"] == "active"}
    assert active[("licensing", "decisions")] == 57 and active[("coercion", "decisions")] == 4
    assert {p["row"] for p in report.statistics.placements if p["by"] == "position"} >= {"licensing", "coercion"}
    placed = {c["row"] for c in report.statistics.cells if c["section"] == "requests"}
    assert placed == {"new"}


def test_table_three_whose_labels_ocr_garbled_is_known_by_its_shape():
    rows = "".join(f"行晓中业性表势{i} | {i} | 0 | 0 | 0 | 0 | 0 | {i} |\n" for i in range(14))
    assert parse_text_report("某县2022年政府信息公开工作年度报告\n" + rows).meta.template == "2021"
    # Without the year, or with a few such rows, it is only some statistics table.
    assert parse_text_report("某县政府信息公开工作年度报告\n" + rows).meta.template == "legacy"
    assert parse_text_report("某县2022年政府信息公开工作年度报告\n" + rows[:200]).meta.template == "legacy"
