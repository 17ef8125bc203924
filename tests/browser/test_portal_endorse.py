"""Endorsing online in a real browser on a phone (390 px), issue 10 (Art 13): the holder opens
签注 beside her permit, ticks that she still lives at the registered address and submits; the
clerk confirms from the queue "居民网上签注待确认"; her page then says she is endorsed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.registry.flows import issued_permit
from tests.residents.helpers import phones, sent_code  # noqa: F401  (phones: a fixture)

from .test_portal import WIDTHS, fits, people  # noqa: F401  (people: a fixture)
from .test_scenario import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HOLDER_PHONE = "13812345678"  # person_data()'s phone


def test_the_holder_endorses_on_her_phone_and_the_clerk_confirms(browser, live_server, people, clock, shot):  # noqa: F811
    server = live_server.url
    permit = issued_permit(people, clock)  # issued 2025-12-02: the window runs 2026-11-02 to 2026-12-02
    clock("2026-11-20")
    resident = browser.new_context(viewport=WIDTHS["phone"], locale="zh-CN")
    page = resident.new_page()
    page.goto(server + "/m/")
    page.get_by_label("手机号码").fill(HOLDER_PHONE)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(sent_code(HOLDER_PHONE))
    page.get_by_role("button", name="登录").click()
    page.get_by_label("姓名").fill(permit.holder_name)
    page.get_by_label("公民身份号码").fill(permit.holder_id_number)
    page.get_by_role("button", name="核对并绑定").click()

    page.get_by_test_id("permit").get_by_test_id("endorse-link").click()
    card = page.get_by_test_id("endorse-permit")
    expect(card.get_by_test_id("address")).to_contain_text(permit.residence_address)
    expect(card.get_by_test_id("window")).to_contain_text("2026-11-02 至 2026-12-02")
    page.get_by_role("button", name="提交签注申请").click()  # not ticked: named
    expect(page.locator("p.error[data-field=confirmed]")).to_contain_text("请勾选确认您仍居住在登记的居住地址")
    page.get_by_label("本人确认仍居住在上述登记的居住地址").check()
    assert fits(page)
    shot(page, "portal-endorse-phone-01-form")
    page.get_by_role("button", name="提交签注申请").click()
    expect(page.get_by_test_id("pending")).to_contain_text("待派出所确认")
    assert fits(page)

    clerk = browser.new_context(viewport=WIDTHS["desktop"], locale="zh-CN").new_page()
    login(clerk, server, people.clerk)
    queue = clerk.locator("[data-queue=endorsements]")
    expect(queue).to_contain_text(permit.holder_name)
    queue.get_by_role("link", name=permit.holder_name).click()
    expect(clerk.get_by_test_id("registered-address")).to_contain_text(permit.residence_address)
    clerk.get_by_role("button", name="确认并办理签注").click()
    expect(clerk.locator(".messages")).to_contain_text("签注日期 2026-11-20")
    clerk.context.close()

    page.reload()
    expect(page.get_by_test_id("endorsed")).to_contain_text("本年度已签注（2026-11-20）")
    shot(page, "portal-endorse-phone-02-endorsed")
    page.get_by_role("link", name="消息").click()
    expect(page.get_by_test_id("notification").first).to_contain_text("已签注")
    resident.close()
