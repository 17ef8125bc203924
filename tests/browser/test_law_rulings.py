"""R-02a in the browser: a Hong Kong number on the registration form is told, as typed, that the
measure does not apply (Art 2 para 3) and what the national procedure is; never "属于流动人口"."""

import pytest
from playwright.sync_api import expect

from juzhu.registry.models import Person
from juzhu.rules.id_number import check_character

from .test_scenario import login  # people, staff_live: conftest.py

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HONG_KONG = "81000019900101123" + check_character("81000019900101123")


def test_a_hong_kong_number_is_told_the_national_procedure(page, live_server, people, clock, shot):
    clock("2026-11-27")
    login(page, live_server.url, people.clerk)
    page.get_by_role("link", name="居住登记").click()
    expect(page.locator("#registration-form")).to_have_attribute("data-live", "ready")
    page.get_by_label("身份证件类型").select_option("hmt_residence_permit")
    page.get_by_label("公民身份号码").fill(HONG_KONG)
    expect(page.locator("#id_number_check")).to_contain_text("香港特别行政区居民")
    decision = page.locator("#decision")
    expect(decision).to_contain_text("第二条第三款")
    expect(decision).to_contain_text("港澳台居民居住证申领发放办法")
    expect(decision).not_to_contain_text("属于流动人口")
    shot(page, "law-01-hong-kong-out-of-scope")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#registration-form")).to_contain_text("第二条第三款")
    assert not Person.objects.exists()
