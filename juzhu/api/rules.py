"""The measure's determinations, as ``juzhu rules evaluate`` answers them."""

import logging
from typing import Any, Union

from ninja import Body, Router

from juzhu.registry.actions.common import rules_context
from juzhu.rules import FieldError, evaluate
from juzhu.rules.decision import invalid_input, shown

from .schemas.common import responses
from .schemas.other import RuleDecision

logger = logging.getLogger("juzhu.api")
router = Router(tags=["规则"])


def _answer(case: Any, ctx) -> dict:
    try:
        return evaluate(case, ctx).to_dict()
    except (OverflowError, ValueError):
        # The rules promise never to raise for bad input, but date arithmetic near year 9999
        # overflows (calendar.add_working_days, add_months): answer "invalid", not a 500.
        logger.warning("rules: case could not be computed: %s", shown(case), exc_info=True)
        question = case.get("question") if isinstance(case, dict) else None
        return invalid_input(question, [FieldError("case", "案例中的日期超出可以计算的范围")]).to_dict()


@router.post(
    "/rules/evaluate",
    response=responses(Union[RuleDecision, list[RuleDecision]]),
    operation_id="evaluate_rules",
    summary="规则判定",
    description="一个案例（含 question 的 JSON 对象）或案例列表；"
    "输入有误的案例答以 outcome: invalid 并逐字段说明，"
    "与 `juzhu rules evaluate` 的约定相同。工作日历含管理员录入的年度。",
)
def evaluate_cases(request, cases: Union[dict[str, Any], list[Any]] = Body(..., description="案例或案例列表")):
    ctx = rules_context()
    if isinstance(cases, list):
        return [_answer(case, ctx) for case in cases]
    return _answer(cases, ctx)
