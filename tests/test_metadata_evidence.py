"""The agency is a body's name read from labels, titles and codes that agree; never a phrase from the prose."""

import json
from pathlib import Path

import pytest

from nianbao.extract.agency import choose_agency, has_organ_suffix, organisation_name
from nianbao.extract.documents.formats import sniff
from nianbao.extract.documents.layout import Document
from nianbao.extract.documents.read import read_document
from nianbao.extract.metadata import labelled_fields, text_title, title_agency
from nianbao.extract.report import parse_document, parse_html_report, parse_text_report

# Reports written by a helper who never read the parser, each with its hand-checked X.expected.json.
BLIND = Path(__file__).parent / "files" / "blind-reports"
BLIND_EXPECTED = sorted(BLIND.glob("*.expected.json"))

TITLE = "云溪市财政局2021年政府信息公开工作年度报告"
UNNAMED_TITLE = "2021年政府信息公开工作年度报告"
PROSE = ("<p>2021年，我局对公开主体、公开渠道和载体、公开对象和公开方式等要素进行标准化规范,并通过网站向社会公开。</p>"
         "<p>落实责任主体，明确发布单位审核责任，信息的发布单位：由办公室统一审核后发布。</p>"
         "<p>公开主体方面，各科室为本机构信息的发布机构，统一由办公室报送。</p>")


def page(title: str = TITLE, labels: str = "", body: str = PROSE, head: str = "") -> str:
    """A detail page: <title>, an optional metadata block, and a #zoom body."""
    return (f"<html><head><title>{title}</title>{head}</head><body><div class='xxgk'>{labels}</div>"
            f"<div id='zoom'>{body}</div></body></html>")


def test_without_a_publisher_field_the_prose_names_no_agency_and_the_title_does():
    meta = parse_html_report(page()).meta
    assert meta.agency == "云溪市财政局"
    assert meta.title == TITLE
    assert meta.year == 2021
    assert meta.agency_code is None


def test_prose_full_of_publisher_words_gives_no_agency_at_all():
    meta = parse_html_report(page(UNNAMED_TITLE)).meta
    assert meta.agency is None
    assert labelled_fields("对公开主体、公开渠道和载体等要素进行规范。\n落实责任主体，信息的发布单位：由办公室审核。") == {}


def test_the_registry_agency_is_the_last_resort():
    meta = parse_html_report(page(UNNAMED_TITLE), portal_agency="云溪市人民政府").meta
    assert meta.agency == "云溪市人民政府"


@pytest.mark.parametrize("labels", [
    "<p>发 布 机 构：云溪市卫生健康委员会</p>",
    "<p>发&nbsp;布&nbsp;机&nbsp;构：&nbsp;云溪市卫生健康委员会&nbsp;&nbsp;发布日期：2022-01-20</p>",
    "<table><tr><td>发布机构</td><td>云溪市卫生健康委员会</td><td>发布日期</td><td>2022-01-20</td></tr></table>",
    "<table><tr><td><p><span>发布</span></p><p><span>机构：</span></p></td><td><span>云溪市卫生健康委员会</span></td>"
    "</tr></table>",
    "<table><tr><td>索引号：</td><td>11530100MB0000000X/2022-00012</td></tr>"
    "<tr><td>发文单位：</td><td>云溪市卫生健康委员会</td></tr></table>",
])
def test_a_spaced_or_cell_label_gives_its_value(labels):
    meta = parse_html_report(page(UNNAMED_TITLE, labels)).meta
    assert meta.agency == "云溪市卫生健康委员会"
    assert meta.year == 2021


def test_a_label_cell_and_its_value_cell_give_each_field():
    labels = ("<table><tr><td>索引号</td><td>11530100MB0000000X/2022-00012</td><td>发布机构</td><td>云溪市财政局</td></tr>"
              "<tr><td>成文日期</td><td>2022-01-18</td><td>发布日期</td><td>2022-01-20</td></tr></table>")
    meta = parse_html_report(page(UNNAMED_TITLE, labels, "<p>正文。</p>")).meta
    assert meta.agency == "云溪市财政局"
    assert meta.index_no == "11530100MB0000000X/2022-00012"
    assert meta.agency_code == "11530100MB0000000X"
    assert meta.published == "2022-01-20"


def test_a_publisher_value_that_is_a_sentence_is_refused_for_the_title():
    labels = "<p>发布机构：本机关办公室负责信息发布，各科室配合。</p>"
    meta = parse_html_report(page(labels=labels)).meta
    assert meta.agency == "云溪市财政局"
    assert labelled_fields("发布机构：本机关办公室负责信息发布，各科室配合。") == {}


def test_a_publisher_value_running_into_an_unknown_label_keeps_the_name():
    assert labelled_fields("发布机构：云溪市财政局 主题词：财政") == {"agency": "云溪市财政局"}


