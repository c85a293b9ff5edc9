"""yn-hrss (云南省人社厅): an ASP.NET list in GBK and a layout-table article with no known container."""

from nianbao.crawler.listings import detect_family
from tests.saved_pages import cell, listed, parsed_page, saved_response

CHROME = ("当前位置", "字体", "打印本页", "关闭窗口", "点击数", "主办单位", "ICP备", "网站标识码", "办事服务")


def test_list_is_generic():
    assert detect_family(saved_response("yn-hrss", "list.html").text) == "generic"


def test_list_yields_reports_their_pdf_and_next_pages_and_skips_notice_column_link():
    listing = listed("yn-hrss", "list.html")
    assert listing.details == ["https://hrss.yn.gov.cn/InfoDetail.aspx?id=42719", "https://hrss.yn.gov.cn/InfoDetail.aspx?id=40115",
                               "https://hrss.yn.gov.cn/UploadFiles/2022/1/2021nb.pdf"]
    assert sorted(set(listing.pages)) == ["https://hrss.yn.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=2&kw=",
                     "https://hrss.yn.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=3&kw="]
    stats = listing.spider.stats_by_portal["yn-hrss"]
    # the PDF is a listed report, fetched as a report file
    assert (stats.links_found, stats.reports_listed) == (4, 3)


def test_gbk_article_labelled_utf8_is_decoded_and_cleaned():
    page = parsed_page("yn-hrss", "InfoDetail-42719.html", content_type="text/html; charset=utf-8")
    assert (page.encoding, page.mislabelled) == ("gb18030", True)
    assert page.container == "inferred"
    assert page.text.startswith("本报告根据《中华人民共和国政府信息公开条例》要求")
    assert "地址：昆明市西山区前兴路461号，邮编：650034，电话：0871-63196611" in page.text
    for phrase in CHROME:
        assert phrase not in page.text, phrase


def test_article_metadata_and_cells():
    page = parsed_page("yn-hrss", "InfoDetail-42719.html")
    meta = page.meta
    assert (meta.title, meta.agency, meta.year) == (
        "云南省人力资源和社会保障厅2023年政府信息公开工作年度报告", "云南省人力资源和社会保障厅", 2023)
    assert (meta.published, meta.index_no, meta.template) == ("2024-01-30", None, "2021")
    assert cell(page, "requests", "new", "total")["value"] == 222
    assert cell(page, "active", "normative_documents", "in_force")["value"] == 65
    assert cell(page, "appeals", "review", "total")["value"] == 3


def test_anchor_text_in_nested_font_tags_is_read():
    from parsel import Selector

    from nianbao.crawler.listings.base import anchor_title

    anchor = Selector(text='<a href="x"><font color="red">2023年</font><span>政府信息公开工作年度报告</span></a>').css("a")[0]
    assert anchor_title(anchor) == "2023年政府信息公开工作年度报告"
