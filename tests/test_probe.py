"""`nianbao probe` classifies a demo set of reachable, moved, blocked and mismatched portals correctly."""

import json

import pytest

from nianbao.demo.families import GKMLPT, FamilySites
from nianbao.demo.site import DemoSite
from tests.conftest import free_port, nianbao, write_registry


@pytest.fixture(scope="module")
def sites():
    """Demo sites of our own: one refuses with 412, one answers 200 with a cookie challenge, one moved a column."""
    demo, families = DemoSite().start(), FamilySites().start()
    demo.portals["demo-generic"].blocked = 412
    demo.portals["demo-hanweb"].blocked = 200
    demo.portals["demo-trs"].redirects["/old/zfxxgknb/"] = "/"
    demo.portals["demo-trs"].redirects["/old/away/"] = demo.url("demo-hanweb", "/")
    yield demo, families
    demo.stop()
    families.stop()


@pytest.fixture(scope="module")
def probed(sites, tmp_path_factory):
    """The probe's JSON lines and table over the demo set."""
    demo, families = sites
    trs = demo.registry_rows()[0]
    rows = [
        trs,
        {"id": "gkmlpt", "name": "海澄", "family": "gkmlpt", "start_url": families.url(GKMLPT, "/gkmlpt/index")},
        {"id": "gone", "name": "已删除", "family": "trs", "start_url": demo.url("demo-trs", "/old/index.html")},
        {"id": "home", "name": "改版", "family": "trs", "start_url": demo.url("demo-trs", "/old/zfxxgknb/")},
        {"id": "away", "name": "迁走", "family": "trs", "start_url": demo.url("demo-trs", "/old/away/")},
        {"id": "refused", "name": "412", "start_url": demo.registry_rows()[2]["start_url"]},
        {"id": "challenge", "name": "挑战", "family": "hanweb", "start_url": demo.registry_rows()[1]["start_url"]},
        {"id": "wrong", "name": "错配", "family": "hanweb", "start_url": trs["start_url"]},
        {"id": "down", "name": "关机", "family": "trs", "start_url": f"http://127.0.0.1:{free_port()}/index.html"},
        {"id": "kpy", "name": "开普云", "family": "kaipuyun", "start_url": demo.url("demo-trs", "/ucap/")},
    ]
    registry = write_registry(tmp_path_factory.mktemp("probe") / "portals.yaml", rows)
    as_json = nianbao("probe", "--portals", registry, "--json")
    table = nianbao("probe", "--portals", registry)
    return {"json": as_json, "table": table,
            "verdicts": {v["portal"]: v for v in map(json.loads, as_json.stdout.splitlines())}}


def test_each_portal_gets_the_right_verdict(probed):
    assert {p: v["status"] for p, v in probed["verdicts"].items()} == {
        "demo-trs": "reachable", "gkmlpt": "reachable", "gone": "moved", "home": "moved", "away": "moved",
        "refused": "blocked",
        "challenge": "blocked", "wrong": "family mismatch", "down": "unreachable", "kpy": "unsupported"}


def test_verdicts_say_why(probed, sites):
    demo, _ = sites
    verdicts = probed["verdicts"]
    assert (verdicts["demo-trs"]["reports"], verdicts["demo-trs"]["detected"]) == (5, "trs")
    assert verdicts["gkmlpt"]["message"] == "0 report links, 1 further list requests"
    assert (verdicts["gone"]["http"], verdicts["gone"]["message"]) == (404, "HTTP 404")
    assert verdicts["home"]["message"] == f"redirected to the home page {demo.url('demo-trs', '/')}"
    # Another site is not followed, not even by the probe: the redirect itself says the listing moved.
    assert verdicts["away"]["message"] == f"refused: redirect to {demo.base_url('demo-hanweb')[7:]} (another port)"
    assert verdicts["refused"]["message"] == "HTTP 412: JavaScript cookie challenge"
    assert verdicts["challenge"]["message"] == "HTTP 200: JavaScript cookie challenge"
    assert verdicts["wrong"]["message"] == "the registry says hanweb, the page is trs"
    assert "ConnectionRefusedError" in verdicts["down"]["message"]


def test_one_request_per_portal_and_nothing_else(probed, sites):
    demo, _ = sites
    asked = [hit.path for hit in demo.portals["demo-trs"].hits if hit.path != "/robots.txt"]
    # Two probes (JSON, table); demo-trs and wrong both ask the TRS column; the site logs no redirect answers.
    assert sorted(asked) == ["/"] * 2 + ["/old/index.html"] * 2 + ["/zwgk/zfxxgknb/index.html"] * 4


def test_table_and_exit_status(probed):
    assert probed["json"].returncode == 1 and probed["table"].returncode == 1
    lines = probed["table"].stdout.splitlines()
    assert lines[0].split() == ["portal", "status", "http", "family", "detected", "reports", "message"]
    assert any(line.startswith("wrong ") and "family mismatch" in line for line in lines)
    assert lines[-1] == "2 reachable, 3 moved, 2 blocked, 1 family mismatch, 1 unreachable, 1 unsupported"


def test_all_reachable_exits_zero(sites, tmp_path):
    demo, families = sites
    registry = write_registry(tmp_path / "ok.yaml", [demo.registry_rows()[0], *families.registry_rows()])
    result = nianbao("probe", "--portals", registry)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "6 reachable"
