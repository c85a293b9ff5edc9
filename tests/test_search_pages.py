"""Cheaper search pages: a search of the reports shows a few columns and counts its matches in the index, exactly
as Datasette counts them; any other filter, and an explicit column choice, leave Datasette's own behaviour."""

import asyncio
import csv
import html
import io
import json
import re
import sqlite3
import urllib.parse

import pytest
from datasette.app import Datasette

from benchmarks.synthetic_archive import build
from nianbao.publish.datasette_plugin.search_pages import COLUMNS_KEY, COUNT_KEY, NO_COUNT, PLUGIN, SEARCH_COLUMNS
from nianbao.publish.snapshot import make_snapshot

REPORTS = 60
_COUNT = re.compile(r"共 ([\d,]+) 条")
_COLUMNS = re.compile(r'<th [^>]*data-column="([^"]+)"')


def _datasette(snapshot, plugin_config: dict | None = None) -> Datasette:
    metadata = json.loads(snapshot.metadata_file.read_text(encoding="utf-8"))
    if plugin_config is not None:
        metadata.setdefault("plugins", {})[PLUGIN] = plugin_config
    return Datasette(config_dir=snapshot.path, immutables=[], metadata=metadata)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search-pages")
    return make_snapshot(build(tmp / "archive.db", REPORTS), tmp / "snapshots", keep=1)


def _page(ds: Datasette, **args) -> tuple[int | None, list[str], str]:
    response = asyncio.run(ds.client.get("/nianbao/reports?" + urllib.parse.urlencode(args)))
    assert response.status_code == 200
    count = _COUNT.search(response.text)
    return int(count.group(1).replace(",", "")) if count else None, _COLUMNS.findall(response.text), response.text


@pytest.mark.parametrize("words", ["复议", "纠正", "纠", "行政复议", "复议 纠正", "没有这个词"])
def test_the_index_counts_what_datasette_counts(snapshot, words):
    ours, columns, _ = _page(_datasette(snapshot), _search=words)
    theirs, every, _ = _page(_datasette(snapshot, {COLUMNS_KEY: [], COUNT_KEY: False}), _search=words)
    assert ours == theirs is not None
    if ours:
        assert columns == ["id", *SEARCH_COLUMNS] and len(every) > len(columns)


def test_another_filter_is_counted_by_datasette(snapshot):
    ds = _datasette(snapshot)
    everything, _, page = _page(ds, _search="复议")
    one_year, _, _ = _page(ds, _search="复议", year="2020")
    assert one_year is not None and 0 < one_year < everything
    # The search page's links keep the plugin's _nocount: a filter added to them still gets Datasette's count.
    assert f"{NO_COUNT[0]}={NO_COUNT[1]}" in page
    assert _page(ds, _search="复议", year="2020", **dict([NO_COUNT]))[0] == one_year
    assert _page(ds, _search="复议", year="2020", _nocount="1")[0] is None


def test_a_readers_choice_of_columns_is_kept(snapshot):
    ds = _datasette(snapshot)
    _, chosen, _ = _page(ds, _search="复议", _col="agency")
    _, all_but_one, _ = _page(ds, _search="复议", _nocol="crawl_run")
    assert chosen == ["id", "agency"]
    assert "crawl_run" not in all_but_one and "content_hash" in all_but_one


def test_the_json_of_a_search_keeps_every_column_and_datasettes_count(snapshot):
    response = asyncio.run(_datasette(snapshot).client.get("/nianbao/reports.json?_search=复议"))
    data = response.json()
    assert "content_hash" in data["columns"] and data["filtered_table_rows_count"] > 0


_EXPORT_LINKS = re.compile(r'<p class="export-links">(.*?)</p>', re.S)
_LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _exports(ds: Datasette, **args) -> dict[str, str]:
    """The export links a search page offers, by their label, and its advanced CSV form as one more link."""
    _, _, page = _page(ds, **args)
    links = {label: html.unescape(href) for href, label in _LINK.findall(_EXPORT_LINKS.search(page).group(1))}
    advanced = page[page.index('id="export"'):]
    links |= {label: html.unescape(href) for href, label in _LINK.findall(advanced)}
    form = [(name, html.unescape(value)) for name, value in _HIDDEN.findall(advanced)]
    links["csv-form"] = "/nianbao/reports.csv?" + urllib.parse.urlencode(form)
    return links


def _reports_columns(snapshot) -> list[str]:
    with sqlite3.connect(snapshot.path / "nianbao.db") as conn:
        return [row[1] for row in conn.execute("pragma table_info(reports)")]


def test_a_search_pages_exports_keep_every_column_and_the_count(snapshot):
    ds = _datasette(snapshot)
    links = _exports(ds, _search="复议")
    every = _reports_columns(snapshot)
    for label in ("CSV", "csv-form"):
        response = asyncio.run(ds.client.get(links[label]))
        assert response.status_code == 200
        assert [column for column in _header(response.text) if column in every] == every, label
    for label in ("json", "默认"):
        data = asyncio.run(ds.client.get(links[label])).json()
        assert data["columns"] == every and data["filtered_table_rows_count"] > 0, label
    for label in ("数组", "对象"):
        assert set(every) <= set(_first(asyncio.run(ds.client.get(links[label])).json())), label


def _header(text: str) -> list[str]:
    """A CSV's column names (the plugin's CSV begins with a byte-order mark, for spreadsheets)."""
    return next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _first(data: list | dict) -> dict:
    return data[0] if isinstance(data, list) else next(iter(data.values()))


def test_a_readers_columns_are_kept_in_the_exports(snapshot):
    ds = _datasette(snapshot)
    links = _exports(ds, _search="复议", _col="agency")
    response = asyncio.run(ds.client.get(links["CSV"]))
    assert _header(response.text) == ["id", "agency"]
    assert asyncio.run(ds.client.get(links["json"])).json()["columns"] == ["id", "agency"]
    form = asyncio.run(ds.client.get(links["csv-form"]))
    assert _header(form.text) == ["id", "agency"]
