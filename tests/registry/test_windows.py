"""The endorsement window as one range of anniversaries, checked day by day against the rules."""

import datetime

import pytest

from juzhu.registry.endorsement_windows import anniversaries_in_window
from juzhu.rules.determinations.endorsement import endorsement_status
from juzhu.rules.periods import add_months

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


def test_the_range_holds_exactly_the_anniversaries_whose_window_is_open(rules_ctx):
    """For every day of 2027-2028 (a leap February included) and every anniversary near it,
    the range agrees with the rules' endorsement_status for a permit with that anniversary:
    the range is the rules' answer, not an approximation of it."""
    day, checked = datetime.date(2027, 1, 1), 0
    while day <= datetime.date(2028, 12, 31):
        first, last = anniversaries_in_window(day)
        for offset in range(-12, 36):  # R-11a: a holiday run can keep a past anniversary's window open
            anniversary = day + offset * ONE_DAY
            issued = add_months(anniversary, -12)
            decision = endorsement_status(rules_ctx, issued, None, [], day)
            if decision.outcome != "valid" or decision.fields["next_anniversary"] != anniversary:
                continue  # no permit has this anniversary (29 Feb) or it has passed
            assert (first <= anniversary <= last) == decision.fields["in_window"], (day, anniversary)
            checked += 1
        day += ONE_DAY
    assert checked > 20_000
