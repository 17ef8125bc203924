"""One rule per text field: the model column, the office form, the API schema and the action's
check agree on the length and on line breaks (issue 7: multi-line refusal reasons were refused
as control characters, and the API allowed 1000 characters where the action allowed 500)."""

import inspect

import pytest
from django import forms
from django.apps import apps
from django.db import models
from ninja import Schema

from juzhu.api.schemas import applications, common, other, permits, persons, registrations
from juzhu.office import forms as office_forms
from juzhu.registry import text_rules
from juzhu.registry.actions import ActionError, decide_application, receive_application
from juzhu.registry.models import PermitApplication
from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, registered

SCHEMA_MODULES = (applications, other, permits, persons, registrations)


def _columns() -> dict[str, set[int]]:
    """Every free-text column of the registry (choice columns are not typed in): name → lengths."""
    found: dict[str, set[int]] = {}
    for model in apps.get_app_config("registry").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, (models.CharField, models.TextField)) and field.max_length and not field.choices:
                found.setdefault(field.name, set()).add(field.max_length)
    return found


def _form_fields():
    for _, form in inspect.getmembers(office_forms, inspect.isclass):
        if issubclass(form, forms.Form):
            for name, field in form.base_fields.items():
                if isinstance(field, forms.CharField):
                    yield f"{form.__name__}.{name}", name, field


def _schema_fields():
    for module in SCHEMA_MODULES:
        for _, schema in inspect.getmembers(module, inspect.isclass):
            if issubclass(schema, Schema) and schema.__module__ == module.__name__:
                for name, info in schema.model_fields.items():
                    validators = [m.func for m in info.metadata if hasattr(m, "func")]
                    lengths = [m.max_length for m in info.metadata if hasattr(m, "max_length")]
                    if validators and lengths:
                        yield f"{schema.__name__}.{name}", name, lengths[0], common._multiline_text in validators


def test_forms_and_schemas_take_the_length_of_the_column_they_fill():
    columns = _columns()
    checked = []
    for where, name, field in _form_fields():
        if name in columns and not isinstance(field, forms.RegexField):
            assert field.max_length in columns[name], (where, field.max_length, columns[name])
            checked.append(where)
    for where, name, length, _ in _schema_fields():
        if name in columns:
            assert length in columns[name], (where, length, columns[name])
            checked.append(where)
    assert len(checked) > 10  # names, addresses, phones, issuers…: the walk found the fields


def test_every_rule_is_used_alike_by_form_schema_and_action():
    """Each form field and schema field under a rule has its length and newline policy."""
    rules = {rule.label: rule for rule in vars(text_rules).values() if isinstance(rule, text_rules.TextRule)}
    seen_form, seen_schema = set(), set()
    for where, _, field in _form_fields():
        if isinstance(field, office_forms.RuleField):
            assert field.max_length == field.rule.max_length, where
            assert isinstance(field.widget, forms.Textarea) == field.rule.multiline, where
            seen_form.add(field.rule.label)
    by_length = {}
    for where, name, length, multiline in _schema_fields():
        by_length.setdefault((name, length, multiline), []).append(where)
    for rule in rules.values():
        if rule.multiline:
            assert any(length == rule.max_length and multiline for (_, length, multiline) in by_length), rule
            seen_schema.add(rule.label)
    # Multi-line in the schema means a multi-line rule of that length, and nothing else.
    for (_, length, multiline), where in by_length.items():
        if multiline:
            assert any(r.multiline and r.max_length == length for r in rules.values()), where
    assert {text_rules.REFUSAL_REASONS.label, text_rules.EXTENSION_REASON.label} <= seen_form


def test_a_rule_with_a_column_has_the_columns_length():
    assert text_rules.EXTENSION_REASON.max_length == PermitApplication._meta.get_field("extension_reason").max_length
    assert text_rules.MATERIAL_ISSUER.max_length == 128


REASONS = "一、就业证明所载单位查无此企业。\r\n二、居住地地址证明与实际不符。"


@pytest.mark.django_db
def test_multi_line_refusal_reasons_pass_form_api_and_action_alike(staff, clock):
    rule = text_rules.REFUSAL_REASONS
    form = office_forms.DecisionForm({"d-approve": "no", "d-reasons": REASONS}, prefix="d")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reasons"] == REASONS.replace("\r\n", "\n")
    lines = rule.max_length // 2
    longest = "\r\n".join(["理理"] + ["理"] * (lines - 1))  # a line break counts one, as the textarea counts it
    assert office_forms.DecisionForm({"d-approve": "no", "d-reasons": longest}, prefix="d").is_valid()
    too_long = office_forms.DecisionForm({"d-approve": "no", "d-reasons": "理" * (rule.max_length + 1)}, prefix="d")
    assert not too_long.is_valid() and f"不能超过 {rule.max_length} 个字" in str(too_long.errors)
    tab = office_forms.DecisionForm({"d-approve": "no", "d-reasons": "理由\t一"}, prefix="d")
    assert not tab.is_valid() and "控制字符" in str(tab.errors)

    assert applications.DecisionIn(approve=False, reasons=longest).reasons.count("\n") == lines - 1
    with pytest.raises(ValueError):
        applications.DecisionIn(approve=False, reasons="理" * (rule.max_length + 1))
    with pytest.raises(ValueError):
        applications.DecisionIn(approve=False, reasons="理由\x07")

    clock("2025-06-02")
    registration = registered(staff)
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    with pytest.raises(ActionError) as refused:
        decide_application(
            acting_user=staff.issuer, application_id=application.pk, approve=False, reasons="理" * (rule.max_length + 1)
        )
    assert refused.value.field == "reasons"
    refusal = decide_application(
        acting_user=staff.issuer, application_id=application.pk, approve=False, reasons=REASONS
    )
    assert refusal.refusal["reasons"][0] == REASONS.replace("\r\n", "\n")
