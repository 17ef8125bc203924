"""The residents' forms: the fields only; the checks are the command's and the action's,
shown beside their field. The declaration form cleans into the action's command
(``juzhu.residents.commands.DeclarationData``), whose limits are the registry's columns."""

from __future__ import annotations

from django import forms

from juzhu.org.models import Division, Unit
from juzhu.registry.commands.forms import CommandForm
from juzhu.registry.models import Registration
from juzhu.registry.models.person import ethnicity_choices
from juzhu.residents.commands import DeclarationData, EndorsementData

DATE = forms.DateInput(attrs={"type": "date"})


class PortalForm(forms.Form):
    """Required fields say which field is missing (``请填写手机号码``), not Django's generic text."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name).split("（")[0]
            verb = "请选择" if isinstance(field.widget, forms.Select) else "请填写"
            field.error_messages = {
                **field.error_messages,
                "required": f"{verb}{label}",
                "invalid": f"{label}格式不正确",
                "max_length": f"{label}过长",
            }


class PhoneForm(PortalForm):
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "autofocus": True}),
    )


class CodeForm(PortalForm):
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )


class BindForm(PortalForm):
    name = forms.CharField(label="姓名", max_length=64)
    id_number = forms.CharField(
        label="公民身份号码",
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def town_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The city's towns and streets that a police station serves, grouped by county."""
    towns = (
        Division.objects.filter(level=Division.Level.TOWN, serving_units__kind=Unit.Kind.STATION)
        .select_related("parent")
        .distinct()
        .order_by("code")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for town in towns:
        groups.setdefault(town.parent.name if town.parent else "", []).append((town.code, town.name))
    return [("", [("", "请选择")]), *groups.items()]


class DeclarationForm(CommandForm, PortalForm):
    """Cleans into ``command`` (a checked ``DeclarationData``); each field's length and
    requiredness are the command's (the registry column's), so the form repeats no limit."""

    command_class = DeclarationData

    name = forms.CharField(label="姓名")
    id_number = forms.CharField(label="公民身份号码", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    ethnicity = forms.ChoiceField(label="民族", choices=ethnicity_choices)
    hukou_division = forms.CharField(label="户籍地行政区划代码", help_text="6位代码，通常即身份证号码的前6位")
    hukou_address = forms.CharField(label="户籍地址")
    # A plain field with a select: whether the town is one of the city's is the action's answer.
    town = forms.CharField(label="居住地乡镇（街道）", widget=forms.Select)
    address = forms.CharField(label="居住地址（路、门牌号、楼栋、房号）")
    arrival_date = forms.DateField(label="到达居住地日期", widget=DATE)
    reason = forms.ChoiceField(label="居住事由", choices=Registration.Reason.choices)
    housing = forms.ChoiceField(label="住所类型", choices=Registration.Housing.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].widget.choices = town_choices()
        # The command leaves the hukou code optional because a person outside the measure has
        # none (R-02a); such a person is answered out_of_scope and cannot declare online, so
        # every online declarant is a citizen of the mainland with a hukou the station must
        # record: the portal asks for it, as the clerk does at the window.
        self.fields["hukou_division"].required = True


class EndorsementForm(CommandForm, PortalForm):
    """Endorsing one of her permits (Art 13): the permit and the address she is shown travel
    hidden (the action looks the permit up among her own and compares the address); she ticks
    that she still lives there. Cleans into ``EndorsementData``."""

    command_class = EndorsementData

    permit = forms.IntegerField(widget=forms.HiddenInput)
    address = forms.CharField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(label="本人确认仍居住在上述登记的居住地址")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        confirmed = self.fields["confirmed"]
        confirmed.required = True  # the command defaults to False so that the action words the refusal too
        confirmed.error_messages["required"] = "请勾选确认您仍居住在登记的居住地址"
