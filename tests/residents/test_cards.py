"""Address change, lost card, reissue and replacement online (issue 10; Art 14-16, R-13a): the
holder asks, her station confirms through the registry's own actions; a lost card is void at once."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client

from juzhu.audit.models import AuditEntry
from juzhu.credentials.issue import credential_url
from juzhu.credentials.models import CardCredential
from juzhu.notify.models import Notification
from juzhu.office.queues import queues_for
from juzhu.registry.actions import hand_out_card
from juzhu.registry.errors import ActionError, NotFound
from juzhu.registry.models import AddressChange, Permit, PermitCard
from juzhu.residents.actions import (
    OtherCounty,
    bind_identity,
    confirm_address_change,
    confirm_card_request,
    report_lost_card,
    return_address_change,
    return_card_request,
    submit_address_change,
    submit_card_request,
)
from juzhu.residents.commands import AddressChangeData, CardRequestData, LostCardData
from juzhu.residents.models import ResidentRequest
from tests.registry.flows import issued_permit, registered

from .helpers import id_number, signed_in

pytestmark = pytest.mark.django_db

HOLDER_PHONE = "13812345678"  # tests.factories.person_data


def holder(staff, clock):
    """张丽 holds a permit (Laocheng, 610902001) whose card she collected, and is signed in."""
    permit = issued_permit(staff, clock)
    hand_out_card(acting_user=staff.clerk, card_id=permit.cards.get().pk)
    clock("2026-01-05")
    account = signed_in(HOLDER_PHONE)
    bind_identity(account_id=account.pk, name="张丽", id_number="610113199002280029")
    return account, Permit.objects.get(pk=permit.pk)


def moving(permit, town="610902002", address="汉滨区新城街道巴山路8号") -> AddressChangeData:
    return AddressChangeData.model_construct(permit=permit.number, town=town, address=address)


def queue(user, key):
    return {q.key: q for q in queues_for(user)}[key]


def test_an_address_change_is_confirmed_by_the_station_of_the_new_town(staff, clock):
    account, permit = holder(staff, clock)
    item = submit_address_change(account_id=account.pk, data=moving(permit))
    assert item.kind == "address_change" and item.town_id == "610902002"
    # Art 14: the new residence's station (Xincheng), not the old one (Laocheng).
    assert queue(staff.other_clerk, "address_changes").total == 1
    assert queue(staff.clerk, "address_changes").total == 0
    with pytest.raises(NotFound):
        confirm_address_change(acting_user=staff.clerk, request_id=item.pk)
    clock("2026-01-07")
    confirm_address_change(acting_user=staff.other_clerk, request_id=item.pk)
    permit.refresh_from_db()
    assert permit.town_id == "610902002" and permit.residence_address == "汉滨区新城街道巴山路8号"
    change = AddressChange.objects.get(permit=permit)
    assert change.old_town_id == "610902001" and change.changed_by == staff.other_clerk
    assert AuditEntry.objects.filter(action="address_change.confirm", person_id=permit.person_id).exists()
    texts = list(
        Notification.objects.filter(person_id=permit.person_id, kind="resident_request").values_list("text", flat=True)
    )
    assert any("已提交" in t and "依法免费" in t for t in texts) and any("已办理" in t for t in texts)
    with pytest.raises(ActionError) as again:
        confirm_address_change(acting_user=staff.other_clerk, request_id=item.pk)
    assert again.value.status == 409


def test_a_move_to_another_county_is_a_new_declaration(staff, clock):
    account, permit = holder(staff, clock)
    with pytest.raises(OtherCounty) as refused:
        submit_address_change(account_id=account.pk, data=moving(permit, town="610981100"))
    assert refused.value.field == "town" and "重新申报居住登记" in refused.value.message
    for town, field in (("110101001", "town"), ("", "town")):
        with pytest.raises(ActionError) as bad:
            submit_address_change(account_id=account.pk, data=moving(permit, town=town))
        assert bad.value.field == field
    with pytest.raises(ActionError) as too_long:
        submit_address_change(account_id=account.pk, data=moving(permit, address="巴山路" * 70))
    assert too_long.value.field == "address" and "200" in too_long.value.message
    assert not ResidentRequest.objects.exists()


def test_double_submits_and_permits_not_hers_are_refused(staff, clock):
    account, permit = holder(staff, clock)
    submit_address_change(account_id=account.pk, data=moving(permit))
    with pytest.raises(ActionError) as twice:
        submit_address_change(account_id=account.pk, data=moving(permit, address="巴山路9号"))
    assert twice.value.status == 409 and "请勿重复提交" in twice.value.message
    stranger = signed_in("13912340000")  # not bound to a person: refused before anything
    with pytest.raises(ActionError) as unbound:
        submit_address_change(account_id=stranger.pk, data=moving(permit))
    assert unbound.value.status == 403
    assert ResidentRequest.objects.count() == 1


def test_the_returned_address_change_says_why(staff, clock):
    account, permit = holder(staff, clock)
    item = submit_address_change(account_id=account.pk, data=moving(permit))
    with pytest.raises(NotFound):
        return_address_change(acting_user=staff.clerk, request_id=item.pk, reason="地址不详")
    return_address_change(acting_user=staff.other_clerk, request_id=item.pk, reason="门牌号不存在")
    item.refresh_from_db()
    assert item.status == "returned" and item.return_reason == "门牌号不存在"
    assert Notification.objects.filter(person_id=permit.person_id, text__contains="门牌号不存在").exists()
    submit_address_change(account_id=account.pk, data=moving(permit))  # she may ask again


def test_a_lost_card_is_void_at_once_and_verifies_as_void(staff, clock):
    account, permit = holder(staff, clock)
    card = permit.cards.get()
    url = credential_url(card)
    client = Client()
    assert "<strong>有效</strong>" in client.get(urlsplit(url).path).content.decode()
    request = report_lost_card(
        account_id=account.pk, data=LostCardData.model_construct(permit=permit.number, reissue=True)
    )
    card.refresh_from_db()
    assert card.status == "void" and card.voided_on.isoformat() == "2026-01-05"
    assert CardCredential.objects.get(card=card).status == 1  # the status list entry, by post_save
    page = client.get(urlsplit(url).path).content.decode()
    assert "已作废" in page and "挂失" in page
    lost = AuditEntry.objects.get(action="card.report_lost")
    assert lost.actor_id is None and lost.actor == account.username and lost.person_id == permit.person_id
    # The reissue request waits at her station (Laocheng); another station cannot confirm it.
    assert request.kind == "card_reissue" and queue(staff.clerk, "card_requests").total == 1
    with pytest.raises(NotFound):
        confirm_card_request(acting_user=staff.other_clerk, request_id=request.pk)
    clock("2026-01-06")
    confirm_card_request(acting_user=staff.clerk, request_id=request.pk)
    new = permit.cards.get(version=2)
    assert new.kind == "reissue" and new.status == "produced" and new.fee == 0
    card.refresh_from_db()
    assert card.void_reason.startswith("持证人挂失")  # replace_card left the lost card's reason alone
    assert CardCredential.objects.get(card=new).status == 0
    # Reported twice: refused, nothing written.
    with pytest.raises(ActionError) as again:
        report_lost_card(account_id=account.pk, data=LostCardData.model_construct(permit=permit.number, reissue=False))
    assert again.value.status == 409


def test_lost_without_reissue_then_reissue_later(staff, clock):
    account, permit = holder(staff, clock)
    with pytest.raises(ActionError) as first_report:
        submit_card_request(
            account_id=account.pk, kind="card_reissue", data=CardRequestData.model_construct(permit=permit.number)
        )
    assert "先挂失" in first_report.value.message
    assert report_lost_card(account_id=account.pk, data=LostCardData.model_construct(permit=permit.number)) is None
    data = CardRequestData.model_construct(permit=permit.number)
    with pytest.raises(ActionError) as replacement:
        submit_card_request(account_id=account.pk, kind="card_replacement", data=data)
    assert "补领" in replacement.value.message
    item = submit_card_request(account_id=account.pk, kind="card_reissue", data=data)
    with pytest.raises(ActionError) as twice:
        submit_card_request(account_id=account.pk, kind="card_reissue", data=data)
    assert twice.value.status == 409
    return_card_request(acting_user=staff.clerk, request_id=item.pk, reason="请到所核验身份")
    assert PermitCard.objects.get(permit=permit, version=1).status == "void"  # still void (R-13a)


def test_a_replacement_keeps_the_old_card_valid_until_the_new_one_is_made(staff, clock):
    account, permit = holder(staff, clock)
    old = permit.cards.get()
    item = submit_card_request(
        account_id=account.pk, kind="card_replacement", data=CardRequestData.model_construct(permit=permit.number)
    )
    old.refresh_from_db()
    assert old.status == "handed_out" and CardCredential.objects.get(card=old).status == 0
    with pytest.raises(ActionError) as not_back:
        confirm_card_request(acting_user=staff.clerk, request_id=item.pk)
    assert not_back.value.field == "old_card_returned"
    confirm_card_request(acting_user=staff.clerk, request_id=item.pk, old_card_returned=True)
    old.refresh_from_db()
    assert old.status == "void" and old.old_card_returned and CardCredential.objects.get(card=old).status == 1
    assert permit.cards.get(version=2).kind == "replacement"


def test_a_void_permit_or_someone_elses_is_refused(staff, clock):
    account, permit = holder(staff, clock)
    other = signed_in("13912340001")
    neighbour = registered(staff, id_number=id_number(7), name="王芳", phone="13912340001")
    bind_identity(account_id=other.pk, name="王芳", id_number=id_number(7))
    for who, number in ((other, permit.number), (account, "AK0000000000")):
        with pytest.raises(ActionError) as unknown:
            report_lost_card(account_id=who.pk, data=LostCardData.model_construct(permit=number, reissue=True))
        assert unknown.value.status == 404 and unknown.value.field == "permit"
        assert "未找到您名下" in unknown.value.message
    assert neighbour.person_id != permit.person_id
    Permit.objects.filter(pk=permit.pk).update(status="void")
    with pytest.raises(ActionError) as void:
        report_lost_card(account_id=account.pk, data=LostCardData.model_construct(permit=permit.number, reissue=True))
    assert void.value.status == 409 and "已作废" in void.value.message
    assert permit.cards.get().status == "handed_out" and not ResidentRequest.objects.exists()


def test_the_entries_read_back_as_their_payloads_and_show_on_the_timeline(staff, clock):
    from juzhu.audit.payloads import payload_of
    from juzhu.office.timeline import timeline_for
    from juzhu.registry.events.payloads import CardReportedLost
    from juzhu.residents import events

    account, permit = holder(staff, clock)
    item = report_lost_card(
        account_id=account.pk, data=LostCardData.model_construct(permit=permit.number, reissue=True)
    )
    lost = AuditEntry.objects.get(action="card.report_lost")
    assert payload_of(lost.action, lost.detail) == CardReportedLost(permit=permit.number, version=1)
    asked = AuditEntry.objects.get(action="card_request.submit")
    assert payload_of(asked.action, asked.detail) == events.CardRequestSubmitted(
        item.number, permit.number, "card_reissue"
    )
    shown = {e["what"]: e["note"] for e in timeline_for(permit.person)}
    assert shown["居住证挂失（原证即时作废）"] == "第1版卡片即时作废（居民挂失）"
    sms = Notification.objects.filter(person_id=permit.person_id, kind="resident_request").values_list(
        "text", flat=True
    )
    assert any("已挂失" in t and "如非本人操作" in t for t in sms) and any("免收工本费" in t for t in sms)
