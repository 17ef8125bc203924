"""Properties of the arithmetic that must hold for every date, not just the examples."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from juzhu.rules.decision import InvalidInput
from juzhu.rules.id_number import check_character, normalise, parse_id_number
from juzhu.rules.periods import add_days, add_months, whole_years_between

DATES = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2035, 12, 31))


@given(start=DATES, count=st.integers(min_value=1, max_value=20))
@settings(max_examples=300)
def test_working_day_deadline_is_a_working_day_strictly_after_its_start(rules_ctx, start, count):
    calendar = rules_ctx.calendar
    due = calendar.add_working_days(start, count).date
    assert due > start
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == count


@given(start=DATES, count=st.integers(min_value=1, max_value=10))
def test_a_deadline_is_provisional_exactly_when_it_reaches_a_year_without_official_data(rules_ctx, start, count):
    reckoned = rules_ctx.calendar.add_working_days(start, count)
    touched = {(start + datetime.timedelta(days=i)).year for i in range(1, (reckoned.date - start).days + 1)}
    assert reckoned.provisional == any(not rules_ctx.calendar.is_official(y) for y in touched)


@given(day=DATES)
def test_roll_forward_lands_on_the_first_working_day_not_before_the_day(rules_ctx, day):
    calendar = rules_ctx.calendar
    rolled = calendar.roll_forward(day).date
    assert rolled >= day and calendar.is_working_day(rolled)
    assert all(not calendar.is_working_day(day + datetime.timedelta(days=i)) for i in range((rolled - day).days))


@given(start=DATES, months=st.integers(min_value=-240, max_value=240))
def test_adding_months_never_overflows_the_target_month(start, months):
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + datetime.timedelta(days=1)).day == 1)


@given(start=DATES, days=st.integers(min_value=1, max_value=400))
def test_a_day_period_does_not_count_its_first_day(start, days):
    assert (add_days(start, days) - start).days == days


@given(start=DATES, end=DATES)
def test_whole_years_are_complete_on_the_anniversary_and_not_before(start, end):
    years = whole_years_between(start, end)
    if end >= start:
        assert add_months(start, 12 * years) <= end < add_months(start, 12 * (years + 1))
    else:
        assert years == 0


REGIONS = st.sampled_from(["610902", "610928", "610981", "612429", "110105", "440305", "650102"])
BIRTHS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2026, 11, 1))


@st.composite
def id_numbers(draw):
    body = draw(REGIONS) + draw(BIRTHS).strftime("%Y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    return body + check_character(body)


@given(number=id_numbers())
def test_an_id_number_with_a_correct_check_character_validates(rules_ctx, number):
    parsed = parse_id_number(number, rules_ctx.divisions, today=rules_ctx.today)
    assert parsed.value == number
    assert parsed.sex == ("male" if int(number[16]) % 2 else "female")


@given(number=id_numbers(), position=st.integers(0, 17), data=st.data())
def test_any_single_character_change_invalidates_an_id_number(rules_ctx, number, position, data):
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    try:
        parse_id_number(changed, rules_ctx.divisions, today=rules_ctx.today)
    except InvalidInput:
        return
    raise AssertionError(f"{changed} (changed from {number}) validated")


@given(number=id_numbers())
def test_lower_case_x_and_spaces_are_normalised(number):
    assert normalise(" " + number.lower() + " ") == number


def test_following_successions_ends_for_every_code_on_a_known_code(rules_ctx):
    divisions = rules_ctx.divisions
    for code in divisions.codes():
        assert divisions.exists(divisions.current_code(code))


def test_every_county_of_the_former_ankang_prefecture_leads_to_a_county_of_ankang_city(rules_ctx):
    divisions = rules_ctx.divisions
    old = [c for c in divisions.codes() if c.startswith("6124") and divisions.lookup(c).level == "county"]
    assert len(old) >= 10
    for code in old:
        current = divisions.current_code(code)
        assert current.startswith("6109") and divisions.lookup(current).current, (code, current)
