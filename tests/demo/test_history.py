"""The demo residents' audit history: what the actions would have logged, chained, on the timeline."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from juzhu.audit.events import Event
from juzhu.audit.log import verify
from juzhu.audit.models import AuditEntry
from juzhu.demo.generator import generate
from juzhu.office.timeline import timeline_for
from juzhu.org.models import User
from juzhu.registry.actions import (
    acknowledge_move,
    cancel_registration,
    decide_application,
    endorse_permit,
    extend_issuance,
    hand_out_card,
    receive_application,
    register_residence,
    replace_card,
    supplement_materials,
)
from juzhu.registry.jobs.daily import run_daily
from juzhu.registry.models import (
    ApplicationMaterial,
    DeadlineFlag,
    Notice,
    Permit,
    PermitApplication,
    PermitCard,
    Person,
    Registration,
)
from juzhu.rules.periods import add_months
from tests.factories import person_data, residence_data
from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, photographed, registered

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
SHANGHAI = ZoneInfo("Asia/Shanghai")
COUNT = 300
ONE_DAY = datetime.timedelta(days=1)

STAFF_EVENTS = [Event.STAFF_CREATE, Event.STAFF_ASSIGN]  # the demo staffing its units (juzhu.org.actions)


@pytest.fixture
def units(db):
    from juzhu.org.loading import load_units

    load_units()


@pytest.fixture
def demo(units):
    return generate(COUNT, today=TODAY, seed=7, batch=120)


def local_day(entry) -> datetime.date:
    return entry.at.astimezone(SHANGHAI).date()


class Entries:
    """The generated entries by (action, object id); each expectation takes its entry away."""

    def __init__(self):
        self.all = list(
            AuditEntry.objects.exclude(action="demo.generate").exclude(action__in=STAFF_EVENTS).order_by("id")
        )
        self.left = defaultdict(list)
        for entry in self.all:
            self.left[(entry.action, entry.object_id)].append(entry)

    def take(self, action: str, obj, *, on: datetime.date | None = None) -> AuditEntry:
        found = self.left[(action, str(obj.pk))]
        matching = [e for e in found if on is None or local_day(e) == on]
        assert matching, (action, obj._meta.label, obj.pk, on)
        entry = matching[0]
        found.remove(entry)
        assert entry.object_type == obj._meta.label and entry.person_id == getattr(obj, "person_id", obj.pk)
        return entry

    def remaining(self) -> list[AuditEntry]:
        return [e for entries in self.left.values() for e in entries]


def test_every_event_of_the_generated_residents_has_its_entry_and_the_chain_holds(demo):
    result = verify()
    assert result.ok and result.checked == AuditEntry.objects.count()
    # the residents' history and demo.generate; the demo's staff accounts are the staff actions' own events
    assert AuditEntry.objects.exclude(action__in=STAFF_EVENTS).count() == demo["rows"]["audit"] + 1
    assert AuditEntry.objects.order_by("-id").first().action == "demo.generate"
    entries = Entries()
    assert all(e.detail.get("demo") is True for e in entries.all)

    registrations = list(
        Registration.objects.select_related(
            "registered_by", "unit", "moved_to__registered_by", "move_acknowledged_by"
        ).order_by("declared_date")
    )
    by_person = defaultdict(list)
    for registration in registrations:
        by_person[registration.person_id].append(registration)
    for registration in registrations:
        clerk = registration.registered_by
        created = entries.take("registration.create", registration, on=registration.declared_date)
        assert (created.actor_id, created.actor, created.role, created.unit) == (
            clerk.pk,
            clerk.username,
            "clerk",
            registration.unit.name,
        )
        assert created.detail["late"] == registration.late
        earlier = [r.number for r in by_person[registration.person_id] if r.moved_to_id == registration.pk]
        assert created.detail["moved_from"] == earlier
        if registration.status == "moved":  # registering elsewhere moved it, by the new station's clerk
            later = registration.moved_to
            ended = entries.take("registration.moved", registration, on=registration.cancelled_on)
            assert ended.actor == later.registered_by.username and ended.detail["moved_to"] == later.number
            assert (ended.detail["from_unit"], ended.detail["new_town"]) == (registration.unit.name, later.town_id)
            if registration.move_acknowledged_on:
                seen = entries.take(
                    "registration.move_acknowledged", registration, on=registration.move_acknowledged_on
                )
                assert seen.actor == clerk.username == registration.move_acknowledged_by.username
        elif registration.status == "cancelled":
            ended = entries.take("registration.cancel", registration, on=registration.cancelled_on)
            assert ended.actor == clerk.username and ended.detail["reason"] == registration.cancel_reason

    issuers = {u.pk: u for u in User.objects.filter(groups__name="issuer").select_related("unit")}
    for application in PermitApplication.objects.select_related("registration__registered_by", "decided_by"):
        clerk = application.registration.registered_by.username
        assert entries.take("application.receive", application, on=application.received_on).actor == clerk
        if application.accepted_on:  # the photo was taken first: approval needs it
            photo = entries.take("person.photo", application.registration.person, on=application.accepted_on)
            assert photo.actor == clerk and application.registration.person.photo
            accepted = entries.take("application.accept", application, on=application.accepted_on)
            assert accepted.actor == clerk and accepted.detail["receipt"] == application.receipt_number
            assert accepted.detail["due_date"] == application.due_date.isoformat()
        if application.extended_until:
            extended = entries.take("application.extend", application)
            assert issuers[extended.actor_id].unit.county_id == application.county_id
            assert application.accepted_on <= local_day(extended) <= min(application.due_date, TODAY)
            assert extended.detail["until"] == application.extended_until.isoformat()
        if application.decided_on:
            approved = entries.take("application.approve", application, on=application.decided_on)
            assert approved.actor == application.decided_by.username and approved.role == "issuer"

    for notice in Notice.objects.select_related("given_by", "application"):
        given = entries.take("application.notice", notice, on=notice.given_on)
        assert given.actor == notice.given_by.username and given.detail["missing"] == notice.missing
        application = notice.application
        if application.accepted_on:
            brought = sorted(
                ApplicationMaterial.objects.filter(
                    application=application, received_on__gt=notice.given_on
                ).values_list("code", flat=True)
            )
            supplemented = entries.take("application.supplement", application, on=application.accepted_on)
            assert supplemented.detail["materials"] == brought

    for permit in Permit.objects.select_related("application__decided_by"):
        issued = entries.take("permit.issue", permit, on=permit.issue_date)
        assert issued.actor == permit.application.decided_by.username
        assert issued.detail["number"] == permit.number
        assert issued.detail["next_anniversary"] == add_months(permit.issue_date, 12).isoformat()
        endorsements = list(permit.endorsements.select_related("endorsed_by").order_by("date"))
        for endorsement in endorsements:
            endorsed = entries.take("permit.endorse", permit, on=endorsement.date)
            assert endorsed.actor == endorsement.endorsed_by.username
            assert (endorsed.detail["date"], endorsed.detail["late"]) == (
                endorsement.date.isoformat(),
                endorsement.late,
            )
        suspended_on = [e.anniversary + ONE_DAY for e in endorsements if e.late]
        if permit.status == "suspended":
            suspended_on.append(permit.suspended_since)
        for day in suspended_on:  # by the daily job
            suspension = entries.take("permit.suspend", permit, on=day)
            assert (suspension.actor_id, suspension.actor, suspension.role, suspension.unit) == (None, "system", "", "")

    for card in PermitCard.objects.select_related("permit__registration__registered_by"):
        clerk = card.permit.registration.registered_by.username
        if card.version > 1:
            made = entries.take(f"card.{card.kind}", card, on=card.produced_on)
            assert made.actor == clerk and made.detail["version"] == card.version
        if card.handed_out_on:
            assert entries.take("card.hand_out", card, on=card.handed_out_on).actor == clerk

    for flag in DeadlineFlag.objects.all():  # raised by the daily job (Art 27, R-24)
        raised = entries.take("flag.raise", flag, on=flag.flagged_on)
        assert (raised.actor_id, raised.actor, raised.role) == (None, "system", "")
        assert raised.detail["application"] == flag.object_id and raised.detail["due_date"] == flag.due_date.isoformat()

    assert entries.remaining() == []
    counts = Counter(e.action for e in entries.all)
    assert set(counts) <= set(Event.timeline()) | {Event.PERSON_PHOTO, Event.FLAG_RAISE}
    assert counts["registration.create"] == demo["rows"]["registration"]
    assert counts["permit.issue"] == demo["rows"]["permit"] > 0
    assert counts["permit.endorse"] == demo["rows"]["endorsement"] > 0


def test_each_persons_entries_follow_each_other_in_time_at_plausible_hours(demo):
    last: dict[int, datetime.datetime] = {}
    for entry in AuditEntry.objects.exclude(action="demo.generate").exclude(action__in=STAFF_EVENTS).order_by("id"):
        at = entry.at.astimezone(SHANGHAI)
        assert entry.person_id in last or entry.action == "registration.create"  # a person's story starts there
        assert at > last.get(entry.person_id, at - ONE_DAY), (entry.person_id, entry.action)
        last[entry.person_id] = at
        assert at.date() <= TODAY
        assert 9 <= at.hour < 18 if entry.actor_id else at.hour == 0  # the daily job runs after midnight
    assert len(last) == COUNT == Person.objects.count()


def _expected_timeline(person) -> list[tuple]:
    """(day, label, who) of every event of the person, read from her rows."""
    events = []
    for registration in Registration.objects.filter(person=person).select_related("registered_by"):
        events.append((registration.declared_date, "registration.create", registration.registered_by.username))
    for application in PermitApplication.objects.filter(person=person).select_related(
        "registration__registered_by", "decided_by"
    ):
        clerk = application.registration.registered_by.username
        events.append((application.received_on, "application.receive", clerk))
        for notice in application.notices.all():
            events.append((notice.given_on, "application.notice", clerk))
            events.append((application.accepted_on, "application.supplement", clerk))
        events.append((application.accepted_on, "application.accept", clerk))
        if application.status != "issued":
            continue
        events.append((application.decided_on, "application.approve", application.decided_by.username))
        events.append((application.decided_on, "permit.issue", application.decided_by.username))
        permit = application.permit
        for card in permit.cards.all():
            if card.version > 1:
                events.append((card.produced_on, f"card.{card.kind}", clerk))
            if card.handed_out_on:
                events.append((card.handed_out_on, "card.hand_out", clerk))
        for endorsement in permit.endorsements.select_related("endorsed_by"):
            events.append((endorsement.date, "permit.endorse", endorsement.endorsed_by.username))
            if endorsement.late:
                events.append((endorsement.anniversary + ONE_DAY, "permit.suspend", "system"))
    return sorted((day, Event(action).label, who) for day, action, who in events)


def test_a_person_with_an_issued_endorsed_permit_sees_her_history_on_the_timeline(demo):
    endorsed = Permit.objects.filter(status="valid", endorsements__isnull=False).distinct().select_related("person")
    assert endorsed.count() > 10
    for permit in endorsed:
        timeline = list(reversed(timeline_for(permit.person)))  # the page shows the newest first
        ats = [item["at"] for item in timeline]
        assert ats == sorted(ats) and len(set(ats)) == len(ats)
        assert timeline[0]["what"] == "办理居住登记" and "签发居住证" in [item["what"] for item in timeline]
        seen = sorted((item["at"].astimezone(SHANGHAI).date(), item["what"], item["login"]) for item in timeline)
        assert seen == _expected_timeline(permit.person), permit.person_id
        assert all(item["detail"] for item in timeline)  # the purpose


def _real_shapes(staff, clock) -> dict[str, tuple]:
    """Drive one person through every action the demo imitates; what each entry looks like."""
    clock("2025-06-02")
    registration = registered(staff)
    photographed(staff, registration.person_id)  # not on the timeline (LABELS): the demo does not imitate it
    clock("2025-12-02")
    first = {k: v for k, v in COMPLETE_FOR_EMPLOYMENT.items() if k != "photo"}
    application = receive_application(
        acting_user=staff.clerk, registration_id=registration.pk, condition="employment", materials=first
    )
    application = supplement_materials(acting_user=staff.clerk, application_id=application.pk, materials={"photo": ""})
    extend_issuance(
        acting_user=staff.issuer,
        application_id=application.pk,
        until=application.extension_limit,
        reason="冰雪天气道路中断",
    )
    application.refresh_from_db()
    run_daily(application.effective_due_date + ONE_DAY)  # missed: the daily job raises a flag
    permit = decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    hand_out_card(acting_user=staff.clerk, card_id=permit.cards.get().pk)
    run_daily(add_months(permit.issue_date, 12) + ONE_DAY)
    clock("2027-01-15")
    endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)
    replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="replacement", old_card_returned=True)
    replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")
    other = person_data(id_number="61011319910715001X", name="李强")
    left = register_residence(acting_user=staff.clerk, person=other, residence=residence_data())
    moved = register_residence(
        acting_user=staff.other_clerk,
        person=other,
        move=True,
        residence=residence_data(town="610902002", address="汉滨区新城街道巴山路8号"),
    )
    acknowledge_move(acting_user=staff.clerk, registration_id=left.pk)
    cancel_registration(acting_user=staff.other_clerk, registration_id=moved.pk, reason="已离开本市")
    return {
        e.action: _shape(e)
        for e in AuditEntry.objects.filter(action__in=[*Event.timeline(), Event.PERSON_PHOTO, Event.FLAG_RAISE])
    }


def _shape(entry) -> tuple:
    detail = {key: type(value).__name__ for key, value in entry.detail.items() if key != "demo"}
    return entry.object_type, entry.purpose, entry.role, tuple(sorted(detail.items()))


def test_generated_entries_look_like_what_the_actions_record(staff, clock):
    real = _real_shapes(staff, clock)
    first_demo = AuditEntry.objects.order_by("-id").first().id + 1
    generate(COUNT, today=TODAY, seed=7, batch=120)
    demo = defaultdict(set)
    for entry in (
        AuditEntry.objects.filter(id__gte=first_demo).exclude(action="demo.generate").exclude(action__in=STAFF_EVENTS)
    ):
        demo[entry.action].add(_shape(entry))
    assert set(demo) == set(real), set(demo) ^ set(real)
    for action, shapes in demo.items():
        assert shapes == {real[action]}, action
    assert verify().ok


def _fingerprint():
    persons = [
        (
            p.id_number,
            p.name,
            tuple(
                Registration.objects.filter(person=p).order_by("pk").values_list("number", "declared_date", "status")
            ),
        )
        for p in Person.objects.order_by("pk")
    ]
    ids = dict(Person.objects.values_list("pk", "id_number"))
    audit = [
        (ids.get(e.person_id), e.action, e.at, e.actor, e.purpose, e.detail)
        for e in AuditEntry.objects.exclude(action="demo.generate").exclude(action__in=STAFF_EVENTS).order_by("id")
    ]
    return persons, audit


class _Rollback(Exception):
    pass


def test_the_history_is_deterministic_and_optional_without_changing_the_residents(units):
    prints, summaries = [], []
    for history in (True, True, False):
        try:
            with transaction.atomic():
                summaries.append(generate(60, today=TODAY, seed=11, batch=25, history=history))
                prints.append(_fingerprint())
                raise _Rollback
        except _Rollback:
            pass
    (persons, audit), (persons_again, audit_again), (persons_without, audit_without) = prints
    assert persons == persons_again == persons_without
    assert audit == audit_again and len(audit) == summaries[0]["rows"]["audit"] > 60
    assert audit_without == [] and summaries[2]["rows"]["audit"] == 0
