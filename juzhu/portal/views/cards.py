"""The permit holder's pages (issue 10): address change (Art 14), lost card (void at once, R-13a)
with reissue, replacement of a damaged card (Art 15); free of charge (Art 16).

Her permits and requests are looked up among her own (the account's bound person); the permit
she picks is named by its number, which the action looks up among hers again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from juzhu.registry.actions.lost_cards import card_lost
from juzhu.registry.models import Permit, PermitCard
from juzhu.residents import reads
from juzhu.residents.actions import OtherCounty, report_lost_card, submit_address_change, submit_card_request
from juzhu.residents.models import ResidentAccount, ResidentRequest

from ..card_forms import AddressChangeForm, CardRequestForm, LostCardForm
from ..session import resident_required
from .common import run

Kind = ResidentRequest.Kind
KINDS = (Kind.ADDRESS_CHANGE, Kind.CARD_REISSUE, Kind.CARD_REPLACEMENT)


@dataclass
class PermitCards:
    """One permit with its cards, as she sees them: which is in use, which is lost, which is new."""

    permit: Permit
    cards: list[PermitCard]
    reissue_asked: bool = False  # a reissue waits at the station or was made: no hint to ask for one

    @property
    def in_use(self) -> PermitCard | None:
        return next((c for c in reversed(self.cards) if c.status != PermitCard.Status.VOID), None)

    @property
    def lost(self) -> bool:
        return self.in_use is None and bool(self.cards) and card_lost(self.cards[-1])


@dataclass
class Progress:
    """A request of hers with what she should do next ("new card ready to collect at …")."""

    request: ResidentRequest
    next_step: str


def _own(account: ResidentAccount) -> tuple[list[Permit], list[PermitCards], list[Progress]]:
    permits = reads.permits(account)
    cards = {p.pk: list(p.cards.order_by("version")) for p in permits}
    requests = [r for r in reads.requests(account) if r.kind in KINDS]
    asked = {
        r.data.get("permit")
        for r in requests
        if r.kind == Kind.CARD_REISSUE and r.status != ResidentRequest.Status.RETURNED
    }
    shown = [PermitCards(p, cards[p.pk], p.number in asked) for p in permits]
    progress = [Progress(r, _next_step(r, permits, cards)) for r in requests]
    return permits, shown, progress


def _next_step(request: ResidentRequest, permits: list[Permit], cards: dict[int, list[PermitCard]]) -> str:
    if request.status == ResidentRequest.Status.RETURNED:
        return f"退回原因：{request.return_reason}。您可以重新申请。"
    if request.kind == Kind.ADDRESS_CHANGE:
        if request.status == ResidentRequest.Status.CONFIRMED:
            return "地址变更已办理。"
        return f"待{request.town.name}所属派出所确认（新居住地派出所，第十四条）。"
    if request.status == ResidentRequest.Status.SUBMITTED:
        back = (
            "请携带原证到派出所交回，确认后制作新证；新证制作前原证仍有效。"
            if request.kind == Kind.CARD_REPLACEMENT
            else ""
        )
        return f"待{request.town.name}所属派出所确认。{back}免收工本费。"
    permit = next((p for p in permits if p.number == request.data.get("permit")), None)
    version = request.data.get("new_version")
    card = next((c for c in cards.get(permit.pk, []) if c.version == version), None) if permit else None
    unit = request.data.get("unit", "派出所")
    if card is not None and card.status == PermitCard.Status.HANDED_OUT:
        return f"第{version}版新证已于 {card.handed_out_on:%Y-%m-%d} 领取。"
    return f"第{version}版新证已制作，请携带身份证到{unit}领取。"


@resident_required
def permit_services(request: HttpRequest) -> HttpResponse:
    account = request.resident
    reads.log_own_read(account, "查看本人居住证业务")
    _permits, shown, progress = _own(account)
    return render(request, "portal/cards.html", {"account": account, "permits": shown, "progress": progress})


@resident_required
def address_change(request: HttpRequest) -> HttpResponse:
    account = request.resident
    permits = reads.permits(account)
    form = AddressChangeForm(request.POST or None, permits=permits)
    other_county = False
    if request.method == "POST" and form.is_valid() and form.command is not None:
        command = form.command
        try:
            item = run(form, lambda: submit_address_change(account_id=account.pk, data=command))
        except OtherCounty as refused:  # R-06a: a new declaration, linked from the page
            form.add_error("town", refused.message)
            item, other_county = None, True
        if item is not None:
            messages.success(request, f"地址变更申请已提交，编号 {item.number}。请等待新居住地派出所确认。")
            return redirect("portal:permit_services")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "has_permit": bool(permits), "other_county": other_county}
    return render(request, "portal/address_change.html", context, status=status)


@resident_required
def lost_card(request: HttpRequest) -> HttpResponse:
    """Two steps: the choice, then "this cannot be undone"; only the second writes."""
    account = request.resident
    permits = reads.permits(account)
    form = LostCardForm(request.POST or None, permits=permits)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid() and form.command is not None:
        command = form.command
        if request.POST.get("step") != "confirm":
            return render(request, "portal/lost_confirm.html", {"form": form, "command": command})
        reissue = run(form, lambda: report_lost_card(account_id=account.pk, data=command))
        if not form.errors:
            text = "居住证已挂失，原证即时作废。"
            if reissue is not None:
                text += f"补领申请已提交，编号 {reissue.number}，请等待派出所确认。"
            messages.success(request, text)
            return redirect("portal:permit_services")
    return render(request, "portal/lost_card.html", {"form": form, "has_permit": bool(permits)}, status=status)


@resident_required
def card_request(request: HttpRequest) -> HttpResponse:
    account = request.resident
    permits = reads.permits(account)
    form = CardRequestForm(request.POST or None, permits=permits)
    if request.method == "POST" and form.is_valid() and form.command is not None:
        command, kind = form.command, form.cleaned_data["kind"]
        item = run(form, lambda: submit_card_request(account_id=account.pk, kind=kind, data=command))
        if item is not None:
            messages.success(request, f"{item.get_kind_display()}申请已提交，编号 {item.number}。")
            return redirect("portal:permit_services")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "has_permit": bool(permits), "lost_url": reverse("portal:lost_card")}
    return render(request, "portal/card_request.html", context, status=status)
