"""The office through Django's test client: every action's screen, errors on the field, scope, audit."""

import datetime
import re

import pytest
from django.test import Client

from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now
from juzhu.registry.models import Permit, PermitApplication, Person, Registration
from tests.factories import office_client

pytestmark = pytest.mark.django_db

NEWCOMER = {
    "id_number": "610113199002280029",
    "name": "张丽",
    "ethnicity": "01",
    "hukou_division": "610113",
    "hukou_address": "陕西省西安市雁塔区小寨路1号",
    "phone": "13812345678",
    "town": "610902001",
    "address": "汉滨区老城街道兴安路2号",
    "arrival_date": "2025-05-30",
    "reason": "work",
    "housing": "rented",
    "exemption": "",
}


def logged_in(user) -> Client:
    return office_client(user)


def state_purpose(client, person_id: int, purpose: str = "窗口办理业务"):
    """What the office asks before showing a person's records (logged with every read)."""
    client.post(f"/persons/{person_id}/purpose/", {"purpose": purpose})
    return client


def photo_upload():
    """A card photo as the clerk's camera saves it."""
    import io

    from tests.registry.flows import photo_bytes

    upload = io.BytesIO(photo_bytes(fmt="JPEG"))
    upload.name = "photo.jpg"
    return upload


def register(client, **changes):
    return client.post("/registrations/new/", {**NEWCOMER, **changes})


def test_a_clerk_registers_and_bad_input_shows_on_the_field_and_saves_nothing(staff, clock):
    clock("2025-06-02")
    client = logged_in(staff.clerk)
    bad = register(client, id_number="610113199002280021")
    assert bad.status_code == 200 and "校验码不正确" in bad.content.decode()
    assert 'aria-invalid="true"' in bad.content.decode()
    assert not Person.objects.exists()
    same_county = register(client, hukou_division="610902")
    assert "不属于流动人口" in same_county.content.decode() and "第二条" in same_county.content.decode()
    ok = register(client)
    assert ok.status_code == 302 and ok["Location"].startswith("/persons/")
    page = client.get(ok["Location"], follow=True).content.decode()
    assert "DJ6109022025" in page and "610113199002280029" in page and "办理居住登记" in page


def test_opening_a_person_asks_the_purpose_logs_it_and_another_station_gets_404(staff, clock):
    clock("2025-06-02")
    register(logged_in(staff.clerk))
    person = Person.objects.get()
    client = logged_in(staff.issuer)
    asked = client.get(f"/persons/{person.pk}/")
    assert asked.status_code == 302 and "/purpose/" in asked["Location"]
    client.post(asked["Location"], {"purpose": "审批前核查"})
    assert client.get(f"/persons/{person.pk}/").status_code == 200
    sequence_now()  # reads are chained by the sequencer
    read = AuditEntry.objects.filter(action="person.view").last()
    assert (read.actor, read.purpose) == ("issuer_hanbin", "审批前核查")
    other = logged_in(staff.other_clerk)
    assert other.get(f"/persons/{person.pk}/").status_code == 404
    assert other.get("/persons/999999/").status_code == 404
    search = logged_in(staff.clerk).get("/search/", {"q": "zl"}).content.decode()
    assert "6101**********0029" in search and "138****5678" in search


