"""Each official document, built through the real actions, rendered and read back from the PDF."""

from __future__ import annotations

import datetime
import re

import pytest

from juzhu.documents import render
from juzhu.documents.texts import FREE_OF_CHARGE, cn_date, cn_dates_in, material_names
from juzhu.registry.actions import (
    decide_application,
    endorse_permit,
    receive_application,
    register_residence,
    replace_card,
)
from juzhu.registry.models import Notice, Permit, PermitApplication, Person
from tests.conftest import PUBLIC_URL
from tests.factories import person_data, residence_data
from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, issued_permit, photographed, registered

from .conftest import inspect_pdf, pdf_images, qr_codes

pytestmark = pytest.mark.django_db

FREE = "本业务依法免费办理（《安康市居住证及流动人口服务管理实施办法》第十六条）"


def test_the_free_of_charge_line_is_the_one_art_16_asks_for():
    assert FREE_OF_CHARGE == FREE


def test_registration_certificate(staff, clock):
    clock("2026-03-02")
    registration = registered(staff)
    doc = inspect_pdf(render.registration_certificate(registration), "registration")
    doc.has(
        "居住登记凭证",
        registration.number,
        "张丽",
        "610113199002280029",
        "汉滨区老城街道兴安路2号",
        cn_date(registration.arrival_date),
        cn_date(registration.declared_date),
        f"应于{cn_date(registration.due_date)}前申报",
        "按期申报",
        "老城街道派出所",
        FREE,
        "（盖章）",
    )
    assert registration.number.startswith("DJ") and doc.pages == 1


def test_late_registration_is_flagged(staff, clock):
    clock("2026-03-02")
    registration = register_residence(
        acting_user=staff.clerk,
        person=person_data(name="欧阳娜娜"),
        residence=residence_data(arrival_date=datetime.date(2026, 1, 5)),
    )
    assert registration.late
    doc = inspect_pdf(render.registration_certificate(registration), "registration-late")
    doc.has("逾期申报", "欧阳娜娜", registration.number)


def test_receipt(staff, clock):
    clock("2025-06-02")
    registration = registered(staff)
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    doc = inspect_pdf(render.receipt(application), "receipt")
    doc.has(
        "受理回执",
        application.receipt_number,
        "张丽",
        "合法稳定就业",
        "就业证明",
        "安康市某某有限公司",
        "居住地地址证明",
        "房东王某",
        "本人相片",
        "居民身份证",
        cn_date(application.accepted_on),
        f"应于{cn_date(application.due_date)}前发放",
        f"不晚于{cn_date(application.extension_limit)}",
        "最长不得超过15日",
        "第十二条",
        FREE,
    )
    assert application.receipt_number.startswith("HZ") and doc.pages == 1


def test_receipt_needs_an_accepted_application(staff, clock):
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk, registration_id=registered(staff).pk, condition="employment", materials={}
    )
    with pytest.raises(ValueError):
        render.receipt(application)


def test_one_time_notice_lists_every_missing_item(staff, clock):
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk, registration_id=registered(staff).pk, condition="employment", materials={}
    )
    notice = Notice.objects.get(application=application)
    assert sorted(notice.missing) == ["employment_proof", "identity_document", "photo", "residence_address_proof"]
    doc = inspect_pdf(render.one_time_notice(notice), "notice")
    doc.has(
        notice.number,
        "张丽",
        "合法稳定就业",
        "一次性告知",
        "第十二条",
        FREE,
        "本人居民身份证或者其他有效身份证明（户口簿、护照、机动车驾驶证、户籍证明，第二十九条）",
        "本人相片",
        "居住地地址证明",
        "就业证明",
    )
    assert doc.pages == 1
    names = material_names(notice.given_on)
    doc.has(*(names[code] for code in notice.missing))


