"""The online permit application with uploads (issue 10; Art 10-12): the resident submits the
checklist's files, the station receives it through the registry's own actions (receipt or
one-time notice), the resident uploads what the notice lists, the clerk completes it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from juzhu.audit.models import AuditEntry, PendingAuditEntry
from juzhu.office.queues import queues_for
from juzhu.registry.errors import ActionError, NotFound
from juzhu.registry.models import PermitApplication
from juzhu.residents.actions import (
    bind_identity,
    clerk_upload,
    own_upload,
    receive_online_application,
    return_online_application,
    submit_application,
    upload_missing,
)
from juzhu.residents.models import RequestUpload, ResidentRequest
from tests.registry.flows import photo_bytes, registered

from .helpers import signed_in

pytestmark = pytest.mark.django_db
PHONE = "13812345678"  # person_data()'s phone: the registry has it on record, so she can bind


def pdf(body: bytes = b"1 0 obj << /Type /Catalog >> endobj") -> bytes:
    return b"%PDF-1.4\n" + body + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def jpeg(size=(358, 441)) -> bytes:
    return photo_bytes(size=size, fmt="JPEG")


def bound_resident(staff, clock, registered_on="2025-06-02", today="2026-03-02"):
    clock(registered_on)
    registration = registered(staff, phone=PHONE)
    clock(today)
    account = signed_in(PHONE)
    bind_identity(account_id=account.pk, name="张丽", id_number=registration.person.id_number)
    return account, registration


def complete_files() -> dict:
    return {
        "resident_id_card": [("身份证.jpg", jpeg())],
        "photo": [("相片.png", photo_bytes())],
        "residence_address_proof": [("租房合同.pdf", pdf())],
        "employment_proof": [("劳动合同.pdf", pdf()), ("社保.pdf", pdf())],
    }


def test_submitted_then_received_complete_gives_the_receipt(staff, clock, settings):
    account, registration = bound_resident(staff, clock)
    item = submit_application(account_id=account.pk, condition="employment", files=complete_files())
    assert item.kind == "application" and item.status == "submitted" and item.town_id == registration.town_id
    uploads = list(item.uploads.order_by("pk"))
    assert [u.material for u in uploads].count("employment_proof") == 2
    first = uploads[0]
    assert first.content_type == "image/jpeg" and len(first.sha256) == 64 and first.name == "身份证.jpg"
    assert not first.file.name.endswith("身份证.jpg")  # stored under a random name
    mine = {q.key: q for q in queues_for(staff.clerk)}["online_applications"]
    assert mine.total == 1
    assert {q.key: q for q in queues_for(staff.other_clerk)}["online_applications"].total == 0
    clock("2026-03-04")  # the clerk gets to it two days later: received and accepted on her day
    done = receive_online_application(
        acting_user=staff.clerk,
        request_id=item.pk,
        materials=["resident_id_card", "photo", "residence_address_proof", "employment_proof"],
        use_photo=True,
    )
    assert done.status == "confirmed"
    application = PermitApplication.objects.get(pk=done.data["application"])
    assert application.status == "accepted" and application.receipt_number
    assert str(application.accepted_on) == "2026-03-04" and application.due_date > application.accepted_on
    assert application.person.photo  # the uploaded picture became the person's photo
    assert AuditEntry.objects.filter(action="online_application.receive", person_id=application.person_id).exists()
    with pytest.raises(ActionError) as again:
        receive_online_application(acting_user=staff.clerk, request_id=item.pk, materials=["photo"])
    assert again.value.status == 409


def test_incomplete_gives_the_notice_the_resident_uploads_the_rest_the_clerk_completes(staff, clock):
    account, _ = bound_resident(staff, clock)
    files = complete_files()
    del files["employment_proof"]
    item = submit_application(account_id=account.pk, condition="employment", files=files)
    item = receive_online_application(
        acting_user=staff.clerk, request_id=item.pk, materials=["resident_id_card", "residence_address_proof"]
    )
    application = PermitApplication.objects.get(pk=item.data["application"])
    assert application.status == "incomplete" and application.notices.count() == 1
    assert item.status == "submitted" and item.data["waiting"] is True
    assert set(item.data["missing"]) == {"photo", "employment_proof"}
    # Waiting for her: off the station's queue, the clerk cannot act on it.
    assert {q.key: q for q in queues_for(staff.clerk)}["online_applications"].total == 0
    with pytest.raises(ActionError):
        receive_online_application(acting_user=staff.clerk, request_id=item.pk, materials=["photo"])
    with pytest.raises(ActionError) as outside:  # only what the notice lists
        upload_missing(account_id=account.pk, files={"study_proof": [("x.pdf", pdf())]})
    assert outside.value.field == "files"
    upload_missing(
        account_id=account.pk,
        files={"employment_proof": [("劳动合同.pdf", pdf())], "photo": [("相片.jpg", jpeg())]},
    )
    assert {q.key: q for q in queues_for(staff.clerk)}["online_applications"].total == 1
    done = receive_online_application(
        acting_user=staff.clerk,
        request_id=item.pk,
        materials=["resident_id_card", "residence_address_proof", "employment_proof", "photo"],
    )
    application.refresh_from_db()
    assert done.status == "confirmed" and application.status == "accepted" and application.notices.count() == 1


def test_before_the_half_year_she_is_told_the_date_and_nothing_is_written(staff, clock):
    account, _ = bound_resident(staff, clock, registered_on="2026-01-05", today="2026-03-02")
    with pytest.raises(ActionError) as early:
        submit_application(account_id=account.pk, condition="employment", files=complete_files())
    assert (
        early.value.field == "condition" and "起方可申领" in early.value.message and "2026年07月" in early.value.message
    )
    assert not ResidentRequest.objects.exists() and not RequestUpload.objects.exists()


def test_without_a_registration_she_is_sent_to_declare(staff, clock):
    account = signed_in("13700000009")
    with pytest.raises(ActionError) as refused:
        submit_application(account_id=account.pk, condition="employment", files=complete_files())
    assert refused.value.status == 403  # not even bound


def _huge_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("a.jpg", b"", "空文件"),
        ("合同.pdf", b"MZ\x90\x00 not a pdf", "不是 JPEG、PNG 图片或 PDF 文件"),
        ("photo.jpg", b"GIF89a" + b"\x00" * 40, "不是 JPEG、PNG"),
        ("bomb.png", None, "像素"),
        ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "无法识别"),
        ("script.pdf", pdf(b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"), "含有脚本"),
        ("escaped.pdf", pdf(b"<< /S /J#61vaScript >>"), "含有脚本"),
        ("locked.pdf", pdf(b"trailer << /Encrypt 5 0 R >>"), "已加密"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj", "不完整"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"%%EOF", "超过 5 MB"),
    ],
)
def test_each_bad_file_is_named_and_nothing_is_written(staff, clock, name, data, message):
    account, _ = bound_resident(staff, clock)
    files = complete_files()
    files["employment_proof"] = [("劳动合同.pdf", pdf()), (name, _huge_png() if data is None else data)]
    with pytest.raises(ActionError) as refused:
        submit_application(account_id=account.pk, condition="employment", files=files)
    assert refused.value.field == "files_employment_proof", refused.value.message
    assert message in refused.value.message and "就业证明" in refused.value.message
    assert not ResidentRequest.objects.exists() and not RequestUpload.objects.exists()


def test_the_totals_are_limited(staff, clock):
    account, _ = bound_resident(staff, clock)
    files = complete_files()
    files["employment_proof"] = [(f"{i}.pdf", pdf()) for i in range(12)]
    with pytest.raises(ActionError) as many:
        submit_application(account_id=account.pk, condition="employment", files=files)
    assert many.value.field == "files" and "最多上传 12 个文件" in many.value.message
    files["employment_proof"] = [(f"{i}.pdf", pdf(b"0" * (4 * 1024 * 1024))) for i in range(5)]
    with pytest.raises(ActionError) as heavy:
        submit_application(account_id=account.pk, condition="employment", files=files)
    assert heavy.value.field == "files" and "20 MB" in heavy.value.message
    assert not RequestUpload.objects.exists()


def test_a_material_of_another_condition_is_refused(staff, clock):
    account, _ = bound_resident(staff, clock)
    with pytest.raises(ActionError) as refused:
        submit_application(account_id=account.pk, condition="employment", files={"study_proof": [("a.pdf", pdf())]})
    assert refused.value.field == "files"


def test_double_submit_is_refused(staff, clock):
    account, _ = bound_resident(staff, clock)
    submit_application(account_id=account.pk, condition="employment", files=complete_files())
    with pytest.raises(ActionError) as again:
        submit_application(account_id=account.pk, condition="employment", files=complete_files())
    assert again.value.status == 409
    assert ResidentRequest.objects.count() == 1


def test_files_are_read_only_by_herself_and_the_station_of_her_address(staff, clock):
    account, _ = bound_resident(staff, clock)
    item = submit_application(account_id=account.pk, condition="employment", files=complete_files())
    upload = item.uploads.first()
    assert own_upload(account=account, upload_id=upload.pk) == upload
    stranger = signed_in("13700000008")
    with pytest.raises(NotFound):
        own_upload(account=stranger, upload_id=upload.pk)
    with pytest.raises(NotFound):
        clerk_upload(acting_user=staff.other_clerk, upload_id=upload.pk)
    assert clerk_upload(acting_user=staff.clerk, upload_id=upload.pk) == upload
    logged = PendingAuditEntry.objects.filter(action="online_application.view_upload", person_id=item.person_id)
    assert logged.count() + AuditEntry.objects.filter(action="online_application.view_upload").count() == 1
    with pytest.raises(NotFound):
        receive_online_application(acting_user=staff.other_clerk, request_id=item.pk, materials=[])


def test_returned_with_a_reason_withdraws_a_noticed_application(staff, clock):
    account, _ = bound_resident(staff, clock)
    item = submit_application(account_id=account.pk, condition="employment", files=complete_files())
    item = receive_online_application(acting_user=staff.clerk, request_id=item.pk, materials=["resident_id_card"])
    upload_missing(account_id=account.pk, files={"photo": [("p.jpg", jpeg())]})
    returned = return_online_application(acting_user=staff.clerk, request_id=item.pk, reason="上传的就业证明无法辨认")
    assert returned.status == "returned" and returned.return_reason == "上传的就业证明无法辨认"
    assert PermitApplication.objects.get(pk=item.data["application"]).status == "withdrawn"
    # She may apply again.
    submit_application(account_id=account.pk, condition="employment", files=complete_files())


def test_a_failure_after_the_files_are_written_removes_them(staff, clock, settings, monkeypatch):
    """Nothing half-written: the rows roll back with the transaction and the files follow."""
    from juzhu.residents.actions import applications

    account, _ = bound_resident(staff, clock)

    def broken(*args, **kwargs):
        raise RuntimeError("the audit chain is unavailable")

    monkeypatch.setattr(applications, "emit", broken)
    with pytest.raises(RuntimeError):
        submit_application(account_id=account.pk, condition="employment", files=complete_files())
    folder = settings.MEDIA_ROOT / "requests"
    assert not ResidentRequest.objects.exists()
    assert not [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else True


def test_a_permit_holder_is_told_she_needs_no_second_permit(staff, clock):
    from tests.registry.flows import issued_permit

    permit = issued_permit(staff, clock)
    account = signed_in(PHONE)
    bind_identity(account_id=account.pk, name="张丽", id_number=permit.person.id_number)
    with pytest.raises(ActionError) as refused:
        submit_application(account_id=account.pk, condition="employment", files=complete_files())
    assert refused.value.status == 409 and permit.number in refused.value.message


def test_a_photo_unfit_for_the_card_is_named_and_nothing_is_received(staff, clock):
    account, _ = bound_resident(staff, clock)
    files = complete_files()
    files["photo"] = [("小相片.png", photo_bytes(size=(100, 120)))]  # a fine upload, too small for the card
    item = submit_application(account_id=account.pk, condition="employment", files=files)
    with pytest.raises(ActionError) as refused:
        receive_online_application(
            acting_user=staff.clerk,
            request_id=item.pk,
            materials=["resident_id_card", "photo", "residence_address_proof", "employment_proof"],
            use_photo=True,
        )
    assert refused.value.field == "use_photo" and "240×300" in refused.value.message
    assert not PermitApplication.objects.exists()
    item.refresh_from_db()
    assert item.status == "submitted" and "application" not in item.data
