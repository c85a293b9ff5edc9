"""The command line by click's conventions: help, version, one name, type and variable per option, exit statuses;
`parse` saying what a file is when it is not a report; the demo's ports and the crawl shown to a person."""

import json
import os
import pty
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from importlib.metadata import version
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from nianbao.archive.db import open_db
from nianbao.archive.lock import archive_lock
from nianbao.cli import DEMO_LOCK, cli
from nianbao.demo.catalog import TRS
from nianbao.demo.planted import last_run, summary
from nianbao.demo.ports import PORTS_FILE, portal_ports, record_ports, recorded_ports
from nianbao.demo.site import DemoSite
from nianbao.exit_codes import ARCHIVE_BUSY, FAILED, NOT_A_REPORT, OK, PORT_IN_USE, REGISTRY, USAGE
from nianbao.extract.document_kind import describe, is_not_a_report
from nianbao.extract.files import parse_file
from tests.conftest import FAST_ENV, free_port, nianbao, write_registry

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "tests" / "files"
# Real report pages and texts, and real listing pages of the same portals (tests/files/<portal>/urls.yaml).
REPORTS = [*sorted((FILES / "seeds").glob("*.txt")), FILES / "mct" / "t20240126_951234.html",
           FILES / "yn-hrss" / "InfoDetail-42719.html", FILES / "js-mzt" / "art_90135_10312345.html"]
LISTINGS = [FILES / "yn-hrss" / "list.html", FILES / "mct" / "index.html", FILES / "chinatax" / "index.html",
            FILES / "js-mzt" / "column.html", FILES / "blind-listings" / "trs-pages" / "index.html"]
BLIND_REPORTS = sorted(p for folder in ("blind-reports", "blind-reports-2") for p in (FILES / folder).iterdir()
                       if p.suffix in (".html", ".txt"))
DEADLINE_SECONDS = 30
# Scrapy's start-up lines, which a crawl on a terminal leaves out.
STARTUP = ("Overridden settings", "Enabled extensions", "Enabled downloader middlewares", "Versions:")
_PROGRESS = re.compile(r"crawl: (\d+)/(\d+) portals, (\d+) responses, (\d+) pages recorded, (\d+) failed")


def _help(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), prog_name="nianbao")


def _options(command: click.Command) -> dict[str, click.Option]:
    return {param.opts[0]: param for param in command.params if isinstance(param, click.Option) and not param.hidden}


# Help, version, options.

@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_answers_h_and_help(name):
    short, long = _help(name, "-h"), _help(name, "--help")
    assert short.exit_code == long.exit_code == OK
    assert short.output == long.output
    assert short.output.startswith(f"Usage: nianbao {name} ")
    assert "-h, --help" in short.output


def test_version_is_the_installed_package_version():
    result = _help("--version")
    assert result.exit_code == OK
    assert result.output.strip() == f"nianbao {version('nianbao')}"
    assert _help("-h").exit_code == OK


def test_each_option_has_one_type_and_one_variable_across_commands():
    seen: dict[str, set] = {}
    for command in cli.commands.values():
        for name, option in _options(command).items():
            kind = option.type
            seen.setdefault(name, set()).add((type(kind).__name__, getattr(kind, "type", None),
                                              getattr(kind, "dir_okay", None), getattr(kind, "file_okay", None)))
    assert {name: len(kinds) for name, kinds in seen.items() if len(kinds) > 1} == {}
    assert seen["--db"] == {("Path", Path, False, True)}
    assert seen["--snapshots"] == {("Path", Path, True, False)}


@pytest.mark.parametrize(("option", "variable"), [("--db", "NIANBAO_DB"), ("--snapshots", "NIANBAO_SNAPSHOTS"),
                                                  ("--redis", "NIANBAO_REDIS_URL"),
                                                  ("--prefix", "NIANBAO_REDIS_PREFIX"),
                                                  ("--recheck-days", "NIANBAO_RECHECK_DAYS")])
