"""The portal's endorsement page (Art 13, R-11, R-11a, R-11b) and the clerk's page, through the
test client: what the rules say today for each permit, the form inside the window or late, a
clear Chinese answer outside it (never a 500), her own permits only."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from juzhu.registry.jobs.daily import run_daily
from juzhu.residents.models import ResidentRequest
from tests.factories import office_client
from tests.registry.flows import issued_permit, registered
from tests.residents.helpers import id_number

from .test_pages import OWN_PHONE, sign_in

pytestmark = pytest.mark.django_db


def holder_client(permit) -> Client:
    client = Client()
    sign_in(client, OWN_PHONE)
    client.post(reverse("portal:bind"), {"name": permit.holder_name, "id_number": permit.holder_id_number})
    return client


def form(permit, **overrides) -> dict:
    return {"permit": str(permit.pk), "address": permit.residence_address, "confirmed": "on", **overrides}


def test_inside_the_window_she_confirms_the_address_and_the_clerk_confirms(staff, clock):
    permit = issued_permit(staff, clock)
    client = holder_client(permit)
    clock("2026-11-20")
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:endorse") in home and 'data-testid="endorse-link"' in home
    page = client.get(reverse("portal:endorse")).content.decode()
    assert 'data-kind="open"' in page and permit.residence_address in page
    assert "2026-11-02 至 2026-12-02" in page and 'type="checkbox"' in page
    unticked = client.post(reverse("portal:endorse"), form(permit, confirmed=""))
    assert unticked.status_code == 400 and "请勾选确认您仍居住在登记的居住地址" in unticked.content.decode()
    response = client.post(reverse("portal:endorse"), form(permit), follow=True)
    page = response.content.decode()
    assert "签注申请已提交" in page and 'data-testid="pending"' in page and 'type="checkbox"' not in page
    item = ResidentRequest.objects.get(kind="endorsement")
    clerk = office_client(staff.clerk)
    assert office_client(staff.other_clerk).get(reverse("endorsement", args=[item.pk])).status_code == 404
    opened = clerk.get(reverse("endorsement", args=[item.pk])).content.decode()
    assert permit.number in opened and permit.residence_address in opened and "2026-11-02 至 2026-12-02" in opened
    assert "房东或用人单位报告佐证" in opened
    clock("2026-11-24")
    confirmed = clerk.post(reverse("endorsement", args=[item.pk]), {"step": "confirm"})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("permit", args=[permit.pk])
    page = client.get(reverse("portal:endorse")).content.decode()
    assert 'data-kind="endorsed"' in page and "本年度已签注（2026-11-20）" in page
    inbox = client.get(reverse("portal:inbox")).content.decode()
    assert "已签注，签注日期2026年11月20日" in inbox and "已收到" in inbox
    access = client.get(reverse("portal:access")).content.decode()
    assert "审核网上签注申请" in access  # the clerk's read, which she sees


def test_first_year_says_when_the_window_opens_and_a_forced_post_gets_the_reason(staff, clock):
    permit = issued_permit(staff, clock)
    client = holder_client(permit)
    clock("2026-06-01")
    page = client.get(reverse("portal:endorse")).content.decode()
    assert 'data-kind="first_year"' in page and "首次签注期为 2026-11-02 至 2026-12-02" in page
    assert 'type="checkbox"' not in page
    response = client.post(reverse("portal:endorse"), form(permit))
    assert response.status_code == 400 and "签发未满1年，暂不需要签注" in response.content.decode()
    assert not ResidentRequest.objects.exists()


def test_after_the_anniversary_the_page_explains_suspension_and_restoration(staff, clock):
    permit = issued_permit(staff, clock)
    client = holder_client(permit)
    run_daily(datetime.date(2026, 12, 3))
    clock("2027-01-15")
    page = client.get(reverse("portal:endorse")).content.decode()
    assert 'data-kind="late"' in page and "自 <strong>2026-12-03</strong> 起中止" in page
    assert "使用功能恢复" in page and "自该日起连续计算" in page and "提交补办签注申请" in page
    response = client.post(reverse("portal:endorse"), form(permit), follow=True)
    assert "签注申请已提交" in response.content.decode()
    assert ResidentRequest.objects.get(kind="endorsement").late


def test_another_residents_permit_gets_a_message_not_a_request(staff, clock):
    permit = issued_permit(staff, clock)
    clock("2026-11-20")
    other = registered(staff, id_number=id_number(9), name="王芳", phone="13912345671")
    client = Client()
    sign_in(client, "13912345671")
    client.post(reverse("portal:bind"), {"name": "王芳", "id_number": other.person.id_number})
    page = client.get(reverse("portal:endorse")).content.decode()
    assert permit.number not in page and "没有居住证" in page
    response = client.post(reverse("portal:endorse"), form(permit))
    assert response.status_code == 400 and "居住证不存在" in response.content.decode()
    assert not ResidentRequest.objects.exists()


def test_asked_in_the_window_and_not_yet_confirmed_it_is_not_suspended(staff, clock):
    permit = issued_permit(staff, clock)
    client = holder_client(permit)
    clock("2026-12-01")
    client.post(reverse("portal:endorse"), form(permit))
    run_daily(datetime.date(2026, 12, 3))
    clock("2026-12-04")
    page = client.get(reverse("portal:endorse")).content.decode()
    assert 'data-testid="pending-in-time"' in page and "扫码核验仍显示有效" in page
    assert "提交补办签注申请" not in page and 'data-testid="suspended"' not in page


def test_a_holiday_anniversary_shows_the_window_to_the_next_working_day(staff, clock):
    # Anniversary 2026-06-19 is 端午: the window ends on Mon 2026-06-22 (Civil Code Art 203, R-11a).
    permit = issued_permit(staff, clock, registered_on="2024-12-18", applied_on="2025-06-19")
    client = holder_client(permit)
    clock("2026-06-22")
    page = client.get(reverse("portal:endorse")).content.decode()
    assert 'data-kind="open"' in page and "2026-05-19 至 2026-06-22" in page and "顺延至下一个工作日" in page
    clock("2026-06-23")
    page = client.get(reverse("portal:endorse")).content.decode()
    assert 'data-kind="late"' in page and "自 <strong>2026-06-23</strong> 起中止" in page


def test_a_void_permit_has_nothing_to_endorse_on_the_page(staff, clock):
    from juzhu.registry.models import Permit

    permit = issued_permit(staff, clock)
    client = holder_client(permit)
    Permit.objects.filter(pk=permit.pk).update(status="void")
    clock("2026-11-20")
    page = client.get(reverse("portal:endorse")).content.decode()
    assert 'data-kind="void"' in page and "已作废，无需签注" in page and 'type="checkbox"' not in page
    assert 'data-testid="endorse-link"' not in client.get(reverse("portal:home")).content.decode()
