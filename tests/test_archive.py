"""Deduplication: one report per agency and year, reposts as sources, edits as versions."""

import sqlite3
import time
from contextlib import closing

import pytest

from nianbao.archive.db import insert_rows, open_db, write_group
from nianbao.archive.lock import locked_archive
from nianbao.archive.reports import resolve, write_page
from nianbao.crawler.items import Page, Recheck
from nianbao.crawler.registry import Portal
from nianbao.extract.metadata import Metadata
from nianbao.pipelines.write import WritePipeline

TEXT = "本报告根据《中华人民共和国政府信息公开条例》编制。" * 12


def meta(year=2021, agency="云溪市财政局", title="云溪市财政局2021年政府信息公开工作年度报告") -> Metadata:
    return Metadata(title=title, agency=agency, agency_code=None, year=year, published="2022-01-20",
                    index_no=None, template="2021", is_report=True)


def store(db, url, text, at, portal="a", metadata=None):
    page = Page(portal=portal, url=url, status=200, body=b"x", fetched_at=at, crawl_run="r1", content_hash="h-" + at,
                text=text, meta=metadata or meta())
    resolution = resolve(db, url, text, page.meta.agency, page.meta.year)
    write_page(db, page, resolution)
    return resolution


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "a.db")


def test_edited_report_is_a_new_version_and_both_are_kept(db):
    first = store(db, "http://a.gov.cn/t1.html", TEXT, "2022-01-20T00:00:00+00:00")
    second = store(db, "http://a.gov.cn/t1.html", TEXT + "（更正）", "2022-02-01T00:00:00+00:00")
    assert (first.action, second.action) == ("new_report", "new_version")
    assert first.report_id == second.report_id
    versions = list(db.query("select version, fetched_at from versions order by version"))
    assert versions == [{"version": 1, "fetched_at": "2022-01-20T00:00:00+00:00"},
                        {"version": 2, "fetched_at": "2022-02-01T00:00:00+00:00"}]
    report = db["reports"].get(first.report_id)
    assert (report["versions"], report["text"], report["first_seen"]) == (2, TEXT + "（更正）", "2022-01-20T00:00:00+00:00")
    assert db["sources"].count == 1


def test_repost_elsewhere_is_a_second_source_not_a_report(db):
    store(db, "http://a.gov.cn/t1.html", TEXT, "2022-01-20T00:00:00+00:00", portal="a")
    repost = store(db, "http://b.gov.cn/art/1.html", TEXT, "2022-01-21T00:00:00+00:00", portal="b",
                   metadata=meta(agency="云溪市人民政府办公室"))
    assert repost.action == "same"
    assert db["reports"].count == 1 and db["sources"].count == 2
    assert db["reports"].get(repost.report_id)["portals"] == '["a", "b"]'


def test_same_text_of_another_year_is_never_merged(db):
    store(db, "http://a.gov.cn/2020.html", TEXT, "2022-01-20T00:00:00+00:00", metadata=meta(year=2020))
    other = store(db, "http://a.gov.cn/2021.html", TEXT, "2022-01-21T00:00:00+00:00")
    assert other.action == "new_report" and db["reports"].count == 2


def test_short_identical_texts_do_not_identify_a_report(db):
    store(db, "http://a.gov.cn/1.html", "详见附件。", "2022-01-20T00:00:00+00:00", metadata=meta(agency="甲局"))
    other = store(db, "http://a.gov.cn/2.html", "详见附件。", "2022-01-21T00:00:00+00:00", metadata=meta(agency="乙局"))
    assert other.action == "new_report" and db["reports"].count == 2


def test_unknown_agency_keys_the_report_by_url(db):
    resolution = store(db, "http://a.gov.cn/x.html", TEXT, "2022-01-20T00:00:00+00:00", metadata=meta(agency=None))
    assert resolution.key_basis == "url"


def test_portal_owns_sibling_hosts_of_its_domain_but_not_mirrors():
    portal = Portal(id="mct", name="文旅部", start_url="http://zwgk.mct.gov.cn/gknb/", hosts=("zwgk.mct.gov.cn",))
    assert portal.owns("http://www.mct.gov.cn/gknb/t1.html")
    assert not portal.owns("http://www.mct-gov.cn.example.com/gknb/t1.html")
    local = Portal(id="d", name="d", start_url="http://127.0.0.1:8000/", hosts=("127.0.0.1:8000",))
    assert not local.owns("http://127.0.0.1:9000/x.html")