def test_the_whole_life_of_a_permit_through_the_office(staff, clock):
    clock("2025-06-02")
    clerk, issuer = logged_in(staff.clerk), logged_in(staff.issuer)
    register(clerk)
    registration = Registration.objects.get()
    clock("2025-12-02")
    intake = clerk.post(
        f"/registrations/{registration.pk}/apply/",
        {"condition": "employment", "materials": ["resident_id_card", "photo"]},
        follow=True,
    )
    page = intake.content.decode()
    assert "一次性告知书" in page and "就业证明" in page and "居住地地址证明" in page
    application = PermitApplication.objects.get()
    supplement = clerk.post(
        f"/applications/{application.pk}/",
        {
            "step": "supplement",
            "s-materials": ["employment_proof", "residence_address_proof"],
            "s-issuer_employment_proof": "安康某公司",
        },
        follow=True,
    ).content.decode()
    assert "已受理" in supplement and "HZ6109022025" in supplement
    assert clerk.post(f"/applications/{application.pk}/", {"step": "decision", "d-approve": "yes"}).status_code == 403
    assert not Permit.objects.exists()  # a clerk may not decide: nothing changes
    state_purpose(issuer, application.person_id, "审批")
    # No photo yet: the card could not carry one, so approval is refused, naming the photo, with the way to it.
    blind = issuer.get(f"/applications/{application.pk}/").content.decode()
    assert "尚未采集本人相片" in blind and f'href="/persons/{application.person_id}/#photo"' in blind
    refused = issuer.post(f"/applications/{application.pk}/", {"step": "decision", "d-approve": "yes"})
    assert refused.status_code == 200 and "本人相片尚未采集，不能批准" in refused.content.decode()
    assert not Permit.objects.exists()
    clerk.post(f"/persons/{application.person_id}/photo/", {"photo": photo_upload()})
    decided = issuer.post(f"/applications/{application.pk}/", {"step": "decision", "d-approve": "yes"})
    permit = Permit.objects.get()
    assert permit.holder_photo
    assert decided["Location"] == f"/permits/{permit.pk}/"
    clerk.post(f"/permits/{permit.pk}/", {"step": "hand_out", "confirmed": "1"})
    assert permit.cards.get().status == "handed_out"
    clock("2026-11-20")
    endorsed = clerk.post(f"/permits/{permit.pk}/", {"step": "endorse"}, follow=True).content.decode()
    assert "签注完成" in endorsed
    again = clerk.post(f"/permits/{permit.pk}/", {"step": "endorse"}).content.decode()
    assert "早于签注期" in again
    other = logged_in(staff.other_clerk)
    changed = other.post(
        "/permits/address-change/",
        {
            "permit_number": permit.number,
            "holder_id_number": "610113199002280029",
            "town": "610902002",
            "address": "汉滨区新城街道巴山路8号",
        },
        follow=True,
    ).content.decode()
    assert "居住地址已变更" in changed
    reissued = other.post(
        f"/permits/{permit.pk}/", {"step": "replace", "r-kind": "reissue"}, follow=True
    ).content.decode()
    assert "新证为第2版" in reissued and "免收费用" in reissued


def test_the_workbench_lists_overdue_items_first_in_red(staff, clock):
    from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT

    clock("2025-06-02")
    clerk = logged_in(staff.clerk)
    register(clerk)
    register(clerk, id_number="61011319910715001X", name="李强", phone="13900000000")
    assert Registration.objects.count() == 2
    clock("2025-12-02")
    for registration in Registration.objects.order_by("pk"):
        clerk.post(
            f"/registrations/{registration.pk}/apply/",
            {"condition": "employment", "materials": list(COMPLETE_FOR_EMPLOYMENT)},
        )
    # Both are due on Friday 5 December; the issuer extends the second one to 17 December.
    issuer = logged_in(staff.issuer)
    second = PermitApplication.objects.order_by("pk").last()
    clock("2025-12-04")
    state_purpose(issuer, second.person_id)
    issuer.post(f"/applications/{second.pk}/", {"step": "extension", "e-until": "2025-12-17", "e-reason": "山区"})
    clock("2025-12-09")
    page = issuer.get("/").content.decode()
    queue = page[page.index('data-queue="decide"') :]
    assert re.search(r'class="overdue".*张丽.*已超期 2 个工作日', queue, re.S)
    assert queue.index("张丽") < queue.index("李强") and "还剩 6 个工作日" in queue


