"""Scans of a report's tables at known qualities and layouts, with every cell's printed text and value.

A layout is how the tables are drawn on a portrait A4 page: `wide` gives label columns room for a
line of ten characters, `narrow` gives them one, two or three (as a 7-applicant-column table on a
portrait page does), so labels wrap a few characters a line. A quality is how the page was scanned:
resolution, skew, paper and ink greys, blur, grain and JPEG compression.
"""

import io
import random
import re
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
import pypdfium2
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from nianbao.demo import documents
from nianbao.demo.body import report_body
from nianbao.demo.catalog import DemoReport
from nianbao.extract.keys import APPEAL_COLS, APPEAL_ROWS, OUTCOME_ROWS, REQUEST_COLS

POINTS_PER_INCH = 72
MARGIN = documents.MARGIN
TITLE_SIZE, HEADING_SIZE = 16, 12
LEADING = 1.3
# Room left between a heading or a table and what follows it, in points.
GAP = 8
RULE_WIDTH = 0.6
WHITE = 255
TABLE_HEADINGS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况")
CONTACT = "电话：0898-26880001"
AGENCY = "白沙县交通运输局"
# What a cell holding a number prints: digits, a decimal point, 增/减 before a change; or nothing.
_NUMBER_CELL = re.compile(r"^(增|减)?\d+(\.\d+)?$|^$")
EMPTY_REQUEST_CELLS = 2


@dataclass(frozen=True)
class Layout:
    """How a table is drawn: its font's size and line height, and how wide its label columns are."""

    name: str
    font_size: float
    leading: float
    # Widths of the leading label columns in characters, left to right; None: each as its longest line,
    # up to LABEL_MAX_CHARS.
    label_chars: tuple[int, ...] | None = None
    ruled: bool = True
    # Space between a cell's borders and its text, in points: across, and above and below.
    pad_x: float = 3
    pad_y: float = 2


LABEL_MAX_CHARS = 10
WIDE = Layout("wide", documents.TABLE_SIZE + 1, LEADING)
# 五号 (10.5 pt) at an exact line height just over the font's, text close to the rules: a 7-applicant-column
# table squeezed onto a portrait page by Word.
NARROW = Layout("narrow", 10.5, 1.05, (1, 2, 3), pad_x=1.5, pad_y=1.5)
LAYOUTS = (WIDE, NARROW)
# The wide layout printed without ruling lines: OCR finds no cells and groups text lines by height.
UNRULED = Layout("unruled", WIDE.font_size, WIDE.leading, ruled=False)


@dataclass(frozen=True)
class Quality:
    """How a page was scanned: resolution, skew, paper and ink greys, blur and grain (pixels), JPEG quality."""

    name: str
    dpi: int
    skew_degrees: float = 0.0
    paper: int = WHITE
    ink: int = 0
    blur: float = 0.0
    grain: float = 0.0
    jpeg: int = 95


SCAN_300 = Quality("300 dpi", 300, 0.5, 240, 30, 0.8, 3, 85)
SCAN_200 = Quality("200 dpi", 200, 1.0, 230, 40, 0.6, 4, 75)
SKEWED_200 = Quality("200 dpi, 2°, JPEG 50", 200, 2.0, 225, 50, 0.7, 6, 50)
# The unseen scan: a clean image 1,240 pixels wide.
CLEAN_150 = Quality("150 dpi clean", 150)
SCAN_150 = Quality("150 dpi", 150, 1.0, 230, 40, 0.6, 4, 75)
SKEWED_150 = Quality("150 dpi, -2°, JPEG 40", 150, -2.0, 220, 60, 0.8, 8, 40)
SCAN_100 = Quality("100 dpi", 100, 1.0, 230, 40, 0.6, 4, 75)
POOR_100 = Quality("100 dpi, JPEG 40", 100, 1.5, 220, 60, 0.8, 6, 40)
QUALITIES = (SCAN_300, SCAN_200, SKEWED_200, CLEAN_150, SCAN_150, SKEWED_150, SCAN_100, POOR_100)


@dataclass(frozen=True)
class Drawn:
    """A table cell as drawn on one page: its text (none on a merged cell's other parts), and if it holds a number."""

    text: str
    number: bool


@dataclass
class Scan:
    """A scanned PDF, its pages, the table rows drawn on them (cells left to right) and the cells it states."""

    pdf: bytes
    pages: int
    rows: list[list[Drawn]]
    truth: dict[tuple[str, str, str], float | int | None]


