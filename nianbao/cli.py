"""The nianbao command line: parse, crawl, probe, discover, worker, ingest, nightly, reparse, export, snapshot,
serve, demo. Exit statuses: nianbao/exit_codes.py."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import click
import yaml

from nianbao.archive.db import open_db
from nianbao.archive.export import export_lines
from nianbao.archive.lock import ArchiveBusy, archive_lock, locked_archive
from nianbao.archive.parser_version import needs_reparse
from nianbao.archive.reparse import reparse as reparse_archive
from nianbao.archive.runs import record_portals
from nianbao.crawler.browser import BrowserMissing
from nianbao.crawler.registry import BUNDLED, RegistryError, load_portals
from nianbao.exit_codes import (
    ARCHIVE_BUSY,
    FAILED,
    NEEDS_EXTRA,
    NOT_A_REPORT,
    PORT_IN_USE,
    REGISTRY,
    CommandFailed,
)
from nianbao.options import (
    DB_TYPE,
    EXISTING_DB_TYPE,
    KEEP_OPTION,
    ONLY_OPTION,
    PORTALS_OPTION,
    PORTALS_TYPE,
    PREFIX_OPTION,
    REDIS_OPTION,
    SET_OPTION,
    WORKERS_OPTION,
    db_option,
    snapshots_option,
)
from nianbao.publish.serve import serve_command
from nianbao.publish.snapshot import SnapshotError, make_snapshot, newest_snapshot
from nianbao.publish.workers import default_workers

DEFAULT_PORT = 8001
DEFAULT_KEEP = 7
DEMO_DIR = Path("demo-data")
# Held by a running demo in its folder (demo.lock), beside the archive's own lock.
DEMO_LOCK = "demo"
# The demo runs on loopback against our own servers: no need to wait between requests. Its log says only what
# went wrong (a failed portal); the progress line and the closing summary say the rest.
DEMO_SETTINGS = {"AUTOTHROTTLE_START_DELAY": 0.05, "AUTOTHROTTLE_MAX_DELAY": 1, "ROBOTSTXT_OBEY": True,
                 "LOG_LEVEL": "ERROR"}
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


def _settings(pairs: tuple[str, ...]) -> dict:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="--set")
        result[key] = yaml.safe_load(value)
    return result


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="nianbao", message="nianbao %(version)s")
def cli():
    """nianbao: an open archive of government information-disclosure annual reports (年报).

    Exit status: 0 ok, 1 a portal or file failed, 2 usage, 3 archive busy, 4 registry error, 5 port in use,
    6 not a report (parse --strict).
    """


def _failed(exc: Exception) -> CommandFailed:
    """The command's error for an exception: a busy archive has its own exit status."""
    return CommandFailed(str(exc), ARCHIVE_BUSY if isinstance(exc, ArchiveBusy) else FAILED)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--strict", is_flag=True,
              help=f"Exit {NOT_A_REPORT} when a file parsed but is not a report (an empty file, a short text, a "
                   "listing page; its notes say which).")
def parse(files, strict):
    """Parse report files (HTML, TXT, PDF, Word, WPS, spreadsheets) and print one JSON object per file per line.

    A file that is not a report gets a note saying what it is. Exit 1 if a file could not be read.
    """
    from nianbao.crawler.project import project_settings
    from nianbao.extract.document_kind import describe, is_not_a_report
    from nianbao.extract.documents.pool import ReaderPool
    from nianbao.extract.files import UnreadableFile, json_line, link_carry_over, parse_file, stdout_to_stderr

    parsed, not_reports = [], 0
    with stdout_to_stderr(), ReaderPool.from_settings(project_settings()) as readers:
        for path in files:
            try:
                report = parse_file(path, readers)
                note = describe(path, report)
            except UnreadableFile as exc:
                report, note = {"source": path, "error": str(exc)}, None
            except Exception as exc:  # a parser bug on one file must not stop the others
                report, note = {"source": path, "error": f"parser error: {type(exc).__name__}: {exc}"}, None
            if note:
                report["notes"].append(note)
                not_reports += is_not_a_report(note)
            parsed.append(report)
        link_carry_over(parsed)
    for report in parsed:
        click.echo(json_line(report))
    if any("error" in report for report in parsed):
        sys.exit(FAILED)
    if strict and not_reports:
        sys.exit(NOT_A_REPORT)


