"""Shortcuts for the residents' tests: a signed-in account, codes read as the SMS carries them."""

from __future__ import annotations

import re
from typing import ClassVar

import pytest

from juzhu.notify.models import Notification
from juzhu.notify.senders import Sender
from juzhu.residents.actions import request_code, verify_code
from juzhu.residents.actions.sign_in import SMS_KIND
from juzhu.rules.id_number import check_character

PHONE = "13912345670"
PHONE_SENDER = "tests.residents.helpers.PhoneSender"


class PhoneSender(Sender):
    """The phones of the tests: what was delivered to each number (the outbox keeps no code)."""

    received: ClassVar[dict[str, list[str]]] = {}

    def send(self, notification: Notification) -> None:
        self.received.setdefault(notification.recipient, []).append(notification.text)


def sent_code(phone: str = PHONE) -> str:
    """The code in the newest SMS for ``phone``: still in the outbox, or delivered (after a commit)."""
    queued = Notification.objects.filter(recipient=phone, kind=SMS_KIND, status="queued").order_by("-pk").first()
    text = queued.text if queued else PhoneSender.received[phone][-1]
    return re.search(r"\d{6}", text).group()


def signed_in(phone: str = PHONE, address: str = "203.0.113.7"):
    request_code(phone=phone, client_address=address)
    return verify_code(phone=phone, code=sent_code(phone), client_address=address)


def id_number(serial: int, birth: str = "19900307", region: str = "610113") -> str:
    """A valid GB 11643 number (its check character computed), distinct per serial."""
    body = f"{region}{birth}{serial:03d}"
    return body + check_character(body)


@pytest.fixture
def phones(settings):
    """SMS go to the tests' phones (``PhoneSender``), where a test reads a sign-in code as the
    resident would; the outbox itself keeps none once it is delivered."""
    settings.JUZHU_NOTIFICATION_SENDER = PHONE_SENDER
    PhoneSender.received.clear()
    return PhoneSender.received
