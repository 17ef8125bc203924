"""Events (issue 9): the typed payloads read back what was stored, ``emit`` writes the audit
entry and the messages from one mapping, and the daily job's flags are events."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from juzhu import clock as system_clock
from juzhu.audit.events import Event
from juzhu.audit.models import AuditEntry
from juzhu.audit.payloads import payload_of, payload_type
from juzhu.notify.models import Notification
from juzhu.registry.actions import decide_application, receive_application
from juzhu.registry.events import emit
from juzhu.registry.events import payloads as p
from juzhu.registry.events.messages import MESSAGES
from juzhu.registry.jobs.daily import run_daily
from juzhu.registry.models import DeadlineFlag

from .flows import COMPLETE_FOR_EMPLOYMENT, issued_permit, photographed, registered

pytestmark = pytest.mark.django_db


def test_every_stored_detail_reads_back_as_its_typed_payload(staff, clock):
    permit = issued_permit(staff, clock)
    run_daily(permit.next_anniversary + datetime.timedelta(days=40))  # suspended: the window passed
    entries = list(AuditEntry.objects.exclude(detail={}))
    actions = {e.action for e in entries}
    assert {"registration.create", "application.accept", "permit.issue", "permit.suspend", "job.daily"} <= actions
    for entry in entries:
        payload = payload_of(entry.action, entry.detail)
        assert payload is not None, entry.action
        assert payload.detail() == entry.detail, entry.action
    issued = AuditEntry.objects.get(action="permit.issue")
    assert payload_of(issued.action, issued.detail) == p.PermitIssued(permit.number, permit.next_anniversary)


def test_every_event_with_a_message_has_a_payload_its_builder_can_read():
    for event in MESSAGES:
        assert payload_type(event) is not None, event


def test_emit_refuses_a_payload_that_is_not_the_events(staff):
    now = system_clock.now()
    with pytest.raises(TypeError, match="needs a RegistrationCancelled payload"):
        emit(
            Event.REGISTRATION_CANCEL,
            actor=staff.clerk,
            purpose="测试",
            moment=now,
            payload=p.ApplicationWithdrawn("x"),
        )
    with pytest.raises(TypeError, match="carries no payload"):
        emit(Event.CARD_HAND_OUT, actor=staff.clerk, purpose="测试", moment=now, payload=p.ApplicationWithdrawn("x"))
    with pytest.raises(ValueError, match="timezone-aware"):
        emit(Event.CARD_HAND_OUT, actor=staff.clerk, purpose="测试", moment=datetime.datetime(2026, 1, 1))  # noqa: DTZ001
    assert not AuditEntry.objects.exists()


def test_the_messages_come_from_the_events_in_their_transaction(staff, clock):
    clock("2026-03-02")
    registration = registered(staff)
    sms = Notification.objects.get(kind="registration")
    assert sms.dedupe_key == f"registration:{registration.pk}" and registration.number in sms.text
    assert sms.recipient == registration.person.phone
    # An event rolled back with its transaction takes its message with it.
    with pytest.raises(RuntimeError), transaction.atomic():
        emit(
            Event.APPLICATION_REFUSE,
            actor=staff.issuer,
            subject=registration,
            person=registration.person,
            purpose="测试",
            moment=system_clock.now(),
            payload=p.ApplicationRefused("BP1", ("测试理由",), ()),
        )
        assert Notification.objects.get(kind="refusal").text == "您的居住证申领不予批准：测试理由"
        raise RuntimeError
    assert not Notification.objects.filter(kind="refusal").exists()


def test_closing_a_flag_is_an_event(staff, clock):
    clock("2025-06-02")
    registration = registered(staff)
    photographed(staff, registration.person_id)
    clock("2025-12-02")  # Tue: due Fri 5 Dec
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    run_daily(datetime.date(2025, 12, 6))
    clock("2025-12-08")
    decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    run_daily(datetime.date(2025, 12, 8))
    run_daily(datetime.date(2025, 12, 9))  # a rerun closes nothing more
    flag = DeadlineFlag.objects.get()
    entry = AuditEntry.objects.get(action="flag.resolve")
    assert (entry.object_id, entry.person_id, entry.actor) == (str(flag.pk), registration.person_id, "system")
    assert payload_of(entry.action, entry.detail) == p.FlagResolved(
        flag.pk, application.pk, "issued", datetime.date(2025, 12, 8)
    )
    assert entry.at.astimezone(system_clock.ZONE).date() == datetime.date(2025, 12, 8)


def test_the_daily_job_writes_its_entries_at_its_one_moment(staff, clock):
    clock("2026-03-02")
    run_daily(datetime.date(2026, 3, 5))  # catching up a later day: its entries are on that day
    job = AuditEntry.objects.get(action="job.daily")
    assert job.at.astimezone(system_clock.ZONE).date() == datetime.date(2026, 3, 5)
    assert payload_of(job.action, job.detail).day == datetime.date(2026, 3, 5)
