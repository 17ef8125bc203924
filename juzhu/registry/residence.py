"""Since when a person has resided in the county: the start of the half year (R-06a).

"居住地" in Art 10 is the county-level area (市区、县（市）, Art 14): a move to another
street or station of the same county (an address change, or a new registration there)
does not restart the half year; a move to another county does. So the half year runs
from the first registration of the unbroken chain of the person's registrations in the
county of ``registration``. The chain is unbroken when each earlier registration was
still active on the day the next one was declared (a move supersedes the old record on
that day); a registration cancelled earlier means the person left, and residence began
again later. Counties are compared by their current code (610928 旬阳县 is 610981).

Kept a small function so that every caller asks the same question: the decision on an
application, the intake warning (R-06b), the permit's continuous residence, and the
registration of someone already registered elsewhere (a move, R-27).
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from .actions.common import rules_context
from .models import Registration


def residence_in_county_since(registration: Registration) -> datetime.date:
    """The declared date of the first registration in this county of the unbroken chain."""
    current = rules_context().divisions.current_code
    county = current(registration.county_id)
    since = registration.declared_date
    earlier = (
        Registration.objects.filter(person_id=registration.person_id)
        .filter(Q(declared_date__lt=since) | Q(declared_date=since, pk__lt=registration.pk))
        .order_by("-declared_date", "-pk")
        .values_list("county_id", "declared_date", "cancelled_on")
    )
    for county_id, declared, cancelled in earlier.iterator():
        if current(county_id) != county or (cancelled is not None and cancelled < since):
            break
        since = declared
    return since
