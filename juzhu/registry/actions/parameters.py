"""The city administrator enters a policy parameter's value from its own date (R-25, R-25a).

When the measure expires (Art 30) the successor measure's values, or those of the State
Council 《居住证暂行条例》 (e.g. 15 days to issue), are entered as data: they join the
shipped values of ``juzhu/rules/parameters/*.yaml`` from their date, for every surface
(``juzhu.registry.context``), without a release. A later ``measure.valid_until`` from
the successor's start date lifts ``measure_expired`` from that date.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.rules.parameters import parse_entered_value

from ..commands import SetParameterValue
from ..events import emit
from ..events import payloads as p
from ..models import ParameterValue
from .common import ActionError, one_moment, require, rules_context
from .recompute import Recomputed, recompute_since


@one_moment
def set_parameter_value(
    *, acting_user: User, name: str, valid_from: datetime.date | str, value: object, reference: str
) -> ParameterValue:
    """Enter (or correct) ``name``'s value in force from ``valid_from``; the shipped history stays."""
    require(acting_user, "manage_calendar")  # the city administrator's policy data (roles: CITY_ADMIN)
    shipped = rules_context().parameters
    name = (name or "").strip()
    if name not in shipped:
        raise ActionError(f"没有名为 {name or '（空）'} 的政策参数", field="name")
    if not isinstance(valid_from, datetime.date):
        try:
            valid_from = datetime.date.fromisoformat(str(valid_from).strip())
        except ValueError:
            raise ActionError("施行日期应为 YYYY-MM-DD 格式的日期", field="valid_from") from None
    reference = SetParameterValue.check(value=value, reference=reference).reference
    try:
        parsed = parse_entered_value(shipped[name], value)
    except ValueError as exc:
        raise ActionError(str(exc), field="value") from None
    stored = parsed.isoformat() if isinstance(parsed, datetime.date) else parsed
    now = clock.now()
    with transaction.atomic():
        # Locked get_or_create: a concurrent entry of the same value waits for this one, and the
        # same entry again (a double submit) answers the same and writes nothing (issue 8, finding 3).
        entry, created = ParameterValue.objects.select_for_update().get_or_create(
            name=name, valid_from=valid_from, defaults=dict(value=stored, reference=reference, entered_by=acting_user)
        )
        earlier = None
        if not created:
            if (entry.value, entry.reference) == (stored, reference):
                entry.recomputed = Recomputed(valid_from.year, parameter=name)  # type: ignore[attr-defined]  # nothing moved
                return entry
            earlier = ParameterValue(value=entry.value)
            entry.value, entry.reference, entry.entered_by = stored, reference, acting_user
            entry.save()
        # the save stamps a new rules version (signals): every surface uses the value from its date,
        # and the open cases already decided under the old value from that date are recomputed (R-09a)
        recomputed = recompute_since(acting_user, name, valid_from, now)
        emit(
            Event.PARAMETER_SET if created else Event.PARAMETER_CORRECT,
            actor=acting_user,
            subject=entry,
            purpose="录入政策参数",
            moment=now,
            payload=p.ParameterEntered(
                name=name,
                valid_from=valid_from,
                value=stored,
                reference=reference,
                previous=earlier.value if earlier else None,
                recomputed=recomputed.summary(),
            ),
        )
    entry.recomputed = recomputed  # type: ignore[attr-defined]  # an answer for the caller: what moved
    return entry