def _portals(portals_file: str | None, only: str | None = None) -> list:
    try:
        portals = load_portals(portals_file or BUNDLED)
    except RegistryError as exc:
        raise CommandFailed(str(exc), REGISTRY) from exc
    if only:
        wanted = set(only.split(","))
        unknown = wanted - {p.id for p in portals}
        if unknown:
            raise CommandFailed(f"no portal with id {', '.join(sorted(unknown))}", REGISTRY)
        portals = [p for p in portals if p.id in wanted]
    return portals


@cli.command()
@PORTALS_OPTION
@db_option()
@ONLY_OPTION
@SET_OPTION
def crawl(portals_file, db_path, only, pairs):
    """Crawl the registered portals into the archive; exit 1 if any portal failed."""
    from nianbao.archive.crawl import run_crawl

    portals = _portals(portals_file, only)
    try:
        run_id, failed = run_crawl(portals, db_path, _settings(pairs))
    except (ArchiveBusy, BrowserMissing) as exc:
        raise _failed(exc) from exc
    click.echo(f"crawl run {run_id}: {len(portals) - len(failed)} of {len(portals)} portals ok")
    if failed:
        click.echo(f"failed portals: {', '.join(failed)} (see portal_runs and fetch_errors)", err=True)
        sys.exit(1)


@cli.command()
@PORTALS_OPTION
@ONLY_OPTION
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
@db_option()
@REDIS_OPTION
@PREFIX_OPTION
@ONLY_OPTION
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
        done = run_ingest(str(db_path), portals, settings, progress=_stage_printer("ingest"))
    except (ArchiveBusy, RunLost, NoWorkers) as exc:
        raise _failed(exc) from exc
    click.echo(f"ingest run {done.run_id}: {done.items} items written; "
               f"{len(portals) - len(done.failed)} of {len(portals)} portals ok")
    if done.failed:
        click.echo(f"failed portals: {', '.join(done.failed)} (see portal_runs and fetch_errors)", err=True)
        sys.exit(1)


@cli.command()
@PORTALS_OPTION
@db_option()
@snapshots_option()
@KEEP_OPTION
@click.option("--recheck-days", type=float, envvar="NIANBAO_RECHECK_DAYS", show_envvar=True, show_default="7",
              help="Re-check known report pages last checked more than this many days ago.")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the crawl log to this file.")
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
        overrides["LOG_FILE"] = str(log_file)
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
        raise _failed(exc) from exc
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
@db_option(exists=True)
@click.option("--portals", "portals_file", type=PORTALS_TYPE,
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
        raise _failed(exc) from exc
    click.echo(f"reparse run {run_id}: {counts[0]} reports from {counts[1]} pages")


@cli.command()
@db_option(exists=True)
def export(db_path):
    """Print every report as one JSON object per line."""
    db = open_db(db_path)
    for line in export_lines(db):
        click.echo(line)


@cli.command()
@db_option(exists=True)
@snapshots_option()
@KEEP_OPTION
def snapshot(db_path, out_dir, keep):
    """Make a dated snapshot directory that `datasette serve DIR` publishes as it is (database with search index,
    metadata, settings, templates, inspect file, sha256; raw pages apart in raw/raw.db) and keep the newest KEEP."""
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
@snapshots_option(help="Serve the newest snapshot in this directory.")
@click.option("--db", "db_path", type=EXISTING_DB_TYPE,
              help="Serve this database file instead (read-only, not immutable; NIANBAO_DB is not read here).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address Datasette listens on.")
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True, help="Datasette port.")
@WORKERS_OPTION
def serve(out_dir, db_path, host, port, workers):
    """Explore the archive in Datasette: the newest snapshot, immutable and downloadable."""
    if db_path:
        command = serve_command(db_path, host, port, workers=workers or default_workers())
        name = Path(db_path).stem
    else:
        try:
            newest = newest_snapshot(out_dir)
            # The snapshot directory is Datasette's configuration: metadata, settings, templates, inspect file.
            command = serve_command(newest.path, host, port, workers=workers or default_workers())
        except SnapshotError as exc:
            raise click.ClickException(str(exc)) from exc
        name = newest.db.stem
    click.echo(f"Datasette: http://{host}:{port}/{name}")
    os.execv(sys.executable, command)


@cli.command()
@click.option("--db", "db_path", type=DB_TYPE, default=DEMO_DIR / "nianbao.db", show_default=True,
              help="The demo's archive; its folder also keeps the snapshots and the portals' ports.")
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True, help="Datasette port.")
@click.option("--site-port", type=int, default=0, show_default="the ports the last run recorded beside the archive, "
                                                            "else free ones",
              help="First of four consecutive ports for the demo portals.")
