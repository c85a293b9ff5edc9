"""The README documents every command, the schema doc every table and view, the keys doc every key; the docs
name only files of the repo, and nothing cites the outside spec the keys were first written from."""

import fnmatch
import os
import re
from pathlib import Path

from nianbao.archive.schema import TABLES
from nianbao.cli import cli
from nianbao.extract.keys import key_labels
from nianbao.publish.views import VIEWS

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


# Every file path the Markdown docs link or name, and what the repo may cite.

DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
# The outside spec the keys were first written from; docs/keys.md states them in the repo.
MISSING_SPEC = "report-fields" + ".md"
# Not the project's own text: saved pages and blind test data (which name their outside sources), caches.
NOT_REPO_TEXT = ("tests/files", ".git", ".hypothesis")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE = re.compile(r"`([^`\n]+)`")
_PATH_CHARS = re.compile(r"[A-Za-z0-9_.\-/]+")
_FILE_ENDINGS = (".md", ".py", ".yaml", ".json", ".toml")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _ignore_patterns() -> list[str]:
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.startswith(("#", "!"))]


IGNORED = _ignore_patterns()


def _ignored(rel: str) -> bool:
    """True for a path .gitignore leaves out (made by running things: .venv/, test-artifacts/…)."""
    parts = [part for part in rel.split("/") if part]
    for i in range(len(parts)):
        prefix = "/".join(parts[:i + 1])
        if any(fnmatch.fnmatch(prefix if "/" in pattern else parts[i], pattern) for pattern in IGNORED):
            return True
    return False


def _code_path(span: str) -> str | None:
    """The span as a relative file path when it has a path's form, else None.

    A path's form: path characters only (no spaces, placeholders like <id>, globs, URLs or
    KEY=VALUE), not absolute, and a `/` or one of the endings .md .py .yaml .json .toml. A span
    with a `/` but no such ending counts only when its first part is at the top of the repo
    (`extract/`, not `text/html` or `ok/error`).
    """
    span = span.strip()
    if not _PATH_CHARS.fullmatch(span) or span.startswith("/") or span in (".", ".."):
        return None
    if span.endswith(_FILE_ENDINGS):
        return span
    if "/" in span and (ROOT / span.split("/")[0]).exists():
        return span
    return None


def _link_path(target: str) -> str | None:
    """A link's target as a relative file path, or None for URLs, mail and anchors in the page."""
    if _SCHEME.match(target) or target.startswith(("#", "/")):
        return None
    return target.split("#")[0].split("?")[0] or None


def _named_paths(doc) -> list[tuple[str, str]]:
    text = doc.read_text(encoding="utf-8")
    named = [("link", _link_path(target)) for target in _LINK.findall(text)]
    named += [("code", _code_path(span)) for span in _CODE.findall(text)]
    return [(kind, path) for kind, path in named if path and not _ignored(path)]


def test_every_file_path_the_docs_name_exists():
    missing = []
    for doc in DOCS:
        for kind, path in _named_paths(doc):
            # Links are relative to the doc; names in backticks to the doc or to the top of the repo.
            bases = (doc.parent,) if kind == "link" else (doc.parent, ROOT)
            if not any((base / path).resolve().is_relative_to(ROOT) and (base / path).exists() for base in bases):
                missing.append(f"{doc.relative_to(ROOT)}: {path}")
    assert not missing, "named but not in the repo:\n" + "\n".join(missing)


def _repo_files():
    for folder, dirs, files in os.walk(ROOT):
        rel = Path(folder).relative_to(ROOT).as_posix()
        rel = "" if rel == "." else rel + "/"
        dirs[:] = [d for d in dirs if (rel + d) not in NOT_REPO_TEXT and not _ignored(rel + d)]
        for name in files:
            if not _ignored(rel + name):
                yield ROOT / folder / name


def test_no_text_cites_the_outside_spec():
    needle = MISSING_SPEC.encode()
    citing = [path.relative_to(ROOT).as_posix() for path in _repo_files() if needle in path.read_bytes()]
    assert not citing, f"cite {MISSING_SPEC}, not in the repo (the keys are in docs/keys.md):\n" + "\n".join(citing)


def _key_rows(part: str) -> dict[str, list[str]]:
    """The lines of a part's key tables by kind: tables headed `| row |` and `| col |`."""
    rows: dict[str, list[str]] = {"row": [], "col": []}
    kind = None
    for line in part.splitlines():
        head = re.match(r"\| (row|col) \|", line)
        if head:
            kind = head.group(1)
        elif not line.startswith("|"):
            kind = None
        elif kind and line.startswith("| `"):
            rows[kind].append(line)
    return rows


def test_keys_doc_lists_every_key_with_its_label():
    doc = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    # The page's part for each section: from its heading "## Section `name`" to the next "## ".
    sections = re.findall(r"^## Section `(\w+)`(.*?)(?=^## |\Z)", doc, re.S | re.M)
    parts = {name: _key_rows(part) for name, part in sections}
    for key in key_labels():
        if key["kind"] == "section":
            assert key["section"] in parts, key
            continue
        lines = [line for line in parts[key["section"]][key["kind"]] if line.startswith(f"| `{key['key']}` |")]
        assert any(key["label"] in line for line in lines), key
