"""A read document as the parser's text: paragraphs as lines, table rows as 'cell | cell |' lines."""

from dataclasses import dataclass, field

TEXT_LAYER, OCR_LAYER = "text", "ocr"


@dataclass
class Document:
    """What a file says: its format, text (tables rendered as HTML tables are), pages, and how it was read."""

    format: str
    text: str
    pages: int | None = None
    needs_ocr: bool = False
    ocr: bool = False
    notes: list[str] = field(default_factory=list)
    grids: list = field(default_factory=list)


class UnreadableDocument(Exception):
    """A file that cannot be read: corrupt, encrypted, or in a format with no reader here."""


def _joins_tight(left: str, right: str) -> bool:
    """A line break inside a cell between Chinese characters or digits is the cell's width, not a space."""
    return not (left.isascii() and left.isalpha()) or not (right.isascii() and right.isalpha())


def cell_text(text: str | None) -> str:
    """One cell's text on one line, its wrapped lines joined back; a bar inside would read as a border."""
    lines = [" ".join(line.split()) for line in (text or "").replace("|", "｜").splitlines()]
    joined = ""
    for line in filter(None, lines):
        joined += line if not joined or _joins_tight(joined[-1], line[0]) else " " + line
    return joined


def table_lines(rows: list[list[str | None]]) -> list[str]:
    """Table rows as the HTML renderer writes them; None is a cell another one covers and is left out."""
    return ["".join(f"{cell_text(cell)} | " for cell in row if cell is not None).rstrip() for row in rows
            if any(cell is not None for cell in row)]
