"""Content-Security-Policy on every response (Django 5.2 has none built in).

Scripts and styles come from the site itself only: the office keeps its JavaScript in
``office/static/office/*.js`` and has no inline script, handler or style attribute (a
test keeps it so), so an injected ``<script>`` does not run. Images may also be
``data:`` URLs (Swagger UI's icons). Nothing may frame the pages, plugins are off,
``<base>`` cannot redirect relative links, and forms post to the site only.

The API docs (django-ninja's Swagger UI) run under the same policy: ``ninja`` is an
installed app, so the page loads Swagger UI from ninja's own static files rather than
from a CDN, and its settings from a JSON block, not an inline script
(tests/browser/test_content_security_policy.py opens it in Chromium).
"""

from __future__ import annotations

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
HEADER = "; ".join(f"{name} {value}" for name, value in POLICY.items())


class ContentSecurityPolicy:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", HEADER)
        return response
