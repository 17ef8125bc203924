"""The ``juzhu`` command.

``juzhu rules …`` answers rule cases and shows the rules' data (no database needed);
every other subcommand is a Django management command: ``juzhu migrate``,
``juzhu daily``, ``juzhu demo``, ``juzhu audit verify``, ``juzhu org load-units``,
``juzhu runserver`` …
"""

from __future__ import annotations

import argparse
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

    rules_commands.add_parser("parameters", help="列出政策参数及其依据和生效日期")

    args = parser.parse_args(argv)
    from .rules import cli_commands

    if args.rules_command == "evaluate":
        return cli_commands.evaluate_command(args.file, clock.today())
    if args.rules_command == "parameters":
        return cli_commands.parameters_command()
    if args.calendar_command == "show":
        return cli_commands.calendar_show(args.year)
    if args.calendar_command == "check":
        return cli_commands.calendar_check(args.file)
    return cli_commands.calendar_seed()


if __name__ == "__main__":
    sys.exit(main())
