"""What list pages hand their scripts: object literals, AJAX calls and their page parameters."""

import re
from dataclasses import dataclass, field

# key: 'text' | "text" | 12 | identifier — quoted or bare keys, as list scripts write them.
_PAIR = re.compile(r"""(['"]?)([\w\[\]\-.,]+)\1\s*:\s*(?:(['"])(.*?)\3|(-?\d+(?:\.\d+)?)\b|([A-Za-z_$][\w$.]*(?:\([^()]*\))?))""",
                   re.DOTALL)
_AJAX = re.compile(r"(?:\$|jQuery)\s*\.\s*ajax\s*\(\s*(?=\{)")
# $.post(url, data), $.get(url, data), $.getJSON(url, data), axios.post(url, data): the method is in the name.
_SHORT_CALL = re.compile(r"""(?:\$|jQuery|axios)\s*\.\s*(post|get|getJSON)\s*\(\s*(['"])(.*?)\2\s*,\s*""")
# fetch(url, {method: 'POST', body: …}).
_FETCH = re.compile(r"""\bfetch\s*\(\s*(['"])(.*?)\1\s*,\s*(?=\{)""")
_STRINGIFY = re.compile(r"JSON\s*\.\s*stringify\s*\(\s*")
_URL_PARAMS = re.compile(r"new\s+URLSearchParams\s*\(\s*")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
# Page-level constants a list script reads its fields from: var chnlid = '36871'; let size = 10;
_CONSTANT = re.compile(r"""\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:(['"])(.*?)\2|(-?\d+))\s*[;,\n]""")
# Names list scripts give the page number and the page size (real portals' APIs); other names are read by shape.
PAGE_KEYS = ("page", "pageno", "pagenum", "pagenumber", "pageindex", "currentpage", "curpage", "current", "pagecurrent",
             "curr", "pn", "p")
SIZE_KEYS = ("pagesize", "size", "rows", "limit", "perpage", "pagecount", "prepage")
# Parts of a name that mark a page size or a total rather than the page number (prepage: 10, recordCount: '20').
_SIZE_PARTS = ("size", "limit", "rows", "perpage", "prepage", "per_page")
_TOTAL_PARTS = ("total", "count", "record", "sum")


def balanced(text: str, start: int) -> str:
    """The {…} block that opens at text[start], quotes respected; up to the end if it never closes."""
    depth, quote = 0, None
    for position in range(start, len(text)):
        char = text[position]
        if quote:
            if char == quote and text[position - 1] != "\\":
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start:position + 1]
    return text[start:]


def object_items(literal: str) -> tuple[dict[str, str], dict[str, str]]:
    """The top-level fields of a JS object literal: constants by value, and fields set from an expression by it."""
    inner = literal.strip()[1:-1] if literal.strip().startswith("{") else literal
    constants: dict[str, str] = {}
    variables: dict[str, str] = {}
    depth = 0
    position = 0
    while position < len(inner):
        char = inner[position]
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        elif depth == 0 and (position == 0 or inner[position - 1] in ",{ \t\r\n"):
            match = _PAIR.match(inner, position)
            if match:
                key = match.group(2)
                if match.group(3):
                    constants[key] = match.group(4)
                elif match.group(5) is not None:
                    constants[key] = match.group(5)
                else:
                    variables[key] = match.group(6)
                position = match.end()
                continue
        position += 1
    return constants, variables


def object_fields(literal: str) -> tuple[dict[str, str], set[str]]:
    """The top-level constant fields of a JS object literal, and the names of fields set from variables."""
    constants, variables = object_items(literal)
    return constants, set(variables)


def field_named(names: set[str] | dict, wanted: tuple[str, ...]) -> str | None:
    """The first field whose lower-cased name is one of wanted, in wanted's order."""
    lowered = {name.lower(): name for name in names}
    return next((lowered[w] for w in wanted if w in lowered), None)


def plain_name(name: str) -> str:
    """A field or variable name lower-cased without '_' and '-', to compare names as sites vary them."""
    return name.lower().replace("_", "").replace("-", "")


def size_field(names) -> str | None:
    """The field that sets the page size: a known name, else one whose name says size, limit, rows or per page."""
    known = field_named(names, SIZE_KEYS)
    return known or next((n for n in names if any(part in plain_name(n) for part in _SIZE_PARTS)), None)


