"""Error pages: Chinese, inside the office's layout with its navigation; JSON under the API.

They were Django's bare English pages (after cancelling a registration, after an address
change at the old station, for /documents/find?number=XX, for every refused page).
"""

import json

import pytest
from django.test import Client, RequestFactory

from juzhu.office.views.common import CONFIRMED
from juzhu.registry.models import Registration
from tests.factories import office_client

pytestmark = pytest.mark.django_db

NAVIGATION = 'aria-label="主菜单"'


def test_a_missing_page_is_chinese_with_the_navigation(staff):
    response = office_client(staff.clerk).get("/persons/99999999/")
    page = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in page and "人员不存在" in page
    assert NAVIGATION in page and "返回首页" in page and "Not Found" not in page
    unknown = office_client(staff.clerk).get("/no/such/page/").content.decode()
    assert "您要打开的页面或记录不存在" in unknown and NAVIGATION in unknown


def test_a_refused_page_is_chinese_with_the_navigation(staff):
    response = office_client(staff.supervisor).get("/documents/find", {"number": "DJ1"})
    page = response.content.decode()
    assert response.status_code == 403 and "无权办理" in page and NAVIGATION in page and "Forbidden" not in page


def test_an_expired_form_is_explained_in_chinese(staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "clerk_laocheng", "password": "x"})
    page = response.content.decode()
    assert response.status_code == 403 and "安全校验未通过" in page and "CSRF" not in page


def test_a_server_error_is_chinese_and_the_api_keeps_answering_json(staff):
    from juzhu import urls
    from juzhu.office.views import errors

    assert urls.handler500 == "juzhu.office.views.errors.server_error"
    request = RequestFactory().get("/")
    request.user = staff.clerk
    page = errors.server_error(request)
    assert page.status_code == 500 and "系统出错" in page.content.decode()
    api = errors.server_error(RequestFactory().get("/api/v1/persons"))
    assert api.status_code == 500 and json.loads(api.content)["message"].startswith("系统处理时出错")
    forbidden = errors.forbidden(RequestFactory().get("/api/v1/persons"))
    assert forbidden.status_code == 403 and "field" in json.loads(forbidden.content)
    missing = office_client(staff.clerk).get("/api/v1/no-such-endpoint")
    assert missing.status_code == 404 and missing.json()["message"].startswith("接口不存在")


def test_after_cancelling_the_last_registration_the_clerk_lands_on_the_workbench_with_the_message(staff, clock):
    from tests.registry.flows import registered

    clock("2025-06-02")
    registration = registered(staff)
    client = office_client(staff.clerk)
    client.post(f"/persons/{registration.person_id}/purpose/", {"purpose": "注销登记"})
    response = client.post(
        f"/registrations/{registration.pk}/cancel/", {"reason": "已离开本市", CONFIRMED: "1"}, follow=True
    )
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/"
    page = response.content.decode()
    assert f"已注销居住登记 {registration.number}" in page and "不再在本单位显示" in page
    assert Registration.objects.get().status == "cancelled"
