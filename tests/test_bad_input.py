"""Bad input is recorded and flagged; nothing stops the crawl."""

import pytest
from scrapy import Spider
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from nianbao.crawler.items import Failure, Page
from nianbao.crawler.redirects import LoopAwareRedirectMiddleware, RedirectLoop
from nianbao.crawler.spiders.portals import PORTAL
from nianbao.pipelines.clean import CleanPipeline
from nianbao.pipelines.parse import ParsePipeline
from nianbao.pipelines.validate import ValidatePipeline
from tests.saved_pages import spider_for


def page(body: bytes, content_type="text/html", status=200) -> Page:
    return Page(portal="mct", url="http://zwgk.mct.gov.cn/gknb/202401/t1.html", status=status, body=body,
                fetched_at="2026-11-01T00:00:00+00:00", crawl_run="r", content_type=content_type)


def run(item):
    for stage in (ValidatePipeline(), CleanPipeline(), ParsePipeline()):
        item = stage.process_item(item)
    return item


def test_empty_non_html_and_broken_files_become_failures_that_keep_their_body():
    empty = run(page(b"   "))
    assert isinstance(empty, Failure) and "empty body" in empty.reason
    image = run(page(b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"))
    assert isinstance(image, Failure) and "not an HTML page: image/png" in image.reason
    pdf = run(page(b"%PDF-1.7 binary", "application/pdf"))
    assert isinstance(pdf, Failure) and pdf.reason.startswith("unreadable PDF") and pdf.body == b"%PDF-1.7 binary"


def test_binary_junk_served_as_html_is_a_failure_that_keeps_its_body():
    junk = bytes(range(256)) * 40
    result = run(page(junk))
    assert isinstance(result, Failure) and result.reason == "binary content, not text: text/html"
    assert result.body == junk


def test_text_pages_with_a_stray_control_byte_are_still_text():
    body = ("<html><body><p>本机关收到申请\x0b2件。</p>" + "<p>正文。</p>" * 200 + "</body></html>").encode()
    assert isinstance(run(page(body)), Page)


def test_redirects_that_loop_or_never_end_fail_with_their_chain():
    crawler = get_crawler(Spider, {"REDIRECT_MAX_TIMES": 3})
    crawler.spider = Spider("s")
    middleware = LoopAwareRedirectMiddleware.from_crawler(crawler)
    request = Request("http://a.example/1")
    for hop in range(2, 5):
        answer = Response(request.url, status=302, headers={"Location": f"http://a.example/{hop}"}, request=request)
        request = middleware.process_response(request, answer)
    with pytest.raises(RedirectLoop, match="redirect chain too long: more than 3 redirects"):
        middleware.process_response(request, Response(request.url, status=302, headers={"Location": "/5"},
                                                       request=request))
    back = Response(request.url, status=301, headers={"Location": "http://a.example/2"}, request=request)
    with pytest.raises(RedirectLoop, match="redirect loop: http://a.example/1 -> http://a.example/2 -> "
                                           "http://a.example/3 -> http://a.example/4 -> http://a.example/2"):
        middleware.process_response(request, back)


def test_parser_error_becomes_a_failure(monkeypatch):
    import nianbao.extract.page_reading

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(nianbao.extract.page_reading, "parse_cleaned", broken)
    item = CleanPipeline().process_item(page("<html><body><p>正文。</p></body></html>".encode()))
    result = ParsePipeline().process_item(item)
    assert isinstance(result, Failure) and result.reason == "parse error: ValueError: boom"


def test_parse_stage_takes_the_page_as_the_clean_stage_read_it(monkeypatch):
    import nianbao.extract.clean
    import nianbao.extract.page_reading
    import nianbao.extract.report

    body = "本报告根据条例编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。"
    item = CleanPipeline().process_item(page(f"<html><body><div id='zoom'><p>{body}</p></div></body></html>".encode()))

    def parse_again(*args, **kwargs):
        raise AssertionError("the page was parsed or cleaned twice")

    for module, name in ((nianbao.extract.report, "parse_html"), (nianbao.extract.report, "clean_tree"),
                         (nianbao.extract.clean, "parse_html"), (nianbao.extract.page_reading, "read_page"),
                         (nianbao.extract.report, "parse_cleaned")):
        monkeypatch.setattr(module, name, parse_again)
    result = ParsePipeline().process_item(item)
    assert isinstance(result, Page) and result.container == "#zoom" and result.reading is None


def test_non_text_listing_fails_the_portal():
    spider = spider_for("mct")
    url = "http://zwgk.mct.gov.cn/gknb/index.html"
    response = Response(url, body=b"\x89PNG", headers={"Content-Type": "image/png"},
                        request=Request(url, meta={PORTAL: "mct"}))
    assert list(spider.parse_listing(response)) == []
    stats = spider.stats_by_portal["mct"]
    assert stats.status == "error" and "not a text page (image/png)" in stats.message