def page_field(constants: dict[str, str], variables: dict[str, str]) -> str | None:
    """The page number's field: a known name, else a name with 'page', else the one free variable beside a size."""
    # A free variable is the page the script's function was asked for: loadList(page) → data: {…, p: page}.
    names = [*constants, *variables]
    known = field_named(set(names), PAGE_KEYS)
    if known:
        return known
    size = size_field(names)
    plain = [n for n in names if n != size and not any(part in plain_name(n) for part in _TOTAL_PARTS)]
    paged = [n for n in plain if "page" in plain_name(n)]
    if paged:
        return paged[0]
    free = [n for n in plain if n in variables]
    return free[0] if size and len(free) == 1 else None


def page_constants(text: str) -> dict[str, str]:
    """The constants a page's scripts declare (var name = 'value' or a number), first declaration first."""
    found: dict[str, str] = {}
    for match in _CONSTANT.finditer(text):
        found.setdefault(match.group(1), match.group(3) if match.group(2) else match.group(4))
    return found


@dataclass(frozen=True)
class PostCall:
    """A list request a page's script sends: where, by which method, the fixed fields, and which field is the page."""

    url: str
    fields: dict[str, str] = field(default_factory=dict)
    page_field: str | None = None
    first_page: int = 1
    json_body: bool = False
    method: str = "POST"


def _data_literal(rest: str, constants: dict[str, str], text: str) -> tuple[str | None, bool]:
    """The object literal a call sends, and whether as JSON: {…}, JSON.stringify({…}), or a variable naming one."""
    json_body = False
    stringify = _STRINGIFY.match(rest)
    if stringify:
        json_body, rest = True, rest[stringify.end():]
    params = _URL_PARAMS.match(rest)
    if params:
        rest = rest[params.end():]
    if rest.startswith("{"):
        return balanced(rest, 0), json_body
    name = _IDENTIFIER.match(rest)
    if name and name.group() not in constants:
        declared = re.search(rf"\b(?:var|let|const)\s+{re.escape(name.group())}\s*=\s*(?=\{{)", text)
        if declared:
            return balanced(text, declared.end()), json_body
    return None, json_body


def _call_from(url: str, method: str, data: str | None, json_body: bool, constants: dict[str, str]) -> PostCall | None:
    if not data or not url:
        return None
    fields, variables = object_items(data)
    for name, expression in list(variables.items()):
        if expression in constants:
            fields[name] = constants[expression]
    variables = {k: v for k, v in variables.items() if k not in fields}
    page = page_field(fields, variables)
    if page is None:
        return None
    first = fields.pop(page, "1")
    return PostCall(url=url, fields=fields, page_field=page, first_page=int(first) if first.isdigit() else 1,
                    json_body=json_body, method=method)


def list_calls(text: str) -> list[PostCall]:
    """Every list request with a page field the page's scripts send: $.ajax, $.post/$.get/axios and fetch calls."""
    constants = page_constants(text)
    calls = []
    for match in _AJAX.finditer(text):
        block = balanced(text, match.end())
        options, expressions = object_items(block)
        url = options.get("url") or constants.get(expressions.get("url", ""))
        method = (options.get("type") or options.get("method") or "GET").upper()
        data_at = re.search(r"\bdata\s*:\s*", block)
        data, json_body = _data_literal(block[data_at.end():], constants, text) if data_at else (None, False)
        json_body = json_body or "json" in (options.get("contentType") or "").lower()
        calls.append(_call_from(url, method, data, json_body, constants))
    for match in _SHORT_CALL.finditer(text):
        data, json_body = _data_literal(text[match.end():], constants, text)
        method = "POST" if match.group(1) == "post" else "GET"
        calls.append(_call_from(match.group(3), method, data, json_body, constants))
    for match in _FETCH.finditer(text):
        block = balanced(text, match.end())
        options, _ = object_items(block)
        body_at = re.search(r"\bbody\s*:\s*", block)
        data, json_body = _data_literal(block[body_at.end():], constants, text) if body_at else (None, False)
        calls.append(_call_from(match.group(2), (options.get("method") or "GET").upper(), data, json_body, constants))
    return [call for call in calls if call]


def post_calls(text: str) -> list[PostCall]:
    """Every POST with a page field that the page's scripts send."""
    return [call for call in list_calls(text) if call.method == "POST"]
