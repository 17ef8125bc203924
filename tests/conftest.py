"""Shared fixtures: the rules context every rules test evaluates against."""

import datetime

import pytest

from juzhu.rules import RulesContext

# A fixed "today" so that tests do not change meaning with the wall clock.
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(scope="session")
def rules_ctx() -> RulesContext:
    return RulesContext.default(TODAY)
