"""Every cell of the statistics tables, read from a token stream whatever the layout was.

A run is a stretch of labels followed by a stretch of values: one table row, its label
cells and its numbers. Rows are recognised by what their label names, numbers are placed
by position, and table 四 (whose headers are often one character per line) by position only.
"""

import itertools
import re
from dataclasses import dataclass, field

from nianbao.extract.alignment import BY_LABEL, BY_POSITION, active_order, align, request_order
from nianbao.extract.keys import ACTIVE_ROWS, APPEAL_COLS, APPEAL_ROWS, LEGACY_COLS, MONEY_COLS, REQUEST_COLS
from nianbao.extract.labels import MAX_LABEL_CHARS, active_key, legacy_key, request_key, spaced_cells, strip_ordinals
from nianbao.extract.normalize import squash
from nianbao.extract.numbers import MONEY_UNITS, cell_value, parse_number, split_digits
from nianbao.extract.repair import repair_record
from nianbao.extract.statistics_table import header_keys
from nianbao.extract.tokens import LABEL, UNIT, VALUE, Token

_MONEY_HEADER = re.compile(r"金额|经费")
_HEADER_UNIT = re.compile(r"单位:?(" + "|".join(sorted(MONEY_UNITS, key=len, reverse=True)) + r")|\((万元|元|亿元)\)")
_APPEALS_CELL = re.compile(r"^(政府信息公开)?行政复议$")
_APPEALS_HEADING = re.compile(r"行政复议.{0,3}行政诉讼")
# Where table 四 ends: the next numbered section, the closing sections, or prose.
_SECTION_END = re.compile(r"^[五六七八九十]+[、.]|存在的主要问题|其他需要报告|改进情况|主要问题")
_PROSE_END = "。"
_LEGACY_HEADER = re.compile(r"^(统计指标|指标名称|指标|统计项目|项目名称|项目|统计内容|内容)$")
_LEGACY_UNIT_COL = re.compile(r"单位")
# Longest column header of a legacy table as text (乡镇(街道), 历年累计).
_MAX_HEADER_CHARS = 10
_LEGACY_PROSE_CHARS = 60
_MAX_MERGES = 2
# Label pieces of a run joined as its printed label (a label wrapped over cells or lines).
_JOINED_LABELS = 3
# Numbers a PDF row printed too many of are joined back when the row's own sum confirms it.
_ROW_SUM = "row sum"
APPEAL_CELLS = len(APPEAL_ROWS) * len(APPEAL_COLS)


@dataclass
class Run:
    """One table row as read: its label cells, then its value cells."""

    labels: list[str] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)


@dataclass
class Slot:
    """A value cell and the unit written beside it."""

    token: Token
    unit: str | None = None


@dataclass
class TableRead:
    """The cells read, the split numbers repaired on the way, and what could not be placed."""

    cells: list[dict] = field(default_factory=list)
    repairs: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    placements: list[dict] = field(default_factory=list)
    # Cells with digits split by a space inside one bordered cell ("| 1 22 |"): one number, whatever the sums.
    bordered_splits: set = field(default_factory=set)


def runs(tokens: list[Token]) -> list[Run]:
    """Group tokens into label-then-value runs."""
    found: list[Run] = []
    current = Run()
    for token in tokens:
        if token.kind == LABEL:
            if current.values:
                found.append(current)
                current = Run()
            current.labels.append(token.text)
        else:
            current.values.append(token)
    if current.labels or current.values:
        found.append(current)
    return found


def _slots(values: list[Token]) -> list[Slot]:
    """Value cells with units attached to the number before them ("1553.91 万元")."""
    slots: list[Slot] = []
    for token in values:
        if token.kind == UNIT:
            if slots and slots[-1].unit is None and slots[-1].token.number is not None:
                slots[-1].unit = token.text
        else:
            slots.append(Slot(token))
    return slots


def _trim(slots: list[Slot]) -> list[Slot]:
    while slots and slots[-1].token.empty:
        slots = slots[:-1]
    return slots


def _unpadded(slots: list[Slot], width: int) -> list[Slot]:
    """Without the blank cells a spanned label left before the numbers (a null marker is a cell, not padding)."""
    padding = len(slots) - width
    if padding > 0 and all(not slot.token.text for slot in slots[:padding]):
        return slots[padding:]
    return slots


