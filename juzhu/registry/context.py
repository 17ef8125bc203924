"""The one rules context of the whole system (R-09a, R-25a).

Shipped data (``juzhu/rules``) plus what the city administrator entered in the
database: calendar years (``CalendarYear``) and parameter values
(``ParameterValue``), merged by ``RulesContext.build``. The office, the API, the
daily job, the documents and ``juzhu rules evaluate`` all call ``rules_context()``,
so they never disagree about a date or a number.

The merged context is cached per process. Every change to an entered year or value
writes a new stamp in ``RulesVersion`` (in the same transaction, see ``changed``);
a call costs one query for the stamp and rebuilds only when it differs.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid

from juzhu import clock
from juzhu.rules import RulesContext
from juzhu.rules.calendar_store import arrangement_from_json
from juzhu.rules.parameters import Overlay, parse_entered_value

from .models import CalendarYear, ParameterValue, RulesVersion

_lock = threading.Lock()
_cached: dict = {}  # "shipped": the shipped context; "merged": (stamp, context)


def stamp() -> str:
    return RulesVersion.objects.filter(pk=1).values_list("stamp", flat=True).first() or ""


def changed() -> None:
    """Record that entered rules data changed (call inside the writing transaction)."""
    RulesVersion.objects.update_or_create(pk=1, defaults={"stamp": uuid.uuid4().hex})


def rules_context() -> RulesContext:
    """The rules with the shipped data plus the years and values entered in the database."""
    today = clock.today()
    current = stamp()
    merged = _cached.get("merged")
    if merged is None or merged[0] != current:
        with _lock:
            shipped = _cached.get("shipped") or RulesContext.default(today)
            _cached["shipped"] = shipped
            merged = (current, build(shipped))
            _cached["merged"] = merged
    context = merged[1]
    return context if context.today == today else dataclasses.replace(context, today=today)


def build(shipped: RulesContext) -> RulesContext:
    years = [
        arrangement_from_json({"year": y.year, "source": y.source, "holidays": y.holidays, "workdays": y.workdays})
        for y in CalendarYear.objects.all()
    ]
    overlays = [
        Overlay(v.name, v.valid_from, parse_entered_value(shipped.parameters[v.name], v.value), v.reference)
        for v in ParameterValue.objects.order_by("name", "valid_from")
        if v.name in shipped.parameters
    ]
    return RulesContext.build(shipped.today, years=years, overlays=overlays, base=shipped)
