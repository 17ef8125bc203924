"""What every action shares: errors, permission and scope checks, the clock, the rules, numbers."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model

from juzhu import clock
from juzhu.org.jurisdiction import covers, scope_filter
from juzhu.org.models import User
from juzhu.rules import evaluate
from juzhu.rules.decision import Decision

from ..context import one_version, rules_context
from ..errors import ActionError, NotFound, PermissionDenied, RuleRefusal
from ..models import Sequence

__all__ = [  # re-exported: what an action module imports from here
    "ActionError",
    "NotFound",
    "PermissionDenied",
    "RuleRefusal",
    "ask_rules",
    "get_scoped",
    "next_number",
    "one_moment",
    "require",
    "require_place",
    "rules_context",
]

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=Model)


def one_moment(action: Callable[P, R]) -> Callable[P, R]:
    """Run the action at one moment: the clock is read once, when it starts, and held
    (``clock.frozen``) until it returns, so its dates, the rules context's date, a document
    number's year and the audit entries' time all come from that one reading: an intake at
    23:59:59.9 cannot straddle two dates. The action reads the moment with ``clock.now()``.
    The rules version is read once too (``one_version``).
    """

    @functools.wraps(action)
    def at_one_moment(*args: P.args, **kwargs: P.kwargs) -> R:
        with clock.frozen(clock.now()), one_version():
            return action(*args, **kwargs)

    return at_one_moment


def require(user: User | AnonymousUser | None, codename: str) -> None:
    if not (user and user.is_authenticated and user.is_active and user.has_perm(f"registry.{codename}")):
        raise PermissionDenied()


def require_place(user: User, county_id: str | None, town_id: str | None, field: str = "town") -> None:
    """The place must lie in the user's jurisdiction (a clerk registers in her own towns)."""
    if not covers(user, county_id, town_id):
        raise ActionError("该地址不在您所在单位的管辖范围内", field=field, status=403)


def get_scoped(
    model: type[M],
    user: User,
    what: str,
    *,
    county_field: str = "county",
    town_field: str = "town",
    lock: bool = False,
    **lookup: Any,
) -> M:
    """Fetch one record inside the user's jurisdiction, or NotFound."""
    # The default manager (every model's ``objects``): the generic spelling a type checker can follow.
    queryset = model._default_manager.filter(scope_filter(user, county_field, town_field))
    if lock:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):  # the model's DoesNotExist is one
        raise NotFound(what) from None


# Questions whose "invalid" is an answer about the facts (a bad ID number, an impossible
# endorsement history), not a problem with the case the action built.
_INVALID_IS_AN_ANSWER = {"id_number", "endorsement_status"}


def ask_rules(question: str, **case: Any) -> Decision:
    """Ask the rules one question; an input error becomes an ActionError on its field."""
    decision = evaluate({"question": question, **_iso(case)}, rules_context())
    if decision.outcome == "invalid" and decision.errors and question not in _INVALID_IS_AN_ANSWER:
        error = decision.errors[0]
        raise ActionError(error.message, field=error.field)
    return decision


def _iso(case: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in case.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = [v.isoformat() if isinstance(v, datetime.date) else v for v in value]
        out[key] = value
    return out


def next_number(kind: str, scope: str, year: int) -> int:
    """The next gap-free serial for (kind, scope, year); call inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the action's transaction")
    sequence, _ = Sequence.objects.select_for_update().get_or_create(kind=kind, scope=scope, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last