def _mergeable(slot: Slot) -> bool:
    number = slot.token.number
    return number is not None and isinstance(number.value, int) and number.value >= 0 and slot.token.text.isdigit()


def _merges(slots: list[Slot], width: int):
    """Every way to join adjacent digit cells of an over-long row back into width cells."""
    extra = len(slots) - width
    for positions in itertools.combinations(range(len(slots) - 1), extra):
        if any(b - a < 2 for a, b in itertools.pairwise(positions)):
            continue
        if not all(_mergeable(slots[p]) and _mergeable(slots[p + 1]) and slots[p].token.text != "0"
                   for p in positions):
            continue
        merged, skip = [], set()
        for index, slot in enumerate(slots):
            if index in skip:
                continue
            if index in positions:
                text = slot.token.text + slots[index + 1].token.text
                merged.append((Slot(Token(text, VALUE, parse_number(text))), f"{slot.token.text} {slots[index + 1].token.text}"))
                skip.add(index + 1)
            else:
                merged.append((slot, None))
        yield merged


class _Reader:
    """Reads the three tables of a 2019 or 2021 report, or the legacy table, into a TableRead."""

    def __init__(self, template: str, year: int | None = None):
        self.template = template
        self.year = year
        self.read = TableRead()
        self.filled: dict[tuple[str, str], bool] = {}

    def _put(self, section: str, row: str, cols, slots: list[Slot | None], repaired=None, unit=None) -> None:
        """Store a row's cells; the first copy of a row that states numbers wins over later copies."""
        has_numbers = any(slot is not None and not slot.token.empty for slot in slots)
        if (section, row) in self.filled:
            if self.filled[(section, row)] or not has_numbers:
                return
            self.read.cells = [c for c in self.read.cells if (c["section"], c["row"]) != (section, row)]
        self.filled[(section, row)] = has_numbers
        for col, slot in zip(cols, slots):
            number = slot.token.number if slot else None
            if slot and number is None and not slot.token.spaced and split_digits(slot.token.text) is not None:
                self.read.bordered_splits.add((section, row, col))
            money = (row, col) in MONEY_COLS and number is not None
            self.read.cells.append({
                "section": section, "row": row, "col": col, **cell_value(number),
                "unit": (slot.unit or number.unit or unit) if money else None, "raw": slot.token.text if slot else "",
            })
        for col, raw in (repaired or {}).items():
            cell = next(c for c in self.read.cells if (c["section"], c["row"], c["col"]) == (section, row, col))
            cell["raw"] = raw
            self.read.repairs.append(repair_record((section, row, col), raw, cell["value"], _ROW_SUM))

    def _place(self, slots: list[Slot], width: int, valid=None, where: str = "a row") -> tuple[list[Slot | None], dict]:
        """Slots by position; an over-long row of digits is joined back only where its own sum confirms."""
        # Extractors that expand spans pad a wide label with empty cells before the numbers. Whether a blank
        # cell is padding or a null can only be told from the table's columns: rows read off a grid carry
        # exactly their columns; a row of text is read as the extractor left it.
        printed = len(slots)
        slots = _unpadded(_trim(slots), width)
        if printed < width and slots and all(slot.token.spaced for slot in slots):
            # Text without cell borders loses a blank cell without a trace: which column is missing is unknown.
            self.read.notes.append(f"{where}: {len(slots)} numbers where {width} expected in text without cell "
                                   "borders, left null: " + " ".join(s.token.text for s in slots))
            return [Slot(Token(slot.token.text, VALUE)) for slot in slots] + [None] * (width - len(slots)), {}
        if len(slots) <= width:
            return slots + [None] * (width - len(slots)), {}
        head = slots[:width]
        if all(slot.token.empty for slot in slots[width:]) or valid and valid([s.token.number for s in head]):
            return head, {}
        if valid is not None and len(slots) - width <= _MAX_MERGES and all(not s.token.empty for s in slots):
            fits = []
            for merged in _merges(slots, width):
                if valid([slot.token.number for slot, _ in merged]):
                    fits.append(merged)
            values = {tuple(slot.token.text for slot, _ in merged) for merged in fits}
            if len(values) == 1:
                merged = fits[0]
                return [slot for slot, _ in merged], {i: raw for i, (_, raw) in enumerate(merged) if raw}
        self.read.notes.append(f"{len(slots)} numbers where {width} expected, left null: "
                               + " ".join(s.token.text for s in slots))
        return [Slot(Token(slot.token.text, VALUE)) for slot in head], {}

    def forms(self, all_runs: list[Run]) -> TableRead:
        """Active, requests and appeals tables of a 2019 or 2021 report."""
        state, money_unit, previous, appeals_from = "active", None, None, None
        # Rows in printed order, (key or None, run): unnamed ones are placed by alignment.
        active: list[tuple[str | None, Run, str | None]] = []
        requests: list[tuple[str | None, Run]] = []
        unnamed_before: list[tuple[str | None, Run]] = []
        for index, run in enumerate(all_runs):
            money_unit = self._money_unit(run.labels, money_unit)
            if self._starts_appeals(run, state):
                appeals_from = index
                break
            if state == "active":
                key = active_key(run.labels, self.template)
                if key and run.values:
                    self._active_row(key, run, money_unit, BY_LABEL)
                    active.append((key, run, money_unit))
                    unnamed_before = []
                    continue
                if not (run.values and request_key(run.labels, None)):
                    if _row_like(run):
                        unnamed_before.append((None, run))
                    elif run.values and any(not token.empty for token in run.values):
                        active.append((None, run, money_unit))
                    continue
                state = "requests"
                requests.extend(unnamed_before)
            key = request_key(run.labels, previous)
            if key and run.values:
                self._request_row(key, run, BY_LABEL)
                requests.append((key, run))
                previous = key
            elif _row_like(run):
                requests.append((None, run))
        self._align_active(active)
        self._align_requests(requests)
        if appeals_from is not None:
            self._appeals(all_runs[appeals_from:])
        return self.read

    def _active_row(self, key: str, run: Run, money_unit: str | None, by: str) -> None:
        cols = next(c for k, _, c in ACTIVE_ROWS[self.template] if k == key)
        placed, _ = self._place(_slots(run.values), len(cols), where=f"active row {key}")
        self._put("active", key, cols, placed, unit=money_unit)
        self.read.placements.append({"section": "active", "row": key, "by": by, "label": _label(run)})

    def _request_row(self, key: str, run: Run, by: str) -> None:
        if key not in request_order(self.template) and all(token.empty for token in run.values):
            return  # the other form's heading row (2021's （六）其他处理 over its three rows), printing nothing
        placed, repaired = self._place(_slots(run.values), len(REQUEST_COLS), _row_sum_holds, f"requests row {key}")
        self._put("requests", key, REQUEST_COLS, placed, {REQUEST_COLS[i]: raw for i, raw in repaired.items()})
        self.read.placements.append({"section": "requests", "row": key, "by": by, "label": _label(run)})

    def _named(self, section: str) -> set[str]:
        return {key for (where, key), has_numbers in self.filled.items() if where == section and has_numbers}

    def _align_active(self, sequence: list[tuple[str | None, Run, str | None]]) -> None:
        """Unnamed table 二 rows (a label OCR garbled) placed by order and label likeness between the named ones."""
        if not any(key is None for key, _, _ in sequence):
            return
        placed = align([(key, _label_forms(run)) for key, run, _ in sequence], active_order(self.template),
                       self._named("active"))
        for index, (key, run, money_unit) in enumerate(sequence):
            if key is None and index in placed:
                self._active_row(placed[index], run, money_unit, BY_POSITION)

    def _align_requests(self, sequence: list[tuple[str | None, Run]]) -> None:
        """Unnamed requests rows placed by order and label likeness between the named ones."""
        if not any(key is None for key, _ in sequence):
            return
        placed = align([(key, _label_forms(run)) for key, run in sequence], request_order(self.template),
                       self._named("requests"))
        for index, (key, run) in enumerate(sequence):
            if key is None and index in placed:
                self._request_row(placed[index], run, BY_POSITION)
            elif key is None:
                self.read.notes.append(f"a requests row no template row fits, left out: {_label(run)} "
                                       + " ".join(token.text for token in run.values))

    def _starts_appeals(self, run: Run, state: str) -> bool:
        """True at table 四's heading or its 行政复议 header cell, once the tables before it began."""
        labels = [strip_ordinals(label) for label in run.labels]
        if any(_APPEALS_HEADING.search(label) for label in labels):
            return state == "requests" or bool(self.read.cells)
        return state == "requests" and any(_APPEALS_CELL.match(label) for label in labels)

    @staticmethod
    def _money_unit(labels: list[str], current: str | None) -> str | None:
        """The unit a money header states; a header wrapped over two labels ("（单位：万" "元）") read joined."""
        for index, label in enumerate(labels):
            flat = squash(label)
            if _MONEY_HEADER.search(flat):
                flat = squash("".join(labels[index:index + 2]))
                match = _HEADER_UNIT.search(flat)
                current = (match.group(1) or match.group(2)) if match else None
        return current

    def _appeals(self, appeal_runs: list[Run]) -> None:
        """Table 四 by position: the 15 numbers in order review, direct suit, suit after review."""
        collected: list[Slot] = []
        for position, run in enumerate(appeal_runs):
            if position and any(_ends_appeals(label) for label in run.labels):
                break
            slots = _slots(run.values)
            if not collected and not any(not slot.token.empty for slot in slots):
                continue
            if not collected:
                slots = _data_row(slots)
            collected.extend(slots)
            if sum(not slot.token.empty for slot in collected) >= APPEAL_CELLS:
                break
        if not collected:
            return
        placed, repaired = self._place(collected, APPEAL_CELLS, _appeal_sums_hold, "appeals")
        width = len(APPEAL_COLS)
        for start, row in zip(range(0, APPEAL_CELLS, width), APPEAL_ROWS):
            fixes = {APPEAL_COLS[i - start]: raw for i, raw in repaired.items() if start <= i < start + width}
            self._put("appeals", row, APPEAL_COLS, placed[start:start + width], fixes)

    def legacy(self, all_runs: list[Run]) -> TableRead:
        """The pre-2019 统计表: each row keyed by its own label, with its unit and value columns."""
        start, columns = _legacy_header(all_runs, self.year)
        if start is None:
            return self.read
        for run in all_runs[start:]:
            labels = run.labels
            if columns and labels and _LEGACY_HEADER.match(squash(labels[0])):
                labels = labels[1 + len(columns):] or labels
            if any(_PROSE_END in label or len(squash(label)) > _LEGACY_PROSE_CHARS for label in labels[-1:]):
                if self.read.cells:
                    break
                continue
            if not labels or not run.values:
                continue
            if all(token.empty for token in run.values):
                continue  # a section row (一、主动公开情况) carries no numbers of its own
            key = legacy_key(labels[-1])
            if not key or len(key) > MAX_LABEL_CHARS:
                continue
            unit, numbers = _legacy_cells(run.values, columns)
            printed = [token for token in run.values if token.kind == VALUE]
            if len(numbers) > 1 and printed and len(printed) < len(numbers) and all(t.spaced for t in printed):
                # Text without borders loses a blank cell: which period column a lone number is in is unknown.
                self.read.notes.append(f"statistics row {key}: {len(printed)} numbers for {len(numbers)} columns in "
                                       "text without cell borders, left null: " + " ".join(t.text for t in printed))
                numbers = dict.fromkeys(numbers)
            for col, token in numbers.items():
                self.read.cells.append({"section": "legacy", "row": key, "col": col,
                                        **cell_value(token.number if token else None),
                                        "unit": unit, "raw": token.text if token else ""})
        return self.read


