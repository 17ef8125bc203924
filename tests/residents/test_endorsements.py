"""Endorsing the permit online (Art 13, R-11, R-11a, R-11b): the rules' cases through the actions,
the station's queue and confirmation as of the submission day, the notices."""

from __future__ import annotations

import datetime

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.notify.models import Notification
from juzhu.office.queues import queues_for
from juzhu.registry.actions.issuing import endorsement_decision
from juzhu.registry.errors import ActionError, NotFound
from juzhu.registry.jobs.daily import run_daily
from juzhu.registry.models import Permit
from juzhu.residents.actions import (
    EndorsementData,
    bind_identity,
    confirm_endorsement,
    return_endorsement,
    submit_endorsement,
)
from juzhu.residents.endorsing import corroborating_report, standing
from juzhu.residents.models import ResidentRequest
from tests.registry.flows import issued_permit, registered

from .helpers import id_number, signed_in

pytestmark = pytest.mark.django_db
HOLDER_PHONE = "13812345678"  # person_data()'s phone: the holder of issued_permit()


def holder(permit: Permit):
    """The permit holder's account, signed in and bound to her record."""
    account = signed_in(HOLDER_PHONE)
    return bind_identity(account_id=account.pk, name=permit.holder_name, id_number=permit.holder_id_number)


def endorsement(permit: Permit, **overrides) -> EndorsementData:
    values = {"permit": permit.pk, "address": permit.residence_address, "confirmed": True, **overrides}
    return EndorsementData.model_construct(**values)  # unchecked: the action checks it again


def test_in_the_window_queued_at_the_permits_station_and_confirmed_as_of_the_submission(staff, clock):
    permit = issued_permit(staff, clock)  # issued 2025-12-02: anniversary 2026-12-02, window from 2026-11-02
    account = holder(permit)
    clock("2026-11-20")
    item = submit_endorsement(account_id=account.pk, data=endorsement(permit))
    assert item.kind == "endorsement" and item.town_id == permit.town_id and not item.late
    assert item.data["address"] == permit.residence_address and item.data["corroboration"] is None
    mine = {q.key: q for q in queues_for(staff.clerk)}["endorsements"]
    assert mine.total == 1 and mine.items[0].title == "张丽"
    assert {q.key: q for q in queues_for(staff.other_clerk)}["endorsements"].total == 0
    with pytest.raises(NotFound):  # a clerk of another station
        confirm_endorsement(acting_user=staff.other_clerk, request_id=item.pk)
    with pytest.raises(NotFound):
        return_endorsement(acting_user=staff.other_clerk, request_id=item.pk, reason="不在辖区")
    clock("2026-11-25")
    confirmed = confirm_endorsement(acting_user=staff.clerk, request_id=item.pk)
    permit.refresh_from_db()
    done = permit.endorsements.get()
    assert confirmed.status == "confirmed" and done.date == datetime.date(2026, 11, 20) and not done.late
    assert done.endorsed_by == staff.clerk and permit.next_anniversary == datetime.date(2027, 12, 2)
    assert AuditEntry.objects.filter(action="endorsement.confirm", person_id=permit.person_id).exists()
    texts = list(Notification.objects.filter(kind="endorsement").order_by("pk").values_list("text", flat=True))
    assert len(texts) == 2 and "已收到" in texts[0] and "2026年11月20日" in texts[0]
    assert "已签注，签注日期2026年11月20日" in texts[1] and "2027年11月02日至2027年12月02日" in texts[1]
    with pytest.raises(ActionError) as again:  # already endorsed for this year
        submit_endorsement(account_id=account.pk, data=endorsement(permit))
    assert again.value.status == 409 and "本年度已签注（2026-11-20）" in again.value.message
    assert "2027-11-02 至 2027-12-02" in again.value.message


def test_first_year_before_the_window_says_when_it_opens(staff, clock):
    permit = issued_permit(staff, clock)
    account = holder(permit)
    clock("2026-11-01")  # the day before the first window opens
    assert standing(permit, datetime.date(2026, 11, 1)).kind == "first_year"
    with pytest.raises(ActionError) as early:
        submit_endorsement(account_id=account.pk, data=endorsement(permit))
    assert early.value.field == "confirmed" and "签发未满1年，暂不需要签注" in early.value.message
    assert "首次签注期为 2026-11-02 至 2026-12-02" in early.value.message
    assert not ResidentRequest.objects.exists()


