"""The city administrator enters a year's official holiday arrangement (R-03, R-09, R-09a).

Entering (or correcting) a year recomputes, in the same transaction, every open case
whose dates were counted through it (``recompute``), and withdraws the "missed
deadline" flags the official calendar disproves.
"""

from __future__ import annotations

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.rules.calendar_store import arrangement_from_json, arrangement_to_json

from ..commands import EnterCalendarYear
from ..events import emit
from ..events import payloads as p
from ..models import CalendarYear
from .common import ActionError, one_moment, require, rules_context
from .recompute import Recomputed, recompute_year

# The years a calendar can be shown or entered for (the API's path and the office's page too).
FIRST_YEAR, LAST_YEAR = 1900, 2199
YEAR_RANGE_MESSAGE = f"年度应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间"


@one_moment
def enter_calendar_year(
    *, acting_user: User, year: int, source: str, holidays: dict[str, str], workdays: dict[str, str]
) -> CalendarYear:
    """Enter (or correct) one year; from now on every deadline in it is official, not provisional."""
    require(acting_user, "manage_calendar")
    if not (isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR):
        raise ActionError(YEAR_RANGE_MESSAGE, field="year")
    command = EnterCalendarYear.check(source=source, holidays=holidays, workdays=workdays)
    source, holidays, workdays = command.source, command.holidays, command.workdays
    try:
        arrangement = arrangement_from_json(
            {"year": year, "source": source, "holidays": holidays, "workdays": workdays}
        )
    except ValueError as exc:
        raise ActionError(str(exc), field="holidays") from None
    data = arrangement_to_json(arrangement)
    values = dict(source=source.strip(), holidays=data["holidays"], workdays=data["workdays"], entered_by=acting_user)
    now = clock.now()
    with transaction.atomic():
        before = rules_context()
        # Locked get_or_create: a concurrent entry of the same year waits for this one; the same
        # entry again (a double submit) answers the same and writes nothing.
        entry, created = CalendarYear.objects.select_for_update().get_or_create(year=year, defaults=values)
        if not created:
            if (entry.source, entry.holidays, entry.workdays) == (values["source"], data["holidays"], data["workdays"]):
                entry.recomputed = Recomputed(year)  # type: ignore[attr-defined]  # nothing moved
                return entry
            for key, value in values.items():
                setattr(entry, key, value)
            entry.save()
        # the save stamps a new rules version (signals), so rules_context() now has the year
        after = rules_context()
        recomputed = recompute_year(acting_user, year, before, after, now)
        emit(
            Event.CALENDAR_ENTER if created else Event.CALENDAR_CORRECT,
            actor=acting_user,
            subject=entry,
            purpose="录入工作日历",
            moment=now,
            payload=p.CalendarEntered(
                year=year,
                holidays=len(data["holidays"]),
                workdays=len(data["workdays"]),
                recomputed=recomputed.summary(),
            ),
        )
    entry.recomputed = recomputed  # type: ignore[attr-defined]  # an answer for the caller: what moved
    return entry
