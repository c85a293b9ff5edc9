"""Scanned pages read with rapidocr: ruled tables found as cells, so rows, merged and empty cells keep their place."""

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from extract.documents.layout import cell_text

OCR_DPI = 200
POINTS_PER_INCH = 72
# Ruling lines at OCR_DPI: longer than any stroke of a character, shorter than any table border.
HORIZONTAL_RULE_PX, VERTICAL_RULE_PX = 45, 18
MIN_CELL_PX = 14
# Tops of cells in one row differ by a few pixels on a scan.
ROW_TOLERANCE_PX = 8
# A cell holding no recognised text but this share of dark pixels is read again on its own.
MIN_INK_SHARE = 0.004
MIN_REC_SCORE = 0.3
# The cell's own lines stay in the crop after dilation; shave them off.
BORDER_PX = 3
# What the Chinese recogniser reads a lone digit as, in a cell that holds nothing else.
_LOOKALIKES = str.maketrans({"。": "0", "o": "0", "O": "0", "〇": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "丨": "1"})
# Scans are deskewed by the median angle of long ruling lines; beyond this they are not tables.
MAX_SKEW_DEGREES = 5.0
MIN_SKEW_DEGREES = 0.05
MIN_RULE_SHARE = 4


@dataclass(frozen=True)
class Box:
    """A recognised line of text and where it sits."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def center(self) -> tuple[float, float]:
        """The middle of the box."""
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Rect:
    """A table cell's interior, and which table it belongs to."""

    x0: int
    y0: int
    x1: int
    y1: int
    table: int

    def holds(self, point: tuple[float, float]) -> bool:
        """True when the point lies inside."""
        return self.x0 <= point[0] <= self.x1 and self.y0 <= point[1] <= self.y1


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR  # loading the models takes a second: only when a scan comes

    return RapidOCR()


def _ink(gray: np.ndarray) -> np.ndarray:
    return cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned straight by the median angle of its long, nearly horizontal ruling lines."""
    ink = _ink(gray)
    width = gray.shape[1]
    lines = cv2.HoughLinesP(ink, 1, np.pi / 1800, threshold=width // MIN_RULE_SHARE,
                            minLineLength=width // MIN_RULE_SHARE, maxLineGap=ROW_TOLERANCE_PX)
    if lines is None:
        return gray
    angles = [np.degrees(np.arctan2(y1 - y0, x1 - x0)) for x0, y0, x1, y1 in lines.reshape(-1, 4)]
    angles = [a for a in angles if abs(a) < MAX_SKEW_DEGREES]
    if not angles or abs(float(np.median(angles))) < MIN_SKEW_DEGREES:
        return gray
    height = gray.shape[0]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), float(np.median(angles)), 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


def table_cells(gray: np.ndarray) -> list[Rect]:
    """The cells of ruled tables: holes in the grid of horizontal and vertical lines."""
    ink = _ink(gray)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                                 (HORIZONTAL_RULE_PX, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                               (1, VERTICAL_RULE_PX)))
    grid = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    contours, hierarchy = cv2.findContours(grid, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    cells = []
    for index, contour in enumerate(contours):
        parent = hierarchy[0][index][3]
        x, y, w, h = cv2.boundingRect(contour)
        if parent >= 0 and w >= MIN_CELL_PX and h >= MIN_CELL_PX:
            cells.append(Rect(x, y, x + w, y + h, parent))
    return cells


def recognise(gray: np.ndarray) -> list[Box]:
    """Every text line rapidocr finds on the page."""
    # The angle classifier turns lone digits upside down (6 for 9); pages are upright once deskewed.
    result, _ = _engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), use_cls=False)
    boxes = []
    for points, text, _score in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text))
    return boxes


def _reread(gray: np.ndarray, cell: Rect) -> str:
    """A cell the page pass left empty though it holds ink (a lone digit), recognised on its own, cropped tight."""
    crop = gray[cell.y0 + BORDER_PX:cell.y1 - BORDER_PX, cell.x0 + BORDER_PX:cell.x1 - BORDER_PX]
    if crop.size == 0 or crop.min() > crop.max() // 2:
        return ""
    ink = _ink(crop)
    if (ink > 0).mean() < MIN_INK_SHARE:
        return ""
    x, y, w, h = cv2.boundingRect(cv2.findNonZero(ink))
    glyphs = cv2.copyMakeBorder(crop[y:y + h, x:x + w], h // 2, h // 2, h, h, cv2.BORDER_CONSTANT, value=255)
    result, _ = _engine()(cv2.cvtColor(glyphs, cv2.COLOR_GRAY2BGR), use_det=False, use_cls=False, use_rec=True)
    return "".join(text for text, score in result or [] if float(score) >= MIN_REC_SCORE)


def as_number(text: str) -> str:
    """A cell that reads as digits once OCR's look-alikes are undone ('。' for 0, 'l' for 1) becomes them."""
    undone = text.translate(_LOOKALIKES)
    digits = any(c.isdigit() for c in undone) and all(c.isdigit() or c == "." for c in undone)
    return undone if digits else text


def _lines(boxes: list[Box]) -> list[tuple[float, str]]:
    """Boxes outside tables as text lines: boxes whose middles share a height, left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.center[1]):
        if lines and lines[-1][0].y0 <= box.center[1] <= lines[-1][0].y1:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [(line[0].y0, " ".join(b.text for b in sorted(line, key=lambda b: b.x0))) for line in lines]


def _rows(cells: list[Rect], texts: dict[Rect, str]) -> list[tuple[float, str]]:
    """A table's cells as rows: cells whose tops agree, left to right; a tall merged cell sits in its first row."""
    rows: list[list[Rect]] = []
    for cell in sorted(cells, key=lambda c: (c.y0, c.x0)):
        if rows and abs(cell.y0 - rows[-1][0].y0) <= ROW_TOLERANCE_PX:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return [(row[0].y0, "".join(f"{texts[c]} | " for c in sorted(row, key=lambda c: c.x0)).rstrip()) for row in rows]


def ocr_image(gray: np.ndarray) -> str:
    """A page image's text: lines in reading order, ruled tables as 'cell | cell |' rows."""
    gray = deskew(gray)
    boxes = recognise(gray)
    cells = table_cells(gray)
    inside: dict[Rect, list[Box]] = {cell: [] for cell in cells}
    loose = []
    for box in boxes:
        cell = next((c for c in cells if c.holds(box.center)), None)
        (inside[cell] if cell else loose).append(box)
    texts = {}
    for cell, held in inside.items():
        held.sort(key=lambda b: (b.center[1], b.x0))
        texts[cell] = as_number(cell_text("\n".join(b.text for b in held) if held else _reread(gray, cell)))
    placed = _lines(loose)
    for table in {cell.table for cell in cells}:
        rows = _rows([c for c in cells if c.table == table], texts)
        top = rows[0][0]
        placed += [(top, "\n".join(text for _, text in rows))]
    return "\n".join(text for _, text in sorted(placed, key=lambda item: item[0]))


def ocr_page(page) -> str:
    """A PDF page (pypdfium2) rendered and read by OCR."""
    image = page.render(scale=OCR_DPI / POINTS_PER_INCH, grayscale=True).to_numpy()
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return ocr_image(np.ascontiguousarray(gray))
