"""Rows marked `browser: true` are crawled through Chromium (scrapy-playwright); other rows never touch it."""

import sqlite3
from contextlib import closing
from types import SimpleNamespace

import pytest

from nianbao.crawler.browser import BROWSER_META, HANDLER, BrowserMissing, browser_settings
from nianbao.crawler.registry import Portal
from nianbao.crawler.spiders.portals import portal_meta
from nianbao.demo.scripted import COLUMN, PORTAL, ScriptedSite, detail_path
from nianbao.demo.site import stop_servers
from tests.catalog_cells import assert_cells_as_printed
from tests.conftest import chromium_path, nianbao, write_registry
from tests.test_offsite import InternalService


@pytest.fixture(scope="module")
def scripted():
    site = ScriptedSite().start()
    yield site
    site.stop()


def crawl(site, tmp_path, browser: bool):
    registry = write_registry(tmp_path / "portals.yaml", [site.registry_row(browser)])
    env = {"NIANBAO_CHROMIUM": chromium_path()}
    return nianbao("crawl", "--portals", registry, "--db", tmp_path / "nianbao.db", env=env)


def test_a_script_drawn_list_is_crawled_through_chromium(scripted, tmp_path):
    scripted.log.clear()
    result = crawl(scripted, tmp_path, browser=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_cells_as_printed(tmp_path / "nianbao.db", scripted.reports)
    with closing(sqlite3.connect(tmp_path / "nianbao.db")) as db:
        assert db.execute("select count(*) from reports").fetchone()[0] == len(scripted.reports)
        assert db.execute("select listing_pages from portal_runs").fetchone()[0] == 2
    assert [p for p in scripted.log if p.startswith(COLUMN + "index")] == [COLUMN + "index.html",
                                                                           COLUMN + "index_1.html"]


def test_without_the_browser_the_same_row_fails_loudly(scripted, tmp_path):
    result = crawl(scripted, tmp_path, browser=False)
    assert result.returncode == 1
    with closing(sqlite3.connect(tmp_path / "nianbao.db")) as db:
        [(portal, status, message)] = db.execute("select portal, status, message from portal_runs").fetchall()
    assert (portal, status) == (PORTAL, "error")
    assert message.endswith("/index.html: generic listing: no link whose text names a 年报 / 年度报告 with a year")


def test_only_browser_rows_ask_for_the_browser_and_only_then_is_it_installed():
    plain = Portal("plain", "a", "http://127.0.0.1/a/")
    scripted_row = Portal("scripted", "b", "http://127.0.0.1/b/", browser=True)
    assert browser_settings([plain]) == {}
    settings = browser_settings([plain, scripted_row])
    assert settings["DOWNLOAD_HANDLERS"] == {"http": HANDLER, "https": HANDLER}
    assert settings["PLAYWRIGHT_LAUNCH_OPTIONS"]["headless"] is True
    assert BROWSER_META not in portal_meta(plain) and portal_meta(scripted_row)[BROWSER_META] is True


def test_chromium_fetches_nothing_a_browser_row_may_not():
    settings = browser_settings([Portal("plain", "a", "http://127.0.0.1:8000/a/"),
                                 Portal("scripted", "b", "http://www.sz.gd.cn/b/", browser=True,
                                        hosts=("www.sz.gd.cn",))])
    abort = settings["PLAYWRIGHT_ABORT_REQUEST"]
    for allowed in ("http://rsj.sz.gd.cn/gknb/1.html", "https://www.sz.gd.cn/logo.png"):
        assert not abort(SimpleNamespace(url=allowed)), allowed
    for refused in ("http://127.0.0.1:8000/a/", "http://169.254.169.254/latest/meta-data/", "http://www.gz.gd.cn/",
                    "http://www.sz.gd.cn:6379/", "file:///etc/passwd"):
        assert abort(SimpleNamespace(url=refused)), refused


def test_a_browser_row_without_the_extra_is_refused_with_the_fix(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(BrowserMissing, match=r"portal rows s need a real browser: pip install 'nianbao\[browser\]'"):
        browser_settings([Portal("s", "b", "http://127.0.0.1/b/", browser=True)])


def test_scale_out_refuses_browser_rows_and_says_how_to_crawl_them(scripted, tmp_path):
    registry = write_registry(tmp_path / "portals.yaml", [scripted.registry_row(True)])
    result = nianbao("ingest", "--portals", registry, "--db", tmp_path / "nianbao.db", "--redis",
                     "redis://127.0.0.1:1/0")
    assert result.returncode == 1
    assert f"rows {PORTAL} need a real browser, which scaled-out workers do not drive: crawl them with " \
           f"`nianbao crawl --only {PORTAL}`" in result.stderr


def test_chromium_reaches_no_other_host_not_even_through_a_redirect(tmp_path):
    site, internal = ScriptedSite().start(), InternalService()
    try:
        site.redirects[detail_path(site.reports[0])] = internal.url("/config")
        listing = COLUMN + "index.html"
        site.routes[listing] = site.routes[listing].replace(
            b"</body>", f'<img src="{internal.url("/pixel.png")}"></body>'.encode())
        result = crawl(site, tmp_path, browser=True)
    finally:
        site.stop()
        stop_servers([internal.server])
    assert internal.hits == [], result.stderr[-3000:]
    with closing(sqlite3.connect(tmp_path / "nianbao.db")) as db:
        failed = [url for (url,) in db.execute("select url from fetch_errors")]
        assert db.execute("select count(*) from reports").fetchone()[0] == len(site.reports) - 1
    assert failed == [site.url(detail_path(site.reports[0]))]