def test_index_number_with_a_credit_code_prefix_is_a_code_not_an_agency():
    meta = parse_html_report(page(UNNAMED_TITLE, "<p>索引号：11530100MB0000000X/2022-00012</p>")).meta
    assert meta.index_no == "11530100MB0000000X/2022-00012"
    assert meta.agency_code == "11530100MB0000000X"
    assert meta.agency is None


def test_index_number_with_a_name_prefix_names_the_agency():
    meta = parse_html_report(page(UNNAMED_TITLE, "<p>索引号：云溪市财政局/2022-00012</p>")).meta
    assert meta.index_no == "云溪市财政局/2022-00012"
    assert meta.agency_code is None
    assert meta.agency == "云溪市财政局"


def test_the_publisher_field_outweighs_a_lone_title_but_not_a_title_and_code_that_agree():
    field = "<p>发布机构：云溪市人民政府办公室</p>"
    assert parse_html_report(page(labels=field)).meta.agency == "云溪市人民政府办公室"
    both = field + "<p>索引号：云溪市财政局/2022-00012</p>"
    assert parse_html_report(page(labels=both)).meta.agency == "云溪市财政局"


def test_content_source_counts_only_when_it_reads_as_a_body():
    site = '<meta name="ContentSource" content="本网">'
    assert parse_html_report(page(UNNAMED_TITLE, head=site)).meta.agency is None
    bureau = '<meta name="ContentSource" content="云溪市财政局">'
    assert parse_html_report(page(UNNAMED_TITLE, head=bureau)).meta.agency == "云溪市财政局"


@pytest.mark.parametrize("first_lines, title, agency, year", [
    ("菏泽市定陶区中小企业局2017年政府信息公开工作年度报告", "菏泽市定陶区中小企业局2017年政府信息公开工作年度报告",
     "菏泽市定陶区中小企业局", 2017),
    ("\ufeff\n  菏泽市定陶区中小企业局 2017 年政府信息公开工作年度报告", "菏泽市定陶区中小企业局 2017 年政府信息公开工作年度报告",
     "菏泽市定陶区中小企业局", 2017),
    ("关于菏泽市定陶区中小企业局2017年度政府信息公开工作的报告", "关于菏泽市定陶区中小企业局2017年度政府信息公开工作的报告",
     "菏泽市定陶区中小企业局", 2017),
    ("2017年度菏泽市定陶区中小企业局政府信息公开工作年度报告", "2017年度菏泽市定陶区中小企业局政府信息公开工作年度报告",
     "菏泽市定陶区中小企业局", 2017),
    ("菏泽市定陶区中小企业局政府信息公开工作年度报告（2017年）", "菏泽市定陶区中小企业局政府信息公开工作年度报告（2017年）",
     "菏泽市定陶区中小企业局", 2017),
    ("菏泽市定陶区中小企业局\n2017年政府信息公开工作年度报告", "菏泽市定陶区中小企业局2017年政府信息公开工作年度报告",
     "菏泽市定陶区中小企业局", 2017),
    ("云 溪 市 财 政 局 2 0 2 1 年 政 府 信 息 公 开 工 作 年 度 报 告", TITLE, "云溪市财政局", 2021),
    ("云溪市财政局二〇二一年政府信息公开工作年度报告", "云溪市财政局二〇二一年政府信息公开工作年度报告", "云溪市财政局", 2021),
    (TITLE + " 根据《中华人民共和国政府信息公开条例》规定，编制本报告。", TITLE, "云溪市财政局", 2021),
    ("附件1：" + TITLE, TITLE, "云溪市财政局", 2021),
])
def test_a_text_opening_with_its_title_gives_agency_and_year(first_lines, title, agency, year):
    meta = parse_text_report(first_lines + "\n一、总体情况\n本年度，我局认真落实公开主体责任。\n").meta
    assert meta.title == title
    assert meta.agency == agency
    assert meta.year == year


def test_a_document_opening_with_its_title_gives_agency_and_year():
    document = Document("pdf", "附件1\n菏泽市定陶区中小企业局2017年政府信息公开工作年度报告\n一、概述\n正文。")
    meta = parse_document(document).meta
    assert meta.title == "菏泽市定陶区中小企业局2017年政府信息公开工作年度报告"
    assert meta.agency == "菏泽市定陶区中小企业局"
    assert meta.year == 2017


def test_an_opening_sentence_is_not_a_title():
    assert text_title("现将我局2021年政府信息公开工作年度报告公布如下：\n正文") is None
    assert text_title("根据条例，现公布云溪市2021年政府信息公开工作年度报告。" * 3) is None


