"""The dates of each demo state, reckoned with the rules as of ``today``.

Every date an office acts on (declaration, receipt, acceptance, issue, hand-out,
endorsement, cancellation) is a working day of the calendar; every derived date
(registration and issuance due dates, anniversaries, suspension) is the rules' answer.
A story that the rules read differently from what the state needs is drawn again.
"""

from __future__ import annotations

import datetime
import random

from juzhu.rules import RulesContext, evaluate
from juzhu.rules.periods import add_months

from .lifecycle import move_reason
from .permit_story import PermitStories
from .places import Town
from .plans import (
    ApplicationPlan,
    FlagPlan,
    Infeasible,
    MaterialPlan,
    NoticePlan,
    RegistrationPlan,
    ResidentPlan,
)

ONE_DAY = datetime.timedelta(days=1)

# Share of each state in every block of 100 residents.
STATES = (
    ("registered", 24),
    ("registered_late", 6),
    ("cancelled", 6),
    ("moved", 3),
    ("incomplete", 4),
    ("accepted", 3),
    ("accepted_overdue", 1),
    ("issued_awaiting_pickup", 2),
    ("issued", 17),
    ("endorsement_window", 5),
    ("endorsed", 15),
    ("suspended", 6),
    ("late_endorsed", 4),
    ("card_replaced", 4),
)
CANCEL_REASONS = ("已离开本地，返回户籍地居住", "已离开本地，到外地务工", "本人申报离开居住地", "房屋租赁到期，已搬离")
EXTENSION_REASONS = ("居住地偏远，交通不便", "制证设备故障，特殊情况延长", "冰雪天气道路中断")


def d(value: int) -> datetime.timedelta:
    return datetime.timedelta(days=value)


