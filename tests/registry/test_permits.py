"""An issued permit's life: hand-out, endorsement, suspension, address change, cards (Art 13-15)."""

import datetime
import json

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.notify.models import Notification
from juzhu.registry.actions import (
    ActionError,
    NotFound,
    RuleRefusal,
    change_address,
    endorse_permit,
    hand_out_card,
    replace_card,
)
from juzhu.registry.jobs.daily import run_daily
from juzhu.registry.models import DeadlineFlag, Permit

from .flows import COMPLETE_FOR_EMPLOYMENT, issued_permit, photographed, registered

pytestmark = pytest.mark.django_db


def test_the_clerk_hands_out_the_card_and_endorses_in_the_window(staff, clock):
    permit = issued_permit(staff, clock)  # issued 2 Dec 2025 → anniversary 2 Dec 2026
    card = hand_out_card(acting_user=staff.clerk, card_id=permit.cards.get().pk)
    assert card.status == "handed_out" and card.handed_out_on == datetime.date(2025, 12, 2)
    clock("2026-11-01")  # the window opens on 2 Nov
    with pytest.raises(RuleRefusal) as early:
        endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)
    assert "早于签注期" in early.value.message
    clock("2026-11-20")
    endorsement = endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)
    permit.refresh_from_db()
    assert not endorsement.late and endorsement.anniversary == datetime.date(2026, 12, 2)
    assert permit.next_anniversary == datetime.date(2027, 12, 2) and permit.status == "valid"
    with pytest.raises(RuleRefusal):  # a second endorsement in the same window
        endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)


def test_the_daily_job_suspends_and_a_late_endorsement_restores_and_restarts(staff, clock):
    permit = issued_permit(staff, clock)
    first = run_daily(datetime.date(2026, 12, 3))
    permit.refresh_from_db()
    assert permit.status == "suspended" and permit.suspended_since == datetime.date(2026, 12, 3)
    assert first.counts["permits_suspended"] == 1
    assert Notification.objects.filter(kind="suspended").count() == 1
    # A rerun for the same day changes nothing.
    audit_before = AuditEntry.objects.exclude(action="job.daily").count()
    second = run_daily(datetime.date(2026, 12, 3))
    assert second.counts.get("permits_suspended", 0) == 0
    assert AuditEntry.objects.exclude(action="job.daily").count() == audit_before
    assert Notification.objects.filter(kind="suspended").count() == 1
    clock("2027-01-15")
    endorsement = endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)
    permit.refresh_from_db()
    assert endorsement.late and permit.status == "valid" and permit.suspended_since is None
    assert permit.continuous_since == datetime.date(2027, 1, 15)
    assert permit.next_anniversary == datetime.date(2028, 1, 15)


def test_the_daily_job_reminds_when_the_window_opens_once(staff, clock):
    permit = issued_permit(staff, clock)
    assert run_daily(datetime.date(2026, 11, 1)).counts.get("endorsement_reminders", 0) == 0
    assert run_daily(datetime.date(2026, 11, 2)).counts["endorsement_reminders"] == 1
    assert run_daily(datetime.date(2026, 11, 3)).counts.get("endorsement_reminders", 0) == 0
    assert Notification.objects.get(kind="endorse_window").person_id == permit.person_id


def test_the_daily_job_flags_an_issuance_deadline_missed_by_staff(staff, clock):
    from juzhu.registry.actions import decide_application, receive_application

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
    assert run_daily(datetime.date(2025, 12, 4)).counts["issuance_reminders"] == 1
    assert run_daily(datetime.date(2025, 12, 4)).counts["issuance_reminders"] == 0  # a rerun queues nothing
    assert run_daily(datetime.date(2025, 12, 6)).counts["deadlines_flagged"] == 1
    assert run_daily(datetime.date(2025, 12, 7)).counts["deadlines_flagged"] == 0
    flag = DeadlineFlag.objects.get()
    assert (flag.due_date, flag.resolved_on) == (datetime.date(2025, 12, 5), None)
    clock("2025-12-08")
    decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    run_daily(datetime.date(2025, 12, 8))
    flag.refresh_from_db()
    assert flag.resolved_on == datetime.date(2025, 12, 8)


def test_raising_a_flag_is_audited_once(staff, clock):
    """The daily job's flag is an event (issue 9): one flag.raise entry, chained, not repeated on a rerun."""
    from juzhu.audit.log import verify
    from juzhu.registry.actions import receive_application

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
    run_daily(datetime.date(2025, 12, 7))
    entry = AuditEntry.objects.get(action="flag.raise")
    flag = DeadlineFlag.objects.get()
    assert (entry.object_type, entry.object_id, entry.person_id, entry.actor) == (
        "registry.DeadlineFlag",
        str(flag.pk),
        registration.person_id,
        "system",
    )
    assert entry.detail == {
        "application": application.pk,
        "receipt": application.receipt_number,
        "due_date": "2025-12-05",
        "flagged_on": "2025-12-06",
    }
    assert verify().ok


