"""The nianbao command line: parse, crawl, nightly, worker, ingest, reparse, export, snapshot, serve, demo."""

import os
import subprocess
import sys
from pathlib import Path

import click
import yaml

from nianbao.archive.db import open_db
from nianbao.archive.export import export_lines
from nianbao.archive.lock import ArchiveBusy, locked_archive
from nianbao.archive.parser_version import needs_reparse
from nianbao.archive.reparse import reparse as reparse_archive
from nianbao.archive.runs import record_portals
from nianbao.crawler.browser import BrowserMissing
from nianbao.crawler.registry import BUNDLED, RegistryError, load_portals
from nianbao.publish.serve import serve_command
from nianbao.publish.snapshot import SnapshotError, make_snapshot, newest_snapshot

DEFAULT_DB = os.environ.get("NIANBAO_DB", "nianbao.db")
DEFAULT_PORT = 8001
DEFAULT_SNAPSHOTS = os.environ.get("NIANBAO_SNAPSHOTS", "snapshots")
DEFAULT_KEEP = 7
DEMO_DIR = Path("demo-data")
# The demo runs on loopback against our own servers: no need to wait between requests.
DEMO_SETTINGS = {"AUTOTHROTTLE_START_DELAY": 0.05, "AUTOTHROTTLE_MAX_DELAY": 1, "ROBOTSTXT_OBEY": True}


def _settings(pairs: tuple[str, ...]) -> dict:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="--set")
        result[key] = yaml.safe_load(value)
    return result


@click.group()
def cli():
    """nianbao: an open archive of government information-disclosure annual reports (年报)."""


@cli.command()
@click.argument("files", nargs=-1, required=True)
def parse(files):
    """Parse report files (HTML, TXT, PDF, Word, WPS, spreadsheets) and print one JSON object per file per line; exit 1 if any failed."""
    from nianbao.crawler.project import project_settings
    from nianbao.extract.documents.pool import ReaderPool
    from nianbao.extract.files import UnreadableFile, json_line, link_carry_over, parse_file, stdout_to_stderr

    parsed = []
    with stdout_to_stderr(), ReaderPool.from_settings(project_settings()) as readers:
        for path in files:
            try:
                parsed.append(parse_file(path, readers))
            except UnreadableFile as exc:
                parsed.append({"source": path, "error": str(exc)})
            except Exception as exc:  # a parser bug on one file must not stop the others
                parsed.append({"source": path, "error": f"parser error: {type(exc).__name__}: {exc}"})
        link_carry_over(parsed)
    for report in parsed:
        click.echo(json_line(report))
    if any("error" in report for report in parsed):
        sys.exit(1)


def _portals(portals_file: str | None, only: str | None = None) -> list:
    try:
        portals = load_portals(portals_file or BUNDLED)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    if only:
        wanted = set(only.split(","))
        unknown = wanted - {p.id for p in portals}
        if unknown:
            raise click.ClickException(f"no portal with id {', '.join(sorted(unknown))}")
        portals = [p for p in portals if p.id in wanted]
    return portals


PORTALS_OPTION = click.option("--portals", "portals_file", type=click.Path(exists=True, dir_okay=False),
                              help="Registry YAML; default: the registry bundled in crawler/.")
ARCHIVE_OPTION = click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help="Archive SQLite file.")
SET_OPTION = click.option("--set", "pairs", multiple=True, help="Scrapy setting override KEY=VALUE (repeatable).")


@cli.command()
@PORTALS_OPTION
@ARCHIVE_OPTION
@click.option("--only", help="Comma-separated portal ids to crawl.")
@SET_OPTION
def crawl(portals_file, db_path, only, pairs):
    """Crawl the registered portals into the archive; exit 1 if any portal failed."""
    from nianbao.archive.crawl import run_crawl

    portals = _portals(portals_file, only)
    try:
        run_id, failed = run_crawl(portals, db_path, _settings(pairs))
    except (ArchiveBusy, BrowserMissing) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"crawl run {run_id}: {len(portals) - len(failed)} of {len(portals)} portals ok")
    if failed:
        click.echo(f"failed portals: {', '.join(failed)} (see portal_runs and fetch_errors)", err=True)
        sys.exit(1)


