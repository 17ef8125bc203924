"""The online permit application through the pages (issue 10): the resident's /m/apply/, the
station's clerk page and the file views (who may open a file, the headers it is sent with)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from juzhu.registry.actions import decide_application
from juzhu.registry.models import PermitApplication
from juzhu.residents.models import RequestUpload, ResidentRequest
from tests.factories import office_client
from tests.registry.flows import photo_bytes, registered
from tests.residents.test_applications import jpeg, pdf

from .test_pages import sign_in

pytestmark = pytest.mark.django_db
OWN_PHONE = "13812345678"


def bound_client(staff, clock, registered_on="2025-06-02", today="2026-03-02") -> Client:
    clock(registered_on)
    registered(staff, phone=OWN_PHONE)
    clock(today)
    client = Client()
    sign_in(client, OWN_PHONE)
    client.post(reverse("portal:bind"), {"name": "张丽", "id_number": "610113199002280029"})
    return client


def files(**overrides) -> dict:
    values = {
        "files_resident_id_card": [SimpleUploadedFile("身份证.jpg", jpeg(), "image/jpeg")],
        "files_residence_address_proof": [SimpleUploadedFile("合同.pdf", pdf(), "application/pdf")],
        "files_employment_proof": [SimpleUploadedFile("劳动合同.pdf", pdf(), "application/pdf")],
    }
    values.update(overrides)
    return values


def test_the_resident_applies_the_clerk_notices_she_uploads_the_rest_and_is_accepted(staff, clock):
    client = bound_client(staff, clock)
    page = client.get(reverse("portal:apply") + "?condition=employment").content.decode()
    assert "就业证明" in page and "居住地地址证明" in page and "就读证明" not in page  # the condition's checklist
    response = client.post(reverse("portal:apply"), {"condition": "employment", **files()})
    assert response.status_code == 302, response.content.decode()
    item = ResidentRequest.objects.get(kind="application")
    home = client.get(reverse("portal:home")).content.decode()
    assert item.number in home and "待居住地派出所核验材料" in home

    clerk = office_client(staff.clerk)
    queue = reverse("queue", args=["online_applications"])
    assert item.number in clerk.get(queue).content.decode()
    assert item.number in clerk.get(queue, {"condition": "employment"}).content.decode()
    assert item.number not in clerk.get(queue, {"condition": "study"}).content.decode()  # the condition filter
    page = clerk.get(reverse("online_application", args=[item.pk])).content.decode()
    upload = item.uploads.get(material="employment_proof")
    assert reverse("online_application_upload", args=[upload.pk]) in page
    opened = clerk.get(reverse("online_application_upload", args=[upload.pk]))
    assert opened.status_code == 200 and opened["X-Content-Type-Options"] == "nosniff"
    assert opened["Content-Disposition"].startswith("attachment") and b"".join(opened.streaming_content) == pdf()
    # Ticked without the photo: the one-time notice, which she reads online.
    response = clerk.post(
        reverse("online_application", args=[item.pk]),
        {"step": "receive", "materials": ["resident_id_card", "residence_address_proof", "employment_proof"]},
    )
    assert response.status_code == 302
    home = client.get(reverse("portal:home")).content.decode()
    assert "待补正材料" in home and "本人相片" in home and "一次性告知书" in home
    page = client.get(reverse("portal:apply")).content.decode()
    assert "请上传一次性告知书所列的材料" in page and 'name="files_photo"' in page
    assert 'name="files_employment_proof"' not in page
    response = client.post(
        reverse("portal:apply"), {"files_photo": [SimpleUploadedFile("相片.png", photo_bytes(), "image/png")]}
    )
    assert response.status_code == 302
    response = clerk.post(
        reverse("online_application", args=[item.pk]),
        {"step": "receive", "materials": ["photo"], "use_photo": "1"},
    )
    assert response.status_code == 302
    application = PermitApplication.objects.get(person__phone=OWN_PHONE)
    assert application.status == "accepted" and application.person.photo
    home = client.get(reverse("portal:home")).content.decode()
    assert application.receipt_number in home and "发放期限" in home and "还剩" in home


def test_a_refusal_shows_its_reasons_and_remedies_at_home(staff, clock):
    client = bound_client(staff, clock)
    client.post(
        reverse("portal:apply"),
        {"condition": "employment", **files(files_photo=[SimpleUploadedFile("p.png", photo_bytes())])},
    )
    item = ResidentRequest.objects.get(kind="application")
    office_client(staff.clerk).post(
        reverse("online_application", args=[item.pk]),
        {
            "step": "receive",
            "materials": ["resident_id_card", "photo", "residence_address_proof", "employment_proof"],
            "use_photo": "1",
        },
    )
    application = PermitApplication.objects.get(person__phone=OWN_PHONE)
    decide_application(acting_user=staff.issuer, application_id=application.pk, approve=False, reasons="就业证明不实")
    home = client.get(reverse("portal:home")).content.decode()
    assert "就业证明不实" in home and "行政复议" in home and "行政诉讼" in home


def test_bad_files_are_named_beside_their_material(staff, clock):
    client = bound_client(staff, clock)
    response = client.post(
        reverse("portal:apply"),
        {"condition": "employment", **files(files_employment_proof=[SimpleUploadedFile("合同.pdf", b"MZ\x90\x00")])},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-field="files_employment_proof"' in page and "就业证明的文件“合同.pdf”不是 JPEG、PNG" in page
    assert not ResidentRequest.objects.exists() and not RequestUpload.objects.exists()


def test_before_the_half_year_the_date_is_shown_before_any_upload(staff, clock):
    client = bound_client(staff, clock, registered_on="2026-01-05")
    page = client.get(reverse("portal:apply") + "?condition=employment").content.decode()
    assert 'data-testid="not-yet"' in page and "起方可申领" in page and 'type="file"' not in page


def test_without_a_registration_she_is_sent_to_declare(staff, clock):
    client = Client()
    sign_in(client, "13700000011")
    response = client.get(reverse("portal:apply"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:bind")


def test_someone_elses_file_and_another_station_answer_404(staff, clock):
    client = bound_client(staff, clock)
    client.post(reverse("portal:apply"), {"condition": "employment", **files()})
    upload = RequestUpload.objects.get(material="resident_id_card")
    mine = client.get(reverse("portal:apply_file", args=[upload.pk]))
    assert (
        mine.status_code == 200 and mine["Content-Type"] == "image/jpeg" and mine["X-Content-Type-Options"] == "nosniff"
    )
    stranger = Client()
    sign_in(stranger, "13700000012")
    assert stranger.get(reverse("portal:apply_file", args=[upload.pk])).status_code == 404
    other = office_client(staff.other_clerk)
    assert other.get(reverse("online_application_upload", args=[upload.pk])).status_code == 404
    assert other.get(reverse("online_application", args=[upload.request_id])).status_code == 404
    # A resident session is not a clerk's.
    assert client.get(reverse("online_application_upload", args=[upload.pk])).status_code == 302


def test_a_permit_holder_is_told_so_instead_of_a_form(staff, clock):
    from tests.registry.flows import issued_permit

    permit = issued_permit(staff, clock)
    client = Client()
    sign_in(client, OWN_PHONE)
    client.post(reverse("portal:bind"), {"name": "张丽", "id_number": "610113199002280029"})
    page = client.get(reverse("portal:apply") + "?condition=employment").content.decode()
    assert 'data-testid="holds"' in page and permit.number in page and 'type="file"' not in page
