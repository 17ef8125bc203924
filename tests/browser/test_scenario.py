"""The scenario of issue 4 in a real browser: a newcomer's registration to a reissued card.

Each step is done the way a clerk does it (labels, buttons, keyboard), and each leaves
a screenshot in test-artifacts/browser/.
"""

import re

import pytest
from playwright.sync_api import expect

from juzhu.registry.models import Permit, Person

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ID_NUMBER = "610113199002280029"


def code_from_the_phone(user) -> str:
    """What the user's authenticator app shows now. A code is accepted only once and the
    scenario logs the same user in several times within 30 seconds, so the device's record
    of the last code used is rewound first (replay protection: tests/office/test_second_factor.py)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from juzhu.org.second_factor import current_code

    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return current_code(device)


def login(page, server, user, shot=None):
    """Password, then the authenticator's code; the first login enrols the authenticator."""
    page.context.clear_cookies()
    page.goto(server + "/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_label("验证码")).to_be_focused()
    enrolling = "/second-factor/enrol/" in page.url
    if enrolling:
        expect(page.get_by_test_id("secret")).to_be_visible()
        if shot:
            shot(page, f"00-enrol-authenticator-{user.username}")
    page.get_by_label("验证码").fill(code_from_the_phone(user))
    page.get_by_role("button", name="完成绑定" if enrolling else "验证").click()
    expect(page.get_by_test_id("who")).to_contain_text(str(user.unit))


def state_purpose_if_asked(page, purpose="窗口办理业务"):
    if "/purpose/" in page.url:
        page.get_by_label("查看事由").fill(purpose)
        page.get_by_role("button", name="确定").click()


def take_photo(page):
    """On the person page: the clerk uploads the picture from the window's camera."""
    from tests.registry.flows import photo_bytes

    page.get_by_label("采集相片（JPEG/PNG）").set_input_files(
        {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes(fmt="JPEG")}
    )
    page.get_by_role("button", name="上传").click()
    expect(page.locator(".messages")).to_contain_text("相片已采集")


def fetch_pdf(page, url):
    response = page.request.get(url)
    assert response.status == 200, (url, response.status)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    return response.body()


def test_from_registration_to_a_reissued_card(page, live_server, people, clock, shot):
    server = live_server.url
    clock("2025-06-02")
    login(page, server, people.clerk, shot)
    shot(page, "01-clerk-workbench")

    # Registration: a wrong check character is caught as typed, and refused on submit.
    page.get_by_role("link", name="居住登记").click()
    expect(page.locator("#registration-form")).to_have_attribute("data-live", "ready")
    page.get_by_label("公民身份号码").fill("610113199002280021")
    expect(page.locator("#id_number_check")).to_contain_text("号码有误")
    page.get_by_label("姓名", exact=True).fill("张丽")
    page.get_by_label("户籍地址").fill("陕西省西安市雁塔区小寨路1号")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("居住地址").fill("汉滨区老城街道兴安路2号")
    page.get_by_label("到达居住地日期").fill("2025-05-30")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".field.has-error").filter(has=page.locator("#id_id_number"))).to_contain_text("校验码不正确")
    expect(page.get_by_label("公民身份号码")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#registration-form")).to_have_attribute("data-live", "ready")
    shot(page, "02-bad-id-number-on-the-field")
    assert not Person.objects.exists()

    page.get_by_label("公民身份号码").fill(ID_NUMBER)
    expect(page.locator("#id_number_check")).to_contain_text("号码有效")
    page.get_by_label("户籍地行政区划代码").fill("610113")
    page.get_by_label("到达居住地日期").fill("2025-05-30")
    page.get_by_label("居住事由").select_option("work")
    expect(page.locator("#decision")).to_contain_text("属于流动人口。应于 2025-06-09 前申报")
    shot(page, "03-decision-before-saving")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("已办理居住登记，登记编号 DJ6109022025")
    person = Person.objects.get(id_number=ID_NUMBER)
    shot(page, "04-registered")
    fetch_pdf(
        page,
        re.sub(r"/persons/.*", "", page.url) + page.get_by_role("link", name="打印居住登记凭证").get_attribute("href"),
    )

    # Six months later: an incomplete application gets the one-time notice.
    clock("2025-12-02")
    page.reload()
    page.get_by_role("link", name="申领居住证").click()
    page.get_by_label("合法稳定就业").check()
    page.get_by_label("居民身份证").check()
    page.get_by_label("本人相片").check()
    page.get_by_role("button", name="核对材料并受理").click()
    expect(page.locator(".messages")).to_contain_text("已出具一次性告知书 GZ6109022025")
    expect(page.locator(".notice")).to_contain_text("就业证明")
    expect(page.locator(".notice")).to_contain_text("居住地地址证明")
    shot(page, "05-one-time-notice")
    fetch_pdf(page, server + page.get_by_role("link", name="打印一次性告知书").get_attribute("href"))

    page.get_by_label("就业证明", exact=True).check()
    page.get_by_label("居住地地址证明", exact=True).check()
    page.get_by_label("就业证明出具人").fill("安康某某有限公司")
    page.get_by_role("button", name="补充并核对").click()
    expect(page.locator(".messages")).to_contain_text("已受理，回执编号 HZ6109022025")
    shot(page, "06-receipt")
    fetch_pdf(page, server + page.get_by_role("link", name="打印受理回执").get_attribute("href"))

    # The clerk takes the photo the card will carry (approval needs it).
    page.goto(server + f"/persons/{person.pk}/")
    take_photo(page)

    # The county issuer approves.
    login(page, server, people.issuer)
    page.locator('[data-queue="decide"]').get_by_role("link", name="张丽").click()
    state_purpose_if_asked(page, "审批居住证申领")
    page.get_by_label("批准并签发居住证").check()
    page.get_by_role("button", name="作出决定").click()
    expect(page.locator(".messages")).to_contain_text("已批准，居住证")
    shot(page, "07-approved")
    permit = Permit.objects.get()

    # The clerk hands the card out.
    login(page, server, people.clerk)
    page.locator('[data-queue="hand_out"]').get_by_role("link", name="张丽").click()
    state_purpose_if_asked(page)
    page.get_by_role("button", name="发放第1版居住证").click()
    expect(page.get_by_test_id("consequence")).to_contain_text("不能撤销")
    page.get_by_role("button", name="确认发放").click()
    expect(page.locator(".messages")).to_contain_text("已发放给持证人")
    fetch_pdf(page, server + f"/documents/permit/{permit.pk}.pdf")
    shot(page, "08-handed-out")

    # A year later, in the window: endorsement.
    clock("2026-11-20")
    page.reload()
    expect(page.get_by_test_id("window")).to_contain_text("今日在签注期内")
    page.get_by_role("button", name="今日办理签注").click()
    expect(page.locator(".messages")).to_contain_text("签注完成")
    shot(page, "09-endorsed")

    # The holder moves to Xincheng street: the new station changes the address, then reissues a lost card.
    login(page, server, people.other_clerk)
    page.get_by_role("link", name="地址变更").click()
    page.get_by_label("居住证号码").fill(permit.number)
    page.get_by_label("持证人公民身份号码").fill(ID_NUMBER)
    page.get_by_label("新居住地乡镇（街道）").select_option("610902002")
    page.get_by_label("新居住地址").fill("汉滨区新城街道巴山路8号")
    page.get_by_role("button", name="变更").click()
    expect(page.locator(".messages")).to_contain_text("居住地址已变更")
    shot(page, "10-address-changed")
    page.get_by_label("补领（证件丢失）").check()
    page.get_by_role("button", name="办理", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("新证为第2版，免收费用")
    shot(page, "11-reissued")

    # The first station no longer sees the person: exactly like someone who does not exist.
    login(page, server, people.clerk)
    response = page.goto(server + f"/persons/{person.pk}/")
    assert response.status == 404
    missing = page.goto(server + "/persons/99999999/")
    assert missing.status == 404
    shot(page, "12-other-station-404")


def test_login_by_keyboard_alone(page, live_server, people, shot):
    page.goto(live_server.url + "/login/")
    expect(page.get_by_label("用户名")).to_be_focused()  # autofocus: no mouse needed
    page.keyboard.type(people.clerk.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_label("验证码")).to_be_focused()  # the second factor, autofocused too
    page.keyboard.type(code_from_the_phone(people.clerk))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("who")).to_contain_text("老城街道派出所")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip")).to_be_focused()
    shot(page, "00-keyboard-login")
