"""Input checks the actions make themselves, whoever calls them (form, API, import).

Each raises an ``ActionError`` naming the field, with a Chinese message; lengths match
the database columns so that no input can reach the database and fail there.
"""

from __future__ import annotations

import datetime
import re
from typing import Iterable


def clean_text(
    value: object, field: str, label: str, max_length: int, required: bool = True, multiline: bool = False
) -> str:
    """``multiline``: line breaks are kept (as ``\n``, however the browser sent them); every
    other control character is refused, in every text."""
    from .common import ActionError

    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        raise ActionError(f"{label}应为文本", field=field)
    if multiline:
        value = one_newline(value)
    if required and not value:
        raise ActionError(f"请填写{label}", field=field)
    if len(value) > max_length:
        raise ActionError(f"{label}不能超过 {max_length} 个字", field=field)
    if any(ord(c) < 32 and not (multiline and c == "\n") for c in value):
        raise ActionError(f"{label}含有不可见的控制字符", field=field)
    return value


def one_newline(value: str) -> str:
    """A line break counts as one character, as the textarea's ``maxlength`` counts it."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def choice(value: object, field: str, label: str, choices: Iterable[tuple[str, str]]) -> str:
    from .common import ActionError

    options = dict(choices)
    if value not in options:
        raise ActionError(f"请选择{label}（可选：{'、'.join(options.values())}）", field=field)
    return value


def date_between(
    value: object, field: str, label: str, earliest: datetime.date | None, latest: datetime.date | None
) -> datetime.date:
    from .common import ActionError

    if not isinstance(value, datetime.date):
        raise ActionError(f"{label}应为有效日期", field=field)
    if earliest and value < earliest:
        raise ActionError(f"{label}不能早于 {earliest.isoformat()}", field=field)
    if latest and value > latest:
        raise ActionError(f"{label}不能晚于 {latest.isoformat()}", field=field)
    return value


# --- identity data: names, phones, birth dates (R-27; issue 8 finding 7) -----------------
#
# One place for the office form, the API schema and the actions. A name is what the
# national standard for names allows: Han characters (the CJK Unified Ideographs and
# their extensions A-I, all of which GB 18030-2022 encodes, beyond the 《通用规范汉字表》
# for rare characters of names) and, for names of minority origin, the middle dot "·".
# Nothing invisible (control, format, private-use, Hangul fillers), no combining marks:
# they spoof a name on screen and defeat search. docs/registry.md, "Names and phones".

MIDDLE_DOT = "\u00b7"
# Look-alikes typed for the middle dot (katakana middle dot, bullet, hyphenation point…).
_DOT_LOOKALIKES = str.maketrans(dict.fromkeys("\u30fb\uff65\u2022\u2027\u2219\u22c5\u0387\u16eb\u2e31", MIDDLE_DOT))
_HAN = (
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),  # 〇, extension A, the unified block
    (0xFA0E, 0xFA0F),
    (0xFA11, 0xFA11),
    (0xFA13, 0xFA14),
    (0xFA1F, 0xFA1F),
    (0xFA21, 0xFA21),
    (0xFA23, 0xFA24),
    (0xFA27, 0xFA29),  # the unified ideographs inside the compatibility block
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),  # B, C, D, E
    (0x2CEB0, 0x2EBEF),
    (0x2EBF0, 0x2EE5F),
    (0x30000, 0x3134F),
    (0x31350, 0x323AF),  # F, I, G, H
)
# Letters that render as nothing (Hangul fillers) though Unicode calls them letters.
_INVISIBLE_LETTERS = {0x115F, 0x1160, 0x3164, 0xFFA0}
_LATIN_PUNCTUATION = " -'\u2019" + MIDDLE_DOT


def is_han(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in _HAN)


def person_name(value: object, field: str, label: str, max_length: int, *, latin: bool = False) -> str:
    """A person's name as the national standard for names writes it, normalised (NFC, "·").

    ``latin``: the document is a passport (a person of foreign origin, whose passport
    writes the name in Latin letters); such a name is all Latin letters, spaces, hyphens
    and apostrophes. Any other name is Han characters with "·" between parts.
    """
    import unicodedata

    from .common import ActionError

    value = unicodedata.normalize("NFC", clean_text(value, field, label, max_length)).translate(_DOT_LOOKALIKES)
    for character in value:
        if is_han(character):  # also those newer than this Python's Unicode database
            continue
        kind, code = unicodedata.category(character), f"U+{ord(character):04X}"
        if kind == "Zs" and character != " ":
            raise ActionError(f"{label}不能含有全角或特殊空格（{code}）", field=field)
        if (kind[0] in "CZ" and character != " ") or ord(character) in _INVISIBLE_LETTERS:
            raise ActionError(f"{label}含有不可见字符或格式控制字符（{code}），请删除后重新输入", field=field)
        if kind[0] == "M":
            raise ActionError(f"{label}含有组合附加符号（{code}），姓名中不能使用", field=field)
    han = all(is_han(c) or c == MIDDLE_DOT for c in value)
    foreign = latin and all(
        c in _LATIN_PUNCTUATION or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in value
    )
    if not (han or foreign):
        odd = next(c for c in value if not (is_han(c) or c == MIDDLE_DOT))
        allowed = "汉字和间隔号“·”组成" + ("（或全部使用护照上的拉丁字母）" if latin else "")
        shown = "空格" if odd == " " else f"“{odd}”（U+{ord(odd):04X}）"
        raise ActionError(f"{label}不能含有{shown}：姓名只能由{allowed}", field=field)
    separator = " " if foreign and not han else MIDDLE_DOT
    if value[0] in _LATIN_PUNCTUATION or value[-1] in _LATIN_PUNCTUATION or separator * 2 in value:
        raise ActionError(f"{label}中的“{separator.strip() or '空格'}”只能用在两部分之间，且不能连用", field=field)
    return value


_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(?:(?:-|转)[0-9]{1,6})?")


def phone(value: object, field: str, label: str, max_length: int) -> str:
    """A mainland mobile (1[3-9] and 9 digits) or landline number (0915-3212345, with an
    extension after "-" or "转"); optional. Spaces, full-width digits, "+86" are tidied."""
    import unicodedata

    from .common import ActionError

    value = unicodedata.normalize("NFKC", clean_text(value, field, label, max_length, required=False)).replace(" ", "")
    mobile = re.sub(r"^\+?86-?", "", value).replace("-", "")
    if _MOBILE.fullmatch(mobile):
        return mobile
    if value and not _LANDLINE.fullmatch(value):
        raise ActionError(
            f"{label}格式不正确：应为11位手机号码（如 13812345678）"
            "或固定电话（如 0915-3212345，分机号接在“-”或“转”之后）",
            field=field,
        )
    return value


def birth_date(
    value: object,
    field: str,
    label: str,
    *,
    today: datetime.date,
    earliest: datetime.date,
    parent: datetime.date | None = None,
) -> datetime.date:
    """A plausible birth date: not in the future, not before ``earliest`` (the parameter
    ``identity.earliest_birth_date``, I-09) and, for a child, after the parent's."""
    from .common import ActionError

    value = date_between(value, field, label, earliest, today)  # the same value, known to be a date
    if parent is not None and value <= parent:
        raise ActionError(f"{label}应晚于本人的出生日期 {parent.isoformat()}（子女不能比父母年长）", field=field)
    return value


def mobile(value: object, field: str, label: str) -> str:
    """A mainland mobile number only (the residents' sign-in: an SMS must reach it), tidied as
    ``phone`` tidies it; a landline or anything else is refused, naming the field."""
    from .common import ActionError

    value = phone(value, field, label, 20)
    if not _MOBILE.fullmatch(value):
        raise ActionError(f"{label}应为11位中国大陆手机号码（如 13812345678）", field=field)
    return value
