"""The agencies table: one row per body, every name form seen for it, and why each name was resolved to it."""

import hashlib
import json
import re
from dataclasses import dataclass

import sqlite_utils

from nianbao.archive.db import insert_rows
from nianbao.extract.agency_names import NameForm, read_name, split_place
from nianbao.extract.divisions import Division, data_version, division, region_codes
from nianbao.extract.normalize import squash

_ID_LENGTH = 12
DIVISION_DATA_KEY = "division_data"
# 统一社会信用代码 (GB 32100-2015): registration office, kind, the 6-digit division of registration, the
# 9-character organisation code, a check character; an organisation code alone (GB 11714) is 8 + 1.
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}(\d{6})[0-9A-HJ-NPQRTUWXY]{10}$")
ORG_CODE = re.compile(r"^[0-9A-Z]{8}-?[0-9X]$")
# The key of a name form a registry alias keeps apart from every other: "=" and the form as written.
SEPARATE = "="
# Where a region's codes came from: the name's own places, the code's division digits, the portal's row.
BY_NAME, BY_CODE, BY_PORTAL = "name", "统一社会信用代码", "portal"


@dataclass(frozen=True)
class AgencyMatch:
    """Which agency a name on a page is, why, and what is known of that body from this page."""

    id: str
    key: str
    name: str
    form: NameForm
    reason: str
    credit_code: str | None
    org_code: str | None
    region: dict
    region_basis: str | None


def agency_id(key: str) -> str:
    """The stable id of the body a key names."""
    return "ag" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:_ID_LENGTH]


def code_kinds(code: str | None) -> tuple[str | None, str | None]:
    """(统一社会信用代码, organisation code) of an 索引号 prefix, each None when it is not one."""
    value = (code or "").upper()
    return (value if CREDIT_CODE.match(value) else None), (value.replace("-", "") if ORG_CODE.match(value) else None)


def _portal_division(db: sqlite_utils.Database, portal: str | None) -> Division | None:
    row = db.execute("select division, region from portals where id = ?", [portal]).fetchone() if portal else None
    if row is None:
        return None
    return division(row[0]) or (split_place(squash(row[1]))[1] if row[1] else None)


def _aliases(db: sqlite_utils.Database) -> dict[str, str | None]:
    """Every registry row's aliases: name form → the body's name, or None for a body of its own."""
    found: dict[str, str | None] = {}
    for (value,) in db.execute("select aliases from portals where aliases is not null"):
        for name, same_as in json.loads(value):
            found[squash(name)] = same_as
    return found


def _read(db: sqlite_utils.Database, name: str, context: Division | None) -> tuple[NameForm, str, str | None]:
    """(name form, key, the alias's reason or None) of a name: a registry alias decides before the name's own form."""
    said = squash(name)
    aliases = _aliases(db)
    if said not in aliases:
        form = read_name(said, context)
        return form, form.key, None
    target = aliases[said]
    if target is None:
        return read_name(said, context), SEPARATE + said, f"registry alias: {said} is a body of its own"
    form = read_name(target, context)
    return form, form.key, f"registry alias: {said} is {target}"


def _same_code(db: sqlite_utils.Database, codes: list[str]) -> tuple | None:
    if not codes:
        return None
    marks = ", ".join("?" * len(codes))
    return db.execute(f"select id, name, key from agencies where credit_code in ({marks}) or org_code in ({marks})",
                      codes + codes).fetchone()


def _shared_code(db: sqlite_utils.Database, known: tuple, key: str, year: int | None) -> bool:
    """True when the agency a code names (id, name, key) has a report of that year and another key than this name's.

    Some sites print their government's code in every department's 索引号: a code under which two bodies
    report in one year names neither.
    """
    return year is not None and known[2] != key and db.execute(
        "select 1 from reports where agency_id = ? and year = ?", [known[0], year]).fetchone() is not None


