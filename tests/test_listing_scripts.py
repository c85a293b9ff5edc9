"""What list scripts hand over: POST calls with a form or JSON body, and lists paged without a total."""

import json

from scrapy.http import HtmlResponse, Request, TextResponse

from nianbao.crawler.listings.post import PostListing
from nianbao.crawler.listings.scripts import PostCall, post_calls

PAGE = """<script>
function load(n) {
  $.post("/api/gknb/list", JSON.stringify({"columnId": "nb2023", "pageNo": 1, "pageSize": 2}), function (r) {});
}
</script>"""


def test_post_with_a_json_body_is_found_with_its_page_field():
    assert post_calls(PAGE) == [PostCall(url="/api/gknb/list", fields={"columnId": "nb2023", "pageSize": "2"},
                                         page_field="pageNo", first_page=1, json_body=True)]


def _answer(request: Request, titles: list[str]) -> TextResponse:
    body = json.dumps({"data": [{"title": t, "url": f"/gk/{n}.html"} for n, t in enumerate(titles)]}, ensure_ascii=False)
    return TextResponse(request.url, body=body.encode(), encoding="utf-8", request=request)


def test_a_json_body_is_posted_and_a_list_without_total_pages_until_it_repeats():
    listing = PostListing()
    column = HtmlResponse("http://x.gov.cn/gk/nb.html", body=PAGE.encode(), encoding="utf-8",
                          request=Request("http://x.gov.cn/gk/nb.html"))
    (first,) = listing.parse(column)
    assert (first.method, first.headers[b"Content-Type"]) == ("POST", b"application/json")
    assert json.loads(first.body) == {"columnId": "nb2023", "pageSize": 2, "pageNo": 1}
    *links, second = listing.parse(_answer(first, ["某局2023年政府信息公开工作年度报告", "某局2022年政府信息公开工作年度报告"]))
    assert [link.url for link in links] == ["http://x.gov.cn/gk/0.html", "http://x.gov.cn/gk/1.html"]
    assert json.loads(second.body)["pageNo"] == 2
    *_, third = listing.parse(_answer(second, ["某局2021年政府信息公开工作年度报告"]))
    assert json.loads(third.body)["pageNo"] == 3
    # A server that ignores the page number repeats the last page: the list ends there.
    assert [item.url for item in listing.parse(_answer(third, ["某局2021年政府信息公开工作年度报告"]))] == [
        "http://x.gov.cn/gk/0.html"]
