"""`juzhu demo [--count N]`: the demo city, once (used by ./run); prints the demo logins."""

from django.core.management.base import BaseCommand

from juzhu.credentials.status import reconcile
from juzhu.demo.residents import ensure_demo_residents
from juzhu.demo.setup import load_demo
from juzhu.org.roles import ROLE_NAMES


class Command(BaseCommand):
    help = "载入演示数据（安康市机构、各角色演示账号、合成的流动人口）；已载入的不重复载入"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=3000, help="合成的流动人口人数（默认 3000）")

    def handle(self, *args, count, **options):
        summary = load_demo(count=count)
        if summary["created"]:
            residents = summary.get("residents", count)
            self.stdout.write(f"已载入演示数据：{residents} 名流动人口，{summary['units']} 个单位。")
            reconcile()  # the bulk-inserted cards' entries in the e-permit's status lists
        else:
            self.stdout.write("演示数据已存在，未重复载入。")
        self.stdout.write(f"演示账号（密码均为 {summary['password']}，仅供演示）：")
        for login in summary["logins"]:
            role = ROLE_NAMES.get(login["role"], login["role"])
            self.stdout.write(f"  {login['username']:<11} {role} · {login['unit']}")
        self.stdout.write("登录后还须输入二次验证码（演示账户）：另开终端运行 .venv/bin/juzhu otp demo-code 账号")
        residents = ensure_demo_residents()
        if residents:
            self.stdout.write(
                "居民自助服务 /m/ 的演示居民（手机号码登录；验证码：.venv/bin/juzhu otp resident-code 手机号码）："
            )
            for resident in residents:
                self.stdout.write(f"  {resident['phone']}  {resident['name']} · {resident['what']}")