@cli.command()
@PORTALS_OPTION
@click.option("--only", help="Comma-separated portal ids to probe.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per portal instead of a table.")
@SET_OPTION
def probe(portals_file, only, as_json, pairs):
    """Ask each portal's listing once: reachable, moved, blocked, family mismatch; exit 1 if any is not reachable."""
    from nianbao.archive.probe import all_reachable, as_json_lines, as_table, run_probe

    verdicts = run_probe(_portals(portals_file, only), {"LOG_LEVEL": "ERROR", **_settings(pairs)})
    click.echo(as_json_lines(verdicts) if as_json else as_table(verdicts))
    if not all_reachable(verdicts):
        sys.exit(1)


@cli.command()
@click.argument("url")
@click.option("--id", "portal_id", help="The row's id (default: from the host name).")
@click.option("--depth", default=4, show_default=True, help="Most clicks to follow from the page given.")
@click.option("--max-pages", default=40, show_default=True, help="Most pages to read.")
@SET_OPTION
def discover(url, portal_id, depth, max_pages, pairs):
    """From a portal's home (or 政府信息公开) page, find its 年报 column and print a registry row to paste."""
    from nianbao.archive.discover import NothingFound
    from nianbao.archive.discover import discover as find_column

    try:
        row = find_column(url, portal_id, depth, max_pages, {"LOG_LEVEL": "ERROR", **_settings(pairs)})
    except NothingFound as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(yaml.safe_dump([row], allow_unicode=True, sort_keys=False, width=1000), nl=False)


REDIS_OPTION = click.option("--redis", "redis_url",
                            help="Redis shared by the workers and the ingest (default: NIANBAO_REDIS_URL, "
                                 "else redis://127.0.0.1:6379/0).")
PREFIX_OPTION = click.option("--prefix", help="Redis key prefix, one per archive (default: NIANBAO_REDIS_PREFIX, "
                                              "else 'nianbao').")


def _redis_settings(redis_url, prefix, worker_id, overrides):
    from redis.exceptions import RedisError

    from nianbao.crawler.distributed.connection import connect, redacted
    from nianbao.crawler.distributed.run_worker import worker_settings

    settings = worker_settings(redis_url, prefix, worker_id, overrides)
    try:
        connect(settings.get("REDIS_URL"), settings.getfloat("NIANBAO_REDIS_RETRY_SECONDS"))
    except RedisError as exc:
        raise click.ClickException(f"cannot reach Redis at {redacted(settings.get('REDIS_URL'))}: {exc}") from exc
    return settings


@cli.command()
@REDIS_OPTION
@PREFIX_OPTION
@click.option("--id", "worker_id", help="This worker's name in Redis and logs (default: host-pid).")
@click.option("--wait", type=float, help="Seconds to wait for the ingest's run (default 600).")
@SET_OPTION
def worker(redis_url, prefix, worker_id, wait, pairs):
    """Crawl for the ingest's current run from a shared Redis; run as many as you like, on any machines."""
    from nianbao.crawler.distributed.run_worker import run_worker

    overrides = _settings(pairs)
    if wait is not None:
        overrides["NIANBAO_WAIT_SECONDS"] = wait
    reason = run_worker(_redis_settings(redis_url, prefix, worker_id, overrides))
    if reason != "finished":
        click.echo(f"worker stopped: {reason} (see the log above)", err=True)
        sys.exit(1)