def test_every_cell_key_has_its_chinese_label(db):
    labels = {(r["section"], r["kind"], r["key"]): r["label"] for r in db["key_labels"].rows}
    assert labels[("requests", "row", "denied_three_safeties")] == "（三）3.危及“三安全一稳定”"
    assert labels[("requests", "col", "legal_service")] == "法律服务机构"
    assert labels[("appeals", "row", "suit_after_review")] == "行政诉讼·复议后起诉"
    assert labels[("active", "col", "in_force")] == "现行有效件数"
    assert {("requests", "row", key) for key in ("other", "other_misc", "carried_forward")} <= set(labels)


def test_a_page_is_written_whole_or_not_at_all(db, monkeypatch):
    # sqlite-utils commits each insert of its own unless a transaction is open: write_page must open one.
    def crash(*args):
        raise RuntimeError("killed between the version and the source")

    monkeypatch.setattr("nianbao.archive.reports._write_source", crash)
    with pytest.raises(RuntimeError):
        store(db, "http://a.gov.cn/t1.html", TEXT, "2022-01-20T00:00:00+00:00")
    assert [db[table].count for table in ("versions", "reports", "sources")] == [0, 0, 0]
    monkeypatch.undo()
    assert store(db, "http://a.gov.cn/t1.html", TEXT, "2022-01-20T00:00:00+00:00").action == "new_report"


def test_a_failed_page_inside_a_group_is_undone_alone_and_the_group_commits_its_others(tmp_path, monkeypatch):
    path = tmp_path / "g.db"
    with locked_archive(path) as db:
        group = write_group(db)
        group.pages, group.seconds = 10, 600
        group.open()
        store(db, "http://a.gov.cn/1.html", TEXT, "2022-01-20T00:00:00+00:00", metadata=meta(agency="甲局"))
        group.written()
        monkeypatch.setattr("nianbao.archive.reports._write_source", lambda *args: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            store(db, "http://a.gov.cn/2.html", TEXT + "二", "2022-01-20T00:00:00+00:00", metadata=meta(agency="乙局"))
        monkeypatch.undo()
        with closing(sqlite3.connect(path)) as reader:  # another connection sees nothing before the commit
            assert reader.execute("select count(*) from reports").fetchone()[0] == 0
    with closing(sqlite3.connect(path)) as reader:  # the lock's release committed the group
        assert reader.execute("select count(*) from reports").fetchone()[0] == 1
        assert reader.execute("select count(*) from versions").fetchone()[0] == 1


def test_a_group_commits_at_its_page_count_and_at_its_time_bound(tmp_path, monkeypatch):
    path = tmp_path / "g.db"
    db = open_db(path)
    group = write_group(db)
    group.pages, group.seconds = 2, 600
    for number in range(3):
        group.open()
        store(db, f"http://a.gov.cn/{number}.html", TEXT + str(number), "2022-01-20T00:00:00+00:00",
              metadata=meta(agency=f"{number}局"))
        group.written()
    with closing(sqlite3.connect(path)) as reader:
        assert reader.execute("select count(*) from reports").fetchone()[0] == 2
    group.pages = 100  # from here only the time bound commits
    assert group.mine and not group.due()
    clock = time.monotonic() + group.seconds
    monkeypatch.setattr("nianbao.archive.db.time.monotonic", lambda: clock)
    assert group.due()
    WritePipeline(db, group.pages, group.seconds).process_item(Recheck(
        portal="a", url="http://a.gov.cn/0.html", crawl_run="r1", at="2022-02-01T00:00:00+00:00", outcome="same"))
    with closing(sqlite3.connect(path)) as reader:
        assert reader.execute("select count(*) from reports").fetchone()[0] == 3


def test_a_group_never_commits_a_transaction_it_did_not_begin(db):
    group = write_group(db)
    group.pages = 1
    with pytest.raises(RuntimeError), db.atomic():
        group.open()
        store(db, "http://a.gov.cn/1.html", TEXT, "2022-01-20T00:00:00+00:00")
        group.written()
        raise RuntimeError("the owner of the transaction rolls it back")
    assert db["reports"].count == 0


def test_rows_with_a_column_the_table_lacks_are_refused(db):
    with pytest.raises(ValueError, match="no column nonsense"):
        insert_rows(db, "checks", [{"report_id": "r", "rule": "x", "nonsense": 1}])
