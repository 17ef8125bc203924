"""Replaying planned residents through the real actions, day by day, at their own dates.

The planner (``planner.py``, ``timeline.py``) decides *when* each resident did what, asking
the rules; this module makes it happen: every step is a call into the actions
(``lifecycle.py``) inside ``clock.frozen(moment)`` on its day, by the staff member the
office would have had act (the station's clerk, the county's issuer). Before the office
opens, the daily job runs, as it does in production: it suspends the permits whose
endorsement window closed, raises the missed-deadline flags and closes them, reminds and
delivers, so all of that comes from the job too, not from the demo.

Fast enough ("bulk-written"): the steps of all residents are merged by date and each
simulated day is one transaction (a commit per day, not per action); the daily job runs
for the whole city, not per resident, and only on the days it has something to change
(``job_days``): the day after an endorsement window or an issuance deadline of the plans
closes, the day after a flagged application is decided, every Monday (endorsement windows
last a month, so each reminder still goes out, and queued messages are delivered) and
today. The job catches up on whatever fell due since its last run, so a day it skips
delays nothing the plans did not foresee; the tests check every state as of today. A step
the actions refuse is a disagreement between the planner and the system: it raises,
naming the resident.
"""

from __future__ import annotations

import datetime
import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction

from juzhu import clock
from juzhu.rules.calendar import WorkCalendar

from . import lifecycle
from .plans import ApplicationPlan, PermitPlan, RegistrationPlan, ResidentPlan
from .staffing import Staff

ONE_DAY = datetime.timedelta(days=1)
OPENS, CLOSES = datetime.time(8, 30), datetime.time(17, 30)  # office hours, as the steps are spread
JOB_AT = datetime.time(0, 30)  # the daily job runs shortly after midnight (deploy.md's timer)

# Order of one resident's steps on one day (a registration before the application on it, …).
REGISTER, ACKNOWLEDGE, CANCEL, RECEIVE, SUPPLEMENT, PHOTO, EXTEND, APPROVE, HAND_OUT, ENDORSE, REPLACE = range(11)


Action = Callable[[], None]
At = Callable[[datetime.date, int, Action], None]  # queue a step: its day, its rank, what it does


@dataclass(order=True, slots=True)
class Step:
    on: datetime.date
    resident: int
    rank: int
    run: Action = field(compare=False)


