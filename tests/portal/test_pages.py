"""The portal's pages through the test client: sign-in, binding, declaration, own data only,
and the separation of resident and staff sessions (issue 10)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from juzhu.audit.models import AuditEntry, PendingAuditEntry
from juzhu.notify.models import Notification
from juzhu.portal.session import ACCOUNT_KEY
from juzhu.registry.models import Registration
from juzhu.residents import reads
from juzhu.residents.actions import confirm_declaration
from juzhu.residents.models import ResidentAccount, ResidentRequest
from tests.factories import office_client
from tests.registry.flows import issued_permit, registered
from tests.residents.helpers import PHONE, id_number, sent_code

pytestmark = pytest.mark.django_db
OWN_PHONE = "13812345678"  # person_data()'s phone


def sign_in(client: Client, phone: str = PHONE):
    client.post(reverse("portal:sign_in"), {"phone": phone}, REMOTE_ADDR="203.0.113.5")
    return client.post(reverse("portal:code"), {"code": sent_code(phone)}, REMOTE_ADDR="203.0.113.5")


def declaration_form(**overrides) -> dict:
    values = {
        "name": "李娜",
        "id_number": id_number(5),
        "ethnicity": "01",
        "hukou_division": "610113",
        "hukou_address": "陕西省西安市雁塔区小寨路9号",
        "town": "610902001",
        "address": "汉滨区老城街道兴安路12号",
        "arrival_date": "2026-02-26",
        "reason": "work",
        "housing": "rented",
    }
    return {**values, **overrides}


def test_the_answer_to_a_number_is_the_same_known_or_not(staff, clock):
    registered(staff, phone=OWN_PHONE)
    pages = []
    for phone in (OWN_PHONE, "13700000001"):
        response = Client().post(reverse("portal:sign_in"), {"phone": phone}, follow=True)
        page = response.content.decode().replace(f"{phone[:3]}****{phone[-4:]}", "masked")
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "csrf", page))
    assert pages[0] == pages[1]


def test_a_bad_number_is_named_beside_its_field(clock):
    response = Client().post(reverse("portal:sign_in"), {"phone": "0915-3212345"})
    assert response.status_code == 400
    assert "手机号码应为11位中国大陆手机号码" in response.content.decode()


def test_first_sign_in_asks_for_binding_then_declares(staff, clock):
    client = Client()
    response = sign_in(client)
    assert response["Location"] == reverse("portal:bind")
    response = client.post(reverse("portal:bind"), {"name": "李娜", "id_number": id_number(5)})
    assert response.status_code == 200 and "网上申报居住登记" in response.content.decode()
    response = client.post(reverse("portal:declare"), declaration_form(town="110101001"))
    assert response.status_code == 400 and "居住地须为安康市内的乡镇（街道）" in response.content.decode()
    response = client.post(reverse("portal:declare"), declaration_form(), follow=True)
    page = response.content.decode()
    assert "申报已提交" in page and "待派出所确认" in page and "2026-03-04" in page and "个工作日" in page


def test_the_registration_certificate_of_her_own_only(staff, clock):
    client = Client()
    sign_in(client)
    client.post(reverse("portal:declare"), declaration_form())
    item = ResidentRequest.objects.get()
    confirm_declaration(acting_user=staff.clerk, request_id=item.pk)
    other = registered(staff, phone=OWN_PHONE)  # someone else's registration
    mine = Registration.objects.get(person__id_number=id_number(5))
    page = client.get(reverse("portal:home")).content.decode()
    assert mine.number in page and other.number not in page
    pdf = client.get(reverse("portal:document", args=["registration", mine.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    for kind, pk in (("registration", other.pk), ("registration", 999999), ("permit", mine.pk), ("receipt", 1)):
        assert client.get(reverse("portal:document", args=[kind, pk])).status_code == 404


def test_who_read_my_data_shows_units_and_roles_not_names_nor_her_own_reads(staff, clock):
    client = Client()
    sign_in(client)
    client.post(reverse("portal:declare"), declaration_form())
    item = ResidentRequest.objects.get()
    clerk = office_client(staff.clerk)
    assert clerk.get(reverse("declaration", args=[item.pk])).status_code == 200  # the clerk opens it
    response = clerk.post(reverse("declaration", args=[item.pk]), {"step": "confirm"})
    assert response.status_code == 302
    client.get(reverse("portal:home"))
    page = client.get(reverse("portal:access")).content.decode()
    assert "查看网上申报" in page and "审核网上申报" in page and "办理居住登记" in page
    assert staff.clerk.unit.name in page and "受理民警" in page
    assert staff.clerk.username not in page and (staff.clerk.display_name or "@@") not in page
    assert "居民查看本人信息" not in page and "居民账户" not in page
    own = PendingAuditEntry.objects.filter(action="resident.view_own").count()
    own += AuditEntry.objects.filter(action="resident.view_own").count()
    assert own >= 2  # her reads are logged, only not shown to her as someone else's


def test_inbox_newest_first_and_unread_marked_once(staff, clock):
    client = Client()
    sign_in(client)
    client.post(reverse("portal:declare"), declaration_form())
    confirm_declaration(acting_user=staff.clerk, request_id=ResidentRequest.objects.get().pk)
    first = client.get(reverse("portal:inbox")).content.decode()
    items = re.findall(r'data-testid="notification">(.*?)</li>', first, re.S)
    assert [("未读" in item, "已在" in item, "已提交" in item) for item in items] == [
        (True, True, False),  # the registration's SMS (the confirmation) above the submission's
        (True, False, True),
    ]
    assert not any("验证码" in item for item in items)  # a sign-in code is never in the inbox
    assert (
        client.get(reverse("portal:inbox")).content.decode().count('<strong class="badge">未读') == 2
    )  # opening reads none


def test_each_notice_is_read_on_its_own_and_only_her_own(staff, clock):
    client = Client()
    sign_in(client)
    client.post(reverse("portal:declare"), declaration_form())
    confirm_declaration(acting_user=staff.clerk, request_id=ResidentRequest.objects.get().pk)
    newest, older = reads.inbox(ResidentAccount.objects.get())
    someone_elses = Notification.objects.create(
        dedupe_key="other", person=None, recipient="13900000000", kind="declaration", text="别人的通知"
    )
    for notice in (older, someone_elses):
        assert client.post(reverse("portal:mark_read"), {"notice": notice.pk}).status_code == 302
    assert Notification.objects.get(pk=someone_elses.pk).read_at is None  # not hers: untouched
    assert Notification.objects.get(pk=older.pk).read_at is not None
    assert Notification.objects.get(pk=newest.pk).read_at is None
    assert "您有 1 条未读消息" in client.get(reverse("portal:home")).content.decode()
    assert client.post(reverse("portal:mark_read"), {"notice": "x"}).status_code == 404
    client.post(reverse("portal:mark_read"))  # all of them
    assert Notification.objects.get(pk=newest.pk).read_at is not None
    assert 'data-testid="unread"' not in client.get(reverse("portal:home")).content.decode()


def test_a_resident_session_never_reaches_the_office_or_the_api(clock):
    client = Client()
    sign_in(client)
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    assert client.get(reverse("search"))["Location"].startswith(reverse("login"))
    assert client.get("/api/v1/me").status_code == 401


def test_a_staff_session_is_not_a_resident_session(staff, clock):
    clerk = office_client(staff.clerk)
    response = clerk.get(reverse("portal:home"))
    assert response["Location"].startswith(reverse("portal:sign_in"))
    # Even with a resident's key slipped into the staff session, the portal does not open.
    account = ResidentAccount.objects.create(phone=PHONE, created_at=datetime.datetime.now(datetime.UTC))
    session = clerk.session
    session[ACCOUNT_KEY] = account.pk
    session.save()
    assert clerk.get(reverse("portal:home"))["Location"].startswith(reverse("portal:sign_in"))


def test_signing_in_as_a_resident_ends_a_staff_login_in_that_browser(staff, clock):
    clerk = office_client(staff.clerk)
    sign_in(clerk)
    assert clerk.get(reverse("portal:home")).status_code == 200
    assert clerk.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_permit_holder_sees_her_permit_and_downloads_her_documents(staff, clock):
    permit = issued_permit(staff, clock)
    client = Client()
    sign_in(client, OWN_PHONE)
    response = client.post(reverse("portal:bind"), {"name": "张丽", "id_number": "610113199002280029"}, follow=True)
    page = response.content.decode()
    assert "实名绑定成功" in page and permit.number in page and "下次签注截止" in page
    for kind, pk in (("receipt", permit.application_id), ("endorsements", permit.pk)):
        pdf = client.get(reverse("portal:document", args=[kind, pk]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), kind
    # The card is printed at the station, not downloaded; a refusal exists only for a refusal.
    assert client.get(reverse("portal:document", args=["permit", permit.pk])).status_code == 404
    assert client.get(reverse("portal:document", args=["refusal", permit.application_id])).status_code == 404


def test_a_declaration_brings_her_children_and_her_exemption_to_the_station(staff, clock):
    client = Client()
    sign_in(client)
    child = {"child1_name": "王小明", "child1_birth_date": "2018-05-01", "child1_sex": "male"}
    half_row = declaration_form(child2_name="王小红")  # a row begun must be finished
    response = client.post(reverse("portal:declare"), {**half_row, **child})
    assert response.status_code == 400
    assert '<p class="error" role="alert" data-field="child2_birth_date">请填写第2名随行子女的出生日期' in (
        response.content.decode()
    )
    born_before_her = {**child, "child1_birth_date": "1989-01-01"}  # the action's own check, beside its field
    response = client.post(reverse("portal:declare"), declaration_form(**born_before_her))
    assert response.status_code == 400 and 'data-field="child1_birth_date"' in response.content.decode()
    assert not ResidentRequest.objects.exists()  # nothing half-written
    response = client.post(reverse("portal:declare"), declaration_form(exemption="full_time_study", **child))
    assert response.status_code == 302
    item = ResidentRequest.objects.get()
    assert (
        item.data["children"] == [{"name": "王小明", "birth_date": "2018-05-01", "sex": "male", "id_number": ""}]
        and item.data["exemption"] == "full_time_study"
    )
    office = office_client(staff.clerk)
    page = office.get(reverse("declaration", args=[item.pk])).content.decode()
    assert "王小明（男，2018-05-01 出生）" in page and "在全日制教育机构或者培训机构学习的" in page
    registration = confirm_declaration(acting_user=staff.clerk, request_id=item.pk).registration
    assert registration.exemption == "full_time_study"
    assert [(c.name, c.birth_date, c.sex) for c in registration.children.all()] == [
        ("王小明", datetime.date(2018, 5, 1), "male")
    ]


def test_her_e_permit_is_the_current_cards_signed_credential(staff, clock, settings):
    from juzhu.credentials.issue import credential_url
    from juzhu.documents.render import qr_svg
    from juzhu.registry.actions import replace_card

    permit = issued_permit(staff, clock)
    client = Client()
    sign_in(client, OWN_PHONE)
    client.post(reverse("portal:bind"), {"name": "张丽", "id_number": "610113199002280029"})
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:epermit", args=[permit.pk]) in home
    page = client.get(reverse("portal:epermit", args=[permit.pk])).content.decode()
    first = permit.cards.get()
    assert str(qr_svg(credential_url(first))) in page  # exactly the printed card's code
    assert "张*" in page and "610113199002280029" not in page and "第1版卡片" in page
    verify_here = re.search(r'href="([^"]+)" data-testid="verify-here"', page).group(1)
    assert 'data-testid="state"><strong>有效</strong>' in client.get(verify_here).content.decode()

    replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")  # R-13a: the old code is void
    page = client.get(reverse("portal:epermit", args=[permit.pk])).content.decode()
    assert "第2版卡片" in page and str(qr_svg(credential_url(first))) not in page
    assert 'data-testid="state"><strong>已作废</strong>' in client.get(verify_here).content.decode()

    other = Client()  # somebody else's permit answers as a missing one
    sign_in(other)
    assert other.get(reverse("portal:epermit", args=[permit.pk])).status_code == 404
    settings.JUZHU_PUBLIC_URL = ""  # no address a phone could open: no code, a plain sentence
    assert "暂不能显示电子凭证" in client.get(reverse("portal:epermit", args=[permit.pk])).content.decode()
