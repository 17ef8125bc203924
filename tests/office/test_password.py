"""Staff change their own password, under the policy; a password the policy refuses must be changed.

The first release had no way to change a password, and the published demo password
passed the validators, so a real account could be given it.
"""

import json

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from juzhu.audit.models import AuditEntry
from juzhu.demo.setup import DEMO_PASSWORD
from juzhu.org.second_factor import DEMO_DEVICE_NAME, current_code
from tests.factories import office_client

pytestmark = pytest.mark.django_db

GOOD = "Hanbin-window-7-spring"


def refused(password, user):
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    return " ".join(error.value.messages)


def test_the_policy_refuses_the_demo_password_short_common_and_similar_ones(staff):
    assert "公开" in refused(DEMO_PASSWORD, staff.clerk)
    assert "至少需要 12 个字符" in refused("Short-pw-1", staff.clerk)  # 10 characters passed before
    assert refused("password1234", staff.clerk)
    assert refused("clerk_laocheng1", staff.clerk)  # too like the username
    validate_password(GOOD, staff.clerk)  # and a good one passes


def test_a_clerk_changes_her_password_from_the_header_and_it_is_audited_without_the_secret(staff):
    staff.clerk.set_password("Old-password-for-test-1")
    staff.clerk.save()
    client = office_client(staff.clerk)
    home = client.get("/").content.decode()
    assert 'href="/password/"' in home and "修改密码" in home
    page = client.get("/password/").content.decode()
    assert "原密码" in page or "旧密码" in page
    wrong = client.post("/password/", {"old_password": "nope", "new_password1": GOOD, "new_password2": GOOD})
    assert wrong.status_code == 200 and 'aria-invalid="true"' in wrong.content.decode()
    weak = client.post(
        "/password/",
        {"old_password": "Old-password-for-test-1", "new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD},
    )
    assert weak.status_code == 200 and "公开" in weak.content.decode()
    staff.clerk.refresh_from_db()
    assert staff.clerk.check_password("Old-password-for-test-1")
    assert not AuditEntry.objects.filter(action="staff.password_changed").exists()

    before = client.cookies["sessionid"].value
    done = client.post(
        "/password/", {"old_password": "Old-password-for-test-1", "new_password1": GOOD, "new_password2": GOOD}
    )
    assert done.status_code == 302 and done["Location"] == "/"
    staff.clerk.refresh_from_db()
    assert staff.clerk.check_password(GOOD)
    assert client.cookies["sessionid"].value != before and client.get("/").status_code == 200
    [entry] = AuditEntry.objects.filter(action="staff.password_changed")
    assert entry.actor == "clerk_laocheng"
    stored = json.dumps({f.name: str(getattr(entry, f.name)) for f in entry._meta.fields}, ensure_ascii=False)
    assert GOOD not in stored and "Old-password-for-test-1" not in stored and "pbkdf2" not in stored
    assert "argon2" not in stored


def login_with(user, password) -> Client:
    client = Client()
    assert client.post("/login/", {"username": user.username, "password": password}).status_code == 302
    device = TOTPDevice.objects.filter(user=user, confirmed=True).get()
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    assert client.post("/second-factor/", {"code": current_code(device), "next": "/"}).status_code == 302
    return client


def test_a_password_the_policy_refuses_must_be_changed_before_anything_opens(staff):
    staff.clerk.set_password(DEMO_PASSWORD)  # e.g. given by copying the README
    staff.clerk.save()
    TOTPDevice.objects.create(user=staff.clerk, name="身份验证器", confirmed=True)
    client = login_with(staff.clerk, DEMO_PASSWORD)
    held = client.get("/search/")
    assert held.status_code == 302 and held["Location"].startswith("/password/")
    assert "请先修改密码" in client.get(held["Location"]).content.decode()
    assert client.get("/api/v1/me").status_code == 403  # nor the API through this session
    client.post("/password/", {"old_password": DEMO_PASSWORD, "new_password1": GOOD, "new_password2": GOOD})
    assert client.get("/").status_code == 200


def test_the_demo_logins_keep_their_published_password(staff):
    """./run's demo logins (with the demo authenticator) are for trying the system, not protection."""
    staff.clerk.set_password(DEMO_PASSWORD)
    staff.clerk.save()
    TOTPDevice.objects.create(user=staff.clerk, name=DEMO_DEVICE_NAME, confirmed=True)
    client = login_with(staff.clerk, DEMO_PASSWORD)
    assert client.get("/").status_code == 200
