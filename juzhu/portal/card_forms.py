"""The permit holder's forms (issue 10: address change, lost card, reissue, replacement): each
cleans into its action's command (``juzhu.residents.commands``); the permit is chosen among her
own permits that are not void, by number."""

from __future__ import annotations

from django import forms

from juzhu.registry.commands.forms import CommandForm
from juzhu.registry.models import Permit
from juzhu.residents.commands import AddressChangeData, CardRequestData, LostCardData
from juzhu.residents.models import ResidentRequest

from .forms import PortalForm, town_choices


def permit_choices(permits: list[Permit]) -> list[tuple[str, str]]:
    usable = [p for p in permits if p.status != Permit.Status.VOID]
    return [(p.number, f"{p.number}（{p.get_status_display()}）") for p in usable]


class HolderForm(CommandForm, PortalForm):
    """The permit field (a select of hers; whether it is hers is the action's answer)."""

    permit = forms.CharField(label="居住证", widget=forms.Select)

    def __init__(self, *args, permits: list[Permit], **kwargs):
        super().__init__(*args, **kwargs)
        choices = permit_choices(permits)
        self.fields["permit"].widget.choices = choices if len(choices) == 1 else [("", "请选择"), *choices]


class AddressChangeForm(HolderForm):
    command_class = AddressChangeData

    town = forms.CharField(
        label="新居住地乡镇（街道）", widget=forms.Select, help_text="须在居住证发证地的县（市、区）范围内（第十四条）"
    )
    address = forms.CharField(label="新居住地址（路、门牌号、楼栋、房号）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].widget.choices = town_choices()


class LostCardForm(HolderForm):
    command_class = LostCardData

    reissue = forms.BooleanField(label="同时申请补领新证（免收工本费）", required=False, initial=True)


class CardRequestForm(HolderForm):
    command_class = CardRequestData

    kind = forms.ChoiceField(
        label="事项",
        widget=forms.RadioSelect,
        choices=[
            (ResidentRequest.Kind.CARD_REPLACEMENT, "换领：证件损坏，到派出所交回原证后制作新证"),
            (ResidentRequest.Kind.CARD_REISSUE, "补领：证件丢失且已挂失"),
        ],
    )
