"""Options shared by the nianbao commands: one name, one type and one environment variable each."""

from pathlib import Path

import click

DEFAULT_DB = "nianbao.db"
DEFAULT_SNAPSHOTS = "snapshots"
DB_TYPE = click.Path(dir_okay=False, path_type=Path)
EXISTING_DB_TYPE = click.Path(exists=True, dir_okay=False, path_type=Path)
SNAPSHOTS_TYPE = click.Path(file_okay=False, path_type=Path)
PORTALS_TYPE = click.Path(exists=True, dir_okay=False, path_type=Path)


class Renamed(click.Option):
    """An option that also takes the value of its old spelling, declared beside it as a hidden option."""

    def __init__(self, *args, old_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_name = old_name

    def handle_parse_result(self, ctx, opts, args):
        """Take the old spelling's value when only it was given."""
        if opts.get(self.name) is None and opts.get(self.old_name) is not None:
            opts = {**opts, self.name: opts[self.old_name]}
        return super().handle_parse_result(ctx, opts, args)


def renamed_option(*decls: str, old: str, **kwargs):
    """An option (decls as for click.option) whose old spelling `old` still works, hidden from help."""
    old_name = "old_" + old.lstrip("-").replace("-", "_")

    def decorate(function):
        function = click.option(*decls, cls=Renamed, old_name=old_name, **kwargs)(function)
        return click.option(old, old_name, type=kwargs.get("type"), hidden=True, expose_value=False)(function)
    return decorate


def db_option(exists: bool = False, help: str = "Archive SQLite file."):
    """--db: the archive, from NIANBAO_DB when not given."""
    return click.option("--db", "db_path", type=EXISTING_DB_TYPE if exists else DB_TYPE, default=DEFAULT_DB,
                        envvar="NIANBAO_DB", show_envvar=True, show_default=True, help=help)


def snapshots_option(help: str = "Snapshot directory."):
    """--snapshots: where snapshots are kept, from NIANBAO_SNAPSHOTS when not given; --out is its old spelling."""
    return renamed_option("--snapshots", "out_dir", old="--out", type=SNAPSHOTS_TYPE, default=DEFAULT_SNAPSHOTS,
                          envvar="NIANBAO_SNAPSHOTS", show_envvar=True, show_default=True, help=help)


PORTALS_OPTION = click.option("--portals", "portals_file", type=PORTALS_TYPE,
                              help="Registry YAML; default: the registry bundled in crawler/.")
SET_OPTION = click.option("--set", "pairs", multiple=True, help="Scrapy setting override KEY=VALUE (repeatable).")
ONLY_OPTION = click.option("--only", help="Comma-separated portal ids.")
KEEP_OPTION = click.option("--keep", type=click.IntRange(min=1), default=7, show_default=True,
                           help="How many snapshots to keep.")
# Their defaults are crawler/settings.py's, which the commands apply when neither the option nor the variable is set.
REDIS_OPTION = click.option("--redis", "redis_url", envvar="NIANBAO_REDIS_URL", show_envvar=True,
                            show_default="redis://127.0.0.1:6379/0", help="Redis shared by the workers and the ingest.")
PREFIX_OPTION = click.option("--prefix", envvar="NIANBAO_REDIS_PREFIX", show_envvar=True, show_default="nianbao",
                             help="Redis key prefix, one per archive.")
WORKERS_OPTION = click.option("--workers", type=click.IntRange(min=1), envvar="NIANBAO_SERVE_WORKERS", show_envvar=True,
                              show_default="one per CPU",
                              help="Datasette processes answering at once (a process renders one page at a time).")
