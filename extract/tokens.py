"""Any report layout as one stream of cells: labels, values and units in reading order.

Pipe-flattened rows (HTML tables are rendered so), one cell per line, tab indents and
PDF-like text with space-separated numbers all become the same stream, so one reader
handles them all.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from nianbao.extract.normalize import collapse_spaces
from nianbao.extract.numbers import Number, is_null, is_split, is_unit, lookalike_digits, parse_number

LABEL, VALUE, UNIT = "label", "value", "unit"
# Table cells repeat ("0", "规章", "总计") across rows and reports: classify each text once.
CACHED_TOKENS = 65536
# Page furniture of text pulled out of PDFs: "- 3 -", "第 3 页 共 9 页", "3/9".
PAGE_NOISE = re.compile(r"^(?:[-—–]+\s*\d{1,4}\s*[-—–]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
_FULL_WIDTH_BAR = "\uff5c"
# Text laid out in columns (PDF, OCR) leaves two spaces or more between cells; one space may sit inside a label.
_COLUMN_GAP = re.compile(r"\s{2,}")
# Not after 增/减 (增加/减少): "增52" is one signed cell.
_GLUED_NUMBER = re.compile(
    r"((?![增减加少])[\u4e00-\u9fff)）])((?=[\dOolISBZ]*\d)[\dOolISBZ]+(?:[,.]\d+)*|[/／—–-]+|N/?A)(?=\s|$)")
_MARKDOWN_RULE = re.compile(r"^[\s:|-]+$")
# Share of pipe lines that must open and close with a pipe for a text to be a markdown table.
_MARKDOWN_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class Token:
    """One cell or text fragment: its text, what kind it is, and the number it states."""

    text: str
    kind: str
    number: Number | None = None
    starts_row: bool = False
    # Read off a line without cell borders (PDF or OCR text): a blank cell there left no trace.
    spaced: bool = False

    @property
    def empty(self) -> bool:
        """True for a value cell that states no number (empty, /, -, 无), not even a misread one."""
        return (self.kind == VALUE and self.number is None and not is_split(self.text)
                and lookalike_digits(self.text) is None)


EMPTY = Token("", VALUE)
ROW_EMPTY = Token("", VALUE, None, True)


@lru_cache(maxsize=CACHED_TOKENS)
def classify(text: str, starts_row: bool = False, spaced: bool = False) -> Token:
    """A token for one cell's text: a value (number, null marker, split digits), a unit, or a label."""
    text = collapse_spaces(text)
    number = parse_number(text)
    if number is not None or is_null(text) or is_split(text) or lookalike_digits(text) is not None:
        return Token(text, VALUE, number, starts_row, spaced)
    return Token(text, UNIT if is_unit(text) else LABEL, None, starts_row, spaced)


def _first_in_row(tokens: list[Token]) -> list[Token]:
    return [replace(tokens[0], starts_row=True)] + tokens[1:] if tokens else tokens


def unglued(line: str) -> str:
    """A line with each number or null mark OCR glued to the label before it set apart ("总计2303" -> "总计 2303")."""
    return _GLUED_NUMBER.sub(r"\1 \2", line)


def _spaced_words(line: str) -> list[tuple[bool, str]]:
    """A line's words, each marked when a column gap (two spaces or more) stands before it."""
    return [(index > 0 and position == 0, word) for index, chunk in enumerate(_COLUMN_GAP.split(line.strip()))
            for position, word in enumerate(chunk.split())]


def _words(line: str) -> list[Token]:
    """A line without cell borders: space-separated numbers are cells, runs of words one label.

    A number or null mark glued to the label before it ("(七)总计2303", "规范性文件/", as OCR joins them) is a
    cell of its own.
    """
    words = _spaced_words(unglued(line))
    kinds = [classify(word).kind for _, word in words]
    tokens: list[Token] = []
    for index, (gap, word) in enumerate(words):
        token = classify(word, False, True)
        # A letter-spaced label ("制 发 规 范 性 文 件 总 数") holds characters that alone read as units (件).
        inside = (token.kind == UNIT and index + 1 < len(words) and kinds[index + 1] == LABEL
                  and not words[index + 1][0])
        if (token.kind == LABEL or inside) and tokens and tokens[-1].kind == LABEL and not gap:
            tokens[-1] = replace(tokens[-1], text=f"{tokens[-1].text} {word}")
        else:
            tokens.append(token)
    return _first_in_row(tokens)


def _line(line: str) -> list[Token]:
    """Tokens of one text line: tab-separated cells, or space-separated words and numbers."""
    if "\t" in line:
        cells = line.strip("\t\r\n ").split("\t")
        if not line.strip():
            return [ROW_EMPTY]
        return _first_in_row([classify(cell) if cell.strip() else EMPTY for cell in cells])
    return _words(line) if line.strip() else []


def _markdown(lines: list[str]) -> bool:
    piped = [line.strip() for line in lines if "|" in line]
    framed = sum(line.startswith("|") and line.endswith("|") for line in piped)
    return bool(piped) and framed >= _MARKDOWN_SHARE * len(piped)


def text_tokens(text: str) -> list[Token]:
    """Tokens of a text: '|' ends a cell (across lines, as extractors flatten tables); else lines."""
    text = text.replace("\r\n", "\n").replace(_FULL_WIDTH_BAR, "|")
    lines = [line for line in text.split("\n") if not PAGE_NOISE.match(line.strip())]
    if not any("|" in line for line in lines):
        return [token for line in lines for token in _line(line)]
    if _markdown(lines):
        return _markdown_tokens(lines)
    tokens: list[Token] = []
    pieces = "\n".join(lines).split("|")
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        if "\n" not in piece and index < last:  # most cells: one piece, one line
            tokens.append(classify(piece, index == 0) if piece.strip() else EMPTY)
            continue
        content = [line for line in piece.split("\n") if line.strip()]
        if index == last:
            tokens.extend(token for line in content for token in _line(line))
        elif not content:
            tokens.append(ROW_EMPTY if "\n" in piece else EMPTY)
        else:
            tokens.extend(token for line in content[:-1] for token in _line(line))
            tokens.append(classify(content[-1], "\n" in piece.rstrip(" \t") or index == 0))
    return tokens


def _markdown_tokens(lines: list[str]) -> list[Token]:
    tokens: list[Token] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if not _MARKDOWN_RULE.match(stripped):
                tokens.extend(_first_in_row([classify(cell) if cell.strip() else EMPTY
                                             for cell in stripped[1:-1].split("|")]))
        else:
            tokens.extend(_line(line))
    return tokens
