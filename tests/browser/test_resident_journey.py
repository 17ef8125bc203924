"""A resident's whole journey on a phone (390 px), issue 10's "done when": sign in by SMS code,
bind, apply online with her uploads, the station receives it from its queue, the permit is
issued, her electronic permit's QR code is read off the screen and verified offline (signature
and status list, no server call for the check), then inside the endorsement window she endorses
online and the station confirms it from its queue; the e-permit still verifies."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from juzhu import clock as system_clock
from juzhu.credentials import jose
from juzhu.credentials.verifier import Verifier, read_status_list
from juzhu.registry.actions import decide_application, hand_out_card
from juzhu.registry.models import PermitApplication
from tests.registry.flows import photo_bytes, registered
from tests.residents.helpers import phones, sent_code  # noqa: F401  (phones: a fixture)
from tests.residents.test_applications import jpeg, pdf

from .test_apply import upload
from .test_portal import WIDTHS, fits, people  # noqa: F401  (people: a fixture)
from .test_scenario import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = "13812345678"  # person_data()'s phone: on record, so she can bind


def scanned(page) -> str:
    """The QR code on the screen, read from a screenshot as a phone's camera would."""
    import zxingcpp
    from PIL import Image

    picture = Image.open(io.BytesIO(page.get_by_test_id("epermit-qr").locator("svg").screenshot()))
    found = [c.text for c in zxingcpp.read_barcodes(picture) if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(found) == 1, found
    return found[0]


def verified_offline(page, server: str, text: str, now: int):
    """What an offline verifier says: keys and the status list downloaded once, then no server."""
    keys = jose.key_set(page.request.get(server + "/.well-known/jwks.json").json())
    verifier = Verifier(keys)
    credential = verifier.check_signature(text).credential
    assert credential is not None
    status_path = "/" + credential.status_uri.split("/", 3)[3]  # the list's path on this test server
    listed = read_status_list(page.request.get(server + status_path).text(), keys, now)
    verifier.lists[listed.uri] = listed
    return verifier.check(text)


def test_sign_in_apply_receive_e_permit_verified_offline_and_endorse(browser, live_server, people, clock, shot):  # noqa: F811
    server = live_server.url
    clock("2024-08-01")
    registered(people, phone=PHONE)
    clock("2025-03-03")  # Monday
    resident = browser.new_context(viewport=WIDTHS["phone"], locale="zh-CN")
    page = resident.new_page()
    page.goto(server + "/m/")
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(sent_code(PHONE))
    page.get_by_role("button", name="登录").click()
    page.get_by_label("姓名").fill("张丽")
    page.get_by_label("公民身份号码").fill("610113199002280029")
    page.get_by_role("button", name="核对并绑定").click()

    # Apply online with every material of her condition, the photo among them.
    page.get_by_role("link", name="网上申领居住证").click()
    page.get_by_label("合法稳定就业").check()
    page.get_by_role("button", name="查看材料清单").click()
    page.get_by_label("居民身份证", exact=True).set_input_files(upload("身份证.jpg", jpeg(), "image/jpeg"))
    page.get_by_label("本人相片").set_input_files(upload("相片.png", photo_bytes(), "image/png"))
    page.get_by_label("居住地地址证明").set_input_files(upload("租房合同.pdf", pdf(), "application/pdf"))
    page.get_by_label("就业证明").set_input_files(upload("劳动合同.pdf", pdf(), "application/pdf"))
    page.get_by_role("button", name="提交申领").click()
    expect(page.get_by_test_id("online-application")).to_contain_text("待居住地派出所核验材料")
    assert fits(page)

    # The station receives it from its queue: complete, so the receipt.
    clerk = browser.new_context(viewport=WIDTHS["desktop"], locale="zh-CN").new_page()
    login(clerk, server, people.clerk)
    clerk.locator("[data-queue=online_applications]").get_by_role("link", name="张丽").click()
    for code in ("resident_id_card", "photo", "residence_address_proof", "employment_proof"):
        clerk.locator(f"tr[data-material={code}] input[type=checkbox]").check()
    clerk.get_by_label("将居民上传的本人相片设为其相片").check()
    clerk.get_by_role("button", name="核验并受理（不齐全的出具一次性告知书）").click()
    expect(clerk.locator(".messages")).to_contain_text("已受理，回执编号")
    application = PermitApplication.objects.get(person__phone=PHONE)
    page.reload()
    expect(page.locator("main")).to_contain_text(application.receipt_number)

    # The county bureau issues it (its own screens are tested elsewhere); she collects the card.
    clock("2025-03-05")
    permit = decide_application(acting_user=people.issuer, application_id=application.pk, approve=True)
    hand_out_card(acting_user=people.clerk, card_id=permit.cards.get().pk)

    page.goto(server + "/m/")
    page.get_by_test_id("permit").get_by_test_id("epermit-link").click()
    expect(page.get_by_test_id("epermit")).to_contain_text(permit.number)
    assert fits(page)
    shot(page, "journey-phone-01-e-permit")
    text = scanned(page)
    assert text.startswith("https://") and "/verify/c/" in text
    verdict = verified_offline(page, server, text, now=int(system_clock.now().timestamp()))
    assert (verdict.state, verdict.credential.permit_number, verdict.credential.card_version) == (
        "valid",
        permit.number,
        1,
    )
    page.get_by_test_id("verify-here").click()
    expect(page.get_by_test_id("state")).to_contain_text("有效")

    # Inside the endorsement window (the month before the anniversary, Art 13): endorse online.
    clock("2026-02-24")
    page.goto(server + "/m/")
    page.get_by_test_id("permit").get_by_test_id("endorse-link").click()
    page.get_by_label("本人确认仍居住在上述登记的居住地址").check()
    page.get_by_role("button", name="提交签注申请").click()
    expect(page.get_by_test_id("pending")).to_contain_text("待派出所确认")
    assert fits(page)
    shot(page, "journey-phone-02-endorsement-asked")

    clerk.goto(server + "/")
    clerk.locator("[data-queue=endorsements]").get_by_role("link", name="张丽").click()
    clerk.get_by_role("button", name="确认并办理签注").click()
    expect(clerk.locator(".messages")).to_contain_text("签注日期 2026-02-24")
    clerk.context.close()

    page.reload()
    expect(page.get_by_test_id("endorsed")).to_contain_text("本年度已签注（2026-02-24）")
    shot(page, "journey-phone-03-endorsed")
    page.goto(server + "/m/")
    page.get_by_test_id("permit").get_by_test_id("epermit-link").click()
    assert verified_offline(page, server, scanned(page), now=int(system_clock.now().timestamp())).state == "valid"
    resident.close()
