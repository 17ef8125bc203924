"""The probes' world: one resident at each step of the measure, in station A's jurisdiction,
and a logged-in session and an API token for every role (issue 8).

Built once per test module inside a transaction that is rolled back at its end; each
test runs in a savepoint inside it, so a write by one cell is never seen by the next.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings

from juzhu.rules.id_number import check_character
from tests.factories import ensure_organisation, office_client, person_data, residence_data

# "Today" of every probe: inside the endorsement window of the permit issued on 2025-12-02
# (anniversary 2026-12-02, window from 2026-11-02), after the half year of the 2026-05 registrations.
TODAY = "2026-11-20"
REGISTERED_EARLY, APPLIED_EARLY = "2025-06-02", "2025-12-02"
REGISTERED, APPLIED = "2026-05-04", "2026-11-19"
# Roles as the access matrix names them, and which staff member of tests.factories plays each.
STAFF_OF_ROLE = {
    "clerk_a": "clerk",  # station A (老城派出所): the world is in its jurisdiction
    "clerk_b": "other_clerk",  # station B of the same county (汉滨区)
    "clerk_c": "xunyang_clerk",  # a station of another county (旬阳市)
    "issuer": "issuer",  # the county bureau of 汉滨区
    "admin": "admin",  # the city bureau
    "supervisor": "supervisor",
    "officer": "officer",  # a department officer (education)
}
COMPLETE = {
    "resident_id_card": "",
    "photo": "",
    "residence_address_proof": "房东王某",
    "employment_proof": "安康市某某有限公司",
}


def id_number(serial: int, birth: str = "19900228") -> str:
    """A valid resident ID number from 西安市雁塔区 (a floating person in 安康)."""
    first17 = f"610113{birth}{serial:03d}"
    return first17 + check_character(first17)


def photo_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (358, 441), (70, 110, 160)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class World:
    staff: object
    ids: dict[str, int | str] = field(default_factory=dict)  # "person", "registration", … → pk or value
    tokens: dict[str, str] = field(default_factory=dict)  # role → API key
    sessions: dict[str, str] = field(default_factory=dict)  # role → session key (second factor given)

    def user(self, role: str):
        return getattr(self.staff, STAFF_OF_ROLE[role])


def build(set_today) -> World:
    """Register, apply and issue through the actions themselves, as the office would."""
    from juzhu.api.tokens import create_token
    from juzhu.credentials.issue import sign_card
    from juzhu.office.views.common import PURPOSE_KEY
    from juzhu.registry.actions import (
        decide_application,
        receive_application,
        register_residence,
        set_person_photo,
    )
    from juzhu.registry.models import Notice, PermitCard
    from juzhu.registry.verification import card_token

    staff = ensure_organisation()
    world = World(staff)

    def register(serial: int, name: str, on: str):
        day = set_today(on)
        return register_residence(
            acting_user=staff.clerk,
            person=person_data(id_number=id_number(serial), name=name),
            residence=residence_data(arrival_date=day - datetime.timedelta(days=3)),
        )

    def apply(registration, on: str, materials: dict):
        set_today(on)
        return receive_application(
            acting_user=staff.clerk, registration_id=registration.pk, condition="employment", materials=materials
        )

    holder = register(1, "张丽", REGISTERED_EARLY)
    set_person_photo(acting_user=staff.clerk, person_id=holder.person_id, data=photo_bytes())  # before approval
    permit = decide_application(
        acting_user=staff.issuer, application_id=apply(holder, APPLIED_EARLY, COMPLETE).pk, approve=True
    )
    pending = apply(register(2, "王芳", REGISTERED), APPLIED, COMPLETE)
    set_person_photo(acting_user=staff.clerk, person_id=pending.person_id, data=photo_bytes())
    waiting = apply(register(3, "李梅", REGISTERED), APPLIED, {})
    fresh = register(4, "赵敏", REGISTERED)
    moved = register(6, "钱芳", REGISTERED)  # then moved to station B: station A's to acknowledge
    register_residence(
        acting_user=staff.other_clerk,
        person=person_data(id_number=id_number(6), name="钱芳"),
        residence=residence_data(
            town="610902002", address="汉滨区新城街道巴山路8号", arrival_date=datetime.date.fromisoformat(REGISTERED)
        ),
        move=True,
    )
    set_today(TODAY)
    declaration = _resident(world, fresh)
    online = _online_application()
    address_change, card_request = _holder_requests(holder, permit)
    endorsement = _endorsement(permit)
    world.ids.update(
        declaration=declaration.pk,
        endorsement=endorsement.pk,
        online_application=online.pk,
        online_upload=online.uploads.get().pk,
        address_change_request=address_change.pk,
        card_request=card_request.pk,
        person=holder.person_id,
        registration=fresh.pk,
        application=pending.pk,
        waiting_application=waiting.pk,
        permit=permit.pk,
        card=PermitCard.objects.get(permit=permit).pk,
        notice=Notice.objects.get(application=waiting).pk,
        permit_number=permit.number,
        holder_id_number=permit.holder_id_number,
        verify_token=card_token(permit.number, 1),
        credential_token=sign_card(PermitCard.objects.get(permit=permit)).token,  # the e-permit's QR code
        status_list_number=1,
        queue_key="decide",
        registration_number=holder.number,
        registration_kind="registration",
        new_id_number=id_number(5),
        year=datetime.date.fromisoformat(TODAY).year + 1,
        moved_registration=moved.pk,
        name="permit.issuance_working_days",
        valid_from=f"{datetime.date.fromisoformat(TODAY).year + 1}-01-01",
    )
    persons = [holder.person_id, pending.person_id, waiting.person_id, fresh.person_id]
    for role in STAFF_OF_ROLE:
        user = world.user(role)
        world.tokens[role] = create_token(user, "probes")
        client = office_client(user)
        session = client.session
        for person_id in persons:  # the reading purpose is stated, so a page answers what it really would
            session[PURPOSE_KEY.format(person_id)] = "访问控制测试"
        session.save()
        world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


def _resident(world: World, registration):
    """The resident (issue 10): an account bound to the person of ``registration`` with a portal
    session; and another resident's declaration waiting in station A's queue."""
    from django.contrib.sessions.backends.db import SessionStore

    from juzhu import clock
    from juzhu.portal.session import ACCOUNT_KEY
    from juzhu.residents.actions import DeclarationData, submit_declaration
    from juzhu.residents.models import ResidentAccount

    moment = clock.now()
    ResidentAccount.objects.create(phone="13812345678", person=registration.person, created_at=moment)
    session = SessionStore()
    session[ACCOUNT_KEY] = ResidentAccount.objects.get(phone="13812345678").pk
    session.create()
    world.sessions["resident"] = session.session_key
    declarant = ResidentAccount.objects.create(phone="13700000009", created_at=moment)
    return submit_declaration(
        account_id=declarant.pk,
        data=DeclarationData(
            name="周琳",
            id_number=id_number(8),
            ethnicity="01",
            hukou_division="610113",
            hukou_address="陕西省西安市雁塔区小寨路9号",
            town="610902001",
            address="汉滨区老城街道兴安路12号",
            arrival_date=moment.date() - datetime.timedelta(days=2),
            reason="work",
            housing="rented",
        ),
    )


def _online_application():
    """The bound resident's online permit application (issue 10) with one uploaded file."""
    from juzhu.residents.actions import submit_application
    from juzhu.residents.models import ResidentAccount

    account = ResidentAccount.objects.get(phone="13812345678")
    return submit_application(
        account_id=account.pk,
        condition="employment",
        files={"resident_id_card": [("身份证.png", photo_bytes())]},
    )


