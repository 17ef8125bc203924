"""Plain helpers tests share: the Ankang organisation with staff of each role, typical input."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from juzhu.org.roles import CITY_ADMIN, CLERK, DEPARTMENT_OFFICER, ISSUER, SUPERVISOR


def ensure_organisation():
    from django.db import connection

    from juzhu.audit import triggers
    from juzhu.org.loading import load_divisions, load_units
    from juzhu.org.models import Division, Unit
    from juzhu.org.roles import sync_roles
    from juzhu.org.staff import create_staff

    triggers.install(connection)  # idempotent; a flushed test database lost them
    if not Division.objects.filter(code="610902001").exists():  # flushed by a transactional test
        _recreate_permissions()  # a flush after a serialized_rollback test skips post_migrate
        load_divisions(Division)
        sync_roles()
    if not Unit.objects.exists():
        load_units()
    staff = dict(
        clerk=create_staff("clerk_laocheng", unit_code="AK-610902-PS01", role=CLERK),
        other_clerk=create_staff("clerk_xincheng", unit_code="AK-610902-PS02", role=CLERK),
        xunyang_clerk=create_staff("clerk_xunyang", unit_code="AK-610981-PS01", role=CLERK),
        issuer=create_staff("issuer_hanbin", unit_code="AK-610902", role=ISSUER),
        xunyang_issuer=create_staff("issuer_xunyang", unit_code="AK-610981", role=ISSUER),
        admin=create_staff("city_admin", unit_code="AK-CITY", role=CITY_ADMIN),
        supervisor=create_staff("supervisor", unit_code="AK-SUP", role=SUPERVISOR),
        officer=create_staff("officer_edu", unit_code="AK-DEPT-EDU", role=DEPARTMENT_OFFICER),
    )
    return SimpleNamespace(**staff)


def _recreate_permissions():
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)


def person_data(**overrides):
    """The person part of the command, unchecked: the action validates it (RegisterResidence)."""
    from juzhu.registry.commands import PersonIn

    values = dict(
        id_number="610113199002280029",
        name="张丽",
        ethnicity="01",
        hukou_division="610113",
        hukou_address="陕西省西安市雁塔区小寨路1号",
        phone="13812345678",
    )
    values.update(overrides)
    return PersonIn.model_construct(**values)


def residence_data(**overrides):
    """The residence part of the command, unchecked: the action validates it."""
    from juzhu.registry.commands import ResidenceIn

    values = dict(
        town="610902001",
        address="汉滨区老城街道兴安路2号",
        arrival_date=datetime.date(2026, 2, 26),
        reason="work",
        housing="rented",
    )
    values.update(overrides)
    return ResidenceIn.model_construct(**values)


def office_client(user, client=None):
    """A test client logged in as ``user`` with the second factor given, as after a real
    login: password (force_login) and then the authenticator's code (an enrolled device
    recorded in the session as django-otp does). The login itself is tested in
    tests/office/test_second_factor.py and the browser scenario."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client or Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="测试验证器", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
