"""Every write action, twice at the same moment (a double click, two clerks): one effect, no 5xx.

Two threads, each with its own database connection, meet at a barrier and call the same
action with the same input. Whatever the interleaving, each call either succeeds or is
refused with an ``ActionError`` (never an ``IntegrityError`` or other crash), and the rows
that must exist once exist once (issue 8, finding 3). The list of cases is checked against
the actions package: a new write action without a race case fails the build.

Meaningful on PostgreSQL, where the two transactions really run at once (CI runs it there);
on SQLite the database serialises writers and the cases run too.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import io
import pkgutil
import threading

import pytest
from django.db import connections
from PIL import Image

from juzhu.audit.models import AuditEntry
from juzhu.registry import actions
from juzhu.registry.actions import ActionError
from juzhu.registry.models import (
    AddressChange,
    CalendarYear,
    Endorsement,
    Notice,
    Permit,
    PermitApplication,
    PermitCard,
    Person,
    Registration,
    Sequence,
)
from juzhu.residents import actions as resident_actions
from juzhu.rules.id_number import check_character
from tests.factories import ensure_organisation, person_data, residence_data
from tests.residents.helpers import phones  # noqa: F401  (a fixture: SMS to the tests' phones)

from .flows import COMPLETE_FOR_EMPLOYMENT, issued_permit, photographed, registered

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Actions that only read (their audit entry is the read's record, and two reads are two reads).
READS = {"search_persons", "view_person", "read_record", "clerk_upload"}  # logged reads, no row changed
RACE_CASES: dict[str, list[str]] = {}


def race_case(action: str):
    """Mark a test as the race case of ``action`` (checked by the last test of this module)."""

    def mark(test):
        RACE_CASES.setdefault(action, []).append(test.__name__)
        return test

    return mark


def race(call, *arguments, allowed: tuple[int, ...] = (404, 409, 422)) -> list:
    """Run ``call(**kwargs)`` for each kwargs at once; the outcomes: the result, or the ActionError."""
    barrier, outcomes = threading.Barrier(len(arguments)), []

    def one(kwargs):
        try:
            barrier.wait()
            outcomes.append(call(**kwargs))
        except ActionError as refused:
            outcomes.append(refused)
        except Exception as crash:  # the point: any other exception is a failure
            outcomes.append(("crash", repr(crash)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(kwargs,)) for kwargs in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    crashes = [o for o in outcomes if isinstance(o, tuple)]
    assert len(outcomes) == len(arguments) and not crashes, outcomes
    for refused in (o for o in outcomes if isinstance(o, ActionError)):
        assert refused.status in allowed and refused.message, (refused.status, refused.message)
    return outcomes


def twice(call, allowed: tuple[int, ...] = (404, 409, 422), **kwargs) -> list:
    return race(call, kwargs, dict(kwargs), allowed=allowed)


def succeeded(outcomes) -> list:
    return [o for o in outcomes if not isinstance(o, ActionError)]


def audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def org(clock, flushable_audit, phones):  # noqa: F811
    return ensure_organisation()


NEW_ID = "610113199002280029"


def id_number(serial: int) -> str:
    """A valid GB 11643 number born 1990-02-28 in 610113 with sequence ``serial``."""
    body = f"61011319900228{serial:03d}"
    return body + check_character(body)


ROUNDS = 8  # the probe's count: 8 of 8 rounds gave a 500 on PostgreSQL


@race_case("register_residence")
def test_register_residence_of_a_new_id_number(org, clock):
    clock("2026-03-02")
    for serial in range(1, ROUNDS + 1):
        outcomes = twice(
            actions.register_residence,
            acting_user=org.clerk,
            person=person_data(id_number=id_number(serial)),
            residence=residence_data(),
        )
        assert len(succeeded(outcomes)) == 1, (serial, outcomes)
        assert Person.objects.filter(id_number=id_number(serial)).count() == 1
    assert Registration.objects.count() == ROUNDS  # none cancelled by its double
    assert Sequence.objects.get(kind="registration").last == ROUNDS  # no number burnt
    assert audited("registration.create") == ROUNDS


@race_case("register_residence")
def test_register_residence_again_of_someone_registered(org, clock):
    clock("2026-03-02")
    registered(org)
    clock("2026-03-09")
    residence = residence_data(address="汉滨区老城街道兴安路8号", arrival_date=datetime.date(2026, 3, 6))
    # The same station registers a new address: a move it confirms, clicked twice.
    twice(actions.register_residence, acting_user=org.clerk, person=person_data(), residence=residence, move=True)
    assert Registration.objects.filter(status=Registration.Status.ACTIVE).count() == 1
    assert Registration.objects.count() == 2
    assert audited("registration.create") == 2


@race_case("cancel_registration")
def test_cancel_registration(org, clock):
    registration = registered(org)
    outcomes = twice(
        actions.cancel_registration, acting_user=org.clerk, registration_id=registration.pk, reason="离开本地"
    )
    assert len(succeeded(outcomes)) == 1 and audited("registration.cancel") == 1


@race_case("receive_application")
def test_receive_application(org, clock):
    clock("2025-06-02")
    registration = registered(org)
    clock("2025-12-02")
    outcomes = twice(
        actions.receive_application,
        acting_user=org.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    assert len(succeeded(outcomes)) == 1
    assert PermitApplication.objects.count() == 1 and audited("application.accept") == 1


def incomplete_application(org, clock):
    clock("2025-06-02")
    registration = registered(org)
    clock("2025-12-02")
    return actions.receive_application(
        acting_user=org.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials={"resident_id_card": ""},
    )


@race_case("supplement_materials")
def test_supplement_materials(org, clock):
    application = incomplete_application(org, clock)
    rest = {code: issuer for code, issuer in COMPLETE_FOR_EMPLOYMENT.items() if code != "resident_id_card"}
    outcomes = twice(actions.supplement_materials, acting_user=org.clerk, application_id=application.pk, materials=rest)
    assert len(succeeded(outcomes)) == 1
    assert audited("application.supplement") == 1 and audited("application.accept") == 1
    assert Notice.objects.count() == 1


def accepted_application(org, clock):
    clock("2025-06-02")
    registration = registered(org)
    clock("2025-12-02")
    return actions.receive_application(
        acting_user=org.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )


@race_case("decide_application")
def test_decide_application(org, clock):
    application = accepted_application(org, clock)
    photographed(org, application.person_id)  # the card needs the photo
    outcomes = twice(actions.decide_application, acting_user=org.issuer, application_id=application.pk, approve=True)
    assert len(succeeded(outcomes)) == 1
    assert Permit.objects.count() == 1 and PermitCard.objects.count() == 1


@race_case("extend_issuance")
def test_extend_issuance(org, clock):
    application = accepted_application(org, clock)
    until = application.due_date + datetime.timedelta(days=3)
    outcomes = twice(
        actions.extend_issuance, acting_user=org.issuer, application_id=application.pk, until=until, reason="交通不便"
    )
    assert len(succeeded(outcomes)) == 1 and audited("application.extend") == 1


@race_case("withdraw_application")
def test_withdraw_application(org, clock):
    application = accepted_application(org, clock)
    outcomes = twice(actions.withdraw_application, acting_user=org.clerk, application_id=application.pk)
    assert len(succeeded(outcomes)) == 1 and audited("application.withdraw") == 1


@race_case("hand_out_card")
def test_hand_out_card(org, clock):
    permit = issued_permit(org, clock)
    card = permit.cards.get()
    outcomes = twice(actions.hand_out_card, acting_user=org.clerk, card_id=card.pk)
    assert len(succeeded(outcomes)) == 1 and audited("card.hand_out") == 1


@race_case("endorse_permit")
def test_endorse_permit(org, clock):
    permit = issued_permit(org, clock)
    clock("2026-11-20")
    outcomes = twice(actions.endorse_permit, acting_user=org.clerk, permit_id=permit.pk)
    assert len(succeeded(outcomes)) == 1 and Endorsement.objects.count() == 1


@race_case("change_address")
def test_change_address(org, clock):
    permit = issued_permit(org, clock)
    outcomes = twice(
        actions.change_address,
        acting_user=org.clerk,
        permit_number=permit.number,
        holder_id_number=NEW_ID,
        town="610902001",
        address="汉滨区老城街道兴安路9号",
    )
    assert len(succeeded(outcomes)) == 1 and AddressChange.objects.count() == 1


@race_case("replace_card")
@pytest.mark.parametrize("kind", ["reissue", "replacement"])
def test_replace_card(org, clock, kind):
    permit = issued_permit(org, clock)
    outcomes = twice(
        actions.replace_card, acting_user=org.clerk, permit_id=permit.pk, kind=kind, old_card_returned=True
    )
    assert len(succeeded(outcomes)) == 1
    assert PermitCard.objects.filter(permit=permit).count() == 2  # the original and ONE new card
    assert PermitCard.objects.exclude(status=PermitCard.Status.VOID).count() == 1


def photo_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 180, 160)).save(out, "JPEG")
    return out.getvalue()


@race_case("set_person_photo")
def test_set_person_photo(org, clock):
    person = registered(org).person
    outcomes = twice(actions.set_person_photo, acting_user=org.clerk, person_id=person.pk, data=photo_bytes())
    assert len(succeeded(outcomes)) >= 1  # the same photo twice: the same answer, one write
    assert audited("person.photo") == 1


@race_case("enter_calendar_year")
def test_enter_calendar_year(org, clock):
    outcomes = twice(
        actions.enter_calendar_year,
        acting_user=org.admin,
        year=2031,
        source="国办发明电〔2030〕1号",
        holidays={"2031-01-01": "元旦"},
        workdays={},
    )
    assert len(succeeded(outcomes)) >= 1
    assert CalendarYear.objects.filter(year=2031).count() == 1
    assert audited("calendar.enter") + audited("calendar.correct") == 1


@race_case("acknowledge_move")
def test_acknowledge_move(org, clock):
    clock("2026-03-02")
    old = registered(org)
    clock("2026-03-09")
    actions.register_residence(
        acting_user=org.other_clerk,
        person=person_data(),
        move=True,
        residence=residence_data(
            town="610902002", address="汉滨区新城街道巴山路8号", arrival_date=datetime.date(2026, 3, 6)
        ),
    )
    outcomes = twice(actions.acknowledge_move, acting_user=org.clerk, registration_id=old.pk)
    assert len(succeeded(outcomes)) == 2  # the same answer twice
    assert audited("registration.move_acknowledged") == 1


@race_case("set_parameter_value")
def test_set_parameter_value(org, clock):
    clock("2026-12-01")
    outcomes = twice(
        actions.set_parameter_value,
        acting_user=org.admin,
        name="permit.issuance_working_days",
        valid_from=datetime.date(2027, 1, 1),
        value=15,
        reference="国务院《居住证暂行条例》第十四条",
    )
    assert len(succeeded(outcomes)) >= 1
    assert audited("parameter.set") + audited("parameter.correct") == 1


@race_case("sign_card")
def test_the_first_print_of_a_card_twice_signs_one_credential(org, clock):
    """juzhu.credentials: two clerks print the new card at once; one credential, one entry."""
    from juzhu.credentials.issue import sign_card
    from juzhu.credentials.models import CardCredential

    permit = issued_permit(org, clock)
    card = permit.cards.get()
    CardCredential.objects.filter(card=card).delete()  # as for a card made before the e-permit
    outcomes = twice(sign_card, card=card)
    assert len({o.token for o in outcomes}) == 1 and CardCredential.objects.filter(card=card).count() == 1
    assert audited("card.credential") == 1


@race_case("rotate_key")
def test_two_key_rotations_at_once_leave_one_current_key(org, clock):
    from juzhu.credentials.actions import rotate_key
    from juzhu.credentials.keys import current_key
    from juzhu.credentials.models import SigningKey

    first = current_key()
    outcomes = twice(lambda acting_user: rotate_key(acting_user=acting_user)[0], acting_user=None)  # the new key
    assert len(succeeded(outcomes)) == 2  # two rotations, one after the other
    assert SigningKey.objects.filter(current=True).count() == 1
    assert SigningKey.objects.exclude(pk=first.pk).filter(current=False).count() == 1
    assert audited("key.rotate") == 2


@race_case("create_staff_member")
def test_create_staff_member(org):
    from juzhu.org.actions import create_staff_member
    from juzhu.org.models import User

    outcomes = twice(
        create_staff_member, acting_user=org.admin, username="clerk_twice", unit_code="AK-610902-PS02", role="clerk"
    )
    assert len(succeeded(outcomes)) == 1 and User.objects.filter(username="clerk_twice").count() == 1
    assert audited("staff.create") == 1


@race_case("assign_staff")
def test_assign_staff(org):
    from juzhu.org.actions import assign_staff

    outcomes = twice(assign_staff, acting_user=org.admin, username="clerk_laocheng", unit_code="AK-610902-PS02")
    assert len(succeeded(outcomes)) == 2  # the second finds nothing to change
    assert audited("staff.assign") == 1


@race_case("deactivate_staff")
def test_deactivate_staff(org):
    from juzhu.org.actions import deactivate_staff

    outcomes = twice(deactivate_staff, acting_user=org.admin, username="clerk_xincheng", reason="调离本单位")
    assert len(succeeded(outcomes)) == 1 and audited("staff.deactivate") == 1


# --- the residents' actions (issue 10) --------------------------------------------------------


def _resident(phone: str = "13912345670"):
    from tests.residents.helpers import signed_in

    return signed_in(phone)


def _declaration(**overrides):
    from juzhu.residents.actions import DeclarationData

    values = dict(
        name="李娜",
        id_number=id_number(40),
        ethnicity="01",
        hukou_division="610113",
        hukou_address="陕西省西安市雁塔区小寨路9号",
        town="610902001",
        address="汉滨区老城街道兴安路12号",
        arrival_date=datetime.date(2026, 2, 27),
        reason="work",
        housing="rented",
    )
    return DeclarationData(**{**values, **overrides})


@race_case("request_code")
def test_request_code(org, clock):
    from juzhu.residents.models import SignInCode

    outcomes = twice(resident_actions.request_code, allowed=(429,), phone="13912345670", client_address="203.0.113.1")
    assert len(succeeded(outcomes)) == 1 and SignInCode.objects.count() == 1  # the resend interval holds


@race_case("verify_code")
def test_verify_code(org, clock):
    from juzhu.residents.models import ResidentAccount
    from tests.residents.helpers import sent_code

    resident_actions.request_code(phone="13912345670", client_address=None)
    code = sent_code("13912345670")
    outcomes = twice(resident_actions.verify_code, allowed=(400,), phone="13912345670", code=code, client_address=None)
    assert len(succeeded(outcomes)) == 1  # single use, even at the same moment
    assert ResidentAccount.objects.count() == 1 and audited("resident.sign_in") == 1


@race_case("bind_identity")
def test_bind_identity(org, clock):
    registration = registered(org)
    account = _resident("13812345678")  # the phone on record
    outcomes = twice(resident_actions.bind_identity, account_id=account.pk, name="张丽", id_number=NEW_ID)
    assert len(succeeded(outcomes)) == 1 and audited("resident.bind") == 1
    account.refresh_from_db()
    assert account.person_id == registration.person_id


@race_case("submit_declaration")
def test_submit_declaration(org, clock):
    from juzhu.residents.models import ResidentRequest

    account = _resident()
    outcomes = race(
        resident_actions.submit_declaration,
        {"account_id": account.pk, "data": _declaration()},
        {"account_id": account.pk, "data": _declaration()},
    )
    assert len(succeeded(outcomes)) == 1 and ResidentRequest.objects.count() == 1
    assert audited("declaration.submit") == 1


def _submitted():
    return resident_actions.submit_declaration(account_id=_resident().pk, data=_declaration())


@race_case("confirm_declaration")
def test_confirm_declaration(org, clock):
    item = _submitted()
    outcomes = twice(resident_actions.confirm_declaration, acting_user=org.clerk, request_id=item.pk)
    assert len(succeeded(outcomes)) == 1
    assert Registration.objects.count() == 1 and audited("declaration.confirm") == 1


@race_case("return_declaration")
def test_return_declaration(org, clock):
    item = _submitted()
    outcomes = twice(resident_actions.return_declaration, acting_user=org.clerk, request_id=item.pk, reason="地址不详")
    assert len(succeeded(outcomes)) == 1 and audited("declaration.return") == 1


@race_case("mark_notices_read")
def test_mark_notices_read(org, clock):
    from juzhu.notify.models import Notification

    item = _submitted()  # its "submitted" notice is in the declarant's inbox
    notice = Notification.objects.get(kind="declaration")
    outcomes = race(
        resident_actions.mark_notices_read,
        {"account_id": item.account_id, "notice_ids": [notice.pk]},
        {"account_id": item.account_id},
    )
    assert sorted(outcomes) == [0, 1]  # one of the two marked it; the other found nothing unread
    assert Notification.objects.get(pk=notice.pk).read_at is not None


def _online_application(org, clock, missing: tuple[str, ...] = ()):
    """A bound resident's online application (the residents' tests' own set-up), some materials left out."""
    from tests.residents.test_applications import bound_resident, complete_files

    account, _ = bound_resident(org, clock)
    files = {code: items for code, items in complete_files().items() if code not in missing}
    item = resident_actions.submit_application(account_id=account.pk, condition="employment", files=files)
    return account, item


