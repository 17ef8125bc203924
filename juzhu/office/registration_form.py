"""The registration form (Art 9, R-02a, R-27): the person, the residence, one child."""

from __future__ import annotations

from django import forms

from juzhu.registry.actions import checks
from juzhu.registry.actions.common import rules_context
from juzhu.registry.commands import PersonIn, RegisterResidence, ResidenceIn
from juzhu.registry.commands.forms import CommandForm
from juzhu.registry.errors import ActionError
from juzhu.registry.models import Person, Registration
from juzhu.registry.models.person import DEFAULT_ID_TYPE, ethnicity_choices, identity_document_choices

from .form_base import DATE, OfficeForm
from .places import towns_for


class RegistrationForm(CommandForm, OfficeForm):
    """``RegisterResidence``: the person, the residence, one child; R-27's confirmations."""

    command_class = RegisterResidence
    PATHS = {
        **{name: ("person", name) for name in ("id_type", "id_number", "name", "ethnicity", "phone")},
        **{name: ("person", name) for name in ("hukou_division", "hukou_address")},
        **{name: ("residence", name) for name in ("town", "address", "arrival_date", "reason", "housing")},
        "exemption": ("residence", "exemption"),
        "child_name": ("children", 0, "name"),
        "child_birth_date": ("children", 0, "birth_date"),
        "child_sex": ("children", 0, "sex"),
        "confirm_move": ("move",),
    }

    id_type = forms.ChoiceField(
        label="身份证件类型（第二十九条）",
        choices=identity_document_choices,
        initial=DEFAULT_ID_TYPE,
        required=False,
        help_text="港澳台居民居住证、外国护照的持有人不适用本办法（第二条第三款）",
    )
    id_number = forms.CharField(
        label="公民身份号码",
        help_text="外国人填写护照或旅行证件号码",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "inputmode": "text", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(label="姓名")
    ethnicity = forms.ChoiceField(label="民族", choices=ethnicity_choices)
    hukou_division = forms.CharField(label="户籍地行政区划代码", help_text="身份号码前6位通常即是；可修改")
    hukou_address = forms.CharField(label="户籍地址")
    phone = forms.CharField(label="联系电话", help_text="手机号码，或固定电话如 0915-3212345")
    town = forms.ChoiceField(label="居住地乡镇（街道）")
    address = forms.CharField(label="居住地址")
    arrival_date = forms.DateField(label="到达居住地日期", widget=DATE)
    reason = forms.ChoiceField(label="居住事由", choices=Registration.Reason.choices)
    housing = forms.ChoiceField(label="住所类型", choices=Registration.Housing.choices)
    exemption = forms.ChoiceField(label="免于登记情形（第九条第二款）", required=False)
    child_name = forms.CharField(label="随行子女姓名")
    child_birth_date = forms.DateField(label="随行子女出生日期", widget=DATE)
    child_sex = forms.ChoiceField(label="随行子女性别", choices=[("", "—"), *Person.Sex.choices])
    # shown only when the action answered that the person is registered elsewhere
    # or that identity data would change (``conflict``: IdentityConflict.details).
    confirm_move = forms.BooleanField(label="确认按迁移办理（原登记转为“已迁出”，并告知原登记单位）", required=False)
    identity_reason = forms.CharField(label="身份信息更改原因（如：依法更名，见户口簿）")
    confirmation = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, conflict=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [(t.code, t.full_name) for t in towns_for(user)]
        ctx = rules_context()
        exemptions = ctx.param("registration.exemptions", ctx.today).value
        self.fields["exemption"].choices = [("", "无（应当登记）"), *exemptions.items()]
        if not (conflict and conflict["moves"]):
            self.fields["confirm_move"].widget = forms.HiddenInput()
        if not (conflict and conflict["changes"]):
            self.fields["identity_reason"].widget = forms.HiddenInput()

    def clean_id_type(self):
        return self.cleaned_data["id_type"] or DEFAULT_ID_TYPE  # the select always sends one; a bare POST

    def clean_id_number(self):
        """Checked here too so that its error shows beside the others, not after them."""
        from juzhu.registry.actions.common import ask_rules

        self.out_of_scope = self._document_out_of_scope() == "foreigner"
        if self.out_of_scope:  # a passport number: no GB 11643 check
            return self.cleaned_data["id_number"].strip()
        answer = ask_rules("id_number", value=self.cleaned_data["id_number"])
        if answer.outcome != "valid":
            raise forms.ValidationError(answer.reasons)
        self.out_of_scope = answer.fields["out_of_scope"]
        self.birth_date = answer.fields["birth_date"]
        return answer.fields["value"]

    def _document_out_of_scope(self):
        ctx = rules_context()
        return ctx.param("identity.documents_out_of_scope", ctx.today).value.get(self.cleaned_data.get("id_type"))

    def command_data(self) -> dict:
        """No child when none of the child's fields is filled in."""
        data = super().command_data()
        if not any(data.get("children", [{}])[0].values()):
            data["children"] = []
        return data

    def clean(self):
        data = super().clean()
        if getattr(self, "out_of_scope", False):
            # R-02a: nothing else is asked of a person outside the measure; the action
            # answers with Art 2 para 3 and the national procedure, and keeps the refusal.
            for name in list(self.errors):
                if name not in ("id_type", "id_number", "town"):
                    del self.errors[name]
            self.command = RegisterResidence.model_construct(
                person=PersonIn.model_construct(id_type=data.get("id_type"), id_number=data.get("id_number")),
                residence=ResidenceIn.model_construct(town=data.get("town")),
            )
            return data
        child = [data.get("child_name"), data.get("child_birth_date"), data.get("child_sex")]
        if any(child) and not all(child):
            self.add_error("child_name", "随行子女的姓名、出生日期和性别须一并填写")
        elif data.get("child_birth_date") and getattr(self, "birth_date", None):
            ctx = rules_context()
            try:
                checks.birth_date(
                    data["child_birth_date"],
                    "child_birth_date",
                    "子女出生日期",
                    today=ctx.today,
                    earliest=ctx.param("identity.earliest_birth_date", ctx.today).value,
                    parent=self.birth_date,
                )
            except ActionError as refused:
                self.add_error("child_birth_date", refused.message)
        return data
