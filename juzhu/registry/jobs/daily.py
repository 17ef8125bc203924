"""The daily job (`juzhu daily [--date D]`): idempotent, safe to rerun for the same day.

1. suspends permits whose endorsement window ended unendorsed (Art 13 para 3): the day
   after the anniversary, or after the next working day when it was a rest day (R-11a);
2. reminds holders when their endorsement window opens (Art 13 para 2);
3. reminds the issuing bureau when an issuance deadline is one working day away;
4. flags issuance deadlines missed by staff, for supervisors (Art 27, R-24), and
   closes the flags whose application has since been decided (each raise and each
   closing is an event: ``flag.raise``, ``flag.resolve``); a flag withdrawn when
   the official calendar moved its deadline (R-09a) stays in history and is not
   counted, and dates come from the one rules context (entered calendar years too);
5. delivers the queued notifications;
6. tells the parts that keep derived data (``after_daily``: the e-permit's status lists,
   juzhu.credentials, re-signed from the day's suspensions);
7. on SQLite, refreshes the query planner's statistics (PostgreSQL's autovacuum does
   this itself). Without them SQLite picks the jurisdiction index over the phone index
   and a search by phone reads the whole county (0.06 s instead of 0.01 s at 100,000).

Work is streamed in batches of ids; each permit is settled in its own short
transaction so a long run never holds locks on the whole table. The job reads the clock
once: every entry it writes is timed at that moment, on the day it runs for.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Coalesce
from django.dispatch import Signal

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.audit.sequencer import sequence_now
from juzhu.notify.queue import queue_messages
from juzhu.notify.senders import deliver_queued
from juzhu.rules.determinations.endorsement import window_end

from ..actions.common import rules_context
from ..actions.issuing import apply_endorsement_state
from ..endorsement_windows import permits_in_window
from ..events import Occurrence, emit, emit_many
from ..events import payloads as p
from ..events.messages import endorsement_window_opened, issuance_due
from ..models import DeadlineFlag, Permit, PermitApplication

BATCH = 1000

# Sent with ``on`` and ``report`` once the day's changes are made; receivers add their counts.
# A signal, so the registry does not import the layers above it (pyproject.toml, layers).
after_daily = Signal()


@dataclass
class DailyReport:
    day: datetime.date
    counts: dict[str, int] = field(default_factory=dict)
    moment: datetime.datetime | None = None  # the job's one reading of the clock, on ``day``
    # Seconds per step, for the operator and benchmarks/daily_job.py; not in the audit entry
    # (the entry says what the job did, which a rerun can compare; durations differ every run).
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    @contextlib.contextmanager
    def timed(self, step: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - began


def run_daily(on: datetime.date) -> DailyReport:
    """Run the day ``on`` (today, or a day caught up with ``--date``) at one moment: now's
    time of day on ``on``, held for the whole run (``clock.frozen``)."""
    now = clock.now()
    moment = now if now.date() == on else datetime.datetime.combine(on, now.timetz())
    report = DailyReport(on, moment=moment)
    with clock.frozen(moment):
        with report.timed("sequence"):
            sequence_now()  # the day's queued reads join the chain first
        with report.timed("suspend"):
            _suspend_unendorsed(on, report)
        with report.timed("remind_windows"):
            _remind_endorsement_windows(on, report)
        with report.timed("issuance_deadlines"):
            _watch_issuance_deadlines(on, report)
        with report.timed("deliver"):
            sent, failed = deliver_queued(limit=100_000)
        report.add("notifications_sent", sent)
        report.add("notifications_failed", failed)
        with report.timed("after_daily"):  # the e-permit's status lists (juzhu.credentials)
            after_daily.send(sender=run_daily, on=on, report=report)
        with report.timed("statistics"):
            _refresh_statistics()
        with transaction.atomic():
            emit(
                Event.JOB_DAILY,
                actor=None,
                purpose="每日任务",
                moment=moment,
                payload=p.DailyJobRun(day=on, **report.counts),
            )
    return report


def _flag_overdue(applications, on: datetime.date, moment: datetime.datetime) -> int:
    """A flag for each application whose issuance deadline passed, once (one query per batch),
    each with its ``flag.raise`` audit entry, chained together in the flags' transaction.

    A flag withdrawn because the official calendar moved the deadline (R-09a) does not count:
    the official deadline, once missed, gets its own flag."""
    kind, object_type = DeadlineFlag.Kind.ISSUANCE_OVERDUE, "registry.PermitApplication"
    flagged = set(
        DeadlineFlag.objects.filter(
            kind=kind, object_type=object_type, withdrawn_on__isnull=True, object_id__in=[a.pk for a in applications]
        ).values_list("object_id", flat=True)
    )
    new = [
        DeadlineFlag(
            kind=kind,
            object_type=object_type,
            object_id=a.pk,
            person_id=a.person_id,
            county_id=a.county_id,
            due_date=a.effective_due_date,
            flagged_on=on,
        )
        for a in applications
        if a.pk not in flagged
    ]
    if not new:
        return 0
    with transaction.atomic():
        DeadlineFlag.objects.bulk_create(new, ignore_conflicts=True)  # one_flag_per_miss keeps it once
        raised = DeadlineFlag.objects.filter(
            kind=kind,
            object_type=object_type,
            withdrawn_on__isnull=True,
            flagged_on=on,
            object_id__in=[f.object_id for f in new],
        )
        receipts = {a.pk: a.receipt_number for a in applications}
        emit_many(
            [
                Occurrence(
                    Event.FLAG_RAISE,
                    FLAG_PURPOSE,
                    moment,
                    subject=flag,
                    payload=flag_raised(flag, receipts[flag.object_id]),
                )
                for flag in raised.order_by("pk")
            ],
            role="",
        )
    return len(new)


FLAG_PURPOSE = "发放期限超期"
RESOLVED_PURPOSE = "超期标记关闭"


def flag_raised(flag, receipt: str) -> p.FlagRaised:
    """What a ``flag.raise`` event says."""
    return p.FlagRaised(application=flag.object_id, receipt=receipt, due_date=flag.due_date, flagged_on=flag.flagged_on)


def flag_detail(flag, receipt: str) -> dict:
    """The stored detail of a ``flag.raise`` entry (the demo writes the same for its flags)."""
    return flag_raised(flag, receipt).detail()


def _refresh_statistics() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=1000")  # sampled: a fraction of a second at any size
            cursor.execute("ANALYZE")


def _ids(queryset):
    """Primary keys in batches, so millions of rows stream through constant memory."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1]


