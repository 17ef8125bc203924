"""The office's forms: labels, widgets and layout in Chinese, one form per action; each cleans
into the action's command (``bridge.py``), whose limits and checks they are."""

from __future__ import annotations

from django import forms

from juzhu.registry.actions import checks
from juzhu.registry.actions.checks import text
from juzhu.registry.actions.common import rules_context
from juzhu.registry.commands import (
    CancelRegistration,
    ChangeAddress,
    DecideApplication,
    EnterCalendarYear,
    ExtendIssuance,
    PersonIn,
    ReceiveApplication,
    RegisterResidence,
    ReplaceCard,
    ResidenceIn,
    SupplementMaterials,
)
from juzhu.registry.errors import ActionError
from juzhu.registry.models import PermitApplication, PermitCard, Person, Registration
from juzhu.registry.models.person import DEFAULT_ID_TYPE, ethnicity_choices, identity_document_choices
from juzhu.registry.text_rules import CANCEL_REASON, REFUSAL_REASONS
from juzhu.rules.determinations.permit import Material

from .bridge import CommandForm, field_at, max_length
from .places import towns_for


def material_catalogue() -> list[Material]:
    """The materials an application records, today (parameter ``permit.materials``, Art 11)."""
    from juzhu.rules.determinations.permit import material_catalogue as catalogue

    ctx = rules_context()
    return catalogue(ctx, ctx.today)


DATE = forms.DateInput(attrs={"type": "date"})


class OfficeForm(forms.Form):
    """A form that speaks the clerk's language: each message names its field (``请填写姓名``).

    Django's defaults ("这个字段是必填项。") name nothing; a message a form gives
    explicitly is kept. ``SHORT_NAMES`` names a field whose label is a long instruction.
    """

    SHORT_NAMES: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields; no trailing colon
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages = {
                **field.error_messages,
                **_clerk_messages(field, self.SHORT_NAMES.get(name) or str(field.label or name).split("（")[0]),
            }


def _clerk_messages(field, name: str) -> dict[str, str]:
    """Messages naming the field, in place of Django's defaults (lazy translations)."""
    from django.utils.functional import Promise

    choose = isinstance(field, (forms.ChoiceField, forms.BooleanField))
    date = isinstance(field, forms.DateField)
    ours = {
        "required": f"请选择{name}" if choose else f"请填写{name}",
        "max_length": f"{name}不能超过 %(limit_value)d 个字（现有 %(show_value)d 个）",
        "min_length": f"{name}至少 %(limit_value)d 个字",
        "invalid": f"{name}应为 YYYY-MM-DD 格式的有效日期" if date else f"{name}格式不正确",
        "invalid_choice": f"{name}的选项无效，请重新选择",
        "invalid_list": f"请选择{name}",
    }
    return {
        code: message
        for code, message in ours.items()
        if isinstance(field.error_messages.get(code, ours), Promise) or code not in field.error_messages
    }


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
        from juzhu.registry.actions.common import decide

        self.out_of_scope = self._document_out_of_scope() == "foreigner"
        if self.out_of_scope:  # a passport number: no GB 11643 check
            return self.cleaned_data["id_number"].strip()
        answer = decide("id_number", value=self.cleaned_data["id_number"])
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


class ApplicationForm(CommandForm, OfficeForm):
    """``ReceiveApplication``: the checklist and the issuer fields come from the materials
    parameter (``material_catalogue``); the checklist script reads which proof each
    condition needs from the page (``checklist_data``)."""

    command_class = ReceiveApplication

    condition = forms.ChoiceField(
        label="申领条件（第十条）", choices=PermitApplication.Condition.choices, widget=forms.RadioSelect
    )
    materials = forms.MultipleChoiceField(
        label="已收到的材料（第十一条）", required=False, widget=forms.CheckboxSelectMultiple
    )
    # R-06b: shown only after the action warned that the half year is not reached on the
    # acceptance date (``offer_confirmation``); hidden, it is "not confirmed".
    confirm_not_eligible = forms.BooleanField(
        label="已告知申请人可申领日期和现在受理将不予批准，申请人仍坚持现在申领",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, registration_id: int | None = None, **kwargs):
        self.registration_id = registration_id
        self.catalogue = material_catalogue()
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = [(m.code, m.name) for m in self.catalogue]
        issuer = field_at(self.command_class, self.path("issuer_"))[0]
        for material in self.catalogue:
            if material.with_issuer and self.asks_issuer(material):
                self.fields[f"issuer_{material.code}"] = forms.CharField(
                    label=f"{material.name}出具人", max_length=max_length(issuer), required=False
                )
        self.order_fields(["condition", "materials"])

    def asks_issuer(self, material: Material) -> bool:
        return True

    @classmethod
    def path(cls, name: str):
        """An issuer field fills one material's ``issuer`` (which one: ``form_field``)."""
        return ("materials", 0, "issuer") if name.startswith("issuer_") else super().path(name)

    def assembled(self, name: str) -> bool:
        return name == "materials" or name.startswith("issuer_")

    def command_data(self) -> dict:
        data = super().command_data()
        data["materials"] = [
            {"code": code, "issuer": self.cleaned_data.get(f"issuer_{code}") or ""}
            for code in self.cleaned_data.get("materials", [])
        ]
        if self.registration_id is not None:
            data["registration_id"] = self.registration_id
        return data

    def form_field(self, loc) -> str | None:
        loc = tuple(loc)
        if loc[:1] == ("materials",) and len(loc) == 3:  # one material's issuer: its issuer field
            code = self.cleaned_data.get("materials", [])[loc[1]]
            return f"issuer_{code}" if f"issuer_{code}" in self.fields else "materials"
        return super().form_field(loc)

    def checklist_data(self) -> dict[str, list[str]]:
        """Condition → the proofs it needs, for the checklist script (``json_script``)."""
        needs: dict[str, list[str]] = {}
        for material in self.catalogue:
            for condition in material.conditions:
                needs.setdefault(condition, []).append(material.code)
        return needs

    def offer_confirmation(self) -> bool:
        """After the early-application warning: show the confirmation box with the warning."""
        if "confirm_not_eligible" not in self.errors:
            return False
        self.fields["confirm_not_eligible"].widget = forms.CheckboxInput()
        return True


