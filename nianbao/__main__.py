"""`python -m nianbao`: the nianbao command line."""

from nianbao.cli import cli

cli()
