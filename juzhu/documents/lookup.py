"""Which document a printed number refers to, and which documents a record has.

Numbers: their formats are ``juzhu.registry.numbers``; anything without a known prefix is
tried as a permit number (its format is a setting, Art 12 para 2). Refusals decided before the
refusal notice had its own number carry the receipt's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet

from juzhu.org.jurisdiction import scope_filter
from juzhu.registry.models import Notice, Permit, PermitApplication, Registration
from juzhu.registry.numbers import kind_of

from . import render


@dataclass(frozen=True)
class DocumentKind:
    slug: str  # in the URL: documents/<slug>/<id>.pdf
    name: str
    model: type[Model]
    render: Callable[[Model], bytes]
    number: Callable[[Model], str]
    available: Callable[[Model], bool] = field(default=lambda record: True)
    county_field: str = "county"
    town_field: str = "town"

    def queryset(self, user=None) -> QuerySet:
        """The records of this kind; inside ``user``'s jurisdiction when a user is given."""
        records = self.model.objects.all()
        if user is not None:
            records = records.filter(scope_filter(user, self.county_field, self.town_field))
        return records

    def filename(self, record) -> str:
        return f"{self.name}-{self.number(record)}.pdf"


def _card_available(permit) -> bool:
    return permit.status != Permit.Status.VOID and render.current_card(permit) is not None


KINDS: dict[str, DocumentKind] = {
    kind.slug: kind
    for kind in (
        DocumentKind("registration", "居住登记凭证", Registration, render.registration_certificate, lambda r: r.number),
        DocumentKind(
            "receipt",
            "受理回执",
            PermitApplication,
            render.receipt,
            lambda a: a.receipt_number,
            available=lambda a: bool(a.receipt_number),
        ),
        DocumentKind(
            "notice",
            "一次性告知书",
            Notice,
            render.one_time_notice,
            lambda n: n.number,
            county_field="application__county",
            town_field="application__town",
        ),
        DocumentKind(
            "refusal",
            "不予批准通知书",
            PermitApplication,
            render.refusal_notice,
            lambda a: render.refusal_number(a),
            available=lambda a: a.status == PermitApplication.Status.REFUSED,
        ),
        DocumentKind("permit", "居住证", Permit, render.permit_card, lambda p: p.number, available=_card_available),
        DocumentKind("endorsements", "签注记录", Permit, render.endorsement_record, lambda p: p.number),
    )
}

# Number kind (juzhu.registry.numbers, by its prefix) → (number field, the kinds a record found
# by it may print, the main one first).
_BY_KIND = {
    "registration": ("number", ("registration",)),
    "receipt": ("receipt_number", ("receipt", "refusal")),
    "notice": ("number", ("notice",)),
    "refusal": ("refusal__number", ("refusal",)),
}
_PERMIT = ("number", ("permit", "endorsements"))


@dataclass
class Found:
    """A record found by a printed number and the documents it can be printed as."""

    number: str
    record: Model
    kinds: list[DocumentKind]

    @property
    def kind(self) -> DocumentKind:
        """The document the number itself was printed on."""
        return self.kinds[0]


def find_document(number: str, user=None) -> Found | None:
    """The record behind a printed number, or None.

    With ``user``, a record outside her jurisdiction is not found (exactly like a missing one).
    """
    number = (number or "").strip().replace(" ", "").upper()
    if not number:
        return None
    kind = kind_of(number)
    candidates = [_BY_KIND[kind]] if kind else []
    candidates.append(_PERMIT)  # the permit format is configurable: try it last in every case
    for number_field, slugs in candidates:
        kinds = [KINDS[slug] for slug in slugs]
        record = kinds[0].queryset(user).filter(**{number_field: number}).first()
        if record is None:
            continue
        printable = [kind for kind in kinds if kind.available(record)]
        if printable:
            return Found(number, record, printable)
    return None
