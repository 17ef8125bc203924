"""The access matrix (issue 8): every API operation and page × every role, session and token.

The rows are data (access_matrix.py). The first two tests keep the table complete: they
enumerate the operations of the OpenAPI document and the named URL patterns of the URL
conf, so a new operation or page without a row fails, and so does a row naming something
gone. Then every cell makes its real request against one world (world.py) and compares
the answer's class with the row.
"""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from juzhu.api.urls import api
from tests import artifacts

from .access_matrix import API, PAGES, ROLES, URL_ARGUMENTS

API_PREFIX = "/api/v1"
FIGURES = artifacts.ARTIFACTS / "security" / "access_matrix.json"
results: dict[str, tuple[str, str]] = {}  # cell id → (expected, got), for the figures


@functools.cache
def openapi_operations() -> dict[str, tuple[str, str]]:
    """operationId → (method, path) of the API's own OpenAPI document."""
    document = api.get_openapi_schema(path_prefix=API_PREFIX)
    return {
        operation["operationId"]: (method.upper(), path)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }


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
    assert not missing, (
        f"API operations without a row in tests/security/access_matrix.py API: {missing}; add e.g. "
        + ", ".join(f'"{name}": op("403 403 403 403 403 403 403 401"),' for name in missing)
    )
    gone = sorted(set(API) - found)
    assert not gone, f"rows in access_matrix.API naming no operation of the OpenAPI document: {gone}"


def test_every_page_has_a_row_and_every_row_a_page():
    found = url_pages()
    named = {name.split("#")[0] for name in PAGES}
    missing = sorted(found - named)
    assert not missing, (
        f"URL names without a row in tests/security/access_matrix.py PAGES: {missing}; add e.g. "
        + ", ".join(f'"{name}": page("403 403 403 403 403 403 403 login"),' for name in missing)
    )
    gone = sorted(name for name in PAGES if name.split("#")[0] not in found)
    assert not gone, f"rows in access_matrix.PAGES naming no URL pattern: {gone}"


# --- the cells ------------------------------------------------------------------------------


def classify(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if 300 <= status < 400:
        target = response["Location"].split("?")[0]
        if target.endswith(resolve_url(settings.LOGIN_URL)):
            return "login"
        return "signin" if target == reverse("portal:sign_in") else "redirect"
    return str(status)


CSRF_SECRET = "probes0csrf0secret0of032letters0"  # a session's CSRF cookie, sent back as the header


def _client(world, role: str, auth: str) -> tuple[Client, dict]:
    """A client as the role's browser (session cookie, CSRF enforced) or API client (token).
    The resident has a session only (the portal's; no API token exists for residents)."""
    client = Client(enforce_csrf_checks=True)
    headers = {}
    if role != "anonymous" and auth == "session":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    if role != "anonymous" and auth == "token":
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    headers["X-CSRFToken"] = CSRF_SECRET
    return client, headers


def _filled(values: dict, world) -> dict:
    return {k: v.format(**world.ids) if isinstance(v, str) else v for k, v in values.items()}


def _body(row, world) -> dict | None:
    """The row's body; a ``(name, bytes, content type)`` value is a file, sent as multipart."""
    body = row.body(world) if callable(row.body) else row.body
    if body is not None and any(isinstance(v, tuple) for v in body.values()):
        return {k: SimpleUploadedFile(*v) if isinstance(v, tuple) else v for k, v in body.items()}
    return body


def _is_upload(body) -> bool:
    return body is not None and any(isinstance(v, SimpleUploadedFile) for v in body.values())


def api_request(name: str, row, world, client: Client, headers: dict):
    method, path = openapi_operations()[name]
    for argument in re.findall(r"{(\w+)}", path):  # {id} names a world object; others are world values
        value = world.ids.get(row.id, 0) if argument == "id" else world.ids[argument]
        path = path.replace(f"{{{argument}}}", str(value))
    url = path + ("?" + urlencode(_filled(row.query, world)) if row.query else "")
    body = _body(row, world)
    if _is_upload(body):
        return client.post(url, body, headers=headers)
    return client.generic(
        method,
        url,
        "" if body is None else json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        headers=headers,
    )


def page_request(name: str, row, world, client: Client, headers: dict):
    name = name.split("#")[0]
    route = next(r for r, n in _patterns(get_resolver().url_patterns) if n == name)
    kwargs = {
        argument: world.ids[row.id or URL_ARGUMENTS[argument]] for argument in re.findall(r"<(?:\w+:)?(\w+)>", route)
    }
    url = reverse(name, kwargs=kwargs)
    query = _filled(row.query, world)
    if row.method == "GET":
        return client.get(url, query, headers=headers)
    assert row.method == "POST", f"page {name}: GET or POST"
    return client.post(url + ("?" + urlencode(query) if query else ""), _body(row, world) or {}, headers=headers)


@pytest.fixture(scope="module", autouse=True)
def figures():
    """After the module: cells run, 5xx and violations (cells whose answer differs from the row)."""
    results.clear()
    yield
    if results:
        FIGURES.parent.mkdir(parents=True, exist_ok=True)
        FIGURES.write_text(
            json.dumps(
                {
                    "cells": len(results),
                    "server_errors": sum(got.startswith("5") for _, got in results.values()),
                    "violations": sorted(cell for cell, (expected, got) in results.items() if expected != got),
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )


def check(cell: str, expected: str, response) -> str:
    got = classify(response)
    results[cell] = (expected, got)
    return got


API_CELLS = [
    pytest.param(name, role, auth, id=f"api-{name}-{role}-{auth}")
    for name in API
    for role in ROLES
    for auth in (("none",) if role == "anonymous" else ("session",) if role == "resident" else ("session", "token"))
]
PAGE_CELLS = [pytest.param(name, role, id=f"page-{name}-{role}") for name in PAGES for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "auth"), API_CELLS)
def test_api_cell(world, name, role, auth):
    row = API[name]
    client, headers = _client(world, role, auth)
    response = api_request(name, row, world, client, headers)
    expected = row.outcomes()[role]
    assert check(f"api-{name}-{role}-{auth}", expected, response) == expected, (
        f"{name} as {role} ({auth}): expected {expected}, got {response.status_code} {response.content[:300]!r}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), PAGE_CELLS)
def test_page_cell(world, name, role):
    row = PAGES[name]
    client, headers = _client(world, role, "session")
    response = page_request(name, row, world, client, headers)
    expected = row.outcomes()[role]
    location = response.get("Location", "")
    assert check(f"page-{name}-{role}", expected, response) == expected, (
        f"page {name} as {role}: expected {expected}, got {response.status_code} {location} {response.content[:200]!r}"
    )
