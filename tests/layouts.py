"""The three statistics tables of a report, rendered the ways real reports reach us.

A table is a grid of spanned cells, as in the official forms; each layout renders it as a
portal, an extractor or a PDF converter would: Word HTML, plain HTML, pipe rows, one cell
per line, tab indents, PDF-like text with page noise.
"""

import random
from dataclasses import dataclass, field
from html import escape

from hypothesis import strategies as st

from nianbao.extract.keys import (
    ACTIVE_COL_LABELS,
    ACTIVE_ROWS,
    APPEAL_COLS,
    APPEAL_ROWS,
    MONEY_COLS,
    OUTCOME_ROWS,
    REQUEST_COLS,
    REQUEST_ROW_LABELS,
)

NULLS = ("", "/", "—", "-", "无")
PRINTED_NULLS = ("/", "—", "-", "无")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Spec:
    """What a report's tables say: the template, every cell value, and how the money unit is shown."""

    template: str
    values: dict = field(default_factory=dict)
    money_unit: str | None = "万元"
    unit_in_cell: bool = False

    def expected(self) -> list[tuple]:
        """(section, row, col, value, unit) of every cell, as the parser must return them."""
        found = []
        for (section, row, col), value in self.values.items():
            money = section == "active" and (row, col) in MONEY_COLS and value is not None
            unit = self.money_unit if money else None
            found.append((section, row, col, value, unit))
        return sorted(found, key=repr)