def test_environment_variables_are_declared_and_shown_in_help(option, variable):
    commands = [name for name, command in cli.commands.items() if option in _options(command)]
    assert commands
    for name in commands:
        declared = _options(cli.commands[name])[option]
        # serve's and demo's --db name a file of their own: NIANBAO_DB is the archive the others write.
        if option == "--db" and name in ("serve", "demo"):
            assert declared.envvar is None
            continue
        assert declared.envvar == variable and declared.show_envvar, name
        assert f"env var: {variable}" in re.sub(r"\s+", " ", _help(name, "-h").output), name


def test_the_archive_variable_is_read_when_the_command_runs(tmp_path, monkeypatch):
    open_db(tmp_path / "elsewhere.db").close()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["export"], env={"NIANBAO_DB": None}).exit_code == USAGE  # no nianbao.db here
    result = runner.invoke(cli, ["export"], env={"NIANBAO_DB": str(tmp_path / "elsewhere.db")})
    assert result.exit_code == OK, result.output
    assert result.output == ""


def test_the_old_snapshot_folder_option_still_works_unlisted(tmp_path):
    archive = tmp_path / "a.db"
    open_db(archive).close()
    snapshot = cli.commands["snapshot"]
    old = snapshot.make_context("snapshot", ["--db", str(archive), "--out", str(tmp_path / "old")])
    new = snapshot.make_context("snapshot", ["--db", str(archive), "--snapshots", str(tmp_path / "new")])
    assert old.params["out_dir"] == tmp_path / "old" and new.params["out_dir"] == tmp_path / "new"
    assert "--out" not in _help("snapshot", "-h").output


# Exit statuses.

def test_a_usage_error_exits_2():
    result = nianbao("crawl", "--no-such-option")
    assert result.returncode == USAGE == 2
    assert "No such option" in result.stderr


def test_an_unknown_portal_id_is_a_registry_error(tmp_path):
    registry = write_registry(tmp_path / "portals.yaml", [{"id": "x", "name": "X", "start_url": "http://127.0.0.1:9/"}])
    result = nianbao("crawl", "--portals", registry, "--db", tmp_path / "a.db", "--only", "nope")
    assert result.returncode == REGISTRY
    assert "no portal with id nope" in result.stderr


def test_a_failed_portal_exits_1(tmp_path):
    registry = write_registry(tmp_path / "portals.yaml",
                              [{"id": "gone", "name": "Gone", "start_url": f"http://127.0.0.1:{free_port()}/"}])
    result = nianbao("crawl", "--portals", registry, "--db", tmp_path / "a.db", "--set", "RETRY_TIMES=0")
    assert result.returncode == FAILED, result.stderr[-2000:]
    assert "failed portals: gone" in result.stderr


def test_a_busy_archive_exits_3(tmp_path):
    db_path = tmp_path / "a.db"
    open_db(db_path).close()
    registry = write_registry(tmp_path / "portals.yaml", [{"id": "x", "name": "X", "start_url": "http://127.0.0.1:9/"}])
    with archive_lock(db_path):
        for command in (("crawl", "--portals", registry), ("reparse",), ("demo", "--no-serve")):
            result = nianbao(*command, "--db", db_path)
            assert result.returncode == ARCHIVE_BUSY, (command, result.stderr[-2000:])
            assert "is being written by another nianbao command" in result.stderr, command


# parse: what a file is when it is not a report.

