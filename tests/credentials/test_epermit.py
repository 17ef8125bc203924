"""The e-permit through the registry's own actions: credentials, keys, status lists, pages, CLI."""

from __future__ import annotations

import io
import json
from urllib.parse import quote, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now
from juzhu.credentials import status
from juzhu.credentials.issue import credential_url
from juzhu.credentials.keys import jwks, public_keys
from juzhu.credentials.models import CardCredential, SigningKey
from juzhu.credentials.verifier import Verifier
from juzhu.registry.actions import endorse_permit, replace_card
from juzhu.registry.jobs.daily import run_daily
from juzhu.registry.models import Permit
from tests.factories import office_client
from tests.registry.flows import issued_permit


def listed(client: Client, number: int = 1):
    response = client.get(reverse("status_list", args=[number]))
    assert response.status_code == 200, response.content
    return response


def offline(permit_card_url: str, client: Client, tmp_path, name="status.jwt", **options) -> tuple[int, str]:
    """``juzhu permit verify`` with the key set and the list saved as files, as a verifier would."""
    if "status" not in options:
        (tmp_path / name).write_bytes(listed(client).content)
        options["status"] = str(tmp_path / name)
    (tmp_path / "jwks.json").write_bytes(client.get(reverse("jwks")).content)  # after the list: its key
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("permit", "verify", permit_card_url, jwks=str(tmp_path / "jwks.json"), stdout=out, **options)
    return exit.value.code, out.getvalue()


def test_each_card_gets_a_unique_entry_when_it_is_made(staff, clock):
    permit = issued_permit(staff, clock)
    entry = CardCredential.objects.get(card__permit=permit)
    assert entry.status == 0 and entry.token == "" and 0 <= entry.index < status.LIST_SIZE
    clock("2026-01-05")
    new = replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")
    assert new.credential.index != entry.index or new.credential.status_list_id != entry.status_list_id
    entry.refresh_from_db()
    assert entry.status == 1 and entry.pending  # the old card: void (R-13a)


def test_the_credential_verifies_online_and_offline_and_says_void_after_a_reissue(staff, clock, tmp_path):
    permit = issued_permit(staff, clock)
    old_url = credential_url(permit.cards.get())
    client = Client()
    page = client.get(old_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "<strong>有效</strong>" in text and "电子签名有效" in text and "张*" in text and "张丽" not in text
    code, out = offline(old_url, client, tmp_path)
    assert code == 0 and "核验结果：有效" in out and "张*" in out and "第1版" in out
    clock("2026-01-05")
    new = replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")
    void_page = client.get(old_url).content.decode()
    assert "已作废" in void_page and "补领，原证丢失" in void_page
    code, out = offline(old_url, client, tmp_path, name="after.jwt")
    assert code == 1 and "核验结果：已作废" in out
    code, out = offline(credential_url(new), client, tmp_path, name="after2.jwt")
    assert code == 0 and "第2版" in out
    sequence_now()
    verifications = AuditEntry.objects.filter(action="permit.verify").order_by("id")
    assert [e.detail["state"] for e in verifications] == ["valid", "void"]
    assert AuditEntry.objects.filter(action="card.credential").count() == 2


def test_suspension_by_the_daily_job_and_restoration_by_a_late_endorsement(staff, clock, tmp_path):
    permit = issued_permit(staff, clock)  # issued 2025-12-02: the anniversary is 2026-12-02
    url = credential_url(permit.cards.get())
    client = Client()
    clock("2026-12-03")
    run_daily(Permit.objects.get(pk=permit.pk).next_anniversary.replace(day=3))
    assert Permit.objects.get(pk=permit.pk).status == Permit.Status.SUSPENDED
    code, out = offline(url, client, tmp_path, name="suspended.jwt")
    assert code == 1 and "使用功能中止" in out
    clock("2026-12-10")
    endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)  # late: restores it (Art 13)
    code, out = offline(url, client, tmp_path, name="restored.jwt")
    assert code == 0 and "核验结果：有效" in out


def test_a_list_older_than_a_day_is_refused_by_the_command(staff, clock, tmp_path):
    permit = issued_permit(staff, clock)
    url = credential_url(permit.cards.get())
    client = Client()
    (tmp_path / "old.jwt").write_bytes(listed(client).content)
    clock("2026-12-05")
    code, out = offline(url, client, tmp_path, status=str(tmp_path / "old.jwt"))
    assert code == 2 and "已超过一天" in out and "核验结果：签名有效，状态未核对" in out


def test_forged_altered_and_unknown_key_codes_get_a_chinese_answer(staff, clock, tmp_path):
    permit = issued_permit(staff, clock)
    url = credential_url(permit.cards.get())
    token = urlsplit(url).path.rsplit("/", 1)[1]
    head, body, signature = token.split(".")
    altered = f"{head}.{body[:-2]}{'A' if body[-2] != 'A' else 'B'}{body[-1]}.{signature}"
    client = Client()
    for bad, label in [(altered, "伪造或被篡改"), ("eyJ.e30.AAAA", "伪造或被篡改"), ("x" * 3000, "伪造或被篡改")]:
        page = client.get(reverse("verify_credential", args=[bad]))
        assert page.status_code == 400 and label in page.content.decode()
    SigningKey.objects.all().delete()  # the keys are gone: as a card of another deployment
    page = client.get(url)
    assert page.status_code == 400 and "未知密钥" in page.content.decode()
    code, out = offline(url, client, tmp_path)  # the key set of a new key only
    assert code == 2 and "未知密钥" in out


