"""Deploy with scrapyd-deploy through scrapy.cfg's [deploy] section to a local Scrapyd, and crawl the demo there."""

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import closing
from pathlib import Path

from tests.conftest import free_port, wait_for_http, write_registry

ROOT = Path(__file__).resolve().parent.parent
# What an egg is built from: the packages, and the files setup.py reads.
PROJECT_FILES = ("nianbao", "archive", "crawler", "pipelines", "extract", "publish", "demo", "scrapy.cfg", "setup.py",
                 "pyproject.toml", "README.md", "LICENSE")
JOB_TIMEOUT_SECONDS = 180
SCRAPYD_CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {home}/eggs
logs_dir = {home}/logs
dbs_dir = {home}/dbs
items_dir =
max_proc = 1
poll_interval = 0.5
"""


def copy_project(target: Path, scrapyd_url: str) -> None:
    """The project as a user deploys it, with the [deploy] url pointing at the test's Scrapyd."""
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    config = (target / "scrapy.cfg").read_text(encoding="utf-8")
    (target / "scrapy.cfg").write_text(re.sub(r"(?m)^url = .*$", f"url = {scrapyd_url}", config), encoding="utf-8")


def api(url: str, form: list[tuple[str, str]] | None = None) -> dict:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    with urllib.request.urlopen(url, data=data, timeout=10) as response:
        return json.loads(response.read())


def test_scrapyd_deploy_and_crawl(demo_site, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(SCRAPYD_CONF.format(port=port, home=home), encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        wait_for_http(base + "daemonstatus.json")
        project = tmp_path / "project"
        project.mkdir()
        copy_project(project, base)
        deploy = subprocess.run([str(Path(sys.executable).with_name("scrapyd-deploy"))], cwd=project,
                                capture_output=True, text=True, timeout=300)
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert '"status": "ok"' in deploy.stdout, deploy.stdout + deploy.stderr
        assert api(base + "listspiders.json?project=nianbao")["spiders"] == ["portals"]

        registry = write_registry(tmp_path / "portals.yaml", demo_site.registry_rows())
        db_path = tmp_path / "archive" / "nianbao.db"
        job = api(base + "schedule.json", [
            ("project", "nianbao"), ("spider", "portals"), ("portals_file", registry),
            ("setting", f"NIANBAO_DB={db_path}"), ("setting", "AUTOTHROTTLE_START_DELAY=0.01"),
        ])["jobid"]
        deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            jobs = api(base + "listjobs.json?project=nianbao")
            if any(j["id"] == job for j in jobs["finished"]):
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"scrapyd job {job} did not finish: {jobs}")
        log = (home / "logs" / "nianbao" / "portals" / f"{job}.log").read_text(encoding="utf-8")
        with closing(sqlite3.connect(db_path)) as db:
            reports = db.execute("select agency, year from reports").fetchall()
            runs = db.execute("select command, status from crawl_runs").fetchall()
        assert sorted(reports) == sorted((r.agency, r.year) for r in demo_site.catalog), log[-3000:]
        assert runs == [("scrapy crawl portals", "ok")]
    finally:
        server.terminate()
        server.wait(timeout=10)
