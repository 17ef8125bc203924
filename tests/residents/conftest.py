import pytest


@pytest.fixture(autouse=True)
def organisation(request):
    """The shipped Ankang organisation (stations serving towns) under every residents' test
    that uses the database; the staff fixture of tests/conftest.py builds it."""
    if "django_db" in request.keywords or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("staff")
