"""The one rules context of the whole system (R-09a, R-25a).

Shipped data (``juzhu/rules``) plus what the city administrator entered in the
database: calendar years (``CalendarYear``) and parameter values
(``ParameterValue``), merged by ``RulesContext.build``. The office, the API, the
daily job, the documents and ``juzhu rules evaluate`` all call ``rules_context()``,
so they never disagree about a date or a number.

The merged context is cached per process. Every change to an entered year or value
writes a new stamp in ``RulesVersion`` (in the same transaction, see ``changed``);
a call costs one query for the stamp (one plain SELECT) and rebuilds only when it differs.
Inside a ``one_version()`` scope (a request: ``RulesPerRequest``; an action: ``one_moment``)
the stamp is read once and remembered, so a request runs at most one version query however
often it asks, and none of the calendar or parameter tables while the cache is warm;
``changed`` forgets it, so a request that enters a year sees the year at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection
from django.db.models import Subquery

from juzhu import clock
from juzhu.rules import RulesContext
from juzhu.rules.calendar_store import arrangement_from_json
from juzhu.rules.parameters import Overlay, parse_entered_value

from .models import CalendarYear, ParameterValue, RulesVersion

_lock = threading.Lock()
_cached: dict[str, Any] = {}  # "shipped": the shipped context; "merged": (stamp, context)
# The stamp as read once in the current scope (one_version); None outside any scope.
_memo: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("juzhu_rules_stamp", default=None)


def stamp() -> str:
    memo = _memo.get()
    if memo is not None and "stamp" in memo:
        return memo["stamp"]
    current = _read_stamp()
    if memo is not None:
        memo["stamp"] = current
    return current


def _read_stamp() -> str:
    """One plain SELECT by primary key, without the ORM's query building (on the public card
    check that building cost more than the query itself)."""
    table = connection.ops.quote_name(RulesVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stamp FROM {table} WHERE id = %s", [1])  # noqa: S608 (a model's table name)
        row = cursor.fetchone()
    return str(row[0]) if row and row[0] else ""


def remember(stamp: str | None) -> None:
    """Take ``stamp`` as the current scope's rules version: the hottest reads (the card check,
    an API token) select it with their own row (``stamp_column``), saving a round trip."""
    memo = _memo.get()
    if memo is not None and "stamp" not in memo:
        memo["stamp"] = str(stamp) if stamp else ""


def stamp_column() -> Subquery:
    """The rules version as a column of another query (``annotate(rules_stamp=stamp_column())``)."""
    return Subquery(RulesVersion.objects.filter(pk=1).values("stamp")[:1])


def changed() -> None:
    """Record that entered rules data changed (call inside the writing transaction)."""
    RulesVersion.objects.update_or_create(pk=1, defaults={"stamp": uuid.uuid4().hex})
    memo = _memo.get()
    if memo is not None:
        memo.pop("stamp", None)  # the next rules_context() in this scope reads the new one


@contextlib.contextmanager
def one_version() -> Iterator[None]:
    """Read the rules version at most once in the block (nested blocks share the outer one)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RulesPerRequest:
    """Middleware: one rules version per request (``one_version``)."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with one_version():
            return self.get_response(request)


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
