"""An invalid case's reasons are read by clerks (the registration form's decision panel):
they name each field by its Chinese label, never by the internal field name (issue 7)."""

from juzhu.rules import evaluate
from juzhu.rules.evaluate import LABELS


def test_reasons_of_an_invalid_case_carry_no_internal_field_names(rules_ctx):
    answer = evaluate({"question": "registration_duty", "arrival_date": "2026-05-30", "as_of": "2026-05-01"}, rules_ctx)
    assert answer.outcome == "invalid"
    assert answer.reasons == ["查询日期不能早于到达居住地日期"]
    assert answer.errors[0].field == "as_of"  # the field stays machine-readable for the form and the API


def test_every_reader_error_names_its_field_by_label(rules_ctx):
    answer = evaluate({"question": "permit_eligibility", "registration_date": "x", "conditions": ["nope"]}, rules_ctx)
    assert answer.outcome == "invalid" and len(answer.reasons) == 3
    for error, reason in zip(answer.errors, answer.reasons, strict=True):
        assert error.field not in reason
        assert reason.startswith(LABELS[error.field])
