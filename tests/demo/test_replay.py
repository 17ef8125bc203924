"""The demo city is history the system wrote: every state reached, the chain intact, and each
resident's timeline exactly the entries the actions and the daily job record."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from juzhu.audit.events import Event
from juzhu.audit.models import AuditEntry
from juzhu.demo.timeline import STATES
from juzhu.notify.models import Notification
from juzhu.office.timeline import timeline_for
from juzhu.registry.models import DeadlineFlag, Permit, PermitApplication, PermitCard, Person, Registration
from juzhu.rules import evaluate

from .conftest import TODAY

pytestmark = pytest.mark.django_db
ZONE = datetime.timezone(datetime.timedelta(hours=8))  # Asia/Shanghai, as the clock keeps office days


def state_of(person: Person, rules_ctx) -> str:
    """The demo state as the office sees the records today (not as the planner meant it)."""
    registrations = list(Registration.objects.filter(person=person).order_by("pk"))
    if any(r.status == "moved" for r in registrations):
        return "moved"
    if registrations[-1].status == "cancelled":
        return "cancelled"
    application = PermitApplication.objects.filter(person=person).first()
    if application is None:
        return "registered_late" if registrations[-1].late else "registered"
    if application.status == "incomplete":
        return "incomplete"
    if application.status == "accepted":
        flagged = DeadlineFlag.objects.filter(object_id=application.pk, resolved_on=None).exists()
        return "accepted_overdue" if flagged else "accepted"
    permit = Permit.objects.get(person=person)
    cards = list(permit.cards.order_by("version"))
    if len(cards) > 1:
        return "card_replaced"
    if cards[0].status == "produced":
        return "issued_awaiting_pickup"
    if permit.status == "suspended":
        return "suspended"
    endorsements = list(permit.endorsements.order_by("date"))
    if endorsements and endorsements[-1].late:
        return "late_endorsed"
    answer = evaluate(
        {
            "question": "endorsement_status",
            "issue_date": permit.issue_date,
            "registration_date": permit.registration_date,
            "endorsements": [e.date for e in endorsements],
            "as_of": TODAY,
        },
        rules_ctx,
    )
    if answer.fields["in_window"]:
        return "endorsement_window"
    return "endorsed" if endorsements else "issued"


def test_every_state_is_reached_as_the_records_show_it(demo, rules_ctx):
    seen = Counter(state_of(person, rules_ctx) for person in Person.objects.all())
    assert seen == Counter({state: n for state, n in demo["states"].items() if n})
    assert all(seen[state] >= 1 for state, _ in STATES), seen


def test_audit_verify_passes_on_the_demo(demo):
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert AuditEntry.objects.count() == demo["rows"]["audit"] + 1  # + demo.generate
    assert str(AuditEntry.objects.count()) in out.getvalue()
    assert demo["actions"] > demo["residents"] and demo["daily_runs"] > 0


def test_no_demo_only_audit_entries_and_the_daily_job_did_its_part(demo):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions <= {e.value for e in Event}
    assert not AuditEntry.objects.filter(detail__has_key="demo").exists()
    job = AuditEntry.objects.filter(action=Event.JOB_DAILY)
    assert job.count() == demo["daily_runs"]
    assert job.filter(at__date=TODAY).exists() or job.order_by("-id").first().detail["day"] == TODAY.isoformat()
    suspensions = AuditEntry.objects.filter(action=Event.PERMIT_SUSPEND)
    assert suspensions.count() >= demo["states"]["suspended"] + demo["states"]["late_endorsed"]
    assert not suspensions.exclude(actor_id=None).exists()
    assert AuditEntry.objects.filter(action=Event.FLAG_RAISE).count() == DeadlineFlag.objects.count()
    # Notifications were queued by the actions and delivered by the job's runs.
    assert (
        Notification.objects.filter(kind="receipt").count()
        == PermitApplication.objects.exclude(accepted_on=None).count()
    )
    assert Notification.objects.filter(status="sent").exists()


def _day(entry: AuditEntry) -> datetime.date:
    return entry.at.astimezone(ZONE).date()


def test_each_timeline_is_what_the_actions_wrote_at_their_dates(demo):
    """Per resident: the entries follow from her rows (one per registration, notice, card …),
    each on the day the row says, and the office's timeline shows exactly them."""
    shown = Event.timeline()
    for person in Person.objects.all():
        entries = list(AuditEntry.objects.filter(person_id=person.pk).order_by("id"))
        by_action = Counter(e.action for e in entries)
        registrations = list(Registration.objects.filter(person=person))
        assert by_action[Event.REGISTRATION_CREATE] == len(registrations)
        assert by_action[Event.REGISTRATION_MOVED] == sum(r.status == "moved" for r in registrations)
        assert by_action[Event.REGISTRATION_CANCEL] == sum(r.status == "cancelled" for r in registrations)
        for registration in registrations:
            created = next(
                e for e in entries if e.action == Event.REGISTRATION_CREATE and e.object_id == str(registration.pk)
            )
            assert _day(created) == registration.declared_date and created.actor_id == registration.registered_by_id
        applications = list(PermitApplication.objects.filter(person=person))
        assert by_action[Event.APPLICATION_RECEIVE] == len(applications)
        assert by_action[Event.APPLICATION_ACCEPT] == sum(a.accepted_on is not None for a in applications)
        assert by_action[Event.PERSON_PHOTO] == (1 if person.photo else 0)
        permits = list(Permit.objects.filter(person=person))
        assert by_action[Event.PERMIT_ISSUE] == by_action[Event.APPLICATION_APPROVE] == len(permits)
        cards = PermitCard.objects.filter(person=person)
        assert by_action[Event.CARD_HAND_OUT] == cards.exclude(handed_out_on=None).count()
        assert by_action[Event.CARD_REPLACEMENT] + by_action[Event.CARD_REISSUE] == cards.exclude(version=1).count()
        for permit in permits:
            endorsements = list(permit.endorsements.all())
            assert by_action[Event.PERMIT_ENDORSE] == len(endorsements)
            assert by_action[Event.PERMIT_SUSPEND] == sum(e.late for e in endorsements) + (permit.status == "suspended")
            issued = next(e for e in entries if e.action == Event.PERMIT_ISSUE)
            assert _day(issued) == permit.issue_date and issued.detail["number"] == permit.number
        timeline = timeline_for(person)
        expected = [e for e in entries if e.action in shown]
        assert [(t["at"], t["login"]) for t in timeline] == [(e.at, e.actor) for e in reversed(expected)]
        assert [t["what"] for t in timeline] == [Event(e.action).label for e in reversed(expected)]
