"""Names of the legal sources decisions cite, written once.

Citations are given at article level, in the form an officer writes them
(``《安康市居住证及流动人口服务管理实施办法》第九条``); the paragraph or item a
decision rests on is named in its reasons.
"""

MEASURE = "《安康市居住证及流动人口服务管理实施办法》"
CIVIL_CODE = "《中华人民共和国民法典》"
HOLIDAY_RULES = "《全国年节及纪念日放假办法》"
ID_STANDARD = "GB 11643-1999《公民身份号码》"
DIVISION_STANDARD = "GB/T 2260《中华人民共和国行政区划代码》"

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 1..9999 the way article numbers are written (201 → 二百零一, 12 → 十二)."""
    if not 0 < n < 10000:
        raise ValueError(n)
    if 10 <= n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    parts: list[str] = []
    zero_pending = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero_pending and parts:
                parts.append("零")
            parts.append(_DIGITS[digit] + unit)
            zero_pending = False
        elif parts:
            zero_pending = True
    return "".join(parts)


def measure(article: int) -> str:
    """Cite an article of the city measure."""
    return f"{MEASURE}第{chinese_number(article)}条"


def civil_code(article: int) -> str:
    """Cite an article of the Civil Code (period arithmetic: 201-204, 1259)."""
    return f"{CIVIL_CODE}第{chinese_number(article)}条"
