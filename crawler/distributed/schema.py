"""Explicit schemas for what crosses Redis as JSON: every field named and typed, every size bounded, else Rejected."""

import base64
import binascii
import dataclasses
import json
import math
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

# JSON integers are unbounded in Python; Redis and SQLite hold 64 bits.
INT64 = 2 ** 63
# Characters of a short text: ids, names, dates, hashes, content types, statuses.
NAME_CHARS = 1024
# Characters of a title, a message or a reason.
LINE_CHARS = 16 * 1024
# Characters of a URL (well above what any portal or Scrapy's own URLLENGTH_LIMIT lets through).
URL_CHARS = 16 * 1024
# Redis keeps no longer string (its default proto-max-bulk-len): the bound of a value that carries pages.
REDIS_VALUE_BYTES = 512 * 1024 * 1024
HTTP_SCHEMES = ("http", "https")
UTF8_MAX_BYTES = 4
# Entries of an open-ended collection (cells of a report, items a column lists, portals of a run).
MANY = 1_000_000
# Entries of a small collection (fields of a form, validators of a source, headers of a request).
FEW = 1_000


class Rejected(ValueError):
    """A value read from Redis that is not what its key holds: logged and counted, never used."""


class Spec:
    """How one value crosses Redis."""

    def dump(self, value: Any) -> Any:
        """The value as JSON data."""
        return value

    def load(self, data: Any, where: str) -> Any:
        """The value from JSON data; Rejected if it is anything else."""
        raise NotImplementedError


def _refuse(where: str, why: str) -> Rejected:
    return Rejected(f"{where}: {why}")


def _kind(data: Any) -> str:
    return "null" if data is None else type(data).__name__


