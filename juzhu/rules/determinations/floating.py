"""Is this person floating population under the measure? (Art 2, R-01, R-02, R-02a)"""

from __future__ import annotations

from typing import Any

from ..citations import DIVISION_STANDARD
from ..context import RulesContext
from ..decision import Decision
from .common import use

PERSON_KIND_NAMES = {
    "mainland": "内地（大陆）居民",
    "hong_kong": "香港特别行政区居民",
    "macao": "澳门特别行政区居民",
    "taiwan": "台湾地区居民",
    "foreigner": "外国人",
    "stateless": "无国籍人",
}


def out_of_scope_kind(ctx: RulesContext, person_kind: str, id_number: object = None, hukou: object = None) -> str:
    """The person's kind, read from an ID number or hukou code of 810000/820000/830000 (R-02a).

    A 港澳台居民居住证 number (or a "hukou" in Hong Kong, Macao, Taiwan) makes the person
    a resident of those regions whatever kind the case said; other kinds stay as given.
    """
    regions = ctx.param("person.hmt_id_regions", ctx.today).value
    for raw in (id_number, hukou):
        if isinstance(raw, str) and raw.strip()[:6] in regions:
            kind: str = regions[raw.strip()[:6]]
            return kind
    return person_kind


def is_out_of_scope(ctx: RulesContext, person_kind: str) -> bool:
    return person_kind in ctx.param("person.kinds_out_of_scope", ctx.today).value


def out_of_scope_decision(ctx: RulesContext, person_kind: str, facts: dict[str, Any]) -> Decision:
    """Art 2 para 3: the measure does not apply, nothing else is asked (R-02, R-02a)."""
    decision = Decision("floating_status", outcome="out_of_scope")
    decision.facts.update(facts, person_kind=person_kind)
    day = ctx.today
    use(decision, ctx.param("person.kinds_out_of_scope", day))
    procedure = use(decision, ctx.param("person.national_procedure", day))[person_kind]
    decision.fields.update(person_kind=person_kind, national_procedure=procedure)
    decision.reasons.append(
        f"{PERSON_KIND_NAMES[person_kind]}的居住登记按照国家有关规定执行（第二条第三款），"
        "不适用本办法的居住登记和居住证规定，不需要户籍地代码，不是本办法所称的流动人口"
    )
    decision.reasons.append("国家规定的程序：" + procedure)
    decision.interpret("R-02", "R-02a")
    return decision


def floating_status(ctx: RulesContext, hukou: str, residence: str, person_kind: str) -> Decision:
    if is_out_of_scope(ctx, person_kind):
        return out_of_scope_decision(ctx, person_kind, {"hukou_division": hukou, "residence_division": residence})
    decision = Decision("floating_status", outcome="")
    decision.facts.update(hukou_division=hukou, residence_division=residence, person_kind=person_kind)
    day = ctx.today
    use(decision, ctx.param("person.kinds_out_of_scope", day))  # Art 2 first: the article deciding

    divisions = ctx.divisions
    hukou_now, residence_now = divisions.current_code(hukou), divisions.current_code(residence)
    decision.facts.update(hukou_current_code=hukou_now, residence_current_code=residence_now)
    decision.cite(DIVISION_STANDARD)
    prefix = use(decision, ctx.param("city.division_prefix", day))
    city = use(decision, ctx.param("city.name", day))
    if not residence_now.startswith(prefix):
        decision.outcome = "out_of_scope"
        decision.reasons.append(f"居住地 {_named(ctx, residence)} 不在{city}行政区域内，本办法不适用（第二条第一款）")
        return decision

    decision.interpret("R-01")
    if hukou_now == residence_now:
        decision.outcome = "not_floating"
        same = f"户籍所在地 {_named(ctx, hukou)} 与居住地 {_named(ctx, residence)}"
        if hukou != residence:
            same += f" 是同一县级行政区划（代码已变更为 {hukou_now}）"
        else:
            same += " 是同一县级行政区划"
        decision.reasons.append(same + "，未离开户籍所在县（市、区），不属于流动人口（第二条第二款）")
        return decision

    districts = set(use(decision, ctx.param("city.districts", day)))
    if hukou_now in districts and residence_now in districts:
        decision.outcome = "not_floating"
        decision.reasons.append(
            f"户籍所在地 {_named(ctx, hukou)} 与居住地 {_named(ctx, residence)} 都是{city}的区，"
            "本市区与区之间居住的人员不属于流动人口（第二条第二款）"
        )
        return decision

    decision.outcome = "floating"
    decision.reasons.append(
        f"已离开户籍所在地 {_named(ctx, hukou)}，到 {_named(ctx, residence)} 居住，属于流动人口（第二条第二款）"
    )
    return decision


def _named(ctx: RulesContext, code: str) -> str:
    division = ctx.divisions.lookup(code)
    return f"{division.full_name}（{code}）" if division else code
