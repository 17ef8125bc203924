"""An office form posted too big or malformed: a Chinese error page, never a 500 (issue 8, finding 4)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import office_client

pytestmark = pytest.mark.django_db


def test_a_form_post_over_the_limit_is_a_chinese_413_page(staff, clock):
    client = office_client(staff.clerk)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)
    response = client.post(reverse("registration_new"), {"address": big})
    assert response.status_code == 413
    page = response.content.decode()
    assert "MB" in page and "<html" in page


def test_a_multipart_post_without_a_boundary_is_a_chinese_400_page(staff, clock):
    client = office_client(staff.clerk)
    response = client.post(reverse("registration_new"), b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "无法" in response.content.decode()


@pytest.mark.parametrize("query", ["张\x00丽", "%FF%FE"])
def test_a_search_with_a_nul_or_bad_bytes_is_not_a_500(staff, clock, query):
    client = office_client(staff.clerk)
    response = client.get(reverse("search") + "?q=" + query)
    assert response.status_code in (200, 400)


def test_an_id_too_big_for_the_database_in_an_office_path_is_4xx_not_500(staff, clock):
    client = office_client(staff.clerk)
    assert client.get("/persons/99999999999999999999999/").status_code == 404
    cancel = client.post("/registrations/99999999999999999999999/cancel/", {"reason": "离开"})
    assert cancel.status_code in (400, 404) and "不存在" in cancel.content.decode()


def test_a_disallowed_host_is_a_plain_400_not_a_500(staff, clock):
    response = office_client(staff.clerk).get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