class SupplementForm(ApplicationForm):
    """``SupplementMaterials``: the condition is settled, so only its own proof's issuer is asked for."""

    command_class = SupplementMaterials

    def __init__(self, *args, condition: str = "", **kwargs):
        self.settled = condition
        super().__init__(*args, **kwargs)
        del self.fields["condition"]

    def asks_issuer(self, material: Material) -> bool:
        return not material.conditions or self.settled in material.conditions


class DecisionForm(CommandForm, OfficeForm):
    command_class = DecideApplication

    approve = forms.TypedChoiceField(
        label="决定",
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", "批准并签发居住证"), ("no", "不予批准")],
    )
    reasons = forms.CharField(label=REFUSAL_REASONS.label, widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionForm(CommandForm, OfficeForm):
    command_class = ExtendIssuance

    until = forms.DateField(label="延长至", widget=DATE)
    reason = forms.CharField(label="延长理由（偏远地区、交通不便或特殊情况）")


class AddressChangeForm(CommandForm, OfficeForm):
    command_class = ChangeAddress

    permit_number = forms.CharField(label="居住证号码")
    holder_id_number = forms.CharField(label="持证人公民身份号码")
    town = forms.ChoiceField(label="新居住地乡镇（街道）")
    address = forms.CharField(label="新居住地址")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [(t.code, t.full_name) for t in towns_for(user)]


class ReplaceForm(CommandForm, OfficeForm):
    command_class = ReplaceCard

    kind = forms.ChoiceField(
        label="类别（第十五条）",
        widget=forms.RadioSelect,
        choices=[
            (PermitCard.Kind.REPLACEMENT, "换领（证件损坏，交回原证）"),
            (PermitCard.Kind.REISSUE, "补领（证件丢失）"),
        ],
    )
    old_card_returned = forms.BooleanField(label="原证已交回", required=False)


class CancelForm(CommandForm, OfficeForm):
    command_class = CancelRegistration

    reason = forms.CharField(label=CANCEL_REASON.label)


class PurposeForm(OfficeForm):
    purpose = forms.CharField(
        label="查看事由（记入审计日志）",
        max_length=200,
        widget=forms.TextInput(attrs={"list": "purposes", "autofocus": True}),
    )

    def clean_purpose(self):
        """The reading actions' own check, so that a purpose they would refuse never enters the session."""
        try:
            return text(self.cleaned_data["purpose"], "purpose", "查看事由", 200)
        except ActionError as refused:
            raise forms.ValidationError(refused.message) from None


class SearchForm(OfficeForm):
    SHORT_NAMES = {"q": "查询内容"}
    q = forms.CharField(label="公民身份号码、姓名、姓名拼音首字母或电话", max_length=64, min_length=2)


class CalendarYearForm(CommandForm, OfficeForm):
    """``EnterCalendarYear``: one day a line, ``日期 名称``."""

    command_class = EnterCalendarYear

    source = forms.CharField(label="依据（通知名称和文号）")
    holidays = forms.CharField(
        label="节假日（每行一个：日期 名称，如 2027-01-01 元旦）", widget=forms.Textarea(attrs={"rows": 10})
    )
    workdays = forms.CharField(
        label="调休工作日（每行一个：日期 名称）", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def command_data(self) -> dict:
        data = super().command_data()
        for name in ("holidays", "workdays"):
            data[name] = self.parse_lines(self.cleaned_data.get(name) or "")
        return data

    def form_field(self, loc) -> str | None:
        """A day's name is in its list's field."""
        return loc[0] if tuple(loc)[:1] in (("holidays",), ("workdays",)) else super().form_field(loc)

    @staticmethod
    def parse_lines(text: str) -> dict[str, str]:
        days = {}
        for line in (text or "").splitlines():
            parts = line.split(maxsplit=1)
            if parts:
                days[parts[0]] = parts[1] if len(parts) > 1 else ""
        return days
