"""The holder's pages (issue 10: address change, lost card, reissue, replacement) and the
station's pages that confirm them, through the test client."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now
from juzhu.credentials.issue import credential_url
from juzhu.registry.actions import hand_out_card
from juzhu.registry.models import Permit, PermitCard
from juzhu.residents.models import ResidentRequest
from tests.factories import office_client
from tests.registry.flows import issued_permit

from .test_pages import OWN_PHONE, sign_in

pytestmark = pytest.mark.django_db


def holder_client(staff, clock) -> tuple[Client, Permit]:
    permit = issued_permit(staff, clock)
    hand_out_card(acting_user=staff.clerk, card_id=permit.cards.get().pk)
    clock("2026-01-05")
    client = Client()
    sign_in(client, OWN_PHONE)
    client.post(reverse("portal:bind"), {"name": "张丽", "id_number": "610113199002280029"})
    return client, Permit.objects.get(pk=permit.pk)


def test_the_pages_say_it_is_free_and_link_from_home(staff, clock):
    client, permit = holder_client(staff, clock)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:permit_services") in home
    page = client.get(reverse("portal:permit_services")).content.decode()
    assert "第十六条" in page and permit.number in page and "已领取" in page
    for name in ("portal:address_change", "portal:lost_card", "portal:card_request"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and "第十六条" in response.content.decode()


def test_address_change_online_confirmed_at_the_new_station(staff, clock):
    client, permit = holder_client(staff, clock)
    form = {"permit": permit.number, "town": "610981100", "address": "旬阳市城关镇祝尔康大道1号"}
    other = client.post(reverse("portal:address_change"), form)
    text = other.content.decode()
    assert other.status_code == 400 and "重新申报居住登记" in text and reverse("portal:declare") in text
    too_long = client.post(reverse("portal:address_change"), {**form, "town": "610902002", "address": "路" * 201})
    assert too_long.status_code == 400 and "新居住地址" in too_long.content.decode()
    form["town"], form["address"] = "610902002", "汉滨区新城街道巴山路8号"
    done = client.post(reverse("portal:address_change"), form, follow=True)
    assert "地址变更申请已提交" in done.content.decode()
    again = client.post(reverse("portal:address_change"), form)
    assert again.status_code == 400 and "请勿重复提交" in again.content.decode()
    item = ResidentRequest.objects.get(kind="address_change")
    url = reverse("address_change_request", args=[item.pk])
    assert office_client(staff.clerk).get(url).status_code == 404  # the old station does not confirm
    clerk = office_client(staff.other_clerk)
    page = clerk.get(url).content.decode()
    assert "巴山路8号" in page and "第十四条" in page
    sequence_now()  # logged reads are chained in batches
    assert AuditEntry.objects.filter(action="address_change.view", person_id=permit.person_id).exists()
    confirmed = clerk.post(url, {"step": "confirm"})
    assert confirmed.status_code == 302
    permit.refresh_from_db()
    assert permit.town_id == "610902002"
    progress = client.get(reverse("portal:permit_services")).content.decode()
    assert "地址变更已办理" in progress
    who_read = client.get(reverse("portal:access")).content.decode()
    assert "查看网上居住地址变更申请" in who_read and "新城街道派出所" in who_read


def test_lost_card_two_steps_then_void_then_reissue_ready_at_the_station(staff, clock):
    client, permit = holder_client(staff, clock)
    card = permit.cards.get()
    verify = Client()
    review = client.post(reverse("portal:lost_card"), {"permit": permit.number, "reissue": "on"})
    assert review.status_code == 200 and "不能撤销" in review.content.decode()
    card.refresh_from_db()
    assert card.status == "handed_out"  # the first step writes nothing
    done = client.post(
        reverse("portal:lost_card"), {"permit": permit.number, "reissue": "on", "step": "confirm"}, follow=True
    )
    assert "原证即时作废" in done.content.decode()
    card.refresh_from_db()
    assert card.status == "void"
    assert "已作废" in verify.get(credential_url(card)).content.decode()
    twice = client.post(reverse("portal:lost_card"), {"permit": permit.number, "step": "confirm"})
    assert twice.status_code == 400 and "不能重复挂失" in twice.content.decode()
    item = ResidentRequest.objects.get(kind="card_reissue")
    url = reverse("card_request", args=[item.pk])
    assert office_client(staff.other_clerk).post(url, {"step": "confirm"}).status_code == 404
    assert office_client(staff.clerk).post(url, {"step": "confirm"}).status_code == 302
    new = PermitCard.objects.get(permit=permit, version=2)
    assert new.kind == "reissue"
    page = client.get(reverse("portal:permit_services")).content.decode()
    assert "第2版新证已制作" in page and "老城街道派出所" in page


def test_replacement_needs_the_old_card_back_and_can_be_returned(staff, clock):
    client, permit = holder_client(staff, clock)
    asked = client.post(reverse("portal:card_request"), {"permit": permit.number, "kind": "card_replacement"})
    assert asked.status_code == 302
    item = ResidentRequest.objects.get(kind="card_replacement")
    clerk = office_client(staff.clerk)
    url = reverse("card_request", args=[item.pk])
    refused = clerk.post(url, {"step": "confirm"})
    assert refused.status_code == 400 and "交回原证" in refused.content.decode()
    assert permit.cards.get().status == "handed_out"
    returned = clerk.post(url, {"step": "return", "reason": "原证未带来"})
    assert returned.status_code == 302
    page = client.get(reverse("portal:permit_services")).content.decode()
    assert "原证未带来" in page


def test_a_permit_that_is_not_hers_and_an_unbound_account(staff, clock):
    client, permit = holder_client(staff, clock)
    wrong = client.post(reverse("portal:card_request"), {"permit": "AK999", "kind": "card_replacement"})
    assert wrong.status_code == 400 and "未找到您名下" in wrong.content.decode()
    stranger = Client()
    sign_in(stranger, "13700000009")
    response = stranger.post(reverse("portal:lost_card"), {"permit": permit.number, "step": "confirm"})
    assert response.status_code == 400 and "实名绑定" in response.content.decode()
    assert permit.cards.get().status == "handed_out"


def test_after_a_loss_without_reissue_the_page_offers_it(staff, clock):
    client, permit = holder_client(staff, clock)
    client.post(reverse("portal:lost_card"), {"permit": permit.number, "step": "confirm"})
    page = client.get(reverse("portal:permit_services")).content.decode()
    assert 'data-testid="lost"' in page and reverse("portal:card_request") in page
    asked = client.post(reverse("portal:card_request"), {"permit": permit.number, "kind": "card_reissue"})
    assert asked.status_code == 302
    assert 'data-testid="lost"' not in client.get(reverse("portal:permit_services")).content.decode()


def test_the_e_permit_after_a_loss_says_lost_then_shows_the_new_card(staff, clock):
    client, permit = holder_client(staff, clock)
    url = reverse("portal:epermit", args=[permit.pk])
    client.post(reverse("portal:lost_card"), {"permit": permit.number, "reissue": "on", "step": "confirm"})
    page = client.get(url).content.decode()
    assert 'data-testid="epermit-lost"' in page and "已作废" in page and 'data-testid="epermit-qr"' not in page
    office_client(staff.clerk).post(
        reverse("card_request", args=[ResidentRequest.objects.get(kind="card_reissue").pk]), {"step": "confirm"}
    )
    page = client.get(url).content.decode()
    assert 'data-testid="epermit-qr"' in page and "第2版" in page