class Stories(PermitStories):
    def __init__(self, ctx: RulesContext, rng: random.Random):
        self.ctx, self.rng, self.today = ctx, rng, ctx.today
        self.calendar = ctx.calendar
        self._duty: dict[tuple, dict] = {}
        self._deadline: dict[datetime.date, dict] = {}
        self._missing: dict[tuple, list[str]] = {}
        materials = ctx.param("permit.materials", self.today).value
        self.proofs = {condition: list(codes) for condition, codes in materials["by_condition"].items()}
        self.common = [c for c in materials["common"] if c != "identity_document"]

    # -- calendar helpers -------------------------------------------------------------
    def workday(self, lo: datetime.date, hi: datetime.date) -> datetime.date:
        """A random working day in [lo, hi]."""
        if lo > hi:
            raise Infeasible
        day = lo + d(self.rng.randint(0, (hi - lo).days))
        for step in (ONE_DAY, -ONE_DAY):
            probe = day
            while lo <= probe <= hi:
                if self.calendar.is_working_day(probe):
                    return probe
                probe += step
        raise Infeasible

    def back(self, day: datetime.date, workdays: int) -> datetime.date:
        while workdays > 0:
            day -= ONE_DAY
            workdays -= self.calendar.is_working_day(day)
        return day

    # -- the rules, cached where the answer depends on few inputs ------------------------
    def duty(self, arrival: datetime.date, declared: datetime.date) -> dict:
        """Cached for declarations within a week of arrival (most of them): a few thousand
        keys over the whole date range, so memory stays flat; late ones are computed."""
        key = (arrival, declared)
        found = self._duty.get(key)
        if found is None:
            found = evaluate(
                {"question": "registration_duty", "arrival_date": arrival, "as_of": declared}, self.ctx
            ).to_dict()
            if (declared - arrival).days < 8:
                self._duty[key] = found
        return found

    def deadline(self, accepted: datetime.date) -> dict:
        found = self._deadline.get(accepted)
        if found is None:
            decision = evaluate({"question": "issuance_deadline", "acceptance_date": accepted}, self.ctx)
            found = self._deadline[accepted] = decision.fields
        return found

    def missing(self, condition: str, codes: list[str]) -> list[str]:
        key = (condition, tuple(codes))
        if key not in self._missing:
            decision = evaluate({"question": "missing_materials", "condition": condition, "materials": codes}, self.ctx)
            self._missing[key] = decision.fields["missing"]
        return self._missing[key]

    # -- registration ------------------------------------------------------------------
    def registration(self, town: Town, lo, hi, late: bool) -> RegistrationPlan:
        """Declared on a working day in [lo, hi], on time or late as the rules reckon it."""
        for _ in range(40):
            declared = self.workday(lo, hi)
            gap = self.rng.randint(8, 90) if late else self.rng.choices(range(7), (25, 25, 20, 12, 8, 6, 4))[0]
            arrival = declared - d(gap)
            duty = self.duty(arrival, declared)
            if duty["late"] == late:
                return RegistrationPlan(town=town, arrival=arrival, declared=declared, duty=duty)
        raise Infeasible

    def late_now_and_then(self) -> bool:
        return self.rng.random() < 0.08

    # -- the states ----------------------------------------------------------------------
    def make(self, state: str, towns: list[Town], condition: str) -> ResidentPlan:
        for _ in range(200):
            try:
                return self._make(state, towns, condition)
            except Infeasible:
                continue
        raise RuntimeError(f"cannot make a {state} resident as of {self.today}")

    def _make(self, state: str, towns: list[Town], condition: str) -> ResidentPlan:
        today, plan = self.today, ResidentPlan(state)
        town = towns[0]
        if state in ("registered", "registered_late"):
            plan.registrations.append(self.registration(town, today - d(3 * 365), today, state == "registered_late"))
        elif state == "cancelled":
            registration = self.registration(town, today - d(4 * 365), today - d(40), self.late_now_and_then())
            registration.status, registration.cancelled_on = (
                "cancelled",
                self.workday(registration.declared + d(30), today),
            )
            registration.cancel_reason = self.rng.choice(CANCEL_REASONS)
            plan.registrations.append(registration)
        elif state == "moved":
            old = self.registration(town, today - d(4 * 365), today - d(130), self.late_now_and_then())
            again = self.workday(old.declared + d(100), today)
            new = self.registration(towns[1], again, again, self.late_now_and_then())
            old.status, old.cancelled_on = "moved", new.declared  # register_residence with move=True
            old.cancel_reason = move_reason(towns[1].station_name)
            # The old station acknowledges it on the third working day; a recent move still waits in its
            # queue. A move between two towns of one station needs no telling: the action marks it seen.
            seen = self.calendar.add_working_days(new.declared, 3).date
            if towns[0].station_id == towns[1].station_id:
                seen = new.declared
            old.acknowledged_on = seen if seen <= today else None
            plan.registrations += [old, new]
        elif state in ("incomplete", "accepted", "accepted_overdue"):
            plan.application = self._pending_application(state, condition)
            plan.registrations.append(self._registration_before(town, plan.application.received_on))
        else:
            plan.permit = self._permit(state)
            plan.application = self._issued_application(plan.permit.issue_date, condition)
            plan.registrations.append(self._registration_before(town, plan.application.received_on))
            self._settle_permit(state, plan.permit, plan.current.declared)
        return plan

    def _registration_before(self, town: Town, received: datetime.date) -> RegistrationPlan:
        """Registered at least half a year before applying (Art 10)."""
        latest = add_months(received, -6)
        earliest = latest - d(45 if self.rng.random() < 0.5 else 500)
        return self.registration(town, earliest, latest, self.late_now_and_then())

    # -- applications ----------------------------------------------------------------------
    def _materials(self, condition: str) -> list[str]:
        document = "resident_id_card" if self.rng.random() < 0.9 else "household_register"
        return [document, *self.common, *self.proofs[condition]]

    def _intake(self, application: ApplicationPlan, accepted: datetime.date | None, via_notice: bool):
        """Materials received: all at once, or some, a notice, and the rest when accepted."""
        codes = self._materials(application.condition)
        if not via_notice:
            application.materials = [MaterialPlan(code, "", application.received_on) for code in codes]
            return
        dropped = set(self.rng.sample(range(len(codes)), 2 if self.rng.random() < 0.3 else 1))
        first = [c for i, c in enumerate(codes) if i not in dropped]
        application.materials = [MaterialPlan(code, "", application.received_on) for code in first]
        application.notice = NoticePlan(application.received_on, self.missing(application.condition, first))
        if accepted is not None:
            application.materials += [MaterialPlan(codes[i], "", accepted) for i in sorted(dropped)]

    def _accept(self, application: ApplicationPlan, accepted: datetime.date) -> None:
        application.accepted_on = accepted
        application.deadline = self.deadline(accepted)

    def _pending_application(self, state: str, condition: str) -> ApplicationPlan:
        today = self.today
        if state == "incomplete":
            received = self.workday(today - d(20), today)
            application = ApplicationPlan(condition, "incomplete", received)
            self._intake(application, None, via_notice=True)
            return application
        overdue = state == "accepted_overdue"
        accepted = self.workday(today - d(25), today - d(6)) if overdue else self.workday(today - d(3), today)
        via_notice = self.rng.random() < 0.3
        received = self.workday(accepted - d(15), accepted - ONE_DAY) if via_notice else accepted
        application = ApplicationPlan(condition, "accepted", received)
        self._accept(application, accepted)
        deadline = application.deadline
        if self.rng.random() < 0.15:
            application.extended_until = self.workday(deadline["due_date"] + ONE_DAY, deadline["extended_limit"])
            application.extension_reason = self.rng.choice(EXTENSION_REASONS)
        due = application.extended_until or deadline["due_date"]
        if (due < today) != overdue:
            raise Infeasible
        if overdue:
            application.flag = FlagPlan(due, due + ONE_DAY, None)
        self._intake(application, accepted, via_notice)
        return application

    def _issued_application(self, issued: datetime.date, condition: str) -> ApplicationPlan:
        """Accepted a few working days before the issue; now and then decided after the due date."""
        if self.rng.random() < 0.03:
            accepted = self.back(issued, self.rng.randint(4, 8))
        else:
            accepted = self.back(issued, self.rng.choices((0, 1, 2, 3), (40, 35, 20, 5))[0])
        via_notice = self.rng.random() < 0.25
        received = self.workday(accepted - d(15), accepted - ONE_DAY) if via_notice else accepted
        application = ApplicationPlan(condition, "issued", received, decided_on=issued)
        self._accept(application, accepted)
        due = application.deadline["due_date"]
        if issued > due:  # raised by the daily job the morning after the due date, closed the morning after the issue
            application.flag = FlagPlan(due, due + ONE_DAY, issued + ONE_DAY)
        self._intake(application, accepted, via_notice)
        return application
