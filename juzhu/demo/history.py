"""The audit entries the registry's actions would have written for the generated residents.

One entry per event of each resident, with the action, object, person, purpose and detail
that the real action records (``juzhu/registry/actions``, the daily job's suspension), so
that a demo person's timeline shows her history and ``juzhu audit verify`` covers it.
The actor is the staff member the writer put on the row (the station's clerk, the
county's issuer; the daily job is ``system``). The time is on the event's day, Asia/Shanghai:
office hours for the staff, shortly after midnight for the daily job; several events of
one day follow each other a few minutes apart. Entries of one person are appended in
chronological order. Every detail carries ``"demo": true``: they are not real history.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from juzhu.audit.events import Event
from juzhu.audit.log import actor_role, build_entry
from juzhu.audit.models import AuditEntry
from juzhu.registry.events.payloads import PermitSuspended
from juzhu.registry.jobs.daily import FLAG_PURPOSE, flag_detail
from juzhu.rules import RulesContext, evaluate

from .photo import demo_photo
from .plans import ApplicationPlan, PermitPlan, ResidentPlan
from .staffing import Staff

OFFICE_TZ = ZoneInfo(settings.TIME_ZONE)  # the city's office hours, as the system keeps time
ONE_DAY = datetime.timedelta(days=1)
CHUNK = 2000  # entries held in memory before they are chained and written


@dataclass(slots=True)
class Step:
    on: datetime.date
    actor: int | None  # user id; None: the daily job
    action: Event
    obj: object
    purpose: str
    detail: dict


class History:
    def __init__(self, staff: Staff, ctx: RulesContext, seed: int):
        from juzhu.org.models import User

        self.staff, self.ctx = staff, ctx
        self.rng = random.Random(f"history:{seed}")  # apart from the planner's: same residents either way
        ids = set(staff.clerk_of_station.values()) | set(staff.issuer_of_county.values())
        self.actors = {
            user.pk: (user, actor_role(user)) for user in User.objects.filter(pk__in=ids).select_related("unit")
        }
        self._reasons: dict[tuple, list[str]] = {}
        self.photo_detail = demo_photo().detail
        self._first_anniversary: dict[datetime.date, datetime.date] = {}

    def chunks(self, plans: list[ResidentPlan], persons: list) -> Iterator[list[AuditEntry]]:
        """The entries of a batch whose rows exist (have pks), a few thousand at a time, for
        ``append_many``; each resident's entries stay together and in order."""
        entries = []
        for plan, person in zip(plans, persons, strict=True):
            entries += self.entries(plan, person.pk)
            if len(entries) >= CHUNK:
                yield entries
                entries = []
        if entries:
            yield entries

    def entries(self, plan: ResidentPlan, person_id: int) -> list[AuditEntry]:
        events = self._registrations(plan)
        if plan.photographed:  # set_person_photo, at the window, before the application was accepted
            from juzhu.registry.models import Person

            events.append(
                Step(
                    plan.application.accepted_on,
                    self.staff.clerk_of_station[plan.current.row.unit_id],
                    Event.PERSON_PHOTO,
                    Person(pk=person_id),
                    "采集相片",
                    self.photo_detail,
                )
            )
        if plan.application:
            events += self._application(plan, plan.application)
        if plan.permit:
            events += self._permit(plan, plan.permit)
        if plan.application and plan.application.flag:  # raised by the daily job (Art 27, R-24)
            flag = plan.application.flag.row
            events.append(
                Step(
                    flag.flagged_on,
                    None,
                    Event.FLAG_RAISE,
                    flag,
                    FLAG_PURPOSE,
                    flag_detail(flag, plan.application.receipt_number),
                )
            )
        # The daily job runs before the office opens; otherwise the order of the story.
        events.sort(key=lambda e: (e.on, e.actor is not None))
        entries, day, minute = [], None, 0
        for event in events:
            if event.actor is None:
                minute = 5 + self.rng.randrange(20)
            elif event.on != day or minute < 9 * 60:
                minute = 9 * 60 + self.rng.randrange(6 * 60)  # 09:00-14:59, so a few more fit before 18:00
            else:
                minute += 3 + self.rng.randrange(25)
            day = event.on
            at = datetime.datetime.combine(
                day, datetime.time(minute // 60, minute % 60, self.rng.randrange(60)), tzinfo=OFFICE_TZ
            )
            user, role = self.actors[event.actor] if event.actor is not None else (None, "")
            entries.append(
                build_entry(
                    actor=user,
                    role=role,
                    action=event.action,
                    obj=event.obj,
                    person_id=person_id,
                    purpose=event.purpose,
                    at=at,
                    detail={**event.detail, "demo": True},
                )
            )
        return entries

    # -- the events, as the actions record them ------------------------------------------------
    def _registrations(self, plan: ResidentPlan) -> list[Step]:
        events = []
        for index, item in enumerate(plan.registrations):
            row, clerk = item.row, self.staff.clerk_of_station[item.town.station_id]
            previous = plan.registrations[index - 1] if index else None
            events.append(
                Step(
                    item.declared,
                    clerk,
                    Event.REGISTRATION_CREATE,
                    row,
                    "居住登记",
                    {
                        "late": row.late,
                        "due_date": row.due_date,
                        "moved_from": [previous.row.number] if previous else [],
                    },
                )
            )
            if previous:  # registering here with move=True ended the previous registration
                old_clerk = self.staff.clerk_of_station[previous.town.station_id]
                events.append(
                    Step(
                        item.declared,
                        clerk,
                        Event.REGISTRATION_MOVED,
                        previous.row,
                        "居住登记",
                        {
                            "moved_to": row.number,
                            "to_unit": self.actors[clerk][0].unit.name,
                            "from_unit": self.actors[old_clerk][0].unit.name,
                            "new_town": item.town.code,
                        },
                    )
                )
                if previous.acknowledged_on:
                    events.append(
                        Step(
                            previous.acknowledged_on,
                            old_clerk,
                            Event.REGISTRATION_MOVE_ACKNOWLEDGED,
                            previous.row,
                            "迁出知悉",
                            {"moved_to": row.number},
                        )
                    )
            if item.status == "cancelled" and index == len(plan.registrations) - 1:
                events.append(
                    Step(
                        item.cancelled_on,
                        clerk,
                        Event.REGISTRATION_CANCEL,
                        row,
                        "注销居住登记",
                        {"reason": item.cancel_reason},
                    )
                )
        return events

    def _application(self, plan: ResidentPlan, item: ApplicationPlan) -> list[Step]:
        row, registration = item.row, plan.current.row
        clerk = self.staff.clerk_of_station[registration.unit_id]
        issuer = self.staff.issuer_of_county[registration.county_id]
        events = [
            Step(item.received_on, clerk, Event.APPLICATION_RECEIVE, row, "居住证申领", {"condition": item.condition})
        ]
        if item.notice:
            first = sorted(m.code for m in item.materials if m.received_on <= item.notice.given_on)
            events.append(
                Step(
                    item.notice.given_on,
                    clerk,
                    Event.APPLICATION_NOTICE,
                    item.notice.row,
                    "一次性告知",
                    {"missing": item.notice.missing, "reasons": self._missing_reasons(item.condition, first)},
                )
            )
            if item.accepted_on:
                later = sorted(m.code for m in item.materials if m.received_on > item.notice.given_on)
                events.append(
                    Step(item.accepted_on, clerk, Event.APPLICATION_SUPPLEMENT, row, "居住证申领", {"materials": later})
                )
        if item.accepted_on:
            events.append(
                Step(
                    item.accepted_on,
                    clerk,
                    Event.APPLICATION_ACCEPT,
                    row,
                    "受理居住证申领",
                    {"receipt": item.receipt_number, "due_date": item.deadline["due_date"]},
                )
            )
        if item.extended_until:
            events.append(
                Step(
                    self._extended_on(item),
                    issuer,
                    Event.APPLICATION_EXTEND,
                    row,
                    "延长发放期限",
                    {"until": item.extended_until, "reason": item.extension_reason},
                )
            )
        if plan.permit:  # decide_application: the permit is signed, then the approval recorded
            permit = plan.permit
            events.append(
                Step(
                    item.decided_on,
                    issuer,
                    Event.PERMIT_ISSUE,
                    permit.row,
                    "签发居住证",
                    {"number": permit.number, "next_anniversary": self._anniversary_after_issue(permit.issue_date)},
                )
            )
            events.append(
                Step(
                    item.decided_on, issuer, Event.APPLICATION_APPROVE, row, "审批居住证申领", {"permit": permit.number}
                )
            )
        return events

    def _permit(self, plan: ResidentPlan, permit: PermitPlan) -> list[Step]:
        row, clerk = permit.row, self.staff.clerk_of_station[plan.current.row.unit_id]
        registered = plan.current.declared
        events = []
        for card in permit.cards:
            if card.version > 1:
                events.append(
                    Step(
                        card.produced_on,
                        clerk,
                        Event(f"card.{card.kind}"),
                        card.row,
                        "换领补领居住证",
                        {"version": card.version, "fee": "0"},
                    )
                )
            if card.handed_out_on:
                events.append(Step(card.handed_out_on, clerk, Event.CARD_HAND_OUT, card.row, "发放居住证", {}))
        dates = [e.date for e in permit.endorsements]
        for index, endorsement in enumerate(permit.endorsements):
            if endorsement.late:  # the daily job suspended the permit the day after the missed anniversary
                events.append(self._suspension(permit, registered, dates[:index], endorsement.anniversary + ONE_DAY))
            decision = self._status(permit.issue_date, registered, dates[: index + 1], endorsement.date)
            events.append(
                Step(
                    endorsement.date,
                    clerk,
                    Event.PERMIT_ENDORSE,
                    row,
                    "居住证签注",
                    {"date": endorsement.date, "late": endorsement.late, "reasons": decision.reasons},
                )
            )
        if permit.status == "suspended":
            events.append(self._suspension(permit, registered, dates, permit.suspended_since))
        return events

    def _suspension(self, permit: PermitPlan, registered, dates, on: datetime.date) -> Step:
        decision = self._status(permit.issue_date, registered, dates, on)
        said = PermitSuspended(reasons=tuple(decision.reasons), window_end=decision.fields.get("window_end"))
        return Step(on, None, Event.PERMIT_SUSPEND, permit.row, "逾期未签注", said.detail())

    # -- what the rules said at the time -------------------------------------------------------
    def _status(self, issued, registered, dates, as_of):
        return evaluate(
            {
                "question": "endorsement_status",
                "issue_date": issued,
                "registration_date": registered,
                "endorsements": list(dates),
                "as_of": as_of,
            },
            self.ctx,
        )

    def _anniversary_after_issue(self, issued: datetime.date) -> datetime.date:
        found = self._first_anniversary.get(issued)
        if found is None:
            decision = self._status(issued, None, [], issued)
            found = self._first_anniversary[issued] = decision.fields["next_anniversary"]
        return found

    def _missing_reasons(self, condition: str, codes: list[str]) -> list[str]:
        key = (condition, tuple(codes))
        found = self._reasons.get(key)
        if found is None:
            decision = evaluate({"question": "missing_materials", "condition": condition, "materials": codes}, self.ctx)
            found = self._reasons[key] = decision.reasons
        return found

    def _extended_on(self, item: ApplicationPlan) -> datetime.date:
        """A working day from acceptance to the original due date (or today): the plan has no date."""
        last = min(item.deadline["due_date"], self.ctx.today)
        day = item.accepted_on + datetime.timedelta(days=self.rng.randint(0, max(0, (last - item.accepted_on).days)))
        while day > item.accepted_on and not self.ctx.calendar.is_working_day(day):
            day -= ONE_DAY
        return day
