"""One contract per action (issue 9): the command's limits are the model's, and the office form
and the API schema take theirs from the command, so the four layers cannot disagree (issue 7:
multi-line refusal reasons were refused as control characters, and the API allowed 1000
characters where the action allowed 500)."""

import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from pydantic import BaseModel

from juzhu.api.urls import api
from juzhu.office import forms as office_forms
from juzhu.office.views.parameters import ParameterValueForm
from juzhu.registry import text_rules
from juzhu.registry.actions import ActionError, decide_application, receive_application
from juzhu.registry.commands import COMMANDS, DecideApplication, RegisterResidence
from juzhu.registry.commands.base import ECHO
from juzhu.registry.commands.forms import CommandForm, max_length
from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, registered


def _walk(model: type[BaseModel], path=(), required=True):
    """Every leaf field of a command: (path, field info, must it always be sent)."""
    for name, info in model.model_fields.items():
        inner = next(
            (a for a in (info.annotation, *getattr(info.annotation, "__args__", ())) if _is_model(a)),
            None,
        )
        here = required and info.is_required()
        if inner is not None:
            yield (*path, name), info, here  # the part itself (a person, the list of materials)
            list_like = getattr(info.annotation, "__origin__", None) is list
            yield from _walk(inner, (*path, name, *([0] if list_like else [])), here)
        else:
            yield (*path, name), info, here


def _is_model(candidate) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _rule(info):
    return next((m for m in info.metadata if isinstance(m, text_rules.TextRule)), None)


def test_every_text_field_of_a_command_has_the_length_of_its_column():
    checked = 0
    for command in COMMANDS.values():
        for path, info, _ in _walk(command):
            rule = _rule(info)
            if rule is None or not rule.column:
                continue
            app_model, field = rule.column.rsplit(".", 1)
            column = apps.get_model(app_model)._meta.get_field(field)
            assert max_length(info) == column.max_length == rule.max_length, (command.__name__, path)
            checked += 1
    assert checked >= 15  # names, addresses, phones, issuers, reasons…: the walk found them


def test_every_command_text_is_under_a_rule_and_named_in_chinese():
    for command in COMMANDS.values():
        for path, info, _ in _walk(command):
            if info.annotation is str:
                assert _rule(info) is not None, (command.__name__, path)
            assert info.title and not info.title.isascii(), (command.__name__, path)


def _command_forms():
    for _, form in inspect.getmembers(office_forms, inspect.isclass):
        if issubclass(form, CommandForm) and form is not CommandForm:
            yield form
    yield ParameterValueForm


@pytest.mark.django_db
def test_each_office_form_has_the_limit_and_requiredness_of_the_command_field_it_fills(staff):
    filled = set()
    for form_class in _command_forms():
        form = form_class(user=staff.clerk) if "user" in inspect.signature(form_class).parameters else form_class()
        fields = {path: (info, required) for path, info, required in _walk(form.command_class)}
        for name, field, info, required in form.command_fields():
            path = tuple(0 if isinstance(p, int) else p for p in form.path(name))
            assert path in fields, (form_class.__name__, name)
            assert field.required == required, (form_class.__name__, name)
            if isinstance(field, forms.CharField) and max_length(info):
                assert field.max_length == max_length(info), (form_class.__name__, name)
                if not field.widget.is_hidden:  # typed into: the browser stops at the limit too
                    assert field.widget.attrs.get("maxlength") == str(max_length(info)), (form_class.__name__, name)
            filled.add((form.command_class.__name__, path))
    # Every command the office offers is filled field by field (the rest are the URL's or the script's).
    assert ("RegisterResidence", ("children", 0, "name")) in filled
    assert len(filled) > 25


def test_each_api_body_is_the_command_with_its_limits_and_requiredness():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    bodies = set()
    for methods in schema["paths"].values():
        for operation in methods.values():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            refs = [body.get("$ref"), *(option.get("$ref") for option in body.get("anyOf", []))]
            for ref in filter(None, refs):
                bodies.add(ref.rsplit("/", 1)[1])
    by_name = {command.__name__: command for command in COMMANDS.values()}
    assert bodies <= set(by_name), bodies - set(by_name)  # no request body but a command
    assert bodies == set(by_name)
    for name in bodies:
        _compare(by_name[name], components[name], components)


