"""mct (文化和旅游部): a TRS WCM column and article."""

from nianbao.crawler.listings import detect_family
from tests.saved_pages import cell, listed, parsed_page, saved_response

CHROME = ("当前位置", "字体", "打印", "关闭", "分享到", "微信", "相关稿件", "主办单位", "网站标识码", "ICP备", "公网安备",
          "政府网站找错", "doZoom", "TRS_Editor P", "登录")


def test_listing_is_detected_as_trs():
    assert detect_family(saved_response("mct", "index.html").text) == "trs"


def test_listing_yields_reports_and_pages_but_not_notice_or_mirror():
    listing = listed("mct", "index.html")
    assert listing.details == ["http://zwgk.mct.gov.cn/gknb/202401/t20240126_951234.html",
                       "http://zwgk.mct.gov.cn/gknb/202301/t20230130_938451.html"]
    assert listing.pages == ["http://zwgk.mct.gov.cn/gknb/index_1.html", "http://zwgk.mct.gov.cn/gknb/index_2.html"]
    stats = listing.spider.stats_by_portal["mct"]
    assert (stats.links_found, stats.reports_listed, stats.family) == (4, 2, "trs")


def test_known_detail_pages_are_not_requested_again():
    listing = listed("mct", "index.html", known={"http://zwgk.mct.gov.cn/gknb/202401/t20240126_951234.html"})
    assert listing.details == ["http://zwgk.mct.gov.cn/gknb/202301/t20230130_938451.html"]
    assert listing.spider.stats_by_portal["mct"].known_skipped == 1


def test_article_metadata():
    meta = parsed_page("mct", "t20240126_951234.html").meta
    assert meta.title == "文化和旅游部2023年政府信息公开工作年度报告"
    assert meta.agency == "文化和旅游部"
    assert meta.agency_code == "000014349"
    assert meta.index_no == "000014349/2024-00012"
    assert meta.year == 2023
    assert meta.published == "2024-01-26"
    assert meta.template == "2021"
    assert meta.is_report


def test_article_text_keeps_report_and_contact_drops_chrome():
    page = parsed_page("mct", "t20240126_951234.html")
    assert page.container == "div.TRS_Editor"
    assert "地址：北京市东城区朝阳门北大街10号，邮编：100020，电话：010-59881114" in page.text
    assert "六、其他需要报告的事项" in page.text
    for phrase in CHROME:
        assert phrase not in page.text, phrase


def test_article_cells_and_checks():
    page = parsed_page("mct", "t20240126_951234.html")
    assert cell(page, "requests", "new", "total")["value"] == 224
    assert cell(page, "requests", "granted", "natural_person")["value"] == 20
    assert cell(page, "requests", "other_misc", "business")["value"] == 0
    assert cell(page, "appeals", "review", "total")["value"] == 5
    assert cell(page, "appeals", "suit_after_review", "pending")["value"] == 3
    fees = cell(page, "active", "fees", "amount")
    assert (fees["value"], fees["unit"], fees["raw"]) == (2465.77, "万元", "2465.77")
    assert cell(page, "active", "licensing", "decisions")["value"] == 84920
    assert page.checks == {"requests_balance": "ok", "requests_outcomes": "ok", "requests_row_sum": "ok",
                           "appeals_sum": "ok", "carry_over": "unknown"}
