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
        if self.level == "county" and not _placeholder_prefecture(self.prefecture):
            parts.append(self.prefecture)
        if self.level != "province":
            parts.append(self.name)
        return "".join(p for i, p in enumerate(parts) if p and p not in parts[:i])

    def period(self) -> str:
        start = str(self.valid_from) if self.valid_from else ""
        end = str(self.valid_to) if self.valid_to else ""
        return f"{start}-{end}" if start or end else ""


def _placeholder_prefecture(name: str) -> bool:
    """市辖区, 县 and the 省直辖… groupings are not part of a place's name."""
    return name in ("", "市辖区", "县") or "直辖" in name


@dataclass(frozen=True)
class Succession:
    """``old_code`` continued as ``new_code`` from ``year`` (same county)."""

    old_code: str
    new_code: str
    year: int


class DivisionTable:
    def __init__(self, divisions: list[Division], successions: list[Succession]):
        self._by_code: dict[str, list[Division]] = {}
        for division in divisions:
            self._by_code.setdefault(division.code, []).append(division)
        for entries in self._by_code.values():
            entries.sort(key=lambda d: (d.valid_to is None, d.valid_to or 0, d.valid_from or 0))
        self._successions: dict[str, list[Succession]] = {}
        for succession in successions:
            self._successions.setdefault(succession.old_code, []).append(succession)

    def codes(self) -> list[str]:
        return sorted(self._by_code)

    def exists(self, code: str) -> bool:
        """Whether the code exists now or existed at some time."""
        return code in self._by_code

    def lookup(self, code: str) -> Division | None:
        """The code's latest meaning (the current one when it is still in use)."""
        entries = self._by_code.get(code)
        return entries[-1] if entries else None

    def current_code(self, code: str) -> str:
        """The code the same county has today, following recorded successions.

        A code still in use means today's county (232701 is 漠河市 now, whatever it
        meant before 2018). A code reused over time (some Zhejiang codes of 1981-82)
        is read in its latest meaning; a chain only moves forward in time and never
        revisits a code, so the lookup always ends.
        """
        since, seen = 0, {code}
        while True:
            entry = self.lookup(code)
            if entry is not None and entry.current:
                return code
            later = [s for s in self._successions.get(code, []) if s.year >= since]
            if not later:
                return code
            step = max(later, key=lambda s: s.year)
            if step.new_code in seen:
                return code
            seen.add(step.new_code)
            code, since = step.new_code, step.year

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
        successions = [Succession(row["old_code"], row["new_code"], int(row["year"])) for row in csv.DictReader(handle)]
    return DivisionTable(divisions, successions)
