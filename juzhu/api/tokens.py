"""Per-user API tokens: the key is shown once; only its SHA-256 and first 8 characters are kept."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from juzhu.audit.events import Event
from juzhu.audit.log import record
from juzhu.org.events import ApiTokenCreated, ApiTokenRevoked
from juzhu.org.models import ApiToken


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(user, name: str) -> str:
    """Create a token for ``user`` and return its key (the only time it is available)."""
    # Hex, not url-safe base64: a base64 key may start with "-", and its prefix
    # would then read as an option to `juzhu token revoke PREFIX`.
    key = secrets.token_hex(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name.strip()[:64], key_hash=hash_key(key), prefix=key[:8])
        record(
            actor=user,
            action=Event.API_TOKEN_CREATE,
            obj=token,
            detail=ApiTokenCreated(token.name, token.prefix).detail(),
        )
    return key


def revoke_token(prefix: str, *, actor=None) -> int:
    """Revoke every live token whose key starts with ``prefix``; returns how many."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(prefix=prefix, revoked=False))
        for token in tokens:
            ApiToken.objects.filter(pk=token.pk).update(revoked=True)
            record(actor=actor, action=Event.API_TOKEN_REVOKE, obj=token, detail=ApiTokenRevoked(prefix).detail())
    return len(tokens)
