"""One clock per action (issue 9): an action reads the moment once and every date it writes
comes from it; ``JUZHU_TODAY`` only in a demo or test deployment; the rules version is read
at most once per action or request, and a warm cache asks nothing of the calendar tables."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from juzhu import clock
from juzhu.audit.models import AuditEntry
from juzhu.notify.models import Notification
from juzhu.registry.actions import common, receive_application, register_residence
from juzhu.registry.context import rules_context
from tests.factories import person_data, residence_data

from .flows import COMPLETE_FOR_EMPLOYMENT

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YEARS_EVE = datetime.datetime(2026, 12, 31, 23, 59, 59, 900_000, tzinfo=SHANGHAI)


@pytest.fixture
def slow_rules(monkeypatch):
    """Every question to the rules takes a quarter of a second of (travelled) time, so an
    action that read the clock again after its start would find the new year."""
    original = common.evaluate

    def travelling(*args, **kwargs):
        traveller.shift(datetime.timedelta(milliseconds=250))
        return original(*args, **kwargs)

    monkeypatch.delenv("JUZHU_TODAY", raising=False)
    monkeypatch.setattr(common, "evaluate", travelling)
    with time_machine.travel(NEW_YEARS_EVE, tick=False) as traveller:
        yield traveller


def test_an_intake_at_23_59_59_9_writes_one_date_everywhere(staff, slow_rules):
    registration = register_residence(
        acting_user=staff.clerk,
        person=person_data(),
        residence=residence_data(arrival_date=datetime.date(2026, 12, 28)),
    )
    assert clock.today() == datetime.date(2027, 1, 1)  # the rules took the clock past midnight
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
        confirm_not_eligible=True,
    )
    # The registration: its date, its number's year and its audit entry agree on 31 December.
    assert registration.declared_date == datetime.date(2026, 12, 31)
    assert registration.number.startswith(f"DJ{registration.county_id}2026")
    entry = AuditEntry.objects.get(action="registration.create", object_id=str(registration.pk))
    assert entry.at.astimezone(SHANGHAI).date() == datetime.date(2026, 12, 31)
    # The application began after midnight: every date of it is 1 January, the receipt's year too.
    assert application.received_on == application.accepted_on == datetime.date(2027, 1, 1)
    assert application.receipt_number.startswith(f"HZ{application.county_id}2027")
    days = {
        e.at.astimezone(SHANGHAI).date()
        for e in AuditEntry.objects.filter(object_id=str(application.pk), action__startswith="application.")
    }
    assert days == {datetime.date(2027, 1, 1)}
    receipt = Notification.objects.get(dedupe_key=f"receipt:{application.pk}")
    assert f"回执编号{application.receipt_number}" in receipt.text


def test_today_is_refused_outside_a_demo_or_test_deployment(monkeypatch):
    monkeypatch.setenv("JUZHU_TODAY", "2027-03-01")
    monkeypatch.delenv("JUZHU_DEMO")
    with pytest.raises(SystemExit, match="只能用于演示或测试环境"):
        clock.now()
    monkeypatch.setenv("JUZHU_DEMO", "1")
    assert clock.today() == datetime.date(2027, 3, 1)


def test_a_production_process_does_not_start_with_juzhu_today(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "JUZHU_DEMO"}
    env.update(JUZHU_TODAY="2027-03-01", JUZHU_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="juzhu.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "JUZHU_TODAY=2027-03-01 只能用于演示或测试环境" in result.stderr
    env["JUZHU_DEMO"] = "1"
    assert subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, timeout=60).returncode == 0


def _tables(queries) -> list[str]:
    sql = [q["sql"] for q in queries]
    return [s for s in sql if "registry_rulesversion" in s or "registry_calendaryear" in s or "parametervalue" in s]


def test_an_action_reads_the_rules_version_once_and_no_calendar_on_a_warm_cache(staff, clock):
    clock("2026-03-02")
    rules_context()  # warm
    with CaptureQueriesContext(connection) as queries:
        register_residence(
            acting_user=staff.clerk,
            person=person_data(),
            residence=residence_data(arrival_date=datetime.date(2026, 2, 27)),
        )
    touched = _tables(queries.captured_queries)
    assert len(touched) == 1 and "registry_rulesversion" in touched[0], touched


def test_a_request_reads_the_rules_version_once(staff, clock):
    from juzhu.api.tokens import create_token
    from tests.api.conftest import ApiClient, registration_body

    clock("2026-03-02")
    api = ApiClient(create_token(staff.clerk, "tests"))
    rules_context()  # warm
    with CaptureQueriesContext(connection) as queries:
        answer = api.post("/registrations", registration_body())
    assert answer.status_code == 201, answer.content
    touched = _tables(queries.captured_queries)
    assert len(touched) == 1 and "registry_rulesversion" in touched[0], touched
    # Without the per-request memo the same request asks for the version at every question.
    with CaptureQueriesContext(connection) as direct:
        for _ in range(3):
            rules_context()
    assert len(_tables(direct.captured_queries)) == 3
