"""One rules context for the whole system (R-09a) and the measure's end of validity (R-25a).

The CLI, the API, the office and the daily job read the calendar years and the
parameter values entered in the database; values are entered as data, not code.
"""

import datetime
import json

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.cli import main as cli
from juzhu.registry.actions import ActionError, enter_calendar_year, receive_application, set_parameter_value
from juzhu.registry.actions.common import PermissionDenied, rules_context
from juzhu.registry.models import ParameterValue
from tests.api.conftest import ApiClient

from .flows import COMPLETE_FOR_EMPLOYMENT, registered
from .test_calendar_recompute import SPRING_2027

pytestmark = pytest.mark.django_db

CASE = {"question": "issuance_deadline", "acceptance_date": "2027-02-03"}
REGULATION = "国务院《居住证暂行条例》第十四条（测试）"


def _cli(capsys, tmp_path, *args, case=None):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case or CASE), encoding="utf-8")
    code = cli(["rules", *args, str(path)] if not args or args[0] == "evaluate" else ["rules", *args])
    out = capsys.readouterr()
    return code, out


def _api(staff, case=None):
    from juzhu.api.tokens import create_token

    return ApiClient(create_token(staff.officer, "tests")).post("/rules/evaluate", case or CASE).json()


def test_the_command_and_the_api_use_the_calendar_entered_in_the_database(staff, clock, capsys, tmp_path):
    clock("2026-12-01")
    code, out = _cli(capsys, tmp_path, "evaluate")
    assert code == 0 and json.loads(out.out)["due_date"] == "2027-02-10"  # provisional before
    assert _api(staff)["provisional"] is True

    enter_calendar_year(acting_user=staff.admin, **SPRING_2027)

    code, out = _cli(capsys, tmp_path, "evaluate")
    answer = json.loads(out.out)
    assert (answer["due_date"], answer["provisional"]) == ("2027-02-15", False)
    api = _api(staff)
    assert (api["due_date"], api["provisional"]) == ("2027-02-15", False)


def test_a_decision_after_the_end_of_validity_says_measure_expired_citing_art_30(staff, clock, capsys, tmp_path):
    clock("2027-01-05")
    case = {"question": "issuance_deadline", "acceptance_date": "2027-01-05"}
    _, out = _cli(capsys, tmp_path, "evaluate", case=case)
    answer = json.loads(out.out)
    assert answer["measure_expired"] is True and answer["due_date"] == "2027-01-08"  # the last values (3 days)
    assert any("第三十条" in r for r in answer["reasons"]) and any("第三十条" in c for c in answer["citations"])
    assert _api(staff, case)["measure_expired"] is True
    clock("2026-12-30")
    earlier = _api(staff, {**case, "acceptance_date": "2026-12-30"})
    assert earlier["measure_expired"] is False


def test_the_successors_values_apply_from_their_date_without_a_code_change(staff, clock, capsys, tmp_path):
    clock("2026-12-10")
    set_parameter_value(
        acting_user=staff.admin,
        name="permit.issuance_working_days",
        valid_from="2027-01-01",
        value="15",
        reference=REGULATION,
    )
    set_parameter_value(
        acting_user=staff.admin,
        name="measure.valid_until",
        valid_from="2027-01-01",
        value="2031-12-31",
        reference="后续办法（2027年修订）第三十条（测试）",
    )
    clock("2027-01-05")
    answer = _api(staff, {"question": "issuance_deadline", "acceptance_date": "2027-01-05"})
    assert answer["measure_expired"] is False
    assert answer["facts"]["parameters"]["permit.issuance_working_days"] == {"since": "2027-01-01", "value": 15}
    assert REGULATION in answer["citations"]
    assert answer["due_date"] == "2027-01-26"  # 15 working days after Tue 5 Jan (provisional 2027)
    old = _api(staff, {"question": "issuance_deadline", "acceptance_date": "2026-12-28"})
    assert old["due_date"] == "2026-12-31" and REGULATION not in old["citations"]  # before its date: 3 days
    _, out = _cli(capsys, tmp_path, "evaluate", case={"question": "issuance_deadline", "acceptance_date": "2027-01-05"})
    assert json.loads(out.out)["due_date"] == "2027-01-26"
    # The registry's actions use it too: an application accepted on 5 Jan 2027.
    clock("2026-06-01")
    registration = registered(staff)
    clock("2027-01-05")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    assert application.due_date == datetime.date(2027, 1, 26)
    assert AuditEntry.objects.filter(action="parameter.set").count() == 2


def test_an_entered_value_is_checked_against_the_parameters_type(staff):
    with pytest.raises(PermissionDenied):
        set_parameter_value(
            acting_user=staff.clerk,
            name="permit.issuance_working_days",
            valid_from="2027-01-01",
            value="15",
            reference=REGULATION,
        )
    for name, value, field in [
        ("permit.issuance_working_days", "十五", "value"),
        ("permit.issuance_working_days", "0", "value"),
        ("measure.valid_until", "2031-13-01", "value"),
        ("permit.conditions", '["employment"]', "value"),
        ("no.such", "1", "name"),
    ]:
        with pytest.raises(ActionError) as bad:
            set_parameter_value(
                acting_user=staff.admin, name=name, valid_from="2027-01-01", value=value, reference=REGULATION
            )
        assert bad.value.field == field, (name, value)
    assert not ParameterValue.objects.exists()


def test_the_command_enters_a_parameter_value(staff, capsys):
    code = cli(
        [
            "rules",
            "parameter",
            "set",
            "permit.issuance_working_days",
            "--from",
            "2027-01-01",
            "--value",
            "15",
            "--reference",
            REGULATION,
            "--user",
            staff.admin.username,
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert rules_context().param("permit.issuance_working_days", datetime.date(2027, 1, 2)).value == 15
    refused = cli(
        [
            "rules",
            "parameter",
            "set",
            "permit.issuance_working_days",
            "--from",
            "2027-01-01",
            "--value",
            "15",
            "--reference",
            REGULATION,
            "--user",
            staff.clerk.username,
        ]
    )
    assert refused == 1 and "市级管理员" in capsys.readouterr().err


def test_the_context_is_cached_until_an_entry_changes_it(staff, django_assert_max_num_queries):
    first = rules_context()
    with django_assert_max_num_queries(1):  # the stamp only
        assert rules_context().calendar is first.calendar
    enter_calendar_year(acting_user=staff.admin, **SPRING_2027)
    assert rules_context().calendar.is_official(2027)


def test_a_value_entered_after_its_date_recomputes_the_cases_it_governs(staff, clock):
    clock("2026-06-01")
    registration = registered(staff)
    clock("2027-01-05")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    assert application.due_date == datetime.date(2027, 1, 8)
    clock("2027-01-06")
    entry = set_parameter_value(
        acting_user=staff.admin,
        name="permit.issuance_working_days",
        valid_from="2027-01-01",
        value=15,
        reference=REGULATION,
    )
    application.refresh_from_db()
    assert application.due_date == datetime.date(2027, 1, 26)
    assert entry.recomputed.applications[0]["due_date"] == ["2027-01-08", "2027-01-26"]
    recorded = AuditEntry.objects.get(action="application.recompute")
    assert recorded.detail["parameter"] == "permit.issuance_working_days"
