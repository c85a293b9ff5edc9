"""Datasette served by several processes on one port: uvicorn's workers, each with the Datasette that the same
`datasette serve` arguments make.

A Datasette process renders its pages in Python, one at a time (its SQL runs in threads): with every CPU busy
rendering, one process uses about one core. `datasette serve` has no option for more processes; uvicorn's
`--workers` runs an ASGI app in several, so each worker builds Datasette from the serve arguments with
Datasette's own command-line parser and hands uvicorn `Datasette.app()`.
"""

import argparse
import json
import os
import secrets
import sys

ARGS_VARIABLE = "NIANBAO_DATASETTE_ARGS"
# Datasette's --secret also comes from this variable: one secret for every worker, so a signed cookie or CSRF
# token made by one is accepted by the others.
SECRET_VARIABLE = "DATASETTE_SECRET"
SECRET_BYTES = 32
# By name, not __name__: run with -m, this module is __main__.
MODULE = "nianbao.publish.workers"
APP = f"{MODULE}:app"


def default_workers() -> int:
    """One worker per CPU this process may run on."""
    return len(os.sched_getaffinity(0))


def workers_command(serve_args: list[str], workers: int) -> list[str]:
    """The command that serves these `datasette serve` arguments from `workers` processes."""
    return [sys.executable, "-m", MODULE, "--workers", str(workers), "--", *serve_args]


def _serve_context(serve_args: list[str]):
    """`datasette serve`'s click context for these arguments (a bad one raises here)."""
    # Imported here, not at the top: every nianbao command imports this module, and Datasette takes a third of
    # a second to import that a crawl would pay for nothing.
    from datasette.cli import serve

    return serve.make_context("serve", list(serve_args))


def datasette_from(serve_args: list[str]):
    """The Datasette instance `datasette serve` would run with these arguments."""
    context = _serve_context(serve_args)
    return context.command.callback(**context.params, return_instance=True)


def app():
    """uvicorn's app factory, called in each worker: Datasette's ASGI app for the supervisor's arguments."""
    return datasette_from(json.loads(os.environ[ARGS_VARIABLE])).app()


def main(argv: list[str] | None = None) -> None:
    """Check the serve arguments, then serve them from several processes on their host and port."""
    import uvicorn  # as Datasette, imported only to serve

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("serve_args", nargs=argparse.REMAINDER, help="the arguments of `datasette serve`")
    args = parser.parse_args(argv)
    serve_args = args.serve_args[1:] if args.serve_args[:1] == ["--"] else args.serve_args
    params = _serve_context(serve_args).params
    datasette_from(serve_args)  # a bad argument or a missing file fails here, once, not in every worker
    os.environ[ARGS_VARIABLE] = json.dumps(serve_args)
    os.environ.setdefault(SECRET_VARIABLE, secrets.token_hex(SECRET_BYTES))
    uvicorn.run(APP, factory=True, workers=args.workers, host=params["host"], port=params["port"],
                uds=params["uds"], lifespan="on", log_level="info")


if __name__ == "__main__":
    main()
