"""Citizen identity numbers (GB 11643-1999).

Why not ``stdnum.cn.ric``: it accepts a region code only if that code was in use
in the holder's birth year. Real numbers break that rule: everyone born in Ankang
before 2000 and numbered after 安康撤地设市 carries a 6109xx code that did not
exist at their birth (stdnum rejects e.g. 610902 with a 1985 birth date). R-04
therefore asks only that the region code exists now or existed at some time.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .decision import FieldError, InvalidInput
from .divisions import DivisionTable

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # index: weighted sum mod 11 (ISO 7064 MOD 11-2)
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalise(value: str) -> str:
    """Strip spaces and read a lower-case x as X (R-04)."""
    return value.strip().replace(" ", "").upper()


@dataclass(frozen=True)
class IdNumber:
    value: str
    region: str
    birth_date: datetime.date
    sex: str  # male / female (GB 11643: odd sequence digit = male)


def parse_id_number(
    raw: str,
    divisions: DivisionTable,
    today: datetime.date | None = None,
    field: str = "value",
    special_regions: frozenset[str] = frozenset(),
    earliest: datetime.date | None = None,
) -> IdNumber:
    """Validate a citizen identity number (checksum, birth date, region).

    ``special_regions`` are address codes valid although not county-level divisions:
    810000/820000/830000 of the 港澳台居民居住证 numbers (R-02a). ``earliest`` is the
    parameter ``identity.earliest_birth_date`` (I-09).

    Raises ``InvalidInput`` listing every problem found, in Chinese, on ``field``.
    """
    value = normalise(raw)
    problems: list[str] = []
    if len(value) == 15 and value.isdigit():
        raise InvalidInput([FieldError(field, "15位身份证号码已停止使用，请使用18位公民身份号码")])
    if len(value) != 18:
        raise InvalidInput([FieldError(field, f"公民身份号码应为18位，实为{len(value)}位")])
    if not _SHAPE.match(value):
        raise InvalidInput([FieldError(field, "公民身份号码前17位应为数字，末位为数字或X")])
    region = value[:6]
    if region not in special_regions and (not divisions.exists(region) or region.endswith("0000")):
        problems.append(f"地址码 {region} 不是现行或曾经使用的县级以上行政区划代码（GB/T 2260）")
    birth = None
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        problems.append(f"出生日期码 {value[6:14]} 不是有效日期")
    if birth is not None:
        if earliest is not None and birth < earliest:
            problems.append(f"出生日期 {birth.isoformat()} 早于 {earliest.isoformat()}，请核对号码")
        elif today is not None and birth > today:
            problems.append(f"出生日期 {birth.isoformat()} 晚于今天")
    expected = check_character(value[:17])
    if value[17] != expected:
        problems.append("校验码不正确，请核对号码是否录入有误")
    if problems or birth is None:  # an invalid birth date is among the problems
        raise InvalidInput([FieldError(field, p) for p in problems])
    sex = "male" if int(value[16]) % 2 == 1 else "female"
    return IdNumber(value=value, region=region, birth_date=birth, sex=sex)
