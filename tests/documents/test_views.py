"""Downloading documents: login, jurisdiction (404 outside, like a missing id), audit of every print."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now
from juzhu.documents.lookup import KINDS, find_document
from juzhu.registry.actions import receive_application
from juzhu.registry.models import Notice
from tests.factories import office_client
from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, issued_permit, registered

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    return office_client(user)


def incomplete_application(staff):
    """A second person applies with nothing: the application waits on a one-time notice."""
    registration = registered(staff, id_number="11010519491231002X", name="李梅")
    application = receive_application(
        acting_user=staff.clerk, registration_id=registration.pk, condition="employment", materials={}
    )
    return application, Notice.objects.get(application=application)


def without_csrf_token(response) -> str:
    """The page as the user reads it: every rendering masks the anti-forgery token afresh."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def prints(user):
    sequence_now()  # a print is a logged read, chained by the sequencer
    return AuditEntry.objects.filter(action="document.print", actor_id=user.pk)


def test_clerk_downloads_the_registration_certificate(staff, clock):
    registration = registered(staff)
    response = client_for(staff.clerk).get(f"/documents/registration/{registration.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert registration.number in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    entry = prints(staff.clerk).get()
    assert (entry.object_type, entry.object_id) == ("registry.Registration", str(registration.pk))
    assert entry.person_id == registration.person_id
    assert entry.purpose == "打印居住登记凭证"
    assert entry.detail == {"document": "registration", "number": registration.number}


def test_another_stations_clerk_gets_404_like_a_missing_id(staff, clock):
    registration = registered(staff)
    other = client_for(staff.other_clerk)
    outside = other.get(f"/documents/registration/{registration.pk}.pdf")
    missing = other.get(f"/documents/registration/{registration.pk + 1000}.pdf")
    assert outside.status_code == missing.status_code == 404
    assert without_csrf_token(outside) == without_csrf_token(missing)
    assert not prints(staff.other_clerk).exists()


def test_anonymous_is_sent_to_log_in(staff, clock):
    registration = registered(staff)
    response = Client().get(f"/documents/registration/{registration.pk}.pdf")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_every_kind_downloads_within_the_county(staff, clock):
    permit = issued_permit(staff, clock)
    clock("2026-01-05")
    incomplete, notice = incomplete_application(staff)
    targets = {
        "registration": permit.registration_id,
        "receipt": permit.application_id,
        "notice": notice.pk,
        "permit": permit.pk,
        "endorsements": permit.pk,
    }
    issuer = client_for(staff.issuer)  # the county bureau sees its whole county
    for kind, pk in targets.items():
        response = issuer.get(f"/documents/{kind}/{pk}.pdf")
        assert response.status_code == 200, kind
        assert response.content.startswith(b"%PDF")
    assert sorted(prints(staff.issuer).values_list("purpose", flat=True)) == sorted(
        f"打印{KINDS[kind].name}" for kind in targets
    )
    # Documents a record does not have answer 404: no receipt for an incomplete application, no refusal.
    assert issuer.get(f"/documents/receipt/{incomplete.pk}.pdf").status_code == 404
    assert issuer.get(f"/documents/refusal/{permit.application_id}.pdf").status_code == 404
    assert issuer.get("/documents/nonsense/1.pdf").status_code == 404
    assert client_for(staff.xunyang_issuer).get(f"/documents/permit/{permit.pk}.pdf").status_code == 404


def test_a_printed_number_is_looked_up(staff, clock):
    permit = issued_permit(staff, clock)
    clock("2026-01-05")
    _, notice = incomplete_application(staff)
    registration_number = permit.registration.number
    receipt_number = permit.application.receipt_number

    assert find_document(registration_number).kind.slug == "registration"
    assert find_document(receipt_number).kind.slug == "receipt"
    assert find_document(notice.number).record == notice
    found = find_document(f" {permit.number} ")
    assert found.record == permit and [k.slug for k in found.kinds] == ["permit", "endorsements"]
    assert find_document("DJ00000000000000000") is None and find_document("") is None
    # Scoped by the user's jurisdiction: outside answers like unknown.
    assert find_document(permit.number, user=staff.clerk).record == permit
    assert find_document(permit.number, user=staff.other_clerk) is None
    assert find_document(notice.number, user=staff.xunyang_clerk) is None

    response = client_for(staff.clerk).get("/documents/find", {"number": receipt_number})
    assert response.status_code == 302
    assert response["Location"] == f"/documents/receipt/{permit.application_id}.pdf"
    assert client_for(staff.other_clerk).get("/documents/find", {"number": receipt_number}).status_code == 404


def test_refusal_is_found_by_its_receipt_number(staff, clock):
    from juzhu.registry.actions import decide_application

    registration = registered(staff)
    clock("2026-04-01")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
        confirm_not_eligible=True,
    )
    decide_application(acting_user=staff.issuer, application_id=application.pk, approve=False)
    found = find_document(application.receipt_number)
    assert [k.slug for k in found.kinds] == ["receipt", "refusal"]
    response = client_for(staff.clerk).get(f"/documents/refusal/{application.pk}.pdf")
    assert response.status_code == 200
    assert prints(staff.clerk).get().purpose == "打印不予批准通知书"