def _header_cells(label: str) -> list[str] | None:
    """The header cells after a legacy table's label header (统计指标), when the label is that header or opens
    with it and one space (OCR leaves one between header cells: 统计指标 统计数); else None."""
    if _LEGACY_HEADER.match(squash(label)):
        return []
    cells = spaced_cells(label)
    return cells[1:] if _LEGACY_HEADER.match(squash(cells[0])) else None


def applicant_rows(all_runs: list[Run]) -> int:
    """How many runs are as wide as a requests row and state numbers (table 三's shape)."""
    return sum(_row_like(run) for run in all_runs)


def has_statistics_header(all_runs: list[Run]) -> bool:
    """True when a stream of cells holds a statistics table's header row (统计指标 | 单位 | 统计数)."""
    return bool(_legacy_header(all_runs, None)[1])


def _legacy_header(all_runs: list[Run], year: int | None) -> tuple[int | None, list[str]]:
    """Where the legacy table starts and its columns after the label: 'unit', then keys as statistics_table gives."""
    for index, run in enumerate(all_runs):
        for position, label in enumerate(run.labels):
            opened = _header_cells(label)
            if opened is None:
                continue
            headers = []
            for header in [*opened, *(cell for later in run.labels[position + 1:] for cell in spaced_cells(later))]:
                flat = squash(header)
                # A row label (一、主动公开情况) after the header row: the header has ended.
                if len(flat) > _MAX_HEADER_CHARS or strip_ordinals(flat) != flat:
                    break
                headers.append(flat)
            if headers:
                unit = [_LEGACY_UNIT_COL.search(h) is not None for h in headers]
                keys = iter(header_keys([h for h, u in zip(headers, unit) if not u], year))
                return index, ["unit" if u else next(keys) for u in unit]
    for index, run in enumerate(all_runs):
        if any(token.kind == UNIT for token in run.values):
            return index, []
    return None, []


