"""Scanned pages read with rapidocr: ruled tables found as cells, each cell's lines read where they sit."""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from math import ceil
from pathlib import Path

import cv2
import numpy as np

from nianbao.extract.documents.layout import cell_text
from nianbao.extract.documents.limits import MAX_IMAGE_PIXELS, MAX_OCR_PIXELS, check_pixels
from nianbao.extract.numbers import is_null

OCR_DPI = 200
POINTS_PER_INCH = 72
WHITE = 255
# Ruling lines at OCR_DPI: longer than any stroke of a character, shorter than any table border.
HORIZONTAL_RULE_PX, VERTICAL_RULE_PX = 45, 18
# The smallest cell: a line of 7 pt text and its padding; smaller holes are strokes touching a rule.
MIN_CELL_PX = 20
# Tops of cells in one row differ by a few pixels on a scan.
ROW_TOLERANCE_PX = 8
# The cell's own lines stay in the crop after dilation; shave them off.
BORDER_PX = 2
# Scans are deskewed by the angle of their long ruling lines, measured in steps; beyond the most they are
# not tables; a line is long at a quarter of the page's width; the strongest get this share of the top votes.
MAX_SKEW_DEGREES = 5.0
MIN_SKEW_DEGREES, SKEW_STEP_DEGREES = 0.05, 0.05
MIN_RULE_SHARE = 4
STRONG_LINE_SHARE = 0.8
# Skew is measured on horizontal strokes at least this long (ruling lines, not characters), in pixels.
SKEW_STROKE_PX = 25
# Ink specks no larger than this (pixels) are grain or JPEG noise, not a stroke; a line of a cell whose ink
# is smaller both ways than this share of a character is a speck too (、 and . are larger).
SPECK_PX = 2
MIN_MARK_SHARE = 0.2
# A rule's remnant along a crop's edge: a row or column inked over this share of the crop.
REMNANT_SHARE = 0.8
# Ink runs of a cell are one text line while together no taller than this many character heights (三, 二);
# a run taller than LINE_SPLIT of them is lines that touch, parted within SPLIT_REACH of where they should.
LINE_MERGE, LINE_SPLIT, SPLIT_REACH = 1.3, 1.5, 0.3
# A character's height: most single lines (runs up to SINGLE_LINE_SHARE of the median run) are no taller;
# DEFAULT_CHAR_PX when a page has no runs.
DEFAULT_CHAR_PX, CHAR_PERCENTILE, SINGLE_LINE_SHARE = 24, 90, 1.6
# The recogniser reads lines scaled to 48 pixels high, margin included; what is batched, in one call.
REC_HEIGHT, REC_MARGIN, REC_BATCH = 48, 0.2, 16
REC_MODEL = "PP-OCRv6_rec_small.onnx"
# Input pixels per output frame of the recogniser.
REC_STRIDE = 8
# A line of a cell no taller than this share of a character holds digits (or Latin letters), not Chinese.
DIGIT_HEIGHT_SHARE = 0.9
# rapidocr pads a line to 320 pixels wide (at 48 high) before reading it: a lone digit reads best so.
REC_MIN_WIDTH = 320
_DIGITS = re.compile(r"^\d[\d,]*(\.\d+)?$")
# Lines of cells are read side by side on strips, this many character heights apart (a digit one apart looks
# like a full-width digit, and is confused as one: 3 as ２), at most this wide.
PIECE_GAP, MAX_STRIP_CHARS = 1.5, 48
# Text outside tables is read on the page's inked bands, stacked, each this far beyond its ink; tables are
# blanked this far beyond their cells, their borders with them (pixels).
BAND_MARGIN, TABLE_MARGIN = 12, 12
# A page whose one image covers this share of it is a scan.
MIN_SCAN_SHARE = 0.9
# Detection at the page's own scale: small scans are not blown up to 736 pixels, large ones shrunk to 2000.
DET_LIMIT_SIDE = 2000


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


@cache
def _engine():
    from rapidocr import RapidOCR  # loading the models takes a second: only when a scan comes

    return RapidOCR(params={"Det.limit_type": "max", "Det.limit_side_len": DET_LIMIT_SIDE,
                            "Global.log_level": "error"})


