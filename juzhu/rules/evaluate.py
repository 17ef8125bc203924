"""The contract: one case (a dict with ``question``) in, one decision out.

Input errors never escape as exceptions: a case with a missing or malformed field
answers ``outcome: invalid`` with ``errors`` naming each field.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from .context import RulesContext
from .decision import SHOWN_CHARACTERS, Decision, FieldError, InvalidInput, invalid_input, shown
from .determinations.endorsement import endorsement_status
from .determinations.floating import (
    PERSON_KIND_NAMES,
    floating_status,
    is_out_of_scope,
    out_of_scope_decision,
    out_of_scope_kind,
)
from .determinations.identity import id_number_check
from .determinations.permit import issuance_deadline, material_codes, missing_materials, permit_eligibility
from .determinations.registration import registration_duty
from .inputs import CaseReader
from .validity import mark_expired

LABELS = {
    "question": "问题类型",
    "hukou_division": "户籍地行政区划代码",
    "residence_division": "居住地行政区划代码",
    "person_kind": "人员类别",
    "arrival_date": "到达居住地日期",
    "exemption": "免于登记情形",
    "as_of": "查询日期",
    "registration_date": "居住登记日期",
    "application_date": "申领日期",
    "acceptance_date": "受理日期",
    "conditions": "申领条件",
    "condition": "申领条件",
    "materials": "已提交材料",
    "issue_date": "签发日期",
    "endorsements": "签注日期",
    "value": "公民身份号码",
    "id_number": "公民身份号码",
    "residence_since": "在本县（市、区）居住起始日期",
}

T = TypeVar("T")


def _present(value: T | None) -> T:
    """A required input, read when the decision is made: ``CaseReader.finish`` refused the case if absent."""
    if value is None:
        raise LookupError("a required input was absent after CaseReader.finish()")
    return value


def _floating(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    kind = r.choice("person_kind", PERSON_KIND_NAMES, default="mainland")
    if kind is not None:
        kind = out_of_scope_kind(ctx, kind, r.case.get("id_number"), r.case.get("hukou_division"))
        if is_out_of_scope(ctx, kind):
            # R-02a: nothing else is asked of a person outside the measure, not even a hukou code.
            facts = {k: r.case.get(k) for k in ("hukou_division", "residence_division", "id_number") if r.case.get(k)}
            return lambda: out_of_scope_decision(ctx, kind, facts)
    hukou = r.division("hukou_division", ctx.divisions.exists)
    residence = r.division("residence_division", ctx.divisions.exists)
    return lambda: floating_status(ctx, _present(hukou), _present(residence), _present(kind))


def _registration(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    arrival = r.date("arrival_date")
    options = ctx.param("registration.exemptions", arrival or ctx.today).value
    exemption = r.choice("exemption", options, required=False)
    as_of = r.date("as_of", required=False)
    if arrival and as_of and as_of < arrival:
        r.errors.append(FieldError("as_of", "查询日期不能早于到达居住地日期"))
    return lambda: registration_duty(ctx, _present(arrival), exemption, as_of)


def _eligibility(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    # R-06a: the half year runs from residence in the county (``residence_since``, which
    # the registry computes from the chain of registrations); ``registration_date`` is the
    # older name of the same input, for a person with one registration in the county.
    given = {k for k, v in r.case.items() if v is not None}
    since_field = "residence_since" if "residence_since" in given else "registration_date"
    since = r.date(since_field, required=False)
    if since_field not in given:
        # Named by the contract's first name for it, which every existing client sends.
        r.errors.append(FieldError("registration_date", "居住登记日期（在本县（市、区）首次居住登记之日）必须填写"))
    # R-06b: judged on the acceptance date; ``application_date`` alone is read as that day.
    accepted = r.date("acceptance_date", required=False)
    applied = r.date("application_date", required=False)
    if "acceptance_date" not in given and "application_date" not in given:
        r.errors.append(FieldError("application_date", "申领日期（即受理日期：材料齐全予以受理之日）必须填写"))
    judged_field = "acceptance_date" if "acceptance_date" in given else "application_date"
    judged = accepted or (applied if judged_field == "application_date" else None)
    conditions = r.choices("conditions", ctx.param("permit.conditions", judged or ctx.today).value)
    if accepted and applied and accepted < applied:
        r.errors.append(FieldError("acceptance_date", "受理日期不能早于首次提交申领的日期"))
    if since and judged and judged < since:
        r.errors.append(FieldError(judged_field, f"{LABELS[judged_field]}不能早于{LABELS[since_field]}"))
    lodged = applied if accepted else None
    return lambda: permit_eligibility(
        ctx,
        _present(since),
        _present(judged),
        conditions,
        lodged=lodged,
        since_is_registration=since_field == "registration_date",
    )


def _materials(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    condition = r.choice("condition", ctx.param("permit.conditions", ctx.today).value)
    materials = r.choices("materials", material_codes(ctx, ctx.today))
    return lambda: missing_materials(ctx, _present(condition), materials)


def _issuance(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    accepted = r.date("acceptance_date")
    return lambda: issuance_deadline(ctx, _present(accepted))


def _endorsement(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    issued = r.date("issue_date")
    registered = r.date("registration_date", required=False)
    endorsements = r.dates("endorsements", required=False)  # R-11b: none in the first year
    as_of = r.date("as_of")
    requested = r.date("requested_on", required=False)  # I-16: an endorsement asked for, not yet handled
    return lambda: endorsement_status(ctx, _present(issued), registered, endorsements, _present(as_of), requested)


def _id_number(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    value = r.text("value")
    return lambda: id_number_check(ctx, _present(value))


QUESTIONS: dict[str, Callable[[RulesContext, CaseReader], Callable[[], Decision]]] = {
    "floating_status": _floating,
    "registration_duty": _registration,
    "permit_eligibility": _eligibility,
    "missing_materials": _materials,
    "issuance_deadline": _issuance,
    "endorsement_status": _endorsement,
    "id_number": _id_number,
}


def evaluate(case: Any, ctx: RulesContext) -> Decision:
    """Answer one case; never raises for bad input."""
    if not isinstance(case, dict):
        return invalid_input(None, [FieldError("case", "每个案例应为 JSON 对象")])
    question = case.get("question")
    if question not in QUESTIONS:
        message = "必须填写" if question is None else f"取值 {shown(question)} 无效"
        return invalid_input(
            question[:SHOWN_CHARACTERS] if isinstance(question, str) else None,
            [FieldError("question", f"问题类型{message}，可选：{'、'.join(QUESTIONS)}")],
        )
    reader = CaseReader(case, LABELS)
    decide = QUESTIONS[question](ctx, reader)
    try:
        reader.finish()
    except InvalidInput as problem:
        return invalid_input(question, problem.errors)
    decision = decide()
    mark_expired(ctx, decision, ctx.today)  # decided after the end of validity (R-25a)
    return decision