def _not_reports(tmp_path) -> dict[str, Path]:
    links = "".join(f'<li><a href="/t{n}.html">某某局{2010 + n}年政府信息公开工作年度报告</a>'
                    f"<span>2024-01-{n + 1:02d}</span></li>" for n in range(12))
    prose = "本站是政府门户网站，提供新闻动态、政策解读、办事服务和互动交流等栏目，欢迎社会各界监督。" * 8
    files = {"empty.html": "", "hostname.html": "www.example.gov.cn\n",
             "listing.html": f"<html><head><title>政府信息公开年报</title></head><body><ul>{links}</ul></body></html>",
             "notice.txt": f"关于网站改版的说明\n{prose}"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return {name: tmp_path / name for name in files}


@pytest.mark.parametrize(("name", "says"), [("empty.html", "空文件"), ("hostname.html", "www.example.gov.cn"),
                                            ("listing.html", "链接列表页（12 个链接"),
                                            ("notice.txt", "没有年报标题，也没有统计表")])
def test_a_file_that_is_not_a_report_is_described(tmp_path, name, says):
    path = _not_reports(tmp_path)[name]
    note = describe(path, parse_file(str(path)))
    assert note.startswith("不是年报：") and " / not a report: " in note
    assert says in note


@pytest.mark.parametrize("path", LISTINGS, ids=lambda p: str(p.relative_to(FILES)))
def test_real_listing_pages_are_not_reports(path):
    assert is_not_a_report(describe(path, parse_file(str(path))) or "")


def test_a_report_page_whose_tables_are_attached_is_not_called_a_listing(tmp_path):
    menu = "".join(f'<li><a href="/col{n}/">栏目{n}：政务公开与互动交流</a></li>' for n in range(30))
    page = tmp_path / "attached.html"
    page.write_text(f"<html><body><ul>{menu}</ul><h1>云溪市教育局2023年政府信息公开工作年度报告</h1>"
                    '<p>详见附件。</p><p><a href="/u/2024/nb2023.pdf">云溪市教育局2023年年报.pdf</a></p></body></html>',
                    encoding="utf-8")
    note = describe(page, parse_file(str(page)))
    assert note and not is_not_a_report(note)
    assert "附件" in note and "1 document links" in note
    assert nianbao("parse", "--strict", page).returncode == OK


@pytest.mark.parametrize("path", REPORTS + BLIND_REPORTS, ids=lambda p: str(p.relative_to(FILES)))
def test_real_reports_are_not_flagged(path):
    assert describe(path, parse_file(str(path))) is None


# Pages built by someone who had not read the rule (tests/files/blind-not-reports/manifest.yaml says what each is).
BLIND_PAGES = FILES / "blind-not-reports"
BLIND_KINDS = {name: entry["kind"] for name, entry in
               yaml.safe_load((BLIND_PAGES / "manifest.yaml").read_text(encoding="utf-8")).items()}
# Read wrong on first sight: report pages whose file link sits among a 相关文章 sidebar of other years' reports
# are taken for listings (the dated links outnumber MIN_LISTED_YEARS).
MISREAD_BLIND = {"attach_pdf_bignav.html", "attach_wps_docx_hanweb.html"}


def _kind_said(path: Path) -> str:
    note = describe(path, parse_file(str(path)))
    return "report" if note is None else "not_a_report" if is_not_a_report(note) else "attachment_page"


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="misread"))
                                  if name in MISREAD_BLIND else name for name in sorted(BLIND_KINDS)])
def test_blind_pages_are_told_apart(name):
    expected = BLIND_KINDS[name] if BLIND_KINDS[name] in ("report", "attachment_page") else "not_a_report"
    assert _kind_said(BLIND_PAGES / name) == expected


def test_parse_notes_what_is_not_a_report_and_strict_fails(tmp_path):
    made = _not_reports(tmp_path)
    files = [made["empty.html"], made["listing.html"], *REPORTS[:2]]
    result = nianbao("parse", *files)
    assert result.returncode == OK, result.stderr[-2000:]
    notes = {Path(line["source"]).name: line["notes"] for line in map(json.loads, result.stdout.splitlines())}
    flagged = {name for name, said in notes.items() if any(note.startswith("不是年报：") for note in said)}
    assert flagged == {"empty.html", "listing.html"}
    assert nianbao("parse", "--strict", *files).returncode == NOT_A_REPORT
    assert nianbao("parse", "--strict", *REPORTS[:2]).returncode == OK
    assert nianbao("parse", "--strict", tmp_path / "missing.html").returncode == FAILED


# The demo: ports checked before anything starts, the portals' ports kept across runs.