def _count(rng: random.Random) -> int:
    """A count as reports print them: mostly 0 or a digit, sometimes two, three or four digits."""
    return rng.choice((0, 0, 0, 0, rng.randint(1, 9), rng.randint(1, 9), rng.randint(10, 99), rng.randint(10, 99),
                       rng.randint(100, 999), rng.randint(1000, 9999)))


def _requests(rng: random.Random, template: str) -> dict:
    """A requests table whose sums hold, with a few cells left empty where the count is 0."""
    table = {}
    outcomes = OUTCOME_ROWS[template]
    for col in REQUEST_COLS[:-1]:
        for row in outcomes:
            table[(row, col)] = _count(rng)
        total = sum(table[(row, col)] for row in outcomes)
        forward = _count(rng)
        brought = rng.randint(0, total + forward)
        table.update({("total", col): total, ("carried_forward", col): forward, ("carried_in", col): brought,
                      ("new", col): total + forward - brought})
    for row in {row for row, _ in table}:
        table[(row, "total")] = sum(table[(row, col)] for col in REQUEST_COLS[:-1])
    zeros = sorted(key for key, value in table.items() if value == 0 and key[1] != "total")
    for key in rng.sample(zeros, min(EMPTY_REQUEST_CELLS, len(zeros))):
        table[key] = None
    return table


def _appeals(rng: random.Random) -> dict:
    table = {}
    for row in APPEAL_ROWS:
        parts = [rng.choice((0, 0, rng.randint(1, 9), rng.randint(10, 99))) for _ in APPEAL_COLS[:-1]]
        table.update(zip(((row, col) for col in APPEAL_COLS), [*parts, sum(parts)]))
    return table


def _active(rng: random.Random, template: str) -> dict:
    if template == "2021":
        return {("regulations", "issued"): rng.randint(0, 3), ("regulations", "repealed"): None,
                ("regulations", "in_force"): rng.randint(3, 20),
                ("normative_documents", "issued"): rng.randint(1, 30),
                ("normative_documents", "repealed"): rng.randint(0, 5),
                ("normative_documents", "in_force"): rng.randint(30, 200),
                ("licensing", "decisions"): rng.randint(100, 90000), ("penalties", "decisions"): rng.randint(0, 900),
                ("coercion", "decisions"): rng.randint(0, 50), ("fees", "amount"): round(rng.uniform(0, 3000), 2)}
    return {("regulations", "made"): None, ("regulations", "published"): rng.randint(0, 3),
            ("regulations", "total"): rng.randint(3, 20), ("normative_documents", "made"): rng.randint(1, 30),
            ("normative_documents", "published"): rng.randint(1, 30),
            ("normative_documents", "total"): rng.randint(30, 300),
            ("licensing", "prev_items"): rng.randint(50, 700), ("licensing", "change"): rng.randint(-40, 60),
            ("licensing", "decisions"): rng.randint(100, 90000),
            ("other_services", "prev_items"): rng.randint(0, 60), ("other_services", "change"): rng.randint(-5, 52),
            ("other_services", "decisions"): rng.randint(0, 9000),
            ("penalties", "prev_items"): rng.randint(100, 1400), ("penalties", "change"): rng.randint(-20, 200),
            ("penalties", "decisions"): rng.randint(0, 9000),
            ("coercion", "prev_items"): rng.randint(0, 80), ("coercion", "change"): rng.randint(-5, 5),
            ("coercion", "decisions"): rng.randint(0, 800),
            ("fees", "prev_items"): rng.randint(0, 90), ("fees", "change"): rng.randint(-10, 3),
            ("procurement", "projects"): rng.randint(0, 2000),
            ("procurement", "amount"): round(rng.uniform(1, 9999), 2)}


def varied_report(template: str, seed: int) -> DemoReport:
    """A report of the template's year whose cells are drawn from the seed: 0s, up to five digits, empty cells."""
    rng = random.Random(f"scans-{template}-{seed}")
    report = DemoReport(AGENCY, int(template), ("demo-generic",), "115301270000000099", seed)
    report.requests = _requests(rng, template)
    report.appeals = _appeals(rng)
    report.active = _active(rng, template)
    return report


def truth(report: DemoReport) -> dict[tuple[str, str, str], float | int | None]:
    """Every cell the report's tables state, by key; an empty cell is None."""
    rows = ("new", "carried_in", *OUTCOME_ROWS[report.template], "total", "carried_forward")
    cells = {("requests", row, col): report.requests.get((row, col), 0) for row in rows for col in REQUEST_COLS}
    cells |= {("appeals", row, col): value for (row, col), value in report.appeals.items()}
    return cells | {("active", row, col): value for (row, col), value in report.active.items()}


