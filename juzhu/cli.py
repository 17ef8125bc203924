"""The ``juzhu`` command.

``juzhu rules …`` answers rule cases and shows the rules' data with the calendar years
and parameter values entered in the database, like every other surface (R-09a); with
no database, the shipped data;
every other subcommand is a Django management command: ``juzhu migrate``,
``juzhu daily``, ``juzhu demo``, ``juzhu audit verify``, ``juzhu org load-units``,
``juzhu runserver`` …
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import clock


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "rules":
        return rules_main(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["juzhu", *argv])
    return 0


def rules_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="juzhu", description="居住：流动人口服务管理信息系统")
    commands = parser.add_subparsers(dest="command", required=True)
    rules = commands.add_parser("rules", help="按《安康市居住证及流动人口服务管理实施办法》作出判定")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True)

    evaluate = rules_commands.add_parser("evaluate", help="判定一个案例或案例列表（JSON）")
    evaluate.add_argument("file", nargs="?", help="JSON 文件；省略时读标准输入")

    calendar = rules_commands.add_parser("calendar", help="工作日历")
    calendar_commands = calendar.add_subparsers(dest="calendar_command", required=True)
    show = calendar_commands.add_parser("show", help="列出某年的节假日和调休工作日")
    show.add_argument("year", type=int)
    check = calendar_commands.add_parser("check", help="检查管理员准备录入的年度日历文件")
    check.add_argument("file")
    calendar_commands.add_parser("seed", help="从 chinese_calendar 重新生成随代码发布的官方年度")

    rules_commands.add_parser("parameters", help="列出政策参数及其依据和生效日期（含管理员录入的值）")
    parameter = rules_commands.add_parser("parameter", help="录入政策参数（后续办法或国家规定的值，R-25a）")
    parameter_commands = parameter.add_subparsers(dest="parameter_command", required=True)
    put = parameter_commands.add_parser("set", help="录入某参数自某日起的值（写入数据库，记审计日志）")
    put.add_argument("name", help="参数名，如 permit.issuance_working_days")
    put.add_argument("--from", dest="valid_from", required=True, help="施行日期 YYYY-MM-DD")
    put.add_argument("--value", required=True, help="参数值（数字、日期或 JSON）")
    put.add_argument("--reference", required=True, help="依据：文件名称、文号和条款")
    put.add_argument("--user", required=True, help="录入人的用户名（市级管理员）")

    args = parser.parse_args(argv)
    from .rules import cli_commands

    if args.rules_command == "evaluate":
        return cli_commands.evaluate_command(args.file, clock.today(), system_context)
    if args.rules_command == "parameters":
        return cli_commands.parameters_command(system_context().parameters)
    if args.rules_command == "parameter":
        return set_parameter(args)
    if args.calendar_command == "show":
        return cli_commands.calendar_show(args.year, system_context().calendar)
    if args.calendar_command == "check":
        return cli_commands.calendar_check(args.file)
    return cli_commands.calendar_seed()


def _database_configured() -> bool:
    """Django set up with a database that exists (no SQLite file is created as a side effect)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")
    import django
    from django.db import connection

    django.setup()
    name = str(connection.settings_dict["NAME"])
    return connection.vendor != "sqlite" or name.startswith("file:") or ":memory:" in name or os.path.exists(name)


def system_context():
    """The rules context every surface uses (R-09a): shipped data plus the calendar years and
    parameter values entered in the database; the shipped data alone where there is no database."""
    from .rules import RulesContext

    if not _database_configured():
        return RulesContext.default(clock.today())
    from django.db import DatabaseError, connection

    from .registry.context import rules_context
    from .registry.models import RulesVersion

    try:
        if RulesVersion._meta.db_table not in connection.introspection.table_names():
            return RulesContext.default(clock.today())  # not migrated: nothing can have been entered
        return rules_context()
    except DatabaseError as exc:
        print(f"注意：无法读取数据库（{str(exc).strip()}），仅使用随代码发布的日历和参数", file=sys.stderr)
        return RulesContext.default(clock.today())


def set_parameter(args) -> int:
    if not _database_configured():
        print("未找到数据库：请先运行 juzhu migrate（或设置 DATABASE_URL）", file=sys.stderr)
        return 1
    from .org.models import User
    from .registry.actions import ActionError, set_parameter_value
    from .registry.errors import PermissionDenied

    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        print(f"没有用户名为 {args.user} 的在职用户", file=sys.stderr)
        return 1
    try:
        entry = set_parameter_value(
            acting_user=user, name=args.name, valid_from=args.valid_from, value=args.value, reference=args.reference
        )
    except PermissionDenied:
        print(f"用户 {args.user} 无权录入政策参数（须为市级管理员）", file=sys.stderr)
        return 1
    except ActionError as exc:
        print(f"{exc.field}：{exc.message}" if exc.field else exc.message, file=sys.stderr)
        return 1
    print(
        f"已录入：{entry.name} 自 {entry.valid_from.isoformat()} 起为 "
        f"{json.dumps(entry.value, ensure_ascii=False)}（依据：{entry.reference}）"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
