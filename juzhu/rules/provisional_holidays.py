"""The fixed statutory holidays of a year, for a provisional calendar.

Lunar dates come from ``lunardate`` and the 清明 solar term from
``chinese_calendar``'s formula; neither library knows future State Council
notices, which is why a year computed here is provisional.
"""

from __future__ import annotations

import datetime
from typing import Any

from chinese_calendar import get_solar_terms
from lunardate import LunarDate


def statutory_holidays_of(year: int, rules: list[dict[str, Any]]) -> dict[datetime.date, str]:
    """Map each rest day the statutory holidays give ``year`` to the holiday's name."""
    days: dict[datetime.date, str] = {}
    for rule in rules:
        first = _first_day(year, rule)
        if first is None:
            continue
        for i in range(rule.get("days", 1)):
            day = first + datetime.timedelta(days=i)
            if day.year == year:
                days[day] = rule["name"]
    return days


def _first_day(year: int, rule: dict[str, Any]) -> datetime.date | None:
    kind = rule["kind"]
    offset = datetime.timedelta(days=rule.get("offset", 0))
    if kind == "solar":
        return datetime.date(year, rule["month"], rule["day"]) + offset
    if kind == "lunar":
        try:
            solar: datetime.date = LunarDate(year, rule["month"], rule["day"]).to_solar_date()
        except ValueError:  # outside lunardate's range (1900-2099)
            return None
        return solar + offset
    if kind == "solar_term":
        try:
            terms: list[tuple[datetime.date, str]] = get_solar_terms(
                datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            )
        except NotImplementedError:  # outside 1900-2100
            return None
        for day, name in terms:
            if name == rule["term"]:
                return day + offset
        return None
    raise ValueError(f"unknown holiday kind {kind!r}")
