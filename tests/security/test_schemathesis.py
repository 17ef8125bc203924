"""Schemathesis over the whole API (issue 8): every operation of the OpenAPI document, with the
API tokens of two roles (station A's clerk, the county's issuer), against the WSGI application
in-process: no 5xx, and every answer is what the document says (status code, content type,
body schema, headers); schema-invalid input is refused; unsupported methods answer 405.

Bounded and reproducible: ``MAX_EXAMPLES`` per operation and role, derandomized (the seed is
derived from the test), so CI sends the same requests every run. Each operation × role runs in
one transaction over the probes' world (world.py), rolled back at its end. The figures of the
last run (requests by status) are written to test-artifacts/security/schemathesis.json.

Not used: ``positive_data_acceptance`` (the document cannot say every rule of the measure: a
schema-valid arrival date in year 729 is still refused, rightly) and ``ignored_auth`` (it
regenerates the session cookie while our valid token is sent; the matrix covers anonymous).
"""

from __future__ import annotations

import collections
import json
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from juzhu.api.urls import api
from tests import artifacts

# CI's bound; a deeper probe by hand: JUZHU_PROBE_EXAMPLES=500 ./test tests/security/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("JUZHU_PROBE_EXAMPLES", 20))
ROLES = ("clerk_a", "issuer")
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.negative_data_rejection,
    openapi_checks.missing_required_header,
    openapi_checks.unsupported_method,
    openapi_checks.allow_header_conformance,
]
FIGURES = artifacts.ARTIFACTS / "security" / "schemathesis.json"

requests_by_status: collections.Counter = collections.Counter()
_django = WSGIHandler()


def counting_app(environ, start_response):
    """The project's WSGI application, counting the answers by status for the figures."""

    def counted(status, headers, exc_info=None):
        requests_by_status[status.split()[0]] += 1
        return start_response(status, headers, exc_info)

    return _django(environ, counted)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = counting_app


@pytest.fixture(scope="module", autouse=True)
def figures():
    requests_by_status.clear()
    yield
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(
        json.dumps(
            {
                "requests": sum(requests_by_status.values()),
                "server_errors": sum(n for status, n in requests_by_status.items() if status.startswith("5")),
                "by_status": dict(sorted(requests_by_status.items())),
            },
            indent=2,
        )
        + "\n"
    )


@pytest.fixture
def in_test_transaction():
    """Django's WSGI handler closes the database connection after each request (and the test's
    open transaction with it); the test client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
def test_api(case, role, world, in_test_transaction):
    response = case.call(headers={"Authorization": f"Bearer {world.tokens[role]}"})
    case.validate_response(response, checks=CHECKS)
