"""Sessions: the user read with her unit, and the idle timeout slid without a write per page."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from juzhu.org.sessions import REFRESH, UserWithUnit
from tests.factories import office_client

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.timezone.utc)


def session_writes(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return sum(
        "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
        for q in captured.captured_queries
    )


def test_the_expiry_slides_once_a_minute_not_on_every_page(staff, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    with time_machine.travel(START, tick=False) as traveller:
        client = office_client(staff.clerk, Client())
        client.get(reverse("home"))
        key = client.session.session_key
        expiry = Session.objects.get(pk=key).expire_date
        traveller.shift(datetime.timedelta(seconds=REFRESH - 5))
        assert session_writes(client) == 0  # within the minute: no write
        traveller.shift(datetime.timedelta(seconds=10))
        assert session_writes(client) == 1  # a minute on: the expiry moves forward
        assert Session.objects.get(pk=key).expire_date == expiry + datetime.timedelta(seconds=REFRESH + 5)


def test_an_idle_session_ends_after_the_timeout(staff, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    with time_machine.travel(START, tick=False) as traveller:
        client = office_client(staff.clerk, Client())
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200  # active: the expiry slid
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("home"))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_user_comes_with_her_unit_and_an_inactive_user_is_signed_out(staff):
    backend = UserWithUnit()
    user = backend.get_user(staff.clerk.pk)
    with CaptureQueriesContext(connection) as captured:
        assert user.unit.code == staff.clerk.unit.code
    assert captured.captured_queries == []
    staff.clerk.is_active = False
    staff.clerk.save(update_fields=["is_active"])
    assert backend.get_user(staff.clerk.pk) is None