@cache
def _recogniser():
    """rapidocr's line recogniser as an onnxruntime session, and its classes: CTC blank, characters, space."""
    import onnxruntime
    import rapidocr

    model = Path(rapidocr.__file__).parent / "models" / REC_MODEL
    # Without onnxruntime's memory arena, which keeps every batch's buffers: with it, a page of PP-OCRv6 strips
    # maps 0.8 GiB more, past the readers' memory limit (NIANBAO_READ_MEMORY_MB).
    options = onnxruntime.SessionOptions()
    options.enable_cpu_mem_arena = False
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    characters = session.get_modelmeta().custom_metadata_map["character"].splitlines()
    return session, ["", *characters, " "]


def _ink(gray: np.ndarray) -> np.ndarray:
    return cv2.threshold(gray, 0, WHITE, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned straight by the angle of its strongest nearly horizontal lines: the ruling lines."""
    strokes = cv2.morphologyEx(_ink(gray), cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                                      (SKEW_STROKE_PX, 1)))
    height, width = gray.shape
    # Only normals within MAX_SKEW_DEGREES of vertical are voted on: lines near horizontal.
    lines = cv2.HoughLinesWithAccumulator(strokes, 1, np.radians(SKEW_STEP_DEGREES), width // MIN_RULE_SHARE,
                                          min_theta=np.radians(90 - MAX_SKEW_DEGREES),
                                          max_theta=np.radians(90 + MAX_SKEW_DEGREES))
    if lines is None:
        return gray
    _, thetas, votes = lines.reshape(-1, 3).T
    angle = float(np.median(np.degrees(thetas[votes >= STRONG_LINE_SHARE * votes.max()]) - 90))
    if abs(angle) < MIN_SKEW_DEGREES:
        return gray
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_CUBIC, borderValue=int(np.median(gray)))


def table_cells(ink: np.ndarray) -> list[Rect]:
    """The cells of ruled tables: holes in the grid of horizontal and vertical lines."""
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
            cells.append(Rect(x + BORDER_PX, y + BORDER_PX, x + w - BORDER_PX, y + h - BORDER_PX, parent))
    return cells


def _normalised(gray: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """The page with its paper white and its ink black, whatever grey the scanner made them."""
    paper = float(np.median(gray[ink == 0])) if (ink == 0).any() else WHITE
    dark = float(np.median(gray[ink > 0])) if (ink > 0).any() else 0
    if paper - dark < 1:
        return gray
    return np.clip((gray.astype(np.float32) - dark) * WHITE / (paper - dark), 0, WHITE).astype(np.uint8)


def _clean(ink: np.ndarray) -> np.ndarray:
    """A crop's ink without specks of noise and without remnants of the cell's borders along its edges."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= SPECK_PX)
    ink = np.where(np.isin(labels, specks[specks > 0]), 0, ink) if count > 1 else ink
    height, width = ink.shape
    for edge in (slice(0, BORDER_PX), slice(height - BORDER_PX, height)):
        rows = ink[edge]
        rows[(rows > 0).sum(axis=1) > REMNANT_SHARE * width] = 0
    for edge in (slice(0, BORDER_PX), slice(width - BORDER_PX, width)):
        cols = ink[:, edge]
        cols[:, (cols > 0).sum(axis=0) > REMNANT_SHARE * height] = 0
    return ink


def _runs(marks: np.ndarray) -> list[tuple[int, int]]:
    """Stretches of True in a 1-D array, as (start, end) with end exclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], marks.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _text_lines(runs: list[tuple[int, int]], profile: np.ndarray, char_px: float) -> list[tuple[int, int]]:
    """Ink runs of a cell as text lines: strokes of one character (三) joined, lines that touch split apart."""
    joined: list[tuple[int, int]] = []
    for start, end in runs:
        if joined and end - joined[-1][0] <= LINE_MERGE * char_px:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    lines = []
    for start, end in joined:
        count = round((end - start) / char_px)
        if end - start <= LINE_SPLIT * char_px or count < 2:
            lines.append((start, end))
            continue
        # Touching lines part where the least ink is, near each multiple of the line's share.
        reach = ceil(SPLIT_REACH * char_px)
        cuts = [start]
        for index in range(1, count):
            guess = start + round(index * (end - start) / count)
            window = profile[max(guess - reach, cuts[-1] + 1):min(guess + reach, end - 1)]
            cuts.append(max(guess - reach, cuts[-1] + 1) + int(np.argmin(window)) if window.size else guess)
        lines += list(zip(cuts, cuts[1:] + [end]))
    return lines


def _char_px(runs: list[tuple[int, int]]) -> float:
    """How tall a character is on the page: the tall end of its single lines (runs not much over the median)."""
    heights = np.array([end - start for start, end in runs])
    if not heights.size:
        return DEFAULT_CHAR_PX
    single = heights[heights <= SINGLE_LINE_SHARE * np.median(heights)]
    return float(np.percentile(single, CHAR_PERCENTILE))


@dataclass(frozen=True)
class Piece:
    """One text line of one cell, boxed to its ink on the page."""

    cell: Rect
    top: int
    bottom: int
    left: int
    right: int


def _pieces(cell: Rect, ink: np.ndarray, runs: list[tuple[int, int]], char_px: float) -> list[Piece]:
    """A cell's text lines, top to bottom; a speck too small for any mark of text is none."""
    pieces = []
    for top, bottom in _text_lines(runs, (ink > 0).sum(axis=1), char_px):
        columns = np.flatnonzero(ink[top:bottom].any(axis=0))
        if max(bottom - top, columns[-1] + 1 - columns[0]) < MIN_MARK_SHARE * char_px:
            continue
        pieces.append(Piece(cell, cell.y0 + top, cell.y0 + bottom, cell.x0 + int(columns[0]),
                            cell.x0 + int(columns[-1]) + 1))
    return pieces


def _packed(pieces: list[Piece], char_px: float) -> list[list[Piece]]:
    """Pieces in reading order packed into strips no wider than the recogniser reads well."""
    strips: list[list[Piece]] = []
    width = 0.0
    for piece in pieces:
        piece_width = piece.right - piece.left + PIECE_GAP * char_px
        if strips and width + piece_width <= MAX_STRIP_CHARS * char_px:
            strips[-1].append(piece)
            width += piece_width
        else:
            strips.append([piece])
            width = piece_width
    return strips


def _strip(page: np.ndarray, pieces: list[Piece], char_px: float) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Pieces side by side on one line image, each cut to its own ink rows on a white band; their spans."""
    height = max(char_px, *(piece.bottom - piece.top for piece in pieces))
    margin = ceil(REC_MARGIN * height)
    band = int(height) + 2 * margin
    gap = ceil(PIECE_GAP * height)
    parts, spans, x = [np.full((band, margin), WHITE, np.uint8)], [], margin
    for piece in pieces:
        crop = page[piece.top:piece.bottom, piece.left:piece.right]
        part = np.full((band, crop.shape[1] + gap), WHITE, np.uint8)
        top = (band - crop.shape[0]) // 2
        part[top:top + crop.shape[0], :crop.shape[1]] = crop
        parts.append(part)
        spans.append((x, x + crop.shape[1]))
        x += part.shape[1]
    return np.hstack(parts), spans


def recognise_lines(images: list[np.ndarray], min_width: int = 0) -> list[np.ndarray]:
    """Each line image's character probabilities, frame by frame, from rapidocr's recogniser.

    Lines narrower than min_width (once 48 pixels high) are padded to it as rapidocr pads them.
    """
    session, _ = _recogniser()
    widths = [max(REC_STRIDE, round(REC_HEIGHT * image.shape[1] / image.shape[0])) for image in images]
    order = sorted(range(len(images)), key=widths.__getitem__)
    frames: list[np.ndarray] = [np.empty(0)] * len(images)
    for start in range(0, len(order), REC_BATCH):
        chunk = order[start:start + REC_BATCH]
        batch = np.zeros((len(chunk), 3, REC_HEIGHT, max(min_width, *(widths[i] for i in chunk))), np.float32)
        for row, index in enumerate(chunk):
            line = cv2.resize(images[index], (widths[index], REC_HEIGHT), interpolation=cv2.INTER_AREA
                              if images[index].shape[0] > REC_HEIGHT else cv2.INTER_CUBIC)
            batch[row, :, :, :widths[index]] = line / (WHITE / 2) - 1
        probabilities = session.run(None, {session.get_inputs()[0].name: batch})[0]
        for row, index in enumerate(chunk):
            frames[index] = probabilities[row][:max(widths[index], min_width) // REC_STRIDE]
    return frames


def split_read(frames: np.ndarray, height: int, spans: list[tuple[int, int]]) -> list[str]:
    """A strip's text (CTC: likeliest class a frame, repeats and blanks dropped), each character to its piece."""
    _, classes = _recogniser()
    best = frames.argmax(axis=1)
    kept = best != 0
    kept[1:] &= best[1:] != best[:-1]
    texts = [""] * len(spans)
    frame_px = REC_STRIDE * height / REC_HEIGHT
    for frame in np.flatnonzero(kept):
        x = (frame + 0.5) * frame_px
        distances = [max(left - x, x - right, 0) for left, right in spans]
        nearest = int(np.argmin(distances))
        # A character read on the white between pieces, away from any ink, is the recogniser's invention.
        if distances[nearest] <= frame_px:
            texts[nearest] += classes[best[frame]]
    return texts


def _is_digits(text: str) -> bool:
    """True for a number written in digits (full-width ones too), with a decimal point or thousands commas."""
    return bool(_DIGITS.match(unicodedata.normalize("NFKC", text)))


def read_cells(page: np.ndarray, ink: np.ndarray, cells: list[Rect]) -> dict[Rect, str]:
    """Every cell's text as read, wrapped lines joined top to bottom; look-alikes of digits stay as read."""
    # The recogniser reads a lone digit poorly (2 as N, 0 as o) and a digit after Chinese as Chinese (0 as
    # 〇), but a row of numbers well: each line of a cell is read on a strip beside others of its kind, lines
    # no taller than a digit with their like, lines of text with text.
    crops = {cell: _clean(ink[cell.y0:cell.y1, cell.x0:cell.x1].copy()) for cell in cells}
    runs = {cell: _runs(crop.any(axis=1)) for cell, crop in crops.items()}
    char_px = _char_px([run for found in runs.values() for run in found])
    pieces = {cell: _pieces(cell, crops[cell], runs[cell], char_px) for row in _table_rows(cells) for cell in row}
    ordered = [piece for found in pieces.values() for piece in found]
    digits = [piece.bottom - piece.top <= DIGIT_HEIGHT_SHARE * char_px for piece in ordered]
    strips = [strip for kind in (True, False)
              for strip in _packed([piece for piece, short in zip(ordered, digits) if short == kind], char_px)]
    images = [_strip(page, strip, char_px) for strip in strips]
    read: dict[Piece, str] = {}
    for strip, (image, spans), frames in zip(strips, images, recognise_lines([image for image, _ in images])):
        read.update(zip(strip, split_read(frames, image.shape[0], spans)))
    # A line of digits read on its strip as something else (З for 3, 〇 for 0, nothing) is read again alone;
    # the second reading is kept only if it is digits. A mark for no number (/, -) is not read again.
    doubtful = [piece for piece, short in zip(ordered, digits)
                if short and not _is_digits(read[piece]) and not (read[piece] and is_null(read[piece]))]
    alone = [_strip(page, [piece], char_px) for piece in doubtful]
    for piece, (image, spans), frames in zip(doubtful, alone, recognise_lines([image for image, _ in alone],
                                                                             REC_MIN_WIDTH)):
        again = split_read(frames, image.shape[0], spans)[0]
        if _is_digits(again):
            read[piece] = again
    return {cell: cell_text("\n".join(read[piece] for piece in found)) for cell, found in pieces.items()}


def recognise(gray: np.ndarray) -> list[Box]:
    """Every text line rapidocr finds on the page."""
    # The angle classifier turns lone digits upside down (6 for 9); pages are upright once deskewed.
    result = _engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), use_cls=False)
    boxes = []
    for points, text in zip(result.boxes if result.boxes is not None else [], result.txts or ()):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text))
    return boxes


