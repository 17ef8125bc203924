"""The residents' portal in a real browser (issue 10), on a phone (390 px) and at desktop width:
sign in by SMS code, no match at binding, declare online, a clerk confirms in the office, and
the resident downloads her 居住登记凭证 and sees the clerk's read in "who read my data"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from juzhu.registry.models import Registration
from tests.documents.conftest import inspect_pdf
from tests.residents.helpers import id_number, phones, sent_code  # noqa: F401  (phones: a fixture)

from .test_scenario import PASSWORD, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = "13912345671"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}


@pytest.fixture
def people(transactional_db, flushable_audit, phones):  # noqa: F811
    from tests.factories import ensure_organisation

    staff = ensure_organisation()
    for user in vars(staff).values():
        user.set_password(PASSWORD)
        user.save()
    return staff


def fits(page) -> bool:
    """Nothing wider than the screen (no sideways scrolling on a phone)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("screen", WIDTHS)
def test_sign_in_bind_declare_confirm_certificate_and_who_read(browser, live_server, people, clock, shot, screen):
    server = live_server.url
    clock("2026-03-02")
    resident = browser.new_context(viewport=WIDTHS[screen], locale="zh-CN")
    page = resident.new_page()
    page.goto(server + "/m/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_label("手机号码").fill("0915-3212345")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("p.error[data-field=phone]")).to_contain_text("手机号码应为11位中国大陆手机号码")
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_test_id("masked-phone")).to_have_text("139****5671")
    page.get_by_label("短信验证码").fill("000000" if sent_code(PHONE) != "000000" else "111111")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("p.error[data-field=code]")).to_contain_text("验证码不正确，还可输入 4 次")
    page.get_by_label("短信验证码").fill(sent_code(PHONE))
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="实名绑定")).to_be_visible()
    page.get_by_label("姓名").fill("李娜")
    page.get_by_label("公民身份号码").fill(id_number(5))
    page.get_by_role("button", name="核对并绑定").click()
    expect(page.get_by_test_id("no-match")).to_contain_text("未找到")
    shot(page, f"portal-{screen}-01-no-match")
    page.get_by_test_id("no-match").get_by_role("link", name="网上申报居住登记").click()

    expect(page.get_by_test_id("duty")).to_contain_text("5 个工作日")
    page.get_by_label("姓名", exact=True).fill("李娜")
    page.get_by_label("公民身份号码", exact=True).fill(id_number(5))
    page.get_by_label("户籍地行政区划代码").fill("610113")
    page.get_by_label("户籍地址").fill("陕西省西安市雁塔区小寨路9号")
    page.get_by_label("居住地乡镇（街道）").select_option(label="老城街道")
    page.get_by_label("居住地址").fill("汉滨区老城街道兴安路12号")
    page.get_by_label("到达居住地日期").fill("2026-03-05")  # in the future: named
    page.get_by_label("居住事由").select_option("work")
    page.get_by_label("住所类型").select_option("rented")
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator("p.error[data-field=arrival_date]")).to_contain_text("到达居住地日期不能晚于 2026-03-02")
    page.get_by_label("到达居住地日期").fill("2026-02-27")
    page.get_by_role("button", name="提交申报").click()
    declaration = page.get_by_test_id("declaration")
    expect(declaration).to_contain_text("待派出所确认")
    expect(declaration).to_contain_text("居住登记申报期限 2026-03-05")
    expect(declaration.locator(".countdown")).to_contain_text("个工作日")
    assert fits(page)
    shot(page, f"portal-{screen}-02-declared")

    clerk = browser.new_context(viewport=WIDTHS["desktop"], locale="zh-CN").new_page()
    login(clerk, server, people.clerk)
    queue = clerk.locator("[data-queue=declarations]")
    expect(queue).to_contain_text("李娜")
    queue.get_by_role("link", name="李娜").click()
    expect(clerk.locator("main")).to_contain_text("汉滨区老城街道兴安路12号")
    clerk.get_by_role("button", name="确认并办理居住登记").click()
    expect(clerk.locator(".messages")).to_contain_text("已确认网上申报")
    registration = Registration.objects.get(person__id_number=id_number(5))
    clerk.context.close()

    page.reload()
    card = page.get_by_test_id("registration")
    expect(card).to_contain_text(registration.number)
    expect(page.get_by_test_id("declaration")).to_contain_text("已确认")
    shot(page, f"portal-{screen}-03-confirmed")
    pdf = page.request.get(server + card.get_by_test_id("certificate").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    inspect_pdf(pdf.body(), f"portal-{screen}-certificate").has("居住登记凭证", registration.number, "李娜")

    page.get_by_role("link", name="谁查阅了我的信息").click()
    rows = page.get_by_test_id("access")
    expect(rows.filter(has_text="查看网上申报")).to_contain_text("老城街道派出所")
    expect(rows.filter(has_text="查看网上申报")).to_contain_text("审核网上申报")
    expect(rows.filter(has_text="确认网上申报的居住登记")).to_contain_text("受理民警")
    expect(page.locator("main")).not_to_contain_text(people.clerk.display_name or people.clerk.username)
    expect(page.locator("main")).not_to_contain_text("居民查看本人信息")
    assert fits(page)
    shot(page, f"portal-{screen}-04-who-read")

    page.get_by_role("link", name="消息").click()
    expect(page.get_by_test_id("notification").first).to_contain_text("办理居住登记")
    expect(page.get_by_test_id("notification").first).to_contain_text("未读")
    resident.close()
