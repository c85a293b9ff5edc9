"""Operational rules: removal notices, retry backoff, User-Agent, the archive lock, archives from older versions."""

import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from itertools import pairwise
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.settings import Settings

from nianbao.archive.db import open_db
from nianbao.archive.lock import archive_lock
from nianbao.crawler.backoff import BackoffRetryMiddleware
from nianbao.demo import pages
from nianbao.demo.catalog import TRS
from nianbao.demo.site import TRS_COLUMN, DemoSite
from nianbao.extract.clean import clean_tree, parse_html
from nianbao.extract.removed import removal_notice
from tests.conftest import FAST_ENV, nianbao, write_registry


def clean_text(html: str) -> str:
    return clean_tree(parse_html(html)).text


def test_removal_notice_pages_are_recognised():
    assert removal_notice(clean_text(pages.removed_notice(TRS)), "提示信息") == "已删除"
    assert removal_notice("对不起，您访问的页面不存在！ 返回首页", None) == "不存在"
    assert removal_notice("", "404 Not Found") == "404"
    assert removal_notice("该信息已被撤销。", "") == "已被撤销"


def test_reports_and_ordinary_short_pages_are_not_removal_notices(demo_site):
    report = demo_site.catalog[-1]
    text = clean_text(pages.trs_detail(report, TRS, [])) + " 不存在应公开未公开的情况，已删除过期链接。"
    assert removal_notice(text, report.title) is None
    assert removal_notice("欢迎访问云溪市人民政府网站", "首页") is None


def backoff(**settings) -> BackoffRetryMiddleware:
    return BackoffRetryMiddleware(Settings({"RETRY_ENABLED": True, "NIANBAO_RETRY_BACKOFF": 2,
                                            "NIANBAO_RETRY_BACKOFF_MAX": 30, **settings}))


def test_backoff_doubles_honours_retry_after_and_is_capped():
    middleware = backoff()
    def retry(n):
        return Request("http://127.0.0.1/", meta={"retry_times": n})

    assert [middleware.delay(retry(n)) for n in (1, 2, 3, 5)] == [2, 4, 8, 30]
    assert middleware.delay(retry(1), b"7") == 7
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=20), usegmt=True).encode()
    assert 15 < middleware.delay(retry(1), later) <= 20
    assert middleware.delay(retry(1), b"86400") == 30


def test_crawl_waits_before_retrying_and_says_who_it_is(demo_site, tmp_path):
    site = demo_site.portals[TRS]
    path = TRS_COLUMN + "index_1.html"
    site.unavailable[path] = 2
    site.hits.clear()
    registry = write_registry(tmp_path / "portals.yaml", [demo_site.registry_rows()[0]])
    result = nianbao("crawl", "--portals", registry, "--db", tmp_path / "a.db", "--set", "NIANBAO_RETRY_BACKOFF=0.5",
                     env={"NIANBAO_CONTACT": "mailto:ops@example.org"})
    assert result.returncode == 0, result.stderr[-3000:]
    attempts = [hit for hit in site.hits if hit.path == path]
    assert [hit.status for hit in attempts] == [503, 503, 200]
    gaps = [later.at - earlier.at for earlier, later in pairwise(attempts)]
    assert gaps[0] >= 0.5 and gaps[1] >= 1.0
    agents = {hit.headers["User-Agent"] for hit in site.hits}
    assert agents == {("nianbao/0.1 (open archive of government information-disclosure annual reports; "
                       "+mailto:ops@example.org)")}


def test_a_second_writer_is_refused_while_the_archive_is_locked(tmp_path):
    db_path = tmp_path / "a.db"
    open_db(db_path).close()
    registry = write_registry(tmp_path / "portals.yaml", [{"id": "x", "name": "X", "start_url": "http://127.0.0.1:9/"}])
    with archive_lock(db_path) as fresh:
        assert fresh
        with archive_lock(db_path) as nested:
            assert not nested
        for command in (("crawl", "--portals", registry), ("nightly", "--portals", registry), ("reparse",)):
            result = nianbao(*command, "--db", db_path)
            assert result.returncode == 3, command
            assert "is being written by another nianbao command (pid " in result.stderr, command


