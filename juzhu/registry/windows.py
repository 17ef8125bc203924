"""Which valid permits have their endorsement window open on a day (Art 13 para 2, R-11).

The window runs from one month before the anniversary to the anniversary itself. The
database narrows the candidates by anniversary; the exact test is the rules' month
arithmetic, which one SQL range cannot express: by the month-end rule (Civil Code
Art 202) the window of 31 March opens on 28 February, more than a month ahead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from juzhu.rules.periods import add_months

from .actions.common import rules_context
from .models import Permit

# Months are at most three days shorter than the month before them (31 Mar ← 28 Feb).
MONTH_END_SLACK = datetime.timedelta(days=3)
BATCH = 1000


def permits_in_window(queryset, on: datetime.date) -> Iterator[Permit]:
    """The valid permits of ``queryset`` whose window is open on ``on``, by anniversary,
    streamed in batches so that a whole city goes through constant memory."""
    window = rules_context().param("endorsement.window_months", on).value
    candidates = queryset.filter(
        status=Permit.Status.VALID, next_anniversary__gte=on,
        next_anniversary__lte=add_months(on, window) + MONTH_END_SLACK,
    ).order_by("next_anniversary", "pk")
    offset = 0
    while True:
        batch = list(candidates[offset:offset + BATCH])
        if not batch:
            return
        for permit in batch:
            if add_months(permit.next_anniversary, -window) <= on:
                yield permit
        offset += BATCH
