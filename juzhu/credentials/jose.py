"""Compact JWS with EdDSA (Ed25519) only: RFC 7515, RFC 8037, RFC 7638 (no Django, no clock).

Written on ``cryptography`` directly rather than through a JOSE library: juzhu signs and
accepts exactly one algorithm, so the whole surface is the few functions below, every
input is checked before it is trusted (length, alphabet, JSON object, ``alg``), and an
offline verifier runs with no other dependency. Anything else raises ``Malformed``.

The ``alg`` header is fixed to ``EdDSA`` and the key is chosen by ``kid`` from the keys the
caller supplies, never from the token (no ``jwk``/``jku`` header, no "none" algorithm).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALG = "EdDSA"
MAX_TOKEN = 4096  # a card's credential is ~500 characters; a status list is read by parse_large
SIGNATURE_BYTES = 64
_B64URL = re.compile(r"[A-Za-z0-9_-]*")


class Malformed(ValueError):
    """Not a compact JWS this system could have made (truncated, altered, another algorithm)."""


class UnknownKey(LookupError):
    """Signed with a ``kid`` that is not among the published keys."""

    def __init__(self, kid: str):
        super().__init__(kid)
        self.kid = kid


class BadSignature(ValueError):
    """The signature does not match the content under the key its ``kid`` names."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise Malformed("base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise Malformed("base64url") from exc
    if b64url(data) != text:  # unused trailing bits set: the same bytes under another spelling
        raise Malformed("base64url")
    return data


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(header: dict[str, Any], payload: dict[str, Any], key: Ed25519PrivateKey) -> str:
    """``header`` (``alg`` is set here) and ``payload`` as a compact JWS signed by ``key``."""
    signing_input = f"{b64url(_json({'alg': ALG, **header}))}.{b64url(_json(payload))}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')))}"


@dataclass(frozen=True)
class Parsed:
    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes

    @property
    def kid(self) -> str:
        return self.header["kid"]


def _object(part: str) -> dict[str, Any]:
    try:
        value = json.loads(b64url_decode(part).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise Malformed("json") from exc
    if not isinstance(value, dict):
        raise Malformed("json object")
    return value


def parse(token: str, limit: int = MAX_TOKEN) -> Parsed:
    """The parts of a compact JWS, checked for shape (not yet for the signature)."""
    if not isinstance(token, str) or len(token) > limit or token.count(".") != 2:
        raise Malformed("shape")
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = _object(header_b64)
    if header.get("alg") != ALG or not isinstance(header.get("kid"), str) or "crit" in header:
        raise Malformed("header")
    signature = b64url_decode(signature_b64)
    if len(signature) != SIGNATURE_BYTES:
        raise Malformed("signature length")
    payload = _object(payload_b64)
    return Parsed(header, payload, f"{header_b64}.{payload_b64}".encode("ascii"), signature)


def verify(parsed: Parsed, keys: dict[str, Ed25519PublicKey]) -> None:
    """Raise ``UnknownKey`` or ``BadSignature`` unless ``parsed`` is signed by ``keys[kid]``."""
    key = keys.get(parsed.kid)
    if key is None:
        raise UnknownKey(parsed.kid)
    try:
        key.verify(parsed.signature, parsed.signing_input)
    except InvalidSignature as exc:
        raise BadSignature(parsed.kid) from exc


# -- keys as JWK (RFC 8037) -------------------------------------------------------------------


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}


def thumbprint_kid(jwk: dict[str, str]) -> str:
    """The first 8 characters of the RFC 7638 thumbprint: short in the QR code, stable per key."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode("ascii")).digest())[:8]


def key_set(jwks: Any) -> dict[str, Ed25519PublicKey]:
    """``kid`` → public key of a JWK Set; entries that are not Ed25519 public keys are skipped."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise Malformed("jwks")
    found: dict[str, Ed25519PublicKey] = {}
    for jwk in jwks["keys"]:
        if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            continue
        kid, x = jwk.get("kid"), jwk.get("x")
        if not isinstance(kid, str) or not isinstance(x, str):
            continue
        try:
            found[kid] = Ed25519PublicKey.from_public_bytes(b64url_decode(x))
        except (Malformed, ValueError):
            continue
    return found
