"""The one rules context of the whole system (R-09a, R-25a).

Shipped data (``juzhu/rules``) plus what the city administrator entered in the
database: calendar years (``CalendarYear``) and parameter values
(``ParameterValue``), merged by ``RulesContext.build``. The office, the API, the
daily job, the documents and ``juzhu rules evaluate`` all call ``rules_context()``,
so they never disagree about a date or a number.

The merged context is cached per process. Every change to an entered year or value
writes a new stamp in ``RulesVersion`` (in the same transaction, see ``changed``);
a call costs one query for the stamp and rebuilds only when it differs. Inside a request
the stamp is read once (the first call) and kept until the request ends, so a request sees
one version of the rules however many times it asks (the card check asked twice) and pays
one query; a change made in the same request (``changed``) is read at the next call.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid

from django.core.signals import request_finished, request_started
from django.db import connection

from juzhu import clock
from juzhu.rules import RulesContext
from juzhu.rules.calendar_store import arrangement_from_json
from juzhu.rules.parameters import Overlay, parse_entered_value

from .models import CalendarYear, ParameterValue, RulesVersion

_lock = threading.Lock()
_cached: dict = {}  # "shipped": the shipped context; "merged": (stamp, context)
_request = threading.local()  # .stamp: the stamp read in the current request (None: read it)


def stamp() -> str:
    """The current stamp: one plain SELECT by primary key, without the ORM's query building
    (on the public card check that building cost more than the query itself)."""
    table = connection.ops.quote_name(RulesVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stamp FROM {table} WHERE id = %s", [1])  # noqa: S608 (a model's table name)
        row = cursor.fetchone()
    return str(row[0]) if row and row[0] else ""


def changed() -> None:
    """Record that entered rules data changed (call inside the writing transaction)."""
    RulesVersion.objects.update_or_create(pk=1, defaults={"stamp": uuid.uuid4().hex})
    _request.stamp = None  # this request reads the new stamp at its next call


def _request_stamp() -> str:
    """The stamp, read once per request; outside a request (jobs, commands, tests), every call."""
    current = getattr(_request, "stamp", None)
    if current is None:
        current = stamp()
        if getattr(_request, "active", False):
            _request.stamp = current
    return current


def _request_began(**kwargs: object) -> None:
    _request.active, _request.stamp = True, None


def _request_ended(**kwargs: object) -> None:
    _request.active, _request.stamp = False, None


request_started.connect(_request_began, dispatch_uid="juzhu.rules_context.request_started")
request_finished.connect(_request_ended, dispatch_uid="juzhu.rules_context.request_finished")


def rules_context() -> RulesContext:
    """The rules with the shipped data plus the years and values entered in the database."""
    today = clock.today()
    current = _request_stamp()
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