@race_case("submit_application")
def test_submit_application(org, clock):
    from juzhu.residents.models import RequestUpload, ResidentRequest
    from tests.residents.test_applications import bound_resident, complete_files

    account, _ = bound_resident(org, clock)
    outcomes = twice(
        resident_actions.submit_application, account_id=account.pk, condition="employment", files=complete_files()
    )
    assert len(succeeded(outcomes)) == 1
    item = ResidentRequest.objects.get(kind="application")
    assert RequestUpload.objects.count() == item.uploads.count() == 5  # the refused one left no file row


@race_case("receive_online_application")
def test_receive_online_application(org, clock):
    _, item = _online_application(org, clock)
    materials = ["resident_id_card", "photo", "residence_address_proof", "employment_proof"]
    outcomes = twice(
        resident_actions.receive_online_application, acting_user=org.clerk, request_id=item.pk, materials=materials
    )
    assert len(succeeded(outcomes)) == 1
    assert PermitApplication.objects.count() == 1 and audited("online_application.receive") == 1


@race_case("upload_missing")
def test_upload_missing(org, clock):
    from tests.residents.test_applications import pdf

    account, item = _online_application(org, clock, missing=("employment_proof",))
    resident_actions.receive_online_application(
        acting_user=org.clerk, request_id=item.pk, materials=["resident_id_card", "photo", "residence_address_proof"]
    )
    outcomes = twice(
        resident_actions.upload_missing, account_id=account.pk, files={"employment_proof": [("合同.pdf", pdf())]}
    )
    assert len(succeeded(outcomes)) == 1  # the second finds nothing waiting: 409
    assert item.uploads.filter(material="employment_proof").count() == 1


