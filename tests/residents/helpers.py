"""Shortcuts for the residents' tests: a signed-in account, codes read as the SMS carries them."""

from __future__ import annotations

import re

from juzhu.notify.models import Notification
from juzhu.residents.actions import request_code, verify_code
from juzhu.residents.actions.sign_in import SMS_KIND
from juzhu.rules.id_number import check_character

PHONE = "13912345670"


def sent_code(phone: str = PHONE) -> str:
    """The code in the newest SMS queued for ``phone`` (as the phone would show it)."""
    text = Notification.objects.filter(recipient=phone, kind=SMS_KIND).order_by("-pk").first().text
    return re.search(r"\d{6}", text).group()


def signed_in(phone: str = PHONE, address: str = "203.0.113.7"):
    request_code(phone=phone, client_address=address)
    return verify_code(phone=phone, code=sent_code(phone), client_address=address)


def id_number(serial: int, birth: str = "19900307", region: str = "610113") -> str:
    """A valid GB 11643 number (its check character computed), distinct per serial."""
    body = f"{region}{birth}{serial:03d}"
    return body + check_character(body)
