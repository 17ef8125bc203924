"""Pinyin initials for searching names (the masks of ID and phone numbers are ``juzhu.masks``)."""

from __future__ import annotations

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
