"""What list pages hand their scripts: object literals, AJAX calls and their page parameters."""

import re
from dataclasses import dataclass, field

# key: 'text' | "text" | 12 | identifier — quoted or bare keys, as list scripts write them.
_PAIR = re.compile(r"""(['"]?)([\w\[\]\-.,]+)\1\s*:\s*(?:(['"])(.*?)\3|(-?\d+(?:\.\d+)?)\b|([A-Za-z_$][\w$.]*(?:\([^()]*\))?))""",
                   re.DOTALL)
_AJAX = re.compile(r"(?:\$|jQuery)\s*\.\s*ajax\s*\(\s*(?=\{)")
_POST_CALL = re.compile(r"""(?:\$|jQuery)\s*\.\s*post\s*\(\s*(['"])(.*?)\1\s*,\s*(?=\{|JSON)""")
_STRINGIFY = re.compile(r"JSON\s*\.\s*stringify\s*\(\s*(?=\{)")
# Names list scripts give the page number and the page size (real portals' APIs).
PAGE_KEYS = ("page", "pageno", "pagenum", "pagenumber", "pageindex", "currentpage", "curpage", "current", "pagecurrent")
SIZE_KEYS = ("pagesize", "size", "rows", "limit", "perpage", "pagecount")


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


def object_fields(literal: str) -> tuple[dict[str, str], set[str]]:
    """The top-level constant fields of a JS object literal, and the names of fields set from variables."""
    inner = literal.strip()[1:-1] if literal.strip().startswith("{") else literal
    constants: dict[str, str] = {}
    variables: set[str] = set()
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
                    variables.add(key)
                position = match.end()
                continue
        position += 1
    return constants, variables


def field_named(names: set[str] | dict, wanted: tuple[str, ...]) -> str | None:
    """The first field whose lower-cased name is one of wanted, in wanted's order."""
    lowered = {name.lower(): name for name in names}
    return next((lowered[w] for w in wanted if w in lowered), None)


@dataclass(frozen=True)
class PostCall:
    """A list request a page's script sends by POST: where, the fixed fields, and which field is the page."""

    url: str
    fields: dict[str, str] = field(default_factory=dict)
    page_field: str | None = None
    first_page: int = 1
    json_body: bool = False


def _call_from(options: dict[str, str], data: str | None, json_body: bool) -> PostCall | None:
    if not data:
        return None
    fields, data_variables = object_fields(data)
    names = set(fields) | data_variables
    page_field = field_named(names, PAGE_KEYS)
    if page_field is None:
        return None
    first = fields.pop(page_field, "1")
    return PostCall(url=options["url"], fields=fields, page_field=page_field,
                    first_page=int(first) if first.isdigit() else 1, json_body=json_body)


def post_calls(text: str) -> list[PostCall]:
    """Every POST with a page field that the page's scripts send: $.ajax({type: 'POST', …}) and $.post(url, {…})."""
    calls = []
    for match in _AJAX.finditer(text):
        block = balanced(text, match.end())
        options, _ = object_fields(block)
        method = (options.get("type") or options.get("method") or "").upper()
        if method != "POST" or "url" not in options:
            continue
        data_at = re.search(r"\bdata\s*:\s*", block)
        data, json_body = None, "json" in (options.get("contentType") or "").lower()
        if data_at:
            rest = block[data_at.end():]
            stringify = _STRINGIFY.match(rest)
            if stringify:
                json_body, rest = True, rest[stringify.end():]
            data = balanced(rest, 0) if rest.startswith("{") else None
        call = _call_from(options, data, json_body)
        if call:
            calls.append(call)
    for match in _POST_CALL.finditer(text):
        rest = text[match.end():]
        stringify = _STRINGIFY.match(rest)
        data = balanced(rest, stringify.end() if stringify else 0)
        call = _call_from({"url": match.group(2)}, data, bool(stringify))
        if call:
            calls.append(call)
    return calls