def _suspend_unendorsed(on: datetime.date, report: DailyReport) -> None:
    due = Permit.objects.filter(status=Permit.Status.VALID, next_anniversary__lt=on)
    for batch in _ids(due):
        for pk in batch:
            with transaction.atomic():
                permit = Permit.objects.select_for_update().get(pk=pk)
                if permit.status != Permit.Status.VALID or permit.next_anniversary >= on:
                    continue
                history = list(permit.endorsements.order_by("date").values_list("date", flat=True))
                decision = apply_endorsement_state(permit, history, on)
                if permit.status != Permit.Status.SUSPENDED:
                    permit.save()
                    continue
                permit.save()
                emit(
                    Event.PERMIT_SUSPEND,
                    actor=None,
                    subject=permit,
                    person=permit.person,  # told at once (messages.MESSAGES)
                    purpose="逾期未签注",
                    moment=report.moment or clock.now(),
                    payload=p.PermitSuspended(
                        reasons=tuple(decision.reasons), window_end=decision.fields["window_end"]
                    ),
                )
                report.add("permits_suspended")


def _remind_endorsement_windows(on: datetime.date, report: DailyReport) -> None:
    """Streamed in anniversary order, not through _ids: pk order made PostgreSQL walk the
    primary key filtering the window (8.5 s instead of 5.7 s at 1M residents). Plain rows,
    not model objects (53,000 permits and persons at 1M), and each window's end computed
    once per anniversary: the window holds about a month of them."""
    batch, ctx, ends_of = [], rules_context(), {}
    rows = permits_in_window(Permit.objects.all(), on).values_list(
        "pk", "number", "next_anniversary", "person_id", "person__phone"
    )
    for pk, number, anniversary, person_id, phone in rows.iterator(chunk_size=BATCH):
        if anniversary not in ends_of:
            ends_of[anniversary] = window_end(ctx, anniversary).date  # moved off a rest day (R-11a)
        batch.append(endorsement_window_opened(pk, number, anniversary, person_id, phone, ends_of[anniversary]))
        if len(batch) == BATCH:
            report.add("endorsement_reminders", queue_messages(batch))
            batch = []
    report.add("endorsement_reminders", queue_messages(batch))


