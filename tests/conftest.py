"""Shared fixtures: the rules context, the clock, the Ankang organisation with its staff."""

import datetime
import os

import pytest
from hypothesis import settings

from juzhu.rules import RulesContext

from .factories import ensure_organisation

# Properties: no per-example time limit (a shared CI machine is slow at times, and
# the first provisional-year calendar is computed lazily); in CI the examples are
# derived from the test itself so a run is reproducible. Locally they stay random.
settings.register_profile("juzhu", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "juzhu"))

# A test deployment: JUZHU_TODAY may set the day (juzhu.clock refuses it elsewhere); commands
# the tests run as subprocesses inherit it.
os.environ["JUZHU_DEMO"] = "1"

# A fixed "today" so that tests do not change meaning with the wall clock.
TODAY = datetime.date(2026, 11, 26)


PUBLIC_URL = "https://juzhu.ankang.example"  # where a printed card's QR code points (JUZHU_PUBLIC_URL)


@pytest.fixture(autouse=True)
def deployment(settings, tmp_path):
    """Every test runs as a deployment does: an https public address for the cards' QR
    codes, and uploads (photos) in a temporary folder instead of ./data/media."""
    settings.JUZHU_PUBLIC_URL = PUBLIC_URL
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def rules_ctx() -> RulesContext:
    return RulesContext.default(TODAY)


@pytest.fixture
def clock(monkeypatch):
    """``clock("2026-03-02")`` sets the system's today (JUZHU_TODAY)."""

    def set_today(value: str | datetime.date) -> datetime.date:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
        monkeypatch.setenv("JUZHU_TODAY", day.isoformat())
        return day

    set_today("2026-03-02")
    return set_today


@pytest.fixture
def flushable_audit(transactional_db, django_db_serialized_rollback):
    """Transactional tests end with a flush, which the append-only triggers refuse:
    remove them for the flush; ``ensure_organisation`` puts them back.

    Serialized rollback for every such test: a plain transactional test's closing flush runs
    ``post_migrate``, which re-created the roles' groups under new ids, and the next
    ``serialized_rollback`` test (the browser tests) then failed to load the saved groups
    ("UNIQUE constraint failed: auth_group.name") whenever the two ran in that order."""
    from django.db import connection

    from juzhu.audit import triggers

    yield
    triggers.remove(connection)


@pytest.fixture
def staff(db):
    """Staff of each role in the shipped Ankang organisation (see factories.ensure_organisation)."""
    return ensure_organisation()