def loose_boxes(page: np.ndarray, ink: np.ndarray, cells: list[Rect]) -> list[Box]:
    """Text outside the tables: the page's inked bands, tables blanked, stacked apart into one image and read."""
    # Detection costs by the pixel: a page of tables under a heading is read as the heading's band alone.
    page, outside = page.copy(), ink.copy()
    paper = int(np.median(page))
    for table in {cell.table for cell in cells}:
        held = [cell for cell in cells if cell.table == table]
        top, bottom = max(min(c.y0 for c in held) - TABLE_MARGIN, 0), max(c.y1 for c in held) + TABLE_MARGIN
        left, right = max(min(c.x0 for c in held) - TABLE_MARGIN, 0), max(c.x1 for c in held) + TABLE_MARGIN
        page[top:bottom, left:right] = paper
        outside[top:bottom, left:right] = 0
    bands = _runs(cv2.dilate(_clean(outside), np.ones((2 * BAND_MARGIN + 1, 1), np.uint8)).any(axis=1))
    if not bands:
        return []
    spacer = np.full((BAND_MARGIN, page.shape[1]), paper, np.uint8)
    stacked = np.vstack([part for top, bottom in bands for part in (spacer, page[top:bottom])] + [spacer])
    starts = np.cumsum([0] + [bottom - top + BAND_MARGIN for top, bottom in bands])
    boxes = []
    for box in recognise(stacked):
        band = int(np.searchsorted(starts, box.center[1], side="right")) - 1
        shift = bands[band][0] - starts[band] - BAND_MARGIN
        boxes.append(Box(box.x0, box.y0 + shift, box.x1, box.y1 + shift, box.text))
    return boxes


