"""The holder's lost card in a real browser (issue 10, cards), on a phone and at desktop width:
she reports it lost (two steps, "cannot be undone"), the old card verifies as void at once, the
clerk confirms the reissue in the office, and she reads where to collect the new card."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from juzhu.credentials.issue import credential_url
from juzhu.registry.actions import hand_out_card
from juzhu.registry.models import PermitCard
from tests.registry.flows import issued_permit
from tests.residents.helpers import phones, sent_code  # noqa: F401  (phones: a fixture)

from .test_portal import WIDTHS, fits, people  # noqa: F401  (people: a fixture)
from .test_scenario import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HOLDER_PHONE = "13812345678"  # tests.factories.person_data


@pytest.mark.parametrize("screen", WIDTHS)
def test_lost_card_void_at_once_then_reissued_at_the_station(browser, live_server, people, clock, shot, screen):  # noqa: F811
    server = live_server.url
    permit = issued_permit(people, clock)
    old = permit.cards.get()
    hand_out_card(acting_user=people.clerk, card_id=old.pk)
    clock("2026-01-05")
    resident = browser.new_context(viewport=WIDTHS[screen], locale="zh-CN")
    page = resident.new_page()
    page.goto(server + reverse("portal:home"))
    page.get_by_label("手机号码").fill(HOLDER_PHONE)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信验证码").fill(sent_code(HOLDER_PHONE))
    page.get_by_role("button", name="登录").click()
    page.get_by_label("姓名").fill("张丽")
    page.get_by_label("公民身份号码").fill("610113199002280029")
    page.get_by_role("button", name="核对并绑定").click()

    page.get_by_test_id("permit-services").click()
    expect(page.get_by_test_id("free")).to_contain_text("第十六条")
    page.get_by_role("link", name="挂失居住证并申请补领").click()
    expect(page.get_by_label("同时申请补领新证（免收工本费）")).to_be_checked()
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_test_id("cannot-undo")).to_contain_text("不能撤销")
    assert fits(page)
    shot(page, f"cards-{screen}-01-cannot-be-undone")
    assert PermitCard.objects.get(pk=old.pk).status == "handed_out"  # nothing written yet
    page.get_by_role("button", name="确认挂失，原证立即作废").click()
    expect(page.locator("main")).to_contain_text("原证即时作废")
    expect(page.get_by_test_id("permit-cards")).to_contain_text("已作废")
    expect(page.get_by_test_id("holder-request")).to_contain_text("待派出所确认")
    assert fits(page)
    shot(page, f"cards-{screen}-02-reported")

    verifier = browser.new_context(viewport=WIDTHS["phone"], locale="zh-CN").new_page()
    verifier.goto(server + urlsplit(credential_url(PermitCard.objects.get(pk=old.pk))).path)
    expect(verifier.locator("main")).to_contain_text("已作废")
    verifier.context.close()

    clerk = browser.new_context(viewport=WIDTHS["desktop"], locale="zh-CN").new_page()
    login(clerk, server, people.clerk)
    queue = clerk.locator("[data-queue=card_requests]")
    queue.get_by_role("link", name="张丽").click()
    expect(clerk.locator("main")).to_contain_text("持证人挂失")
    clerk.get_by_role("button", name="确认并制作新证").click()
    expect(clerk.locator(".messages")).to_contain_text("已确认网上申请")
    clerk.context.close()

    page.reload()
    expect(page.get_by_test_id("next-step")).to_contain_text("第2版新证已制作，请携带身份证到老城街道派出所领取")
    shot(page, f"cards-{screen}-03-ready-to-collect")
    resident.close()
