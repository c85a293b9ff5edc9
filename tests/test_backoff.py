"""A retry waits out its backoff outside the downloader: other hosts are fetched meanwhile."""

from nianbao.demo.catalog import GENERIC, TRS
from nianbao.demo.site import DemoSite
from tests.conftest import nianbao, write_registry

BACKOFF_SECONDS = 2


def test_a_waiting_retry_holds_no_download_slot(tmp_path):
    site = DemoSite().start()
    try:
        flaky, healthy = site.portals[TRS], site.portals[GENERIC]
        flaky.unavailable[flaky.start_path] = 1
        rows = [row for row in site.registry_rows() if row["id"] in (TRS, GENERIC)]
        # One download slot for the whole crawl: a retry that slept inside the downloader would hold it.
        result = nianbao("crawl", "--portals", write_registry(tmp_path / "portals.yaml", rows), "--db",
                         tmp_path / "a.db", "--set", "CONCURRENT_REQUESTS=1",
                         "--set", f"NIANBAO_RETRY_BACKOFF={BACKOFF_SECONDS}")
    finally:
        site.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    failed, retried = [hit for hit in flaky.hits if hit.path == flaky.start_path]
    assert (failed.status, retried.status) == (503, 200)
    assert retried.at - failed.at >= BACKOFF_SECONDS
    meanwhile = [hit for hit in healthy.hits if failed.at < hit.at < retried.at and hit.path != "/robots.txt"]
    assert meanwhile, [(hit.path, hit.at - failed.at) for hit in healthy.hits]
