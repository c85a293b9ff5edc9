"""The package as a user installs it: one import name, every import declared, every declared name used."""

import ast
import io
import re
import subprocess
import sys
import tomllib
import venv
import zipfile
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pypdfium2
import pytest

from nianbao.extract.documents import pdf
from nianbao.extract.documents.formats import PDF
from nianbao.extract.documents.layout import UnreadableDocument
from nianbao.extract.documents.read import read_document

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]["name"]
# The import names of this repository's own code: the package, its tests and its benchmarks.
FIRST_PARTY = {PROJECT, "tests", "benchmarks"}
# Declared but never imported by our code, each with its reason.
NOT_IMPORTED = {
    "lxml-html-clean": "trafilatura imports lxml.html.clean, which lxml ≥ 5.2 moved out into this package",
    "defusedxml": "openpyxl parses with it when it is installed: no entity expansion in a hostile workbook",
    "scrapy-playwright": "Scrapy loads its download handler by the dotted path in crawler/browser.py",
    "datasette-dashboards": "a Datasette plugin: Datasette loads it through its entry point",
    "pytest-timeout": "a pytest plugin: pytest loads it through its entry point",
    "scrapyd": "the tests run its program, not its modules",
    "scrapyd-client": "the tests run its program (scrapyd-deploy), not its modules",
    "setuptools": "this module builds the wheel with it, in a subprocess",
}
# Modules that need an extra, and which: the reader of scans, the demo (scans and Office files it writes), the
# demo's font tool (a maintainer's, not installed). Other modules of the package need the core only.
EXTRA_MODULES = {"extract/documents/ocr.py": "ocr", "demo/fonts/make_font.py": "test", "demo/": "demo"}
# Files of the package folders that stay out of the wheel: the demo's font tool (a maintainer's, run from a checkout).
NOT_SHIPPED = {"demo/fonts/make_font.py"}
BUILD_SECONDS = 300
A4_POINTS = (595, 842)


def _normal(name: str) -> str:
    """A distribution name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement(spec: str) -> tuple[str, list[str]]:
    """A requirement's distribution name and extras."""
    match = re.match(r"\s*([A-Za-z0-9._-]+)\s*(?:\[([^\]]*)\])?", spec)
    return _normal(match.group(1)), [extra.strip() for extra in (match.group(2) or "").split(",") if extra.strip()]


def _declared(group: str | None) -> set[str]:
    """The distributions the core (None) or an extra declares, with the project's own extras it names expanded."""
    specs = PYPROJECT["project"]["dependencies"] if group is None \
        else PYPROJECT["project"]["optional-dependencies"][group]
    names = set() if group is None else _declared(None)
    for spec in specs:
        name, extras = _requirement(spec)
        if name == PROJECT:
            names |= set().union(*(_declared(extra) for extra in extras))
        else:
            names.add(name)
    return names


def _package_folders() -> list[str]:
    """The folders setup.py maps into the package: nianbao/ and its FOLDERS."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    [folders] = [ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["FOLDERS"]]
    return [PROJECT, *folders]


def _imports(path: Path) -> set[str]:
    """Top-level names of a module's absolute imports, wherever in the module they are."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - FIRST_PARTY


def _modules(folders: list[str]) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py")
                  if "__pycache__" not in path.parts)


def _group(path: Path) -> str | None:
    """The extra a module of the package may need (None: the core's declarations only)."""
    relative = path.relative_to(ROOT).as_posix()
    return next((extra for prefix, extra in EXTRA_MODULES.items() if relative.startswith(prefix)), None)


@cache
def _distributions(name: str) -> set[str]:
    """The installed distributions that provide an import name."""
    return {_normal(dist) for dist in _import_names().get(name, [])}


@cache
def _import_names() -> dict[str, list[str]]:
    return packages_distributions()


def test_every_import_of_the_package_is_declared_in_the_core_or_its_extra():
    undeclared = []
    for path in _modules(_package_folders()):
        group = _group(path)
        declared = _declared(group)
        for name in sorted(_imports(path)):
            dists = _distributions(name)
            if not dists & declared:
                where = f"nianbao[{group}]" if group else "the core dependencies"
                undeclared.append(f"{path.relative_to(ROOT)}: {name} ({', '.join(dists) or 'no distribution'}) "
                                  f"is not in {where}")
    assert not undeclared, "\n".join(undeclared)


def test_every_import_of_the_tests_and_benchmarks_is_declared_in_the_test_extra():
    declared = _declared("test")
    undeclared = sorted(f"{path.relative_to(ROOT)}: {name}" for path in _modules(["tests", "benchmarks"])
                        for name in _imports(path) if not _distributions(name) & declared)
    assert not undeclared, "\n".join(undeclared)