def _holder_requests(registration, permit):
    """Issue 10, cards: the holder's address change (a new address in station A's town, so station
    A confirms, Art 14) and her replacement request (at her permit's station A), both waiting."""
    from juzhu import clock
    from juzhu.residents.actions import submit_address_change
    from juzhu.residents.commands import AddressChangeData
    from juzhu.residents.models import ResidentAccount, ResidentRequest

    moment = clock.now()
    account = ResidentAccount.objects.create(phone="13700000010", person=registration.person, created_at=moment)
    change = submit_address_change(
        account_id=account.pk,
        data=AddressChangeData(permit=permit.number, town="610902001", address="汉滨区老城街道兴安路99号"),
    )
    card = ResidentRequest.objects.create(  # her card is not handed out in this world: the row itself
        account=account,
        person=registration.person,
        kind=ResidentRequest.Kind.CARD_REPLACEMENT,
        county_id=permit.county_id,
        town_id=permit.town_id,
        data={"permit": permit.number},
        submitted_at=moment,
        submitted_on=moment.date(),
    )
    return change, card


def _endorsement(permit):
    """issue 10: the permit holder's online endorsement, inside her window on TODAY, waiting in
    station A's queue (her own account, bound to her record: the one of ``_holder_requests``)."""
    from juzhu.residents.actions import EndorsementData, submit_endorsement
    from juzhu.residents.models import ResidentAccount

    account = ResidentAccount.objects.get(person=permit.person)
    return submit_endorsement(
        account_id=account.pk,
        data=EndorsementData(permit=permit.pk, address=permit.residence_address, confirmed=True),
    )
