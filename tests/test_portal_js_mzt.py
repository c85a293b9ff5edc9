"""js-mzt (江苏省民政厅): a Hanweb JCMS column, its dataproxy.jsp paging, and an article."""

from scrapy.http import FormRequest

from nianbao.crawler.listings import detect_family
from nianbao.crawler.listings.hanweb import GROUP_META
from tests.saved_pages import cell, listed, parsed_page, saved_response, spider_for

CHROME = ("您当前的位置", "字号", "浏览次数", "扫一扫", "主办单位", "网站标识码", "ICP备", "公网安备", "长者模式")


def test_column_is_detected_as_hanweb():
    assert detect_family(saved_response("js-mzt", "column.html").text) == "hanweb"


def test_column_yields_records_and_posts_for_the_rest_with_the_page_form():
    listing = listed("js-mzt", "column.html")
    spider, out = listing.spider, listing.requests
    assert listing.details == ["https://mzt.jiangsu.gov.cn/art/2024/1/30/art_90135_10326456.html",
                       "https://mzt.jiangsu.gov.cn/art/2023/1/31/art_90135_10751234.html",
                       "https://mzt.jiangsu.gov.cn/art/2022/1/29/art_90135_10312345.html"]
    posts = [r for r in out if isinstance(r, FormRequest)]
    assert [p.url for p in posts] == [
        "https://mzt.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3",
        "https://mzt.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=7&perpage=3"]
    form = dict(pair.split("=") for pair in posts[0].body.decode().split("&"))
    assert form["columnid"] == "90135" and form["unitid"] == "1073522" and form["webid"] == "12"
    assert form["col"] == "1" and form["appid"] == "1" and form["permissiontype"] == "0"
    assert all(p.method == "POST" and p.callback == spider.parse_listing for p in posts)


def test_dataproxy_answer_yields_records_and_no_further_posts():
    spider = spider_for("js-mzt")
    response = saved_response("js-mzt", "dataproxy.xml", "text/xml", meta={GROUP_META: True})
    out = list(spider.parse_listing(response))
    assert [r.url for r in out] == ["https://mzt.jiangsu.gov.cn/art/2021/2/1/art_90135_9651234.html",
                                    "https://mzt.jiangsu.gov.cn/art/2020/1/20/art_90135_8912345.html"]
    assert spider.stats_by_portal["js-mzt"].links_found == 3


def test_article_metadata():
    meta = parsed_page("js-mzt", "art_90135_10312345.html").meta
    assert (meta.title, meta.agency, meta.year) == ("江苏省民政厅2021年政府信息公开工作年度报告", "江苏省民政厅", 2021)
    assert (meta.index_no, meta.agency_code) == ("014000426/2022-00031", "014000426")
    assert (meta.published, meta.template) == ("2022-01-29", "2021")


def test_article_text_and_cells():
    page = parsed_page("js-mzt", "art_90135_10312345.html")
    assert page.container == "#zoom"
    assert "地址：南京市北京西路32号，邮编：210024，电话：025-83300000" in page.text
    for phrase in CHROME:
        assert phrase not in page.text, phrase
    assert cell(page, "requests", "new", "total")["value"] == 248
    assert cell(page, "requests", "other_misc", "business")["value"] == 1
    assert cell(page, "active", "fees", "amount")["value"] == 935.56
    assert cell(page, "appeals", "suit_after_review", "pending")["value"] == 2