@dataclass
class Cell:
    """One grid cell: text, spans, and whether it holds a number."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    value: bool = False


def _fmt(spec: Spec, key: tuple, rng: random.Random, nulls: tuple[str, ...]) -> str:
    value = spec.values[key]
    if value is None:
        return rng.choice(nulls)
    section, row, col = key
    if section == "active" and (row, col) in MONEY_COLS:
        text = f"{value:,.2f}" if rng.random() < 0.3 else f"{value:.2f}"
        return text + (spec.money_unit or "") if spec.unit_in_cell else text
    if col == "change":
        sign = rng.choice((("增", "减"), ("+", "-"), ("增", "-")))
        return "0" if value == 0 else f"{sign[0]}{value}" if value > 0 else f"{sign[1]}{-value}"
    text = f"{value:,}" if value >= 1000 and rng.random() < 0.3 else str(value)
    return text.translate(FULL_WIDTH) if rng.random() < 0.15 else text


def _active_grid(spec: Spec, rng: random.Random, nulls) -> list[list[Cell]]:
    rows, clauses = [], {"regulations": "（一）", "licensing": "（五）", "penalties": "（六）", "fees": "（八）",
                         "procurement": "（九）"}
    for key, label, cols in ACTIVE_ROWS[spec.template]:
        if key in clauses:
            rows.append([Cell(f"第二十条第{clauses[key]}项", colspan=4)])
            heads = [ACTIVE_COL_LABELS[c] for c in cols]
            if (key, cols[-1]) in MONEY_COLS:
                heads[-1] = {"fees": "本年收费金额", "procurement": "采购总金额"}[key]
                if spec.money_unit and not spec.unit_in_cell:
                    heads[-1] += f"（单位：{spec.money_unit}）"
            rows.append([Cell("信息内容")] + [Cell(h, colspan=4 - len(cols) if i == len(cols) - 1 else 1)
                                              for i, h in enumerate(heads)])
        rows.append([Cell(label)] + [Cell(_fmt(spec, ("active", key, c), rng, nulls), value=True,
                                          colspan=4 - len(cols) if i == len(cols) - 1 else 1)
                                     for i, c in enumerate(cols)])
    return rows


def _request_grid(spec: Spec, rng: random.Random, nulls) -> list[list[Cell]]:
    rows = [[Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
             Cell("申请人情况", colspan=7)],
            [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
            [Cell(label) for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]]
    groups = {"denied": "（三）不予公开", "unavailable": "（四）无法提供", "rejected": "（五）不予处理",
              "other": "（六）其他处理"}
    outcomes = OUTCOME_ROWS[spec.template]
    order = ("new", "carried_in") + outcomes + ("total", "carried_forward")
    for row in order:
        label = REQUEST_ROW_LABELS[row]
        values = [Cell(_fmt(spec, ("requests", row, c), rng, nulls), value=True) for c in REQUEST_COLS]
        group = row.split("_")[0] if row.startswith(("denied_", "unavailable_", "rejected_", "other_")) else None
        if group:
            members = [r for r in outcomes if r.startswith(group + "_")]
            lead = [Cell(groups[group], rowspan=len(members))] if members[0] == row else []
            cells = lead + [Cell(label.split("）", 1)[1])]
        elif row in ("granted", "partial", "other", "total"):
            sub = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" if row == "partial" else label
            lead = [Cell("三、本年度办理结果", rowspan=len(outcomes) + 1)] if row == "granted" else []
            cells = lead + [Cell(sub, colspan=2)]
        else:
            cells = [Cell(label, colspan=3)]
        rows.append(cells + values)
    return rows


def _appeal_grid(spec: Spec, rng: random.Random, nulls) -> list[list[Cell]]:
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [[Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
            [Cell(r, rowspan=2) for r in results] + [Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
            [Cell(r) for r in results * 2],
            [Cell(_fmt(spec, ("appeals", row, col), rng, nulls), value=True) for row in APPEAL_ROWS for col in APPEAL_COLS]]


HEADINGS = ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况")
INTRO = "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。如对本报告有疑问，请联系办公室。"
OUTRO = ("五、存在的主要问题及改进情况", "政策解读的形式还不够丰富，下一步将加强解读材料的图文化。", "六、其他需要报告的事项", "无。")


def grids(spec: Spec, rng: random.Random, nulls=NULLS) -> list[list[list[Cell]]]:
    """The active, requests and appeals tables of a spec."""
    return [_active_grid(spec, rng, nulls), _request_grid(spec, rng, nulls), _appeal_grid(spec, rng, nulls)]


def _word_td(cell: Cell, rng: random.Random) -> str:
    span = '<span style="font-family:宋体;font-size:12.0pt">{}</span>'
    text = cell.text
    if not cell.value and "（" in text[1:] and rng.random() < 0.5:
        head, tail = text.split("（", 1) if not text.startswith("（") else (text, "")
        parts = [head, "（" + tail] if tail else [text]
    elif not cell.value and len(text) > 4 and rng.random() < 0.3:
        parts = [text[: len(text) // 2], text[len(text) // 2:]]
    else:
        parts = [text]
    inner = "".join(f'<p class="MsoNormal" align="center">{span.format(escape(p) if p else "&nbsp;")}</p>'
                    for p in parts)
    attrs = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + \
        (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
    return f'<td{attrs} valign="center" style="border:solid windowtext 1.0pt">{inner}</td>'


def word_html(spec: Spec, rng: random.Random) -> str:
    """Pasted from Word: MsoNormal spans, labels split over <p>, &nbsp; cells, requests table split in two."""
    parts = [f'<p class="MsoNormal">{INTRO}</p>']
    for heading, grid in zip(HEADINGS, grids(spec, rng)):
        parts.append(f'<p class="MsoNormal"><b><span>{heading}</span></b></p>')
        chunks = [grid[:12], grid[12:]] if heading.startswith("三") else [grid]
        for chunk in chunks:
            body = "".join("<tr>" + "".join(_word_td(c, rng) for c in row) + "</tr>" for row in chunk)
            parts.append(f'<table class="MsoNormalTable" border="1" cellspacing="0"><tbody>{body}</tbody></table>')
            if len(chunks) > 1 and chunk is chunks[0]:
                parts.append('<p class="MsoNormal">&nbsp;</p>')
    parts += [f"<p>{line}</p>" for line in OUTRO]
    return f'<html><body><div class="TRS_Editor">{"".join(parts)}</div></body></html>'


def plain_html(spec: Spec, rng: random.Random) -> str:
    """Plain <table> markup with spans and an extra local row the official form does not have."""
    parts = [f"<p>{INTRO}</p>"]
    for heading, grid in zip(HEADINGS, grids(spec, rng)):
        rows = ["<tr>" + "".join(
            f'<td rowspan="{c.rowspan}" colspan="{c.colspan}">{escape(c.text)}</td>' for c in row) + "</tr>"
            for row in grid]
        if heading.startswith("三"):
            rows.insert(5, "<tr><td colspan=3>其中：通过网络提交申请</td>" + "<td>7</td>" * 7 + "</tr>")
        parts.append(f"<h3>{heading}</h3><table border=1>{''.join(rows)}</table>")
    parts += [f"<p>{line}</p>" for line in OUTRO]
    return f'<html><body><div id="zoom">{"".join(parts)}</div></body></html>'


def _text(spec: Spec, rng: random.Random, render_grid, nulls=NULLS) -> str:
    lines = [INTRO]
    for heading, grid in zip(HEADINGS, grids(spec, rng, nulls)):
        lines.append(heading)
        lines.extend(render_grid(grid))
    return "\n".join(lines + list(OUTRO))


def pipe_text(spec: Spec, rng: random.Random) -> str:
    """Extractor output: one row per line, cells 'a | b | c', padded with empty cells."""
    return _text(spec, rng, lambda grid: [" | ".join(c.text for c in row) + " | " + "|" * rng.randint(0, 6)
                                          for row in grid])


def cell_lines(spec: Spec, rng: random.Random) -> str:
    """Extractor output: one cell per line, each ending in ' |'."""
    return _text(spec, rng, lambda grid: [f"{c.text} |" if c.text else "|" for row in grid for c in row])


def tab_indented(spec: Spec, rng: random.Random) -> str:
    """Converted documents: one cell per line, indented by tabs by its column."""
    def render(grid):
        lines = []
        for row in grid:
            for column, c in enumerate(row):
                lines.append("\t" * min(column, 3) + c.text if c.text else "\t" * 3)
        return lines
    return _text(spec, rng, render)


def pdf_text(spec: Spec, rng: random.Random) -> str:
    """PDF text: rows as space-separated words, one-character headers, wrapped labels, page furniture."""
    def render(grid):
        lines = []
        for row in grid:
            labels = [c.text for c in row if not c.value]
            values = [c.text for c in row if c.value]
            if values and labels and len(labels[-1]) > 12 and rng.random() < 0.5:
                cut = len(labels[-1]) // 2
                lines.append(" ".join(labels[:-1] + [labels[-1][:cut]]))
                lines.append(labels[-1][cut:] + "  " + " ".join(values))
            elif not values and all(len(label) == 4 for label in labels) and labels:
                lines.extend(" ".join(label[i] for label in labels) for i in range(4))
            else:
                lines.append("  ".join(labels + values))
            if rng.random() < 0.08:
                lines += [f"— {rng.randint(1, 9)} —", f"第 {rng.randint(1, 9)} 页 共 9 页"]
        return lines
    return _text(spec, rng, render, PRINTED_NULLS)


LAYOUTS = {"word_html": word_html, "plain_html": plain_html, "pipe_text": pipe_text, "cell_lines": cell_lines,
           "tab_indented": tab_indented, "pdf_text": pdf_text}
HTML_LAYOUTS = {"word_html", "plain_html"}


MAX_COUNT = 99999
MAX_REQUESTS = 400


@st.composite
def specs(draw) -> Spec:
    """A report's three tables: consistent sums, or numbers drawn at random; some cells null."""
    template = draw(st.sampled_from(("2019", "2021")))
    consistent = draw(st.booleans())
    null_share = draw(st.sampled_from((0.0, 0.0, 0.1)))
    rng = random.Random(draw(st.integers(0, 2**32)))

    def maybe(value):
        return None if rng.random() < null_share else value

    values = {}
    for key, _, cols in ACTIVE_ROWS[template]:
        for col in cols:
            if (key, col) in MONEY_COLS:
                value = round(rng.uniform(0, 99999), 2)
            elif col == "change":
                value = rng.randint(-60, 60)
            else:
                value = rng.randint(0, MAX_COUNT)
            values[("active", key, col)] = maybe(value)
    outcomes = OUTCOME_ROWS[template]
    table = {}
    for col in REQUEST_COLS[:-1]:
        for row in outcomes:
            table[(row, col)] = rng.randint(0, MAX_REQUESTS // 20)
        total = sum(table[(row, col)] for row in outcomes)
        forward, carried_in = rng.randint(0, 9), rng.randint(0, 9)
        table.update({("total", col): total, ("carried_forward", col): forward, ("carried_in", col): carried_in,
                      ("new", col): max(0, total + forward - carried_in)})
    for row in {row for row, _ in table}:
        table[(row, "total")] = sum(table[(row, col)] for col in REQUEST_COLS[:-1])
    if not consistent:
        table = {key: rng.randint(0, MAX_REQUESTS) for key in table}
    values |= {("requests", row, col): maybe(value) for (row, col), value in table.items()}
    for row in APPEAL_ROWS:
        parts = [rng.randint(0, 9) for _ in APPEAL_COLS[:-1]]
        total = sum(parts) if consistent else rng.randint(0, 40)
        values |= {("appeals", row, col): maybe(v) for col, v in zip(APPEAL_COLS, parts + [total])}
    money_unit = draw(st.sampled_from(("万元", "元", None)))
    return Spec(template, values, money_unit, unit_in_cell=money_unit is not None and draw(st.booleans()))