@click.option("--no-serve", is_flag=True, help="Crawl the demo and exit without starting Datasette.")
def demo(db_path, port, site_port, no_serve):
    """Start the demo portals, crawl them, snapshot the archive and serve the snapshot in Datasette.

    Exit 5 before anything starts when the Datasette port or a portal's port is in use, 3 when another command
    writes the demo's archive.
    """
    if importlib.util.find_spec("reportlab") is None:
        raise CommandFailed("the demo builds its PDF, Word and scanned files with nianbao[demo]: "
                            "pip install 'nianbao[demo]'", NEEDS_EXTRA)
    from nianbao.demo.ports import PortTaken

    folder = db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        # One demo per folder for its whole run, serving included: a second one stops here, before it binds a
        # port or rewrites the portals' ports. The archive's own lock is held by the crawl alone.
        with archive_lock(folder / DEMO_LOCK):
            with archive_lock(db_path):
                pass
            try:
                site, files = _start_demo_portals(folder, port, site_port, no_serve)
            except PortTaken as exc:
                raise CommandFailed(str(exc), PORT_IN_USE) from exc
            _crawl_and_serve(site, files, db_path, port, no_serve)
    except ArchiveBusy as exc:
        raise CommandFailed(f"{exc}: is another `nianbao demo` running on {folder}?", ARCHIVE_BUSY) from exc


def _crawl_and_serve(site, files, db_path: Path, port: int, no_serve: bool) -> None:
    """Crawl the running demo portals, print the summary, snapshot, and serve (or exit with the crawl's status)."""
    from nianbao.demo.planted import last_run, summary

    folder = db_path.parent
    registry = folder / "demo-portals.yaml"
    rows = site.registry_rows() + files.registry_rows()
    registry.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    click.echo("demo portals:\n" + "\n".join(f"  {row['id']:13} {row['start_url']}" for row in rows))
    command = [sys.executable, "-m", "nianbao", "crawl", "--portals", str(registry), "--db", str(db_path)]
    command += [f"--set={key}={value}" for key, value in DEMO_SETTINGS.items()]
    result = subprocess.run(command)
    if result.returncode == ARCHIVE_BUSY:
        site.stop()
        files.stop()
        sys.exit(ARCHIVE_BUSY)
    db = open_db(db_path)
    lines, _ = summary(db, last_run(db), {**site.planted_faults(), **files.planted_faults()})
    db.close()
    click.echo("\n".join(lines))
    if result.returncode:
        click.echo("the demo crawl reported failed portals (the demo plants none): see portal_runs", err=True)
    made = make_snapshot(db_path, folder / "snapshots", DEFAULT_KEEP)
    click.echo(f"snapshot {made.db}")
    if no_serve:
        site.stop()
        files.stop()
        sys.exit(result.returncode)
    click.echo(f"Datasette: http://127.0.0.1:{port}/  (Ctrl-C to stop)")
    served = subprocess.run(serve_command(made.path, "127.0.0.1", port))
    # A negative status is the signal that stopped it: the reader's Ctrl-C.
    if served.returncode > 0:
        raise CommandFailed(f"Datasette stopped with status {served.returncode} (see its message above)")


def _start_demo_portals(folder: Path, datasette_port: int, site_port: int, no_serve: bool):
    """Check the demo's ports, serve its portals on the ports of the last run (or --site-port), record them."""
    from nianbao.demo.catalog import GENERIC, HANWEB, TRS
    from nianbao.demo.files import FILES, FilesSite
    from nianbao.demo.ports import PORTS_FILE, PortTaken, check_free, portal_ports, record_ports
    from nianbao.demo.site import DemoSite

    if not no_serve:
        check_free({"Datasette": datasette_port},
                   "another `nianbao demo` or `nianbao serve` may be serving there; stop it, or pass --port")
    ports = portal_ports(folder, [TRS, HANWEB, GENERIC, FILES], site_port)
    kept = (f"the demo portals keep the ports recorded in {folder / PORTS_FILE}, so that a re-run updates the "
            "same sources; is another `nianbao demo` running? Stop it, or pass --site-port N to move them (the "
            "archive then gains their reports' sources on the new ports)")
    check_free(ports, kept)
    site = DemoSite()
    files = FilesSite()
    try:
        site.start(ports)
        files.start(ports.get(FILES, 0))
    except OSError as exc:
        site.stop()
        raise PortTaken(f"a demo portal's port could not be bound ({exc.strerror}): {kept}") from exc
    record_ports(folder, {**site.ports(), FILES: files.port()})
    return site, files


if __name__ == "__main__":
    cli()
