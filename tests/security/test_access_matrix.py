"""The access matrix (issue 8): every API operation and page × every role, session and token.

The rows are data (access_matrix.py). The first two tests keep the table complete: they
enumerate the operations of the OpenAPI document and the named URL patterns of the URL
conf, so a new operation or page without a row fails, and so does a row naming something
gone. Then every cell makes its real request against one world (world.py) and compares
the answer's class with the row.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from juzhu.api.urls import api

from .access_matrix import API, PAGES, ROLES, URL_ARGUMENTS

API_PREFIX = "/api/v1"


def openapi_operations() -> dict[str, tuple[str, str]]:
    """operationId → (method, path) of the API's own OpenAPI document."""
    document = api.get_openapi_schema(path_prefix=API_PREFIX)
    return {operation["operationId"]: (method.upper(), path)
            for path, methods in document["paths"].items() for method, operation in methods.items()}


def _patterns(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join(filter(None, [namespace, pattern.name or ""]))


def url_pages() -> set[str]:
    """Every named URL pattern, except the API's operations (their rows are keyed by operationId)."""
    operation_paths = {path for _, path in openapi_operations().values()}
    pages = set()
    for route, name in _patterns(get_resolver().url_patterns):
        as_openapi = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if as_openapi not in operation_paths:
            assert name, f"URL pattern {route!r} has no name: give it one and a row in access_matrix.PAGES"
            pages.add(name)
    return pages


def test_every_api_operation_has_a_row_and_every_row_an_operation():
    found = set(openapi_operations())
    missing = sorted(found - set(API))
    assert not missing, f"API operations without a row in tests/security/access_matrix.py API: {missing}"
    gone = sorted(set(API) - found)
    assert not gone, f"rows in access_matrix.API naming no operation of the OpenAPI document: {gone}"


def test_every_page_has_a_row_and_every_row_a_page():
    found = url_pages()
    missing = sorted(found - set(PAGES))
    assert not missing, f"URL names without a row in tests/security/access_matrix.py PAGES: {missing}"
    gone = sorted(set(PAGES) - found)
    assert not gone, f"rows in access_matrix.PAGES naming no URL pattern: {gone}"


# --- the cells ------------------------------------------------------------------------------

def classify(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if 300 <= status < 400:
        target = response["Location"].split("?")[0]
        return "login" if target.endswith(settings.LOGIN_URL) else "redirect"
    return str(status)


def _client(world, role: str, auth: str) -> tuple[Client, dict]:
    client = Client()
    if role != "anonymous" and auth == "session":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role != "anonymous" and auth == "token" else {}
    return client, headers


def _filled(values: dict, world) -> dict:
    return {k: v.format(**world.ids) if isinstance(v, str) else v for k, v in values.items()}


def _body(row, world):
    return row.body(world) if callable(row.body) else row.body


def api_request(name: str, row, world, client: Client, headers: dict):
    method, path = openapi_operations()[name]
    path = path.replace("{id}", str(world.ids.get(row.id, 0))).replace("{year}", str(world.ids["year"]))
    query = _filled(row.query, world)
    body = _body(row, world)
    url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    if body is not None and any(isinstance(v, tuple) for v in body.values()):  # a file upload: multipart
        from django.core.files.uploadedfile import SimpleUploadedFile

        files = {k: SimpleUploadedFile(*v) for k, v in body.items()}
        return client.generic(method, url, **_multipart(client, files), headers=headers)
    import json

    return client.generic(method, url, json.dumps(body, ensure_ascii=False) if body is not None else "",
                          content_type="application/json", headers=headers)


def _multipart(client, files) -> dict:
    from django.test.client import MULTIPART_CONTENT, encode_multipart

    boundary = "ProbeBoundary"
    content = encode_multipart(boundary, files)
    return {"data": content, "content_type": f"{MULTIPART_CONTENT[:19]}; boundary={boundary}"}


def page_request(name: str, row, world, client: Client):
    from django.urls import resolve

    kwargs = {}
    route = next(r for r, n in _patterns(get_resolver().url_patterns) if n == name)
    for argument in re.findall(r"<(?:\w+:)?(\w+)>", route):
        kwargs[argument] = world.ids[URL_ARGUMENTS[argument]]
    url = reverse(name, kwargs=kwargs)
    assert resolve(url).url_name == name.split(":")[-1]
    query = _filled(row.query, world)
    body = _body(row, world)
    if row.method == "GET":
        return client.get(url, query)
    if body is not None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        body = {k: SimpleUploadedFile(*v) if isinstance(v, tuple) else v for k, v in body.items()}
    return client.post(url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""), body or {})


API_CELLS = [pytest.param(name, role, auth, id=f"api-{name}-{role}-{auth}")
             for name in API for role in ROLES for auth in (("none",) if role == "anonymous" else ("session", "token"))]
PAGE_CELLS = [pytest.param(name, role, id=f"page-{name}-{role}") for name in PAGES for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "auth"), API_CELLS)
def test_api_cell(world, name, role, auth):
    row = API[name]
    client, headers = _client(world, role, auth)
    response = api_request(name, row, world, client, headers)
    expected = row.outcomes()[role]
    assert classify(response) == expected, (
        f"{name} as {role} ({auth}): expected {expected}, got {response.status_code} {response.content[:300]!r}")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), PAGE_CELLS)
def test_page_cell(world, name, role):
    row = PAGES[name]
    client, _ = _client(world, role, "session")
    response = page_request(name, row, world, client)
    expected = row.outcomes()[role]
    location = response.get("Location", "")
    assert classify(response) == expected, (
        f"page {name} as {role}: expected {expected}, got {response.status_code} {location} "
        f"{response.content[:200]!r}")
