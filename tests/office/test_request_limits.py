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
