"""`juzhu staff create|assign|deactivate USER …`: staff accounts, through ``juzhu.org.actions``.

``--by ADMIN`` acts as that city administrator (checked like a screen would check her);
without it the command acts as the server's operator (``OPERATOR``), e.g. to create the first
administrator. Every change is audited (``staff.create``, ``staff.assign``, ``staff.deactivate``).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from juzhu.errors import ActionError
from juzhu.org.actions import OPERATOR, assign_staff, create_staff_member, deactivate_staff
from juzhu.org.models import User
from juzhu.org.roles import ROLE_NAMES


class Command(BaseCommand):
    help = "工作人员账号：create 新建，assign 调整角色或单位，deactivate 停用（均记审计日志）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "assign", "deactivate"])
        parser.add_argument("username", help="用户名")
        parser.add_argument("--unit", default="", help="单位编码，如 AK-610902-PS01")
        parser.add_argument("--role", default="", choices=["", *ROLE_NAMES], help="角色")
        parser.add_argument("--name", default="", help="姓名（create）")
        parser.add_argument("--reason", default="", help="停用原因（deactivate）")
        parser.add_argument(
            "--password-stdin", action="store_true", help="从标准输入读取初始密码（create；须符合密码规则）"
        )
        parser.add_argument("--by", default="", help="办理人（市级管理员）的用户名；省略时以服务器操作员身份办理")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        acting = self._acting(options["by"])
        try:
            if action == "create":
                password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else ""
                user = create_staff_member(
                    acting_user=acting,
                    username=username,
                    unit_code=options["unit"],
                    role=options["role"],
                    display_name=options["name"],
                    password=password,
                )
                note = "" if password else "（尚未设置密码，不能登录）"
                self.stdout.write(f"已新建账号 {user.username}：{user.unit.name}，{ROLE_NAMES[options['role']]}{note}")
            elif action == "assign":
                user = assign_staff(
                    acting_user=acting, username=username, unit_code=options["unit"], role=options["role"]
                )
                self.stdout.write(f"账号 {user.username} 现为：{user.unit.name}")
            else:
                user = deactivate_staff(acting_user=acting, username=username, reason=options["reason"])
                self.stdout.write(f"已停用账号 {user.username}")
        except ActionError as exc:
            raise CommandError(f"{exc.field}：{exc.message}" if exc.field else exc.message) from None

    def _acting(self, by: str) -> Any:
        if not by:
            return OPERATOR
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"没有用户名为 {by} 的在职用户")
        return user
