"""The signing keys: made on first use, rotated by ``juzhu permit keys rotate``, published as a JWK Set.

Private keys are kept in the database, sealed with AES-256-GCM under a key derived (HKDF-
SHA256) from ``SECRET_KEY``; the ``kid`` is the associated data, so a sealed key cannot be
moved to another row. A copy of the database alone cannot sign; a copy of the data folder
alone neither. Why this and not a file in the data folder: docs/security.md ("e-permit keys").

A retired key's private half is erased: nothing signs with it again. Its public half stays
in ``/.well-known/jwks.json`` while any card signed by it is not void (a permit has no end
date in the measure, so a card "expires" when it is replaced, reissued or cancelled).
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.conf import settings
from django.db import IntegrityError, transaction

from juzhu import clock

from . import jose
from .models import CardCredential, SigningKey
from .statuslist import Status

INFO = b"juzhu.credentials.signing-key.v1"


class KeyUnavailable(Exception):
    """The current key's private half cannot be opened (``SECRET_KEY`` changed without rotating)."""

    message = (
        "电子居住证签名私钥无法解密（系统密钥 SECRET_KEY 已更换）。"
        "请系统管理员执行 juzhu permit keys rotate 生成新的签名密钥后再打印。"
    )


def _wrapping_key(secret: str) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret.encode("utf-8"))
    return AESGCM(derived)


def seal(private: Ed25519PrivateKey, kid: str) -> str:
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    nonce = os.urandom(12)
    return jose.b64url(nonce + _wrapping_key(settings.SECRET_KEY).encrypt(nonce, raw, kid.encode("ascii")))


def unseal(sealed: str, kid: str) -> Ed25519PrivateKey:
    data = jose.b64url_decode(sealed)
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            raw = _wrapping_key(secret).decrypt(data[:12], data[12:], kid.encode("ascii"))
        except Exception:  # noqa: S112  InvalidTag under this secret: try the fallbacks
            continue
        return Ed25519PrivateKey.from_private_bytes(raw)
    raise KeyUnavailable(KeyUnavailable.message)


def _new_key() -> SigningKey:
    private = Ed25519PrivateKey.generate()
    jwk = jose.public_jwk(private.public_key())
    kid = jose.thumbprint_kid(jwk)
    return SigningKey(kid=kid, public_jwk=jwk, private_sealed=seal(private, kid), created_at=clock.now())


def current_key() -> SigningKey:
    """The key that signs now; the first one is made here when there is none (or after migrate)."""
    key = SigningKey.objects.filter(current=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return SigningKey.objects.create(**_fields(_new_key()))
    except IntegrityError:  # another process made the first key at the same moment: use theirs
        return SigningKey.objects.get(current=True)


def _fields(key: SigningKey) -> dict:
    return {f: getattr(key, f) for f in ("kid", "public_jwk", "private_sealed", "created_at")}


def signer() -> tuple[str, Ed25519PrivateKey]:
    key = current_key()
    return key.kid, unseal(key.private_sealed, key.kid)


def rotate() -> tuple[SigningKey, SigningKey | None]:
    """Retire the current key (erasing its private half) and make a new one; ``(new, old)``.

    Inside the caller's transaction; the old row is locked so two rotations at once make one
    new key each in turn, never two current keys."""
    old = SigningKey.objects.select_for_update().filter(current=True).first()
    if old is None:  # PostgreSQL skips a locked row retired meanwhile: read the committed successor
        old = SigningKey.objects.select_for_update().filter(current=True).first()
    if old is not None:
        old.current, old.retired_at, old.private_sealed = False, clock.now(), ""
        old.save(update_fields=["current", "retired_at", "private_sealed"])
    new = SigningKey.objects.create(**_fields(_new_key()))
    return new, old


def published() -> list[SigningKey]:
    """The current key and every retired key that signed a card not yet void, oldest first."""
    return [k for k in SigningKey.objects.order_by("created_at", "pk") if k.current or _signed_a_card_in_use(k.kid)]


def _signed_a_card_in_use(kid: str) -> bool:
    return CardCredential.objects.filter(kid=kid).exclude(status=Status.VOID).exists()


def jwks() -> dict:
    return {"keys": [{**k.public_jwk, "kid": k.kid, "alg": jose.ALG, "use": "sig"} for k in published()]}


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every key ever made: the online page also knows the keys no longer published, so a
    void card signed by one still says 已作废 there."""
    every = [{**k.public_jwk, "kid": k.kid} for k in SigningKey.objects.all()]
    return jose.key_set({"keys": every})