@cli.command()
@PORTALS_OPTION
@ARCHIVE_OPTION
@REDIS_OPTION
@PREFIX_OPTION
@click.option("--only", help="Comma-separated portal ids to crawl.")
@SET_OPTION
def ingest(portals_file, db_path, redis_url, prefix, only, pairs):
    """Plan a distributed crawl, write what the workers send into the archive, and close the run."""
    from nianbao.archive.ingest import NoWorkers, RunLost, run_ingest

    portals = _portals(portals_file, only)
    browser_rows = [p.id for p in portals if p.browser]
    if browser_rows:
        raise click.ClickException(f"rows {', '.join(browser_rows)} need a real browser, which scaled-out workers do "
                                   f"not drive: crawl them with `nianbao crawl --only {','.join(browser_rows)}`")
    settings = _redis_settings(redis_url, prefix, "ingest", _settings(pairs))
    try:
        done = run_ingest(db_path, portals, settings, progress=_stage_printer("ingest"))
    except (ArchiveBusy, RunLost, NoWorkers) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"ingest run {done.run_id}: {done.items} items written; "
               f"{len(portals) - len(done.failed)} of {len(portals)} portals ok")
    if done.failed:
        click.echo(f"failed portals: {', '.join(done.failed)} (see portal_runs and fetch_errors)", err=True)
        sys.exit(1)


@cli.command()
@PORTALS_OPTION
@ARCHIVE_OPTION
@click.option("--snapshots", "out_dir", default=DEFAULT_SNAPSHOTS, show_default=True, help="Snapshot directory.")
@click.option("--keep", default=DEFAULT_KEEP, show_default=True, help="How many snapshots to keep.")
@click.option("--recheck-days", type=float,
              help="Re-check known report pages last checked more than DAYS ago (default 7, NIANBAO_RECHECK_DAYS).")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the crawl log to this file.")
@click.option("--quiet", is_flag=True, help="Print nothing unless a portal failed (for cron mail).")
@SET_OPTION
def nightly(portals_file, db_path, out_dir, keep, recheck_days, log_file, quiet, pairs):
    """Reparse if the parser changed, crawl every portal, snapshot, prune, and print what happened per portal."""
    from nianbao.archive.crawl import run_crawl
    from nianbao.archive.nightly import summary_rows, summary_table

    portals = _portals(portals_file)
    overrides = _settings(pairs)
    if recheck_days is not None:
        overrides["NIANBAO_RECHECK_DAYS"] = recheck_days
    if log_file:
        overrides["LOG_FILE"] = log_file
    elif quiet:
        overrides.setdefault("LOG_LEVEL", "ERROR")
    stage = _stage_printer("nightly")
    try:
        with locked_archive(db_path) as db:
            record_portals(db, portals)
            if needs_reparse(db):
                stage("the parser or the registry's divisions and aliases changed since these pages were parsed: "
                      "reparsing")
                _reparse_with_progress(db)
            stage(f"crawling {len(portals)} portals")
            run_id, failed = run_crawl(portals, db_path, overrides, command="nianbao nightly")
            table = summary_table(summary_rows(db, run_id))
            made = make_snapshot(db_path, out_dir, keep, progress=_stage_printer("snapshot"))
    except (ArchiveBusy, SnapshotError, BrowserMissing) as exc:
        raise click.ClickException(str(exc)) from exc
    if failed or not quiet:
        click.echo(f"nightly run {run_id}: {len(portals) - len(failed)} of {len(portals)} portals ok")
        click.echo(table)
        click.echo(f"snapshot {made.db}")
    if failed:
        click.echo(f"failed portals: {', '.join(failed)} (see portal_health, portal_runs and fetch_errors)", err=True)
        sys.exit(1)


def _reparse_with_progress(db) -> str:
    total = db["fetches"].count
    # Progress on a terminal only: quiet under cron and in pipes.
    with click.progressbar(length=total, label="reparse", file=sys.stderr, hidden=not sys.stderr.isatty()) as bar:
        return reparse_archive(db, lambda done, _: bar.update(1))


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True))
@click.option("--portals", "portals_file", type=click.Path(exists=True, dir_okay=False),
              help="Registry YAML whose rows (divisions, aliases) the archive takes first; default: those it has.")
