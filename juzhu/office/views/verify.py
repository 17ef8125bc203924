"""Public check of a permit by the QR code on the card: valid, suspended or void — nothing more.

Anyone holding the card can scan it (the QR code carries a token, so numbers cannot
be enumerated) (a landlord, an employer, a hospital); they learn
whether the permit is in force today, its issuing organ and the holder's masked name,
and not the ID number, address or history (R-22). Every check is logged.

The token belongs to one card (R-13a): a card replaced (换领) or reissued (补领) says
已作废 from the day the new card was made, whatever the permit's state.

Two kinds of QR code lead here: the cards printed before the e-permit carry
``/verify/<number>?t=<HMAC token>`` (``verify``); the others carry the signed credential,
``/verify/c/<JWS>`` (``credential.verify_credential``), which then answers through ``answer``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from juzhu.audit.events import Event
from juzhu.audit.log import record_read
from juzhu.masks import mask_name
from juzhu.prepared import Prepared
from juzhu.registry.actions.common import rules_context
from juzhu.registry.actions.issuing import endorsement_decision
from juzhu.registry.context import remember, stamp_column
from juzhu.registry.models import Endorsement, Permit, PermitCard
from juzhu.registry.verification import card_matching

# The two reads of every check, compiled once per process (juzhu.prepared): the permit's cards
# with the permit and its issuing organ (by the unique number), and the permit's endorsement dates.
CARDS_OF_PERMIT = Prepared(
    lambda number: (
        PermitCard.objects.filter(permit__number=number)
        .select_related("permit__issuing_unit")
        .annotate(rules_stamp=stamp_column())
    ),  # the rules version with the row: one round trip fewer
    number=str,
)
ENDORSEMENT_DATES = Prepared(
    lambda permit_id: Endorsement.objects.filter(permit_id=permit_id).order_by("date").values_list("date"),
    permit_id=int,
)


def cards_of_permit(number: str) -> list[PermitCard]:
    """The permit's cards (each with the permit and its organ); the rules version read with them
    becomes the request's (``context.remember``)."""
    cards = CARDS_OF_PERMIT.objects(number=number)
    if cards:
        remember(cards[0].rules_stamp)  # annotated by CARDS_OF_PERMIT
    return cards


def verify(request, number: str):
    card = card_matching(cards_of_permit(number), number, request.GET.get("t", ""))
    permit = card.permit if card is not None else None  # a wrong token looks like an unknown number
    return answer(request, number, permit, card)


def answer(request, number: str, permit, card, **extra):
    """The page for ``card`` of ``permit`` (404 when either is None); ``extra`` joins the context
    (the credential page's signature check) and the audit entry's detail names how it came."""
    if card is None:  # a wrong token looks like an unknown number
        permit = None
    context = {"number": number, "found": permit is not None, **extra}
    if permit is not None:
        today = rules_context().today
        history = [date for (date,) in ENDORSEMENT_DATES.rows(permit_id=permit.pk)]
        decision = endorsement_decision(permit, history, today)
        card_void = card.status == PermitCard.Status.VOID
        state = "void" if card_void or permit.status == Permit.Status.VOID else decision.outcome
        context.update(
            state=state,
            holder=mask_name(permit.holder_name),
            organ=permit.issuing_unit.name,
            issued=permit.issue_date,
            today=today,
            decision=decision,
            card=card,
            card_void=card_void,
            void_reason=card.void_reason if card_void else permit.void_reason,
        )
        detail = {"ip": request.META.get("REMOTE_ADDR", ""), "state": state, "card": card.version}
        if "verdict" in extra:
            detail["kid"] = extra["verdict"].kid
        # One INSERT, atomic by itself: no BEGIN/COMMIT around it (two round trips fewer per check).
        record_read(
            actor=request.user if request.user.is_authenticated else None,
            action=Event.PERMIT_VERIFY,
            obj=permit,
            person_id=permit.person_id,
            purpose="扫码核验居住证",
            detail=detail,
        )
    return page(context, status=200 if permit else 404)


def page(context: dict, status: int) -> HttpResponse:
    """The public page, rendered without the request: it shows nothing of a signed-in user, so
    no context processor runs (they were a fifth of the page's cost; benchmarks/README.md)."""
    return HttpResponse(render_to_string("office/verify.html", context), status=status)
