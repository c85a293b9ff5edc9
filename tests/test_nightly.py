"""Nights over the demo portals as they change: nothing, a new report, an edit, removals, a block, a new parser."""

import re
import sqlite3
from contextlib import closing
from dataclasses import replace

import pytest

from nianbao.archive.db import open_db
from nianbao.archive.parser_version import current_parser_version
from nianbao.archive.runs import record_portals
from nianbao.crawler.registry import Portal
from nianbao.demo.catalog import GENERIC, HANWEB, TRS
from nianbao.demo.site import GONE, NOTICE, DemoSite
from tests.conftest import nianbao, rows, write_registry

NEW_REPORT_AGENCY = "云溪市财政局"
EDITED = ("云溪市人民政府办公室", 2022)
CORRECTION = "更正说明：2023年3月1日对本报告第一部分的表述作了更正。"
REMOVED_404 = ("云溪市生态环境局", 2022)
REMOVED_NOTICE = ("云溪市第一中学", 2022)
RUN = re.compile(r"nightly run (\S+):")


def is_detail(path: str) -> bool:
    """A report page of one of the demo families, not a listing, robots.txt or data proxy."""
    return bool(re.search(r"/t\d{8}_\d+\.html$|/art/\d{4}/|show\.asp\?id=", path))


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """Seven nights over demo portals of our own, changed between nights; each night's output and requests kept."""
    tmp = tmp_path_factory.mktemp("nightly")
    site = DemoSite().start()
    registry = write_registry(tmp / "portals.yaml", site.registry_rows())
    db = tmp / "nianbao.db"
    record = {}

    def night(name, *args):
        for portal in site.portals.values():
            portal.log.clear()
            portal.hits.clear()
        result = nianbao("nightly", "--portals", registry, "--db", db, "--snapshots", tmp / "snapshots",
                         "--keep", 3, *args)
        found = RUN.search(result.stdout)
        record[name] = {"result": result, "run": found.group(1) if found else None,
                        "hits": {pid: list(p.hits) for pid, p in site.portals.items()}}

    try:
        night("first")
        night("unchanged", "--quiet")
        record["new_report"] = site.publish_next(NEW_REPORT_AGENCY)
        night("new")
        site.edit(*EDITED, CORRECTION)
        site.remove(*REMOVED_404, how=GONE)
        site.remove(*REMOVED_NOTICE, how=NOTICE)
        night("changed", "--recheck-days", 0)
        site.portals[GENERIC].blocked = 412
        night("blocked", "--recheck-days", 0)
        site.portals[GENERIC].blocked = None
        night("unblocked")
        record["before_reparse"] = dump(db)
        with closing(sqlite3.connect(db)) as conn, conn:
            conn.execute("update archive_state set value = 'an older parser' where key = 'parser_version'")
        night("parser_changed")
    finally:
        site.stop()
    record.update(db=db, site=site, snapshots=tmp / "snapshots")
    return record


def dump(db_path) -> dict:
    """The derived tables, for before/after comparisons."""
    tables = ("reports", "versions", "sources", "cells", "checks")
    with closing(sqlite3.connect(db_path)) as conn:
        return {t: sorted(map(repr, conn.execute(f"select * from {t}"))) for t in tables}


def portal_run(nights, night, portal):
    (row,) = rows(nights["db"], "select * from portal_runs where crawl_run = ? and portal = ?",
                  (nights[night]["run"], portal))
    return row


def report_row(nights, agency, year):
    (row,) = rows(nights["db"], "select * from reports where agency = ? and year = ?", (agency, year))
    return row


def test_first_night_archives_everything_and_prints_the_summary(nights):
    result = nights["first"]["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("portal"))
    assert header.split() == ["portal", "status", "pages", "fetched", "not", "modified", "new", "reports", "new",
                              "versions", "gone", "blocked", "errors", "seconds"]
    table = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in (
        TRS, HANWEB, GENERIC, "TOTAL")}
    assert set(table) == {TRS, HANWEB, GENERIC, "TOTAL"}
    catalog_size = len(nights["site"].catalog) - 1  # the report published before the third night
    assert int(table["TOTAL"][4]) == catalog_size
    assert table["TOTAL"][1] == "ok"
    (run,) = rows(nights["db"], "select * from crawl_runs where id = ?", (nights["first"]["run"],))
    assert (run["command"], run["status"], run["reports_new"]) == ("nianbao nightly", "ok", catalog_size)


def test_unchanged_night_fetches_no_detail_page_and_quiet_prints_nothing(nights):
    night = nights["unchanged"]
    assert night["result"].returncode == 0, night["result"].stderr[-3000:]
    assert night["result"].stdout == ""
    paths = [hit.path for hits in night["hits"].values() for hit in hits]
    assert paths and not [path for path in paths if is_detail(path)]
    run = rows(nights["db"], "select * from crawl_runs where command = 'nianbao nightly' order by started, rowid")[1]
    assert (run["status"], run["pages_fetched"], run["reports_new"], run["versions_new"]) == ("ok", 0, 0, 0)


def test_new_report_is_the_only_detail_page_fetched(nights):
    night = nights["new"]
    assert night["result"].returncode == 0, night["result"].stderr[-3000:]
    new = nights["new_report"]
    details = [hit.path for hits in night["hits"].values() for hit in hits if is_detail(hit.path)]
    assert len(details) == 1 and nights["site"].detail_url(TRS, new.agency, new.year).endswith(details[0])
    assert portal_run(nights, "new", TRS)["reports_new"] == 1
    assert report_row(nights, new.agency, new.year)["title"] == new.title


