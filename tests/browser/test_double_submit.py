"""A double click on an office form in a real browser is done once (issue 8, finding 3)."""

import re

import pytest
from playwright.sync_api import expect

from juzhu.registry.models import Registration

from .test_scenario import ID_NUMBER, login  # people, staff_live: conftest.py

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def permissions(transactional_db):
    """A serialized_rollback test before this one ends with a flush that leaves no permissions
    (post_migrate inhibited), and a live-server test is not restored from the serialized copy."""
    from django.contrib.auth.models import Permission
    from django.core.management.sql import emit_post_migrate_signal

    if not Permission.objects.filter(content_type__app_label="registry").exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def fill_registration(page):
    page.get_by_label("公民身份号码").fill(ID_NUMBER)
    page.get_by_label("姓名", exact=True).fill("张丽")
    page.get_by_label("户籍地行政区划代码").fill("610113")
    page.get_by_label("户籍地址").fill("陕西省西安市雁塔区小寨路1号")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("居住地址").fill("汉滨区老城街道兴安路2号")
    page.get_by_label("到达居住地日期").fill("2025-05-30")
    page.get_by_label("居住事由").select_option("work")


def test_a_form_sent_twice_registers_once_and_shows_the_first_answer(page, live_server, people, clock):
    clock("2025-06-02")
    login(page, live_server.url, people.clerk)
    page.get_by_role("link", name="居住登记").click()
    expect(page.locator("#registration-form")).to_have_attribute("data-live", "ready")
    token = page.locator('#registration-form input[name="form_token"]')
    expect(token).to_have_value(re.compile(r"^[0-9a-f]{32}$"))
    fill_registration(page)
    # Two submissions of the same form, as a double click before the button is disabled.
    page.evaluate(
        "() => { const f = document.getElementById('registration-form'); f.requestSubmit(); f.requestSubmit(); }"
    )
    expect(page.locator(".messages")).to_contain_text("已办理居住登记，登记编号 DJ6109022025")
    assert Registration.objects.count() == 1
