"""Decoding, report-title rules, chrome trimming, metadata and templates on real seed texts."""

from pathlib import Path

import pytest

from nianbao.extract.chrome import trim_chrome
from nianbao.extract.decode import decode_page
from nianbao.extract.metadata import parse_date, report_year, title_agency, url_date
from nianbao.extract.numbers import parse_number
from nianbao.extract.template import detect_template
from nianbao.extract.titles import is_report_title

SEEDS = Path(__file__).parent / "files" / "seeds"


@pytest.mark.parametrize("title, expected", [
    ("衢州市经济和信息化局2020年度政府信息公开工作年度报告", True),
    ("菏泽市定陶区中小企业局2017年政府信息公开报告", True),
    ("政府信息公开工作年度报告（2020年）", True),
    ("2019年政府信息公开工作年报", True),
    ("关于做好2020年度政府信息公开工作年度报告编制发布工作的通知", False),
    ("图解：2021年政府信息公开工作年度报告", False),
    ("2021年政府信息公开工作年度报告第三方评估报告", False),
    ("关于印发2021年政务公开工作要点的通知", False),
])
def test_report_titles(title, expected):
    assert is_report_title(title) is expected


def test_decode_gbk_labelled_utf8_and_utf8_labelled_gbk():
    text = "<p>行政复议</p>"
    gbk = decode_page(text.encode("gbk"), "text/html; charset=utf-8")
    assert (gbk.text, gbk.encoding, gbk.mislabelled) == (text, "gb18030", True)
    utf8 = decode_page(f'<meta charset="gb2312">{text}'.encode(), None)
    assert (utf8.encoding, utf8.mislabelled) == ("utf-8", True)
    plain = decode_page(text.encode("gbk"), "text/html; charset=GB2312")
    assert (plain.encoding, plain.mislabelled) == ("gb18030", False)


def test_chrome_trim_keeps_report_contact_and_drops_footer_contact():
    text = "\n".join([
        "当前位置：首页 > 政务公开 > 年报", "【字体：大 中 小】 【打印本页】 【关闭窗口】",
        "如对本报告有疑问，请联系：地址：XX路1号，邮编：100000，电话：010-1234。", "一、总体情况", "正文。",
        "联系电话：0571-1234", "相关链接", "XX局2019年政府信息公开工作年度报告",
    ])
    kept, removed = trim_chrome(text + "\n主办单位：XX办公室\n地址：XX路2号 邮编：100001\n浙ICP备05003731号")
    assert kept.splitlines() == ["如对本报告有疑问，请联系：地址：XX路1号，邮编：100000，电话：010-1234。", "一、总体情况",
                                 "正文。", "联系电话：0571-1234"]
    assert "当前位置：首页 > 政务公开 > 年报" in removed


def test_chrome_trim_never_empties_a_body():
    assert trim_chrome("【打印本页】")[0] == "【打印本页】"


def test_dates_skip_index_number_lookalikes():
    assert parse_date("索引号：11330800002618904J/2021-02-00018 成文日期：2021年1月18日") == "2021-01-18"
    assert url_date("http://x.gov.cn/art/2021/1/18/art_1229_58879512.html") == "2021-01-18"
    assert url_date("http://x.gov.cn/a/202103/t20210305_80595.html") == "2021-03-05"
    assert parse_date("2021-02-30") is None


def test_title_agency():
    assert title_agency("2020年衢州市经济和信息化局政府信息公开工作年度报告") == "衢州市经济和信息化局"
    assert title_agency("句容市2019年政府信息公开工作年度报告") == "句容市"
    assert title_agency("2019年政府信息公开工作年度报告") is None


@pytest.mark.parametrize("seed, year, template", [
    ("000_932bc214d58c0477.txt", 2020, "2019"),
    ("001_2c33c93328185bbb.txt", 2017, "legacy"),
    ("002_f7112daac9ac313c.txt", None, "2019"),
])
def test_seed_year_and_template(seed, year, template):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    lines = text.splitlines()
    title = lines[0] if "报告" in lines[0] else None
    assert report_year(title, text) == year
    assert detect_template(text, year) == template


@pytest.mark.parametrize("raw, value, unit", [
    ("增52", 52, None), ("减37", -37, None), ("-8", -8, None), ("+11", 11, None), ("1553.91万元", 1553.91, "万元"),
    ("１２", 12, None), ("1,234", 1234, None), ("176252079.43", 176252079.43, None),
])
def test_numbers(raw, value, unit):
    number = parse_number(raw)
    assert (number.value, number.unit) == (value, unit)


@pytest.mark.parametrize("raw", ["", "/", "-", "—", "无", "N/A", "1 0", "若干"])
def test_null_and_unreadable_cells_are_not_numbers(raw):
    assert parse_number(raw) is None


def test_truncated_list_titles_may_be_reports_but_truncated_notices_are_not():
    from nianbao.extract.titles import may_be_report_title

    assert may_be_report_title("文化和旅游部2022年政府信息公开工作年度…")
    assert not may_be_report_title("关于做好2022年度政府信息公开工作年度报告…")
    assert not may_be_report_title("文化和旅游部2022年部门预算…")


def test_title_from_a_title_block_when_there_is_no_meta_or_heading():
    from nianbao.extract.clean import parse_html
    from nianbao.extract.metadata import page_title

    root = parse_html("<html><head><title>青石县人民政府</title></head><body>"
                      "<div class='art-title'>青石县2020年政府信息公开工作年度报告</div></body></html>")
    assert page_title(root, {}, None) == "青石县2020年政府信息公开工作年度报告"
