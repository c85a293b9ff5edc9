"""The docs against the repo: every command, option, make target, module, file, anchor and key they name exists."""

import ast
import fnmatch
import importlib
import importlib.util
import os
import pkgutil
import re
from collections import Counter
from pathlib import Path

import click
import scrapy
import yaml

from nianbao.archive.schema import TABLES
from nianbao.cli import cli
from nianbao.extract.checks import RULES
from nianbao.extract.keys import SECTIONS, key_labels
from nianbao.extract.template import TEMPLATES
from nianbao.publish.snapshot import INSPECT_FILE, METADATA_FILE, SETTINGS_FILE
from nianbao.publish.views import VIEWS

ROOT = Path(__file__).resolve().parents[1]
# The top-level folders installed as nianbao.<folder> (setup.py), and the benchmarks run from the checkout.
FOLDERS = ("archive", "crawler", "demo", "extract", "pipelines", "publish", "benchmarks")


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
# The outside spec the keys were first written from (docs/keys.md states them in the repo), and the folder it
# sat in beside the checkout (its portal notes are docs/portals.md, its portal list tests/files/real-portals.yaml).
# Split so that this file does not name them.
OUTSIDE_SPEC = ("report-fields" + ".md", "shared" + "/spec")
# Not the project's own text: saved pages and blind test data (which name their outside sources), caches.
NOT_REPO_TEXT = ("tests/files", ".git", ".hypothesis", ".ruff_cache")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE = re.compile(r"`([^`\n]+)`")
_PATH_CHARS = re.compile(r"[A-Za-z0-9_.\-/]+")
_FILE_ENDINGS = (".md", ".py", ".yaml", ".json", ".toml")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _ignore_patterns() -> list[str]:
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.startswith(("#", "!"))]


IGNORED = _ignore_patterns()
# What `nianbao snapshot` writes into each snapshot directory, which the docs describe by name.
SNAPSHOT_FILES = {INSPECT_FILE, METADATA_FILE, SETTINGS_FILE}


def _ignored(rel: str) -> bool:
    """True for a path made by running things: what .gitignore leaves out (.venv/, test-artifacts/…) and the files
    of a snapshot directory."""
    if rel in SNAPSHOT_FILES:
        return True
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
    citing = []
    for path in _repo_files():
        body = path.read_bytes()
        citing += [f"{path.relative_to(ROOT).as_posix()}: {name}" for name in OUTSIDE_SPEC if name.encode() in body]
    assert not citing, "cite the spec outside the repo (the keys are in docs/keys.md, the portals in " \
                       "docs/portals.md):\n" + "\n".join(citing)


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


# What the docs show as commands: code spans, and lines of code blocks (indented four spaces or fenced).

_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_INDENTED = re.compile(r"^ {4,}\S.*$", re.M)
# `nianbao COMMAND …` where nianbao is the program (after a space, a slash or the start), not `x=nianbao`.
_NIANBAO = re.compile(r"(?:^|(?<=[\s/]))nianbao ([a-z][a-z-]*)([^|;&#`\n]*)")
# `nianbao --version`, `nianbao -h`: an option of the program itself.
_NIANBAO_OPTION = re.compile(r"(?:^|(?<=[\s/]))nianbao (--?[A-Za-z][\w-]*)")
_OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
_MAKE = re.compile(r"(?:^|(?<=\s))make ([a-z][\w-]*)")
_PYTHON_M = re.compile(r"\bpython3? -m ([A-Za-z_][\w.]*)")
_SCRAPY_CRAWL = re.compile(r"\bscrapy crawl ([\w-]+)")
_MAKE_TARGET = re.compile(r"^([A-Za-z][\w.-]*)\s*:(?!=)", re.M)


