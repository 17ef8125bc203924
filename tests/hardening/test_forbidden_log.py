"""A refused request (403) is one line in the server log: method, path, user id, reason.

Django logs a PermissionDenied with its whole traceback, and a probe sending a few
thousand refused requests filled the log with them; a refusal is expected, not a bug.
"""

import logging

import pytest
from django.test import Client

from tests.factories import office_client

pytestmark = pytest.mark.django_db


def forbidden_records(caplog):
    return [r for r in caplog.records if getattr(r, "status_code", None) == 403]


def test_a_permission_refusal_is_one_line_with_method_path_user_and_reason(staff, caplog):
    client = office_client(staff.clerk)  # a clerk does not manage the calendar
    with caplog.at_level(logging.WARNING):
        assert client.get("/calendar/2026/").status_code == 403
    [entry] = forbidden_records(caplog)
    assert entry.exc_info is None and entry.exc_text is None, "no traceback for a refusal"
    line = logging.Formatter().format(entry)
    assert "\n" not in line and "Traceback" not in line
    assert "GET" in line and "/calendar/2026/" in line and f"user={staff.clerk.pk}" in line
    assert "reason=" in line


def test_a_csrf_refusal_is_one_line_naming_the_reason_and_the_anonymous_user(caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING):
        assert client.post("/login/", {"username": "x", "password": "y"}).status_code == 403
    [entry] = forbidden_records(caplog)
    line = logging.Formatter().format(entry)
    assert "\n" not in line and "POST" in line and "/login/" in line and "user=-" in line
    assert "CSRF" in line
