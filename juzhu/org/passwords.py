"""The staff's password policy (settings.AUTH_PASSWORD_VALIDATORS): at least 12 characters
(``MinimumLength``), not a common password, not like the user's own names, not all digits,
and not the published demo password.

- ``NotPublished`` refuses the demo password: it is printed in the README, so an
  account given it has no password at all. The demo logins made by ``juzhu demo`` get it
  directly (not through the validators), together with a demo authenticator whose codes
  anyone can show (``juzhu otp demo-code``): they are for trying the system only.
- ``must_change`` tells, at login, whether the password just typed falls short of the
  policy (set before the policy, or by an administrator as a temporary password that
  copied the README); the office then asks for a new one before anything opens.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import MinimumLengthValidator, validate_password
from django.core.exceptions import ValidationError

from .second_factor import DEMO_DEVICE_NAME

# Session key: the password typed at login must be changed before anything else opens.
MUST_CHANGE_SESSION_KEY = "juzhu_password_must_change"


# The published demo password (README): the one place it is written; juzhu.demo.setup gives it
# to the demo logins, and the policy below refuses it for every real account.
DEMO_PASSWORD = "juzhu-demo-2026"  # noqa: S105  (published on purpose)


def _published() -> set[str]:
    return {DEMO_PASSWORD.casefold()}


class MinimumLength(MinimumLengthValidator):
    """Django's, with its message in Chinese (Django 5.2's zh-hans catalogue lacks this one)."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"


class NotPublished:
    def validate(self, password: str, user=None) -> None:
        if password.strip().casefold() in _published():
            raise ValidationError(
                "这是公开的演示密码，任何人都知道，不能用作真实账号的密码。", code="password_published"
            )

    def get_help_text(self) -> str:
        return "不能使用公开的演示密码。"


def is_demo_login(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).exists()


def must_change(password: str, user) -> bool:
    if is_demo_login(user):
        return False
    try:
        validate_password(password, user)
    except ValidationError:
        return True
    return False
