"""The portal registry: YAML rows checked on load, one row per 年报 listing page."""

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from nianbao.crawler.offsite import FetchRule, registrable_domain
from nianbao.extract import divisions

BUNDLED = Path(__file__).with_name("portals.yaml")
SUPPORTED_FAMILIES = ("trs", "hanweb", "jpaas", "gkmlpt", "post", "generic")
# Families seen on real portals that no listing parser handles yet: kept, skipped with a message.
UNSUPPORTED_FAMILIES = ("kaipuyun",)
# "unknown" in tests/files/real-portals.yaml means: detect from the first listing page.
DETECT = ("unknown", None)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_IP = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
_REQUIRED = ("id", "name", "start_url")
_OPTIONAL = ("family", "agency", "region", "hosts", "level", "evidence", "notes", "browser", "division", "aliases")


class RegistryError(ValueError):
    """A registry row that cannot be used, named by its position and id."""


@dataclass(frozen=True)
class Portal:
    """One listing page to crawl and what is known of it."""

    id: str
    name: str
    start_url: str
    family: str | None = None
    agency: str | None = None
    region: str | None = None
    hosts: tuple[str, ...] = field(default_factory=tuple)
    level: str | None = None
    evidence: str | None = None
    notes: str | None = None
    browser: bool = False
    # The 6-digit division code where the portal's body sits: the place of names that say none.
    division: str | None = None
    # (name form, the name of the body it stands for, or None: a body of its own), overriding name resolution.
    aliases: tuple[tuple[str, str | None], ...] = ()

    @property
    def supported(self) -> bool:
        """False for rows whose family has no listing parser yet."""
        return self.family not in UNSUPPORTED_FAMILIES

    def owns(self, url: str) -> bool:
        """True when the portal may fetch url: its own site (a listed host or a sibling host of its domain), port
        and scheme.

        Spam mirrors copy whole government pages onto other domains; zwgk.x.gov.cn and
        www.x.gov.cn are the same body's site.
        """
        return self.fetch_rule.refusal(url) is None

    @cached_property
    def fetch_rule(self) -> FetchRule:
        """Where the portal may fetch, from its registry hosts."""
        return FetchRule(self.hosts)


def site_domain(netloc: str) -> str:
    """The registrable domain of a host by the Public Suffix List (mct.gov.cn, sz.gd.cn); an IP host keeps its port."""
    host = netloc.rsplit("@", 1)[-1]
    if _IP.match(host.split(":")[0]):
        return host
    return registrable_domain(host.split(":")[0])


def _check_row(position: int, row) -> Portal:
    where = f"portal row {position}"
    if not isinstance(row, dict):
        raise RegistryError(f"{where}: expected a mapping of fields, got {type(row).__name__}")
    where = f"portal row {position} ({row.get('id', 'no id')})"
    for name in _REQUIRED:
        if not isinstance(row.get(name), str) or not row[name].strip():
            raise RegistryError(f"{where}: field '{name}' is required and must be text")
    unknown = sorted(set(row) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(_REQUIRED + _OPTIONAL)}")
    if not _ID.match(row["id"]):
        raise RegistryError(f"{where}: field 'id' must be lower-case letters, digits and dashes")
    parts = urlsplit(row["start_url"])
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RegistryError(f"{where}: field 'start_url' must be an http(s) URL, got {row['start_url']!r}")
    family = row.get("family")
    allowed = SUPPORTED_FAMILIES + UNSUPPORTED_FAMILIES + tuple(f for f in DETECT if f)
    if family is not None and family not in allowed:
        raise RegistryError(f"{where}: field 'family' must be one of {', '.join(allowed)}, got {family!r}")
    hosts = row.get("hosts") or []
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        raise RegistryError(f"{where}: field 'hosts' must be a list of host names")
    if not isinstance(row.get("browser", False), bool):
        raise RegistryError(f"{where}: field 'browser' must be true or false")
    division = row.get("division")
    if division is not None and (not isinstance(division, str) or divisions.division(division) is None):
        raise RegistryError(f"{where}: field 'division' must be a 6-digit code of {divisions.data_version()}, "
                            f"got {division!r}")
    return Portal(
        id=row["id"], name=row["name"].strip(), start_url=row["start_url"].strip(),
        family=None if family in DETECT else family, agency=row.get("agency"), region=row.get("region"),
        hosts=tuple(dict.fromkeys([parts.netloc.lower(), *(h.lower() for h in hosts)])),
        level=row.get("level"), evidence=row.get("evidence"), notes=row.get("notes"),
        browser=row.get("browser", False), division=division, aliases=_aliases(where, row.get("aliases") or []),
    )


def _aliases(where: str, entries) -> tuple[tuple[str, str | None], ...]:
    """An `aliases:` list: each {name, same_as: the body's name} or {name, separate: true}."""
    if not isinstance(entries, list):
        raise RegistryError(f"{where}: field 'aliases' must be a list of {{name, same_as}} or {{name, separate: true}}")
    checked = []
    for number, entry in enumerate(entries, start=1):
        said = f"{where}: aliases entry {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise RegistryError(f"{said}: needs 'name', the name form as seen")
        unknown = sorted(set(entry) - {"name", "same_as", "separate"})
        if unknown:
            raise RegistryError(f"{said}: unknown field(s) {', '.join(unknown)}; allowed: name, same_as, separate")
        same_as, separate = entry.get("same_as"), entry.get("separate", False)
        if (same_as is None) == (separate is not True) or (same_as is not None and not str(same_as).strip()):
            raise RegistryError(f"{said}: give either 'same_as: <the body's name>' or 'separate: true'")
        checked.append((entry["name"].strip(), None if separate else str(same_as).strip()))
    return tuple(checked)


def load_portals(path: str | Path = BUNDLED) -> list[Portal]:
    """Read and check every row of a registry file; raises RegistryError naming the bad row and field."""
    try:
        rows = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(rows, list) or not rows:
        raise RegistryError(f"{path}: expected a non-empty list of portal rows")
    portals = [_check_row(position, row) for position, row in enumerate(rows, start=1)]
    seen: set[str] = set()
    for position, portal in enumerate(portals, start=1):
        if portal.id in seen:
            raise RegistryError(f"portal row {position} ({portal.id}): field 'id' repeats an earlier row")
        seen.add(portal.id)
    return portals
