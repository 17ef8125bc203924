"""The e-permit's writes that are not a card's own (those follow the registry's actions by
signals): rotating the signing key. Atomic and audited like the registry's actions."""

from __future__ import annotations

from django.db import transaction

from juzhu.audit.events import Event
from juzhu.audit.log import record
from juzhu.registry.verification import PublicUrlMissing

from . import keys, status
from .models import SigningKey


def rotate_key(*, acting_user=None) -> tuple[SigningKey, SigningKey | None]:
    """A new current key; the old one retired, its private half erased, its public half kept
    published while a card it signed is in use. Then every status list is re-signed with the
    new key (after the commit: the signing reads committed statuses, status.py)."""
    with transaction.atomic():
        new, old = keys.rotate()
        record(
            actor=acting_user,
            action=Event.KEY_ROTATE,
            purpose="更换电子居住证签名密钥",
            detail={"new": new.kid, "retired": old.kid if old else None},
        )
    try:
        status.sign_all()
    except PublicUrlMissing:
        pass  # no list can name its address yet; they are signed once it is set
    return new, old
