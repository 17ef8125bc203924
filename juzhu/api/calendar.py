"""The working-day calendar: read any year, enter an official year (city administrator);
policy parameter values entered as data (R-25a). Both recompute the open cases they move (R-09a)."""

import datetime
from typing import Any

from ninja import Path, Router, Schema
from pydantic import Field

from juzhu.registry.actions import enter_calendar_year, set_parameter_value
from juzhu.registry.actions.calendar import FIRST_YEAR, LAST_YEAR
from juzhu.registry.actions.common import rules_context
from juzhu.registry.commands import EnterCalendarYear, SetParameterValue
from juzhu.rules.calendar_store import arrangement_to_json

from .auth import actor
from .schemas.common import responses

router = Router(tags=["工作日历"])


class CalendarYearOut(Schema):
    year: int
    official: bool = Field(description="false：未录入官方安排，按周末和法定节假日推算")
    source: str
    holidays: dict[str, str]
    workdays: dict[str, str]
    recomputed: dict[str, Any] | None = Field(
        default=None,
        description="录入后重新计算的案件：counts（件数）及 applications、registrations、"
        "flags_withdrawn 等明细（原值 → 新值）",
    )


def _show(year: int) -> dict:
    arrangement = rules_context().calendar.arrangement(year)
    return {**arrangement_to_json(arrangement), "official": arrangement.official}


YEAR = Path(..., ge=FIRST_YEAR, le=LAST_YEAR, description="年度")


@router.get(
    "/calendar/years/{year}",
    response=responses(CalendarYearOut),
    operation_id="get_calendar_year",
    summary="查看年度工作日历",
)
def show(request, year: int = YEAR):
    return _show(year)


@router.put(
    "/calendar/years/{year}",
    response=responses(CalendarYearOut),
    operation_id="enter_calendar_year",
    summary="录入年度放假安排",
    description="市级管理员录入国务院公布的放假安排；录入后该年度的期限不再是推算的。",
)
def enter(request, payload: EnterCalendarYear, year: int = YEAR):
    entry = enter_calendar_year(acting_user=actor(request), year=year, **payload.arguments())
    return {**_show(year), "recomputed": entry.recomputed.summary()}


class ParameterValueOut(Schema):
    name: str
    valid_from: datetime.date
    value: Any
    reference: str
    recomputed: dict[str, Any]


@router.put(
    "/parameters/{name}/values/{valid_from}",
    response=responses(ParameterValueOut),
    operation_id="set_parameter_value",
    tags=["政策参数"],
    summary="录入政策参数值",
    description="市级管理员录入某参数自某日起的值（后续办法或国务院《居住证暂行条例》的规定），"
    "按参数类型校验；自该日起各项判定适用，无须更新程序。",
)
def set_value(request, name: str, valid_from: datetime.date, payload: SetParameterValue):
    entry = set_parameter_value(acting_user=actor(request), name=name, valid_from=valid_from, **payload.arguments())
    return {
        "name": entry.name,
        "valid_from": entry.valid_from,
        "value": entry.value,
        "reference": entry.reference,
        "recomputed": entry.recomputed.summary(),
    }
