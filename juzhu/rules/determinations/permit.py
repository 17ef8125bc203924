"""Permit eligibility, materials and issuance deadlines (Art 10-12, R-06…R-09)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..citations import civil_code, measure
from ..context import RulesContext
from ..decision import Decision
from ..periods import add_days, add_months
from .common import describe_reckoning, note_measure_period, provisional_note, use


def permit_eligibility(
    ctx: RulesContext,
    residence_since: datetime.date,
    acceptance_date: datetime.date,
    conditions: list[str],
    lodged: datetime.date | None = None,
    since_is_registration: bool = False,
) -> Decision:
    """Half a year of residence in the county and one condition, judged on the acceptance day.

    R-06a: "居住地" is the county-level area (Art 14), so the half year runs from the first
    registration in the county (``residence_since``); moves between its stations do not
    restart it. R-06b: judged on the day the application was complete and accepted, not
    on the day it was first lodged (``lodged``).
    """
    decision = Decision("permit_eligibility", outcome="")
    decision.facts.update(residence_since=residence_since, acceptance_date=acceptance_date, conditions=conditions)
    if lodged:
        decision.facts["application_date"] = lodged
    note_measure_period(ctx, decision, acceptance_date)
    months = use(decision, ctx.param("permit.residence_months", acceptance_date))
    names = use(decision, ctx.param("permit.conditions", acceptance_date))
    decision.cite(measure(10), measure(14))
    decision.interpret("R-06", "R-06a", "R-06b")
    earliest = add_months(residence_since, months)
    decision.fields["earliest_date"] = earliest
    since = (
        f"居住登记之日（{residence_since.isoformat()}）"
        if since_is_registration
        else (
            f"在本县（市、区）首次居住登记之日（{residence_since.isoformat()}，"
            "同一县（市、区）内变更居住地址不重新起算）"
        )
    )
    judged = f"受理之日（{acceptance_date.isoformat()}）"
    if lodged and lodged != acceptance_date:
        judged += f"（首次提交于 {lodged.isoformat()}，按材料齐全受理之日判断）"
    reasons = []
    if acceptance_date < earliest:
        reasons.append(
            f"自{since}起至{judged}未满半年；居住满半年之日为 {earliest.isoformat()}，自该日起可以申领（第十条）"
        )
    else:
        decision.reasons.append(
            f"自{since}起至{judged}已居住半年以上（满半年之日为 {earliest.isoformat()}，“以上”含本数）"
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
    names = in_scope_documents(ctx, day)
    names.update(required["common"])
    for proofs in required["by_condition"].values():
        names.update(proofs)
    return names


@dataclass(frozen=True)
class Material:
    """One material an application records: the office's checklist, its issuer field and the
    documents' names all come from these (parameter ``permit.materials``, Art 11)."""

    code: str
    name: str
    conditions: tuple[str, ...]  # the conditions whose proof it is; empty: every application needs it
    with_issuer: bool  # a proof issued by a unit or person, whose name is recorded


def material_catalogue(ctx: RulesContext, day: datetime.date) -> list[Material]:
    """Every material code an application may record, in the order of Art 11."""
    required = ctx.param("permit.materials", day).value
    issued = set(required.get("with_issuer", ()))
    conditions: dict[str, list[str]] = {}
    for condition, proofs in required["by_condition"].items():
        for code in proofs:
            conditions.setdefault(code, []).append(condition)
    return [
        Material(code, name, tuple(conditions.get(code, ())), code in issued)
        for code, name in material_names(ctx, day).items()
        if code != "identity_document"
    ]


def in_scope_documents(ctx: RulesContext, day: datetime.date) -> dict[str, str]:
    """Identity documents of Art 9 and 29 (without those of persons outside the measure, Art 2 para 3)."""
    outside = ctx.param("identity.documents_out_of_scope", day).value
    return {code: name for code, name in ctx.param("identity.documents", day).value.items() if code not in outside}


def material_codes(ctx: RulesContext, day: datetime.date) -> list[str]:
    """Every material code an application may record (identity documents and proofs)."""
    return [code for code in material_names(ctx, day) if code != "identity_document"]


def missing_materials(ctx: RulesContext, condition: str, materials: list[str]) -> Decision:
    """Everything missing at once, for the one-time notice (一次性告知, Art 12)."""
    decision = Decision("missing_materials", outcome="")
    decision.facts.update(condition=condition, materials=materials)
    day = ctx.today
    required = use(decision, ctx.param("permit.materials", day))
    use(decision, ctx.param("identity.documents", day))
    documents = in_scope_documents(ctx, day)
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
    rolled = (
        ""
        if limit.date == fifteenth
        else (
            f"；第 {limit_days} 日 {describe_reckoning(ctx, fifteenth)} 为休息日，顺延至 "
            f"{describe_reckoning(ctx, limit.date)}（民法典第二百零三条）"
        )
    )
    decision.reasons.append(
        f"因偏远地区、交通不便或特殊情况延长的，最长不得超过 {limit_days} 日，"
        f"自受理次日起算至 {fifteenth.isoformat()}{rolled}"
    )
    years = due.provisional_years | limit.provisional_years
    if years:
        decision.reasons.append(provisional_note(years))
    return decision