def reparse(db_path, portals_file):
    """Rebuild reports, versions, sources, cells, checks and agencies from the stored raw pages."""
    portals = _portals(portals_file) if portals_file else None
    try:
        with locked_archive(db_path) as db:
            if portals:
                record_portals(db, portals)
            run_id = _reparse_with_progress(db)
            counts = db["reports"].count, db["fetches"].count
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"reparse run {run_id}: {counts[0]} reports from {counts[1]} pages")


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True))
def export(db_path):
    """Print every report as one JSON object per line."""
    db = open_db(db_path)
    for line in export_lines(db):
        click.echo(line)


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(exists=True))
@click.option("--out", "out_dir", default=DEFAULT_SNAPSHOTS, show_default=True, help="Snapshot directory.")
@click.option("--keep", default=DEFAULT_KEEP, show_default=True, help="How many snapshots to keep.")
def snapshot(db_path, out_dir, keep):
    """Make a dated snapshot (search index, Datasette inspect file, sha256) and keep the newest KEEP."""
    try:
        made = make_snapshot(db_path, out_dir, keep, progress=_stage_printer("snapshot"))
    except SnapshotError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"snapshot {made.db} sha256 {made.sha256}")


def _stage_printer(command: str):
    """Print each stage of a long command on a terminal; quiet under cron and in pipes."""
    def show(stage: str) -> None:
        if sys.stderr.isatty():
            click.echo(f"{command}: {stage}…", err=True)
    return show


@cli.command()
@click.option("--snapshots", "out_dir", default=DEFAULT_SNAPSHOTS, show_default=True,
              help="Serve the newest snapshot in this directory.")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False),
              help="Serve this database file instead (read-only, not immutable).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True)
def serve(out_dir, db_path, host, port):
    """Explore the archive in Datasette: the newest snapshot, immutable and downloadable."""
    if db_path:
        command = serve_command(db_path, host, port, immutable=False)
        name = Path(db_path).stem
    else:
        try:
            newest = newest_snapshot(out_dir)
        except SnapshotError as exc:
            raise click.ClickException(str(exc)) from exc
        command = serve_command(newest.db, host, port, immutable=True, inspect_file=newest.inspect_file)
        name = newest.db.stem
    click.echo(f"Datasette: http://{host}:{port}/{name}")
    os.execv(sys.executable, command)


@cli.command()
@click.option("--db", "db_path", default=str(DEMO_DIR / "nianbao.db"), show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Datasette port.")
@click.option("--site-port", default=0, help="First port of the demo portals (default: free ports).")
@click.option("--no-serve", is_flag=True, help="Crawl the demo and exit without starting Datasette.")
def demo(db_path, port, site_port, no_serve):
    """Start the demo portals, crawl them, snapshot the archive and serve the snapshot in Datasette."""
    from nianbao.demo.files import FilesSite
    from nianbao.demo.site import DemoSite

    site = DemoSite(base_port=site_port).start()
    files = FilesSite().start()
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    registry = Path(db_path).with_name("demo-portals.yaml")
    rows = site.registry_rows() + files.registry_rows()
    registry.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    click.echo(f"demo portals: {', '.join(row['start_url'] for row in rows)}")
    command = [sys.executable, "-m", "nianbao", "crawl", "--portals", str(registry), "--db", db_path]
    command += [f"--set={key}={value}" for key, value in DEMO_SETTINGS.items()]
    result = subprocess.run(command)
    db = open_db(db_path)
    click.echo(f"archive {db_path}: {db['reports'].count} reports, {db['sources'].count} sources")
    if result.returncode:
        click.echo("the demo crawl reported failed portals (the demo has none): see portal_runs", err=True)
    made = make_snapshot(db_path, Path(db_path).parent / "snapshots", DEFAULT_KEEP)
    click.echo(f"snapshot {made.db}")
    if no_serve:
        site.stop()
        files.stop()
        sys.exit(result.returncode)
    click.echo(f"Datasette: http://127.0.0.1:{port}/{made.db.stem}/reports  (Ctrl-C to stop)")
    subprocess.run(serve_command(made.db, "127.0.0.1", port, immutable=True, inspect_file=made.inspect_file))


if __name__ == "__main__":
    cli()
