"""What the ``juzhu rules`` subcommands do (I/O lives here, not in the rules)."""

from __future__ import annotations

import datetime
import json
import sys
from typing import Any, Callable

from .calendar import WorkCalendar
from .calendar_store import arrangement_from_json, load_calendar, write_seed
from .context import RulesContext
from .evaluate import evaluate
from .parameters import Parameters

EXIT_OK, EXIT_BAD_JSON = 0, 2


def evaluate_command(path: str | None, today: datetime.date, context: Callable[[], RulesContext] | None = None) -> int:
    """Exit 0 when every case was evaluated (even to ``invalid``), 2 on unreadable JSON.

    ``context`` gives the system's rules context (with the database's calendar years and
    parameter values, R-09a); without it, the shipped data only.
    """
    try:
        text = open(path, encoding="utf-8").read() if path else sys.stdin.read()
    except OSError as exc:
        print(f"无法读取文件 {path}：{exc.strerror}", file=sys.stderr)
        return EXIT_BAD_JSON
    try:
        cases = json.loads(text)
    except json.JSONDecodeError as exc:
        print(f"输入不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}", file=sys.stderr)
        return EXIT_BAD_JSON
    ctx = context() if context else RulesContext.default(today)
    answer: Any
    if isinstance(cases, list):
        answer = [evaluate(case, ctx).to_dict() for case in cases]
    else:
        answer = evaluate(cases, ctx).to_dict()
    json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def parameters_command(parameters: Parameters | None = None) -> int:
    parameters = parameters or Parameters.load()
    for name in parameters:
        parameter = parameters[name]
        print(f"{name}  {parameter.description}")
        print("    依据：" + "；".join(r.full for r in parameter.references))
        for start, value in zip(parameter.starts, parameter.values, strict=True):
            source = parameter.at(start).references
            entered = "" if source == parameter.references else f"（录入，依据：{'；'.join(r.full for r in source)}）"
            print(f"    自 {start.isoformat()} 起：{json.dumps(value, ensure_ascii=False, default=str)}{entered}")
    return EXIT_OK


def calendar_show(year: int, calendar: WorkCalendar | None = None) -> int:
    calendar = calendar or load_calendar()
    arrangement = calendar.arrangement(year)
    status = "官方" if arrangement.official else "推算"
    print(f"{year}年 {status}；来源：{arrangement.source}")
    for day, name in sorted(arrangement.holidays.items()):
        print(f"  {day.isoformat()} 休 {name}")
    for day, name in sorted(arrangement.workdays.items()):
        print(f"  {day.isoformat()} 班 {name}")
    return EXIT_OK


def calendar_check(path: str) -> int:
    try:
        with open(path, encoding="utf-8") as handle:
            arrangement = arrangement_from_json(json.load(handle))
    except (OSError, ValueError) as exc:
        print(f"日历文件有误：{exc}", file=sys.stderr)
        return EXIT_BAD_JSON
    print(
        f"{arrangement.year}年：{len(arrangement.holidays)} 个节假日，"
        f"{len(arrangement.workdays)} 个调休工作日；格式正确"
    )
    return EXIT_OK


def calendar_seed() -> int:
    for path in write_seed():
        print(path)
    return EXIT_OK
