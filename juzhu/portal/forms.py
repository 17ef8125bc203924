"""The residents' forms: the fields only; the checks are the command's and the action's,
shown beside their field. The declaration form cleans into the action's command
(``juzhu.residents.commands.DeclarationData``), whose limits are the registry's columns."""

from __future__ import annotations

from django import forms

from juzhu.org.models import Division, Unit
from juzhu.registry.commands.forms import CommandForm
from juzhu.registry.context import rules_context
from juzhu.registry.models import PermitApplication, Person, Registration
from juzhu.registry.models.person import ethnicity_choices
from juzhu.residents.commands import ApplicationData, DeclarationData, EndorsementData

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


# Art 23: the children who live with her, one row each. The page shows CHILD_ROWS rows: a
# layout, not a limit of the law (the command takes up to MAX_CHILDREN; the station adds more).
CHILD_ROWS = 3
CHILD_PARTS = {"name": "姓名", "birth_date": "出生日期", "sex": "性别", "id_number": "公民身份号码（如有）"}
CHILD_FIELDS = [(row, part) for row in range(CHILD_ROWS) for part in CHILD_PARTS]


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
    exemption = forms.ChoiceField(
        label="免于登记情形（第九条第二款，如适用）",
        required=False,
        help_text="符合的，申报期限按该情形计算；不符合的选“无”",
    )

    PATHS = {f"child{row + 1}_{part}": ("children", row, part) for row, part in CHILD_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].widget.choices = town_choices()
        ctx = rules_context()
        exemptions = ctx.param("registration.exemptions", ctx.today).value
        self.fields["exemption"].choices = [("", "无（应当登记）"), *exemptions.items()]
        for name in self.PATHS:  # a child row is optional as a whole; all or nothing is checked below
            self.fields[name].required = False
        # The command leaves the hukou code optional because a person outside the measure has
        # none (R-02a); such a person is answered out_of_scope and cannot declare online, so
        # every online declarant is a citizen of the mainland with a hukou the station must
        # record: the portal asks for it, as the clerk does at the window.
        self.fields["hukou_division"].required = True

    def child_rows(self) -> list[list[forms.BoundField]]:
        """The child rows' fields, for the template (one fieldset each)."""
        return [[self[f"child{row + 1}_{part}"] for part in CHILD_PARTS] for row in range(CHILD_ROWS)]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.PATHS]

    def command_data(self) -> dict:
        """A child row left empty is no child; a row begun must be finished (its first empty field says so)."""
        data = super().command_data()
        children = []
        for row, child in enumerate(data.get("children", [])):
            filled = {part: value for part, value in child.items() if value not in ("", None)}
            if not filled:
                continue
            for part in ("name", "birth_date", "sex"):
                if part not in filled:
                    self.add_error(f"child{row + 1}_{part}", f"请填写第{row + 1}名随行子女的{CHILD_PARTS[part]}")
            children.append({**child, "id_number": child.get("id_number") or ""})
        data["children"] = children
        return data


def _child_field(row: int, part: str, label: str) -> forms.Field:
    prefix = f"第{row + 1}名随行子女"
    if part == "birth_date":
        return forms.DateField(label=f"{prefix}{label}", widget=DATE)
    if part == "sex":
        return forms.ChoiceField(label=f"{prefix}{label}", choices=[("", "—"), *Person.Sex.choices])
    return forms.CharField(label=f"{prefix}{label}")


# The child rows' fields, after the declared ones (Django copies ``base_fields`` per form).
for _row, _part in CHILD_FIELDS:
    DeclarationForm.base_fields[f"child{_row + 1}_{_part}"] = _child_field(_row, _part, CHILD_PARTS[_part])


# issue 10: online application with uploads

ACCEPTED_TYPES = "image/jpeg,image/png,application/pdf"  # a hint to the phone's picker; the action checks the content


class MultipleFiles(forms.FileInput):
    allow_multiple_selected = True


class MaterialFiles(forms.Field):
    """One material's files (several pages or photos); each is checked by the action."""

    widget = MultipleFiles

    def to_python(self, value):
        return [f for f in (value or []) if f]


def add_material_fields(form: forms.Form, materials) -> None:
    """One file field per material of the checklist (``files_<code>``), where its errors land."""
    for material in materials:
        form.fields[f"files_{material.code}"] = MaterialFiles(
            label=material.name, required=False, widget=MultipleFiles(attrs={"accept": ACCEPTED_TYPES})
        )


class ApplicationForm(CommandForm, PortalForm):
    """Cleans into ``ApplicationData`` (the condition); the checklist's file fields are added
    for the chosen condition (``add_material_fields``)."""

    command_class = ApplicationData

    condition = forms.ChoiceField(
        label="申领条件（第十条）", choices=PermitApplication.Condition.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        add_material_fields(self, materials)


class MissingMaterialsForm(PortalForm):
    """After the one-time notice: a file field for each material it lists."""

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        add_material_fields(self, materials)


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
