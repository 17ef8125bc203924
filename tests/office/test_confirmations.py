"""Irreversible actions ask first, stating the consequence; the 签注 button only in its window (issue 7)."""

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.registry.models import PermitApplication, PermitCard, Registration
from tests.factories import office_client
from tests.registry.flows import issued_permit, registered

pytestmark = pytest.mark.django_db


def clerk_on(staff, person_id):
    client = office_client(staff.clerk)
    client.post(f"/persons/{person_id}/purpose/", {"purpose": "窗口办理业务"})
    return client


def test_hand_out_asks_for_confirmation_with_the_consequence_first(staff, clock):
    permit = issued_permit(staff, clock)
    clerk = clerk_on(staff, permit.person_id)
    asked = clerk.post(f"/permits/{permit.pk}/", {"step": "hand_out"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "不能撤销" in page and "确认发放" in page
    assert 'name="confirmed" value="1"' in page and 'name="step" value="hand_out"' in page
    assert permit.cards.get().status == PermitCard.Status.PRODUCED
    assert not AuditEntry.objects.filter(action="card.hand_out").exists()
    done = clerk.post(f"/permits/{permit.pk}/", {"step": "hand_out", "confirmed": "1"})
    assert done.status_code == 302 and permit.cards.get().status == PermitCard.Status.HANDED_OUT


def test_a_late_endorsement_states_that_the_years_restart_before_it_is_made(staff, clock):
    permit = issued_permit(staff, clock)  # issued 2025-12-02: first anniversary 2026-12-02
    clock("2027-01-05")
    clerk = clerk_on(staff, permit.person_id)
    asked = clerk.post(f"/permits/{permit.pk}/", {"step": "endorse"}).content.decode()
    assert "居住年限自今日起重新计算" in asked and "确认补办签注" in asked
    assert not permit.endorsements.exists()
    clerk.post(f"/permits/{permit.pk}/", {"step": "endorse", "confirmed": "1"})
    assert permit.endorsements.get().late


def test_an_endorsement_in_the_window_is_one_click(staff, clock):
    permit = issued_permit(staff, clock)
    clock("2026-11-20")
    clerk = clerk_on(staff, permit.person_id)
    assert clerk.post(f"/permits/{permit.pk}/", {"step": "endorse"}).status_code == 302
    assert permit.endorsements.count() == 1


def test_withdrawal_asks_first(staff, clock):
    clock("2025-06-02")
    registration = registered(staff)
    clerk = clerk_on(staff, registration.person_id)
    clerk.post(f"/registrations/{registration.pk}/apply/", {"condition": "study", "materials": []})
    application = PermitApplication.objects.get()
    asked = clerk.post(f"/applications/{application.pk}/", {"step": "withdraw"}).content.decode()
    assert "须重新申领" in asked and "确认撤回" in asked
    application.refresh_from_db()
    assert application.status == PermitApplication.Status.INCOMPLETE
    clerk.post(f"/applications/{application.pk}/", {"step": "withdraw", "confirmed": "1"})
    application.refresh_from_db()
    assert application.status == PermitApplication.Status.WITHDRAWN


def test_cancellation_asks_first_and_keeps_the_reason(staff, clock):
    clock("2025-06-02")
    registration = registered(staff)
    clerk = clerk_on(staff, registration.person_id)
    asked = clerk.post(f"/registrations/{registration.pk}/cancel/", {"reason": "已离开本市"}).content.decode()
    assert "不能恢复" in asked and 'name="reason" value="已离开本市"' in asked
    assert f'href="/persons/{registration.person_id}/"' in asked  # "cancel" leads back to the person
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ACTIVE
    clerk.post(f"/registrations/{registration.pk}/cancel/", {"reason": "已离开本市", "confirmed": "1"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED and registration.cancel_reason == "已离开本市"


def test_outside_the_window_the_page_shows_the_window_not_the_button(staff, clock):
    permit = issued_permit(staff, clock)
    clock("2026-06-01")
    page = clerk_on(staff, permit.person_id).get(f"/permits/{permit.pk}/").content.decode()
    assert 'value="endorse"' not in page
    assert "签注期：2026年11月2日至2026年12月2日" in page
    clock("2026-11-02")
    page = clerk_on(staff, permit.person_id).get(f"/permits/{permit.pk}/").content.decode()
    assert 'value="endorse"' in page and "今日办理签注" in page


def test_a_suspended_permit_offers_the_late_endorsement(staff, clock):
    permit = issued_permit(staff, clock)
    clock("2027-01-05")
    page = clerk_on(staff, permit.person_id).get(f"/permits/{permit.pk}/").content.decode()
    assert 'value="endorse"' in page and "补办签注" in page