def test_calendar_administration_is_for_the_city_administrator(staff, clock):
    assert logged_in(staff.clerk).get("/calendar/2027/").status_code == 403
    admin = logged_in(staff.admin)
    assert "尚未录入官方放假安排" in admin.get("/calendar/2027/").content.decode()
    bad = admin.post("/calendar/2027/", {"source": "通知", "holidays": "2027-02-30 春节"}).content.decode()
    assert "不是 YYYY-MM-DD 格式的有效日期" in bad
    admin.post(
        "/calendar/2027/",
        {"source": "国办发明电〔2026〕X号", "holidays": "2027-01-01 元旦\n2027-01-02 元旦", "workdays": ""},
    )
    assert "已录入官方放假安排" in admin.get("/calendar/2027/").content.decode()
    assert datetime.date(2027, 1, 1)  # the entry is used by the rules: see tests/registry/test_calendar_entry.py


def test_a_calendar_year_out_of_range_answers_404_in_chinese_not_a_server_error(staff, clock):
    admin = logged_in(staff.admin)
    for year in (0, 1, 10000, 99999):
        page = admin.get(f"/calendar/{year}/")
        assert page.status_code == 404, year
        assert "年度应在 1900 至 2199 之间" in page.content.decode()
        posted = admin.post(f"/calendar/{year}/", {"source": "通知", "holidays": "2027-01-01 元旦"})
        assert posted.status_code == 404, year
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(staff):
    staff.clerk.set_password("a-long-demo-password")
    staff.clerk.save()
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "clerk_laocheng", "password": "wrong"})
    locked = client.post("/login/", {"username": "clerk_laocheng", "password": "a-long-demo-password"})
    assert "账号已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_qr_code_page_says_valid_or_suspended_and_shows_no_personal_data(staff, clock):
    from juzhu.registry.verification import verify_url
    from tests.registry.flows import issued_permit

    permit = issued_permit(staff, clock)
    url = verify_url(permit.cards.get())
    assert url.startswith("https://")
    assert Client().get(f"/verify/{permit.number}").status_code == 404  # no token: no answer
    assert Client().get(f"/verify/{permit.number}?t=0123456789abcdef").status_code == 404
    page = Client().get(url).content.decode()
    assert "有效" in page and "张*" in page and "安康市公安局汉滨分局" in page
    assert permit.holder_id_number not in page and "张丽" not in page and permit.residence_address not in page
    clock("2026-12-03")  # the anniversary 2 Dec 2026 passed unendorsed
    assert "使用功能中止" in Client().get(url).content.decode()
    assert Client().get("/verify/0000").status_code == 404
    sequence_now()
    assert AuditEntry.objects.filter(action="permit.verify").count() == 2


@pytest.mark.parametrize(
    "kind, returned, reason", [("reissue", False, "补领，原证丢失"), ("replacement", True, "换领，原证已交回")]
)
def test_a_lost_or_replaced_card_verifies_as_void_from_the_day_the_new_card_was_made(
    staff, clock, kind, returned, reason
):
    """R-13a: the old card's QR code was the same as the new one's and kept saying 有效."""
    from juzhu.registry.actions import replace_card
    from juzhu.registry.verification import verify_url
    from tests.registry.flows import issued_permit

    permit = issued_permit(staff, clock)
    old = permit.cards.get()
    clock("2026-03-10")
    new = replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind=kind, old_card_returned=returned)
    assert verify_url(old) != verify_url(new)
    void = Client().get(verify_url(old)).content.decode()
    assert "已作废" in void and "第1版" in void and "自 2026-03-10 起作废" in void and reason in void
    assert "有效</strong>" not in void
    valid = Client().get(verify_url(new)).content.decode()
    sequence_now()  # the verifications were queued (record_read), then chained: issue 9
    assert "<strong>有效</strong>" in valid and "已作废" not in valid
    sequence_now()  # the verifications are queued reads: chain them first
    states = [e.detail["state"] for e in AuditEntry.objects.filter(action="permit.verify").order_by("id")]
    assert states == ["void", "valid"]


