"""Recompute the dates an entered (or corrected) calendar year moves (R-09a, Art 12, 民法典 203).

A deadline counted through a year without an official arrangement is provisional.
When the administrator enters that year, or corrects an official one, every open
case whose stored dates were counted through it is computed again with the same
rules, in the calendar entry's transaction:

- accepted, undecided applications: ``due_date``, ``extension_limit``, ``provisional``;
- registrations: ``due_date``, ``late``, ``provisional`` and the stored duty decision;
- "missed deadline" flags (Art 27): withdrawn when the official deadline is not
  before the day the flag was raised (kept in history with the reason), else moved
  to the official deadline;
- suspended permits whose endorsement window's end the entry moves (R-11a: the end
  moves off rest days): the endorsement state is read again as of today.

Only rows whose counting could have crossed a day the entry changed (or that were
provisional in that year) are read, in batches of ids, so a correction touching
one week reads one week's cases, not a million registrations. Each moved record
gets its own audit entry (old → new), and the calendar entry's audit entry lists them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from juzhu.audit.events import Event
from juzhu.audit.log import actor_role
from juzhu.audit.payloads import Payload
from juzhu.org.models import User
from juzhu.rules import evaluate
from juzhu.rules.context import RulesContext
from juzhu.rules.decision import Decision

from ..events import Occurrence, emit_many
from ..events import payloads as p
from ..models import DeadlineFlag, Permit, PermitApplication, Registration
from .common import _iso, rules_context
from .issuing import apply_endorsement_state

BATCH = 1000
LISTED = 200  # moved records named in the summary entry (each has its own audit entry anyway)
ONE_DAY = datetime.timedelta(days=1)
MAX_REST_RUN = 15  # days: longer than any run of rest days (Spring Festival with weekends)
PURPOSE = "录入工作日历或政策参数后重新计算期限"

M = TypeVar("M", bound=Model)


@dataclass
class Recomputed:
    """What an entry moved, for the administrator's page, the API and the audit entry."""

    year: int
    parameter: str = ""  # set when a parameter value, not a calendar year, was entered
    changed_days: list[datetime.date] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    registrations: list[dict[str, Any]] = field(default_factory=list)
    flags_withdrawn: list[dict[str, Any]] = field(default_factory=list)
    flags_moved: list[dict[str, Any]] = field(default_factory=list)
    permits: list[dict[str, Any]] = field(default_factory=list)  # suspensions the entry lifted or moved
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def origin(self) -> dict[str, Any]:
        return {"parameter": self.parameter} if self.parameter else {"calendar_year": self.year}

    def summary(self) -> dict[str, Any]:
        return {
            **self.origin,
            "changed_days": [d.isoformat() for d in self.changed_days],
            "counts": {
                "applications": len(self.applications),
                "registrations": len(self.registrations),
                "flags_withdrawn": len(self.flags_withdrawn),
                "flags_moved": len(self.flags_moved),
                "permits": len(self.permits),
            },
            "applications": self.applications[:LISTED],
            "registrations": self.registrations[:LISTED],
            "flags_withdrawn": self.flags_withdrawn[:LISTED],
            "flags_moved": self.flags_moved[:LISTED],
            "permits": self.permits[:LISTED],
        }

    @property
    def cause(self) -> str:
        return p.Origin(**self.origin).cause

    @property
    def moved(self) -> int:
        return len(self.applications) + len(self.registrations)


