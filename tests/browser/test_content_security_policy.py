"""Under the Content-Security-Policy (juzhu.csp) the pages still work in a real browser:
the API docs (Swagger UI) render their operations, and the browser reports no violation."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _flushable(flushable_audit):
    """These pages need no staff, but the test still ends with a flush, which PostgreSQL's
    append-only audit triggers refuse (a TRUNCATE, even of an empty log)."""


def test_the_api_docs_work_under_the_policy(page, live_server, shot):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(live_server.url + "/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("""() => { window.violations = [];
        document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective)); }""")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("居住 juzhu API").first).to_be_visible()
    page.locator(".opblock-summary").first.click()  # open an operation, as a reader does
    expect(page.locator(".opblock-body").first).to_be_visible()
    violations += page.evaluate("() => window.violations")
    shot(page, "csp-api-docs")
    assert violations == []


def test_an_injected_inline_script_does_not_run(page, live_server):
    """What the policy is for: the page from the server is trusted, a script smuggled into it is not."""
    page.goto(live_server.url + "/login/")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.injected = true'; document.body.appendChild(s); }""")
    assert page.evaluate("() => window.injected === true") is False
