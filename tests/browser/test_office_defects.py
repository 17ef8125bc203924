"""The office's major defects of issue 7, in a real browser.

- the card's QR code is an absolute https link of that very card; after 补领 the old card
  verifies as 已作废 with the date, the new one as 有效 (R-13a);
- a queue longer than a page is paged to its last item;
- a page that does not exist is Chinese, inside the office, with the navigation;
- approval needs the photo the card carries.
"""

import re

import pytest
from playwright.sync_api import expect

from juzhu.registry.actions import receive_application
from juzhu.registry.models import Permit
from tests.conftest import PUBLIC_URL
from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, many_accepted_applications, registered

from .test_scenario import fetch_pdf, login, state_purpose_if_asked, take_photo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def qr_of(pdf: bytes, tmp_path, name: str) -> str:
    """The one QR code printed in ``pdf``, read from a 600 dpi rendering as a phone reads it."""
    from tests.documents.conftest import qr_codes

    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    [text] = qr_codes(path)
    return text


def open_as_phone(page, server: str, url: str):
    """The public address is not served by the test server: open the same path on it."""
    assert url.startswith(PUBLIC_URL + "/verify/"), url
    return page.goto(server + url.removeprefix(PUBLIC_URL))


def test_photo_before_approval_and_each_card_its_own_https_qr_code(page, live_server, people, clock, shot, tmp_path):
    server = live_server.url
    clock("2025-06-02")
    registration = registered(people)
    clock("2025-12-02")
    application = receive_application(
        acting_user=people.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )

    # The issuer sees what the decision rests on; without a photo the approval is refused.
    login(page, server, people.issuer)
    page.locator('[data-queue="decide"]').get_by_role("link", name="张丽").click()
    state_purpose_if_asked(page, "审批居住证申领")
    basis = page.get_by_test_id("decision-basis")
    expect(basis).to_contain_text("6101**********0029")
    expect(basis).to_contain_text("2025-06-02")
    expect(page.get_by_test_id("eligibility")).to_contain_text("符合申领条件")
    expect(page.get_by_test_id("photo-missing")).to_contain_text("尚未采集本人相片")
    page.get_by_label("批准并签发居住证").check()
    page.get_by_role("button", name="作出决定").click()
    expect(page.get_by_role("alert").first).to_contain_text("本人相片尚未采集，不能批准")
    shot(page, "20-approval-refused-without-photo")
    assert not Permit.objects.exists()

    # The clerk follows the link to the person page and takes the photo.
    login(page, server, people.clerk)
    page.goto(server + f"/applications/{application.pk}/")
    state_purpose_if_asked(page)
    page.get_by_role("link", name="到人员页面采集相片").click()
    take_photo(page)

    login(page, server, people.issuer)
    page.goto(server + f"/applications/{application.pk}/")
    state_purpose_if_asked(page, "审批居住证申领")
    expect(page.get_by_role("img", name="张丽的本人相片")).to_be_visible()
    page.get_by_label("批准并签发居住证").check()
    page.get_by_role("button", name="作出决定").click()
    expect(page.locator(".messages")).to_contain_text("已批准，居住证")
    permit = Permit.objects.get()
    assert permit.holder_photo

    # The card's QR code: an absolute https link that opens the check page, which says 有效.
    login(page, server, people.clerk)
    page.goto(server + f"/permits/{permit.pk}/")
    state_purpose_if_asked(page)
    page.get_by_role("button", name="发放第1版居住证").click()
    page.get_by_role("button", name="确认发放").click()
    expect(page.locator(".messages")).to_contain_text("已发放给持证人")
    first_url = qr_of(
        fetch_pdf(page, server + page.get_by_role("link", name="打印居住证").get_attribute("href")), tmp_path, "card-1"
    )
    # The signed credential (issue 10): a compact JWS, three base64url parts.
    assert re.fullmatch(re.escape(PUBLIC_URL) + r"/verify/c/ey[\w-]+\.[\w-]+\.[\w-]{86}", first_url)
    permit_page = page.url

    # 补领 a lost card: the new card has its own code; the old one now says 已作废 with the date.
    clock("2026-03-10")
    page.goto(permit_page)
    page.get_by_label("补领（证件丢失）").check()
    page.get_by_role("button", name="办理", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("新证为第2版")
    second_url = qr_of(
        fetch_pdf(page, server + page.get_by_role("link", name="打印居住证").get_attribute("href")), tmp_path, "card-2"
    )
    assert second_url != first_url and second_url.startswith(PUBLIC_URL + "/verify/")

    page.context.clear_cookies()  # whoever scans the card: no login
    open_as_phone(page, server, first_url)
    expect(page.get_by_test_id("state")).to_contain_text("已作废")
    expect(page.get_by_test_id("state")).to_contain_text("自 2026-03-10 起作废")
    shot(page, "21-old-card-void")
    open_as_phone(page, server, second_url)
    expect(page.get_by_test_id("state")).to_contain_text("有效")
    expect(page.get_by_test_id("signature")).to_contain_text("电子签名有效（第2版卡片")
    shot(page, "22-new-card-valid")


def test_a_long_queue_is_paged_to_its_last_item_and_a_missing_page_is_chinese(page, live_server, people, clock, shot):
    server = live_server.url
    waiting = many_accepted_applications(people, clock)
    least_urgent = max(waiting, key=lambda a: (a.effective_due_date, a.accepted_on, a.pk))

    login(page, server, people.issuer)
    decide = page.locator('[data-queue="decide"]')
    expect(decide.locator(".count")).to_have_text("32")
    decide.get_by_role("link", name="查看全部 32 条").click()
    expect(page.get_by_test_id("queue-total")).to_have_text("32")
    expect(page.locator(".queue li")).to_have_count(25)
    expect(page.locator(".queue li").first).to_have_class("overdue")
    shot(page, "23-queue-page-1")
    page.get_by_role("link", name="末页").click()
    expect(page.locator(".queue li")).to_have_count(7)
    expect(page.locator(".queue li").last).to_contain_text(least_urgent.person.name)
    shot(page, "24-queue-last-page")

    page.get_by_label("只看已超期").check()
    page.get_by_label("派出所").select_option(label="新城街道派出所")
    page.get_by_role("button", name="筛选").click()
    expected = [a for a in waiting if a.town_id == "610902002" and a.effective_due_date < clock("2025-12-10")]
    expect(page.get_by_test_id("queue-total")).to_have_text(str(len(expected)))
    expect(page.locator(".queue li:not(.overdue)")).to_have_count(0)
    shot(page, "25-queue-filtered")

    # A page that does not exist: Chinese, in the office's layout, with the way back.
    response = page.goto(server + "/persons/99999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    expect(page.get_by_role("navigation", name="主菜单")).to_be_visible()
    shot(page, "26-chinese-404")
    page.get_by_role("link", name="返回首页").click()
    expect(page.locator('[data-queue="decide"]')).to_be_visible()
