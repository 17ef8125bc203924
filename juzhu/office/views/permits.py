"""An issued permit: hand-out, endorsement, replacement and reissue; address change (Art 13-15)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse

from juzhu.audit.events import Event
from juzhu.registry.actions import change_address, endorse_permit, hand_out_card, replace_card
from juzhu.registry.actions.common import rules_context
from juzhu.registry.actions.issuing import endorsement_decision
from juzhu.registry.models import Permit, PermitCard
from juzhu.registry.verification import PublicUrlMissing, public_base_url

from ..forms import AddressChangeForm, ReplaceForm
from .common import PURPOSE_KEY, ask_confirmation, ask_purpose, confirmed, done, run_action
from .records import scoped_record

HAND_OUT_CONSEQUENCE = (
    "请先核对领证人即持证人本人（查验身份证件、比对相片）。发放后记录为持证人已领取，不能撤销；"
    "此后遗失只能办理补领（第十五条）。"
)
LATE_ENDORSEMENT_CONSEQUENCE = (
    "该居住证因逾期未签注，使用功能已中止。今日补办签注后使用功能恢复，"
    "但连续居住年限自今日起重新计算，此前已满的年限不再累计（第十三条第三款）。"
)


@login_required
def detail(request, permit_id: int):
    permit, purpose = scoped_record(request, Permit, permit_id, Event.PERMIT_VIEW)
    if purpose is None:
        return ask_purpose(request, permit.person_id)
    action_form = django_forms.Form(request.POST or None)
    replace = ReplaceForm(request.POST if request.POST.get("step") == "replace" else None, prefix="r")
    if request.method == "POST":
        result = _post(request, permit, request.POST.get("step"), action_form, replace)
        if result is not None:
            return result
    today = rules_context().today
    status = _endorsement_status(permit, today)
    return render(
        request,
        "office/permit.html",
        {
            "permit": permit,
            "cards": permit.cards.order_by("version"),
            "status": status,
            "endorsements": permit.endorsements.order_by("date"),
            "action_form": action_form,
            "replace": replace,
            "today": today,
            "card_print_problem": _card_print_problem(),
        },
    )


def _card_print_problem() -> str:
    """Why the card cannot be printed here (no https address for its QR code), or ""."""
    try:
        public_base_url()
    except PublicUrlMissing as missing:
        return missing.message
    return ""


def _endorsement_status(permit, today):
    """The rules' reading of the endorsement history today (suspended even before the daily job ran)."""
    history = list(permit.endorsements.order_by("date").values_list("date", flat=True))
    return endorsement_decision(permit, history, today)


def _post(request, permit, step, action_form, replace):
    user = request.user
    if step == "hand_out":
        card = permit.cards.filter(status=PermitCard.Status.PRODUCED).order_by("-version").first()
        if card and not confirmed(request):
            return ask_confirmation(
                request, title=f"发放第{card.version}版居住证", button="确认发放", consequence=HAND_OUT_CONSEQUENCE
            )
        if card and run_action(request, action_form, lambda: hand_out_card(acting_user=user, card_id=card.pk)):
            return done(request, f"居住证（第{card.version}版）已发放给持证人。", reverse("permit", args=[permit.pk]))
    elif step == "endorse":
        late = _endorsement_status(permit, rules_context().today).outcome == "suspended"
        if late and not confirmed(request):
            return ask_confirmation(
                request, title="补办签注", button="确认补办签注", consequence=LATE_ENDORSEMENT_CONSEQUENCE
            )
        endorsement = run_action(request, action_form, lambda: endorse_permit(acting_user=user, permit_id=permit.pk))
        if endorsement:
            note = (
                "补办签注：居住证使用功能已恢复，居住年限自今日起连续计算（第十三条第三款）。"
                if endorsement.late
                else "签注完成。"
            )
            return done(request, note, reverse("permit", args=[permit.pk]))
    elif step == "replace" and replace.is_valid():
        card = run_action(
            request,
            replace,
            lambda: replace_card(acting_user=user, permit_id=permit.pk, **replace.command.arguments()),
        )
        if card:
            return done(
                request,
                f"已受理{card.get_kind_display()}，新证为第{card.version}版，免收费用。",
                reverse("permit", args=[permit.pk]),
            )
    return None


@login_required
@permission_required("registry.change_address", raise_exception=True)
def address_change(request):
    form = AddressChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        change = run_action(request, form, lambda: change_address(acting_user=request.user, **form.command.arguments()))
        if change:
            request.session[PURPOSE_KEY.format(change.person_id)] = "办理居住地址变更"
            return done(request, "居住地址已变更。", reverse("permit", args=[change.permit_id]))
    return render(request, "office/address_change.html", {"form": form})
