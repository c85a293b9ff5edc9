"""`nianbao parse` fuzzed: the fixture files mutated and parsed in batches, by child processes as users run it.

Seeds are the fixtures under tests/files (HTML, text, PDF, DOCX, XLSX) and an XLS LibreOffice writes from the
XLSX. Each input is a seed with one to three mutations: bytes flipped, cut, dropped, repeated or inserted, numbers
blown up (spans, coordinates, MediaBox, lengths), and for DOCX and XLSX a zip member dropped or its XML broken.
Every input must give exactly one JSON line, in order, and the exit status the command documents (1 when any file
failed), with no traceback, no parser error (an exception no reader expected), no crash and no hang (an input that
alone takes over HANG_SECONDS). Prints inputs, tracebacks, hangs, max RSS and inputs/s, beside the unmutated seeds.
Run: python -m benchmarks.parse_fuzz [--inputs 10000] [--seed 1]
"""

import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.extract.documents.office import soffice

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "files"
SEED_SUFFIXES = (".html", ".htm", ".shtml", ".txt", ".pdf", ".docx", ".xlsx")
SAME_AS = {".htm": ".html", ".shtml": ".html"}
# The bar for the benchmark run.
INPUTS = 10_000
BATCH = 50
# An input alone that takes longer hangs; a batch gets this long per input before its inputs are run alone.
HANG_SECONDS = 180
BATCH_SECONDS_PER_INPUT = 20
MAX_MUTATIONS = 3
MAX_REPEAT_BYTES = 64 * 1024
MAX_FLIPS = 16
KIB = 1024
TRACEBACK = "Traceback (most recent call last)"
PARSER_ERROR = "parser error:"
EXAMPLES = 10
# Values that break readers: zero, negative, past every cap, past int64, past Python's 4,300-digit int() limit,
# the PDF user-space limit, Excel's last row and column.
NUMBERS = ("0", "-1", "2147483648", "99999999999999999999", "9" * 5000, "14400", "1048576", "16384", "1e308", "NaN")
TOKENS = (b"\x00", b"\xff\xfe", b"|", b"\t", b"\r\n", "一二三 | 4 | 5".encode(), b"<table><tr><td rowspan=99999>",
          b"</td></tr></table>", b"&lol;", b"%%EOF", b"endobj", b"PK\x03\x04", "，１２３，".encode())
XML_INSERTS = ('<w:gridSpan w:val="{n}"/>', '<w:vMerge/>', '<w:vMerge w:val="restart"/>', '<w:gridBefore w:val="{n}"/>',
               '<mergeCell ref="A1:XFD{n}"/>', '<c r="XFD{n}"><v>{n}</v></c>', '<row r="{n}"/>',
               "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>", '<!DOCTYPE x [<!ENTITY a "{n}">]>')
_DIGITS = re.compile(rb"\d+")
_TAG = re.compile(rb"<[^<>]{1,200}>")


def seeds(xls_folder: Path | None = None) -> dict[str, list[bytes]]:
    """The fixture files by suffix, with an XLS written by LibreOffice from each XLSX when it is installed."""
    found: dict[str, list[bytes]] = {}
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix.lower() in SEED_SUFFIXES and path.is_file():
            suffix = path.suffix.lower()
            found.setdefault(SAME_AS.get(suffix, suffix), []).append(path.read_bytes())
    binary = soffice()
    if binary and xls_folder is not None:
        sources = sorted(FIXTURES.rglob("*.xlsx"))
        subprocess.run([binary, f"-env:UserInstallation={(xls_folder / 'profile').as_uri()}", "--headless",
                        "--convert-to", "xls", "--outdir", str(xls_folder), *map(str, sources)],
                       capture_output=True, timeout=300, check=False)  # a seed LibreOffice cannot write is left out
        found[".xls"] = [(xls_folder / f"{source.stem}.xls").read_bytes() for source in sources
                         if (xls_folder / f"{source.stem}.xls").exists()]
    return {suffix: bodies for suffix, bodies in found.items() if bodies}


