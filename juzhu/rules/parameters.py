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
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

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
class Overlay:
    """A value an administrator entered from its own date (the successor measure's, or the
    State Council regulation's), kept as data beside the shipped YAML (R-25, R-25a)."""

    name: str
    since: datetime.date
    value: Any
    reference: str  # the provision it rests on, as the administrator wrote it


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    references: tuple[Reference, ...]
    starts: tuple[datetime.date, ...]
    values: tuple[Any, ...]
    # Per value: the provision an entered value rests on (None: the parameter's own references).
    value_references: tuple[tuple[Reference, ...] | None, ...] = ()

    def with_overlays(self, overlays: "list[Overlay]") -> "Parameter":
        """This parameter with entered values added; an entry replaces a value of the same date."""
        merged = {
            start: (value, self._references_of(i))
            for i, (start, value) in enumerate(zip(self.starts, self.values, strict=True))
        }
        for entry in overlays:
            merged[entry.since] = (entry.value, (Reference(source="entered", title=entry.reference),))
        ordered = sorted(merged.items())
        return Parameter(
            self.name,
            self.description,
            self.unit,
            self.references,
            tuple(s for s, _ in ordered),
            tuple(v for _, (v, _) in ordered),
            tuple(r if r != self.references else None for _, (_, r) in ordered),
        )

    def _references_of(self, index: int) -> tuple[Reference, ...]:
        own = self.value_references[index] if index < len(self.value_references) else None
        return self.references if own is None else own

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
        return ParameterValue(self.name, self.values[index], self.starts[index], self._references_of(index), precedes)


class Parameters:
    """All parameters by dotted name."""

    def __init__(self, parameters: dict[str, Parameter]):
        self._parameters = parameters

    def __getitem__(self, name: str) -> Parameter:
        return self._parameters[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._parameters))

    def __contains__(self, name: str) -> bool:
        return name in self._parameters

    def at(self, name: str, day: datetime.date) -> ParameterValue:
        return self._parameters[name].at(day)

    def overlaid(self, overlays: "list[Overlay]") -> "Parameters":
        """These parameters with the values entered as data (unknown names are refused)."""
        by_name: dict[str, list[Overlay]] = {}
        for entry in overlays:
            if entry.name not in self._parameters:
                raise ValueError(f"没有名为 {entry.name} 的政策参数")
            by_name.setdefault(entry.name, []).append(entry)
        if not by_name:
            return self
        merged = dict(self._parameters)
        for name, entries in by_name.items():
            merged[name] = merged[name].with_overlays(entries)
        return Parameters(merged)

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


# What a value of each unit must look like, so an entered value cannot break a determination.
_NUMBER_UNITS = {"working_days", "days", "months", "minutes", "seconds", "count", "bytes", "pixels"}


def parse_entered_value(parameter: Parameter, raw: Any) -> Any:
    """An administrator's value for ``parameter``, checked against its type.

    ``raw`` is text (a form, the command line) or already parsed JSON (the API).
    Raises ValueError with a message for the administrator.
    """
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            raise ValueError("请填写参数值")
        if parameter.unit in _NUMBER_UNITS or parameter.unit == "date" or parameter.unit in ("text", "code"):
            raw = text
        else:
            try:
                raw = json.loads(text)
            except json.JSONDecodeError:
                example = json.dumps(parameter.values[-1], ensure_ascii=False, default=str)
                raise ValueError(f"参数 {parameter.name} 的值应为 JSON（如 {example}）") from None
    if parameter.unit in _NUMBER_UNITS:
        try:
            number = int(str(raw))
        except ValueError:
            raise ValueError(f"参数 {parameter.name} 的值应为正整数（{parameter.unit}）") from None
        if number < 1 or str(number) != str(raw).strip():
            raise ValueError(f"参数 {parameter.name} 的值应为正整数（{parameter.unit}）")
        return number
    if parameter.unit == "date":
        try:
            return _as_date(raw)
        except (TypeError, ValueError):
            raise ValueError(f"参数 {parameter.name} 的值应为 YYYY-MM-DD 格式的日期") from None
    if parameter.unit in ("text", "code"):
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(f"参数 {parameter.name} 的值应为文字")
        return raw.strip()
    model = parameter.values[-1]
    if type(raw) is not type(model) or (isinstance(model, dict) and set(raw) != set(model)):
        raise ValueError(
            f"参数 {parameter.name} 的值应与现行值结构相同：{json.dumps(model, ensure_ascii=False, default=str)}"
        )
    return raw
