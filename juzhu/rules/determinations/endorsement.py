"""Is the permit valid or suspended today, and when is the next endorsement due? (Art 13, R-11)

The history is replayed endorsement by endorsement:
- anniversaries are the corresponding days of the anchor (the issue date, or the
  last late endorsement), computed from the anchor each time so that a permit issued
  on 29 February comes back to 29 February in leap years (Civil Code Art 202);
- the window of an anniversary runs from one month before it to the anniversary
  itself, inclusive; an endorsement before the window is impossible (refused);
- an endorsement after the anniversary is late: the permit was suspended from the
  day after the anniversary until that endorsement, which restores it and becomes
  the new anchor, and continuous residence restarts from it.
"""

from __future__ import annotations

import datetime
from typing import Any

from ..citations import civil_code
from ..context import RulesContext
from ..decision import Decision, FieldError
from ..periods import add_months, whole_years_between
from .common import note_measure_period, use

ONE_DAY = datetime.timedelta(days=1)


def endorsement_status(
    ctx: RulesContext,
    issue_date: datetime.date,
    registration_date: datetime.date | None,
    endorsements: list[datetime.date],
    as_of: datetime.date,
) -> Decision:
    decision = Decision("endorsement_status", outcome="")
    decision.facts.update(
        issue_date=issue_date, registration_date=registration_date,
        endorsements=sorted(endorsements), as_of=as_of,
    )
    note_measure_period(ctx, decision, as_of)
    interval = use(decision, ctx.param("endorsement.interval_months", as_of))
    window = use(decision, ctx.param("endorsement.window_months", as_of))
    decision.cite(civil_code(202))
    decision.interpret("R-11")

    errors = _impossible_dates(issue_date, registration_date, endorsements, as_of)
    anchor, count = issue_date, 1
    since = registration_date or issue_date
    history: list[dict[str, Any]] = []
    for number, endorsed in enumerate(sorted(endorsements), start=1):
        if errors:
            break
        anniversary = add_months(anchor, interval * count)
        opens = add_months(anniversary, -window)
        if endorsed < opens:
            errors.append(FieldError(
                "endorsements",
                f"第{number}次签注日期 {endorsed.isoformat()} 早于签注期"
                f"（{opens.isoformat()} 至 {anniversary.isoformat()}），依第十三条第二款不能办理",
            ))
        elif endorsed <= anniversary:
            history.append({"date": endorsed, "anniversary": anniversary, "late": False})
            count += 1
        else:
            history.append({
                "date": endorsed, "anniversary": anniversary, "late": True,
                "suspended_from": anniversary + ONE_DAY,
            })
            decision.reasons.append(
                f"{anniversary.isoformat()} 满1年未签注，居住证使用功能自 {(anniversary + ONE_DAY).isoformat()} "
                f"中止；{endorsed.isoformat()} 补办签注后恢复，居住年限自该日起连续计算（第十三条第三款）"
            )
            anchor, count, since = endorsed, 1, endorsed

    decision.facts["history"] = history
    if errors:
        decision.outcome = "invalid"
        decision.errors = errors
        decision.reasons = [e.message for e in errors]
        return decision

    anniversary = add_months(anchor, interval * count)
    opens = add_months(anniversary, -window)
    if as_of > anniversary:
        decision.outcome = "suspended"
        decision.fields.update(missed_anniversary=anniversary, suspended_since=anniversary + ONE_DAY)
        decision.reasons.append(
            f"居住每满1年之日 {anniversary.isoformat()} 前未办理签注，居住证使用功能自 "
            f"{(anniversary + ONE_DAY).isoformat()} 起中止；补办签注后恢复，"
            "居住年限自补办之日起连续计算（第十三条第三款）"
        )
        return decision

    decision.outcome = "valid"
    decision.fields.update(
        next_anniversary=anniversary,
        window_start=opens,
        window_end=anniversary,
        in_window=opens <= as_of <= anniversary,
        continuous_since=since,
        continuous_years=whole_years_between(since, as_of),
    )
    decision.reasons.append(
        f"居住证有效；下次应于 {opens.isoformat()} 至 {anniversary.isoformat()} 期间办理签注"
        f"（居住每满1年之日前1个月内，第十三条第二款）"
    )
    basis = "补办签注之日" if since != (registration_date or issue_date) else (
        "居住登记之日" if registration_date else "发证之日（居住登记日期不详）"
    )
    decision.reasons.append(
        f"连续居住自{basis} {since.isoformat()} 起计算，至 {as_of.isoformat()} 满 "
        f"{decision.fields['continuous_years']} 年（按整年计）"
    )
    return decision


def _impossible_dates(issue_date, registration_date, endorsements, as_of) -> list[FieldError]:
    errors = []
    if registration_date and registration_date > issue_date:
        errors.append(FieldError("registration_date", "居住登记日期不能晚于居住证签发日期"))
    if as_of < issue_date:
        errors.append(FieldError("as_of", "查询日期不能早于居住证签发日期"))
    for endorsed in endorsements:
        if endorsed <= issue_date:
            errors.append(FieldError("endorsements", f"签注日期 {endorsed.isoformat()} 不能早于或等于签发日期"))
        elif endorsed > as_of:
            errors.append(FieldError("endorsements", f"签注日期 {endorsed.isoformat()} 晚于查询日期"))
    return errors
