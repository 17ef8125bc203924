"""API fixtures: the registry's staff and clock, and a JSON client carrying a user's API token."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from tests.factories import person_data, residence_data  # re-exported: fixtures

API = "/api/v1"


class ApiClient:
    """``api.post("/registrations", {...})`` with ``Authorization: Bearer <key>``."""

    def __init__(self, key: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, data=None, *, raw: str | bytes | None = None):
        content = raw if raw is not None else ("" if data is None else json.dumps(data, ensure_ascii=False))
        return self.client.post(API + path, content, content_type="application/json", headers=self.headers)


@pytest.fixture
def as_user(staff):
    """``as_user(staff.clerk)`` → an ApiClient with a fresh token of that user."""
    from juzhu.api.tokens import create_token

    def client_for(user) -> ApiClient:
        return ApiClient(create_token(user, "tests"))

    return client_for


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def registration_body(person=None, residence=None, children=()) -> dict:
    """The POST /registrations body built from the registry tests' ``person_data`` / ``residence_data``."""
    residence = (residence or residence_data()).model_dump()
    return _plain(
        {"person": (person or person_data()).model_dump(), "residence": residence, "children": list(children)}
    )
