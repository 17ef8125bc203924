"""Which valid permits have their endorsement window open on a day (Art 13 para 2, R-11, R-11a).

The window runs from one month before the anniversary to the anniversary itself (or the
next working day when that is a rest day, R-11a). By
the month-end rule (Civil Code Art 202) the window of 31 March opens on 28 February,
more than a month ahead. Still, the anniversaries whose window is open on a day form
one range: "a month before" never moves backwards as the anniversary moves forwards,
so the range runs from the day itself to the last anniversary whose month-before is
not after it. That range is computed here with the rules' month arithmetic, and the
database does the rest with an index on (county, town, status, next_anniversary).
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from juzhu.rules.determinations.endorsement import window_end
from juzhu.rules.periods import add_months

from .actions.common import rules_context
from .models import Permit

ONE_DAY = datetime.timedelta(days=1)


def anniversaries_in_window(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last anniversary whose endorsement window is open on ``on``.

    The first: a window ends on the anniversary or, when that is a rest day, on the next
    working day (R-11a), so every anniversary after the last working day before ``on``
    still has its window open (e.g. on Thu 9 Oct 2025 the anniversaries 1-8 Oct).
    """
    ctx = rules_context()
    months = ctx.param("endorsement.window_months", on).value
    last = add_months(on, months)  # its month-before is never after ``on``
    while add_months(last + ONE_DAY, -months) <= on:  # month ends: 28 Feb opens up to 31 Mar
        last += ONE_DAY
    first = on
    while window_end(ctx, first - ONE_DAY).date >= on:
        first -= ONE_DAY
    return first, last


def permits_in_window(queryset, on: datetime.date) -> QuerySet:
    """The valid permits of ``queryset`` whose window is open on ``on``, by anniversary."""
    return queryset.filter(status=Permit.Status.VALID, next_anniversary__range=anniversaries_in_window(on)).order_by(
        "next_anniversary", "pk"
    )