def test_the_demo_stops_before_crawling_when_its_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = nianbao("demo", "--db", tmp_path / "demo" / "nianbao.db", "--port", port)
    assert result.returncode == PORT_IN_USE, result.stderr[-2000:]
    assert f"port {port} (Datasette) is in use" in result.stderr
    assert time.monotonic() - started < DEADLINE_SECONDS
    assert not (tmp_path / "demo" / "demo-portals.yaml").exists()


def test_the_demo_stops_when_a_recorded_portal_port_is_taken(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        record_ports(folder, {TRS: port})
        result = nianbao("demo", "--db", folder / "nianbao.db", "--no-serve")
    assert result.returncode == PORT_IN_USE
    assert f"port {port} ({TRS}) is in use" in result.stderr and PORTS_FILE in result.stderr
    assert not (folder / "demo-portals.yaml").exists()


def test_a_second_demo_on_the_same_folder_stops_at_once(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    with archive_lock(folder / DEMO_LOCK):  # what a running demo holds, serving included
        started = time.monotonic()
        result = nianbao("demo", "--db", folder / "nianbao.db", "--port", free_port())
    assert result.returncode == ARCHIVE_BUSY
    assert "is another `nianbao demo` running on" in result.stderr
    assert time.monotonic() - started < DEADLINE_SECONDS
    assert not (folder / PORTS_FILE).exists()


def test_demo_portals_keep_their_ports_from_one_run_to_the_next(tmp_path):
    assert portal_ports(tmp_path, ["a", "b"], 0) == {}
    first = DemoSite().start()
    try:
        record_ports(tmp_path, first.ports())
    finally:
        first.stop()
    again = DemoSite().start(portal_ports(tmp_path, list(first.portals), 0))
    try:
        assert again.ports() == first.ports() == recorded_ports(tmp_path)
    finally:
        again.stop()
    assert portal_ports(tmp_path, ["a", "b"], 9000) == {"a": 9000, "b": 9001}


# A crawl on a terminal: a quiet start, one progress line whose counts are the archive's, a planted-fault summary.

def _on_a_terminal(args: list, env: dict) -> str:
    """Run the command with stderr on a pseudo-terminal; returns what the terminal showed."""
    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "nianbao", *map(str, args)], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=follower, env={**os.environ, **env})
    os.close(follower)
    shown = bytearray()

    def read():
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    child.wait(timeout=300)
    reader.join(timeout=10)
    os.close(leader)
    assert child.returncode == OK, shown.decode(errors="replace")[-3000:]
    return shown.decode(errors="replace")


def test_a_crawl_on_a_terminal_starts_quietly_and_counts_what_the_archive_records(demo_site, tmp_path):
    registry = write_registry(tmp_path / "portals.yaml", demo_site.registry_rows())
    db_path = tmp_path / "a.db"
    shown = _on_a_terminal(["crawl", "--portals", registry, "--db", db_path],
                           {**FAST_ENV, "NIANBAO_LOG_LEVEL": "INFO"})
    assert not [line for line in STARTUP if line in shown]
    assert "Spider opened" in shown  # INFO lines still show, above the progress line
    lines = [_PROGRESS.search(line) for line in re.split(r"[\r\n]", shown)]
    last = [found for found in lines if found][-1]
    with closing(sqlite3.connect(db_path)) as db:
        pages, errors = db.execute("select pages_fetched, errors from crawl_runs").fetchone()
        recorded = db.execute("select count(*) from fetch_errors").fetchone()[0]
    assert errors == recorded == 2  # the TRS portal's page under robots.txt and its dead link
    assert (int(last[1]), int(last[2]), int(last[4]), int(last[5])) == (3, 3, pages, recorded)
    db = open_db(db_path)
    lines, real = summary(db, last_run(db), demo_site.planted_faults())
    assert real == 0
    assert "2 URLs not archived (fetch_errors): 2 planted by the demo on purpose, 0 real" in lines
    assert sum(line.lstrip().startswith("planted ") for line in lines) == 2
