"""The contract: one case (a dict with ``question``) in, one decision out.

Input errors never escape as exceptions: a case with a missing or malformed field
answers ``outcome: invalid`` with ``errors`` naming each field.
"""

from __future__ import annotations

from typing import Any, Callable

from .context import RulesContext
from .decision import SHOWN_CHARACTERS, Decision, FieldError, InvalidInput, invalid_input, shown
from .determinations.endorsement import endorsement_status
from .determinations.floating import PERSON_KIND_NAMES, floating_status
from .determinations.identity import id_number_check
from .determinations.permit import issuance_deadline, material_codes, missing_materials, permit_eligibility
from .determinations.registration import registration_duty
from .inputs import CaseReader

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
    "conditions": "申领条件",
    "condition": "申领条件",
    "materials": "已提交材料",
    "acceptance_date": "受理日期",
    "issue_date": "签发日期",
    "endorsements": "签注日期",
    "value": "公民身份号码",
}


def _floating(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    hukou = r.division("hukou_division", ctx.divisions.exists)
    residence = r.division("residence_division", ctx.divisions.exists)
    kind = r.choice("person_kind", PERSON_KIND_NAMES, default="mainland")
    return lambda: floating_status(ctx, hukou, residence, kind)


def _registration(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    arrival = r.date("arrival_date")
    options = ctx.param("registration.exemptions", arrival or ctx.today).value
    exemption = r.choice("exemption", options, required=False)
    as_of = r.date("as_of", required=False)
    if arrival and as_of and as_of < arrival:
        r.errors.append(FieldError("as_of", "查询日期不能早于到达居住地日期"))
    return lambda: registration_duty(ctx, arrival, exemption, as_of)


def _eligibility(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    registered = r.date("registration_date")
    applied = r.date("application_date")
    conditions = r.choices("conditions", ctx.param("permit.conditions", applied or ctx.today).value)
    if registered and applied and applied < registered:
        r.errors.append(FieldError("application_date", "申领日期不能早于居住登记日期"))
    return lambda: permit_eligibility(ctx, registered, applied, conditions)


def _materials(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    condition = r.choice("condition", ctx.param("permit.conditions", ctx.today).value)
    materials = r.choices("materials", material_codes(ctx, ctx.today))
    return lambda: missing_materials(ctx, condition, materials)


def _issuance(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    accepted = r.date("acceptance_date")
    return lambda: issuance_deadline(ctx, accepted)


def _endorsement(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    issued = r.date("issue_date")
    registered = r.date("registration_date", required=False)
    endorsements = r.dates("endorsements")
    as_of = r.date("as_of")
    return lambda: endorsement_status(ctx, issued, registered, endorsements, as_of)


def _id_number(ctx: RulesContext, r: CaseReader) -> Callable[[], Decision]:
    value = r.text("value")
    return lambda: id_number_check(ctx, value)


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
    return decide()
