"""Names and formats the documents share: dates, organ names, materials (Art 11, 12, 16, 29)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.template import Library

from juzhu.org.models import Unit
from juzhu.registry.models import PermitApplication
from juzhu.rules.citations import MEASURE, chinese_number, measure

FREE_OF_CHARGE = f"本业务依法免费办理（{measure(16)}）"


def cn_date(day: datetime.date | None) -> str:
    """2026年3月2日: year in full, month and day without leading zeros (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def cn_dates_in(text: str) -> str:
    """A rules' reason as a document prints it: every ISO date written 2026年3月2日."""

    def written(match):
        try:
            return cn_date(datetime.date(*map(int, match.groups())))
        except ValueError:
            return match.group(0)

    return _ISO_DATE.sub(written, text or "")


@dataclass(frozen=True)
class Remedies:
    """How a refused applicant challenges the decision, with the body and the time limits."""

    review_body: str
    review_days: int
    review_citation: str
    suit_months: int
    suit_citation: str


def remedies(county, day: datetime.date) -> Remedies:
    """The county public security organ's decision is reviewed by the county (district)
    people's government (行政复议法); a suit goes to the people's court (行政诉讼法)."""
    from juzhu.registry.actions.common import rules_context

    ctx = rules_context()
    review = ctx.param("remedies.reconsideration_days", day)
    suit = ctx.param("remedies.litigation_months", day)
    city = ctx.param("city.name", day).value
    county_name = county.name if county.name.startswith(city) else city + county.name
    return Remedies(f"{county_name}人民政府", review.value, review.citations[0], suit.value, suit.citations[0])


def organ_name(unit: Unit | None) -> str:
    """The unit's name as an organ signs: a station under its county bureau's name."""
    if unit is None:
        return ""
    parent = unit.parent
    if unit.kind in (Unit.Kind.STATION, Unit.Kind.COMMUNITY_ORG) and parent and not unit.name.startswith(parent.name):
        return parent.name + unit.name
    return unit.name


def condition_name(code: str) -> str:
    try:
        return PermitApplication.Condition(code).label
    except ValueError:
        return code


def material_names(day: datetime.date) -> dict[str, str]:
    """Code → name for every material, from the rules' parameters in force on ``day``.

    ``identity_document`` lists the other valid identity documents of Art 29, so that a
    notice tells the applicant everything that would do.
    """
    from juzhu.registry.actions.common import rules_context
    from juzhu.rules.determinations.permit import in_scope_documents
    from juzhu.rules.determinations.permit import material_names as rules_names

    ctx = rules_context()
    names = rules_names(ctx, day)  # the materials parameter (permit.materials) names every code
    documents = in_scope_documents(ctx, day)
    others = [name for code, name in documents.items() if code != "resident_id_card"]
    if others:
        names["identity_document"] = f"{names['identity_document']}（{'、'.join(others)}，第二十九条）"
    return names


def material_name(code: str, names: dict[str, str]) -> str:
    return names.get(code, code)


def in_order(codes: list[str], names: dict[str, str]) -> list[str]:
    """Materials in the order the measure lists them (identity, photo, address, then the proof)."""
    order = {code: index for index, code in enumerate(names)}
    return sorted(codes, key=lambda code: (order.get(code, len(order)), code))


_ARTICLES = {f"第{chinese_number(n)}条": n for n in range(1, 1300)}


def citation_order(citations: list[str]) -> list[str]:
    """The measure's articles first, each source's articles by number (第九条 before 第十二条)."""

    def key(citation: str):
        source, _, article = citation.rpartition("第")
        return (source != MEASURE, source, _ARTICLES.get("第" + article, 10_000), citation)

    return sorted(citations, key=key)


def size_class(text: str, normal: int, small: int, tiny: int) -> str:
    """A smaller type for a long value in a fixed box (the card): "", "small", "tiny" or
    "micro"; each limit is the character count that still fits the box at that size."""
    length = len(text or "")
    return "" if length <= normal else "small" if length <= small else "tiny" if length <= tiny else "micro"


def exemption_name(code: str, day: datetime.date) -> str:
    """The Art 9 para 2 case a registration was exempt under."""
    from juzhu.registry.actions.common import rules_context

    if not code:
        return ""
    return rules_context().param("registration.exemptions", day).value.get(code, code)


# Template filters (the documents' engine loads this module as a builtin library).
register = Library()
register.filter("cn_date", cn_date)