def recompute_year(
    acting_user: User, year: int, before: RulesContext, after: RulesContext, now: datetime.datetime
) -> Recomputed:
    """Move what ``after`` (the calendar with the year entered) moves; call inside the entry's transaction."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    result = Recomputed(year)
    day = first
    while day <= last:
        if before.calendar.is_working_day(day) != after.calendar.is_working_day(day):
            result.changed_days.append(day)
        day += ONE_DAY
    # A flag's deadline moves only when its counting crossed a changed day.
    changed = result.changed_days
    flags = Q(pk__in=[])
    if changed:
        crossing = PermitApplication.objects.filter(accepted_on__lt=changed[-1]).values("pk")
        flags = Q(due_date__gte=changed[0], object_id__in=crossing)
    _recompute(
        acting_user,
        result,
        now,
        _touched("accepted_on", "extension_limit", result.changed_days, first, last),
        flags,
        _touched("arrival_date", "due_date", result.changed_days, first, last),
    )
    return result


def recompute_since(acting_user: User, name: str, since: datetime.date, now: datetime.datetime) -> Recomputed:
    """After a parameter value entered from ``since``: the open cases whose dates it governs."""
    result = Recomputed(since.year, parameter=name)
    accepted_since = PermitApplication.objects.filter(accepted_on__gte=since).values("pk")
    _recompute(
        acting_user, result, now, Q(accepted_on__gte=since), Q(object_id__in=accepted_since), Q(arrival_date__gte=since)
    )
    return result


def _touched(
    start_field: str, end_field: str, changed: list[datetime.date], first: datetime.date, last: datetime.date
) -> Q:
    """Rows whose counting ran through the year and either crossed a changed day or was provisional."""
    spans = Q(**{f"{start_field}__lte": last, f"{end_field}__gte": first})
    crossing = Q(provisional=True)
    if changed:
        crossing |= Q(**{f"{start_field}__lt": changed[-1], f"{end_field}__gte": changed[0]})
    return spans & crossing


def _recompute(
    acting_user: User, result: Recomputed, now: datetime.datetime, applications: Q, flags: Q, registrations: Q
) -> None:
    """Each moved record is an event (its entry, and the resident's message where a date she
    was told moved), all written in one batch, timed at the entry's moment ``now``."""
    ctx = rules_context()  # with the entry: its save stamped a new rules version
    moved = _Moved(acting_user, now, result)
    _applications(moved, applications, ctx)
    _flags(moved, flags, ctx)
    _registrations(moved, registrations, ctx)
    if result.changed_days and not result.parameter:
        _suspensions(moved)
    emit_many(moved.occurrences, role=actor_role(acting_user))


@dataclass
class _Moved:
    """The events a recomputation collects, to be emitted together."""

    actor: object
    now: datetime.datetime
    result: Recomputed
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def on(self) -> datetime.date:
        return self.now.date()

    def add(self, event: Event, subject: Model, payload: Payload, person: Model | None = None) -> None:
        self.occurrences.append(Occurrence(event, PURPOSE, self.now, self.actor, subject, person, payload=payload))

    def payload(self, kind: type[p.Origin], moved: dict[str, Any]) -> p.Origin:
        pairs: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in moved.items()}
        return kind(**self.result.origin, **pairs)


def _applications(moved: _Moved, which: Q, ctx: RulesContext) -> None:
    result = moved.result
    queryset = PermitApplication.objects.filter(which, status=PermitApplication.Status.ACCEPTED)
    for batch in _batches(queryset):
        changed = []
        for application in batch:
            deadline = _decide(ctx, "issuance_deadline", acceptance_date=application.accepted_on)
            if deadline.outcome == "invalid":
                continue  # the rules cannot reckon it (never for a stored acceptance): leave it as it is
            old = (application.due_date, application.extension_limit, application.provisional)
            new = (deadline.fields["due_date"], deadline.fields["extended_limit"], deadline.fields["provisional"])
            if old == new:
                continue
            application.due_date, application.extension_limit, application.provisional = new
            changed.append(application)
            change = {
                "id": application.pk,
                "receipt": application.receipt_number,
                "due_date": [old[0], new[0]],
                "extension_limit": [old[1], new[1]],
                "provisional": [old[2], new[2]],
            }
            result.applications.append(_plain(change))
            moved.add(
                Event.APPLICATION_RECOMPUTE,
                application,
                moved.payload(p.ApplicationRecomputed, change),
                person=application.person,  # told when the date she was promised moves
            )
        PermitApplication.objects.bulk_update(changed, ["due_date", "extension_limit", "provisional"])


def _flags(moved: _Moved, which: Q, ctx: RulesContext) -> None:
    """Flags (open or closed, not withdrawn) on deadlines the entry may have moved."""
    flags = DeadlineFlag.objects.filter(which, object_type="registry.PermitApplication", withdrawn_on__isnull=True)
    for ids in _id_batches(flags):
        batch = list(DeadlineFlag.objects.filter(pk__in=ids).order_by("pk"))
        applications = PermitApplication.objects.in_bulk([f.object_id for f in batch])
        for flag in batch:
            _flag(moved, flag, applications.get(flag.object_id), ctx)


