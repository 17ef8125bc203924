"""Calendar administration (city administrator): see a year, enter its official arrangement,
and see which open cases the last entry of the year moved (R-09a)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse

from juzhu.audit.events import Event
from juzhu.audit.models import AuditEntry
from juzhu.registry.actions import enter_calendar_year
from juzhu.registry.actions.calendar import FIRST_YEAR, LAST_YEAR, YEAR_RANGE_MESSAGE
from juzhu.registry.actions.common import rules_context

from ..forms import CalendarYearForm
from .common import done, run_action


@login_required
@permission_required("registry.manage_calendar", raise_exception=True)
def year(request, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return render(request, "office/error.html", {"message": YEAR_RANGE_MESSAGE}, status=404)
    calendar = rules_context().calendar
    arrangement = calendar.arrangement(year)
    initial = {
        "source": arrangement.source if arrangement.official else "",
        "holidays": "\n".join(f"{d.isoformat()} {n}" for d, n in sorted(arrangement.holidays.items())),
        "workdays": "\n".join(f"{d.isoformat()} {n}" for d, n in sorted(arrangement.workdays.items())),
    }
    form = CalendarYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry = run_action(
            request, form, lambda: enter_calendar_year(acting_user=request.user, year=year, **form.command.arguments())
        )
        if entry:
            moved = entry.recomputed
            return done(
                request,
                f"{year}年放假安排已录入，该年度的期限不再是推算的。重新计算后期限变动："
                f"申领 {len(moved.applications)} 件、居住登记 {len(moved.registrations)} 件；"
                f"撤销超期记录 {len(moved.flags_withdrawn)} 条（明细见下方）。",
                reverse("calendar", args=[year]),
            )
    years = range(rules_context().today.year - 1, rules_context().today.year + 3)
    return render(
        request,
        "office/calendar.html",
        {
            "year": year,
            "arrangement": arrangement,
            "form": form,
            "years": years,
            "official": {y: calendar.is_official(y) for y in years},
            "last_entry": _last_entry(year),
        },
    )


def _last_entry(year: int):
    """The last entry of ``year`` with what it recomputed (its audit entry is the record)."""
    return (
        AuditEntry.objects.filter(
            action__in=[Event.CALENDAR_ENTER, Event.CALENDAR_CORRECT],
            object_type="registry.CalendarYear",
            object_id=str(year),
        )
        .order_by("-id")
        .first()
    )