def test_every_declared_distribution_is_imported_or_its_reason_given():
    imported = {dist for path in _modules([*_package_folders(), "tests", "benchmarks"])
                for name in _imports(path) for dist in _distributions(name)}
    declared = set().union(*(_declared(group) for group in PYPROJECT["project"]["optional-dependencies"]))
    assert declared - imported - set(NOT_IMPORTED) == set()
    # A reason for a distribution that is imported after all, or no longer declared, is stale.
    assert set(NOT_IMPORTED) & imported == set() and set(NOT_IMPORTED) <= declared


def test_the_core_leaves_out_ocr_browser_and_demo_libraries():
    core = _declared(None)
    for extra in ("ocr", "browser", "demo"):
        own = {_requirement(spec)[0] for spec in PYPROJECT["project"]["optional-dependencies"][extra]} - {PROJECT}
        assert own and not own & core, extra
    # OpenCV's GUI build and the retired OCR package are in no install.
    assert not {"opencv-python", "rapidocr-onnxruntime"} & _declared("test")


def test_a_crawl_command_does_not_import_the_web_server():
    """Datasette and uvicorn take a third of a second to import; only serving needs them."""
    loaded = subprocess.run([sys.executable, "-c", "import sys, nianbao.cli; print(sorted(sys.modules))"],
                            capture_output=True, text=True, check=True).stdout
    assert "'datasette'" not in loaded and "'uvicorn'" not in loaded
    assert "'scrapy'" in loaded


def test_license_is_an_spdx_expression_with_its_file():
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert "Apache License\n                           Version 2.0" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def _blank_pdf() -> bytes:
    """A PDF of one page with no text layer: what a scan looks like to the text readers."""
    pdf = pypdfium2.PdfDocument.new()
    pdf.new_page(A4_POINTS[0], A4_POINTS[1])
    body = io.BytesIO()
    pdf.save(body)
    return body.getvalue()


def test_a_scan_without_the_ocr_extra_is_unreadable_with_the_extra_named(monkeypatch):
    installed = pdf.find_spec
    monkeypatch.setattr(pdf, "find_spec", lambda name: None if name == "rapidocr" else installed(name))
    with pytest.raises(UnreadableDocument, match=re.escape("needs nianbao[ocr] (pip install 'nianbao[ocr]'; "
                                                           "not installed: rapidocr)")):
        read_document(_blank_pdf(), PDF)


def _project_files() -> list[str]:
    """The project's files: those git tracks or would track (not ignored), as they are on disk."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    return [name for name in listed if name and (ROOT / name).is_file()]


def _source_copy(destination: Path) -> Path:
    """The project's files copied: the build never writes into the checkout."""
    for name in _project_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    return destination


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    """The project built into a wheel offline, by the setuptools of this venv; and what the build printed."""
    source = _source_copy(tmp_path_factory.mktemp("source"))
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                            "--verbose", "--wheel-dir", str(out), str(source)],
                           capture_output=True, text=True, timeout=BUILD_SECONDS)
    assert build.returncode == 0, build.stdout + build.stderr
    [built] = out.glob("*.whl")
    return built, build.stdout + build.stderr


def test_building_prints_no_warning_about_our_metadata(wheel):
    _, printed = wheel
    # setuptools frames its deprecation and configuration warnings between "!!" lines.
    warnings = [line for line in printed.splitlines() if "Warning" in line or line.strip() == "!!"]
    assert not warnings, printed


def test_the_wheel_holds_one_import_name_its_script_and_its_data(wheel):
    built, _ = wheel
    with zipfile.ZipFile(built) as archive:
        paths = archive.namelist()
        [record] = [path for path in paths if path.endswith(".dist-info/RECORD")]
        listed = [line.split(",")[0] for line in archive.read(record).decode().splitlines()]
        [entry_points] = [path for path in paths if path.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode()
        [metadata] = [path for path in paths if path.endswith(".dist-info/METADATA")]
        fields = archive.read(metadata).decode()
    assert {path.split("/")[0] for path in listed if ".dist-info/" not in path} == {PROJECT}
    assert "[console_scripts]\nnianbao = nianbao.cli:cli" in scripts
    # Every file of the package folders is in the wheel, at its place in the one namespace: modules and data.
    folders = _package_folders()
    expected = {name if name.startswith(f"{PROJECT}/") else f"{PROJECT}/{name}" for name in _project_files()
                if name.split("/")[0] in folders and name not in NOT_SHIPPED}
    assert expected - set(listed) == set()
    assert "License-Expression: Apache-2.0" in fields and "License-File: LICENSE" in fields


def test_a_fresh_venv_gets_nianbao_alone_and_its_command(wheel, tmp_path):
    built, _ = wheel
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    before = {path.name for path in site.iterdir()}
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(built)], check=True,
                   timeout=BUILD_SECONDS)
    added = {path.name for path in site.iterdir()} - before
    assert added == {PROJECT, f"{PROJECT}-{PYPROJECT['project']['version']}.dist-info"}
    assert (tmp_path / "venv" / "bin" / "nianbao").is_file()
    assert (site / PROJECT / "crawler" / "portals.yaml").is_file()