def _compare(command: type[BaseModel], component: dict, components: dict) -> None:
    for field, info in command.model_fields.items():
        shown = component["properties"][field]
        assert (field in component.get("required", [])) == info.is_required(), (command.__name__, field)
        rule = _rule(info)
        if rule is not None:
            assert shown["maxLength"] == rule.max_length, (command.__name__, field)
        ref = shown.get("$ref") or shown.get("items", {}).get("$ref")
        inner = next((a for a in (info.annotation, *getattr(info.annotation, "__args__", ())) if _is_model(a)), None)
        if ref and inner is not None:
            _compare(inner, components[ref.rsplit("/", 1)[1]], components)


def test_a_bad_value_gets_one_message_from_form_api_and_action(staff):
    """The same too-long reason: the form, the API body and the action say the same words."""
    too_long = "理" * (text_rules.REFUSAL_REASONS.max_length + 1)
    form = office_forms.DecisionForm({"d-approve": "no", "d-reasons": too_long}, prefix="d")
    assert not form.is_valid()
    with pytest.raises(ActionError) as refused:
        DecideApplication.check(approve=False, reasons=too_long)
    assert form.errors["reasons"] == [refused.value.message]
    assert refused.value.message == f"{text_rules.REFUSAL_REASONS.label}不能超过 500 个字"


def test_no_message_echoes_more_than_forty_characters_of_input():
    sent = "2026-" + "9" * 200
    with pytest.raises(ActionError) as refused:
        RegisterResidence.check(
            person={"id_number": "x", "name": "张丽", "ethnicity": "01", "hukou_address": "地址"},
            residence={"town": "1", "address": "a", "arrival_date": sent, "reason": "x" * 300, "housing": "rented"},
        )
    assert "9" * ECHO not in refused.value.message and len(refused.value.message) < 120


def test_the_checklist_script_knows_no_material_code():
    """The checklist's data comes from the page (json_script), generated from ``permit.materials``."""
    from juzhu.rules.parameters import Parameters

    materials = Parameters.load()["permit.materials"].values[-1]
    codes = set(materials["common"]) | {c for proofs in materials["by_condition"].values() for c in proofs}
    codes |= set(materials["by_condition"])  # and no condition either
    script = (Path(office_forms.__file__).parent / "static" / "office" / "checklist.js").read_text()
    assert not [code for code in codes if code in script]


REASONS = "一、就业证明所载单位查无此企业。\r\n二、居住地地址证明与实际不符。"


@pytest.mark.django_db
def test_multi_line_refusal_reasons_pass_form_api_and_action_alike(staff, clock):
    rule = text_rules.REFUSAL_REASONS
    form = office_forms.DecisionForm({"d-approve": "no", "d-reasons": REASONS}, prefix="d")
    assert form.is_valid(), form.errors
    assert form.command.reasons == REASONS.replace("\r\n", "\n")
    lines = rule.max_length // 2
    longest = "\r\n".join(["理理"] + ["理"] * (lines - 1))  # a line break counts one, as the textarea counts it
    assert office_forms.DecisionForm({"d-approve": "no", "d-reasons": longest}, prefix="d").is_valid()
    too_long = office_forms.DecisionForm({"d-approve": "no", "d-reasons": "理" * (rule.max_length + 1)}, prefix="d")
    assert not too_long.is_valid() and f"不能超过 {rule.max_length} 个字" in str(too_long.errors)
    tab = office_forms.DecisionForm({"d-approve": "no", "d-reasons": "理由\t一"}, prefix="d")
    assert not tab.is_valid() and "控制字符" in str(tab.errors)

    assert DecideApplication(approve=False, reasons=longest).reasons.count("\n") == lines - 1
    with pytest.raises(ValueError):
        DecideApplication(approve=False, reasons="理" * (rule.max_length + 1))
    with pytest.raises(ValueError):
        DecideApplication(approve=False, reasons="理由\x07")

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


@pytest.mark.parametrize("sent", [{"code": "reissue"}, ["reissue"], 7, None])
def test_a_choice_of_the_wrong_type_is_a_named_error_not_a_crash(sent):
    """Found by the schemathesis probe: a JSON object for a choice once raised TypeError (a 500)."""
    from juzhu.registry.commands import ReplaceCard

    with pytest.raises(ActionError) as refused:
        ReplaceCard.check(kind=sent)
    assert refused.value.field == "kind" and "类别" in refused.value.message
