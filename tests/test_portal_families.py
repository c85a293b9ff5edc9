"""Real portals of the API-loaded families, from saved pages: gd-whly (gkmlpt), chinatax (POST), wh-hongshan
(TRS search API), sd-gov (Hanweb uid/pageNum), zj-slt (a Hanweb row whose column now loads by jpaas)."""

import json
from urllib.parse import parse_qs, urlsplit

from nianbao.crawler.listings import detect_family
from nianbao.crawler.spiders.portals import ROOT
from tests.saved_pages import answered, listed, saved_response


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_gkmlpt_category_from_the_fragment_and_sid_from_the_config():
    assert detect_family(saved_response("gd-whly", "annualreport.html").text) == "gkmlpt"
    listing = listed("gd-whly", "annualreport.html", meta={ROOT: True})
    assert listing.details == []
    assert listing.pages == ["http://whly.gd.gov.cn/gkmlpt/api/all/2629?page=1&sid=175"]


def test_gkmlpt_json_page_gives_reports_and_the_remaining_pages():
    first = listed("gd-whly", "annualreport.html", meta={ROOT: True})
    page = answered(first, first.requests[0], "gd-whly", "api-2629-page1.json")
    assert page.details == ["http://whly.gd.gov.cn/gkmlpt/content/4/4367/post_4367151.html",
                            "http://whly.gd.gov.cn/gkmlpt/content/4/4106/post_4106219.html"]
    # 23 articles, 3 per page: pages 2 to 8.
    assert page.pages == [f"http://whly.gd.gov.cn/gkmlpt/api/all/2629?page={n}&sid=175" for n in range(2, 9)]
    link = page.requests[0].meta["link"]
    assert (link.title, link.date) == ("广东省文化和旅游厅2023年政府信息公开工作年度报告", "2024-01-29")
    stats = page.spider.stats_by_portal["gd-whly"]
    assert (stats.links_found, stats.reports_listed) == (3, 2)


def test_chinatax_list_is_posted_with_the_scripts_fields():
    assert detect_family(saved_response("chinatax", "index.html").text) == "post"
    listing = listed("chinatax", "index.html", meta={ROOT: True})
    (request,) = listing.requests
    assert (request.method, request.url) == ("POST", "https://www.chinatax.gov.cn/getFileListByCodeId")
    assert _query("?" + request.body.decode()) == {"channelId": "61eaab3127b040d4950fff177f09e561", "page": "1",
                                                   "size": "10"}


def test_chinatax_answer_gives_reports_and_posts_for_the_other_pages():
    first = listed("chinatax", "index.html", meta={ROOT: True})
    page = answered(first, first.requests[0], "chinatax", "list-page1.json")
    assert page.details[:2] == ["https://www.chinatax.gov.cn/chinatax/n810214/c102384r/c5221455/content.html",
                                "https://www.chinatax.gov.cn/chinatax/n810214/c102384r/c5188312/content.html"]
    assert len(page.details) == 10
    posts = [r for r in page.requests if r.callback == page.spider.parse_listing]
    assert [_query("?" + r.body.decode())["page"] for r in posts] == ["2"]
    assert page.requests[0].meta["link"].date == "2024-01-31"


def test_trs_column_with_search_api_lists_static_items_then_asks_the_api():
    assert detect_family(saved_response("wh-hongshan", "index.html").text) == "trs"
    listing = listed("wh-hongshan", "index.html", meta={ROOT: True})
    assert listing.details == ["https://www.hongshan.gov.cn/xxgk/zfxxgknb/202401/t20240130_2352314.shtml",
                               "https://www.hongshan.gov.cn/xxgk/zfxxgknb/202401/t20240126_2350012.shtml",
                               "https://www.hongshan.gov.cn/xxgk/zfxxgknb/202301/t20230130_2129920.shtml"]
    (api,) = listing.pages
    assert urlsplit(api).path == "/igs/front/search/list.html"
    assert _query(api) == {"index": "hsq-index-alias", "type": "governmentdocuments", "filter[CHANNELID]": "29318",
                           "pageSize": "6", "pageNumber": "1", "orderProperty": "PUBDATE", "orderDirection": "desc"}


def test_trs_search_api_page_gives_reports_without_the_notice_and_asks_the_other_pages():
    first = listed("wh-hongshan", "index.html", meta={ROOT: True})
    api = next(r for r in first.requests if r.callback == first.spider.parse_listing)
    page = answered(first, api, "wh-hongshan", "igs-page1.json")
    assert len(page.details) == 5
    assert page.requests[0].meta["link"].title == "武汉市洪山区人民政府2023年政府信息公开工作年度报告"
    assert [_query(url)["pageNumber"] for url in page.pages] == ["2", "3"]


def test_hanweb_uid_column_pages_by_get():
    listing = listed("sd-gov", "column.html", meta={ROOT: True})
    assert listing.details == ["http://gb.shandong.gov.cn/art/2024/1/29/art_341595_41790.html",
                               "http://gb.shandong.gov.cn/art/2023/1/30/art_341595_40122.html",
                               "http://gb.shandong.gov.cn/art/2022/1/28/art_341595_38560.html"]
    assert listing.pages == [f"http://gb.shandong.gov.cn/col/col341595/index.html?uid=4512883&pageNum={n}"
                             for n in (2, 3, 4)]


def test_hanweb_row_whose_column_loads_by_jpaas_is_listed_as_jpaas_and_says_so():
    assert detect_family(saved_response("zj-slt", "column.html").text) == "jpaas"
    listing = listed("zj-slt", "column.html", meta={ROOT: True})
    stats = listing.spider.stats_by_portal["zj-slt"]
    assert stats.family == "jpaas"
    assert stats.message == ("family mismatch: the registry says hanweb, the page is jpaas; listed as jpaas")
    (request,) = listing.requests
    query = _query(request.url)
    assert urlsplit(request.url).path == "/api-gateway/jpaas-publish-server/front/page/build/unit"
    assert json.loads(query.pop("paramJson")) == {"pageNo": 1, "pageSize": 15}
    assert query == {"parseType": "bulidstatic", "pageType": "column", "editType": "null",
                     "webId": "7c8c8a6bd4694bd6a9bd5e0b10b8e4ee", "pageId": "8e1d9d1c57e94d59b3c5a4e2f1fdb1f0",
                     "tplSetId": "5HrZiFGOR8vHklhTYqM4B", "tagId": "当前栏目list"}


def test_jpaas_gateway_page_gives_reports_and_follows_its_page_count():
    first = listed("zj-slt", "column.html", meta={ROOT: True})
    page = answered(first, first.requests[0], "zj-slt", "unit-page1.json")
    assert page.details == ["https://slt.zj.gov.cn/art/2024/1/26/art_1229106699_89148.html",
                            "https://slt.zj.gov.cn/art/2023/1/18/art_1229106699_82513.html"]
    (next_page,) = page.pages
    assert json.loads(_query(next_page)["paramJson"]) == {"pageNo": 2, "pageSize": 15}
