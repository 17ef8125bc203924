"""The card's signed credential and the URL its QR code carries (issue 10, R-13a).

The credential is signed when the card is first printed and kept: a reprint of the same
card shows the same code, and the key that signed it stays published while the card is
in use (keys.py). The URL is absolute and https (``JUZHU_PUBLIC_URL``, checked first), so a
phone camera opens the verification page; an offline verifier reads the JWS in its last
path segment.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.audit.log import record
from juzhu.masks import mask_name
from juzhu.registry.actions.common import rules_context
from juzhu.registry.models import PermitCard
from juzhu.registry.verification import public_base_url
from juzhu.rules.determinations.endorsement import window_end

from . import jose, keys, status
from .claims import Credential
from .models import CardCredential


def credential_of(card: PermitCard, entry: CardCredential) -> Credential:
    permit = card.permit
    return Credential(
        permit_number=permit.number,
        card_version=card.version,
        masked_name=mask_name(permit.holder_name),
        issue_date=permit.issue_date,
        issuing_organ=permit.issuing_unit.name,
        # The end of the current endorsement window (R-11, R-11a); see claims.py, ``vu``.
        valid_until=window_end(rules_context(), permit.next_anniversary).date,
        status_index=entry.index,
        status_uri=status.list_uri(entry.status_list_id),
    )


def _entry(card: PermitCard) -> CardCredential:
    entry = CardCredential.objects.select_for_update().filter(card=card).first()
    if entry is not None:
        return entry
    try:
        with transaction.atomic():
            return status.allocate(card, status.status_of(card.status, card.permit.status))
    except IntegrityError:  # the same card's first print, at the same moment elsewhere
        return CardCredential.objects.select_for_update().get(card=card)


def sign_card(card: PermitCard) -> CardCredential:
    """The card's credential, signed now if it has none (audited as ``card.credential``)."""
    public_base_url()  # no credential names a list at an address a phone cannot open
    with transaction.atomic():
        entry = _entry(card)
        if entry.token:
            return entry
        kid, key = keys.signer()
        credential = credential_of(card, entry)
        entry.token, entry.kid, entry.signed_at = jose.sign({"kid": kid}, credential.claims(), key), kid, clock.now()
        entry.save(update_fields=["token", "kid", "signed_at"])
        record(
            actor=None,
            action=Event.CARD_CREDENTIAL,
            obj=card,
            person_id=card.person_id,
            purpose="签署卡面电子凭证",
            detail={"version": card.version, "kid": kid, "list": entry.status_list_id, "index": entry.index},
        )
    return entry


def credential_url(card: PermitCard) -> str:
    """What the card's QR code holds: ``https://…/verify/c/<JWS>``."""
    base = public_base_url()
    return base + reverse("verify_credential", args=[sign_card(card).token])
