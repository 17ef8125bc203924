"""The city administrator's policy data: a year's holiday arrangement, a parameter's value (R-25a)."""

from typing import Any

from pydantic import Field

from ..models import CalendarYear, ParameterValue
from ..text_rules import TextRule
from .base import Command, column, text_field

DAY_NAME = TextRule("节假日名称", 32)


class EnterCalendarYear(Command):
    """``enter_calendar_year`` (the year is the URL's): the notice and its days."""

    source: text_field(column(CalendarYear, "source"), description="依据：国务院办公厅放假安排通知的名称和文号")
    holidays: dict[str, text_field(DAY_NAME, required=False)] = Field(
        title="节假日", description='节假日（含其中的周末）：{"2027-01-01": "元旦", …}'
    )
    workdays: dict[str, text_field(DAY_NAME, required=False)] = Field(
        default_factory=dict, title="调休工作日", description='调休工作日：{"2027-02-20": "春节调休"}'
    )


class SetParameterValue(Command):
    """``set_parameter_value`` (name and date are the URL's): the value, checked against the
    parameter's type by the action, and the document it comes from."""

    value: Any = Field(title="参数值", description="参数值：数字、日期（YYYY-MM-DD）或与现行值结构相同的 JSON")
    reference: text_field(
        column(ParameterValue, "reference"),
        description="依据：文件名称、文号和条款，如 国务院《居住证暂行条例》第十四条",
    )
