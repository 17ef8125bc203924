"""Applications: one-time notice, receipt, eligibility, refusal, extension (Art 10-12)."""

import datetime

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.registry.actions import (
    ActionError,
    NotFound,
    RuleRefusal,
    decide_application,
    extend_issuance,
    receive_application,
    supplement_materials,
    withdraw_application,
)
from juzhu.registry.actions.common import PermissionDenied
from juzhu.registry.models import Notice, Permit, PermitApplication

from .flows import COMPLETE_FOR_EMPLOYMENT, photographed, registered

pytestmark = pytest.mark.django_db


def test_incomplete_materials_get_one_notice_listing_everything_then_a_receipt(staff, clock):
    registration = registered(staff)
    clock("2026-09-01")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials={"driving_licence": "", "photo": ""},
    )
    assert application.status == "incomplete" and application.receipt_number is None
    notice = Notice.objects.get(application=application)
    assert notice.missing == ["employment_proof", "residence_address_proof"]
    assert notice.number.startswith("GZ6109022026")
    # Bringing only part of it: no second notice, still incomplete.
    supplement_materials(
        acting_user=staff.clerk, application_id=application.pk, materials={"employment_proof": "某公司"}
    )
    assert Notice.objects.filter(application=application).count() == 1
    clock("2026-09-04")  # Friday
    application = supplement_materials(
        acting_user=staff.clerk, application_id=application.pk, materials={"residence_address_proof": "房东"}
    )
    assert application.status == "accepted" and application.receipt_number.startswith("HZ6109022026")
    # Accepted Fri 4 Sep 2026: 7, 8, 9 Sep → due 9 Sep. +15 days = Sat 19 Sep, a rest day;
    # the next working day is Sunday 20 Sep, an adjusted working day (国庆节调休).
    assert application.due_date == datetime.date(2026, 9, 9)
    assert application.extension_limit == datetime.date(2026, 9, 20)
    assert application.materials.get(code="employment_proof").issuer == "某公司"


def test_the_notice_is_frozen_a_later_notice_may_not_add_items_already_required(staff, clock):
    registration = registered(staff)
    clock("2026-09-01")
    application = receive_application(
        acting_user=staff.clerk, registration_id=registration.pk, condition="employment", materials={"photo": ""}
    )
    notice = application.notices.get()
    assert notice.missing == ["employment_proof", "identity_document", "residence_address_proof"]
    # A clerk editing the frozen notice's items (simulating a forgotten item) is refused.
    Notice.objects.filter(pk=notice.pk).update(missing=["employment_proof", "identity_document"])
    with pytest.raises(ActionError) as refused:
        supplement_materials(acting_user=staff.clerk, application_id=application.pk, materials={"passport": ""})
    assert "一次性告知书已发出" in refused.value.message
    assert Notice.objects.filter(application=application).count() == 1


def test_approval_before_half_a_year_is_refused_by_the_rules(staff, clock):
    clock("2026-03-02")
    registration = registered(staff)
    clock("2026-08-31")  # six months from 2 Mar 2026 is 2 Sep
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
        confirm_not_eligible=True,
    )  # the applicant insisted (R-06b)
    with pytest.raises(RuleRefusal) as refused:
        decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    assert any("第十条" in c for c in refused.value.decision.citations)
    assert not Permit.objects.exists()
    refusal = decide_application(acting_user=staff.issuer, application_id=application.pk, approve=False)
    assert refusal.status == "refused" and "2026-09-02" in " ".join(refusal.refusal["reasons"])
    assert any("第十二条" in c for c in refusal.refusal["citations"])


def test_the_issuer_approves_and_the_permit_is_signed_by_the_county_bureau(staff, clock):
    clock("2025-06-02")
    registration = registered(staff)
    photographed(staff, registration.person_id)
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    with pytest.raises(PermissionDenied):
        decide_application(acting_user=staff.clerk, application_id=application.pk, approve=True)
    with pytest.raises(NotFound):  # another county's issuer does not see it
        decide_application(acting_user=staff.xunyang_issuer, application_id=application.pk, approve=True)
    permit = decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    assert permit.issuing_unit.name == "安康市公安局汉滨分局"
    assert permit.number == "61090220250000001"
    assert permit.next_anniversary == datetime.date(2026, 12, 2)
    assert permit.cards.get().kind == "original" and permit.cards.get().fee == 0
    assert (permit.holder_name, permit.holder_ethnicity, permit.holder_sex) == ("张丽", "汉族", "女")


def test_a_refusal_of_an_eligible_application_needs_reasons(staff, clock):
    clock("2025-06-02")
    registration = registered(staff)
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    with pytest.raises(ActionError) as refused:
        decide_application(acting_user=staff.issuer, application_id=application.pk, approve=False)
    assert refused.value.field == "reasons"
    refusal = decide_application(
        acting_user=staff.issuer, application_id=application.pk, approve=False, reasons="就业证明经核查不实"
    )
    assert refusal.refusal["reasons"] == ["就业证明经核查不实"]


def test_an_extension_needs_a_reason_and_never_passes_the_limit(staff, clock):
    clock("2025-03-03")
    registration = registered(staff)
    clock("2025-09-26")  # due Tue 30 Sep; limit Sat 11 Oct (an adjusted working day)
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    assert (application.due_date, application.extension_limit) == (
        datetime.date(2025, 9, 30),
        datetime.date(2025, 10, 11),
    )
    with pytest.raises(ActionError) as no_reason:
        extend_issuance(
            acting_user=staff.issuer, application_id=application.pk, until=datetime.date(2025, 10, 9), reason=" "
        )
    assert no_reason.value.field == "reason"
    with pytest.raises(ActionError) as too_far:
        extend_issuance(
            acting_user=staff.issuer,
            application_id=application.pk,
            until=datetime.date(2025, 10, 13),
            reason="偏远山区，交通不便",
        )
    assert too_far.value.field == "until" and "2025-10-11" in too_far.value.message
    extended = extend_issuance(
        acting_user=staff.issuer,
        application_id=application.pk,
        until=datetime.date(2025, 10, 11),
        reason="偏远山区，交通不便",
    )
    assert extended.effective_due_date == datetime.date(2025, 10, 11)
    assert AuditEntry.objects.filter(action="application.extend").count() == 1


def test_withdrawal_and_a_second_application_while_one_is_pending(staff, clock):
    registration = registered(staff)
    application = receive_application(
        acting_user=staff.clerk, registration_id=registration.pk, condition="study", materials={}
    )
    with pytest.raises(ActionError):
        receive_application(acting_user=staff.clerk, registration_id=registration.pk, condition="study", materials={})
    withdrawn = withdraw_application(acting_user=staff.clerk, application_id=application.pk, reason="本人申请")
    assert withdrawn.status == PermitApplication.Status.WITHDRAWN
    assert (
        receive_application(
            acting_user=staff.clerk, registration_id=registration.pk, condition="study", materials={}
        ).status
        == "incomplete"
    )