def test_the_window_of_a_holiday_anniversary_ends_on_the_next_working_day(staff, clock):
    # Issued Thu 2025-06-19: the anniversary 2026-06-19 is 端午 (19-21 June), so the window
    # ends on Mon 2026-06-22 (Civil Code Art 203, R-11a), and the permit is suspended from 23 June.
    permit = issued_permit(staff, clock, registered_on="2024-12-18", applied_on="2025-06-19")
    assert permit.issue_date == datetime.date(2025, 6, 19)
    on_monday = standing(permit, datetime.date(2026, 6, 22))
    assert on_monday.kind == "open" and on_monday.window_end == datetime.date(2026, 6, 22)
    after = standing(permit, datetime.date(2026, 6, 23))
    assert after.kind == "late" and after.suspended_since == datetime.date(2026, 6, 23)
    account = holder(permit)
    clock("2026-06-22")
    item = submit_endorsement(account_id=account.pk, data=endorsement(permit))
    assert not item.late and item.due_date == datetime.date(2026, 6, 22)


def test_asked_in_the_window_it_is_not_suspended_while_the_station_confirms(staff, clock):
    permit = issued_permit(staff, clock)
    account = holder(permit)
    clock("2026-12-01")  # inside the window (it ends on Wed 2026-12-02)
    item = submit_endorsement(account_id=account.pk, data=endorsement(permit))
    run_daily(datetime.date(2026, 12, 3))  # the station has not confirmed yet: the job waits (I-16)
    permit.refresh_from_db()
    assert permit.status == "valid" and permit.suspended_since is None
    waiting = endorsement_decision(permit, [], datetime.date(2026, 12, 5))
    assert waiting.outcome == "valid" and "I-16" in waiting.interpretations
    assert any("待派出所确认" in reason for reason in waiting.reasons)
    clock("2026-12-10")
    confirm_endorsement(acting_user=staff.clerk, request_id=item.pk)
    permit.refresh_from_db()
    done = permit.endorsements.get()
    assert done.date == datetime.date(2026, 12, 1) and not done.late  # her day, not the clerk's
    assert permit.status == "valid" and permit.suspended_since is None
    assert permit.continuous_since == datetime.date(2025, 6, 2)  # not restarted: she was on time
    assert permit.next_anniversary == datetime.date(2027, 12, 2)
    assert permit.endorsement_requested_on is None  # handled


def test_returned_after_the_window_the_next_daily_run_suspends(staff, clock):
    permit = issued_permit(staff, clock)
    account = holder(permit)
    clock("2026-12-01")
    item = submit_endorsement(account_id=account.pk, data=endorsement(permit))
    clock("2026-12-04")
    return_endorsement(acting_user=staff.clerk, request_id=item.pk, reason="请到所核对住址")
    run_daily(datetime.date(2026, 12, 4))
    permit.refresh_from_db()
    assert permit.status == "suspended" and permit.suspended_since == datetime.date(2026, 12, 3)


def test_a_late_endorsement_restores_the_permit_and_restarts_continuous_residence(staff, clock):
    permit = issued_permit(staff, clock)
    account = holder(permit)
    run_daily(datetime.date(2026, 12, 3))
    clock("2027-01-15")
    late = standing(Permit.objects.get(pk=permit.pk), datetime.date(2027, 1, 15))
    assert late.kind == "late" and late.suspended_since == datetime.date(2026, 12, 3)
    assert any("补办签注后恢复" in reason for reason in late.reasons)
    item = submit_endorsement(account_id=account.pk, data=endorsement(permit))
    assert item.late and "使用功能恢复" in Notification.objects.get(kind="endorsement").text
    clock("2027-01-20")
    confirm_endorsement(acting_user=staff.clerk, request_id=item.pk)
    permit.refresh_from_db()
    done = permit.endorsements.get()
    assert done.late and done.date == datetime.date(2027, 1, 15)
    assert permit.status == "valid" and permit.continuous_since == datetime.date(2027, 1, 15)
    assert permit.next_anniversary == datetime.date(2028, 1, 15)  # counted from the late endorsement


def test_a_second_request_while_one_is_open_and_bad_input_are_refused(staff, clock):
    permit = issued_permit(staff, clock)
    account = holder(permit)
    clock("2026-11-20")
    with pytest.raises(ActionError) as unconfirmed:
        submit_endorsement(account_id=account.pk, data=endorsement(permit, confirmed=False))
    assert unconfirmed.value.field == "confirmed"
    with pytest.raises(ActionError) as moved:
        submit_endorsement(account_id=account.pk, data=endorsement(permit, address="别处"))
    assert moved.value.field == "address"
    first = submit_endorsement(account_id=account.pk, data=endorsement(permit))
    with pytest.raises(ActionError) as twice:
        submit_endorsement(account_id=account.pk, data=endorsement(permit))
    assert twice.value.status == 409 and first.number in twice.value.message
    assert ResidentRequest.objects.count() == 1


