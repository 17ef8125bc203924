"""Loading divisions and units from the shipped data (or an administrator's CSV).

Both loaders are idempotent upserts, so they can run at every deployment.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from juzhu.rules.divisions import DivisionTable

DATA_DIR = Path(__file__).parent / "data"
TOWNS_CSV = DATA_DIR / "ankang_towns.csv"
UNITS_CSV = DATA_DIR / "ankang_units.csv"


def division_rows(towns_csv: Path = TOWNS_CSV) -> list[dict]:
    """One row per code: county level and above from the rules' GB/T 2260 table
    (latest meaning of each code), then the city's towns and streets."""
    table = DivisionTable.load()
    rows = []
    for code in table.codes():
        division = table.lookup(code)
        if division.level == "province":
            parent = None
        elif division.level == "prefecture":
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00" if table.exists(code[:4] + "00") else code[:2] + "0000"
        current = table.current_code(code)
        rows.append(
            dict(
                code=code,
                name=division.name,
                full_name=division.full_name,
                level=division.level,
                parent_id=parent if parent and table.exists(parent) else None,
                current=division.current,
                successor_id=current if current != code else None,
            )
        )
    with open(towns_csv, encoding="utf-8", newline="") as handle:
        for town in csv.DictReader(handle):
            county = table.lookup(town["county_code"])
            rows.append(
                dict(
                    code=town["code"],
                    name=town["name"],
                    full_name=county.full_name + town["name"],
                    level="town",
                    parent_id=town["county_code"],
                    current=True,
                    successor_id=None,
                )
            )
    return rows


def load_divisions(Division, towns_csv: Path = TOWNS_CSV) -> int:
    """Upsert every division; ``Division`` is the model (historical in a migration)."""
    rows = division_rows(towns_csv)
    with transaction.atomic():
        Division.objects.bulk_create(
            [Division(**row) for row in rows],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "full_name", "level", "parent", "current", "successor"],
        )
    return len(rows)


class UnitFileError(ValueError):
    """A unit CSV that would leave the organisation inconsistent; nothing was written."""


def load_units(path: Path = UNITS_CSV) -> int:
    """Upsert units from a CSV (format: juzhu/org/data/README.md) after checking it whole."""
    from .models import Division, Unit

    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    _check_units(rows, Division)
    with transaction.atomic():
        by_code = {}
        for row in rows:
            unit, _ = Unit.objects.update_or_create(
                code=row["code"],
                defaults=dict(
                    name=row["name"],
                    kind=row["kind"],
                    county_id=row["county_code"] or None,
                    illustrative=row.get("illustrative", "").strip().lower() == "yes",
                ),
            )
            by_code[unit.code] = unit
        for row in rows:
            unit = by_code[row["code"]]
            parent_code = row["parent_code"].strip()
            unit.parent = by_code.get(parent_code) or (Unit.objects.get(code=parent_code) if parent_code else None)
            unit.save(update_fields=["parent"])
            unit.towns.set([t for t in row["towns"].split(";") if t.strip()])
    return len(rows)


def _check_units(rows: list[dict], Division) -> None:
    from .models import Unit

    problems = []
    codes = [r["code"] for r in rows]
    if len(codes) != len(set(codes)):
        problems.append("单位编码重复")
    kinds = set(Unit.Kind.values)
    known_divisions = set(Division.objects.values_list("code", flat=True))
    for number, row in enumerate(rows, start=2):
        if row["kind"] not in kinds:
            problems.append(f"第{number}行：类别 {row['kind']!r} 无效")
        if row["county_code"] and row["county_code"] not in known_divisions:
            problems.append(f"第{number}行：县级区划 {row['county_code']} 不存在")
        parent = row["parent_code"].strip()
        if parent and parent not in codes and not Unit.objects.filter(code=parent).exists():
            problems.append(f"第{number}行：上级单位 {parent} 不存在")
        for town in filter(None, (t.strip() for t in row["towns"].split(";"))):
            if town not in known_divisions:
                problems.append(f"第{number}行：乡镇街道 {town} 不存在")
            elif not town.startswith(row["county_code"] or "-"):
                problems.append(f"第{number}行：乡镇街道 {town} 不在本单位所属县级区划内")
    served = [t for r in rows if r["kind"] == "station" for t in r["towns"].split(";") if t.strip()]
    twice = sorted({t for t in served if served.count(t) > 1})
    if twice:
        problems.append(f"乡镇街道由多个派出所负责：{'、'.join(twice)}")
    if problems:
        raise UnitFileError("；".join(problems))
