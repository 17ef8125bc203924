"""A person outside the measure is told so first, at registration (R-02a, Art 2 para 3)."""

from __future__ import annotations

import datetime

from django.db import transaction

from juzhu.audit.events import Event
from juzhu.org.models import Division, User
from juzhu.rules.decision import Decision

from ..commands import PersonIn
from ..events import emit
from ..events import payloads as p
from .checks import clean_text
from .common import ActionError, RuleRefusal, ask_rules, rules_context


def outside_the_measure(acting_user: User, person: PersonIn, town: Division, now: datetime.datetime) -> Decision:
    """R-02a: a person outside the measure is told so first, whatever else is missing.

    The document type or the ID number's region (810000/820000/830000) decides it; the
    answer cites Art 2 para 3 and names the national procedure, and the refusal is kept
    in the audit log with the document the clerk recorded (for supervision, Art 27).
    Returns the valid ID number decision of a person the measure applies to.
    """
    ctx = rules_context()
    outside = ctx.param("identity.documents_out_of_scope", ctx.today).value.get(person.id_type)
    identity = None
    if outside != "foreigner":  # every other document carries a GB 11643 number
        identity = ask_rules("id_number", value=person.id_number)
        if identity.outcome != "valid":
            raise RuleRefusal(identity, field="id_number")
        if outside == "hmt" and not identity.fields["out_of_scope"]:
            raise ActionError(
                "港澳台居民居住证号码的地址码应为 810000（香港）、820000（澳门）或 830000（台湾），"
                "请核对证件类型和号码",
                field="id_number",
            )
        if not identity.fields["out_of_scope"]:
            return identity
    # identity was asked above for every document but a passport
    kind = outside if outside == "foreigner" else identity.fields["person_kind"]  # type: ignore[union-attr]
    number = clean_text(person.id_number, "id_number", "证件号码", 32)
    floating = ask_rules("floating_status", person_kind=kind, residence_division=town.parent_id)
    with transaction.atomic():
        emit(
            Event.REGISTRATION_REFUSED,
            actor=acting_user,
            purpose="居住登记",
            moment=now,
            payload=p.RegistrationRefused(
                id_type=person.id_type,
                id_number=number,
                person_kind=kind,
                reasons=tuple(floating.reasons),
                citations=tuple(floating.citations),
            ),
        )
    raise RuleRefusal(floating, field="id_number" if outside != "foreigner" else "id_type")
