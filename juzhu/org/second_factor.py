"""The staff's second factor: a TOTP authenticator app (django-otp), required of every staff login.

Why everyone and not only administrators: every staff role reads personal data of
residents (R-22), and MLPS level 3 (GB/T 22239-2019 8.1.4.1) asks for two factors
where important data is reached. A password alone is not enough at a shared window.

A user without a confirmed device is led to enrol one right after the password
(``start_enrolment`` → scan the QR → ``confirm_enrolment`` with the first code).
A lost phone is handled by an administrator: ``juzhu otp reset USER`` removes the
devices, and the next login enrols a new one. Failed codes are throttled by
django-otp (the wait doubles after each failure); a code cannot be used twice.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.middleware.csrf import rotate_token
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from juzhu.audit.events import Event
from juzhu.audit.log import record

from .events import SecondFactorEnrolled, SecondFactorFailed, SecondFactorReset

DEVICE_NAME = "身份验证器"
# Demo logins get a device of this name; `juzhu otp demo-code` shows codes for it alone.
DEMO_DEVICE_NAME = "演示验证器"


class CodeRefused(Exception):
    """The code was wrong, reused, or tried too soon after failures; ``message`` says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def start_enrolment(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (the same one on reload, so the QR stays valid)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _check(device: TOTPDevice, code: str) -> None:
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        locked_until = (detail or {}).get("locked_until")  # django-otp's own reckoning of the wait
        wait = int((locked_until - timezone.now()).total_seconds()) + 1 if locked_until else 0
        raise CodeRefused(f"验证码错误次数过多，请 {wait} 秒后再试" if wait > 0 else "验证码错误次数过多，请稍后再试")
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == device.digits):
        raise CodeRefused(f"验证码应为 {device.digits} 位数字")
    if not device.verify_token(code):
        raise CodeRefused("验证码不正确或已使用过，请输入验证器上当前显示的验证码")


def confirm_enrolment(request, device: TOTPDevice, code: str) -> None:
    """The first code from the app proves the device was set up; the session is then verified."""
    _check(device, code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        record(
            actor=device.user,
            action=Event.STAFF_SECOND_FACTOR_ENROLLED,
            obj=device.user,
            detail=SecondFactorEnrolled(device.name).detail(),
        )
    _verified(request, device)


def verify_code(request, code: str) -> None:
    """Check the logged-in user's code and mark the session as verified by the second factor."""
    device = confirmed_device(request.user)
    if device is None:
        raise CodeRefused("尚未绑定身份验证器")
    try:
        _check(device, code)
    except CodeRefused as refused:
        with transaction.atomic():
            record(
                actor=request.user,
                action=Event.STAFF_SECOND_FACTOR_FAILED,
                obj=request.user,
                detail=SecondFactorFailed(refused.message).detail(),
            )
        raise
    _verified(request, device)


def _verified(request, device: TOTPDevice) -> None:
    """Mark the session verified under a new key and CSRF token, as Django's login does for
    the password: an id planted or seen before the code never becomes a verified session."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)


def reset(user, *, acting_user=None) -> int:
    """Remove a user's devices (lost phone); the next login enrols a new one. Returns how many."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        record(
            actor=acting_user,
            action=Event.STAFF_SECOND_FACTOR_RESET,
            obj=user,
            detail=SecondFactorReset(count).detail(),
        )
    return count


def enrol_demo(user) -> TOTPDevice:
    """A confirmed device for a demo login, whose codes `juzhu otp demo-code` shows."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the device's app shows now (for demo devices and tests; never for real staff)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def secret_for_display(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an app that cannot scan."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
