"""`juzhu otp reset USER | status [USER] | demo-code USER`: staff's authenticators (second factor);
`juzhu otp resident-code PHONE`: a demo resident's current sign-in code (the portal, /m/).

In the office app (a surface), not in ``juzhu.org``: it reads the residents' codes too, and
``juzhu.residents`` lies above ``juzhu.org`` in the layers (pyproject.toml)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from juzhu.org.models import User
from juzhu.org.second_factor import DEMO_DEVICE_NAME, current_code, reset


class Command(BaseCommand):
    help = (
        "身份验证器（二次验证）：reset 重置用户的验证器（手机遗失），status 查看绑定情况，"
        "demo-code 显示演示账户当前的验证码，resident-code 显示演示居民（手机号码）当前的短信登录验证码"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reset", "status", "demo-code", "resident-code"])
        parser.add_argument("username", nargs="?")

    def handle(self, *args, action, username=None, **options):
        if action == "resident-code":
            self.stdout.write(_resident_code(username or ""))
            return
        if action == "status":
            users = User.objects.filter(is_active=True).order_by("username")
            if username:
                users = users.filter(username=username)
            for user in users:
                bound = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                self.stdout.write(f"{user.username}  {'已绑定' if bound else '未绑定（下次登录时绑定）'}")
            return
        user = User.objects.filter(username=username or "").first()
        if user is None:
            raise CommandError(f"用户 {username!r} 不存在")
        if action == "reset":
            count = reset(user)
            self.stdout.write(f"已重置 {user.username} 的 {count} 个验证器；其下次登录时重新绑定")
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True, name=DEMO_DEVICE_NAME).first()
        if device is None:
            raise CommandError(f"{user.username} 不是演示账户：真实工作人员的验证码只在其本人手机上")
        self.stdout.write(current_code(device))


def _resident_code(phone: str) -> str:
    """The open code of a demo resident's number; a real resident's code exists only on her phone."""
    from juzhu.residents.actions.sign_in import open_demo_code
    from juzhu.residents.models import ResidentAccount

    if not ResidentAccount.objects.filter(phone=phone, demo=True).exists():
        raise CommandError(f"{phone!r} 不是演示居民的手机号码：真实居民的验证码只在其本人手机上")
    code = open_demo_code(phone)
    if code is None:
        raise CommandError("该号码没有有效的验证码：请先在 /m/ 登录页获取验证码")
    return code
