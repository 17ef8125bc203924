"""R-25a in the pure rules: the end of validity (Art 30) and values entered as data."""

import datetime

import pytest

from juzhu.rules import RulesContext, evaluate
from juzhu.rules.parameters import Overlay, parse_entered_value
from juzhu.rules.validity import expiry_warning

D = datetime.date
CASE = {"question": "issuance_deadline", "acceptance_date": "2027-01-05"}


def test_a_decision_after_the_end_says_measure_expired_and_keeps_the_last_values():
    answer = evaluate(CASE, RulesContext.default(D(2026, 11, 26))).to_dict()
    assert answer["measure_expired"] is True and answer["due_date"] == "2027-01-08"
    assert any("第三十条" in r and "2026-12-31" in r for r in answer["reasons"])
    # Made after the end, about an earlier day: the decision is made under an expired measure.
    late = evaluate({**CASE, "acceptance_date": "2026-12-28"}, RulesContext.default(D(2027, 1, 5))).to_dict()
    assert late["measure_expired"] is True
    within = evaluate({**CASE, "acceptance_date": "2026-12-28"}, RulesContext.default(D(2026, 12, 28))).to_dict()
    assert within["measure_expired"] is False


def test_a_successors_entered_values_apply_from_their_date_and_lift_the_expiry():
    overlays = [
        Overlay("permit.issuance_working_days", D(2027, 1, 1), 15, "国务院《居住证暂行条例》第十四条"),
        Overlay("measure.valid_until", D(2027, 1, 1), D(2031, 12, 31), "后续办法第三十条"),
    ]
    ctx = RulesContext.build(D(2027, 1, 5), overlays=overlays)
    answer = evaluate(CASE, ctx).to_dict()
    assert answer["measure_expired"] is False and answer["due_date"] == "2027-01-26"
    assert "国务院《居住证暂行条例》第十四条" in answer["citations"]
    before = evaluate(
        {**CASE, "acceptance_date": "2026-12-28"}, RulesContext.build(D(2026, 12, 28), overlays=overlays)
    ).to_dict()
    assert before["due_date"] == "2026-12-31"
    assert expiry_warning(RulesContext.build(D(2026, 12, 15), overlays=overlays)) is None


def test_the_warning_starts_thirty_days_before_the_end():
    assert expiry_warning(RulesContext.default(D(2026, 11, 30))) is None
    warning = expiry_warning(RulesContext.default(D(2026, 12, 1)))
    assert warning.days_left == 30 and not warning.expired and "第三十条" in warning.message
    assert expiry_warning(RulesContext.default(D(2027, 1, 5))).expired


@pytest.mark.parametrize(
    "name, raw, ok",
    [
        ("permit.issuance_working_days", "15", 15),
        ("permit.issuance_working_days", "1.5", None),
        ("measure.valid_until", "2031-12-31", D(2031, 12, 31)),
        ("measure.valid_until", "明年", None),
        ("city.districts", '["610902"]', ["610902"]),
        ("city.districts", '{"a": 1}', None),
    ],
)
def test_an_entered_value_must_have_the_parameters_type(name, raw, ok):
    parameter = RulesContext.default(D(2026, 11, 26)).parameters[name]
    if ok is None:
        with pytest.raises(ValueError):
            parse_entered_value(parameter, raw)
    else:
        assert parse_entered_value(parameter, raw) == ok
