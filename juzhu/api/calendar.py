"""The working-day calendar: read any year, enter an official year (city administrator)."""

from ninja import Path, Router, Schema
from pydantic import Field

from juzhu.registry.actions import enter_calendar_year
from juzhu.registry.actions.calendar import FIRST_YEAR, LAST_YEAR
from juzhu.registry.actions.common import rules_context
from juzhu.rules.calendar_store import arrangement_to_json

from .auth import actor
from .schemas.common import responses, text

router = Router(tags=["工作日历"])


class CalendarYearIn(Schema):
    source: text(200, required=True, description="依据：国务院办公厅放假安排通知的名称和文号")
    holidays: dict[str, text(32)] = Field(description='节假日（含其中的周末）：{"2027-01-01": "元旦", …}')
    workdays: dict[str, text(32)] = Field(default_factory=dict, description='调休工作日：{"2027-02-20": "春节调休"}')


class CalendarYearOut(Schema):
    year: int
    official: bool = Field(description="false：未录入官方安排，按周末和法定节假日推算")
    source: str
    holidays: dict[str, str]
    workdays: dict[str, str]


def _show(year: int) -> dict:
    arrangement = rules_context().calendar.arrangement(year)
    return {**arrangement_to_json(arrangement), "official": arrangement.official}


YEAR = Path(..., ge=FIRST_YEAR, le=LAST_YEAR, description="年度")


@router.get("/calendar/years/{year}", response=responses(CalendarYearOut), operation_id="get_calendar_year",
            summary="查看年度工作日历")
def show(request, year: int = YEAR):
    return _show(year)


@router.put("/calendar/years/{year}", response=responses(CalendarYearOut), operation_id="enter_calendar_year",
            summary="录入年度放假安排",
            description="市级管理员录入国务院公布的放假安排；录入后该年度的期限不再是推算的。")
def enter(request, payload: CalendarYearIn, year: int = YEAR):
    enter_calendar_year(acting_user=actor(request), year=year, source=payload.source,
                        holidays=payload.holidays, workdays=payload.workdays)
    return _show(year)


