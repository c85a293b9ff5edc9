"""The README documents every command, and the schema doc every table and view."""

from pathlib import Path

from archive.cli import cli
from archive.schema import TABLES
from archive.views import VIEWS

ROOT = Path(__file__).resolve().parents[1]


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"`nianbao {name}" in readme, name
    assert "make demo" in readme and "make test" in readme


def test_schema_doc_covers_every_table():
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for table in (*TABLES, *VIEWS):
        assert f"`{table}`" in doc, table


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
