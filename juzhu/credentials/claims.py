"""What a card's signed credential says, and the check of each claim (no Django).

Short claim names keep the QR code small (the whole URL is ~500 characters, a version 17
code at error level M on a 85.6 × 54 mm card):

- ``pn``  permit number (居住证号码)
- ``cv``  card version: 1 the original, then each replacement or reissue (R-13a)
- ``nm``  the holder's masked name (``张*``), nothing else of the holder (R-22)
- ``isd`` issue date of the permit (签发日期, Art 12)
- ``org`` issuing organ (签发机关: the county bureau, Art 12)
- ``vu``  valid until: the last day of the endorsement window of the anniversary that was
          next when the card was made (Art 13, R-11, R-11a); the permit has no other end.
          After it only the status list says whether the permit was endorsed (0) or suspended (2).
- ``status.status_list.{idx, uri}``: the card's entry in a status list (IETF Token Status List).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from .jose import Malformed

_NUMBER = re.compile(r"[0-9A-Za-z-]{1,32}")


@dataclass(frozen=True)
class Credential:
    permit_number: str
    card_version: int
    masked_name: str
    issue_date: datetime.date
    issuing_organ: str
    valid_until: datetime.date
    status_index: int
    status_uri: str

    def claims(self) -> dict[str, Any]:
        return {
            "pn": self.permit_number,
            "cv": self.card_version,
            "nm": self.masked_name,
            "isd": self.issue_date.isoformat(),
            "org": self.issuing_organ,
            "vu": self.valid_until.isoformat(),
            "status": {"status_list": {"idx": self.status_index, "uri": self.status_uri}},
        }


def _text(payload: dict[str, Any], name: str, limit: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise Malformed(name)
    return value


def _integer(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Malformed(name)
    return value


def _date(payload: dict[str, Any], name: str) -> datetime.date:
    value = _text(payload, name, 10)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise Malformed(name) from exc


def read_credential(payload: dict[str, Any]) -> Credential:
    """The credential in a verified payload; ``Malformed`` when a claim is missing or of another kind."""
    number = _text(payload, "pn", 32)
    if not _NUMBER.fullmatch(number):
        raise Malformed("pn")
    status = payload.get("status")
    entry = status.get("status_list") if isinstance(status, dict) else None
    if not isinstance(entry, dict):
        raise Malformed("status")
    uri = entry.get("uri")
    if not isinstance(uri, str) or not uri.startswith("https://") or len(uri) > 200:
        raise Malformed("status uri")
    version = _integer(payload.get("cv"), "cv")
    if version < 1:
        raise Malformed("cv")
    return Credential(
        permit_number=number,
        card_version=version,
        masked_name=_text(payload, "nm", 64),
        issue_date=_date(payload, "isd"),
        issuing_organ=_text(payload, "org", 100),
        valid_until=_date(payload, "vu"),
        status_index=_integer(entry.get("idx"), "idx"),
        status_uri=uri,
    )
