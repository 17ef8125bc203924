"""Bookkeeping every determination shares: citing the parameters it used."""

from __future__ import annotations

import datetime
from typing import Any, Iterable

from ..context import RulesContext
from ..decision import Decision
from ..parameters import ParameterValue
from ..validity import mark_expired


def use(decision: Decision, value: ParameterValue) -> Any:
    """Record that ``decision`` used ``value``: cite its provisions, note its version."""
    decision.cite(*value.citations)
    used = decision.facts.setdefault("parameters", {})
    used[value.name] = {"since": value.since.isoformat()}
    if not isinstance(value.value, (dict, list)):
        used[value.name]["value"] = value.value
    return value.value


def note_measure_period(ctx: RulesContext, decision: Decision, day: datetime.date) -> None:
    """Say so when ``day`` lies outside the measure's (assumed) period of validity.

    The draft leaves the dates of Art 30 blank; the decision is still computed with
    the parameters nearest in time, and the officer is told (interpretation I-01).
    """
    start = ctx.param("measure.effective_from", day).value
    end = ctx.param("measure.valid_until", day).value
    if day < start:
        decision.reasons.append(
            f"注意：所涉日期 {day.isoformat()} 早于本办法施行日期（推定为 {start.isoformat()}），"
            "按本办法最早一版参数计算，仅供参考"
        )
    elif day > end:
        mark_expired(ctx, decision, day)  # R-25a: measure_expired, citing Art 30
        return
    else:
        return
    decision.cite(*ctx.param("measure.valid_until", day).citations)
    decision.interpret("I-01 施行期间")


def describe_reckoning(ctx: RulesContext, day: datetime.date) -> str:
    """``2025-10-11（星期六，调休工作日（国庆节调休））``"""
    weekday = "一二三四五六日"[day.weekday()]
    kind = ctx.calendar.describe(day)
    if not ctx.calendar.is_official(day.year):
        kind += "，该年度放假安排尚未公布，按推算日历计算"
    return f"{day.isoformat()}（星期{weekday}，{kind}）"


def provisional_note(years: Iterable[int]) -> str:
    """Why a date may still move: the year's official arrangement is not entered."""
    listed = "、".join(str(y) for y in sorted(years))
    return f"{listed}年放假安排尚未录入，期限按周末和法定节假日推算，公布后可能变化（推算）"