def test_listing_title_and_date_that_disagree_are_recorded_and_the_page_kept():
    head = '<meta name="PubDate" content="2022-01-20 09:30">'
    report = parse_html_report(page(head=head), listing_title="云溪市财政局2020年政府信息公开工作年度报告",
                               listing_date="2022-01-25")
    meta = report.meta
    assert meta.title == TITLE
    assert meta.year == 2021
    assert meta.published == "2022-01-20"
    assert meta.listing_differs == {"title": "云溪市财政局2020年政府信息公开工作年度报告", "published": "2022-01-25"}
    assert report.as_json()["listing_differs"] == meta.listing_differs


def test_a_listing_that_agrees_or_only_cuts_the_title_short_records_nothing():
    head = '<meta name="PubDate" content="2022-01-20 09:30">'
    cut = parse_html_report(page(head=head), listing_title="云溪市财政局2021年政府信息公开…", listing_date="2022年1月20日")
    assert cut.meta.listing_differs == {}
    assert (cut.meta.title, cut.meta.published) == (TITLE, "2022-01-20")


def test_a_page_that_states_no_date_takes_the_listings_without_a_record():
    meta = parse_html_report(page(), listing_title=TITLE, listing_date="2022-01-25").meta
    assert meta.published == "2022-01-25"
    assert meta.listing_differs == {}


@pytest.mark.parametrize("text, name", [
    ("云溪市财政局", "云溪市财政局"),
    (" 云溪市 财政局 ", "云溪市财政局"),
    ("教育部（机关）", "教育部(机关)"),
    ("云溪市财政局 主题词：财政", "云溪市财政局"),
    ("、公开渠道和载体、公开对象和公开方式等要素进行标准化规范,并通过网站向社会公开。", None),
    ("2022-01-20", None),
    ("我局", None),
    ("各科室", None),
    ("本单位", None),
    ("本溪市财政局", "本溪市财政局"),
    ("云溪市财政局2021年政府信息公开工作年度报告", None),
    ("", None),
])
def test_organisation_names(text, name):
    assert organisation_name(text) == name


def test_an_organ_suffix_is_evidence_not_the_gate():
    assert has_organ_suffix("云溪市财政局") and not has_organ_suffix("云溪市第一实验学堂")
    assert choose_agency([("field", "云溪市第一实验学堂")]) == "云溪市第一实验学堂"
    assert choose_agency([("content_source", "云溪发布")]) is None
    assert choose_agency([("content_source", "云溪市财政局")]) == "云溪市财政局"
    assert choose_agency([("field", "句容市人民政府"), ("title", "句容市")]) == "句容市人民政府"


@pytest.mark.parametrize("claims, agency", [
    ([("field", "兖州区人民政府办公室"), ("title", "济宁市兖州区人民政府"), ("content_source", "区政府办公室")],
     "济宁市兖州区人民政府"),
    ([("field", "汇川区农业农村局"), ("title", "遵义市汇川区农业农村局")], "遵义市汇川区农业农村局"),
    ([("field", "遵义市汇川区农业农村局"), ("title", "汇川区农业农村局")], "遵义市汇川区农业农村局"),
    ([("field", "岳麓区人民政府办公室"), ("title", "长沙市岳麓区")], "长沙市岳麓区人民政府"),
    ([("field", "云溪市人民政府"), ("title", "云溪市人民政府办公室")], "云溪市人民政府办公室"),
    ([("field", "云溪市人民政府办公室"), ("title", "云溪市教育局")], "云溪市人民政府办公室"),
    ([("title", "云溪经济开发区")], "云溪经济开发区"),
])
def test_a_body_its_office_and_its_shorter_names_agree_and_the_title_names_it(claims, agency):
    assert choose_agency(claims) == agency


def test_title_agency_reads_the_name_around_the_year():
    assert title_agency("关于云溪市财政局2021年度政府信息公开工作的报告") == "云溪市财政局"
    assert title_agency("云溪市财政局关于2021年政府信息公开工作年度报告") == "云溪市财政局"
    assert title_agency("最新！2021年政府信息公开工作年度报告") is None


def _blind_meta(expected: dict):
    body = (BLIND / expected["file"]).read_bytes()
    if expected["format"] == "html":
        return parse_html_report(body.decode(expected["encoding"]), url=expected["url"]).meta
    if expected["format"] == "txt":
        return parse_text_report(body.decode(expected["encoding"])).meta
    return parse_document(read_document(body, sniff(body, expected["file"])), url=expected["url"]).meta


@pytest.mark.parametrize("path", BLIND_EXPECTED, ids=lambda path: path.name.removesuffix(".expected.json"))
def test_blind_reports_title_agency_and_year(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    meta = _blind_meta(expected)
    assert meta.title == expected["title"]
    assert meta.agency == expected["agency"]
    assert meta.year == expected["year"]
