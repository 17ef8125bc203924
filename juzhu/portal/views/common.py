"""What the portal's views share: an action's refusal lands on its form field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from juzhu.registry.commands.forms import CommandForm
from juzhu.registry.errors import ActionError, RuleRefusal


def run(form: forms.Form, call: Callable[[], Any]) -> Any:
    """``call()``'s result, or None with the refusal beside its field (the rules' articles cited)."""
    try:
        return call()
    except RuleRefusal as refused:
        message = refused.message
        if refused.decision.citations:
            message += "（依据：" + "、".join(refused.decision.citations) + "）"
        _add(form, refused.field, message)
    except ActionError as refused:
        _add(form, refused.field, refused.message)
    return None


def _add(form: forms.Form, field: str | None, message: str) -> None:
    if isinstance(form, CommandForm):
        field = form.field_for(field)
    form.add_error(field if field in form.fields else None, message)
