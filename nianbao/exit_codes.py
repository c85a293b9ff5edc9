"""The exit statuses of the nianbao commands, one meaning each (README, "Commands")."""

import click

OK = 0
# A portal failed (crawl, nightly, ingest), a file could not be read (parse), a portal is not reachable (probe),
# a worker or a step (reparse, snapshot, discover) failed.
FAILED = 1
# Click's own status for a usage error: an unknown option, a missing argument, a value of the wrong type.
USAGE = click.UsageError.exit_code
# Another nianbao command is writing the archive (its <db>.lock is held).
ARCHIVE_BUSY = 3
# The registry does not load, or names no portal with an id given to --only.
REGISTRY = 4
# A port the command must listen on (the demo's Datasette or its portals) is taken.
PORT_IN_USE = 5
# parse --strict: a file parsed but is not a report (an empty file, a short text, a listing page).
NOT_A_REPORT = 6
# The command needs an optional part of the package that is not installed (`nianbao demo` without nianbao[demo]).
NEEDS_EXTRA = 7


class CommandFailed(click.ClickException):
    """A command's failure, printed as `Error: message`, with the exit status that says what kind it was."""

    def __init__(self, message: str, exit_code: int = FAILED):
        super().__init__(message)
        self.exit_code = exit_code