def _code_texts(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    return [*_CODE.findall(text), *_INDENTED.findall(text), *_FENCE.findall(text)]


def _shown(pattern: re.Pattern) -> list[tuple[str, tuple]]:
    """(doc, match groups) of every match of pattern in the docs' code."""
    return [(doc.relative_to(ROOT).as_posix(), match.groups() if match.groups() else (match.group(0),))
            for doc in DOCS for code in _code_texts(doc) for match in pattern.finditer(code)]


def _options(command) -> set[str]:
    names = set(command.get_help_option_names(click.Context(command)))
    for param in command.params:
        names.update(getattr(param, "opts", ()), getattr(param, "secondary_opts", ()))
    return names


def test_every_command_and_option_the_docs_show_exists():
    shown = _shown(_NIANBAO)
    assert any(name == "crawl" for _, (name, _rest) in shown), "found no `nianbao crawl` in the docs"
    wrong = []
    for doc, (name, rest) in shown:
        command = cli.commands.get(name)
        if command is None:
            wrong.append(f"{doc}: nianbao {name}: no such command")
            continue
        wrong += [f"{doc}: nianbao {name} {option}: no such option" for option in _OPTION.findall(rest)
                  if option not in _options(command)]
    wrong += [f"{doc}: nianbao {option}: no such option" for doc, (option,) in _shown(_NIANBAO_OPTION)
              if option not in _options(cli)]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_every_make_target_the_docs_show_exists():
    targets = set(_MAKE_TARGET.findall((ROOT / "Makefile").read_text(encoding="utf-8")))
    shown = _shown(_MAKE)
    assert shown, "found no `make TARGET` in the docs"
    missing = {f"{doc}: make {target}" for doc, (target,) in shown if target not in targets}
    assert not missing, "\n".join(sorted(missing))


def _runnable(module: str) -> bool:
    """True when `python -m module` has something to run: a module, or a package with a __main__."""
    try:
        spec = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        return False
    if spec is None:
        return False
    return not spec.submodule_search_locations or importlib.util.find_spec(f"{module}.__main__") is not None


def test_every_python_module_the_docs_run_exists():
    shown = [(doc.relative_to(ROOT).as_posix(), module) for doc in DOCS
             for module in _PYTHON_M.findall(doc.read_text(encoding="utf-8"))]
    assert any(module.startswith("benchmarks") for _, module in shown), "found no `python -m benchmarks…`"
    missing = {f"{doc}: python -m {module}" for doc, module in shown if not _runnable(module)}
    assert not missing, "\n".join(sorted(missing))


def _spider_names() -> set[str]:
    package = importlib.import_module("nianbao.crawler.spiders")
    names = set()
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        for value in vars(importlib.import_module(info.name)).values():
            if isinstance(value, type) and issubclass(value, scrapy.Spider) and getattr(value, "name", None):
                names.add(value.name)
    return names


def test_every_spider_the_docs_crawl_exists():
    names = _spider_names()
    missing = {f"{doc}: scrapy crawl {name}" for doc, (name,) in _shown(_SCRAPY_CRAWL) if name not in names}
    assert not missing, "\n".join(sorted(missing))


# Dotted names of the project's code (`nianbao.publish.search.fts_query`, `crawler.settings`) in code spans.
_DOTTED = re.compile(rf"(?<![\w./-])(?:nianbao\.)?(?:{'|'.join(FOLDERS)})(?:\.[A-Za-z_]\w*)+(?![\w/-])")


def _resolves(dotted: str) -> bool:
    """True when a dotted name is a module of the project, or an attribute of one."""
    name = dotted if dotted.startswith(("nianbao.", "benchmarks.")) else f"nianbao.{dotted}"
    parts = name.split(".")
    for cut in range(len(parts), 1, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def test_every_dotted_name_the_docs_give_exists():
    named = [(doc.relative_to(ROOT).as_posix(), name) for doc in DOCS for code in _CODE.findall(
        doc.read_text(encoding="utf-8")) for name in _DOTTED.findall(code) if not _code_path(name)]
    missing = {f"{doc}: {name}" for doc, name in named if not _resolves(name)}
    assert not missing, "named but not in the code:\n" + "\n".join(sorted(missing))


def test_the_readme_layout_names_every_package_folder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = set(re.findall(r"^ {4}([a-z]+)/ ", readme, re.M))
    assert set(FOLDERS) | {"nianbao", "tests"} <= layout, sorted(set(FOLDERS) | {"nianbao", "tests"} - layout)
    assert all((ROOT / folder).is_dir() for folder in layout), sorted(f for f in layout if not (ROOT / f).is_dir())


# File names in plain text too (not only in links and code): the docs and the public column descriptions.
PUBLIC_TEXT = (*DOCS, ROOT / "publish" / "metadata.py")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://\S+")
_FILE_NAME = re.compile(r"(?<![\w.\-/<>])[\w.\-/]*\w\.(?:md|ya?ml|py|json|toml|cfg)(?![\w\-/])")


def _repo_names() -> set[str]:
    return {path.name for path in _repo_files()}


def test_no_public_text_names_a_file_outside_the_repo():
    names = _repo_names()
    missing = []
    for doc in PUBLIC_TEXT:
        text = _URL.sub(" ", doc.read_text(encoding="utf-8"))
        # An absolute path (/srv/nianbao/portals.yaml) is on the reader's machine, not in the repo.
        for name in {name for name in _FILE_NAME.findall(text) if not name.startswith("/")}:
            # A path is relative to the doc or to the top of the repo; a bare name is any file of the repo.
            found = ("/" not in name and name in names) or any((base / name).exists() for base in (doc.parent, ROOT))
            if name not in SNAPSHOT_FILES and (not found or _ignored(name)):
                missing.append(f"{doc.relative_to(ROOT)}: {name}")
    assert not missing, "named but not in the repo:\n" + "\n".join(sorted(missing))


# Links to a part of a page: (#anchor), (page.md#anchor) name one of its headings, as GitHub makes their anchors.

_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def _anchors(doc: Path) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as '-', repeats numbered."""
    text = _FENCE.sub("", doc.read_text(encoding="utf-8"))
    anchors, seen = set(), {}
    for heading in _HEADING.findall(text):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        anchors.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


def test_every_anchor_the_docs_link_exists():
    broken = []
    for doc in DOCS:
        for target in _LINK.findall(doc.read_text(encoding="utf-8")):
            if _SCHEME.match(target) or "#" not in target:
                continue
            page, anchor = target.split("#", 1)
            linked = (doc.parent / page).resolve() if page else doc
            if not linked.is_file() or anchor not in _anchors(linked):
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert not broken, "links to no heading:\n" + "\n".join(broken)


_SEE = re.compile(r"\bsee \*\*([^*]+)\*\*")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def test_every_see_reference_names_a_part_of_its_page():
    """'(see **Nightly operations**)' names a heading, or the bold lead of a paragraph or item, of the same page."""
    broken = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        parts = _HEADING.findall(text) + re.findall(r"^\s*(?:- )?\*\*([^*]+)\*\*", text, re.M)
        broken += [f"{doc.relative_to(ROOT)}: see **{name}**" for name in _SEE.findall(text)
                   if not any(part.startswith(name) for part in parts)]
    assert not broken, "\n".join(broken)


NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                r"\w+teen", r"\w+ty")


def _kill_points() -> dict[str, int]:
    """POINTS of tests/test_interruption.py: how many kills each stage gets."""
    tree = ast.parse((ROOT / "tests" / "test_interruption.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "POINTS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("tests/test_interruption.py no longer sets POINTS: say in the README how it kills")


def test_the_readme_states_the_kill_points_once_as_the_test_draws_them():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    points = _kill_points()
    stated = re.findall(rf"\b({'|'.join(points)}) at (\d+)\b", readme)
    assert sorted(stated) == sorted((stage, str(count)) for stage, count in points.items()), (stated, points)
    # One place states the count ("… at 6 points"); every other mention of the interruption test points there.
    counted = re.findall(rf"[^.]*\b(?:\d+|{'|'.join(NUMBER_WORDS)}) points\b[^.]*", readme)
    assert len(counted) == 1, counted


def test_keys_doc_gives_every_section_label_and_rule():
    doc = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    for section, label in SECTIONS.items():
        assert re.search(rf"^\| `{section}` \| {re.escape(label)} \|", doc, re.M), section
    for rule in RULES:
        assert re.search(rf"^\| `{rule}` \|", doc, re.M), rule
    for template in TEMPLATES:
        assert re.search(rf"^\| `{template}` \|", doc, re.M), template


def test_portals_doc_counts_the_registry_rows_by_family():
    doc = (ROOT / "docs" / "portals.md").read_text(encoding="utf-8")
    stated = {family: int(rows) for family, rows in re.findall(r"^\| `(\w+)` \| (\d+) \|$", doc, re.M)}
    rows = yaml.safe_load((ROOT / "crawler" / "portals.yaml").read_text(encoding="utf-8"))
    assert stated == dict(Counter(row.get("family") or "unknown" for row in rows))
    assert f"the {len(rows)} listing pages" in doc
