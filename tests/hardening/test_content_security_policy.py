"""Every response carries a Content-Security-Policy: scripts and styles from the site itself only.

An injected ``<script>`` (a name field that slipped through an escape, a poisoned
record) then does not run. The office keeps its JavaScript in static files, so the
policy needs no 'unsafe-inline' for scripts anywhere, not even for the API docs.
"""

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import office_client

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "juzhu"


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def test_office_pages_api_and_errors_all_carry_a_strict_policy(staff):
    client = office_client(staff.clerk)
    responses = [
        Client().get("/login/"),
        client.get("/"),
        client.get("/registrations/new/"),
        client.get("/api/v1/me"),
        client.get("/api/v1/no-such-thing"),
        client.get("/calendar/2026/"),
        Client().get("/no-such-page/"),
    ]
    for response in responses:
        policy = directives(response)
        assert policy["script-src"] == "'self'", response.request["PATH_INFO"]
        assert "'unsafe-inline'" not in policy.get("style-src", "'self'")
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert policy["base-uri"] == "'none'" and policy["default-src"] == "'self'"


def test_the_api_docs_are_served_from_the_site_under_the_policy():
    """django-ninja's Swagger UI, from its own static files (not a CDN the policy would block)."""
    response = Client().get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert directives(response)["script-src"] == "'self'"
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts and all(src.startswith("/static/") for src in scripts), scripts


def test_no_template_has_an_inline_script_or_handler():
    """What the policy would block must not be written in the first place."""
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        if "documents" in template.parts:  # rendered to PDF by WeasyPrint, never served as HTML
            continue
        text = template.read_text()
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)
        handlers = re.findall(r"\son[a-z]+\s*=|javascript:|\sstyle\s*=", text)
        if inline or handlers:
            offenders.append((template.name, inline, handlers))
    assert offenders == []