def _lines(boxes: list[Box]) -> list[tuple[float, str]]:
    """Boxes outside tables as text lines: boxes whose middles share a height, left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.center[1]):
        if lines and lines[-1][0].y0 <= box.center[1] <= lines[-1][0].y1:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [(line[0].y0, " ".join(b.text for b in sorted(line, key=lambda b: b.x0))) for line in lines]


def _table_rows(cells: list[Rect]) -> list[list[Rect]]:
    """Cells as rows, table by table: cells whose tops agree, left to right; a tall merged cell is in its first row."""
    rows: list[list[Rect]] = []
    for cell in sorted(cells, key=lambda c: (c.table, c.y0, c.x0)):
        if rows and rows[-1][0].table == cell.table and abs(cell.y0 - rows[-1][0].y0) <= ROW_TOLERANCE_PX:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return [sorted(row, key=lambda c: c.x0) for row in rows]


def _rows(cells: list[Rect], texts: dict[Rect, str]) -> list[tuple[float, str]]:
    """A table's rows as 'cell | cell |' lines, with the height each starts at."""
    return [(row[0].y0, "".join(f"{texts[c]} | " for c in row).rstrip()) for row in _table_rows(cells)]


def ocr_image(gray: np.ndarray) -> str:
    """A page image's text: lines in reading order, ruled tables as 'cell | cell |' rows."""
    gray = deskew(gray)
    ink = _ink(gray)
    cells = table_cells(ink)
    if not cells:
        return "\n".join(text for _, text in _lines(recognise(gray)))
    texts = read_cells(_normalised(gray, ink), ink, cells)
    placed = _lines(loose_boxes(gray, ink, cells))
    for table in {cell.table for cell in cells}:
        rows = _rows([c for c in cells if c.table == table], texts)
        placed += [(rows[0][0], "\n".join(text for _, text in rows))]
    return "\n".join(text for _, text in sorted(placed, key=lambda item: item[0]))