def _span(data: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    return start, min(len(data), start + rng.randint(1, MAX_REPEAT_BYTES))


def flip(data: bytes, rng: random.Random) -> bytes:
    """A few bytes set to random values."""
    out = bytearray(data)
    for _ in range(rng.randint(1, MAX_FLIPS)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def cut(data: bytes, rng: random.Random) -> bytes:
    """The file cut short."""
    return data[:rng.randrange(len(data) + 1)]


def drop(data: bytes, rng: random.Random) -> bytes:
    """A stretch of bytes left out."""
    start, end = _span(data, rng)
    return data[:start] + data[end:]


def repeat(data: bytes, rng: random.Random) -> bytes:
    """A stretch of bytes repeated a few times where it is."""
    start, end = _span(data, rng)
    return data[:end] + data[start:end] * rng.randint(1, 8) + data[end:]


def insert(data: bytes, rng: random.Random) -> bytes:
    """A token that means something to some reader, put anywhere."""
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(TOKENS) + data[at:]


def number(data: bytes, rng: random.Random) -> bytes:
    """One run of digits (a span, a coordinate, a length, a MediaBox side, a cell) changed to a breaking value."""
    runs = [match.span() for match in _DIGITS.finditer(data[:MAX_REPEAT_BYTES * 16])]
    if not runs:
        return insert(data, rng)
    start, end = rng.choice(runs)
    return data[:start] + rng.choice(NUMBERS).encode() + data[end:]


def tag(data: bytes, rng: random.Random) -> bytes:
    """A markup tag left out, or a span, merge, far cell or nested table put after one."""
    tags = [match.span() for match in _TAG.finditer(data[:MAX_REPEAT_BYTES * 16])]
    if not tags:
        return insert(data, rng)
    start, end = rng.choice(tags)
    if rng.random() < 0.3:
        return data[:start] + data[end:]
    text = rng.choice(XML_INSERTS).format(n=rng.choice(NUMBERS)).encode()
    return data[:end] + text + data[end:]


BYTE_MUTATIONS = (flip, cut, drop, repeat, insert, number)
MARKUP_MUTATIONS = (*BYTE_MUTATIONS, tag, tag, number)


def _member(package: zipfile.ZipFile, rng: random.Random) -> str:
    """A member to mutate, most often one holding the text and tables."""
    names = package.namelist()
    main = [name for name in names if re.search(r"document\.xml$|worksheets/.+\.xml$|sharedStrings", name)]
    return rng.choice(main if main and rng.random() < 0.8 else names)


def package(data: bytes, rng: random.Random) -> bytes:
    """A DOCX or XLSX rebuilt with one member broken or left out; raw bytes when it is no longer a zip."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename: source.read(info) for info in source.infolist()}
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, RuntimeError, NotImplementedError, zlib.error):
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    if not members:
        return data
    name = _member(source, rng)
    if rng.random() < 0.1:
        del members[name]
    else:
        members[name] = rng.choice(MARKUP_MUTATIONS)(members[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for member, body in members.items():
            rebuilt.writestr(member, body)
    return out.getvalue()


# Zip packages are mostly mutated inside, member by member: mutated as bytes they are seldom zips any more.
PACKAGE_MUTATIONS = (package, package, package, *BYTE_MUTATIONS)
MUTATIONS = {".html": MARKUP_MUTATIONS, ".txt": BYTE_MUTATIONS, ".pdf": (*BYTE_MUTATIONS, number, number),
             ".docx": PACKAGE_MUTATIONS, ".xlsx": PACKAGE_MUTATIONS, ".xls": (*BYTE_MUTATIONS, number)}


def mutated(seed_files: dict[str, list[bytes]], count: int, seed: int):
    """`count` inputs as (suffix, bytes): formats in turn, each a random seed file with 1–3 mutations."""
    rng = random.Random(seed)
    suffixes = sorted(seed_files)
    for index in range(count):
        suffix = suffixes[index % len(suffixes)]
        data = rng.choice(seed_files[suffix])
        for _ in range(rng.randint(1, MAX_MUTATIONS)):
            data = rng.choice(MUTATIONS.get(suffix, BYTE_MUTATIONS))(data, rng)
        yield suffix, data


@dataclass
class Tally:
    """What a run of `nianbao parse` over inputs gave."""

    inputs: int = 0
    refused: int = 0
    tracebacks: int = 0
    parser_errors: int = 0
    not_json: int = 0
    wrong_status: int = 0
    crashes: int = 0
    hangs: int = 0
    seconds: float = 0.0
    peak_mib: float = 0.0
    peak_batch: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    @property
    def failures(self) -> int:
        """Inputs the command mishandled: every kind the fuzz looks for."""
        return self.tracebacks + self.parser_errors + self.not_json + self.wrong_status + self.crashes + self.hangs

    def note(self, what: str) -> None:
        if len(self.examples) < EXAMPLES:
            self.examples.append(what)


def run_parse(paths: list[Path], timeout: float = HANG_SECONDS) -> tuple[int, float, str, str] | None:
    """`nianbao parse` on the paths: exit status, peak RSS in MiB, stdout, stderr; None past the timeout."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([sys.executable, "-m", "nianbao", "parse", *map(str, paths)], stdout=out,
                                   stderr=err, text=True, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(process.pid, 9)
                os.wait4(process.pid, 0)
                return None
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), usage.ru_maxrss / KIB, out.read(), err.read()


def _check(paths: list[Path], result: tuple[int, float, str, str], tally: Tally) -> bool:
    """Tally one finished run; False when it crashed (its inputs are then run alone)."""
    status, peak, stdout, stderr = result
    if peak > tally.peak_mib:
        tally.peak_mib, tally.peak_batch = peak, [path.name for path in paths]
    if status not in (0, 1):
        return False
    tally.tracebacks += stderr.count(TRACEBACK)
    if TRACEBACK in stderr:
        tally.note(f"traceback in {[p.name for p in paths]}: {stderr[stderr.index(TRACEBACK):][-600:]}")
    lines = stdout.splitlines()
    try:
        parsed = [json.loads(line) for line in lines]
    except ValueError:
        parsed = []
    if [line.get("source") for line in parsed] != list(map(str, paths)):
        tally.not_json += len(paths)
        tally.note(f"not one JSON line per input for {[p.name for p in paths]}: {stdout[:300]!r}")
        return True
    failed = [line for line in parsed if "error" in line]
    tally.refused += len(failed)
    for line in failed:
        if line["error"].startswith(PARSER_ERROR):
            tally.parser_errors += 1
            tally.note(f"{Path(line['source']).name}: {line['error'][:300]}")
    if status != (1 if failed else 0):
        tally.wrong_status += 1
        tally.note(f"exit status {status} with {len(failed)} failed files")
    return True


def parse_all(paths: list[Path], tally: Tally) -> None:
    """Run `nianbao parse` on a batch; a batch that crashes or runs long is run again an input at a time."""
    started = time.perf_counter()
    result = run_parse(paths, max(HANG_SECONDS, BATCH_SECONDS_PER_INPUT * len(paths)))
    if result is not None and _check(paths, result, tally):
        tally.inputs += len(paths)
        tally.seconds += time.perf_counter() - started
        return
    for path in paths:
        alone = run_parse([path])
        tally.inputs += 1
        if alone is None:
            tally.hangs += 1
            tally.note(f"{path.name} ran over {HANG_SECONDS} s")
        elif not _check([path], alone, tally):
            tally.crashes += 1
            tally.note(f"{path.name} crashed nianbao parse: exit status {alone[0]}: {alone[3][-300:]}")
    tally.seconds += time.perf_counter() - started


def fuzz(inputs, folder: Path, batch: int = BATCH, on_batch=None) -> Tally:
    """Write the inputs into folder and parse them in batches; on_batch(tally) after each."""
    tally, paths = Tally(), []
    for index, (suffix, data) in enumerate(inputs):
        path = folder / f"{index:05d}{suffix}"
        path.write_bytes(data)
        paths.append(path)
        if len(paths) == batch:
            parse_all(paths, tally)
            paths = []
            if on_batch:
                on_batch(tally)
    if paths:
        parse_all(paths, tally)
    return tally


def baseline(seed_files: dict[str, list[bytes]], folder: Path) -> Tally:
    """The unmutated seed files through the same batches."""
    return fuzz(((suffix, data) for suffix, bodies in seed_files.items() for data in bodies), folder)


def table(fuzzed: Tally, unmutated: Tally) -> str:
    """The two runs side by side."""
    rows = [("inputs", fuzzed.inputs, unmutated.inputs), ("refused with a reason", fuzzed.refused, unmutated.refused),
            ("tracebacks", fuzzed.tracebacks, unmutated.tracebacks),
            ("parser errors", fuzzed.parser_errors, unmutated.parser_errors),
            ("not one JSON line each", fuzzed.not_json, unmutated.not_json),
            ("wrong exit status", fuzzed.wrong_status, unmutated.wrong_status),
            ("crashes", fuzzed.crashes, unmutated.crashes), ("hangs", fuzzed.hangs, unmutated.hangs),
            ("max RSS, MiB", f"{fuzzed.peak_mib:,.0f}", f"{unmutated.peak_mib:,.0f}"),
            ("inputs/s", f"{fuzzed.inputs / fuzzed.seconds:.1f}", f"{unmutated.inputs / unmutated.seconds:.1f}")]
    width = max(len(name) for name, _, _ in rows)
    lines = [f"{'':{width}}  {'fuzzed':>10}  {'unmutated':>10}"]
    lines += [f"{name:{width}}  {ours!s:>10}  {theirs!s:>10}" for name, ours, theirs in rows]
    return "\n".join(lines)


def main() -> None:
    """Fuzz and print the table, with examples of anything mishandled; exit 1 if anything was."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=INPUTS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-fuzz-") as tmp:
        folder = Path(tmp)
        (folder / "xls").mkdir()
        (folder / "seeds").mkdir()
        (folder / "inputs").mkdir()
        seed_files = seeds(folder / "xls")
        unmutated = baseline(seed_files, folder / "seeds")

        def progress(tally: Tally) -> None:
            print(f"{tally.inputs:,} inputs, {tally.failures} mishandled, {tally.inputs / tally.seconds:.1f}/s",
                  file=sys.stderr, flush=True)

        fuzzed = fuzz(mutated(seed_files, args.inputs, args.seed), folder / "inputs", on_batch=progress)
    print(f"nianbao parse fuzzed: {args.inputs:,} inputs from {sum(map(len, seed_files.values()))} seed files "
          f"({', '.join(sorted(seed_files))}), seed {args.seed}")
    print(table(fuzzed, unmutated))
    print(f"max RSS fuzzed in the run of {', '.join(fuzzed.peak_batch)}")
    for example in fuzzed.examples + unmutated.examples:
        print(f"- {example}")
    sys.exit(1 if fuzzed.failures or unmutated.failures else 0)


if __name__ == "__main__":
    main()