def test_rechecks_are_conditional_and_unchanged_pages_answer_304(nights):
    hits = nights["changed"]["hits"]
    rechecks = [hit for hit in hits[TRS] + hits[HANWEB] if is_detail(hit.path)]
    assert rechecks and all("If-None-Match" in hit.headers and "If-Modified-Since" in hit.headers
                            for hit in rechecks)
    assert sum(hit.status == 304 for hit in rechecks) >= len(rechecks) // 2
    # The old ASP site sends no validators: its pages come whole and are compared by text.
    generic = [hit for hit in hits[GENERIC] if is_detail(hit.path)]
    assert generic and not any("If-None-Match" in hit.headers for hit in generic)
    outcomes = {r["outcome"] for r in rows(nights["db"], "select outcome from rechecks where crawl_run = ?",
                                            (nights["changed"]["run"],))}
    assert outcomes == {"not_modified", "same", "new_version", "gone"}


def test_edited_report_is_a_new_version_and_both_are_kept(nights):
    report = report_row(nights, *EDITED)
    versions = rows(nights["db"], "select * from versions where report_id = ? order by version", (report["id"],))
    assert [v["version"] for v in versions] == [1, 2]
    assert CORRECTION not in versions[0]["text"] and CORRECTION in versions[1]["text"]
    assert versions[0]["fetched_at"] < versions[1]["fetched_at"]
    assert versions[1]["crawl_run"] == nights["changed"]["run"]
    assert report["versions"] == 2 and CORRECTION in report["text"]
    # Pages whose chrome changed (new related links) were fetched again but are not new versions.
    assert rows(nights["db"], "select count(*) n from versions where version > 1")[0]["n"] == 1


def test_removed_reports_are_marked_gone_with_the_date_and_kept(nights):
    run = nights["changed"]["run"]
    for (agency, year), reason in ((REMOVED_404, "HTTP 404"), (REMOVED_NOTICE, "content removed: 已删除")):
        report = report_row(nights, agency, year)
        (source,) = rows(nights["db"], "select * from sources where report_id = ?", (report["id"],))
        (recheck,) = rows(nights["db"], "select * from rechecks where url = ? and crawl_run = ?", (source["url"], run))
        assert (recheck["outcome"], recheck["detail"]) == ("gone", reason)
        assert (source["gone_reason"], source["gone"]) == (reason, recheck["at"])
        assert report["gone"] == source["gone"]
        # Later nights find it still gone: the date stays the first one.
        assert rows(nights["db"], "select count(*) n from rechecks where url = ? and outcome = 'gone'",
                    (source["url"],))[0]["n"] >= 2
        assert rows(nights["db"], "select count(*) n from cells where report_id = ?", (report["id"],))[0]["n"] > 0
    assert portal_run(nights, "changed", TRS)["gone"] == 1 and portal_run(nights, "changed", HANWEB)["gone"] == 1
    assert rows(nights["db"], "select count(*) n from reports where gone is not null")[0]["n"] == 2


def test_blocked_portal_fails_the_night_but_its_reports_are_not_gone(nights):
    result = nights["blocked"]["result"]
    assert result.returncode == 1
    assert "failed portals: demo-generic" in result.stderr
    assert re.search(r"^demo-generic\s+blocked\s", result.stdout, re.MULTILINE)
    run = portal_run(nights, "blocked", GENERIC)
    assert run["status"] == "blocked" and run["blocked"] >= 1 and "HTTP 412" in run["message"]
    assert rows(nights["db"], "select count(*) n from sources where portal = ? and gone is not null",
                (GENERIC,))[0]["n"] == 0
    # Once refused, the portal is not asked again that night.
    assert len(nights["blocked"]["hits"][GENERIC]) <= 3


def test_portal_health_shows_the_block_and_the_recovery(nights):
    health = {r["portal"]: r for r in rows(nights["db"], "select * from portal_health")}
    assert health[GENERIC]["status"] == "ok" and health[GENERIC]["consecutive_failures"] == 0
    assert health[GENERIC]["blocked_since"] is None
    assert health[TRS]["reports_gone"] == 1 and health[HANWEB]["reports_gone"] == 1
    assert health[TRS]["reports_found"] > 0 and health[TRS]["last_success"]
    blocked_runs = rows(nights["db"], "select status from portal_runs where portal = ? order by crawl_run", (GENERIC,))
    assert [r["status"] for r in blocked_runs].count("blocked") == 1


def test_changed_parser_reparses_and_keeps_the_archive_and_its_gone_marks(nights):
    result = nights["parser_changed"]["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    commands = [r["command"] for r in rows(nights["db"], "select command from crawl_runs order by started, rowid")]
    assert commands[-2:] == ["nianbao reparse", "nianbao nightly"]
    assert dump(nights["db"]) == nights["before_reparse"]
    (state,) = rows(nights["db"], "select value from archive_state where key = 'parser_version'")
    assert state["value"] != "an older parser"


def test_snapshots_are_made_each_night_and_pruned(nights):
    snapshots = [path for path in nights["snapshots"].iterdir() if not path.name.startswith(".")]
    assert len(snapshots) == 3
    assert all((path / "nianbao.db").exists() for path in snapshots)


def test_a_registry_alias_or_division_changes_the_version_a_reparse_follows(tmp_path):
    db = open_db(tmp_path / "nianbao.db")
    row = Portal("p", "句容市人民政府", "http://www.jurong.gov.cn/gknb/")
    record_portals(db, [row])
    plain = current_parser_version(db)
    assert plain == current_parser_version(db)
    record_portals(db, [replace(row, aliases=(("句容府", "句容市人民政府"),))])
    aliased = current_parser_version(db)
    record_portals(db, [replace(row, aliases=(("句容府", "句容市人民政府"),), division="321183")])
    assert len({plain, aliased, current_parser_version(db)}) == 3
