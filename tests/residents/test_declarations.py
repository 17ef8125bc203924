"""The online residence declaration (Art 9, R-03): checked as the office checks, queued at the
station of the declared town, confirmed through the registry's action or returned."""

from __future__ import annotations

import datetime

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.office.queues import QUEUES, queues_for
from juzhu.registry.errors import ActionError, NotFound, RuleRefusal
from juzhu.registry.models import Registration
from juzhu.residents.actions import DeclarationData, confirm_declaration, return_declaration, submit_declaration
from juzhu.residents.models import ResidentRequest

from .helpers import PHONE, id_number, signed_in

pytestmark = pytest.mark.django_db


def declaration(**overrides) -> DeclarationData:
    values = dict(
        name="李娜",
        id_number=id_number(5),
        ethnicity="01",
        hukou_division="610113",
        hukou_address="陕西省西安市雁塔区小寨路9号",
        town="610902001",
        address="汉滨区老城街道兴安路12号",
        arrival_date=datetime.date(2026, 2, 26),
        reason="work",
        housing="rented",
    )
    values.update(overrides)
    # Unchecked, as a caller that skips the form would send it: the action checks it again.
    return DeclarationData.model_construct(**values)


def test_declared_then_confirmed_by_the_station_of_the_town(staff, clock):
    clock("2026-03-02")
    account = signed_in()
    item = submit_declaration(account_id=account.pk, data=declaration())
    # Arrived Thu 26 Feb: 27 Feb, Sat 28 Feb (a 2026 Spring Festival working day), 2, 3, 4 Mar.
    assert item.status == "submitted" and item.due_date == datetime.date(2026, 3, 4) and not item.late
    # In the queue of the station serving 老城街道, not of the other station.
    mine = {q.key: q for q in queues_for(staff.clerk)}["declarations"]
    assert mine.total == 1 and mine.items[0].title == "李娜"
    assert {q.key: q for q in queues_for(staff.other_clerk)}["declarations"].total == 0
    with pytest.raises(NotFound):
        confirm_declaration(acting_user=staff.other_clerk, request_id=item.pk)
    clock("2026-03-09")  # the clerk confirms a week later: the declaration day counts (not late)
    confirmed = confirm_declaration(acting_user=staff.clerk, request_id=item.pk)
    registration = Registration.objects.get(pk=confirmed.registration_id)
    assert registration.declared_date == datetime.date(2026, 3, 2) and not registration.late
    assert registration.person.phone == PHONE and registration.registered_by == staff.clerk
    account.refresh_from_db()
    assert account.person_id == registration.person_id  # the declarant is bound to her new record
    assert AuditEntry.objects.filter(action="declaration.confirm", person_id=registration.person_id).exists()
    with pytest.raises(ActionError) as again:
        confirm_declaration(acting_user=staff.clerk, request_id=item.pk)
    assert again.value.status == 409


def test_a_late_declaration_says_so(staff, clock):
    clock("2026-03-20")
    item = submit_declaration(account_id=signed_in().pk, data=declaration())
    assert item.late and item.due_date == datetime.date(2026, 3, 4)


def test_an_address_outside_the_city_is_named(clock):
    account = signed_in()
    for town in ("110101001", "610902"):
        with pytest.raises(ActionError) as refused:
            submit_declaration(account_id=account.pk, data=declaration(town=town))
        assert refused.value.field == "town" and "安康市" in refused.value.message
    with pytest.raises(ActionError) as missing:  # the command's own check, before the rules
        submit_declaration(account_id=account.pk, data=declaration(town=""))
    assert missing.value.field == "town" and missing.value.message == "请填写居住地乡镇（街道）"
    assert not ResidentRequest.objects.exists()


def test_not_floating_population_is_refused_with_article_2(clock):
    account = signed_in()
    with pytest.raises(RuleRefusal) as refused:  # hukou in 汉滨区, residence in 汉滨区
        submit_declaration(account_id=account.pk, data=declaration(hukou_division="610902"))
    assert refused.value.field == "hukou_division" and any("第二条" in c for c in refused.value.decision.citations)
    with pytest.raises(RuleRefusal) as outside:  # a Hong Kong resident (R-02a)
        submit_declaration(account_id=account.pk, data=declaration(id_number=id_number(7, region="810000")))
    assert outside.value.field == "id_number" and outside.value.decision.outcome == "out_of_scope"


def test_an_arrival_in_the_future_and_a_second_open_declaration_are_refused(clock):
    account = signed_in()
    with pytest.raises(ActionError) as future:
        submit_declaration(account_id=account.pk, data=declaration(arrival_date=datetime.date(2026, 3, 3)))
    assert future.value.field == "arrival_date"
    submit_declaration(account_id=account.pk, data=declaration())
    with pytest.raises(ActionError) as twice:
        submit_declaration(account_id=account.pk, data=declaration())
    assert twice.value.status == 409


def test_returned_with_a_reason_the_resident_reads(staff, clock):
    account = signed_in()
    item = submit_declaration(account_id=account.pk, data=declaration())
    with pytest.raises(ActionError) as empty:
        return_declaration(acting_user=staff.clerk, request_id=item.pk, reason=" ")
    assert empty.value.field == "reason"
    returned = return_declaration(acting_user=staff.clerk, request_id=item.pk, reason="门牌号不存在，请核对")
    assert returned.status == "returned"
    assert QUEUES["declarations"].ordered(staff.clerk, returned.submitted_on).count() == 0
    submit_declaration(account_id=account.pk, data=declaration(address="汉滨区老城街道兴安路14号"))  # again


def test_a_bound_resident_declares_for_herself_only(staff, clock):
    account = signed_in()
    item = submit_declaration(account_id=account.pk, data=declaration())
    confirm_declaration(acting_user=staff.clerk, request_id=item.pk)
    with pytest.raises(ActionError) as refused:
        submit_declaration(account_id=account.pk, data=declaration(id_number=id_number(9)))
    assert refused.value.field == "id_number" and refused.value.status == 403


def test_a_move_is_confirmed_as_at_the_window(staff, clock):
    """A resident registered at station B declares a 老城街道 address: station A confirms a move."""
    from juzhu.registry.actions import register_residence
    from juzhu.registry.errors import IdentityConflict
    from tests.factories import person_data, residence_data

    clock("2026-01-05")
    old = register_residence(
        acting_user=staff.other_clerk,
        person=person_data(id_number=id_number(5), name="李娜", phone=PHONE),
        residence=residence_data(
            town="610902002", address="汉滨区新城街道巴山路8号", arrival_date=datetime.date(2026, 1, 2)
        ),
    )
    clock("2026-03-02")
    account = signed_in()
    item = submit_declaration(account_id=account.pk, data=declaration(hukou_address="陕西省西安市雁塔区小寨路1号"))
    with pytest.raises(IdentityConflict) as shown:
        confirm_declaration(acting_user=staff.clerk, request_id=item.pk)
    assert shown.value.details["moves"] and ResidentRequest.objects.get().status == "submitted"
    confirmed = confirm_declaration(
        acting_user=staff.clerk, request_id=item.pk, move=True, confirmation=shown.value.details["confirmation"]
    )
    old.refresh_from_db()
    assert old.status == "moved" and confirmed.registration.person_id == old.person_id
