"""Input checks the actions make themselves, whoever calls them (form, API, import).

Each raises an ``ActionError`` naming the field, with a Chinese message; lengths match
the database columns so that no input can reach the database and fail there.
"""

from __future__ import annotations

import datetime
from typing import Iterable


def text(value, field: str, label: str, max_length: int, required: bool = True, multiline: bool = False) -> str:
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


def choice(value, field: str, label: str, choices: Iterable[tuple[str, str]]) -> str:
    from .common import ActionError

    options = dict(choices)
    if value not in options:
        raise ActionError(f"请选择{label}（可选：{'、'.join(options.values())}）", field=field)
    return value


def date_between(value, field: str, label: str, earliest: datetime.date | None,
                 latest: datetime.date | None) -> datetime.date:
    from .common import ActionError

    if not isinstance(value, datetime.date):
        raise ActionError(f"{label}应为有效日期", field=field)
    if earliest and value < earliest:
        raise ActionError(f"{label}不能早于 {earliest.isoformat()}", field=field)
    if latest and value > latest:
        raise ActionError(f"{label}不能晚于 {latest.isoformat()}", field=field)
    return value
