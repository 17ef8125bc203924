"""A lost card is reported by its holder and is void at once (Art 15, R-13a; issue 10).

Art 15 lets the holder of a lost card ask for a reissue (补领); R-13a makes a card that is
no longer the holder's verify as void. A card that is lost is in a stranger's hands from the
moment it is lost, so its credential must say 已作废 from the moment the holder says so, not
only when the station has made the new card: this action voids it, in its own transaction,
before any clerk sees the reissue request. The card is saved with ``save()``, so the
credentials' ``post_save`` hook (juzhu/credentials/signals.py) marks its status list entry
void in the same transaction, and ``/verify/…`` answers 已作废 as soon as it commits.

The reporter is the holder herself, signed in to the portal (the residents' ``AsResident``,
passed in as ``reporter``: the registry does not import the layer above it). She has no staff
permission and no jurisdiction; what stands in their place is that the permit is hers: it is
looked up among the permits of ``person_id``, the person her account is bound to, never by an
id alone. ``replace_card(kind="reissue")`` later makes the new card; it finds no card to void.
"""

from __future__ import annotations

from typing import Protocol

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event

from ..events import emit
from ..events.payloads import CardReportedLost
from ..models import Permit, PermitCard
from .common import ActionError, NotFound, one_moment

LOST = "持证人挂失（丢失），原证即时作废"  # the card's void reason, shown on the verification page


class Reporter(Protocol):
    """Who reports: the audit log's actor (a resident account has a username, no staff id)."""

    @property
    def username(self) -> str: ...


@one_moment
def report_card_lost(*, reporter: Reporter, person_id: int, permit_number: str) -> PermitCard:
    """Void the card in use of the holder's permit ``permit_number`` at once; return that card.

    Refused (nothing written): a permit not hers (404, as if absent), a void permit, a card
    already reported lost or otherwise void, a card not yet handed out (she never held it).
    """
    moment = clock.now()
    with transaction.atomic():
        permit = (
            Permit.objects.select_for_update(of=("self",))
            .filter(person_id=person_id, number=(permit_number or "").strip())
            .select_related("person")
            .first()
        )
        if permit is None:
            raise NotFound("居住证")
        if permit.status == Permit.Status.VOID:
            raise ActionError("该居住证已作废，无需挂失", field="permit", status=409)
        cards: list[PermitCard] = list(permit.cards.select_for_update().order_by("version"))
        in_use = next((card for card in reversed(cards) if card.status != PermitCard.Status.VOID), None)
        if in_use is None:
            newest = cards[-1] if cards else None
            said = "已挂失作废" if newest is not None and newest.void_reason == LOST else "已作废"
            raise ActionError(f"该居住证的卡片{said}，不能重复挂失；如需新证请申请补领", field="permit", status=409)
        if in_use.status == PermitCard.Status.PRODUCED:
            raise ActionError(
                f"第{in_use.version}版居住证已制作、尚未领取，您未持有该证，无需挂失；请到派出所领取",
                field="permit",
                status=409,
            )
        in_use.move_to(str(PermitCard.Status.VOID))  # str(): typed without django-stubs too
        in_use.voided_on = moment.date()
        in_use.void_reason = LOST
        in_use.save()  # post_save: the status list entry turns void in this transaction
        emit(
            Event.CARD_REPORT_LOST,
            actor=reporter,
            subject=in_use,
            person=permit.person,
            purpose="居住证挂失",
            moment=moment,
            payload=CardReportedLost(permit=permit.number, version=in_use.version),
        )
    return in_use


def card_lost(card: PermitCard) -> bool:
    """Whether ``card`` was voided by its holder's report of loss (this action)."""
    return bool(card.status == PermitCard.Status.VOID and card.void_reason == LOST)
