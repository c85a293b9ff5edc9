"""Report bodies written as the files portals attach: PDF (reportlab), DOCX (python-docx), and scans of the PDF."""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import lxml.html
import pypdfium2
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_FILE = Path(__file__).with_name("fonts") / "NotoSansSC-demo.ttf"
FONT = "NotoSansSC-demo"
# What Word documents of government offices name for Chinese text; the reader's machine substitutes its own.
WORD_FONT = "宋体"
PAGE_FOOTER = "— {} —"
DOCUMENT_CHARS = "— "
MARGIN = 20 * mm
TEXT_SIZE, TABLE_SIZE, TITLE_SIZE = 12, 7, 16
MIN_COLUMN_CHARS, MAX_COLUMN_CHARS = 3, 10
SCAN_DPI = 150
POINTS_PER_INCH = 72
# A scanner's page is never quite white nor quite straight.
SCAN_PAPER, SCAN_SKEW_DEGREES = 235, 0.4


@dataclass(frozen=True)
class Cell:
    """A table cell: its text (lines split by newlines) and how many rows and columns it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1


Grid = list[list[Cell]]


def body_blocks(html: str) -> list[str | Grid]:
    """The paragraphs and tables of a demo report body, in order."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks: list[str | Grid] = []
    for node in root.iter("p", "table"):
        if node.tag == "table":
            blocks.append([[_cell(td) for td in tr.iter("td")] for tr in node.iter("tr")])
        elif next(node.iterancestors("td"), None) is None:
            blocks.append("".join(node.itertext()).strip())
    return blocks


def _cell(td) -> Cell:
    lines = ["".join(p.itertext()).replace("\xa0", "").strip() for p in td.iter("p")]
    return Cell("\n".join(lines).strip(), int(td.get("rowspan", 1)), int(td.get("colspan", 1)))


def placed(rows: Grid) -> tuple[list[tuple[int, int, Cell]], int]:
    """Every cell with the grid row and column of its top-left corner, and the grid's width."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            cells.append((r, c, cell))
            taken |= {(r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            c += cell.colspan
    return cells, max(c for _, c in taken) + 1


@cache
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


def _column_widths(cells: list[tuple[int, int, Cell]], width: int, room: float) -> list[float]:
    chars = [MIN_COLUMN_CHARS] * width
    for _, c, cell in cells:
        if cell.colspan == 1:
            longest = max((len(line) for line in cell.text.split("\n")), default=0)
            chars[c] = min(MAX_COLUMN_CHARS, max(chars[c], longest))
    return [room * n / sum(chars) for n in chars]


def _pdf_table(rows: Grid, room: float, style: ParagraphStyle) -> Table:
    cells, width = placed(rows)
    data = [["" for _ in range(width)] for _ in rows]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r, c, cell in cells:
        data[r][c] = Paragraph(cell.text.replace("\n", "<br/>"), style)
        if cell.rowspan > 1 or cell.colspan > 1:
            commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    return Table(data, colWidths=_column_widths(cells, width, room), style=TableStyle(commands))


def _footer(canvas, document) -> None:
    canvas.setFont(_font(), TEXT_SIZE)
    canvas.drawCentredString(A4[0] / 2, MARGIN / 2, PAGE_FOOTER.format(document.page))


def write_pdf(title: str, blocks: list[str | Grid]) -> bytes:
    """A PDF of the report with its CJK font embedded, tables with merged cells, page numbers."""
    font = _font()
    text = ParagraphStyle("text", fontName=font, fontSize=TEXT_SIZE, leading=TEXT_SIZE * 1.6, wordWrap="CJK",
                          firstLineIndent=TEXT_SIZE * 2)
    heading = ParagraphStyle("title", parent=text, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.6, alignment=1,
                             firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=font, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.3, wordWrap="CJK",
                          alignment=1)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=title)
    room = A4[0] - 2 * MARGIN
    flow = [Paragraph(title, heading), Spacer(1, TEXT_SIZE)]
    for block in blocks:
        flow.append(Paragraph(block, text) if isinstance(block, str) else _pdf_table(block, room, cell))
    document.build(flow, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _east_asian(run) -> None:
    run.font.name = WORD_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), WORD_FONT)


def write_docx(title: str, blocks: list[str | Grid]) -> bytes:
    """A Word document of the report whose tables merge cells as Word does (gridSpan, vMerge)."""
    document = Document()
    _east_asian(document.add_heading(level=1).add_run(title))
    for block in blocks:
        if isinstance(block, str):
            _east_asian(document.add_paragraph().add_run(block))
            continue
        cells, width = placed(block)
        table = document.add_table(rows=len(block), cols=width)
        table.style = "Table Grid"
        for r, c, cell in cells:
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            lines = cell.text.split("\n")
            paragraph = target.paragraphs[0]
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.font.size = Pt(TABLE_SIZE + 1)
                _east_asian(run)
                if index < len(lines) - 1:
                    run.add_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_scan(pdf: bytes, dpi: int = SCAN_DPI) -> bytes:
    """The PDF printed and scanned: every page a grey, slightly skewed image, no text layer."""
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        image = page.render(scale=dpi / POINTS_PER_INCH).to_pil().convert("L")
        image = image.point(lambda v: min(v, SCAN_PAPER))
        pages.append(image.rotate(SCAN_SKEW_DEGREES, resample=Image.Resampling.BICUBIC, fillcolor=SCAN_PAPER))
    document.close()
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buffer.getvalue()