def test_an_archive_from_an_older_version_gains_the_new_columns(tmp_path):
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("create table sources (url text primary key, report_id text, portal text)")
        conn.execute("insert into sources values ('http://x/1.html', 'r1', 'p')")
        conn.commit()
    db = open_db(path)
    assert {"etag", "last_modified", "checked_at", "gone", "gone_reason"} <= set(db["sources"].columns_dict)
    assert list(db.query("select url, gone from sources")) == [{"url": "http://x/1.html", "gone": None}]


@pytest.mark.parametrize("status", [403, 412])
def test_blocked_listing_blocks_the_portal_not_its_reports(demo_site, tmp_path, status):
    site = demo_site.portals[TRS]
    registry = write_registry(tmp_path / "portals.yaml", [demo_site.registry_rows()[0]])
    db_path = tmp_path / "b.db"
    assert nianbao("crawl", "--portals", registry, "--db", db_path).returncode == 0
    site.blocked = status
    try:
        result = nianbao("crawl", "--portals", registry, "--db", db_path, "--set", "NIANBAO_RECHECK_DAYS=0")
    finally:
        site.blocked = None
    assert result.returncode == 1
    with closing(sqlite3.connect(db_path)) as conn:
        (state,) = conn.execute("select status, consecutive_failures, blocked_since is not null from portal_health")
        assert state == ("blocked", 1, 1)
        assert conn.execute("select count(*) from sources where gone is not null").fetchone()[0] == 0
        assert conn.execute("select count(*) from reports where gone is not null").fetchone()[0] == 0


def test_a_listed_link_that_redirects_is_known_after_one_fetch(tmp_path):
    site = DemoSite().start()
    try:
        trs = site.portals[TRS]
        report = next(r for r in site.catalog if TRS in r.portals)
        old = urlsplit(site.detail_url(TRS, report.agency, report.year)).path
        new = old.replace(".html", "_1.html")
        trs.routes[new] = trs.routes.pop(old)
        trs.redirects[old] = new
        registry = write_registry(tmp_path / "portals.yaml", [site.registry_rows()[0]])
        db_path = tmp_path / "r.db"
        assert nianbao("crawl", "--portals", registry, "--db", db_path).returncode == 0
        with closing(sqlite3.connect(db_path)) as conn:
            (listed,) = conn.execute("select listed_url from fetches where url like ?", (f"%{new}",)).fetchone()
        assert listed.endswith(old)
        trs.log.clear()
        assert nianbao("crawl", "--portals", registry, "--db", db_path).returncode == 0
        assert not [path for _, path in trs.log if path in (old, new)]
    finally:
        site.stop()


def run_on_terminal(*args) -> tuple[int, str]:
    """Run nianbao with stderr on a pseudo-terminal, as a user at a shell would; returns status and stderr."""
    master, slave = os.openpty()
    child = subprocess.Popen([sys.executable, "-m", "nianbao", *map(str, args)], stdout=subprocess.DEVNULL,
                             stderr=slave, env={**os.environ, **FAST_ENV})
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    return child.wait(timeout=300), output.decode("utf-8", "replace")


def test_long_commands_show_progress_on_a_terminal_only(demo_site, tmp_path):
    registry = write_registry(tmp_path / "portals.yaml", demo_site.registry_rows())
    db_path = tmp_path / "p.db"
    status, shown = run_on_terminal("nightly", "--portals", registry, "--db", db_path, "--snapshots",
                                    tmp_path / "snapshots", "--set", "NIANBAO_PROGRESS_SECONDS=0.2")
    assert status == 0, shown[-3000:]
    assert "nightly: crawling 3 portals" in shown
    assert re.search(r"crawl: 3/3 portals, \d+ responses, \d+ pages recorded, \d+ failed", shown)
    assert "snapshot: " in shown
    status, shown = run_on_terminal("reparse", "--db", db_path)
    assert status == 0 and "reparse" in shown and "100%" in shown
    piped = nianbao("reparse", "--db", db_path)
    assert piped.returncode == 0 and "100%" not in piped.stderr