@dataclasses.dataclass(frozen=True)
class Text(Spec):
    """A string of at most `limit` characters."""

    limit: int = NAME_CHARS

    def dump(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {_kind(value)}")
        return value

    def load(self, data: Any, where: str) -> str:
        if not isinstance(data, str):
            raise _refuse(where, f"expected text, got {_kind(data)}")
        if len(data) > self.limit:
            raise _refuse(where, f"text of {len(data)} characters, more than {self.limit}")
        return data


@dataclasses.dataclass(frozen=True)
class HttpUrl(Text):
    """An absolute http(s) URL: a file:, data: or ftp: URL from Redis would have a worker read what it should not."""

    limit: int = URL_CHARS

    def load(self, data: Any, where: str) -> str:
        url = super().load(data, where)
        parts = urlsplit(url)
        if parts.scheme.lower() not in HTTP_SCHEMES or not parts.netloc:
            raise _refuse(where, f"not an http(s) URL: {url[:NAME_CHARS]!r}")
        return url


@dataclasses.dataclass(frozen=True)
class Latin1(Spec):
    """Bytes of at most `limit` as text, one character per byte (header names and values)."""

    limit: int = LINE_CHARS

    def dump(self, value: Any) -> Any:
        if not isinstance(value, bytes):
            raise TypeError(f"expected bytes, got {_kind(value)}")
        return value.decode("latin-1")

    def load(self, data: Any, where: str) -> bytes:
        text = Text(self.limit).load(data, where)
        try:
            return text.encode("latin-1")
        except UnicodeEncodeError:
            raise _refuse(where, "a character beyond one byte") from None


@dataclasses.dataclass(frozen=True)
class Blob(Spec):
    """Bytes of at most `limit`, as base64 text."""

    limit: int

    def dump(self, value: Any) -> Any:
        if not isinstance(value, bytes):
            raise TypeError(f"expected bytes, got {_kind(value)}")
        return base64.b64encode(value).decode("ascii")

    def load(self, data: Any, where: str) -> bytes:
        if not isinstance(data, str):
            raise _refuse(where, f"expected base64 text, got {_kind(data)}")
        if len(data) > 4 * math.ceil(self.limit / 3):
            raise _refuse(where, f"more than {self.limit} bytes")
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _refuse(where, f"not base64: {exc}") from None


@dataclasses.dataclass(frozen=True)
class Integer(Spec):
    """An integer (never a boolean) within [low, high]."""

    low: int = -INT64
    high: int = INT64 - 1

    def load(self, data: Any, where: str) -> int:
        if not isinstance(data, int) or isinstance(data, bool):
            raise _refuse(where, f"expected an integer, got {_kind(data)}")
        if not self.low <= data <= self.high:
            raise _refuse(where, f"{data} is outside {self.low}…{self.high}")
        return data


@dataclasses.dataclass(frozen=True)
class Number(Spec):
    """A finite integer or float (never a boolean)."""

    def load(self, data: Any, where: str) -> int | float:
        if not isinstance(data, (int, float)) or isinstance(data, bool):
            raise _refuse(where, f"expected a number, got {_kind(data)}")
        if not math.isfinite(data) or abs(data) >= INT64:
            raise _refuse(where, f"number out of range: {data!r}")
        return data


@dataclasses.dataclass(frozen=True)
class Flag(Spec):
    """true or false."""

    def load(self, data: Any, where: str) -> bool:
        if not isinstance(data, bool):
            raise _refuse(where, f"expected true or false, got {_kind(data)}")
        return data


@dataclasses.dataclass(frozen=True)
class Choice(Spec):
    """One of a fixed set of strings."""

    values: tuple[str, ...]

    def load(self, data: Any, where: str) -> str:
        if not isinstance(data, str) or data not in self.values:
            shown = repr(data[:NAME_CHARS]) if isinstance(data, str) else _kind(data)
            raise _refuse(where, f"expected one of {', '.join(self.values)}, got {shown}")
        return data


@dataclasses.dataclass(frozen=True)
class Nullable(Spec):
    """null, or the inner spec."""

    inner: Spec

    def dump(self, value: Any) -> Any:
        return None if value is None else self.inner.dump(value)

    def load(self, data: Any, where: str) -> Any:
        return None if data is None else self.inner.load(data, where)


@dataclasses.dataclass(frozen=True)
class Either(Spec):
    """The first of several specs the data matches (dumped by the first that takes the value)."""

    options: tuple[Spec, ...]

    def dump(self, value: Any) -> Any:
        for option in self.options:
            try:
                dumped = option.dump(value)
                option.load(dumped, "")
                return dumped
            except (TypeError, Rejected):
                continue
        raise TypeError(f"no form fits a {_kind(value)}")

    def load(self, data: Any, where: str) -> Any:
        reasons = []
        for option in self.options:
            try:
                return option.load(data, where)
            except Rejected as exc:
                reasons.append(str(exc))
        raise _refuse(where, "matches no allowed form (" + "; ".join(reasons) + ")")


@dataclasses.dataclass(frozen=True)
class ListOf(Spec):
    """A list of at most `limit` entries, loaded into `into` (list, tuple, set, dict.fromkeys…)."""

    item: Spec
    limit: int = MANY
    into: Callable[[Iterable], Any] = list

    def dump(self, value: Any) -> Any:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise TypeError(f"expected a collection, got {_kind(value)}")
        return [self.item.dump(entry) for entry in value]

    def load(self, data: Any, where: str) -> Any:
        if not isinstance(data, list):
            raise _refuse(where, f"expected a list, got {_kind(data)}")
        if len(data) > self.limit:
            raise _refuse(where, f"{len(data)} entries, more than {self.limit}")
        return self.into(self.item.load(entry, f"{where}[{index}]") for index, entry in enumerate(data))


@dataclasses.dataclass(frozen=True)
class MapOf(Spec):
    """An object of at most `limit` entries, its keys and values each checked."""

    key: Spec
    value: Spec
    limit: int = FEW

    def dump(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a mapping, got {_kind(value)}")
        return {self.key.dump(name): self.value.dump(entry) for name, entry in value.items()}

    def load(self, data: Any, where: str) -> dict:
        if not isinstance(data, dict):
            raise _refuse(where, f"expected an object, got {_kind(data)}")
        if len(data) > self.limit:
            raise _refuse(where, f"{len(data)} entries, more than {self.limit}")
        return {self.key.load(name, f"{where} key"): self.value.load(entry, f"{where}.{name}")
                for name, entry in data.items()}


@dataclasses.dataclass(frozen=True)
class Fields(Spec):
    """An object with named fields only, each of its own spec; `required` ones must be there."""

    fields: dict[str, Spec]
    required: tuple[str, ...] = ()

    def dump(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a mapping, got {_kind(value)}")
        unknown = sorted(set(value) - set(self.fields), key=str)
        if unknown:
            raise TypeError(f"fields with no schema: {', '.join(map(str, unknown))}")
        return {name: self.fields[name].dump(entry) for name, entry in value.items()}

    def load(self, data: Any, where: str) -> dict:
        if not isinstance(data, dict):
            raise _refuse(where, f"expected an object, got {_kind(data)}")
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise _refuse(where, f"unknown field(s) {', '.join(name[:NAME_CHARS] for name in unknown[:FEW])}")
        missing = [name for name in self.required if name not in data]
        if missing:
            raise _refuse(where, f"missing field(s) {', '.join(missing)}")
        return {name: self.fields[name].load(entry, f"{where}.{name}") for name, entry in data.items()}


class Record(Spec):
    """A dataclass as an object of its fields; `left` fields stay behind and arrive as their defaults."""

    def __init__(self, cls: type, fields: dict[str, Spec], left: tuple[str, ...] = ()):
        declared = {field.name: field for field in dataclasses.fields(cls)}
        unaccounted = set(declared) - set(fields) - set(left)
        unknown = (set(fields) | set(left)) - set(declared)
        if unaccounted or unknown:
            raise TypeError(f"schema of {cls.__name__} out of date: no spec for {sorted(unaccounted)}, "
                            f"specs for missing fields {sorted(unknown)}")
        required = tuple(name for name in fields if declared[name].default is dataclasses.MISSING
                         and declared[name].default_factory is dataclasses.MISSING)
        self.cls = cls
        self.shape = Fields(fields, required)

    def dump(self, value: Any) -> Any:
        if type(value) is not self.cls:
            raise TypeError(f"expected {self.cls.__name__}, got {_kind(value)}")
        return {name: spec.dump(getattr(value, name)) for name, spec in self.shape.fields.items()}

    def load(self, data: Any, where: str) -> Any:
        return self.cls(**self.shape.load(data, where))


class Tagged(Spec):
    """One of several records, as {"kind": its name, "value": its fields}."""

    def __init__(self, forms: dict[str, Record]):
        self.forms = forms

    def dump(self, value: Any) -> Any:
        for kind, form in self.forms.items():
            if type(value) is form.cls:
                return {"kind": kind, "value": form.dump(value)}
        raise TypeError(f"no schema for a {_kind(value)}")

    def load(self, data: Any, where: str) -> Any:
        if not isinstance(data, dict) or set(data) != {"kind", "value"}:
            raise _refuse(where, 'expected {"kind": …, "value": …}')
        kind = Choice(tuple(self.forms)).load(data["kind"], f"{where}.kind")
        return self.forms[kind].load(data["value"], f"{where}.{kind}")


class Lazy(Spec):
    """A spec named before it is built (a page's attachments are pages)."""

    def __init__(self, build: Callable[[], Spec]):
        self.build = build

    def dump(self, value: Any) -> Any:
        return self.build().dump(value)

    def load(self, data: Any, where: str) -> Any:
        return self.build().load(data, where)


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def encode(spec: Spec, value: Any) -> bytes:
    """The value as compact UTF-8 JSON, through its spec (TypeError if it does not fit the schema)."""
    return json.dumps(spec.dump(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def decode_text(spec: Spec, raw: bytes, where: str) -> Any:
    """A plain UTF-8 text value (not JSON), checked against spec."""
    if not isinstance(raw, bytes):
        raise _refuse(where, f"expected a string value, got {_kind(raw)}")
    if len(raw) > UTF8_MAX_BYTES * LINE_CHARS:
        raise _refuse(where, f"{len(raw)} bytes, more than a line of text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(where, f"not UTF-8 text: {exc}") from None
    return spec.load(text, where)


def decode(spec: Spec, raw: bytes | str, limit: int, where: str) -> Any:
    """The value in raw, checked against spec; Rejected for anything else (pickles, junk, wrong shapes)."""
    if not isinstance(raw, (bytes, str)):
        raise _refuse(where, f"expected a string value, got {_kind(raw)}")
    if len(raw) > limit:
        raise _refuse(where, f"{len(raw)} bytes, more than {limit}")
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:
        raise _refuse(where, f"not JSON: {type(exc).__name__}: {str(exc)[:NAME_CHARS]}") from None
    return spec.load(data, where)
