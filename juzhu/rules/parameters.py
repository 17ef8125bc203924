"""Dated policy parameters, OpenFisca style.

Every number the measure sets (5 working days, half a year, 3 working days,
15 days, one month…) is a parameter with the provision it comes from and the
dates from which each value is in force. A revised measure adds a value from its
own start date; the old value stays for decisions about earlier dates.

The parameters live in YAML files beside this module (``parameters/*.yaml``)::

    registration.deadline_working_days:
      description: 到达居住地后申报居住登记的期限（工作日）
      unit: working_days
      reference:
        - {source: measure, article: 9, provision: 第一款}
      values:
        2021-01-01: 5
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import citations

PARAMETER_DIR = Path(__file__).with_name("parameters")

_SOURCES = {
    "measure": citations.measure,
    "civil_code": citations.civil_code,
}


@dataclass(frozen=True)
class Reference:
    """The provision a parameter rests on."""

    source: str
    article: int | None = None
    provision: str = ""
    title: str = ""

    @property
    def citation(self) -> str:
        if self.source in _SOURCES and self.article:
            return _SOURCES[self.source](self.article)
        return self.title

    @property
    def full(self) -> str:
        return self.citation + self.provision


@dataclass(frozen=True)
class ParameterValue:
    """A parameter's value as in force on a given day."""

    name: str
    value: Any
    since: datetime.date
    references: tuple[Reference, ...]
    precedes_first: bool = False  # the day is earlier than any recorded value

    @property
    def citations(self) -> list[str]:
        return [r.citation for r in self.references]


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    references: tuple[Reference, ...]
    starts: tuple[datetime.date, ...]
    values: tuple[Any, ...]

    def at(self, day: datetime.date) -> ParameterValue:
        """The value in force on ``day``.

        A day before the first recorded value gets the first value, flagged
        ``precedes_first``: the measure's start date is blank in the draft
        (Art 30), so earlier cases (legacy records) are still computed, and the
        decision says which version it used.
        """
        index = bisect.bisect_right(self.starts, day) - 1
        precedes = index < 0
        index = max(index, 0)
        return ParameterValue(
            self.name, self.values[index], self.starts[index], self.references, precedes
        )


class Parameters:
    """All parameters by dotted name."""

    def __init__(self, parameters: dict[str, Parameter]):
        self._parameters = parameters

    def __getitem__(self, name: str) -> Parameter:
        return self._parameters[name]

    def __iter__(self):
        return iter(sorted(self._parameters))

    def at(self, name: str, day: datetime.date) -> ParameterValue:
        return self._parameters[name].at(day)

    @classmethod
    def load(cls, directory: Path = PARAMETER_DIR) -> "Parameters":
        found: dict[str, Parameter] = {}
        for path in sorted(Path(directory).glob("*.yaml")):
            with open(path, encoding="utf-8") as handle:
                document = yaml.safe_load(handle) or {}
            for name, spec in document.items():
                if name in found:
                    raise ValueError(f"parameter {name} defined twice ({path.name})")
                found[name] = parse_parameter(name, spec)
        return cls(found)


def parse_parameter(name: str, spec: dict[str, Any]) -> Parameter:
    values = spec.get("values") or {}
    if not values:
        raise ValueError(f"parameter {name} has no values")
    ordered = sorted((_as_date(start), value) for start, value in values.items())
    references = tuple(Reference(**ref) for ref in spec.get("reference", []))
    return Parameter(
        name=name,
        description=spec.get("description", ""),
        unit=spec.get("unit", ""),
        references=references,
        starts=tuple(start for start, _ in ordered),
        values=tuple(value for _, value in ordered),
    )


def _as_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