def test_address_change_within_the_county_at_the_new_station(staff, clock):
    permit = issued_permit(staff, clock)
    clock("2026-02-10")
    change = change_address(
        acting_user=staff.other_clerk,
        permit_number=permit.number,
        holder_id_number=permit.holder_id_number.lower(),
        town="610902002",
        address="汉滨区新城街道巴山路8号",
    )
    permit.refresh_from_db()
    assert (permit.town_id, permit.residence_address) == ("610902002", "汉滨区新城街道巴山路8号")
    assert change.old_town_id == "610902001"
    # The new station now sees the permit; the old one no longer does.
    endorse_target = Permit.objects.get(pk=permit.pk)
    with pytest.raises(NotFound):
        replace_card(acting_user=staff.clerk, permit_id=endorse_target.pk, kind="reissue")


def test_a_move_to_another_county_needs_a_new_registration(staff, clock):
    permit = issued_permit(staff, clock)
    with pytest.raises(ActionError) as refused:
        change_address(
            acting_user=staff.xunyang_clerk,
            permit_number=permit.number,
            holder_id_number=permit.holder_id_number,
            town="610981100",
            address="旬阳市城关镇1号",
        )
    assert "第十四条" in refused.value.message and refused.value.field == "town"
    with pytest.raises(NotFound):  # a wrong ID number finds nothing
        change_address(
            acting_user=staff.other_clerk,
            permit_number=permit.number,
            holder_id_number="610113199002280010",
            town="610902002",
            address="某地",
        )


def test_replacement_needs_the_old_card_and_reissue_voids_the_lost_one_free_of_charge(staff, clock):
    permit = issued_permit(staff, clock)
    hand_out_card(acting_user=staff.clerk, card_id=permit.cards.get().pk)
    with pytest.raises(ActionError) as refused:
        replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="replacement")
    assert refused.value.field == "old_card_returned"
    replacement = replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="replacement", old_card_returned=True)
    reissue = replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")
    cards = list(permit.cards.order_by("version").values_list("version", "kind", "status", "fee"))
    assert [c[:3] for c in cards] == [(1, "original", "void"), (2, "replacement", "void"), (3, "reissue", "produced")]
    assert all(c[3] == 0 for c in cards)
    assert replacement.version == 2 and reissue.version == 3
    detail = AuditEntry.objects.filter(action="card.reissue").get().detail
    assert json.loads(json.dumps(detail))["fee"] == "0"


def test_a_window_opening_on_28_february_for_31_march_is_found_on_its_first_day(staff, clock):
    # Issued 31 Mar 2025 → anniversary 31 Mar 2026; one month before is 28 Feb 2026
    # (no 31 Feb, Civil Code Art 202): the window is open on 28 Feb.
    permit = issued_permit(staff, clock, registered_on="2024-09-30", applied_on="2025-03-31")
    assert permit.next_anniversary == datetime.date(2026, 3, 31)
    assert run_daily(datetime.date(2026, 2, 27)).counts.get("endorsement_reminders", 0) == 0
    assert run_daily(datetime.date(2026, 2, 28)).counts["endorsement_reminders"] == 1


def test_on_sqlite_the_daily_job_refreshes_the_planners_statistics(staff, clock):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    registered(staff)
    run_daily(datetime.date(2026, 3, 2))
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'registry_person' AND idx LIKE '%phone%'")
        assert cursor.fetchone(), "no statistics for the phone index"


def test_reminders_queued_in_batches_skip_keys_already_queued(staff, clock):
    from juzhu.notify.queue import Message, queue_messages

    clock("2026-03-02")
    person = registered(staff).person
    other = registered(staff, id_number="11010519491231002X", name="李梅").person
    assert queue_messages([Message("endorse_window", "endorse:1:2027-03-01", "第一次", person=person)]) == 1
    created = queue_messages(
        [
            Message("endorse_window", "endorse:1:2027-03-01", "再次", person=person),
            Message("endorse_window", "endorse:2:2027-03-01", "签注期已开始", person=other),
        ]
    )
    assert created == 1
    queued = dict(Notification.objects.filter(kind="endorse_window").values_list("dedupe_key", "text"))
    assert queued == {"endorse:1:2027-03-01": "第一次", "endorse:2:2027-03-01": "签注期已开始"}
    assert Notification.objects.get(dedupe_key="endorse:2:2027-03-01").recipient == other.phone
    assert queue_messages([]) == 0
