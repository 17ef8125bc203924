"""Period arithmetic per the Civil Code (民法典 第二百零一条至第二百零四条).

- Art 201: a period counted in days, months or years starts on the day after the
  event; the event's own day is not counted.
- Art 202: a period in months or years ends on the corresponding day of the last
  month, or on the month's last day where there is no corresponding day.
- Art 203: when the last day is a statutory rest day, the period ends on the day
  after the rest ends (see ``WorkCalendar.roll_forward``).
- Art 1259: 以上、以下、以内、届满 include the number itself.

The functions here do not look at the calendar; working days are the calendar's
business.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The corresponding day ``months`` later (or earlier when negative), or the last
    day of that month where it has no corresponding day (Civil Code Art 202).

    Always computed from the original date: 31 Jan + 1 month is 28/29 Feb, and
    31 Jan + 2 months is 31 Mar (not 28 Mar).
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _gregorian.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last))


def add_years(start: datetime.date, years: int) -> datetime.date:
    """Anniversary ``years`` later: 29 Feb falls on 28 Feb in common years."""
    return add_months(start, 12 * years)


def add_days(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of ``days`` days begun by an event on ``start``:
    the event's day is not counted (Art 201), so day 1 is the next day."""
    return start + datetime.timedelta(days=days)


def whole_years_between(start: datetime.date, end: datetime.date) -> int:
    """How many full years have been completed from ``start`` to ``end``.

    A year is complete on its anniversary (the corresponding day, Art 202), which
    is "居住每满1年之日" of Art 13.
    """
    if end < start:
        return 0
    years = end.year - start.year
    while years > 0 and add_years(start, years) > end:
        years -= 1
    return years
