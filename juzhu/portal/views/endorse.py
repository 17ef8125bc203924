"""Endorsing the permit online (Art 13, R-11, R-11a, R-11b): for each of her permits, what the
rules say today (``juzhu.residents.endorsing.standing``; no date is computed here) and, inside
the window or late, the form where she confirms she still lives at the registered address."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from juzhu import clock
from juzhu.registry.models import Permit
from juzhu.residents import reads
from juzhu.residents.actions import submit_endorsement
from juzhu.residents.endorsing import Standing, standing
from juzhu.residents.models import ResidentRequest

from ..forms import EndorsementForm
from ..session import resident_required
from .common import run


@dataclass
class Card:
    permit: Permit
    standing: Standing
    latest: ResidentRequest | None  # her latest online endorsement request for this permit
    form: EndorsementForm | None

    @property
    def pending(self) -> bool:
        return self.latest is not None and self.latest.status == ResidentRequest.Status.SUBMITTED


@resident_required
def endorse(request: HttpRequest) -> HttpResponse:
    account = request.resident
    reads.log_own_read(account, "查看本人居住证签注")
    today = clock.today()
    posted = EndorsementForm(request.POST) if request.method == "POST" else None
    if posted is not None and posted.is_valid() and posted.command is not None:
        command = posted.command
        submitted = run(posted, lambda: submit_endorsement(account_id=account.pk, data=command))
        if submitted is not None:
            messages.success(request, f"签注申请已提交，编号 {submitted.number}。请等待派出所确认。")
            return redirect("portal:endorse")
    latest: dict[int, ResidentRequest] = {}
    for item in reads.requests(account):  # newest first
        if item.kind == ResidentRequest.Kind.ENDORSEMENT:
            latest.setdefault(item.data.get("permit"), item)
    cards, shown = [], False
    for permit in reads.permits(account):
        found = standing(permit, today)
        mine = latest.get(permit.pk)
        form = None
        if found.can_submit and not (mine and mine.status == ResidentRequest.Status.SUBMITTED):
            if posted is not None and posted.data.get("permit") == str(permit.pk):
                form, shown = posted, True
            else:
                initial = {"permit": permit.pk, "address": permit.residence_address}
                form = EndorsementForm(initial=initial, auto_id=f"e{permit.pk}_%s")
        cards.append(Card(permit, found, mine, form))
    # A refusal for a permit without a form (outside the window, already asked): shown on top.
    errors = [] if posted is None or shown else [e for field in posted.errors.values() for e in field]
    status = 400 if posted is not None else 200
    return render(request, "portal/endorse.html", {"account": account, "cards": cards, "errors": errors}, status=status)