def _legacy_cells(values: list[Token], columns: list[str]) -> tuple[str | None, dict[str, Token | None]]:
    """A legacy row's unit and its value tokens, by header position, by kind, or in order without a header."""
    unit = next((t.text for t in values if t.kind == UNIT), None)
    if not columns:
        numbers = [t for t in values if t.kind == VALUE]
        return unit, dict(zip(LEGACY_COLS, numbers or [None]))
    cols = [col for col in columns if col != "unit"]
    wanted = cols if LEGACY_COLS[0] in cols else [LEGACY_COLS[0], *cols]
    if all(token.spaced for token in values):
        # Text without borders drops a blank unit cell: units go to the unit column, numbers to the others.
        by_col = dict(zip(cols, [token for token in values if token.kind != UNIT]))
    else:
        by_col = dict(zip(columns, values))
    return unit, {col: by_col.get(col) for col in wanted}


def _label(run: Run) -> str:
    """A run's row label as printed, its wrapped pieces joined."""
    return "".join(run.labels[-_JOINED_LABELS:])


def _label_forms(run: Run) -> tuple[str, ...]:
    """A run's label as its last piece, and joined with the pieces before it (a label wrapped over lines)."""
    return tuple("".join(run.labels[-count:]) for count in range(1, min(_JOINED_LABELS, len(run.labels)) + 1))


