"""The resident's electronic permit (issue 10): her current card's signed credential as a QR code.

The QR code holds exactly what the printed card's holds (``credential_url``: the verification
page with the card's JWS), so a landlord, an employer or a hospital scans her phone as they
would scan the card, and an offline verifier checks the signature and the status list without
the server. It is the credential of the card in use (R-13a): once a replacement or reissue is
made, the page shows the new card's, and the old one verifies as void.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from juzhu.credentials.issue import credential_url
from juzhu.credentials.verifier import token_of
from juzhu.documents.render import current_card, qr_svg
from juzhu.masks import mask_name
from juzhu.registry.context import rules_context
from juzhu.registry.models import Permit
from juzhu.registry.verification import PublicUrlMissing
from juzhu.residents import reads
from juzhu.rules.determinations.endorsement import window_end

from ..session import resident_required


@require_GET
@resident_required
def epermit(request: HttpRequest, pk: int) -> HttpResponse:
    """One of her own permits (anyone else's answers 404 exactly like a missing one)."""
    account = request.resident
    permit = (
        Permit.objects.filter(pk=pk, person_id=account.person_id).select_related("issuing_unit").first()
        if account.person_id is not None
        else None
    )
    if permit is None:
        raise Http404("没有这张居住证")
    reads.log_own_read(account, "查看本人电子居住证")
    card = current_card(permit) if permit.status != Permit.Status.VOID else None
    context = {"permit": permit, "card": card, "holder": mask_name(permit.holder_name)}
    if card is not None:
        try:
            url = credential_url(card)  # signs the card's credential if it has none yet (audited)
        except PublicUrlMissing:  # no https address a phone could open: no code is shown
            context["unavailable"] = True
        else:
            context.update(
                qr=qr_svg(url),
                # The same page on this server (the code's own address may be another host's).
                verify_here=reverse("verify_credential", args=[token_of(url)]),
                valid_until=window_end(rules_context(), permit.next_anniversary).date,
            )
    return render(request, "portal/epermit.html", context)
