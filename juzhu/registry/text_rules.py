"""One rule per free text the actions take: its label, its length, whether it may span lines.

The commands (juzhu.registry.commands) take a free text's limit and newline policy from here,
and the office forms and the API take them from the commands, so they cannot disagree
(tests/registry/test_text_rules.py walks them). A limit that has a column is the column's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Model

from .models import ApplicationMaterial, IdentityChange, PermitApplication, Registration


@dataclass(frozen=True)
class TextRule:
    label: str
    max_length: int
    multiline: bool = False  # reasons may run over several lines; names and addresses may not
    column: str = ""  # "app_label.Model.field" when the limit is a database column's

    def check(self, value: object, field: str, required: bool = True) -> str:
        """The action's check: an ``ActionError`` on ``field`` naming the label."""
        from .actions.checks import clean_text  # the actions import this module

        return clean_text(value, field, self.label, self.max_length, required=required, multiline=self.multiline)


def column(model: type[Model], name: str, label: str | None = None) -> TextRule:
    """The rule of a model column: its length; multi-line when it is a TextField."""
    from django.db import models

    db_field = cast("models.Field[Any, Any]", model._meta.get_field(name))  # a column, not a relation
    if db_field.max_length is None:
        raise TypeError(f"{model._meta.label}.{name} has no max_length: a free text needs its limit")
    return TextRule(
        label or str(db_field.verbose_name),
        db_field.max_length,
        multiline=isinstance(db_field, models.TextField),
        column=f"{model._meta.label}.{name}",
    )


# Stored in the application's refusal (JSON): the decision's reasons, as long as a notice can print.
REFUSAL_REASONS = TextRule("不予批准的理由", 500, multiline=True)
EXTENSION_REASON = column(PermitApplication, "extension_reason")
WITHDRAW_REASON = TextRule("撤回原因", 200)  # kept in the audit entry's detail
CANCEL_REASON = column(Registration, "cancel_reason")
MATERIAL_ISSUER = column(ApplicationMaterial, "issuer", "材料出具人")
IDENTITY_REASON = column(IdentityChange, "reason", "身份信息更改原因")