def _row_like(run: Run) -> bool:
    """True for a run as wide as a requests row and stating something: a row whose label no keyword named."""
    return (sum(token.kind == VALUE for token in run.values) >= len(REQUEST_COLS) - 1
            and any(not token.empty for token in run.values))


def _data_row(slots: list[Slot]) -> list[Slot]:
    """Table 四's numbers from a run that may open with empty cells padding the header rows.

    The numbers start at the row holding the first printed cell (a number or a null mark such as N/A); if
    fewer than 15 cells follow (a layout without row marks, first cells empty), they are the run's last 15.
    """
    first = next(i for i, slot in enumerate(slots) if slot.token.text)
    start = next((i for i in range(first, -1, -1) if slots[i].token.starts_row), first)
    if len(slots) - start >= APPEAL_CELLS:
        return slots[start:]
    return slots[-APPEAL_CELLS:] if len(slots) >= APPEAL_CELLS else slots


def _ends_appeals(label: str) -> bool:
    flat = squash(label)
    return bool(_SECTION_END.search(flat)) or _PROSE_END in flat or len(flat) > MAX_LABEL_CHARS


def _row_sum_holds(numbers) -> bool:
    values = [n.value if n else None for n in numbers]
    return None not in values and abs(sum(values[:-1]) - values[-1]) < 1e-6


def _appeal_sums_hold(numbers) -> bool:
    width = len(APPEAL_COLS)
    return all(_row_sum_holds(numbers[i:i + width]) for i in range(0, APPEAL_CELLS, width))


def read_tables(all_runs: list[Run], template: str, year: int | None = None) -> TableRead:
    """Every statistics cell of a report of the given template ('none' reads nothing), from its rows."""
    reader = _Reader(template, year)
    if template in ACTIVE_ROWS:
        return reader.forms(all_runs)
    if template == "legacy":
        return reader.legacy(all_runs)
    return reader.read
