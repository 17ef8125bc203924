"""The office answers in a clerk's Chinese whatever the browser asks for (issue 7)."""

import pytest

from tests.factories import office_client

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_an_english_browser_gets_chinese_messages_naming_the_field(staff, clock):
    clerk = office_client(staff.clerk)
    page = clerk.post("/registrations/new/", {"name": "", "id_number": "610113199002280029"}, **ENGLISH)
    text = page.content.decode()
    assert "请填写姓名" in text and "请填写居住地址" in text and "请选择居住事由" in text
    assert "This field is required" not in text and "这个字段是必填项" not in text
    bad_date = clerk.post("/registrations/new/", {"arrival_date": "30.5.2025"}, **ENGLISH).content.decode()
    assert "到达居住地日期应为 YYYY-MM-DD 格式的有效日期" in bad_date and "Enter a valid date" not in bad_date


def test_search_says_how_long_the_query_must_be(staff):
    page = office_client(staff.clerk).get("/search/", {"q": "张"}, **ENGLISH).content.decode()
    assert "查询内容至少 2 个字" in page
    assert "Ensure this value" not in page and "确保该变量" not in page and "确保该值" not in page


def test_the_second_factor_label_has_no_ascii_colon(staff):
    from django.test import Client

    client = Client()
    client.force_login(staff.clerk)
    page = client.get("/second-factor/", follow=True, **ENGLISH).content.decode()  # enrols first
    assert "验证码</label>" in page and "验证码:" not in page
