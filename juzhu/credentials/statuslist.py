"""The status list of the IETF OAuth Token Status List draft, 2 bits per card (no Django).

A card's credential names a list and an index in it; the list, a JWT of type
``statuslist+jwt`` signed with the same keys, holds each card's status in two bits:
``0`` valid, ``1`` void (replaced, reissued or cancelled: R-13a, Art 15), ``2`` suspended
(not endorsed in time: Art 13). The bits are packed least significant first (the card of
index 0 in the two lowest bits of the first byte), DEFLATE-compressed in the ZLIB format and
base64url-encoded, as the draft says. A verifier that downloaded the list sees void and
suspended cards offline.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from .jose import Malformed, b64url, b64url_decode

BITS = 2
PER_BYTE = 8 // BITS
TYP = "statuslist+jwt"
MAX_ENTRIES = 1 << 24  # a decompressed list of more entries is refused (a decompression bomb)

# The lists juzhu makes (juzhu.credentials.status; the benchmark simulates the same):
LIST_SIZE = 1 << 20  # entries per list: 256 KiB unpacked, ~1M cards
DRAWS = 16  # random indices looked up at once (one query) for a new card
ROUNDS = 4  # rounds of draws that all find taken places before the next list opens (~85 % full)
TTL = 300  # seconds a verifier may cache a list (the draft's ``ttl``; Cache-Control max-age)
LIFETIME = 86_400  # ``exp`` - ``iat``: a verifier refuses a list older than a day


class Status(IntEnum):
    VALID = 0
    VOID = 1
    SUSPENDED = 2


def pack(size: int, statuses: Iterable[tuple[int, int]]) -> bytes:
    """``size`` entries, all valid except the ``(index, status)`` pairs given."""
    data = bytearray((size + PER_BYTE - 1) // PER_BYTE)
    for index, status in statuses:
        shift = (index % PER_BYTE) * BITS
        byte = index // PER_BYTE
        data[byte] = (data[byte] & ~(0b11 << shift)) | (status << shift)
    return bytes(data)


def encode(packed: bytes) -> str:
    """The ``lst`` value: ZLIB-compressed (level 9) and base64url-encoded."""
    return b64url(zlib.compress(packed, 9))


def decode(lst: str) -> bytes:
    """The packed bytes of an ``lst`` value; a list that inflates past ``MAX_ENTRIES`` is refused."""
    inflater = zlib.decompressobj()
    limit = MAX_ENTRIES // PER_BYTE
    try:
        data = inflater.decompress(b64url_decode(lst), limit)
    except zlib.error as exc:
        raise Malformed("status list compression") from exc
    if inflater.unconsumed_tail or not inflater.eof:
        raise Malformed("status list too large or truncated")
    return data


def status_at(packed: bytes, index: int) -> int:
    """The two bits of entry ``index``; ``IndexError`` past the end of the list."""
    if index < 0:
        raise IndexError(index)
    return (packed[index // PER_BYTE] >> ((index % PER_BYTE) * BITS)) & 0b11


def claims(uri: str, lst: str, issued_at: int, lifetime: int, ttl: int) -> dict[str, Any]:
    """The status list token's payload: ``sub`` is the list's own URL (the draft's rule)."""
    return {
        "sub": uri,
        "iat": issued_at,
        "exp": issued_at + lifetime,
        "ttl": ttl,
        "status_list": {"bits": BITS, "lst": lst},
    }


@dataclass(frozen=True)
class ReadList:
    """A verified status list: its URL, when it was signed, and its packed entries."""

    uri: str
    issued_at: int
    expires_at: int
    packed: bytes

    def status(self, index: int) -> int:
        return status_at(self.packed, index)


def read_claims(payload: dict[str, Any]) -> ReadList:
    """The list in a verified token's payload, its fields checked."""
    body = payload.get("status_list")
    uri, iat, exp = payload.get("sub"), payload.get("iat"), payload.get("exp")
    if not isinstance(body, dict) or body.get("bits") != BITS or not isinstance(body.get("lst"), str):
        raise Malformed("status_list")
    if not isinstance(uri, str) or not _number(iat) or not (exp is None or _number(exp)):
        raise Malformed("status list claims")
    return ReadList(uri, int(iat), int(exp) if exp is not None else int(iat) + 86_400, decode(body["lst"]))


def _number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
