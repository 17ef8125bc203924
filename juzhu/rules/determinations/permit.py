"""Permit eligibility, materials and issuance deadlines (Art 10-12, R-06…R-09)."""

from __future__ import annotations

import datetime

from ..citations import civil_code, measure
from ..context import RulesContext
from ..decision import Decision
from ..periods import add_days, add_months
from .common import describe_reckoning, note_measure_period, provisional_note, use


def permit_eligibility(
    ctx: RulesContext,
    registration_date: datetime.date,
    application_date: datetime.date,
    conditions: list[str],
) -> Decision:
    decision = Decision("permit_eligibility", outcome="")
    decision.facts.update(
        registration_date=registration_date, application_date=application_date, conditions=conditions
    )
    note_measure_period(ctx, decision, application_date)
    months = use(decision, ctx.param("permit.residence_months", application_date))
    names = use(decision, ctx.param("permit.conditions", application_date))
    decision.interpret("R-06")
    earliest = add_months(registration_date, months)
    decision.fields["earliest_date"] = earliest
    reasons = []
    if application_date < earliest:
        reasons.append(
            f"自居住登记之日（{registration_date.isoformat()}）起至申领之日未满半年；"
            f"居住满半年之日为 {earliest.isoformat()}，自该日起可以申领（第十条）"
        )
    else:
        decision.reasons.append(
            f"自居住登记之日（{registration_date.isoformat()}）起已居住半年以上"
            f"（满半年之日为 {earliest.isoformat()}，“以上”含本数）"
        )
    if not conditions:
        reasons.append("不符合合法稳定就业、合法稳定住所、连续就读条件之一（第十条）")
    else:
        decision.reasons.append("符合" + "、".join(names[c] for c in conditions) + "条件")
    decision.outcome = "not_eligible" if reasons else "eligible"
    decision.fields["unmet"] = reasons  # why not eligible: what a refusal notice must state
    decision.reasons.extend(reasons)
    return decision


def material_names(ctx: RulesContext, day: datetime.date) -> dict[str, str]:
    """Every material code with its Chinese name, in the order of Art 11 (with ``identity_document``)."""
    required = ctx.param("permit.materials", day).value
    names = dict(ctx.param("identity.documents", day).value)
    names.update(required["common"])
    for proofs in required["by_condition"].values():
        names.update(proofs)
    return names


def material_codes(ctx: RulesContext, day: datetime.date) -> list[str]:
    """Every material code an application may record (identity documents and proofs)."""
    return [code for code in material_names(ctx, day) if code != "identity_document"]


def missing_materials(ctx: RulesContext, condition: str, materials: list[str]) -> Decision:
    """Everything missing at once, for the one-time notice (一次性告知, Art 12)."""
    decision = Decision("missing_materials", outcome="")
    decision.facts.update(condition=condition, materials=materials)
    day = ctx.today
    required = use(decision, ctx.param("permit.materials", day))
    documents = use(decision, ctx.param("identity.documents", day))
    needed = dict(required["common"])
    needed.update(required["by_condition"][condition])
    present = set(materials)
    if present & set(documents):
        present.add("identity_document")
    missing = sorted(code for code in needed if code not in present)
    decision.fields["missing"] = missing
    if missing:
        decision.outcome = "incomplete"
        decision.cite(measure(12))
        decision.reasons.append(
            "申请材料不齐全，应一次性告知需要补充的全部材料：" + "；".join(needed[c] for c in missing)
        )
        if "identity_document" in missing:
            decision.reasons.append("有效身份证明可以是：" + "、".join(documents.values()) + "（第二十九条）")
    else:
        decision.outcome = "complete"
        decision.reasons.append("申请材料齐全，应当受理并出具回执（第十二条）")
        decision.cite(measure(12))
    return decision


def issuance_deadline(ctx: RulesContext, acceptance: datetime.date) -> Decision:
    decision = Decision("issuance_deadline", outcome="computed")
    decision.facts["acceptance_date"] = acceptance
    note_measure_period(ctx, decision, acceptance)
    days = use(decision, ctx.param("permit.issuance_working_days", acceptance))
    limit_days = use(decision, ctx.param("permit.issuance_extension_max_days", acceptance))
    decision.interpret("R-09")
    due = ctx.calendar.add_working_days(acceptance, days)
    fifteenth = add_days(acceptance, limit_days)
    limit = ctx.calendar.roll_forward(fifteenth)
    decision.fields["due_date"] = due.date
    decision.fields["extended_limit"] = limit.date
    decision.fields["provisional"] = due.provisional or limit.provisional
    decision.facts["extension_last_calendar_day"] = fifteenth
    decision.cite(civil_code(201), civil_code(203))
    decision.reasons.append(
        f"符合申领条件的，应当自受理之日起 {days} 个工作日内发放；受理当日不计入，"
        f"第 {days} 个工作日为 {describe_reckoning(ctx, due.date)}（第十二条第一款）"
    )
    rolled = "" if limit.date == fifteenth else (
        f"；第 {limit_days} 日 {describe_reckoning(ctx, fifteenth)} 为休息日，顺延至 "
        f"{describe_reckoning(ctx, limit.date)}（民法典第二百零三条）"
    )
    decision.reasons.append(
        f"因偏远地区、交通不便或特殊情况延长的，最长不得超过 {limit_days} 日，"
        f"自受理次日起算至 {fifteenth.isoformat()}{rolled}"
    )
    years = due.provisional_years | limit.provisional_years
    if years:
        decision.reasons.append(provisional_note(years))
    return decision