def _flag(moved: _Moved, flag: DeadlineFlag, application: PermitApplication | None, ctx: RulesContext) -> None:
    result = moved.result
    if application is None or application.accepted_on is None:
        return
    due = application.extended_until or _decide(
        ctx, "issuance_deadline", acceptance_date=application.accepted_on
    ).fields.get("due_date")
    if due is None or due == flag.due_date:
        return
    change = {
        "flag": flag.pk,
        "application": application.pk,
        "receipt": application.receipt_number,
        "due_date": [flag.due_date, due],
        "flagged_on": flag.flagged_on,
    }
    if due >= flag.flagged_on:  # on the day of the flag the official deadline had not passed
        flag.withdrawn_on = moved.on
        flag.withdrawal_reason = (
            f"{result.cause}后，发放期限为{due:%Y年%m月%d日}，{flag.flagged_on:%Y年%m月%d日}并未超期（R-09a）"
        )
        flag.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        result.flags_withdrawn.append(_plain(change))
        action = Event.FLAG_WITHDRAW
    else:
        flag.due_date = due
        flag.save(update_fields=["due_date"])
        result.flags_moved.append(_plain(change))
        action = Event.FLAG_RECOMPUTE
    moved.add(action, flag, moved.payload(p.FlagRecomputed, change))


def _registrations(moved: _Moved, which: Q, ctx: RulesContext) -> None:
    result = moved.result
    queryset = Registration.objects.filter(which, due_date__isnull=False)
    for batch in _batches(queryset):
        changed = []
        for registration in batch:
            case: dict[str, object] = {"arrival_date": registration.arrival_date, "as_of": registration.declared_date}
            if registration.exemption:
                case["exemption"] = registration.exemption
            duty = _decide(ctx, "registration_duty", **case)
            if duty.outcome == "invalid":
                continue
            old = (registration.due_date, registration.late, registration.provisional)
            new = (duty.fields.get("due_date"), bool(duty.fields.get("late")), bool(duty.fields.get("provisional")))
            if old == new:
                continue
            registration.due_date, registration.late, registration.provisional = new
            registration.decision = {**registration.decision, "registration_duty": duty.to_dict()}
            changed.append(registration)
            change = {
                "id": registration.pk,
                "number": registration.number,
                "due_date": [old[0], new[0]],
                "late": [old[1], new[1]],
                "provisional": [old[2], new[2]],
            }
            result.registrations.append(_plain(change))
            moved.add(Event.REGISTRATION_RECOMPUTE, registration, moved.payload(p.RegistrationRecomputed, change))
        Registration.objects.bulk_update(changed, ["due_date", "late", "provisional", "decision"])


def _suspensions(moved: _Moved) -> None:
    """Suspended permits whose missed anniversary lies just before or on a changed day: a window
    that ends on the next working day after a rest-day anniversary may end later now (R-11a)."""
    result = moved.result
    reach = datetime.timedelta(days=MAX_REST_RUN)
    suspended = Permit.objects.filter(
        status=Permit.Status.SUSPENDED,
        next_anniversary__range=(result.changed_days[0] - reach, result.changed_days[-1]),
    )
    for batch in _batches(suspended):
        for permit in batch:
            old = (permit.status, permit.suspended_since, permit.next_anniversary)
            history = list(permit.endorsements.order_by("date").values_list("date", flat=True))
            apply_endorsement_state(permit, history, moved.on)
            new = (permit.status, permit.suspended_since, permit.next_anniversary)
            if old == new:
                continue
            permit.save()
            change = {
                "id": permit.pk,
                "number": permit.number,
                "status": [old[0], new[0]],
                "suspended_since": [old[1], new[1]],
            }
            result.permits.append(_plain(change))
            # the holder is told when the suspension is lifted (messages.MESSAGES)
            moved.add(Event.PERMIT_RECOMPUTE, permit, moved.payload(p.PermitRecomputed, change), person=permit.person)


def _decide(ctx: RulesContext, question: str, **case: Any) -> Decision:
    """The rules' answer in ``ctx`` (one context for the whole run, not a lookup per case)."""
    return evaluate({"question": question, **_iso(case)}, ctx)


def _id_batches(queryset: QuerySet[Any]) -> Iterator[list[int]]:
    """Primary keys in batches (constant memory at a million rows)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        yield ids
        last = ids[-1]


def _batches(queryset: QuerySet[M]) -> Iterator[list[M]]:
    for ids in _id_batches(queryset):
        yield list(queryset.model._default_manager.filter(pk__in=ids).order_by("pk").select_related("person"))


def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in detail.items():
        if isinstance(value, list):
            value = [v.isoformat() if isinstance(v, datetime.date) else v for v in value]
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        out[key] = value
    return out