def test_another_residents_permit_is_not_found_and_an_unbound_account_is_refused(staff, clock):
    permit = issued_permit(staff, clock)
    clock("2026-11-20")
    other = registered(staff, id_number=id_number(9), name="王芳", phone="13912345671")
    account = signed_in("13912345671")
    with pytest.raises(ActionError) as unbound:
        submit_endorsement(account_id=account.pk, data=endorsement(permit))
    assert unbound.value.status == 403
    bind_identity(account_id=account.pk, name="王芳", id_number=other.person.id_number)
    with pytest.raises(NotFound):
        submit_endorsement(account_id=account.pk, data=endorsement(permit))
    assert not ResidentRequest.objects.exists()


def test_a_void_permit_has_nothing_to_endorse(staff, clock):
    permit = issued_permit(staff, clock)
    account = holder(permit)
    Permit.objects.filter(pk=permit.pk).update(status="void")
    clock("2026-11-20")
    with pytest.raises(ActionError) as void:
        submit_endorsement(account_id=account.pk, data=endorsement(Permit.objects.get(pk=permit.pk)))
    assert "已作废" in void.value.message


def test_returned_with_a_reason_she_reads_then_asked_again(staff, clock):
    permit = issued_permit(staff, clock)
    account = holder(permit)
    clock("2026-11-20")
    item = submit_endorsement(account_id=account.pk, data=endorsement(permit))
    with pytest.raises(ActionError) as empty:
        return_endorsement(acting_user=staff.clerk, request_id=item.pk, reason=" ")
    assert empty.value.field == "reason"
    returned = return_endorsement(acting_user=staff.clerk, request_id=item.pk, reason="请到所核验居住情况")
    assert returned.status == "returned"
    sent = Notification.objects.filter(kind="endorsement").order_by("pk").last()
    assert "被退回：请到所核验居住情况" in sent.text and sent.person_id == permit.person_id
    with pytest.raises(ActionError) as handled:
        confirm_endorsement(acting_user=staff.clerk, request_id=item.pk)
    assert handled.value.status == 409
    submit_endorsement(account_id=account.pk, data=endorsement(permit))  # again


def test_a_declaration_is_not_an_endorsement_and_no_report_corroborates_yet(staff, clock):
    permit = issued_permit(staff, clock)
    assert corroborating_report(permit, datetime.date(2026, 11, 20)) is None
    with pytest.raises(NotFound):
        confirm_endorsement(acting_user=staff.clerk, request_id=permit.application_id)


def test_a_permit_moved_to_another_station_meanwhile_is_named_to_the_clerk(staff, clock):
    from juzhu.registry.actions import change_address

    permit = issued_permit(staff, clock)
    account = holder(permit)
    clock("2026-11-20")
    item = submit_endorsement(account_id=account.pk, data=endorsement(permit))
    change_address(
        acting_user=staff.other_clerk,
        permit_number=permit.number,
        holder_id_number=permit.holder_id_number,
        town="610902002",
        address="汉滨区新城街道巴山路8号",
    )
    with pytest.raises(ActionError) as moved:
        confirm_endorsement(acting_user=staff.clerk, request_id=item.pk)
    assert moved.value.status == 409 and "请退回" in moved.value.message
    assert not Permit.objects.get(pk=permit.pk).endorsements.exists()


def test_a_permit_without_a_town_sends_her_to_the_station_and_writes_nothing(staff, clock):
    """A request lands at the stations serving her town; a record that names none (an import that
    did not say) cannot be routed online, so she is told to go to a station (nothing queued)."""
    permit = issued_permit(staff, clock)
    account = holder(permit)
    Permit.objects.filter(pk=permit.pk).update(town=None)
    clock("2026-11-20")
    with pytest.raises(ActionError) as refused:
        submit_endorsement(account_id=account.pk, data=endorsement(Permit.objects.get(pk=permit.pk)))
    assert refused.value.status == 409 and "居住证未载明乡镇（街道）" in refused.value.message
    assert not ResidentRequest.objects.filter(account=account).exists()
