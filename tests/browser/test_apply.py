"""The online permit application in a real browser (issue 10), the resident on a phone (390 px):
the checklist of her condition, a bad file named beside its material, the clerk's notice, the
resident's upload of what it lists, the clerk's receipt, the issuance date and its countdown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from juzhu.registry.models import PermitApplication
from tests.registry.flows import photo_bytes, registered
from tests.residents.helpers import phones, sent_code  # noqa: F401  (phones: a fixture)
from tests.residents.test_applications import jpeg, pdf

from .test_portal import WIDTHS, fits, people  # noqa: F401  (people: a fixture)
from .test_scenario import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = "13812345678"  # person_data()'s phone: on record, so she can bind


def upload(name: str, data: bytes, kind: str) -> dict:
    return {"name": name, "mimeType": kind, "buffer": data}


def test_apply_online_notice_upload_the_rest_and_receipt(browser, live_server, people, clock, shot):  # noqa: F811
    server = live_server.url
    clock("2025-06-02")
    registered(people, phone=PHONE)
    clock("2026-03-02")
    page = browser.new_context(viewport=WIDTHS["phone"], locale="zh-CN").new_page()
    page.goto(server + "/m/")
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(sent_code(PHONE))
    page.get_by_role("button", name="登录").click()
    page.get_by_label("姓名").fill("张丽")
    page.get_by_label("公民身份号码").fill("610113199002280029")
    page.get_by_role("button", name="核对并绑定").click()

    page.get_by_role("link", name="网上申领居住证").click()
    page.get_by_label("合法稳定就业").check()
    page.get_by_role("button", name="查看材料清单").click()
    expect(page.locator("main")).to_contain_text("就业证明")
    expect(page.locator("main")).not_to_contain_text("就读证明")
    page.get_by_label("居民身份证", exact=True).set_input_files(upload("身份证.jpg", jpeg(), "image/jpeg"))
    page.get_by_label("居住地地址证明").set_input_files(upload("租房合同.pdf", pdf(), "application/pdf"))
    page.get_by_label("就业证明").set_input_files(upload("合同.pdf", b"MZ not a pdf", "application/pdf"))
    page.get_by_role("button", name="提交申领").click()
    expect(page.locator("p.error[data-field=files_employment_proof]")).to_contain_text("不是 JPEG、PNG 图片或 PDF 文件")
    assert fits(page)
    shot(page, "apply-phone-01-bad-file")
    page.get_by_label("居民身份证", exact=True).set_input_files(upload("身份证.jpg", jpeg(), "image/jpeg"))
    page.get_by_label("居住地地址证明").set_input_files(upload("租房合同.pdf", pdf(), "application/pdf"))
    page.get_by_label("就业证明").set_input_files(upload("劳动合同.pdf", pdf(), "application/pdf"))
    page.get_by_role("button", name="提交申领").click()
    expect(page.get_by_test_id("online-application")).to_contain_text("待居住地派出所核验材料")

    clerk = browser.new_context(viewport=WIDTHS["desktop"], locale="zh-CN").new_page()
    login(clerk, server, people.clerk)
    clerk.locator("[data-queue=online_applications]").get_by_role("link", name="张丽").click()
    expect(clerk.locator("main")).to_contain_text("劳动合同.pdf")
    shot(clerk, "apply-clerk-01-uploads")
    for code in ("resident_id_card", "residence_address_proof", "employment_proof"):
        clerk.locator(f"tr[data-material={code}] input[type=checkbox]").check()
    clerk.get_by_role("button", name="核验并受理（不齐全的出具一次性告知书）").click()
    expect(clerk.locator(".messages")).to_contain_text("一次性告知书")

    page.reload()
    expect(page.get_by_test_id("online-application")).to_contain_text("本人相片")
    shot(page, "apply-phone-02-notice")
    page.get_by_role("link", name="上传补正材料").click()
    page.get_by_label("本人相片").set_input_files(upload("相片.png", photo_bytes(), "image/png"))
    page.get_by_role("button", name="上传补正材料").click()
    expect(page.get_by_test_id("online-application")).to_contain_text("待居住地派出所核验材料")

    clerk.goto(server + "/")
    clerk.locator("[data-queue=online_applications]").get_by_role("link", name="张丽").click()
    clerk.locator("tr[data-material=photo] input[type=checkbox]").check()
    clerk.get_by_label("将居民上传的本人相片设为其相片").check()
    clerk.get_by_role("button", name="补正并受理").click()
    expect(clerk.locator(".messages")).to_contain_text("已受理，回执编号")
    application = PermitApplication.objects.get(person__phone=PHONE)

    page.reload()
    expect(page.locator("main")).to_contain_text(application.receipt_number)
    expect(page.locator(".countdown").first).to_contain_text("个工作日")
    assert fits(page)
    shot(page, "apply-phone-03-receipt")
