"""The window clerk's smaller defects in a real browser (issue 7): a phone-sized screen
without sideways scrolling, and irreversible actions confirmed without JavaScript."""

import pytest
from playwright.sync_api import expect

from juzhu.registry.models import PermitApplication

from .test_scenario import login, state_purpose_if_asked  # people, staff_live: conftest.py

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page, name, shot):
    shot(page, f"mobile-{name}")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name}: the page is {widths[0]} px wide on a {widths[1]} px screen"
    header = page.locator("header.top").bounding_box()
    assert header["height"] < 200, f"{name}: the header breaks into a column ({header['height']} px)"


def test_the_main_pages_fit_a_phone_screen(page, live_server, people, clock, shot):
    from tests.registry.flows import issued_permit

    permit = issued_permit(people, clock, registered_on="2025-06-02", applied_on="2025-12-02")
    server = live_server.url
    page.set_viewport_size(PHONE)
    login(page, server, people.clerk)
    no_sideways_scroll(page, "workbench", shot)
    page.goto(server + "/registrations/new/")
    no_sideways_scroll(page, "registration", shot)
    page.goto(server + "/search/?q=张丽")
    no_sideways_scroll(page, "search", shot)
    page.goto(server + f"/persons/{permit.person_id}/")
    state_purpose_if_asked(page)
    no_sideways_scroll(page, "person", shot)
    page.goto(server + f"/applications/{permit.application_id}/")
    no_sideways_scroll(page, "application", shot)
    page.goto(server + f"/permits/{permit.pk}/")
    no_sideways_scroll(page, "permit", shot)
    login(page, server, people.admin)
    page.goto(server + "/calendar/2027/")
    no_sideways_scroll(page, "calendar", shot)


def test_withdrawal_is_confirmed_on_a_page_of_its_own_without_javascript(browser, live_server, people, clock, shot):
    from tests.registry.flows import registered

    clock("2025-06-02")
    registration = registered(people)
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    login(page, live_server.url, people.clerk)
    page.goto(live_server.url + f"/registrations/{registration.pk}/apply/")
    state_purpose_if_asked(page)
    page.get_by_label("连续就读").check()
    page.get_by_role("button", name="核对材料并受理").click()
    page.get_by_role("button", name="申请人撤回申领").click()
    expect(page.get_by_test_id("consequence")).to_contain_text("须重新申领")
    shot(page, "confirm-withdrawal")
    assert PermitApplication.objects.get().status == PermitApplication.Status.INCOMPLETE
    page.get_by_role("button", name="确认撤回").click()
    expect(page.locator(".messages")).to_contain_text("申领已撤回")
    assert PermitApplication.objects.get().status == PermitApplication.Status.WITHDRAWN
    context.close()
