"""Browser tests: Playwright driving Debian's chromium against a live server on 127.0.0.1.

``playwright install`` cannot download a browser here, so the tests use
``/usr/bin/chromium`` (``JUZHU_CHROMIUM`` to override). Without it they are skipped,
unless ``JUZHU_REQUIRE_BROWSER=1`` (set by CI), where a missing browser is a failure.
Screenshots of every step are kept in ``test-artifacts/browser/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests import artifacts

CHROMIUM = os.environ.get("JUZHU_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = artifacts.ARTIFACTS / "browser"
PASSWORD = "browser-test-password-1"
# Django's live server runs in a thread of this process; Playwright's sync API runs an
# event loop, which Django would otherwise refuse to run ORM calls beside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    if os.environ.get("JUZHU_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"JUZHU_REQUIRE_BROWSER=1 but no browser at {CHROMIUM} (apt-get install chromium)")
    skip = pytest.mark.skip(reason=f"no browser at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The clerk's screen: 1366×768, Chinese."""
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}


@pytest.fixture
def shot():
    """``shot(page, "03-registered")`` keeps a screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def people(staff_live):
    """The staff of every role, each with the browser tests' password (shared by the scenarios)."""
    for user in vars(staff_live).values():
        user.set_password(PASSWORD)
        user.save()
    return staff_live


@pytest.fixture
def staff_live(transactional_db, flushable_audit):
    from tests.factories import ensure_organisation

    return ensure_organisation()
