"""The official documents as PDF bytes, one function per document.

HTML templates (``templates/documents/``, all extending ``base.html``) are rendered by a
Django template engine of their own and laid out by WeasyPrint, with the Noto CJK fonts
embedded (subset) in every PDF. Every document carries the organ that issues it, the
date, its number and the line stating the business is free of charge (Art 16, R-14).

Each function raises ``ValueError`` when the record has no such document (a receipt
for an application never accepted, a refusal notice for one not refused).
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

import segno
from django.conf import settings
from django.template import Context, Engine
from django.utils.safestring import mark_safe

from juzhu import clock
from juzhu.credentials.issue import credential_url
from juzhu.registry.actions.applications import eligibility_on_acceptance
from juzhu.registry.actions.common import rules_context
from juzhu.registry.models import Permit, PermitApplication, PermitCard
from juzhu.rules.citations import measure
from juzhu.rules.determinations.endorsement import window_of

from . import texts

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
ENGINE = Engine(dirs=[str(TEMPLATE_DIR)], autoescape=True, builtins=["juzhu.documents.texts"])
CARD_ENDORSEMENT_ROWS = 3  # the card's back shows the latest endorsements; the record shows all


def registration_certificate(registration) -> bytes:
    """居住登记凭证: the residence registration of Art 9 (deadline, late declaration, exemption)."""
    person = registration.person
    context = _base(
        title="居住登记凭证",
        number_label="登记编号",
        number=registration.number,
        office=registration.unit,
        date=registration.declared_date,
        handler=registration.registered_by,
        registration=registration,
        person=person,
        exemption=texts.exemption_name(registration.exemption, registration.declared_date),
        children=list(registration.children.order_by("birth_date", "id")),
    )
    return _pdf("registration.html", context)


def receipt(application) -> bytes:
    """受理回执: materials complete, the application is accepted (Art 12 para 1).

    Lists each material with who issued it (Art 11 para 2), the issuance due date
    (3 working days) and the longest extension the measure allows (15 days).
    """
    if not application.receipt_number:
        raise ValueError("该申领尚未受理，没有受理回执")
    names = texts.material_names(application.accepted_on)
    materials = [
        {"name": texts.material_name(m.code, names), "issuer": m.issuer, "received_on": m.received_on}
        for m in application.materials.order_by("received_on", "id")
    ]
    max_days = rules_context().param("permit.issuance_extension_max_days", application.accepted_on).value
    # R-06b: an applicant accepted before the half year (after the clerk's warning) is not
    # promised a card; the receipt says from when the person is eligible.
    eligibility = eligibility_on_acceptance(application, application.accepted_on)
    early = application.accepted_on < eligibility.fields["earliest_date"]
    context = _base(
        title="居住证申领受理回执",
        number_label="回执编号",
        number=application.receipt_number,
        office=application.unit,
        date=application.accepted_on,
        application=application,
        person=application.registration.person,
        registration=application.registration,
        condition=texts.condition_name(application.condition),
        materials=materials,
        max_days=max_days,
        eligible_from=eligibility.fields["earliest_date"] if early else None,
    )
    return _pdf("receipt.html", context)


def one_time_notice(notice) -> bytes:
    """一次性告知书: every missing material at once, in one notice (Art 12 para 1, R-08)."""
    application = notice.application
    names = texts.material_names(notice.given_on)
    received = [
        {"name": texts.material_name(m.code, names), "issuer": m.issuer}
        for m in application.materials.filter(received_on__lte=notice.given_on).order_by("id")
    ]
    context = _base(
        title="居住证申领材料一次性告知书",
        number_label="告知书编号",
        number=notice.number,
        office=application.unit,
        date=notice.given_on,
        handler=notice.given_by,
        notice=notice,
        application=application,
        person=application.registration.person,
        condition=texts.condition_name(notice.condition),
        missing=[texts.material_name(code, names) for code in texts.in_order(notice.missing, names)],
        received=received,
        article12=measure(12),
    )
    return _pdf("notice.html", context)


def refusal_notice(application) -> bytes:
    """不予批准通知书: the applicant is told, with the reasons and the articles (Art 12 para 1)."""
    if application.status != PermitApplication.Status.REFUSED:
        raise ValueError("该申领未被决定不予批准")
    refusal = application.refusal or {}
    decider = application.decided_by
    context = _base(
        title="不予批准居住证申领通知书",
        number_label="通知书编号",
        number=refusal_number(application),
        office=getattr(decider, "unit", None) or application.unit,
        date=application.decided_on,
        application=application,
        person=application.registration.person,
        condition=texts.condition_name(application.condition),
        reasons=[texts.cn_dates_in(reason) for reason in refusal.get("reasons", [])],
        citations=texts.citation_order(refusal.get("citations", [])),
        remedies=texts.remedies(application.county, application.decided_on),
    )
    return _pdf("refusal.html", context)


def refusal_number(application) -> str:
    """The notice's own number (``BP…``); a refusal decided before it had one carries the receipt's."""
    return (application.refusal or {}).get("number") or application.receipt_number


def permit_card(permit) -> bytes:
    """居住证 card, front and back at ID-1 size (85.6 × 54 mm) on one A4 sheet.

    The card carries the data of Art 12 (R-10); the layout is the province's to set, so this
    is a print proof the county bureau that signs the permit can check before production.
    """
    card = current_card(permit)
    if card is None:
        raise ValueError("该居住证没有有效的卡片")
    # First: without an https address nothing is printed (PublicUrlMissing). The signed credential
    # (juzhu.credentials) in an absolute link a phone opens and an offline verifier checks.
    url = credential_url(card)
    endorsements = list(permit.endorsements.select_related("unit").order_by("-date")[:CARD_ENDORSEMENT_ROWS])
    endorsements.reverse()
    context = _base(
        title="居住证",
        number_label="居住证号码",
        number=permit.number,
        office=permit.issuing_unit,
        date=permit.issue_date,
        permit=permit,
        card=card,
        photo=photo_data_uri(permit.holder_photo),
        qr=qr_svg(url),
        verify_url=url,
        endorsements=endorsements,
        blank_rows=range(CARD_ENDORSEMENT_ROWS - len(endorsements)),
        issuing_organ=permit.issuing_unit.name,
        # The longest address a record holds (200 characters) still fits, in "micro" type.
        residence_size=texts.size_class(permit.residence_address, 32, 48, 100),
        hukou_size=texts.size_class(permit.hukou_address, 46, 56, 130),
    )
    return _pdf("card.html", context)


def endorsement_record(permit) -> bytes:
    """签注记录: every endorsement with its anniversary, late flag and unit (Art 13)."""
    rows = [
        {"endorsement": e, "unit": texts.organ_name(e.unit)}
        for e in permit.endorsements.select_related("unit").order_by("date", "id")
    ]
    as_of = clock.today()
    ctx = rules_context()
    # The rules' window: the month before, to the anniversary moved off a rest day (R-11, R-11a).
    window_opens, window_ends = window_of(
        ctx, permit.next_anniversary, ctx.param("endorsement.window_months", as_of).value
    )
    context = _base(
        title="居住证签注记录",
        number_label="居住证号码",
        number=permit.number,
        office=permit.issuing_unit,
        date=as_of,
        permit=permit,
        rows=rows,
        window_opens=window_opens,
        window_ends=window_ends.date,
        suspended=permit.status == Permit.Status.SUSPENDED,
        void=permit.status == Permit.Status.VOID,
    )
    return _pdf("endorsements.html", context)


def current_card(permit) -> PermitCard | None:
    """The newest card that is not void."""
    return permit.cards.exclude(status=PermitCard.Status.VOID).order_by("-version").first()


def qr_svg(data: str) -> str:
    """An inline SVG QR code (scales to its box: no width/height of its own)."""
    # Level L: the card's signed credential (~450 characters) then fits version 14 (73 modules),
    # readable at 16 mm; M would need version 17 (85). A worn card is replaced free of charge (Art 15, 16).
    svg = segno.make(data, error="l").svg_inline(scale=1, border=0, omitsize=True, svgclass="qr-code")
    return mark_safe(svg)  # noqa: S308  segno's markup: path data only, never the encoded text


def photo_data_uri(name: str) -> str:
    """The holder's photo from MEDIA_ROOT as a data: URI, or "" (the card then shows a box labelled 相片)."""
    if not name:
        return ""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    mime = mimetypes.guess_type(path.name)[0]
    if root not in path.parents or not path.is_file() or mime not in ("image/jpeg", "image/png"):
        return ""
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _base(*, title, number_label, number, office, date, handler=None, **extra) -> dict:
    return {
        "title": title,
        "number_label": number_label,
        "number": number,
        "office": texts.organ_name(office),
        "date": date,
        "handler": getattr(handler, "display_name", "") if handler else "",
        "free_line": texts.FREE_OF_CHARGE,
        **extra,
    }


def render_html(template: str, context: dict) -> str:
    return ENGINE.get_template(f"documents/{template}").render(Context(context))


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(template, context)
    # Only data: URIs (the photo): a document never fetches anything from the network or disk.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