def test_rotation_keeps_the_old_key_listed_until_its_last_card_is_void(staff, clock, tmp_path):
    permit = issued_permit(staff, clock)
    old_url = credential_url(permit.cards.get())
    first = SigningKey.objects.get(current=True)
    out = io.StringIO()
    call_command("permit", "keys", "rotate", stdout=out)
    second = SigningKey.objects.get(current=True)
    assert second.kid != first.kid and first.kid in out.getvalue()
    first.refresh_from_db()
    assert first.private_sealed == "" and first.retired_at is not None  # it signs nothing again
    assert {k["kid"] for k in jwks()["keys"]} == {first.kid, second.kid}
    client = Client()
    code, _ = offline(old_url, client, tmp_path)
    assert code == 0  # the old card, signed by the retired key; the list, by the new one
    clock("2026-01-05")
    new = replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")
    assert Verifier(public_keys()).check_signature(credential_url(new)).kid == second.kid
    assert {k["kid"] for k in jwks()["keys"]} == {second.kid}  # the old key's last card is void
    assert AuditEntry.objects.filter(action="key.rotate").count() == 1


def test_the_public_files_are_cacheable_and_change_with_a_status(staff, clock):
    permit = issued_permit(staff, clock)
    credential_url(permit.cards.get())
    client = Client()
    keys = client.get("/.well-known/jwks.json")
    assert keys.status_code == 200 and keys["Content-Type"] == "application/jwk-set+json"
    assert "public" in keys["Cache-Control"] and json.loads(keys.content)["keys"][0]["alg"] == "EdDSA"
    assert "d" not in json.loads(keys.content)["keys"][0]  # never a private part
    first = listed(client)
    assert first["Content-Type"] == "application/statuslist+jwt" and "max-age=300" in first["Cache-Control"]
    again = client.get(reverse("status_list", args=[1]), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    clock("2026-01-05")
    replace_card(acting_user=staff.clerk, permit_id=permit.pk, kind="reissue")
    changed = client.get(reverse("status_list", args=[1]), headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert client.get("/status/99.jwt").status_code == 404
    assert client.get("/status/x.jwt").status_code == 404


def test_the_daily_job_gives_entries_to_cards_made_without_the_hook(staff, clock):
    permit = issued_permit(staff, clock)
    CardCredential.objects.all().delete()  # as the demo's bulk insert leaves them
    Permit.objects.filter(pk=permit.pk).update(status=Permit.Status.SUSPENDED)  # a bulk update: no hook
    report = run_daily(clock("2026-01-05"))
    assert report.counts["status_entries_reconciled"] == 1 and report.counts["status_lists_signed"] == 1
    assert CardCredential.objects.get(card__permit=permit).status == 2


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300),
        st.lists(
            st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=120),
            min_size=1,
            max_size=4,
        ).map(".".join),
    )
)
def test_no_garbage_on_the_public_urls_gets_a_server_error(db, text):
    client = Client(raise_request_exception=False)
    for path in (f"/verify/c/{quote(text, safe='')}", f"/status/{quote(text, safe='')}.jwt"):
        response = client.get(path)
        assert response.status_code in (400, 404), (path, response.status_code)
        assert response.status_code == 404 or "伪造或被篡改" in response.content.decode()


def test_a_key_sealed_under_another_secret_opens_by_the_fallbacks_or_refuses_to_print(staff, clock, settings):
    from juzhu.credentials.keys import KeyUnavailable, current_key, signer
    from juzhu.documents import render

    permit = issued_permit(staff, clock)
    kid = current_key().kid
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert signer()[0] == kid  # opened with the fallback
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(KeyUnavailable):
        render.permit_card(permit)
    assert not CardCredential.objects.exclude(token="").exists()  # nothing half-written
    response = office_client(staff.clerk).get(f"/documents/permit/{permit.pk}.pdf")
    assert response.status_code == 503 and "juzhu permit keys rotate" in response.content.decode()


def test_a_list_is_re_signed_when_it_grew_old(staff, clock):
    import datetime

    from juzhu.credentials.models import StatusList

    issued_permit(staff, clock)
    first = status.served(1)
    StatusList.objects.filter(pk=1).update(signed_at=first.signed_at - status.REFRESH - datetime.timedelta(minutes=1))
    again = status.served(1)
    assert again.signed_at > first.signed_at - status.REFRESH
    assert status.served(1).token == again.token  # fresh, nothing pending: served as it is


@pytest.mark.django_db(transaction=True)
def test_the_command_downloads_keys_and_list_from_urls(live_server, clock, flushable_audit):
    from tests.factories import ensure_organisation

    staff = ensure_organisation()
    permit = issued_permit(staff, clock)
    url = credential_url(permit.cards.get())
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command(
            "permit",
            "verify",
            url,
            jwks=f"{live_server.url}/.well-known/jwks.json",
            status=f"{live_server.url}/status/1.jwt",
            stdout=out,
        )
    assert exit.value.code == 0 and "核验结果：有效" in out.getvalue()
