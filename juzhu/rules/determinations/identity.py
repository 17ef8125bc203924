"""Is this a valid citizen identity number? (Art 9, Art 29, R-04, R-02a; GB 11643)"""

from __future__ import annotations

from ..citations import DIVISION_STANDARD, ID_STANDARD, measure
from ..context import RulesContext
from ..decision import Decision, InvalidInput
from ..id_number import normalise, parse_id_number
from .common import use
from .floating import PERSON_KIND_NAMES


def id_number_check(ctx: RulesContext, value: str) -> Decision:
    decision = Decision("id_number", outcome="")
    decision.cite(measure(9), ID_STANDARD, DIVISION_STANDARD)
    decision.interpret("R-04")
    decision.facts["value"] = normalise(value)
    hmt = ctx.param("person.hmt_id_regions", ctx.today).value
    try:
        earliest = use(decision, ctx.param("identity.earliest_birth_date", ctx.today))
        parsed = parse_id_number(
            value, ctx.divisions, today=ctx.today, special_regions=frozenset(hmt), earliest=earliest
        )
    except InvalidInput as problem:
        decision.outcome = "invalid"
        decision.errors = problem.errors
        decision.reasons = [e.message for e in problem.errors]
        return decision
    decision.outcome = "valid"
    decision.fields.update(value=parsed.value, birth_date=parsed.birth_date, sex=parsed.sex, region=parsed.region)
    sex = "男" if parsed.sex == "male" else "女"
    if parsed.region in hmt:
        # A 港澳台居民居住证 number: the holder is outside the measure (Art 2 para 3, R-02a).
        use(decision, ctx.param("person.hmt_id_regions", ctx.today))
        decision.interpret("R-02a")
        kind = hmt[parsed.region]
        decision.fields.update(
            region_name=PERSON_KIND_NAMES[kind], region_current_code=parsed.region, person_kind=kind, out_of_scope=True
        )
        decision.reasons.append(
            f"校验码正确；出生日期 {parsed.birth_date.isoformat()}；性别{sex}；地址码 {parsed.region} 是"
            f"港澳台居民居住证的号码，持证人为{PERSON_KIND_NAMES[kind]}，不适用本办法（第二条第三款）"
        )
        return decision
    division = ctx.divisions.lookup(parsed.region)
    if division is None:  # parse_id_number refused an unknown region already
        raise LookupError(parsed.region)
    decision.fields.update(
        region_name=division.full_name,
        region_current_code=ctx.divisions.current_code(parsed.region),
        person_kind="mainland",
        out_of_scope=False,
    )
    status = "现行代码" if division.current else f"曾用代码（{division.period()}）"
    decision.reasons.append(
        f"校验码正确；出生日期 {parsed.birth_date.isoformat()}；"
        f"性别{sex}；地址码 {parsed.region} {division.full_name}，{status}"
    )
    return decision
