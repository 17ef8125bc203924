"""Is the permit valid or suspended today, and when is the next endorsement due? (Art 13, R-11)

The history is replayed endorsement by endorsement:
- anniversaries are the corresponding days of the anchor (the issue date, or the
  last late endorsement), computed from the anchor each time so that a permit issued
  on 29 February comes back to 29 February in leap years (Civil Code Art 202);
- the window of an anniversary runs from one month before it to the anniversary
  itself, inclusive; an endorsement before the window is impossible (refused);
- when the anniversary is a statutory holiday or rest day, the window ends on the next
  working day (Civil Code Art 203, R-11a; the stations are closed on those days);
- an endorsement after the window's end is late: the permit was suspended from the
  day after the window's end until that endorsement, which restores it and becomes
  the new anchor, and continuous residence restarts from it;
- a permit in its first year has no endorsements: a missing list means none (R-11b).
"""

from __future__ import annotations

import datetime
from typing import Any

from ..calendar import Reckoned
from ..citations import civil_code
from ..context import RulesContext
from ..decision import Decision, FieldError
from ..periods import add_months, whole_years_between
from .common import describe_reckoning, note_measure_period, provisional_note, use

ONE_DAY = datetime.timedelta(days=1)


def window_end(ctx: RulesContext, anniversary: datetime.date) -> Reckoned:
    """The last day of an anniversary's endorsement window: the anniversary, or the next
    working day when it is a statutory holiday or rest day (Civil Code Art 203, R-11a).

    The one place this is computed: the rules, the endorsement action, the daily job's
    suspensions and reminders, the office and the documents all call it.
    """
    return ctx.calendar.roll_forward(anniversary)


def window_of(ctx: RulesContext, anniversary: datetime.date, window_months: int) -> tuple[datetime.date, Reckoned]:
    """``(opens, ends)`` of the endorsement window of ``anniversary`` (R-11, R-11a)."""
    return add_months(anniversary, -window_months), window_end(ctx, anniversary)


def endorsement_status(
    ctx: RulesContext,
    issue_date: datetime.date,
    registration_date: datetime.date | None,
    endorsements: list[datetime.date],
    as_of: datetime.date,
    requested_on: datetime.date | None = None,
) -> Decision:
    """``requested_on``: the day an endorsement was asked for online and not yet confirmed or
    returned by the station (I-16: asked inside the window, the permit is not suspended while
    it waits; the station's delay is not the holder's)."""
    decision = Decision("endorsement_status", outcome="")
    decision.facts.update(
        issue_date=issue_date,
        registration_date=registration_date,
        endorsements=sorted(endorsements),
        as_of=as_of,
        requested_on=requested_on,
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
    provisional: set[int] = set()
    for number, endorsed in enumerate(sorted(endorsements), start=1):
        if errors:
            break
        anniversary = add_months(anchor, interval * count)
        opens, ends = window_of(ctx, anniversary, window)
        if endorsed < opens:
            errors.append(
                FieldError(
                    "endorsements",
                    f"第{number}次签注日期 {endorsed.isoformat()} 早于签注期"
                    f"（{opens.isoformat()} 至 {ends.date.isoformat()}），依第十三条第二款不能办理",
                )
            )
        elif endorsed <= ends.date:
            history.append({"date": endorsed, "anniversary": anniversary, "late": False})
            if endorsed > anniversary:
                _note_rolled(ctx, decision, anniversary, ends)
            count += 1
        else:
            provisional |= ends.provisional_years
            suspended_from = ends.date + ONE_DAY
            history.append(
                {
                    "date": endorsed,
                    "anniversary": anniversary,
                    "late": True,
                    "window_end": ends.date,
                    "suspended_from": suspended_from,
                }
            )
            if ends.date != anniversary:
                _note_rolled(ctx, decision, anniversary, ends)
            decision.reasons.append(
                f"{anniversary.isoformat()} 满1年，签注期至 {ends.date.isoformat()} 届满未签注，居住证使用功能自 "
                f"{suspended_from.isoformat()} 中止；{endorsed.isoformat()} 补办签注后恢复，"
                "居住年限自该日起连续计算（第十三条第三款）"
            )
            anchor, count, since = endorsed, 1, endorsed

    decision.facts["history"] = history
    if errors:
        decision.outcome = "invalid"
        decision.errors = errors
        decision.reasons = [e.message for e in errors]
        return decision

    anniversary = add_months(anchor, interval * count)
    opens, ends = window_of(ctx, anniversary, window)
    provisional |= ends.provisional_years
    if ends.date != anniversary:
        _note_rolled(ctx, decision, anniversary, ends)
    waiting = requested_on is not None and opens <= requested_on <= ends.date < as_of
    if as_of > ends.date and not waiting:
        suspended_from = ends.date + ONE_DAY
        decision.outcome = "suspended"
        decision.fields.update(
            missed_anniversary=anniversary,
            window_end=ends.date,
            suspended_since=suspended_from,
            provisional=bool(provisional),
        )
        decision.reasons.append(
            f"居住每满1年之日 {anniversary.isoformat()} 的签注期至 {ends.date.isoformat()} 届满，未办理签注，"
            f"居住证使用功能自 {suspended_from.isoformat()} 起中止；补办签注后恢复，"
            "居住年限自补办之日起连续计算（第十三条第三款）"
        )
        if provisional:
            decision.reasons.append(provisional_note(provisional))
        return decision

    decision.outcome = "valid"
    decision.fields.update(
        next_anniversary=anniversary,
        window_start=opens,
        window_end=ends.date,
        in_window=opens <= as_of <= ends.date,
        continuous_since=since,
        continuous_years=whole_years_between(since, as_of),
        provisional=bool(provisional),
    )
    decision.reasons.append(
        f"居住证有效；下次应于 {opens.isoformat()} 至 {ends.date.isoformat()} 期间办理签注"
        f"（居住每满1年之日前1个月内，第十三条第二款）"
    )
    if waiting and requested_on is not None:  # (``waiting`` implies it; said again for the type checker)
        decision.interpret("I-16")
        decision.fields["requested_on"] = requested_on
        decision.reasons.append(
            f"已于签注期内的 {requested_on.isoformat()} 申请签注，待派出所确认；确认前居住证不中止，"
            "确认后以申请之日为签注日期（第十三条第二款）"
        )
    if provisional:
        decision.reasons.append(provisional_note(provisional))
    basis = (
        "补办签注之日"
        if since != (registration_date or issue_date)
        else ("居住登记之日" if registration_date else "发证之日（居住登记日期不详）")
    )
    decision.reasons.append(
        f"连续居住自{basis} {since.isoformat()} 起计算，至 {as_of.isoformat()} 满 "
        f"{decision.fields['continuous_years']} 年（按整年计）"
    )
    return decision


def _note_rolled(ctx: RulesContext, decision: Decision, anniversary: datetime.date, ends: Reckoned) -> None:
    """Say once per anniversary why the window ends after it (Civil Code Art 203, R-11a)."""
    decision.cite(civil_code(203))
    decision.interpret("R-11a")
    line = (
        f"满1年之日 {describe_reckoning(ctx, anniversary)} 为休息日，签注期顺延至 "
        f"{describe_reckoning(ctx, ends.date)}（民法典第二百零三条；派出所休息日不办公）"
    )
    if line not in decision.reasons:
        decision.reasons.append(line)


def _impossible_dates(
    issue_date: datetime.date,
    registration_date: datetime.date | None,
    endorsements: list[datetime.date],
    as_of: datetime.date,
) -> list[FieldError]:
    errors: list[FieldError] = []
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
