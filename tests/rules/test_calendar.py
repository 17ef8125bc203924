"""The calendar agrees with the official data and takes new years as data."""

import datetime
import json

import chinese_calendar
import pytest

from juzhu.rules import RulesContext, evaluate
from juzhu.rules.calendar_store import (
    arrangement_from_json,
    arrangement_to_json,
    load_calendar,
    seed_from_chinese_calendar,
)
from juzhu.rules.parameters import Parameters


def test_every_day_of_the_official_years_agrees_with_chinese_calendar(rules_ctx):
    calendar = rules_ctx.calendar
    day, disagreements = datetime.date(2004, 1, 1), []
    while day.year <= 2026:
        assert calendar.is_official(day.year)
        if calendar.is_working_day(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += datetime.timedelta(days=1)
    assert disagreements == []


def test_shipped_files_are_what_the_seed_produces():
    seeded = seed_from_chinese_calendar()
    shipped = load_calendar(Parameters.load(), overlay_dir="/nonexistent")
    assert shipped.official_years == sorted(seeded)
    for year, arrangement in seeded.items():
        assert arrangement_to_json(shipped.arrangement(year)) == arrangement_to_json(arrangement)


def test_2027_is_computed_from_the_statutory_holidays_of_the_2025_rules(rules_ctx):
    arrangement = rules_ctx.calendar.arrangement(2027)
    assert not arrangement.official and arrangement.workdays == {}
    spring = sorted(d for d, n in arrangement.holidays.items() if n == "春节")
    # 2024 revision: 除夕 and 正月初一至初三; lunar new year 2027 is 6 February.
    assert spring == [datetime.date(2027, 2, d) for d in (5, 6, 7, 8)]
    assert arrangement.holidays[datetime.date(2027, 5, 2)] == "劳动节"
    assert datetime.date(2027, 10, 4) not in arrangement.holidays


def test_a_year_before_2008_uses_the_older_statutory_holidays(rules_ctx):
    arrangement = rules_ctx.calendar.arrangement(2003)
    assert not arrangement.official
    assert [n for d, n in sorted(arrangement.holidays.items()) if d.month == 5] == ["劳动节"] * 3
    assert "清明节" not in arrangement.holidays.values()


def test_an_administrator_file_for_2027_makes_deadlines_official(tmp_path):
    # An imagined 2027 notice: 4-8 January holiday, Saturday 9 January a working day.
    notice = {
        "year": 2027,
        "source": "测试：假想的2027年放假安排",
        "holidays": {f"2027-01-0{d}": "元旦" for d in range(1, 9)},
        "workdays": {"2027-01-09": "元旦调休"},
    }
    (tmp_path / "2027.json").write_text(json.dumps(notice, ensure_ascii=False), encoding="utf-8")
    parameters = Parameters.load()
    base = RulesContext.default(datetime.date(2026, 12, 1))
    entered = RulesContext(parameters, load_calendar(parameters, overlay_dir=tmp_path), base.divisions, base.today)
    case = {"question": "registration_duty", "arrival_date": "2026-12-28"}
    before, after = evaluate(case, base).to_dict(), evaluate(case, entered).to_dict()
    assert (before["due_date"], before["provisional"]) == ("2027-01-05", True)
    # 29, 30, 31 Dec, then Saturday 9 Jan and Monday 11 Jan.
    assert (after["due_date"], after["provisional"]) == ("2027-01-11", False)


@pytest.mark.parametrize(
    "document, fault",
    [
        ({"holidays": {}}, "year"),
        ({"year": 2027, "holidays": {"2027-02-30": "春节"}}, "2027-02-30"),
        ({"year": 2027, "workdays": {"2027-01-04": "调休"}}, "本来就是工作日"),
        ({"year": 2027, "holidays": {"2028-01-01": "元旦"}}, "2028-01-01"),
        ({"year": 2027, "holidays": {"2027-01-02": "元旦"}, "workdays": {"2027-01-02": "调休"}}, "既是节假日"),
    ],
)
def test_a_malformed_year_file_is_refused_with_the_reason(document, fault):
    with pytest.raises(ValueError, match=fault):
        arrangement_from_json(document)
