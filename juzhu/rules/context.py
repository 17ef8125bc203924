"""What a determination needs besides the case: parameters, calendar, divisions, today.

Passed in explicitly so the rules stay pure: the CLI builds one from the shipped
data; the registry builds one with the calendar years entered in its database
and the clock it injects.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .calendar import WorkCalendar
from .divisions import DivisionTable
from .parameters import Parameters, ParameterValue


@dataclass(frozen=True)
class RulesContext:
    parameters: Parameters
    calendar: WorkCalendar
    divisions: DivisionTable
    today: datetime.date

    def param(self, name: str, day: datetime.date) -> ParameterValue:
        return self.parameters.at(name, day)

    @classmethod
    def default(cls, today: datetime.date | None = None) -> "RulesContext":
        """Shipped data; ``today`` defaults to the system clock (``juzhu.clock``, Beijing time)."""
        from juzhu.clock import today as clock_today

        from .calendar_store import load_calendar

        parameters = Parameters.load()
        return cls(
            parameters=parameters,
            calendar=load_calendar(parameters),
            divisions=DivisionTable.load(),
            today=today or clock_today(),
        )