def _lines(text: str, width: float, size: float) -> list[str]:
    """A cell's text wrapped character by character to the width, as Word wraps Chinese."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if line and stringWidth(line + char, documents.FONT, size) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


def _label_columns(cells: list[tuple[int, int, documents.Cell]]) -> int:
    """How many columns on the left hold no number: the table's row labels."""
    numbers = [c for _, c, cell in cells if cell.text and _NUMBER_CELL.match(cell.text)]
    return min(numbers, default=0)


def _column_widths(cells, width: int, layout: Layout, room: float) -> list[float]:
    """Label columns as the layout says, number columns sharing what is left of the room."""
    labels = _label_columns(cells)
    unit = layout.font_size
    if layout.label_chars is not None:
        chars = list(layout.label_chars[-labels:]) if labels else []
        label_widths = [n * unit + 2 * layout.pad_x for n in chars]
    else:
        longest = [max((len(line) for _, c, cell in cells if c == column and cell.colspan == 1
                        for line in cell.text.split("\n")), default=1) for column in range(labels)]
        label_widths = [min(n, LABEL_MAX_CHARS) * unit + 2 * layout.pad_x for n in longest]
    rest = (room - sum(label_widths)) / (width - labels)
    return label_widths + [rest] * (width - labels)


def _row_heights(cells, widths: list[float], rows: int, layout: Layout) -> list[float]:
    """Each row as tall as its tallest cell; a merged cell taller than its rows lengthens the last of them."""
    size = layout.font_size
    line = size * layout.leading
    heights = [line + 2 * layout.pad_y] * rows
    wrapped = {}
    for r, c, cell in cells:
        inner = sum(widths[c:c + cell.colspan]) - 2 * layout.pad_x
        wrapped[(r, c)] = _lines(cell.text, inner, size)
        if cell.rowspan == 1:
            heights[r] = max(heights[r], len(wrapped[(r, c)]) * line + 2 * layout.pad_y)
    for r, c, cell in cells:
        need = len(wrapped[(r, c)]) * line + 2 * layout.pad_y
        have = sum(heights[r:r + cell.rowspan])
        if need > have:
            heights[r + cell.rowspan - 1] += need - have
    return heights


class _Pages:
    """A canvas and where the next thing goes on the current page, in points from the page's bottom."""

    def __init__(self, title: str):
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4)
        self.number = 1
        self.top = A4[1] - MARGIN
        self.write(title, TITLE_SIZE)

    def room(self) -> float:
        return self.top - MARGIN

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.number += 1
        self.top = A4[1] - MARGIN

    def write(self, text: str, size: float) -> None:
        if self.room() < size * LEADING * 2:
            self.new_page()
        self.canvas.setFont(documents.FONT, size)
        self.top -= size * LEADING
        self.canvas.drawString(MARGIN, self.top, text)
        self.top -= GAP

    def finish(self) -> bytes:
        self._footer()
        self.canvas.save()
        return self.buffer.getvalue()

    def _footer(self) -> None:
        self.canvas.setFont(documents.FONT, HEADING_SIZE)
        self.canvas.drawCentredString(A4[0] / 2, MARGIN / 2, documents.PAGE_FOOTER.format(self.number))


def _segments(heights: list[float], first_room: float, page_room: float) -> list[tuple[int, int]]:
    """The rows of a table page by page: as many as fit, the first page having what is left of it."""
    segments, start, room = [], 0, first_room
    while start < len(heights):
        end, used = start, 0.0
        while end < len(heights) and used + heights[end] <= room:
            used += heights[end]
            end += 1
        segments.append((start, end))
        start, room = end, page_room
    return segments