@dataclass
class Replay:
    """The residents' steps, merged by date and run day by day, by the staff the office would have
    had act (user objects loaded once: their permissions are cached on them)."""

    staff: Staff
    photo: bytes
    seed: int
    today: datetime.date
    calendar: WorkCalendar
    steps: list[Step] = field(default_factory=list)
    job_days: set[datetime.date] = field(default_factory=set)
    actions: int = 0
    job_runs: int = 0

    def __post_init__(self) -> None:
        from juzhu.org.models import User

        ids = set(self.staff.clerk_of_station.values()) | set(self.staff.issuer_of_county.values())
        self.users = {u.pk: u for u in User.objects.filter(pk__in=ids).select_related("unit")}
        self.rng = random.Random(f"replay:{self.seed}")  # apart from the planner's: same residents either way

    # -- the plan as dated steps ----------------------------------------------------------------
    def add(self, index: int, plan: ResidentPlan) -> None:
        """Queue the steps of one planned resident (``index``: its place in the run)."""

        def at(on: datetime.date, rank: int, run: Action) -> None:
            self.steps.append(Step(on, index, rank, run))

        for position, item in enumerate(plan.registrations):
            self._registration(at, plan, item, plan.registrations[position - 1] if position else None)
        if plan.application:
            self._application(at, plan, plan.application)
        if plan.permit:
            self._permit(at, plan, plan.permit)
        self.job_days |= _due_days(plan)

    def clerk(self, item: RegistrationPlan) -> object:
        return self.users[self.staff.clerk_of_station[item.town.station_id]]

    def issuer(self, item: RegistrationPlan) -> object:
        return self.users[self.staff.issuer_of_county[item.town.county]]

    def _registration(
        self, at: At, plan: ResidentPlan, item: RegistrationPlan, previous: RegistrationPlan | None
    ) -> None:
        clerk = self.clerk(item)

        def register() -> None:
            item.row = lifecycle.register(clerk, plan, item, move=previous is not None)

        at(item.declared, REGISTER, register)
        if previous is not None and previous.acknowledged_on:
            at(previous.acknowledged_on, ACKNOWLEDGE, lambda: lifecycle.acknowledge(self.clerk(previous), previous.row))
        if item.status == "cancelled":
            at(
                item.cancelled_on,
                CANCEL,
                lambda: lifecycle.cancel(clerk, item.row, item.cancel_reason, item.cancelled_on),
            )

    def _application(self, at: At, plan: ResidentPlan, item: ApplicationPlan) -> None:
        current = plan.current
        clerk, issuer = self.clerk(current), self.issuer(current)
        first = [m for m in item.materials if m.received_on == item.received_on]
        later = [m for m in item.materials if m.received_on != item.received_on]

        def receive() -> None:
            item.row = lifecycle.receive(clerk, current.row, item.condition, first)

        at(item.received_on, RECEIVE, receive)
        if later:
            at(later[0].received_on, SUPPLEMENT, lambda: lifecycle.supplement(clerk, item.row, later))
        if item.accepted_on:  # the photo is taken at the window once the application is accepted
            at(item.accepted_on, PHOTO, lambda: lifecycle.photograph(clerk, current.row.person_id, self.photo))
        if item.extended_until:
            on = self._extended_on(item)
            at(on, EXTEND, lambda: lifecycle.extend(issuer, item.row, item.extended_until, item.extension_reason))
        if item.decided_on and plan.permit:
            permit = plan.permit

            def approve() -> None:
                permit.row = lifecycle.approve(issuer, item.row)
                permit.cards[0].row = lifecycle.first_card(permit.row)

            at(item.decided_on, APPROVE, approve)

    def _permit(self, at: At, plan: ResidentPlan, permit: PermitPlan) -> None:
        clerk = self.clerk(plan.current)
        for card in permit.cards:
            if card.version > 1:

                def replace(card=card) -> None:
                    card.row = lifecycle.replace(clerk, permit.row, card.kind)

                at(card.produced_on, REPLACE, replace)
            if card.handed_out_on:
                at(card.handed_out_on, HAND_OUT, lambda card=card: lifecycle.hand_out(clerk, card.row))
        for endorsement in permit.endorsements:
            at(endorsement.date, ENDORSE, lambda: lifecycle.endorse(clerk, permit.row))

    def _extended_on(self, item: ApplicationPlan) -> datetime.date:
        """The issuer extends on a working day from acceptance to the original due date (or today)."""
        last = min(item.deadline["due_date"], self.today)
        day = item.accepted_on + datetime.timedelta(days=self.rng.randint(0, max(0, (last - item.accepted_on).days)))
        while day > item.accepted_on and not self.calendar.is_working_day(day):
            day -= ONE_DAY
        return day

    # -- running it ------------------------------------------------------------------------------
    def run(self, progress: Callable[[datetime.date], None] | None = None) -> None:
        """Every day from the first step to ``today``: the daily job, then the office's steps."""
        if not self.steps:
            return
        self.steps.sort()
        zone = ZoneInfo(str(clock.ZONE))
        notify = logging.getLogger("juzhu.notify")
        level = notify.level
        notify.setLevel(logging.WARNING)  # years of history would fill the console with sent messages
        try:
            position, day = 0, self.steps[0].on
            while day <= self.today:
                todays = []
                while position < len(self.steps) and self.steps[position].on == day:
                    todays.append(self.steps[position])
                    position += 1
                with transaction.atomic():
                    if day in self.job_days or day.weekday() == 0 or day == self.today:
                        with clock.frozen(datetime.datetime.combine(day, JOB_AT, zone)):
                            lifecycle.daily(day)
                        self.job_runs += 1
                    for step, moment in zip(todays, _moments(day, len(todays), zone), strict=True):
                        with clock.frozen(moment):
                            _run(step)
                        self.actions += 1
                if progress:
                    progress(day)
                day += ONE_DAY
        finally:
            notify.setLevel(level)
        if position < len(self.steps):
            raise RuntimeError(f"steps after {self.today}: {self.steps[position]}")


def _due_days(plan: ResidentPlan) -> set[datetime.date]:
    """The mornings on which the daily job changes this resident's records (by the rules' dates
    the planner kept): a suspension, a deadline flag raised, a flag closed after the decision."""
    days = set()
    if plan.permit:
        days |= {e.suspended_from for e in plan.permit.endorsements if e.suspended_from}
        if plan.permit.suspended_since:
            days.add(plan.permit.suspended_since)
    flag = plan.application.flag if plan.application else None
    if flag:
        days.add(flag.flagged_on)
        if flag.resolved_on:
            days.add(flag.resolved_on)
    return days


def _moments(day: datetime.date, count: int, zone: ZoneInfo) -> Iterator[datetime.datetime]:
    """``count`` moments spread evenly over the day's office hours, in order."""
    start = datetime.datetime.combine(day, OPENS, zone)
    span = datetime.datetime.combine(day, CLOSES, zone) - start
    for n in range(count):
        yield start + span * n / max(count, 1)


def _run(step: Step) -> None:
    try:
        step.run()
    except Exception as exc:
        raise RuntimeError(f"demo resident {step.resident} on {step.on} (step {step.rank}): {exc!r}") from exc
