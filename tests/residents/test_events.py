"""The residents' actions on the core's conventions: typed payloads read back from the stored
entries, messages through the one mapping, the sign-in SMS delivered at once and blanked,
the clock read once per action, the declaration's limits taken from the registry's columns."""

from __future__ import annotations

import datetime

import pytest

from juzhu import clock as system_clock
from juzhu.audit.events import Event
from juzhu.audit.models import AuditEntry
from juzhu.audit.payloads import payload_of
from juzhu.notify.models import Notification
from juzhu.notify.senders import SECRET_KINDS
from juzhu.registry.errors import ActionError
from juzhu.registry.events.messages import MESSAGES, add_messages
from juzhu.registry.models import Registration
from juzhu.residents import events
from juzhu.residents.actions import bind_identity, request_code, return_declaration, submit_declaration, verify_code
from juzhu.residents.models import ResidentRequest

from .helpers import PHONE, PHONE_SENDER, PhoneSender, sent_code, signed_in
from .test_declarations import declaration

pytestmark = pytest.mark.django_db


def test_declaration_entries_read_back_as_their_payloads_with_the_old_keys(staff, clock):
    account = signed_in()
    item = submit_declaration(account_id=account.pk, data=declaration())
    return_declaration(acting_user=staff.clerk, request_id=item.pk, reason="居住地址不详")
    submitted = AuditEntry.objects.get(action="declaration.submit")
    assert set(submitted.detail) == {"number", "late", "due_date", "town"}
    assert payload_of(submitted.action, submitted.detail) == events.DeclarationSubmitted(
        item.number, False, item.due_date, "610902001"
    )
    returned = AuditEntry.objects.get(action="declaration.return")
    assert payload_of(returned.action, returned.detail) == events.DeclarationReturned(item.number, "居住地址不详")
    signed = AuditEntry.objects.get(action="resident.sign_in")
    assert payload_of(signed.action, signed.detail) == events.SignedIn("203.0.113.7")


def test_the_declaration_messages_come_from_the_mapping_to_the_declaring_number(staff, clock):
    assert MESSAGES[Event.DECLARATION_RETURN] is events._returned
    item = submit_declaration(account_id=signed_in().pk, data=declaration())
    return_declaration(acting_user=staff.clerk, request_id=item.pk, reason="居住地址不详")
    sent = Notification.objects.filter(kind=events.DECLARATION_KIND).order_by("pk")
    assert [(n.dedupe_key, n.recipient) for n in sent] == [
        (f"declaration:{item.pk}:submitted", PHONE),
        (f"declaration:{item.pk}:returned", PHONE),
    ]
    assert "居住地址不详" in sent[1].text


def test_an_event_has_one_message_builder():
    add_messages({Event.DECLARATION_SUBMIT: events._submitted})  # the same one again: nothing changes
    with pytest.raises(TypeError):
        add_messages({Event.DECLARATION_SUBMIT: events._returned})
    assert MESSAGES[Event.DECLARATION_SUBMIT] is events._submitted


def test_the_sign_in_sms_is_delivered_at_the_commit_and_its_text_blanked(
    clock, settings, django_capture_on_commit_callbacks
):
    settings.JUZHU_NOTIFICATION_SENDER = PHONE_SENDER
    PhoneSender.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_code(phone=PHONE, client_address=None)
    code = sent_code()  # from the phone: the outbox no longer has it
    stored = Notification.objects.get(recipient=PHONE)
    assert stored.status == "sent" and stored.text == SECRET_KINDS[events.SIGN_IN_CODE_KIND]
    assert code not in stored.text and stored.person_id is None
    assert verify_code(phone=PHONE, code=code, client_address=None).phone == PHONE


def _unfrozen_reads(monkeypatch) -> list[int]:
    """Counts the clock's real readings (a reading inside ``clock.frozen`` is the held moment)."""
    reads: list[int] = []
    real = system_clock._env_day

    def counted() -> datetime.date | None:
        reads.append(1)
        return real()

    monkeypatch.setattr(system_clock, "_env_day", counted)
    return reads


def test_each_action_reads_the_clock_once(staff, clock, monkeypatch):
    account = signed_in()
    reads = _unfrozen_reads(monkeypatch)
    calls = [
        lambda: request_code(phone="13912345671", client_address=None),
        lambda: verify_code(phone="13912345671", code=sent_code("13912345671"), client_address=None),
        lambda: submit_declaration(account_id=account.pk, data=declaration()),
        lambda: return_declaration(
            acting_user=staff.clerk, request_id=ResidentRequest.objects.get().pk, reason="居住地址不详"
        ),
    ]
    for call in calls:
        reads.clear()
        call()
        assert len(reads) == 1
    reads.clear()
    with pytest.raises(ActionError):
        bind_identity(account_id=account.pk, name="李娜", id_number="110101199003070011")
    assert len(reads) == 1
    item = ResidentRequest.objects.get()
    entry = AuditEntry.objects.get(action="declaration.submit")
    assert entry.at == item.submitted_at


def test_the_declarations_limits_are_the_registrys_columns(clock):
    account = signed_in()
    longest = Registration._meta.get_field("address").max_length
    with pytest.raises(ActionError) as refused:
        submit_declaration(account_id=account.pk, data=declaration(address="汉" * (longest + 1)))
    assert refused.value.field == "address" and str(longest) in refused.value.message
    with pytest.raises(ActionError) as refused:
        submit_declaration(account_id=account.pk, data=declaration(housing="castle"))
    assert refused.value.field == "housing" and "rented（租赁住房）" in refused.value.message
    assert not ResidentRequest.objects.exists()
