"""Masking of ID numbers, phones and identity values, as every screen and log shows them (R-22).

Pure functions below every layer: the registry's screens, the API and the notification log
(``juzhu.notify.senders``) all mask alike, and none has to import another for it.
"""

from __future__ import annotations

import re

# A number in free text: an ID, phone, permit, receipt or registration number (letters
# then seven digits or more). Dates (2026年12月03日) and counts stay readable.
_NUMBER_IN_TEXT = re.compile(r"[A-Za-z]*\d{7,}[Xx]?")


def mask_in_text(text: str) -> str:
    """Every number in ``text`` masked as the screens mask it (for logs): a mobile number as
    ``mask_phone``, any other as ``mask_id_number`` (both below)."""

    def mask(match: re.Match[str]) -> str:
        value = match.group()
        is_phone = len(value) == 11 and value.isdigit() and value.startswith("1")
        return mask_phone(value) if is_phone else mask_id_number(value)

    return _NUMBER_IN_TEXT.sub(mask, text)


def mask_name(name: str) -> str:
    """``张丽`` → ``张*``, ``欧阳娜娜`` → ``欧***``: what the public check and the card's credential show."""
    return name[:1] + "*" * (len(name) - 1)


def mask_id_number(value: str) -> str:
    """``610902199002280023`` → ``6109**********0023``"""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``"""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_identity_value(field: str, value: str) -> str:
    """An identity field's value as screens show it in a history (R-22, R-27).

    Names, phones and addresses are masked (``张*``, ``138****5678``, ``陕西省西安市****``);
    codes (户籍地 division, 民族, 性别, document type) are coarse and shown as they are.
    """
    if not value:
        return "（空）"
    if field == "phone":
        return mask_phone(value)
    if field == "name":
        return mask_name(value)
    if field == "hukou_address":
        return value[:6] + "****"
    if field == "birth_date":
        return value[:4] + "-**-**"
    return value
