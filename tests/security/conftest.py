"""The probes' world, built once per module (see world.py) and rolled back at its end."""

from __future__ import annotations

import datetime

import pytest

WORLD_MEDIA: dict = {}  # where the world's files (photos, a resident's uploads) were written


@pytest.fixture(autouse=True)
def world_media(request, settings):
    """A cell reads the world's files where the world wrote them (issue 10: a resident's upload
    is opened by the file views), not in the test's own empty media folder."""
    if "world" in request.fixturenames:
        request.getfixturevalue("world")  # built first: it names the folder
        settings.MEDIA_ROOT = WORLD_MEDIA["root"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction
    from django.test import override_settings

    from tests.conftest import PUBLIC_URL

    from .world import build

    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=WORLD_MEDIA.setdefault("root", tmp_path_factory.mktemp("media")), JUZHU_PUBLIC_URL=PUBLIC_URL
        ),
    ):

        def set_today(value: str) -> datetime.date:
            patch.setenv("JUZHU_TODAY", value)
            return datetime.date.fromisoformat(value)

        with transaction.atomic():
            built = build(set_today)
            yield built
            transaction.set_rollback(True)