@race_case("return_online_application")
def test_return_online_application(org, clock):
    _, item = _online_application(org, clock)
    outcomes = twice(
        resident_actions.return_online_application, acting_user=org.clerk, request_id=item.pk, reason="材料模糊"
    )
    assert len(succeeded(outcomes)) == 1 and audited("online_application.return") == 1


# Who acts, by the keyword-only parameter naming them: staff (``acting_user``), a signed-in
# resident (``account_id``), someone signing in (``phone``).
ACTORS = ("acting_user", "account_id", "phone")


def write_actions() -> set[str]:
    """Every public function of juzhu/registry/actions/*.py, juzhu/residents/actions/*.py and
    juzhu/org/actions.py taking a keyword-only actor (``ACTORS``)."""
    found = set()
    modules = [
        f"{package.__name__}.{info.name}"
        for package in (actions, resident_actions)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    for module_name in [*modules, "juzhu.org.actions"]:
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            parameters = inspect.signature(function).parameters
            if (
                function.__module__ == module.__name__
                and not name.startswith("_")
                and any(
                    parameters[actor].kind is inspect.Parameter.KEYWORD_ONLY for actor in ACTORS if actor in parameters
                )
            ):
                found.add(name)
    return found - READS


@pytest.mark.django_db  # no database needed: not a transactional test (no flush and reload)
def test_every_write_action_has_a_race_case():
    actions_found = write_actions()
    assert {"register_residence", "replace_card", "enter_calendar_year", "verify_code"} <= actions_found  # found
    missing = actions_found - set(RACE_CASES)
    assert not missing, f"write actions without a race case in this module: {sorted(missing)}"


# --- issue 10: cards (address change, lost card, reissue, replacement) ----------------------


def _holder(org, clock):
    """张丽's permit, its card collected; her account bound (the phone on record)."""
    permit = issued_permit(org, clock)
    actions.hand_out_card(acting_user=org.clerk, card_id=permit.cards.get().pk)
    clock("2026-01-05")
    account = _resident("13812345678")
    resident_actions.bind_identity(account_id=account.pk, name="张丽", id_number=NEW_ID)
    return account, permit


def _moving(permit):
    from juzhu.residents.commands import AddressChangeData

    return AddressChangeData(permit=permit.number, town="610902002", address="汉滨区新城街道巴山路8号")


@race_case("submit_address_change")
def test_submit_address_change(org, clock):
    from juzhu.residents.models import ResidentRequest

    account, permit = _holder(org, clock)
    outcomes = twice(resident_actions.submit_address_change, account_id=account.pk, data=_moving(permit))
    assert len(succeeded(outcomes)) == 1 and ResidentRequest.objects.count() == 1
    assert audited("address_change.submit") == 1


@race_case("confirm_address_change")
def test_confirm_address_change(org, clock):
    account, permit = _holder(org, clock)
    item = resident_actions.submit_address_change(account_id=account.pk, data=_moving(permit))
    outcomes = twice(resident_actions.confirm_address_change, acting_user=org.other_clerk, request_id=item.pk)
    assert len(succeeded(outcomes)) == 1
    assert AddressChange.objects.count() == 1 and audited("address_change.confirm") == 1


@race_case("return_address_change")
def test_return_address_change(org, clock):
    account, permit = _holder(org, clock)
    item = resident_actions.submit_address_change(account_id=account.pk, data=_moving(permit))
    outcomes = twice(
        resident_actions.return_address_change, acting_user=org.other_clerk, request_id=item.pk, reason="地址不详"
    )
    assert len(succeeded(outcomes)) == 1 and audited("address_change.return") == 1


@race_case("report_lost_card")
def test_report_lost_card(org, clock):
    from juzhu.residents.commands import LostCardData
    from juzhu.residents.models import ResidentRequest

    account, permit = _holder(org, clock)
    data = LostCardData(permit=permit.number, reissue=True)
    outcomes = twice(resident_actions.report_lost_card, account_id=account.pk, data=data)
    assert len(succeeded(outcomes)) == 1 and audited("card.report_lost") == 1
    assert ResidentRequest.objects.filter(kind="card_reissue").count() == 1
    assert PermitCard.objects.get(permit=permit).status == "void"


def _card_request(org, clock):
    from juzhu.residents.commands import CardRequestData

    account, permit = _holder(org, clock)
    data = CardRequestData(permit=permit.number)
    return account, permit, data


@race_case("submit_card_request")
def test_submit_card_request(org, clock):
    from juzhu.residents.models import ResidentRequest

    account, _permit, data = _card_request(org, clock)
    outcomes = twice(resident_actions.submit_card_request, account_id=account.pk, kind="card_replacement", data=data)
    assert len(succeeded(outcomes)) == 1 and ResidentRequest.objects.count() == 1


@race_case("confirm_card_request")
def test_confirm_card_request(org, clock):
    account, permit, data = _card_request(org, clock)
    item = resident_actions.submit_card_request(account_id=account.pk, kind="card_replacement", data=data)
    outcomes = twice(
        resident_actions.confirm_card_request, acting_user=org.clerk, request_id=item.pk, old_card_returned=True
    )
    assert len(succeeded(outcomes)) == 1
    assert PermitCard.objects.filter(permit=permit).count() == 2 and audited("card_request.confirm") == 1


@race_case("return_card_request")
def test_return_card_request(org, clock):
    account, _permit, data = _card_request(org, clock)
    item = resident_actions.submit_card_request(account_id=account.pk, kind="card_replacement", data=data)
    outcomes = twice(
        resident_actions.return_card_request, acting_user=org.clerk, request_id=item.pk, reason="原证未带来"
    )
    assert len(succeeded(outcomes)) == 1 and audited("card_request.return") == 1


# --- issue 10: endorsement ----------------------------------------------------------------------


def _endorsement_submitted(org, clock):
    """The holder of issued_permit() asks online inside the window (2026-11-20)."""
    from juzhu.residents.actions import EndorsementData

    permit = issued_permit(org, clock)
    clock("2026-11-20")
    account = _resident("13812345678")  # person_data()'s phone: the holder's
    resident_actions.bind_identity(account_id=account.pk, name=permit.holder_name, id_number=permit.holder_id_number)
    data = EndorsementData(permit=permit.pk, address=permit.residence_address, confirmed=True)
    return account, data


@race_case("submit_endorsement")
def test_submit_endorsement(org, clock):
    from juzhu.residents.models import ResidentRequest

    account, data = _endorsement_submitted(org, clock)
    outcomes = twice(resident_actions.submit_endorsement, account_id=account.pk, data=data)
    assert len(succeeded(outcomes)) == 1 and ResidentRequest.objects.filter(kind="endorsement").count() == 1
    assert audited("endorsement.submit") == 1


@race_case("confirm_endorsement")
def test_confirm_endorsement(org, clock):
    account, data = _endorsement_submitted(org, clock)
    item = resident_actions.submit_endorsement(account_id=account.pk, data=data)
    outcomes = twice(resident_actions.confirm_endorsement, acting_user=org.clerk, request_id=item.pk)
    assert len(succeeded(outcomes)) == 1
    assert Endorsement.objects.count() == 1 and audited("endorsement.confirm") == 1


@race_case("return_endorsement")
def test_return_endorsement(org, clock):
    account, data = _endorsement_submitted(org, clock)
    item = resident_actions.submit_endorsement(account_id=account.pk, data=data)
    outcomes = twice(resident_actions.return_endorsement, acting_user=org.clerk, request_id=item.pk, reason="无法核实")
    assert len(succeeded(outcomes)) == 1 and audited("endorsement.return") == 1
