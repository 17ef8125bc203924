"""The Ankang measure as rules-as-code: pure determinations with citations.

No Django, no I/O in the logic. Callers build a ``RulesContext`` (parameters,
working-day calendar, divisions, today) and ask::

    import datetime
    from juzhu.rules import RulesContext, evaluate
    decision = evaluate({"question": "issuance_deadline", "acceptance_date": "2025-09-30"},
                        RulesContext.default(datetime.date(2025, 9, 30)))
    decision.to_dict()
"""

from .context import RulesContext
from .decision import Decision, FieldError, InvalidInput
from .evaluate import QUESTIONS, evaluate

__all__ = ["QUESTIONS", "Decision", "FieldError", "InvalidInput", "RulesContext", "evaluate"]