def _draw_table(pages: _Pages, grid: documents.Grid, layout: Layout) -> list[list[Drawn]]:
    """Draw a table, breaking pages between rows as Word does; its rows as drawn, page by page."""
    # A merged cell broken by a page is drawn on both pages; its text sits in the taller part.
    cells, width = documents.placed(grid)
    widths = _column_widths(cells, width, layout, A4[0] - 2 * MARGIN)
    heights = _row_heights(cells, widths, len(grid), layout)
    lefts = [MARGIN + sum(widths[:c]) for c in range(width)]
    if heights[0] > pages.room():
        pages.new_page()
    segments = _segments(heights, pages.room(), A4[1] - 2 * MARGIN)

    def visible(r: int, cell: documents.Cell, segment: tuple[int, int]) -> float:
        return sum(heights[max(r, segment[0]):min(r + cell.rowspan, segment[1])])

    texts_in = {(r, c): max(segments, key=lambda segment: visible(r, cell, segment)) for r, c, cell in cells}
    drawn: list[list[Drawn]] = []
    for index, (start, end) in enumerate(segments):
        if index:
            pages.new_page()
        tops = [pages.top - sum(heights[start:r]) for r in range(start, end + 1)]
        rows: list[list[tuple[int, Drawn]]] = [[] for _ in range(start, end)]
        for r, c, cell in cells:
            first, last = max(r, start), min(r + cell.rowspan, end)
            if first >= last:
                continue
            text = cell.text if texts_in[(r, c)] == (start, end) else ""
            box = (lefts[c], tops[last - start], sum(widths[c:c + cell.colspan]), tops[first - start])
            _draw_cell(pages.canvas, box, text, layout)
            number = bool(text == cell.text and _NUMBER_CELL.match(text))
            rows[first - start].append((c, Drawn(text.replace("\n", ""), number)))
        drawn += [[item for _, item in sorted(row, key=lambda pair: pair[0])] for row in rows]
        pages.top -= sum(heights[start:end])
    pages.top -= GAP
    return drawn


def _draw_cell(canvas: Canvas, box: tuple[float, float, float, float], text: str, layout: Layout) -> None:
    """A cell's borders and its text wrapped to its width, centred both ways."""
    size = layout.font_size
    left, bottom, width, top = box
    if layout.ruled:
        canvas.setLineWidth(RULE_WIDTH)
        canvas.rect(left, bottom, width, top - bottom)
    canvas.setFont(documents.FONT, size)
    lines = _lines(text, width - 2 * layout.pad_x, size) if text else []
    line = size * layout.leading
    baseline = (top + bottom) / 2 + len(lines) * line / 2 - size
    for index, words in enumerate(lines):
        canvas.drawCentredString(left + width / 2, baseline - index * line, words)


@cache
def _font() -> None:
    registerFont(TTFont(documents.FONT, str(documents.FONT_FILE)))


def write_tables(report: DemoReport, layout: Layout) -> tuple[bytes, list[list[Drawn]]]:
    """A PDF of the report's title, table headings and tables in the layout; the table rows as drawn."""
    _font()
    pages = _Pages(report.title)
    tables = [block for block in documents.body_blocks(report_body(report, CONTACT)) if not isinstance(block, str)]
    drawn = []
    for heading, grid in zip(TABLE_HEADINGS, tables):
        pages.write(heading, HEADING_SIZE)
        drawn += _draw_table(pages, grid, layout)
    return pages.finish(), drawn


def scanned(pdf: bytes, quality: Quality) -> list[Image.Image]:
    """The PDF's pages as a scanner at that quality makes them (before JPEG): grey, blurred, grainy, turned."""
    document = pypdfium2.PdfDocument(pdf)
    rng = np.random.default_rng(quality.dpi)
    images = []
    for page in document:
        printed = np.asarray(page.render(scale=quality.dpi / POINTS_PER_INCH, grayscale=True).to_pil().convert("L"),
                             dtype=np.float32)
        if quality.blur:
            printed = cv2.GaussianBlur(printed, (0, 0), quality.blur)
        grain = rng.normal(0, quality.grain, printed.shape)
        grey = quality.ink + printed * (quality.paper - quality.ink) / WHITE + grain
        image = Image.fromarray(np.clip(grey, 0, WHITE).astype(np.uint8))
        images.append(image.rotate(quality.skew_degrees, resample=Image.Resampling.BICUBIC, expand=False,
                                   fillcolor=quality.paper))
    document.close()
    return images


def as_pdf(images: list[Image.Image], quality: Quality) -> bytes:
    """Page images as a PDF without a text layer, each page a JPEG of the quality."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=quality.dpi,
                   quality=quality.jpeg)
    return buffer.getvalue()


def make_scan(report: DemoReport, layout: Layout, quality: Quality) -> Scan:
    """The report's tables drawn in the layout and scanned at the quality."""
    pdf, rows = write_tables(report, layout)
    images = scanned(pdf, quality)
    return Scan(as_pdf(images, quality), len(images), rows, truth(report))
