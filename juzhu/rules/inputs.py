"""Reading a case: every field checked, every problem named in Chinese.

A reader collects all the errors of a case before giving up, so a clerk fixes
her form once, not field by field.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Callable, Iterable, cast

from .decision import FieldError, InvalidInput, shown

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIVISION = re.compile(r"^\d{6}$")
_MISSING = object()


class CaseReader:
    def __init__(self, case: dict[str, Any], labels: dict[str, str]):
        self.case = case
        self.labels = labels  # field → its Chinese name
        self.errors: list[FieldError] = []

    def _label(self, name: str) -> str:
        return self.labels.get(name, name)

    def _fail(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, f"{self._label(name)}{message}"))

    def _get(self, name: str, required: bool) -> Any:
        value = self.case.get(name, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self._fail(name, "必须填写")
            return _MISSING
        return value

    def date(self, name: str, required: bool = True) -> datetime.date | None:
        value = self._get(name, required)
        if value is _MISSING:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self._fail(name, f"应为 YYYY-MM-DD 格式的有效日期（{EARLIEST_YEAR}至{LATEST_YEAR}年），收到 {shown(value)}")
        return parsed

    def dates(self, name: str, required: bool = True) -> list[datetime.date]:
        value = self._get(name, required)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self._fail(name, "应为日期列表")
            return []
        parsed = []
        for index, item in enumerate(value):
            day = parse_date(item)
            if day is None:
                self._fail(
                    name,
                    f"第{index + 1}项应为 YYYY-MM-DD 格式的有效日期（{EARLIEST_YEAR}至{LATEST_YEAR}年），"
                    f"收到 {shown(item)}",
                )
            else:
                parsed.append(day)
        return parsed

    def choice(
        self, name: str, options: Iterable[str], required: bool = True, default: str | None = None
    ) -> str | None:
        value = self._get(name, required and default is None)
        if value is _MISSING:
            return default
        options = list(options)
        if value not in options:
            self._fail(name, f"取值 {shown(value)} 无效，可选：{'、'.join(options)}")
            return None
        return cast(str, value)

    def choices(self, name: str, options: Iterable[str], required: bool = True) -> list[str]:
        value = self._get(name, required)
        if value is _MISSING:
            return []
        options = list(options)
        if not isinstance(value, list):
            self._fail(name, f"应为列表，可选项：{'、'.join(options)}")
            return []
        unknown = [v for v in value if v not in options]
        if unknown:
            self._fail(name, f"含有无效取值 {shown(unknown)}，可选项：{'、'.join(options)}")
        return [v for v in dict.fromkeys(value) if v in options]

    def division(self, name: str, exists: Callable[[str], bool], required: bool = True) -> str | None:
        value = self._get(name, required)
        if value is _MISSING:
            return None
        value = str(value).strip()
        if not _DIVISION.match(value):
            self._fail(name, f"应为6位行政区划代码，收到 {shown(value)}")
            return None
        if not exists(value):
            self._fail(name, f"{value} 不是现行或曾经使用的行政区划代码（GB/T 2260）")
            return None
        return value

    def text(self, name: str, required: bool = True) -> str | None:
        value = self._get(name, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self._fail(name, "应为文本")
            return None
        return value

    def finish(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


# Dates the rules can reckon with: the calendar and the Civil Code arithmetic need
# room after a date (a year of anniversaries, a provisional calendar), and nothing
# the measure governs lies outside these years.
EARLIEST_YEAR, LATEST_YEAR = 1850, 2199


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        day = value
    elif not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        return None
    else:
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return day if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None
