"""The office and the rulings of issue 7: out-of-scope persons (R-02a), the half year at intake (R-06b),
the endorsement window moved off rest days (R-11a)."""

import pytest
from django.urls import reverse

from juzhu.audit.models import AuditEntry
from juzhu.registry.models import PermitApplication, Person, Registration
from juzhu.rules.id_number import check_character
from tests.factories import office_client
from tests.registry.flows import issued_permit, registered

from .test_office import NEWCOMER, state_purpose

pytestmark = pytest.mark.django_db
HONG_KONG = "81000019900101123" + check_character("81000019900101123")
APPLICATION = {
    "condition": "employment",
    "materials": ["resident_id_card", "photo", "residence_address_proof", "employment_proof"],
    "issuer_employment_proof": "某公司",
    "issuer_residence_address_proof": "房东",
}


def test_a_hong_kong_number_is_told_the_measure_does_not_apply_and_the_national_procedure(staff, clock):
    """A region-810000 number, hukou fields left empty: Art 2 para 3, never "属于流动人口", nothing saved."""
    clock("2026-11-27")
    client = office_client(staff.clerk)
    page = client.post(
        reverse("registration_new"),
        {
            **NEWCOMER,
            "id_type": "hmt_residence_permit",
            "id_number": HONG_KONG,
            "hukou_division": "",
            "hukou_address": "",
            "name": "",
        },
    ).content.decode()
    assert "第二条第三款" in page and "港澳台居民居住证申领发放办法" in page and "居住证暂行条例" in page
    assert "属于流动人口" not in page and "必须填写" not in page
    assert not Person.objects.exists() and not Registration.objects.exists()
    assert AuditEntry.objects.get(action="registration.refused").detail["id_type"] == "hmt_residence_permit"


def test_the_registration_form_offers_the_document_types_and_records_the_one_chosen(staff, clock):
    clock("2025-06-02")
    client = office_client(staff.clerk)
    form = client.get(reverse("registration_new")).content.decode()
    assert "港澳台居民居住证" in form and "机动车驾驶证" in form and "data-out-of-scope" in form
    client.post(reverse("registration_new"), {**NEWCOMER, "id_type": "passport"})
    assert Person.objects.get().get_id_type_display() == "护照"


def test_intake_before_the_half_year_warns_with_the_date_and_asks_for_confirmation(staff, clock):
    clock("2026-03-02")
    registration = registered(staff)
    clock("2026-08-31")
    client = state_purpose(office_client(staff.clerk), registration.person_id)
    url = reverse("application_new", args=[registration.pk])
    form = client.get(url).content.decode()
    assert "2026年9月2日起方满半年" in form
    warned = client.post(url, APPLICATION)
    page = warned.content.decode()
    assert warned.status_code == 200 and "2026年09月02日" in page
    assert 'type="checkbox" name="confirm_not_eligible"' in page
    assert not PermitApplication.objects.exists()
    accepted = client.post(url, {**APPLICATION, "confirm_not_eligible": "on"})
    assert accepted.status_code == 302
    assert PermitApplication.objects.get().status == "accepted"


def test_the_permit_page_shows_the_window_moved_off_the_holiday(staff, clock):
    permit = issued_permit(staff, clock, registered_on="2024-03-01", applied_on="2024-10-01")
    clock("2025-10-09")
    client = state_purpose(office_client(staff.clerk), permit.person_id)
    page = client.get(reverse("permit", args=[permit.pk])).content.decode()
    assert "2025-09-01 至 2025-10-09" in page and "今日在签注期内" in page
