"""The working-day calendar: which days the offices work.

Working days follow the official national arrangement: Monday to Friday work,
Saturday and Sunday rest, except the holidays and the adjusted working days
(调休) that the State Council's notice for each year declares. A year whose notice
has been entered is *official*. A year without one is computed from weekends and
the fixed statutory holidays (parameter ``calendar.statutory_holidays``) and is
*provisional*: every reckoning that consulted it says so, because the real notice
may move a deadline.

This module is pure: arrangements come in as data (see ``calendar_store`` for
where they are kept and how an administrator adds a year).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from .parameters import Parameter
from .provisional_holidays import statutory_holidays_of

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class YearArrangement:
    """The holidays and adjusted working days of one year, and where they come from."""

    year: int
    holidays: dict[datetime.date, str]
    workdays: dict[datetime.date, str]
    source: str
    official: bool

    def __post_init__(self) -> None:
        for day in list(self.holidays) + list(self.workdays):
            if day.year != self.year:
                raise ValueError(f"{day} 不在 {self.year} 年内")
        both = set(self.holidays) & set(self.workdays)
        if both:
            raise ValueError(f"{sorted(both)[0]} 不能既是节假日又是调休工作日")


@dataclass(frozen=True)
class Reckoned:
    """A date found by counting, and whether a provisional year was consulted."""

    date: datetime.date
    provisional_years: frozenset[int] = field(default_factory=frozenset)

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


class WorkCalendar:
    def __init__(self, official: dict[int, YearArrangement], statutory_holidays: Parameter):
        self._official = dict(official)
        self._statutory = statutory_holidays
        self._provisional = lru_cache(maxsize=None)(self._compute_provisional)

    @property
    def official_years(self) -> list[int]:
        return sorted(self._official)

    def is_official(self, year: int) -> bool:
        return year in self._official

    def arrangement(self, year: int) -> YearArrangement:
        if year in self._official:
            return self._official[year]
        return self._provisional(year)

    def _compute_provisional(self, year: int) -> YearArrangement:
        rules = self._statutory.at(datetime.date(year, 1, 1)).value
        return YearArrangement(
            year=year,
            holidays=statutory_holidays_of(year, rules),
            workdays={},
            source="推算：周末及法定节假日（未录入当年国务院放假安排通知，不含调休）",
            official=False,
        )

    def is_working_day(self, day: datetime.date) -> bool:
        arrangement = self.arrangement(day.year)
        if day in arrangement.workdays:
            return True
        if day in arrangement.holidays:
            return False
        return day.weekday() < 5

    def describe(self, day: datetime.date) -> str:
        """The day's kind in words, for reasons shown to a resident."""
        arrangement = self.arrangement(day.year)
        if day in arrangement.workdays:
            return f"调休工作日（{arrangement.workdays[day]}）"
        if day in arrangement.holidays:
            return f"法定节假日（{arrangement.holidays[day]}）"
        return "工作日" if day.weekday() < 5 else "休息日（周末）"

    def _note(self, day: datetime.date, years: set[int]) -> None:
        if not self.is_official(day.year):
            years.add(day.year)

    def add_working_days(self, start: datetime.date, count: int) -> Reckoned:
        """The ``count``-th working day after ``start`` (``start`` itself not counted,
        Civil Code Art 201). ``count`` must be positive."""
        if count < 1:
            raise ValueError("count must be positive")
        years: set[int] = set()
        day, counted = start, 0
        while counted < count:
            day += ONE_DAY
            self._note(day, years)
            if self.is_working_day(day):
                counted += 1
        return Reckoned(day, frozenset(years))

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when
        ``end`` is earlier: the count of working days overdue)."""
        if end < start:
            return -self.working_days_between(end, start)
        day, counted = start, 0
        while day < end:
            day += ONE_DAY
            counted += self.is_working_day(day)
        return counted

    def roll_forward(self, day: datetime.date) -> Reckoned:
        """``day`` if it is a working day, else the next working day (Civil Code Art 203)."""
        years: set[int] = set()
        self._note(day, years)
        while not self.is_working_day(day):
            day += ONE_DAY
            self._note(day, years)
        return Reckoned(day, frozenset(years))
