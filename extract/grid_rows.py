"""Table rows read off their grids: each row's own labels, then exactly one value a value column.

A row's numbers are taken from the table's value columns by position, so a blank cell is a null in its
own column, never padding before the numbers nor a missing last cell.
"""

from nianbao.extract.grid import Grid, GridCell
from nianbao.extract.labels import strip_ordinals
from nianbao.extract.numbers import is_null, is_unit
from nianbao.extract.tables import Run
from nianbao.extract.tokens import VALUE, classify

# The first applicant column of table 三 marks where its value columns start.
_FIRST_VALUE_HEADERS = ("自然人",)


def _is_label(cell: GridCell) -> bool:
    text = cell.text
    return bool(text) and cell.number is None and not is_null(text) and not is_unit(text) and classify(text).kind != VALUE


def _value_start(grid: Grid) -> int:
    """Where the value columns start: under 自然人, else right of the last label of any row with a number."""
    for row in grid.rows:
        for c, cell in enumerate(row):
            if not cell.covered and strip_ordinals(cell.text) in _FIRST_VALUE_HEADERS:
                return c
    start = 0
    for row in grid.rows:
        labels = [c for c, cell in enumerate(row) if _is_label(cell)]
        if labels and any(cell.number is not None for cell in row[labels[-1] + 1:]):
            start = max(start, labels[-1] + 1)
    return start


def grid_runs(grids: list[Grid]) -> list[Run]:
    """Every row of every grid as a run: its labels, then one token a value column (spanned copies left out)."""
    found = []
    for grid in grids:
        start = _value_start(grid)
        for row in grid.rows:
            own = [c for c, cell in enumerate(row) if _is_label(cell)]
            edge = max(start, own[-1] + 1) if own and own[-1] >= start else start
            labels = [cell.text for cell in row[:edge] if cell.text and not cell.covered]
            values = [classify(cell.text, False, grid.borderless) for cell in row[edge:] if not cell.covered]
            if labels or any(not token.empty for token in values):
                found.append(Run(labels, values))
    return found