def test_one_time_notice_for_study_names_what_was_received(staff, clock):
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registered(staff).pk,
        condition="study",
        materials={"photo": "", "passport": ""},
    )
    notice = Notice.objects.get(application=application)
    assert sorted(notice.missing) == ["residence_address_proof", "study_proof"]
    doc = inspect_pdf(render.one_time_notice(notice), "notice-study")
    doc.has("居住地地址证明", "就读证明", "连续就读", "已收到的材料", "护照")
    assert "户籍证明，第二十九条" not in doc.text  # identity was given (a passport): not asked for


def test_refusal_notice_gives_reasons_and_articles(staff, clock):
    clock("2026-03-02")
    registration = registered(staff)
    clock("2026-04-01")  # less than half a year after registering (Art 10)
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
        confirm_not_eligible=True,
    )  # warned, the applicant insisted (R-06b)
    # The receipt promises a decision, not a card, and says from when the person is eligible.
    receipt = inspect_pdf(render.receipt(application), "receipt-early")
    receipt.has(
        f"应于{cn_date(application.due_date)}前作出决定", f"自{cn_date(datetime.date(2026, 9, 2))}起方符合申领条件"
    )
    assert "前发放" not in receipt.text.split("最长不得超过")[0]
    clock("2026-04-02")
    refused = decide_application(acting_user=staff.issuer, application_id=application.pk, approve=False)
    with pytest.raises(ValueError):
        render.refusal_notice(PermitApplication(status="accepted"))
    doc = inspect_pdf(render.refusal_notice(refused), "refusal")
    doc.has(
        "不予批准",
        "张丽",
        refused.receipt_number,
        "《安康市居住证及流动人口服务管理实施办法》第十条",
        "《安康市居住证及流动人口服务管理实施办法》第十二条",
        "未满半年",
        "说明理由",
        "安康市公安局汉滨分局",
        cn_date(datetime.date(2026, 4, 2)),
        FREE,
    )
    assert doc.pages == 1
    for reason in refused.refusal["reasons"]:
        doc.has(cn_dates_in(reason))
    for citation in refused.refusal["citations"]:
        doc.has(citation)


def test_permit_card(staff, clock):
    permit = issued_permit(staff, clock)
    doc = inspect_pdf(render.permit_card(permit), "card")
    doc.has(
        "居住证",
        permit.number,
        "张丽",
        "女",
        "汉",
        "1990年2月28日",
        "610113199002280029",
        "汉滨区老城街道兴安路2号",
        "陕西省西安市雁塔区小寨路1号",
        "安康市公安局汉滨分局",
        "签发日期",
        cn_date(permit.issue_date),
        "第1版（首次签发）",
        "签注记录",
        FREE,
    )
    assert doc.pages == 1
    assert pdf_images(doc.pdf) >= 1  # the holder's photo, taken before approval


def test_the_cards_qr_code_is_an_absolute_https_link_of_that_card(staff, clock):
    """R-13a and the QR code that was a relative path: a phone reads the printed code itself,
    and it carries the card's signed credential (issue 10), which verifies offline."""
    from juzhu.credentials.keys import public_keys
    from juzhu.credentials.verifier import Verifier

    permit = issued_permit(staff, clock)
    card = render.current_card(permit)
    doc = inspect_pdf(render.permit_card(permit), "card-qr")
    [url] = qr_codes(doc.pdf)
    assert url.startswith(f"{PUBLIC_URL}/verify/c/ey")
    # Also printed as text on the proof sheet, beside the card. Text extraction drops a hyphen
    # where a line ends on one (base64url has them), so hyphens are compared out, as whitespace.
    assert re.sub(r"[\s-]", "", url) in re.sub(r"[\s-]", "", doc.text)
    verdict = Verifier(public_keys()).check_signature(url)
    assert verdict.state == "valid", verdict.message
    assert (verdict.credential.permit_number, verdict.credential.card_version) == (permit.number, 1)
    assert verdict.credential.masked_name == "张*" and verdict.credential.issuing_organ == "安康市公安局汉滨分局"
    assert qr_codes(inspect_pdf(render.permit_card(permit), "card-qr-again").pdf) == [url]  # a reprint: same code
    clock("2026-01-05")
    replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")
    permit = Permit.objects.get(pk=permit.pk)
    new = render.current_card(permit)
    assert new.version == 2 and new.pk != card.pk
    reissued = inspect_pdf(render.permit_card(permit), "card-qr-reissued")
    [new_url] = qr_codes(reissued.pdf)
    assert new_url.startswith(f"{PUBLIC_URL}/verify/c/") and new_url != url
    assert Verifier(public_keys()).check_signature(new_url).credential.card_version == 2


