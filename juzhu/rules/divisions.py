"""GB/T 2260 administrative divisions, with their history.

The table keeps codes that no longer exist, because ID numbers and old hukou
books still carry them (R-04), and records successions where one county went on
under a new code (R-01): 612429 旬阳县 (安康地区) → 610928 旬阳县 (2000) →
610981 旬阳市 (2021) are one county. The data is shipped in ``data/`` with its
source (``data/DIVISIONS_SOURCE.md``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province / prefecture / county
    valid_from: int | None  # year; None: before the records
    valid_to: int | None  # year; None: still in use
    province: str
    prefecture: str

    @property
    def current(self) -> bool:
        return self.valid_to is None

    @property
    def full_name(self) -> str:
        parts = [self.province]
        if self.level == "county" and self.prefecture not in ("", "市辖区", "县", "省直辖县级行政区划"):
            parts.append(self.prefecture)
        if self.level != "province":
            parts.append(self.name)
        return "".join(p for i, p in enumerate(parts) if p and p not in parts[:i])

    def period(self) -> str:
        start = str(self.valid_from) if self.valid_from else ""
        end = str(self.valid_to) if self.valid_to else ""
        return f"{start}-{end}" if start or end else ""


class DivisionTable:
    def __init__(self, divisions: list[Division], successions: dict[str, str]):
        self._by_code: dict[str, list[Division]] = {}
        for division in divisions:
            self._by_code.setdefault(division.code, []).append(division)
        for entries in self._by_code.values():
            entries.sort(key=lambda d: (d.valid_to is None, d.valid_to or 0, d.valid_from or 0))
        self._successor = successions

    def exists(self, code: str) -> bool:
        """Whether the code exists now or existed at some time."""
        return code in self._by_code

    def lookup(self, code: str) -> Division | None:
        """The code's latest meaning (the current one when it is still in use)."""
        entries = self._by_code.get(code)
        return entries[-1] if entries else None

    def successor(self, code: str) -> str | None:
        return self._successor.get(code)

    def current_code(self, code: str) -> str:
        """Follow recorded successions to the code the same county has today."""
        seen = {code}
        while code in self._successor:
            code = self._successor[code]
            if code in seen:  # a cycle in hand-edited data must not hang a decision
                break
            seen.add(code)
        return code

    def same_county(self, a: str, b: str) -> bool:
        return self.current_code(a) == self.current_code(b)

    @classmethod
    def load(cls, directory: Path = DATA_DIR) -> "DivisionTable":
        return _load(str(directory))


@lru_cache(maxsize=4)
def _load(directory: str) -> DivisionTable:
    folder = Path(directory)
    with open(folder / "divisions.csv", encoding="utf-8", newline="") as handle:
        divisions = [
            Division(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                valid_from=int(row["valid_from"]) if row["valid_from"] else None,
                valid_to=int(row["valid_to"]) if row["valid_to"] else None,
                province=row["province"],
                prefecture=row["prefecture"],
            )
            for row in csv.DictReader(handle)
        ]
    with open(folder / "division_successions.csv", encoding="utf-8", newline="") as handle:
        successions = {row["old_code"]: row["new_code"] for row in csv.DictReader(handle)}
    return DivisionTable(divisions, successions)
