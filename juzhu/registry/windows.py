"""Which valid permits have their endorsement window open on a day (Art 13 para 2, R-11).

The window runs from one month before the anniversary to the anniversary itself. By
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

from juzhu.rules.periods import add_months

from .actions.common import rules_context
from .models import Permit

ONE_DAY = datetime.timedelta(days=1)


def anniversaries_in_window(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last anniversary whose endorsement window is open on ``on``."""
    months = rules_context().param("endorsement.window_months", on).value
    last = add_months(on, months)  # its month-before is never after ``on``
    while add_months(last + ONE_DAY, -months) <= on:  # month ends: 28 Feb opens up to 31 Mar
        last += ONE_DAY
    return on, last


def permits_in_window(queryset, on: datetime.date) -> QuerySet:
    """The valid permits of ``queryset`` whose window is open on ``on``, by anniversary."""
    return queryset.filter(status=Permit.Status.VALID,
                           next_anniversary__range=anniversaries_in_window(on)).order_by("next_anniversary", "pk")