def test_a_role_that_may_not_read_a_persons_record_may_not_print_it_either(staff, clock):
    """The supervisor sees the whole city but may not open a person's record (roles.py): a PDF
    carries the full ID number, address and phone, so it is refused like the record, 403 for an
    existing and a missing id alike, before any lookup and without an audit row."""
    permit = issued_permit(staff, clock)
    for user in (staff.supervisor, staff.officer):
        client = client_for(user)
        for url in (
            f"/documents/registration/{permit.registration_id}.pdf",
            f"/documents/permit/{permit.pk}.pdf",
            f"/documents/endorsements/{permit.pk}.pdf",
            f"/documents/receipt/{permit.application_id}.pdf",
        ):
            existing, missing = client.get(url), client.get(url.replace(f"/{permit.pk}.", "/999999."))
            assert existing.status_code == missing.status_code == 403, (user, url)
            assert without_csrf_token(existing) == without_csrf_token(missing)
        assert client.get("/documents/find", {"number": permit.number}).status_code == 403
        assert not prints(user).exists()


def test_an_unknown_number_answers_a_chinese_page_inside_the_office(staff, clock):
    """Was Django's bare English "Not Found" page."""
    response = client_for(staff.clerk).get("/documents/find", {"number": "XX"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "没有找到编号为“XX”的文书" in page and 'aria-label="主菜单"' in page and "返回首页" in page
    assert "Not Found" not in page


@pytest.mark.parametrize("public_url", ["", "http://juzhu.ankang.example", "/", "juzhu.ankang.example", "https://"])
def test_a_card_is_never_printed_without_an_https_public_address(staff, clock, settings, public_url):
    """The QR code was a relative path (/verify/…) when JUZHU_PUBLIC_URL was unset: no phone opens it."""
    permit = issued_permit(staff, clock)
    settings.JUZHU_PUBLIC_URL = public_url
    response = client_for(staff.clerk).get(f"/documents/permit/{permit.pk}.pdf")
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "无法打印居住证" in page and "JUZHU_PUBLIC_URL=https://" in page and 'aria-label="主菜单"' in page
    assert not prints(staff.clerk).exists()
    clerk = client_for(staff.clerk)
    clerk.post(f"/persons/{permit.person_id}/purpose/", {"purpose": "打印居住证"})
    permit_page = clerk.get(f"/permits/{permit.pk}/").content.decode()
    assert "JUZHU_PUBLIC_URL=https://" in permit_page and f"/documents/permit/{permit.pk}.pdf" not in permit_page
    # The other documents carry no QR code and still print.
    assert client_for(staff.clerk).get(f"/documents/endorsements/{permit.pk}.pdf").status_code == 200
