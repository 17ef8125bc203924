"""Pinyin initials for searching names, and masking of ID and phone numbers (R-22)."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

# Characters read differently as surnames than in ordinary words; pypinyin gives
# the common reading (单 dan, 曾 ceng, 解 jie, 区 qu, 仇 chou).
SURNAME_READINGS = {
    "单": "s",
    "曾": "z",
    "解": "x",
    "区": "o",
    "仇": "q",
    "朴": "p",
    "查": "z",
    "盖": "g",
    "乐": "y",
    "尉": "y",
    "缪": "m",
    "句": "g",
    "黑": "h",
    "覃": "q",
}


def name_initials(name: str) -> str:
    """``单田芳`` → ``stf``: surname by its surname reading, the rest by pypinyin."""
    name = name.strip()
    if not name:
        return ""
    first = SURNAME_READINGS.get(name[0]) or "".join(lazy_pinyin(name[0], style=Style.FIRST_LETTER))
    rest = "".join(lazy_pinyin(name[1:], style=Style.FIRST_LETTER)) if len(name) > 1 else ""
    return (first + rest).lower()[:16]


# A number in free text: an ID, phone, permit, receipt or registration number (letters
# then seven digits or more). Dates (2026年12月03日) and counts stay readable.
_NUMBER_IN_TEXT = re.compile(r"[A-Za-z]*\d{7,}[Xx]?")


def mask_in_text(text: str) -> str:
    """Every number in ``text`` masked as the screens mask it (for logs): a mobile number as
    ``mask_phone``, any other as ``mask_id_number`` (both below)."""

    def mask(match: re.Match) -> str:
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
