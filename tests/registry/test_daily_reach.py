"""The daily job reads only the applications it may flag or remind (issue 9, Speed): the
reach it computes must hold every due date at most one working day away."""

from __future__ import annotations

import datetime

import pytest

from juzhu.registry.actions.common import rules_context
from juzhu.registry.jobs.daily import _last_day_due_soon

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "on",
    ["2026-09-29", "2026-09-30", "2026-10-01", "2026-02-13", "2026-11-26", "2026-11-27", "2026-11-28", "2026-12-31"],
)
def test_the_reach_is_the_last_due_date_one_working_day_away(on):
    calendar, day = rules_context().calendar, datetime.date.fromisoformat(on)
    due_soon = [
        day + datetime.timedelta(days=n)
        for n in range(40)
        if calendar.working_days_between(day, day + datetime.timedelta(days=n)) <= 1
    ]
    assert _last_day_due_soon(calendar, day) == max(due_soon)