def test_the_clerk_takes_the_photo_on_the_person_page(staff, clock, settings, tmp_path):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    clock("2025-06-02")
    client = logged_in(staff.clerk)
    register(client)
    person = Person.objects.get()
    out = io.BytesIO()
    Image.new("RGB", (358, 441), (70, 110, 160)).save(out, "JPEG")
    out.seek(0)
    out.name = "me.jpg"
    page = client.post(f"/persons/{person.pk}/photo/", {"photo": out}, follow=True).content.decode()
    assert "相片已采集" in page and "已采集" in page
    small = io.BytesIO()
    Image.new("RGB", (50, 50)).save(small, "PNG")
    small.seek(0)
    small.name = "small.png"
    page = client.post(f"/persons/{person.pk}/photo/", {"photo": small}, follow=True).content.decode()
    assert "相片未采集：相片至少应为 240×300 像素" in page


def test_a_supervisor_who_sees_the_city_may_still_not_open_a_permit_record(staff, clock):
    from tests.registry.flows import issued_permit

    permit = issued_permit(staff, clock)
    supervisor = state_purpose(logged_in(staff.supervisor), permit.person_id, "抽查")
    assert supervisor.get(f"/permits/{permit.pk}/").status_code == 403
    assert not AuditEntry.objects.filter(action="permit.view").exists()


def test_a_purpose_with_a_control_character_is_refused_on_its_field_not_a_server_error(staff, clock):
    from tests.registry.flows import issued_permit

    permit = issued_permit(staff, clock)
    client = logged_in(staff.clerk)
    refused = client.post(f"/persons/{permit.person_id}/purpose/", {"purpose": "核查\x01"})
    assert refused.status_code == 200 and "控制字符" in refused.content.decode()
    for url in (
        f"/permits/{permit.pk}/",
        f"/applications/{permit.application_id}/",
        f"/registrations/{permit.registration_id}/apply/",
        f"/persons/{permit.person_id}/",
    ):
        asked = client.get(url)
        assert asked.status_code == 302 and "/purpose/" in asked["Location"], url


def test_withdrawing_twice_shows_the_reason_instead_of_failing(staff, clock):
    clock("2025-06-02")
    client = logged_in(staff.clerk)
    register(client)
    registration = Registration.objects.get()
    client.post(f"/registrations/{registration.pk}/apply/", {"condition": "study", "materials": []})
    application = PermitApplication.objects.get()
    assert client.post(f"/applications/{application.pk}/", {"step": "withdraw", "confirmed": "1"}).status_code == 302
    again = client.post(f"/applications/{application.pk}/", {"step": "withdraw", "confirmed": "1"})
    assert again.status_code == 200 and "已撤回" in again.content.decode() and "不能" in again.content.decode()


def test_the_issuer_sees_what_the_decision_rests_on_and_the_read_is_logged(staff, clock):
    """The decision page showed no ID, registration date, residence duration, photo or materials."""
    from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, photographed, registered

    clock("2025-06-02")
    registration = registered(staff)
    photographed(staff, registration.person_id)
    clock("2025-12-02")
    from juzhu.registry.actions import receive_application

    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    issuer = state_purpose(logged_in(staff.issuer), application.person_id, "审批居住证申领")
    page = issuer.get(f"/applications/{application.pk}/").content.decode()
    basis = page[page.index('data-testid="decision-basis"') :]
    assert "6101**********0029" in basis and "610113199002280029" not in page  # masked
    assert "2025-05-30" in basis and "登记至收件 183 日" in basis and "居住满半年之日 2025-12-02" in basis
    assert "合法稳定就业" in basis and "出具人：安康市某某有限公司" in basis and "出具人：房东王某" in basis
    assert 'alt="张丽的本人相片"' in basis and "data:image/jpeg;base64," in basis
    sequence_now()  # the read was queued (record_read), then chained: issue 9
    assert "依规则判定：符合申领条件" in basis and "第十条" in basis and "已居住半年以上" in basis
    sequence_now()  # the read is queued: chain it first
    read = AuditEntry.objects.filter(action="application.view").last()
    assert (read.actor, read.purpose, read.person_id) == ("issuer_hanbin", "审批居住证申领", application.person_id)
