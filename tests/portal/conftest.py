import pytest

from tests.residents.helpers import phones  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def organisation(request, phones):  # noqa: F811
    """The shipped Ankang organisation (stations serving towns) under every residents' test
    that uses the database; the staff fixture of tests/conftest.py builds it."""
    if "django_db" in request.keywords or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("staff")