# What the flags and reminders read of an application (not its materials' JSON, not its unit).
NEEDED = ("id", "person_id", "county_id", "unit_id", "due_date", "extended_until", "receipt_number")


def _last_day_due_soon(calendar, on: datetime.date) -> datetime.date:
    """The last due date at most one working day after ``on`` (the reminder's reach)."""
    last = on
    while calendar.working_days_between(on, last + ONE_DAY) <= 1 and last - on < MAX_REACH:
        last += ONE_DAY
    return last


ONE_DAY = datetime.timedelta(days=1)
MAX_REACH = datetime.timedelta(days=60)  # no run of rest days is this long; a guard, not a rule


def _watch_issuance_deadlines(on: datetime.date, report: DailyReport) -> None:
    calendar = rules_context().calendar
    pending = PermitApplication.objects.filter(status=PermitApplication.Status.ACCEPTED)
    # Only the applications overdue or due within a working day are read: the others (most
    # of the accepted ones) need neither a flag nor a reminder today.
    reach = pending.alias(due=Coalesce("extended_until", "due_date")).filter(due__lte=_last_day_due_soon(calendar, on))
    for batch in _ids(reach):
        applications = list(PermitApplication.objects.filter(pk__in=batch).only(*NEEDED))
        overdue = [a for a in applications if a.effective_due_date < on]
        report.add("deadlines_flagged", _flag_overdue(overdue, on, report.moment or clock.now()))
        due_soon = [
            a
            for a in applications
            if a.effective_due_date >= on and calendar.working_days_between(on, a.effective_due_date) <= 1
        ]
        report.add("issuance_reminders", queue_messages([issuance_due(a) for a in due_soon]))
    report.add("deadline_flags_resolved", _resolve_flags(on, report.moment or clock.now()))


def _resolve_flags(on: datetime.date, moment: datetime.datetime) -> int:
    """A flag closes once its application has been decided or withdrawn; each closing is a
    ``flag.resolve`` event (with the status that closed it), in the batch's transaction."""
    open_flags = DeadlineFlag.objects.filter(
        resolved_on__isnull=True, withdrawn_on__isnull=True, object_type="registry.PermitApplication"
    ).exclude(object_id__in=PermitApplication.objects.filter(status=PermitApplication.Status.ACCEPTED).values("pk"))
    resolved = 0
    for batch in _ids(open_flags):
        with transaction.atomic():
            flags = list(DeadlineFlag.objects.select_for_update().filter(pk__in=batch, resolved_on__isnull=True))
            statuses = dict(
                PermitApplication.objects.filter(pk__in=[f.object_id for f in flags]).values_list("pk", "status")
            )
            DeadlineFlag.objects.filter(pk__in=[f.pk for f in flags]).update(resolved_on=on)
            emit_many(
                [
                    Occurrence(
                        Event.FLAG_RESOLVE,
                        RESOLVED_PURPOSE,
                        moment,
                        subject=flag,
                        payload=p.FlagResolved(
                            flag=flag.pk,
                            application=flag.object_id,
                            status=statuses.get(flag.object_id, ""),
                            resolved_on=on,
                        ),
                    )
                    for flag in flags
                ],
                role="",
            )
            resolved += len(flags)
    return resolved