def _scan(page) -> tuple[np.ndarray, tuple[float, float]] | None:
    """A scan's one upright, page-covering image: grey in its own pixels, and its size in points; else None."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    images = list(page.get_objects(filter=(pdfium.FPDF_PAGEOBJ_IMAGE,)))
    if len(images) != 1 or page.get_rotation():
        return None
    matrix = images[0].get_matrix()
    width, height = page.get_size()
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0 or matrix.a * matrix.d < MIN_SCAN_SHARE * width * height:
        return None
    try:
        check_pixels(*images[0].get_px_size(), MAX_IMAGE_PIXELS, "its scanned image")
        bitmap = images[0].get_bitmap(render=False)
    except pypdfium2.PdfiumError:
        return None
    pixels = bitmap.to_numpy()
    if bitmap.format == pdfium.FPDFBitmap_Gray:
        return pixels, (matrix.a, matrix.d)
    if bitmap.format in (pdfium.FPDFBitmap_BGR, pdfium.FPDFBitmap_BGRx, pdfium.FPDFBitmap_BGRA):
        return cv2.cvtColor(np.ascontiguousarray(pixels[..., :3]), cv2.COLOR_BGR2GRAY), (matrix.a, matrix.d)
    return None


def page_image(page) -> np.ndarray:
    """A PDF page (pypdfium2) grey at OCR_DPI: a scan's own image resampled bicubically, other pages rendered."""
    # pdfium's rendering of a low-resolution scan loses strokes that bicubic resampling keeps.
    scale = OCR_DPI / POINTS_PER_INCH
    scan = _scan(page)
    if scan is None:
        width, height = page.get_size()
        check_pixels(width * scale, height * scale, MAX_OCR_PIXELS, f"rendered for OCR at {OCR_DPI} dpi, it")
        image = page.render(scale=scale, grayscale=True).to_numpy()
        return np.ascontiguousarray(image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    pixels, (width, height) = scan
    size = (round(width * scale), round(height * scale))
    check_pixels(*size, MAX_OCR_PIXELS, f"its scanned image at {OCR_DPI} dpi")
    return cv2.resize(pixels, size, interpolation=cv2.INTER_CUBIC if size[0] > pixels.shape[1] else cv2.INTER_AREA)


def ocr_page(page) -> str:
    """A PDF page (pypdfium2) read by OCR."""
    return ocr_image(page_image(page))
