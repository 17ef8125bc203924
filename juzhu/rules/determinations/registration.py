"""Must this person declare residence, and by when? (Art 9, R-03, R-05)"""

from __future__ import annotations

import datetime

from ..citations import civil_code
from ..context import RulesContext
from ..decision import Decision
from ..periods import add_days
from .common import describe_reckoning, note_measure_period, provisional_note, use


def registration_duty(
    ctx: RulesContext,
    arrival: datetime.date,
    exemption: str | None = None,
    as_of: datetime.date | None = None,
) -> Decision:
    decision = Decision("registration_duty", outcome="")
    decision.facts.update(arrival_date=arrival, exemption=exemption, as_of=as_of)
    note_measure_period(ctx, decision, arrival)
    exemptions = use(decision, ctx.param("registration.exemptions", arrival))
    start = arrival

    if exemption == "relatives_local_hukou":
        max_days = use(decision, ctx.param("registration.relatives_stay_max_days", arrival))
        decision.cite(civil_code(1259))
        decision.interpret("R-05")
        last_exempt_day = add_days(arrival, max_days)
        decision.fields["exempt_until"] = last_exempt_day
        if as_of is None or as_of <= last_exempt_day:
            decision.outcome = "exempt"
            decision.reasons.append(
                f"{exemptions[exemption]}，可以不办理居住登记；居住时间以 {max_days} 日为限（含本数），"
                f"即至 {last_exempt_day.isoformat()}"
            )
            if as_of is None:
                reckoned = ctx.calendar.add_working_days(last_exempt_day, _days(ctx, decision, arrival))
                decision.fields["due_date_if_stay_continues"] = reckoned.date
                decision.reasons.append(
                    f"如居住超过 {max_days} 日，视为于 {last_exempt_day.isoformat()} 到达，"
                    f"应于 {reckoned.date.isoformat()} 前申报居住登记"
                )
            return decision
        start = last_exempt_day
        decision.reasons.append(
            f"居住在具有本地户籍的亲属家中已超过 {max_days} 日（至 {as_of.isoformat()}），"
            f"不再免于登记；视为于第 {max_days} 日即 {start.isoformat()} 到达（R-05）"
        )
    elif exemption is not None:
        decision.outcome = "exempt"
        decision.reasons.append(f"{exemptions[exemption]}，可以不办理居住登记（第九条第二款）")
        return decision

    days = _days(ctx, decision, arrival)
    reckoned = ctx.calendar.add_working_days(start, days)
    decision.cite(civil_code(201))
    decision.interpret("R-03")
    decision.outcome = "required"
    decision.fields["due_date"] = reckoned.date
    decision.fields["provisional"] = reckoned.provisional
    decision.facts["counted_from"] = start
    decision.reasons.append(
        f"应当自到达居住地之日起 {days} 个工作日内申报居住登记（第九条第一款）；"
        f"到达当日（{start.isoformat()}）不计入，第 {days} 个工作日为 {describe_reckoning(ctx, reckoned.date)}"
    )
    if reckoned.provisional:
        decision.reasons.append(provisional_note(reckoned.provisional_years))
    if as_of is not None:
        late = as_of > reckoned.date
        decision.fields["late"] = late
        decision.fields["working_days_left"] = ctx.calendar.working_days_between(as_of, reckoned.date)
        if late:
            decision.reasons.append(f"截至 {as_of.isoformat()} 已逾期；逾期申报仍应受理，并标记为逾期（R-03）")
    return decision


def _days(ctx: RulesContext, decision: Decision, day: datetime.date) -> int:
    days: int = use(decision, ctx.param("registration.deadline_working_days", day))
    return days
