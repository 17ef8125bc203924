"""`juzhu token create USER NAME | list [USER] | revoke PREFIX`: per-user API tokens."""

from django.core.management.base import BaseCommand, CommandError

from juzhu.api.tokens import create_token, revoke_token
from juzhu.org.models import ApiToken, User


class Command(BaseCommand):
    help = "API 令牌：create 为用户创建（密钥只显示一次），list 列出，revoke 按前缀撤销"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("arg", nargs="?", help="create/list：用户名；revoke：令牌前缀（8位）")
        parser.add_argument("name", nargs="?", default="API", help="create：用途")

    def handle(self, *args, action, arg=None, name="API", **options):
        if action == "create":
            user = User.objects.filter(username=arg or "", is_active=True).first()
            if user is None:
                raise CommandError(f"用户 {arg!r} 不存在或已停用")
            self.stdout.write(create_token(user, name))
            self.stderr.write("以上为 API 令牌密钥，只显示这一次，请妥善保存。")
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("created_at")
            if arg:
                tokens = tokens.filter(user__username=arg)
            for t in tokens:
                state = "已撤销" if t.revoked else "有效"
                used = t.last_used_at.isoformat(timespec="minutes") if t.last_used_at else "未使用"
                self.stdout.write(f"{t.prefix}…  {t.user.username}  {t.name}  {state}  最近使用：{used}")
        else:
            if not arg:
                raise CommandError("请给出令牌前缀")
            count = revoke_token(arg)
            if not count:
                raise CommandError(f"没有前缀为 {arg} 的有效令牌")
            self.stdout.write(f"已撤销 {count} 个令牌")
