"""Policy parameters (city administrator): every value with its date and provision, and the
entry of a successor measure's (or the State Council regulation's) values from their date
(R-25, R-25a), as data without a release."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse

from juzhu.registry.actions import set_parameter_value
from juzhu.registry.actions.common import rules_context
from juzhu.registry.commands import SetParameterValue
from juzhu.registry.commands.forms import CommandForm
from juzhu.registry.models import ParameterValue
from juzhu.rules.validity import expiry_warning

from ..forms import DATE, OfficeForm
from .common import done, run_action


class ParameterValueForm(CommandForm, OfficeForm):
    """``SetParameterValue`` with the parameter's name and date (the API takes those from its URL)."""

    command_class = SetParameterValue

    name = forms.ChoiceField(label="参数")
    valid_from = forms.DateField(label="施行日期（自该日起适用）", widget=DATE)
    value = forms.CharField(label="参数值（数字、日期 YYYY-MM-DD，或与现行值结构相同的 JSON）", max_length=2000)
    reference = forms.CharField(label="依据（文件名称、文号和条款）", help_text="如：国务院《居住证暂行条例》第十四条")

    def __init__(self, *args, names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [(n, n) for n in names]


@login_required
@permission_required("registry.manage_calendar", raise_exception=True)
def parameters(request):
    ctx = rules_context()
    form = ParameterValueForm(
        request.POST or None, names=list(ctx.parameters), initial={"name": request.GET.get("name", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = run_action(
            request,
            form,
            lambda: set_parameter_value(
                acting_user=request.user,
                name=data["name"],
                valid_from=data["valid_from"],
                **form.command.arguments(),
            ),
        )
        if entry:
            return done(
                request,
                f"已录入：{entry.name} 自 {entry.valid_from:%Y年%m月%d日} 起为 "
                f"{json.dumps(entry.value, ensure_ascii=False)}，各项判定自该日起适用。",
                reverse("parameters"),
            )
    rows = []
    for name in ctx.parameters:
        parameter = ctx.parameters[name]
        versions = []
        for start, value in zip(parameter.starts, parameter.values, strict=True):
            references = parameter.at(start).references
            versions.append(
                {
                    "since": start,
                    "value": json.dumps(value, ensure_ascii=False, default=str),
                    "entered": references != parameter.references,
                    "reference": "；".join(r.full for r in references),
                }
            )
        rows.append({"name": name, "description": parameter.description, "versions": versions})
    return render(
        request,
        "office/parameters.html",
        {
            "form": form,
            "rows": rows,
            "warning": expiry_warning(ctx),
            "entered": ParameterValue.objects.select_related("entered_by").order_by("-entered_at")[:50],
        },
    )