def test_permit_card_with_the_holders_photo(staff, clock, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    Image.new("RGB", (358, 441), (70, 110, 160)).save(tmp_path / "photos" / "zhangli.png")
    clock("2025-06-02")
    registration = registered(staff)
    Person.objects.filter(pk=registration.person_id).update(photo="photos/zhangli.png")
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    permit = decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    assert permit.holder_photo == "photos/zhangli.png"
    doc = inspect_pdf(render.permit_card(permit), "card-photo")
    assert pdf_images(doc.pdf) >= 1
    assert render.photo_data_uri("../secret.png") == ""  # nothing outside MEDIA_ROOT


def test_endorsement_record_and_card_back(staff, clock):
    permit = issued_permit(staff, clock)  # issued 2025-12-02
    clock("2026-11-20")
    endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)  # on time, before 2026-12-02
    clock("2028-01-10")  # 2027-12-02 passed without endorsement: late
    late = endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)
    assert late.late
    permit = Permit.objects.get(pk=permit.pk)
    doc = inspect_pdf(render.endorsement_record(permit), "endorsements")
    doc.has(
        "签注记录",
        permit.number,
        "张丽",
        "2026年11月20日",
        "2026年12月2日",
        "2028年1月10日",
        "按期签注",
        "补办签注",
        "安康市公安局汉滨分局老城街道派出所",
        "第十三条",
        "截至2028年1月10日",
        FREE,
    )
    card = inspect_pdf(render.permit_card(permit), "card-endorsed")
    card.has("2026年11月20日", "2028年1月10日", "补办")


def test_suspended_permit_record_says_so(staff, clock):
    from django.core.management import call_command

    permit = issued_permit(staff, clock)
    clock("2026-12-10")
    call_command("daily")  # the anniversary 2026-12-02 passed unendorsed
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Permit.Status.SUSPENDED
    doc = inspect_pdf(render.endorsement_record(permit), "endorsements-suspended")
    doc.has("使用功能中止", "尚无签注记录")


LONG_RESIDENCE = "汉滨区老城街道兴安路二巷东段幸福家园小区三期十七号楼二单元一千二百零三室（东侧入户）隔壁仓库旁"
LONG_HUKOU = (
    "陕西省西安市雁塔区小寨路街道办事处长安南路社区居民委员会第三居民小组"
    "大雁塔北广场东侧曲江池畔人家小区十二号楼三单元八百零八室"
)
ADDRESS_MAX = 200  # the longest address a registration holds (Registration.address, Person.hukou_address)


@pytest.mark.parametrize(
    "residence, hukou",
    [
        (LONG_RESIDENCE, LONG_HUKOU),
        ((LONG_RESIDENCE * 4)[:ADDRESS_MAX], (LONG_HUKOU * 3)[:ADDRESS_MAX]),
    ],
    ids=["long", "longest"],
)
def test_permit_card_with_long_addresses_prints_them_whole_on_one_page(staff, clock, residence, hukou):
    """inspect_pdf also fails if the address runs into another field (their words overlap)."""
    clock("2025-06-02")
    registration = register_residence(
        acting_user=staff.clerk,
        person=person_data(name="司马相如", hukou_address=hukou),
        residence=residence_data(address=residence, arrival_date=datetime.date(2025, 5, 30)),
    )
    photographed(staff, registration.person_id)
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    permit = decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    doc = inspect_pdf(render.permit_card(permit), f"card-{len(residence)}")
    doc.has(residence, hukou, "司马相如", permit.number, permit.holder_id_number)
    assert doc.pages == 1
