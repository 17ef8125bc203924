"""Signing in by mobile number and a one-time SMS code (issue 10).

Any mainland mobile number may ask for a code: the answer is the same whether the number
belongs to a registered person, an account, or no one (a new resident signs in to declare),
so the page never tells who is known. A code is six digits, kept only as a keyed hash
(HMAC with the server's secret and a per-code salt), valid ``resident.sign_in_code_minutes``,
used once, and void after ``resident.sign_in_code_attempts`` wrong tries. Sending is limited
per number (an SMS bomb aimed at someone else) and per client address (trying many numbers).
The SMS goes through the notification outbox and is delivered at once after the commit.
"""

from __future__ import annotations

import datetime
import hmac
import secrets

from django.db import transaction
from django.utils.crypto import salted_hmac

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.notify.queue import queue_messages
from juzhu.notify.senders import deliver_now
from juzhu.registry.actions.checks import mobile
from juzhu.registry.actions.common import one_moment
from juzhu.registry.errors import ActionError
from juzhu.registry.events import emit

from ..events import SIGN_IN_CODE_KIND as SMS_KIND
from ..events import SignedIn, sign_in_code
from ..models import ResidentAccount, SignInCode
from .common import AsResident, lock_key, policy

WRONG_CODE = "验证码不正确或已失效，请重新获取验证码"
PHONE_LABEL = "手机号码"


@one_moment
def request_code(*, phone: str, client_address: str | None) -> SignInCode:
    """Queue a code for ``phone``; ``ActionError`` (429) when a limit is reached, else the same answer."""
    phone = mobile(phone, "phone", PHONE_LABEL)
    moment = clock.now()
    hour_ago = moment - datetime.timedelta(hours=1)
    with transaction.atomic():
        lock_key(f"resident-sign-in:{phone}")
        recent = SignInCode.objects.filter(phone=phone, created_at__gte=hour_ago)
        latest = recent.order_by("-created_at").values_list("created_at", flat=True).first()
        wait = policy("sign_in_resend_seconds")
        if latest is not None and (moment - latest).total_seconds() < wait:
            raise ActionError(f"验证码已发送，请 {wait} 秒后再重新获取", field="phone", status=429)
        if recent.count() >= policy("sign_in_codes_per_number_per_hour"):
            raise ActionError("该号码获取验证码过于频繁，请一小时后再试", field="phone", status=429)
        if client_address and SignInCode.objects.filter(
            client_address=client_address, created_at__gte=hour_ago
        ).count() >= policy("sign_in_codes_per_address_per_hour"):
            raise ActionError("本网络获取验证码过于频繁，请一小时后再试", field="phone", status=429)
        salt = secrets.token_hex(8)
        demo = ResidentAccount.objects.filter(phone=phone, demo=True).exists()
        code = demo_code(phone, salt) if demo else f"{secrets.randbelow(10**6):06d}"
        minutes = policy("sign_in_code_minutes")
        issued = SignInCode.objects.create(
            phone=phone,
            client_address=client_address or None,
            code_hash=f"{salt}${_digest(phone, salt, code)}",
            created_at=moment,
            expires_at=moment + datetime.timedelta(minutes=minutes),
        )
        key = f"{SMS_KIND}:{issued.pk}"
        queue_messages([sign_in_code(key=key, phone=phone, code=code, minutes=minutes)])
        transaction.on_commit(lambda: deliver_now(key=key))
    return issued


@one_moment
def verify_code(*, phone: str, code: str, client_address: str | None) -> ResidentAccount:
    """The account of ``phone`` (opened at its first sign-in) when ``code`` is its latest open code."""
    phone = mobile(phone, "phone", PHONE_LABEL)
    code = (code or "").strip()
    moment = clock.now()
    wrong = False
    with transaction.atomic():
        issued = (
            SignInCode.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True, expires_at__gt=moment)
            .order_by("-created_at")
            .first()
        )
        if issued is None or issued.attempts >= policy("sign_in_code_attempts"):
            raise ActionError(WRONG_CODE, field="code")
        salt, digest = issued.code_hash.split("$", 1)
        if not (code.isdigit() and len(code) == 6 and hmac.compare_digest(digest, _digest(phone, salt, code))):
            issued.attempts += 1
            issued.save(update_fields=["attempts"])
            wrong = True  # the count is kept (committed), then the answer
        else:
            issued.used_at = moment
            issued.save(update_fields=["used_at"])
            account, _ = ResidentAccount.objects.get_or_create(phone=phone, defaults={"created_at": moment})
            account.last_sign_in_at = moment
            account.save(update_fields=["last_sign_in_at"])
            emit(
                Event.RESIDENT_SIGN_IN,
                actor=AsResident(account),
                subject=account,
                purpose="居民登录",
                moment=moment,
                payload=SignedIn(client_address=client_address or ""),
            )
    if wrong:
        left = policy("sign_in_code_attempts") - issued.attempts
        raise ActionError(f"验证码不正确，还可输入 {left} 次" if left > 0 else WRONG_CODE, field="code")
    return account


def demo_code(phone: str, salt: str) -> str:
    """A demo account's code, derivable again by ``juzhu otp resident-code`` (never for real accounts)."""
    return f"{int(salted_hmac('juzhu.residents.demo_code', f'{phone}:{salt}').hexdigest(), 16) % 10**6:06d}"


def open_demo_code(phone: str) -> str | None:
    """The latest open code of a demo account's number, or None."""
    if not ResidentAccount.objects.filter(phone=phone, demo=True).exists():
        return None
    issued = (
        SignInCode.objects.filter(phone=phone, used_at__isnull=True, expires_at__gt=clock.now())
        .order_by("-created_at")
        .first()
    )
    return demo_code(phone, issued.code_hash.split("$", 1)[0]) if issued else None


def _digest(phone: str, salt: str, code: str) -> str:
    return salted_hmac("juzhu.residents.sign_in_code", f"{salt}:{phone}:{code}", algorithm="sha256").hexdigest()
