"""Dated parameters: a revision adds a value from its date and keeps the old one."""

import datetime
import textwrap

from juzhu.rules import RulesContext, evaluate
from juzhu.rules.parameters import PARAMETER_DIR, Parameters


def test_every_parameter_cites_its_provision_and_starts_somewhere():
    parameters = Parameters.load()
    for name in parameters:
        parameter = parameters[name]
        assert parameter.references, f"{name} has no reference"
        assert all(r.citation for r in parameter.references), name
        assert parameter.description, name


def test_a_revised_measure_changes_decisions_from_its_start_date_only(tmp_path):
    for path in PARAMETER_DIR.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "registration.yaml":
            # Suppose the revised measure of 2027 allows 7 working days.
            text = text.replace("    2021-01-01: 5\n", "    2021-01-01: 5\n    2027-01-01: 7\n")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    parameters = Parameters.load(tmp_path)
    base = RulesContext.default(datetime.date(2027, 6, 1))
    ctx = RulesContext(parameters, base.calendar, base.divisions, base.today)
    old = evaluate({"question": "registration_duty", "arrival_date": "2026-03-02"}, ctx).to_dict()
    new = evaluate({"question": "registration_duty", "arrival_date": "2027-03-01"}, ctx).to_dict()
    assert old["due_date"] == "2026-03-09"  # Mon 2 Mar 2026: 3,4,5,6,9 March
    assert old["facts"]["parameters"]["registration.deadline_working_days"] == {"since": "2021-01-01", "value": 5}
    assert new["due_date"] == "2027-03-10"  # Mon 1 Mar 2027: 2,3,4,5,8,9,10 March
    assert new["facts"]["parameters"]["registration.deadline_working_days"] == {"since": "2027-01-01", "value": 7}


def test_a_date_before_the_measure_is_computed_and_flagged(rules_ctx):
    answer = evaluate({"question": "issuance_deadline", "acceptance_date": "2019-06-03"}, rules_ctx).to_dict()
    assert answer["due_date"] == "2019-06-06"
    assert any("早于本办法施行日期" in r for r in answer["reasons"])
    assert "I-01 施行期间" in answer["interpretations"]


def test_parameters_file_can_be_parsed_on_its_own(tmp_path):
    (tmp_path / "x.yaml").write_text(
        textwrap.dedent("""
        a.b:
          description: 测试
          reference: [{source: measure, article: 9}]
          values: {2021-01-01: 1, 2030-01-01: 2}
    """),
        encoding="utf-8",
    )
    parameter = Parameters.load(tmp_path)["a.b"]
    assert parameter.at(datetime.date(2029, 12, 31)).value == 1
    assert parameter.at(datetime.date(2030, 1, 1)).value == 2