def match_agency(db: sqlite_utils.Database, name: str, code: str | None, portal: str | None,
                 year: int | None = None) -> AgencyMatch:
    """Resolve a subject's name (with its page's 索引号 code, portal and year) to an agency, with the reason.

    Registry aliases first; then the same code is the same agency (unless that agency already reports that year
    under a name of another key); then the same key (region + organ after the known forms are folded) is;
    anything else is a new agency.
    """
    credit, org = code_kinds(code)
    by_code = division(CREDIT_CODE.match(credit).group(1)) if credit else None
    by_portal = _portal_division(db, portal)
    form, key, alias = _read(db, name, by_code or by_portal)
    codes = [value for value in (credit, org) if value]
    same_code = None if alias else _same_code(db, codes)
    shared = same_code is not None and _shared_code(db, same_code, key, year)
    if same_code and not shared:
        found_id, reason = same_code[0], f"same code {'/'.join(codes)} as {same_code[1]}"
    else:
        found_id = agency_id(key)
        known = db.execute("select name from agencies where id = ?", [found_id]).fetchone()
        steps = f"key {key}{': ' if form.steps else ''}{'; '.join(form.steps)}"
        reason = alias or (f"same region and organ as {known[0]} ({steps})" if known else f"new body ({steps})")
        if shared:
            reason += f"; code {'/'.join(codes)} is {same_code[1]}'s too in {year}, so it names neither"
    basis = BY_NAME if form.division else BY_CODE if by_code else BY_PORTAL if by_portal else None
    return AgencyMatch(found_id, key, form.full, form, reason, credit, org,
                       region_codes(form.division or by_code or by_portal), basis)


def name_key(db: sqlite_utils.Database, name: str | None, portal: str | None) -> str | None:
    """The key a name resolves to on a portal (its alias's when it has one), without writing anything."""
    return _read(db, name, _portal_division(db, portal))[1] if name else None


def write_agency(db: sqlite_utils.Database, match: AgencyMatch, sightings: list[dict]) -> bool:
    """Create or update the agency of a match, with the name forms seen (name, source, portal, report_id, seen_at).

    True when what its reports' cells carry of it (name, region) is new or changed.
    """
    row = db.execute("select name, names, credit_code, org_code, region_basis, key from agencies where id = ?",
                     [match.id]).fetchone()
    names = json.loads(row[1]) if row else []
    for sighting in sightings:
        if sighting["name"] not in names:
            names.append(sighting["name"])
    fields = {"names": json.dumps(names, ensure_ascii=False),
              "credit_code": (row[2] if row else None) or match.credit_code,
              "org_code": (row[3] if row else None) or match.org_code}
    if row is None:
        insert_rows(db, "agencies", [{
            "id": match.id, "key": match.key, "name": match.name, "kind": match.form.kind, "level": match.form.level,
            **match.region, "region_basis": match.region_basis, "division_data": data_version(),
            "reason": match.reason, **fields}])
        insert_rows(db, "archive_state", [{"key": DIVISION_DATA_KEY, "value": data_version()}], upsert=True)
        changed = True
    else:
        # The fullest form of the body's own key names it; a form reached by its code alone does not rename it.
        if len(match.name) > len(row[0]) and match.key == row[5]:
            fields["name"] = match.name
        if row[4] != BY_NAME and match.region_basis == BY_NAME:
            fields.update({**match.region, "region_basis": BY_NAME})
        insert_rows(db, "agencies", [{"id": match.id, **fields}], upsert=True)
        changed = "name" in fields or "region_basis" in fields
    insert_rows(db, "agency_names", ({**sighting, "agency_id": match.id, "reason": match.reason}
                                     for sighting in sightings), upsert=True)
    return changed


# What refresh_agency copies onto a report's cells; a row already carrying it is not written again.
_CELL_UPDATE = ("update cells set agency_id = :id, agency_name = :name, province_code = :province,"
                " city_code = :city, county_code = :county, scope = :scope"
                " where report_id = :report_id and (agency_id is not :id or agency_name is not :name"
                " or province_code is not :province or city_code is not :city or county_code is not :county"
                " or scope is not :scope)")


def refresh_agency(db: sqlite_utils.Database, agency: str, report_id: str | None) -> None:
    """Recount an agency's reports and portals; copy its name, region and the report's scope onto the cells of
    report_id (of every report of the agency when None). An agency left with no report is removed."""
    row = db.execute("select name, province_code, city_code, county_code from agencies where id = ?",
                     [agency]).fetchone()
    portals = [portal for (portal,) in db.execute(
        "select distinct s.portal from sources s join reports r on r.id = s.report_id where r.agency_id = ?"
        " order by s.portal", [agency])]
    reports = db.execute("select id, scope from reports where agency_id = ? and (? is null or id = ?)",
                         [agency, report_id, report_id]).fetchall()
    count = db.execute("select count(*) from reports where agency_id = ?", [agency]).fetchone()[0]
    if not count:
        db.execute("delete from agency_names where agency_id = ?", [agency])
        db.execute("delete from agencies where id = ?", [agency])
        return
    db.execute("update agencies set portals = ?, reports = ? where id = ?",
               [json.dumps(portals, ensure_ascii=False), count, agency])
    name, province, city, county = row
    for report, scope in reports:
        db.execute(_CELL_UPDATE, {"id": agency, "name": name, "province": province, "city": city, "county": county,
                                  "report_id": report, "scope": scope})
