"""Every call the demo makes into the registry's actions and the daily job, in one place.

The demo city is not written by the demo: each resident's history is replayed through the
real actions (``juzhu.registry.actions``) at its own dates (``replay.py`` freezes the clock),
so every row, number, notice, notification and audit entry is what the system writes, and
demo and system cannot drift apart. This module only translates a plan (``plans.py``) into
the actions' inputs; when an action's signature changes, this is the one file to adapt.
"""

from __future__ import annotations

import datetime

from juzhu.registry.actions import (
    acknowledge_move,
    cancel_registration,
    decide_application,
    endorse_permit,
    extend_issuance,
    hand_out_card,
    receive_application,
    register_residence,
    replace_card,
    set_person_photo,
    supplement_materials,
)
from juzhu.registry.actions.identity import move_reason as move_reason  # for the planner: the text a move leaves
from juzhu.registry.commands import ChildIn, PersonIn, ResidenceIn
from juzhu.registry.jobs.daily import run_daily
from juzhu.registry.models import Permit, PermitApplication, PermitCard, Registration

from .plans import MaterialPlan, RegistrationPlan, ResidentPlan


def register(clerk: object, plan: ResidentPlan, item: RegistrationPlan, *, move: bool) -> Registration:
    """``register_residence`` at the window; ``move``: the person's earlier registration ends (R-27)."""
    # Unvalidated (model_construct): the action checks its command itself, as for every caller.
    person = PersonIn.model_construct(
        id_number=plan.id_number,
        name=plan.name,
        ethnicity=plan.ethnicity,
        hukou_division=plan.hukou.code,
        hukou_address=plan.hukou_address,
        phone=plan.phone,
    )
    residence = ResidenceIn.model_construct(
        town=item.town.code,
        address=item.address,
        arrival_date=item.arrival,
        reason=item.reason,
        housing=item.housing,
        exemption="",
    )
    children = [
        ChildIn.model_construct(name=c.name, birth_date=c.birth, sex=c.sex, id_number=c.id_number)
        for c in item.children
    ]
    return register_residence(acting_user=clerk, person=person, residence=residence, children=children, move=move)


def acknowledge(clerk: object, registration: Registration) -> None:
    acknowledge_move(acting_user=clerk, registration_id=registration.pk)


def cancel(clerk: object, registration: Registration, reason: str, on: datetime.date) -> None:
    cancel_registration(acting_user=clerk, registration_id=registration.pk, reason=reason, date=on)


def _materials(items: list[MaterialPlan]) -> dict[str, str]:
    return {m.code: m.issuer for m in items}


def receive(
    clerk: object, registration: Registration, condition: str, materials: list[MaterialPlan]
) -> PermitApplication:
    return receive_application(
        acting_user=clerk, registration_id=registration.pk, condition=condition, materials=_materials(materials)
    )


def supplement(clerk: object, application: PermitApplication, materials: list[MaterialPlan]) -> None:
    supplement_materials(acting_user=clerk, application_id=application.pk, materials=_materials(materials))


def photograph(clerk: object, person_id: int, data: bytes) -> None:
    set_person_photo(acting_user=clerk, person_id=person_id, data=data)


def extend(issuer: object, application: PermitApplication, until: datetime.date, reason: str) -> None:
    extend_issuance(acting_user=issuer, application_id=application.pk, until=until, reason=reason)


def approve(issuer: object, application: PermitApplication) -> Permit:
    return decide_application(acting_user=issuer, application_id=application.pk, approve=True)


def first_card(permit: Permit) -> PermitCard:
    return permit.cards.get(version=1)


def hand_out(clerk: object, card: PermitCard) -> None:
    hand_out_card(acting_user=clerk, card_id=card.pk)


def endorse(clerk: object, permit: Permit) -> None:
    endorse_permit(acting_user=clerk, permit_id=permit.pk)


def replace(clerk: object, permit: Permit, kind: str) -> PermitCard:
    """换领 (the damaged card handed back) or 补领 (a lost one), Art 15."""
    return replace_card(acting_user=clerk, permit_id=permit.pk, kind=kind, old_card_returned=kind == "replacement")


def daily(on: datetime.date) -> None:
    """The daily job (suspensions, reminders, deadline flags, deliveries) for ``on``."""
    run_daily(on)
