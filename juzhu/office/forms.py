"""The office's forms: labels, widgets and layout in Chinese, one form per action; each cleans
into the action's command (``juzhu.registry.commands.forms``), whose limits and checks they are."""

from __future__ import annotations

from django import forms

from juzhu.registry.actions.checks import clean_text
from juzhu.registry.actions.common import rules_context
from juzhu.registry.commands import (
    CancelRegistration,
    ChangeAddress,
    DecideApplication,
    EnterCalendarYear,
    ExtendIssuance,
    ReceiveApplication,
    ReplaceCard,
    SupplementMaterials,
)
from juzhu.registry.commands.forms import CommandForm, field_at, max_length
from juzhu.registry.errors import ActionError
from juzhu.registry.models import PermitApplication, PermitCard
from juzhu.registry.text_rules import CANCEL_REASON, REFUSAL_REASONS
from juzhu.rules.determinations.permit import Material

from .form_base import DATE, OfficeForm
from .places import towns_for
from .registration_form import RegistrationForm  # noqa: F401  (the views import every form from here)


def material_catalogue() -> list[Material]:
    """The materials an application records, today (parameter ``permit.materials``, Art 11)."""
    from juzhu.rules.determinations.permit import material_catalogue as catalogue

    ctx = rules_context()
    return catalogue(ctx, ctx.today)


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
            return clean_text(self.cleaned_data["purpose"], "purpose", "查看事由", 200)
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
