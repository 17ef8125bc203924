"""What a determination needs besides the case: parameters, calendar, divisions, today.

Passed in explicitly so the rules stay pure. ``RulesContext.build`` is the one
merge for the whole system: shipped data, then what an administrator entered
(calendar years, parameter values), later layers winning. The registry's
``juzhu.registry.context.rules_context`` feeds it the database's rows; the CLI,
the API, the office and the daily job all use that one (R-09a).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Iterable

from .calendar import WorkCalendar, YearArrangement
from .divisions import DivisionTable
from .parameters import Overlay, Parameters, ParameterValue


@dataclass(frozen=True)
class RulesContext:
    parameters: Parameters
    calendar: WorkCalendar
    divisions: DivisionTable
    today: datetime.date

    def param(self, name: str, day: datetime.date) -> ParameterValue:
        return self.parameters.at(name, day)

    @classmethod
    def default(cls, today: datetime.date) -> "RulesContext":
        """Shipped data as of ``today``: the caller reads the clock (``juzhu.clock``), the rules never do."""
        return cls.build(today)

    @classmethod
    def build(
        cls,
        today: datetime.date,
        years: Iterable[YearArrangement] = (),
        overlays: Iterable[Overlay] = (),
        base: "RulesContext | None" = None,
    ) -> "RulesContext":
        """Shipped data (or ``base``'s) with entered calendar ``years`` and parameter ``overlays``.

        The same principle for both: an entered year replaces the shipped year of that
        number; an entered value joins the parameter's dated values from its own date.
        """
        from .calendar_store import load_calendar

        shipped = base.parameters if base else Parameters.load()
        parameters = shipped.overlaid(list(overlays))
        years = list(years)
        if base and not years and parameters is shipped:
            calendar = base.calendar
        else:
            calendar = load_calendar(parameters, extra=years)
        return cls(
            parameters=parameters,
            calendar=calendar,
            divisions=base.divisions if base else DivisionTable.load(),
            today=today,
        )
