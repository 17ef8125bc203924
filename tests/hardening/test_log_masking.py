"""Notifications leave no full phone, permit or receipt number in the log (R-22: masked as on screen).

The default sender writes each notification to the log; one daily run of the probe
logged 157 distinct full phone numbers.
"""

import datetime
import logging
import re

import pytest

from juzhu.notify.models import Notification
from juzhu.registry.jobs.daily import run_daily
from tests.registry.flows import issued_permit

pytestmark = pytest.mark.django_db


def test_the_daily_job_logs_its_notifications_masked(staff, clock, caplog):
    permit = issued_permit(staff, clock)
    phone = permit.person.phone
    assert phone and len(phone) == 11
    with caplog.at_level(logging.INFO, logger="juzhu.notify"):
        run_daily(datetime.date(2026, 12, 3))  # suspends the permit and sends the notice
    assert Notification.objects.filter(kind="suspended", status="sent").count() == 1
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "通知 suspended" in logged, "the notification is still logged"
    assert phone not in logged and phone[:3] in logged and phone[-4:] in logged
    assert permit.number not in logged and permit.number[-4:] in logged
    assert not re.search(r"\d{7}", logged), "registration, receipt and permit numbers are masked too"


def test_masking_in_text_keeps_the_words_and_hides_the_middle_of_every_number():
    from juzhu.masks import mask_in_text

    text = "您的居住证（61090220260000123）已签发，回执编号HZ6109022025000017，电话13812345678。"
    masked = mask_in_text(text)
    assert "61090220260000123" not in masked and "13812345678" not in masked
    assert "HZ6109022025000017" not in masked
    assert "138****5678" in masked and "您的居住证（" in masked and "已签发" in masked
    assert mask_in_text("将于2026年12月03日前发放") == "将于2026年12月03日前发放"  # dates stay readable
