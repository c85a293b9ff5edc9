"""Caps on what a report file may make a reader allocate, checked before it allocates; over one, TooLarge."""

import io
import re
import zipfile

from nianbao.extract.documents.layout import UnreadableDocument

KIB, MIB, GIB = 2**10, 2**20, 2**30
# The crawl downloads at most 32 MiB (NIANBAO_MAX_BYTES); a file given to `nianbao parse` may be twice that.
MAX_FILE_BYTES = 64 * MIB
# Zip packages (DOCX, XLSX): a report's XML parts are a few MiB, its images tens of MiB, its members tens.
MAX_DIRECTORY_BYTES = MIB
MAX_MEMBERS = 5_000
MAX_XML_BYTES = 16 * MIB
MAX_MEMBER_BYTES = 64 * MIB
MAX_PACKAGE_BYTES = 160 * MIB
XML_SUFFIXES = (".xml", ".rels", ".vml")
# Office XML deflates 5–30×, a table of identical cells some 300×; a zip bomb about 1000×. The ratio of a small
# member says nothing.
MAX_RATIO = 500
RATIO_FLOOR_BYTES = MIB
INFLATE_CHUNK = MIB
# A report table has tens of rows and a dozen columns; tables Word converted from PDF carry many thin grid
# columns. Past these a table is a broken or hostile file, and its grid would not fit in memory.
MAX_TABLE_ROWS = 5_000
MAX_TABLE_COLUMNS = 1_000
MAX_TABLE_CELLS = 250_000
MAX_TABLE_DEPTH = 10
# Allocation failures that C libraries report as errors of their own rather than as MemoryError
# (onnxruntime: "Failed to allocate memory for requested buffer"; OpenCV: "Insufficient memory").
_ALLOCATION_FAILED = re.compile(r"failed to allocate memory|insufficient memory|bad_alloc|out of memory", re.I)
# A report has tens of pages; OCR takes seconds a page.
MAX_PDF_PAGES = 500
MAX_OCR_PAGES = 60
# A page of text and tables draws itself in under a MiB of content, maps and charts in a few.
MAX_PAGE_CONTENT_BYTES = 8 * MIB
# A page is rendered for OCR at most at A2 size at OCR_DPI (3307 × 4677 pixels: OCR keeps several copies of it
# beside its models), a scan's own image decoded at most at 600 dpi on A3 (7016 × 9921).
MAX_OCR_PIXELS = 16_000_000
MAX_IMAGE_PIXELS = 72_000_000


class TooLarge(UnreadableDocument):
    """A file past one of the caps: recorded with what is too large, never read."""

    def __init__(self, what: str):
        super().__init__(f"too large: {what}")
        self.what = what

    def __reduce__(self):
        """Pickled as what is too large (a reader process hands it back): its message is not said twice."""
        return type(self), (self.what,)


def size_text(count: int) -> str:
    """A byte count as people write it: 10 GiB, 12.5 MiB, 300 bytes."""
    for unit, name in ((GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")):
        if count >= unit:
            return f"{count / unit:.1f}".removesuffix(".0") + f" {name}"
    return f"{count} bytes"


def directory_fits(body: bytes) -> bool:
    """Whether a zip's central directory is small enough to list: zipfile reads as many entries as it holds."""
    # zipfile's own end-record reader finds the directory's size as zipfile will use it, zip64 included.
    end = zipfile._EndRecData(io.BytesIO(body))
    return end is None or end[zipfile._ECD_SIZE] <= MAX_DIRECTORY_BYTES


def _member_cap(name: str) -> int:
    return MAX_XML_BYTES if name.lower().endswith(XML_SUFFIXES) else MAX_MEMBER_BYTES


def _check_declared(member: zipfile.ZipInfo, label: str) -> None:
    """A member's sizes as the central directory states them, before any byte is inflated."""
    cap = _member_cap(member.filename)
    if member.file_size > cap:
        raise TooLarge(f"{label} member {member.filename} inflates to {size_text(member.file_size)} "
                       f"(at most {size_text(cap)})")
    if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
        raise TooLarge(f"{label} member {member.filename} inflates {member.file_size // max(member.compress_size, 1)}"
                       f" times ({size_text(member.compress_size)} to {size_text(member.file_size)}; "
                       f"at most {MAX_RATIO} times)")


def _copy(source, target, cap: int, what: str) -> int:
    """A member inflated in chunks into the rebuilt package, counted as it goes: a lying size header gets no further."""
    # zipfile trusts the header, and inflates up to a GiB at a time for a reader that asks for everything.
    count = 0
    while chunk := source.read(INFLATE_CHUNK):
        count += len(chunk)
        if count > cap:
            raise TooLarge(f"{what} inflates to over {size_text(cap)}")
        target.write(chunk)
    return count


def bounded_package(body: bytes, fmt: str) -> bytes:
    """A zip package (DOCX, XLSX) rebuilt uncompressed from its members as counted, within the caps; else TooLarge."""
    # Its reader can then allocate no more than was counted. A package too damaged to list is given back as it is,
    # for its reader to say why it cannot read it.
    label = fmt.upper()
    if not directory_fits(body):
        raise TooLarge(f"{label} package's directory is over {size_text(MAX_DIRECTORY_BYTES)}")
    try:
        package = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        return body
    members = package.infolist()
    if len(members) > MAX_MEMBERS:
        raise TooLarge(f"{label} package of {len(members):,} members (at most {MAX_MEMBERS:,})")
    for member in members:
        _check_declared(member, label)
    out, total = io.BytesIO(), 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as rebuilt:
        for member in members:
            try:
                with package.open(member) as source, rebuilt.open(zipfile.ZipInfo(member.filename), "w") as target:
                    total += _copy(source, target, _member_cap(member.filename), f"{label} member {member.filename}")
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
                raise UnreadableDocument(f"unreadable {label}: member {member.filename}: {exc}") from exc
            if total > MAX_PACKAGE_BYTES:
                raise TooLarge(f"{label} package inflates to over {size_text(MAX_PACKAGE_BYTES)}")
    return out.getvalue()


def check_table(rows: int, columns: int, what: str) -> None:
    """A table's rows and columns against the caps, before its grid is built."""
    if rows > MAX_TABLE_ROWS or columns > MAX_TABLE_COLUMNS or rows * columns > MAX_TABLE_CELLS:
        raise TooLarge(f"{what}: {rows:,} rows × {columns:,} columns (at most {MAX_TABLE_ROWS:,} rows, "
                       f"{MAX_TABLE_COLUMNS:,} columns, {MAX_TABLE_CELLS:,} cells)")


def check_span(span: int, what: str) -> None:
    """One cell's span against the table caps."""
    if span > MAX_TABLE_COLUMNS:
        raise TooLarge(f"{what} spans {span:,} columns (at most {MAX_TABLE_COLUMNS:,})")


def check_pixels(width: float, height: float, cap: int, what: str) -> None:
    """An image's size in pixels, before it is decoded or rendered."""
    if width * height > cap:
        raise TooLarge(f"{what} is {width:,.0f} × {height:,.0f} pixels (at most {cap:,} pixels)")


def out_of_memory(exc: BaseException | None) -> bool:
    """MemoryError or a library's allocation failure, raised as such or as the cause of a reader's error."""
    while exc is not None:
        if isinstance(exc, MemoryError) or _ALLOCATION_FAILED.search(str(exc)):
            return True
        exc = exc.__cause__
    return False
