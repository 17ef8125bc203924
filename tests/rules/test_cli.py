"""The ``juzhu rules evaluate`` command as a user runs it: JSON in, JSON out, exit codes."""

import json
import os
import subprocess
import sys

import pytest

from .case_files import CASES_DIR


def run(*args, stdin=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "juzhu.cli", "rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_a_list_of_cases_answers_a_list_in_the_same_order():
    cases = [
        {"question": "issuance_deadline", "acceptance_date": "2025-09-26"},
        {"question": "nonsense"},
        {"question": "id_number", "value": "11010519491231002x"},
    ]
    result = run("evaluate", stdin=json.dumps(cases))
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert [a["outcome"] for a in answers] == ["computed", "invalid", "valid"]
    assert answers[1]["errors"][0]["field"] == "question"


def test_a_file_argument_is_read(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(
        json.dumps({"question": "floating_status", "hukou_division": "610928", "residence_division": "610981"}),
        encoding="utf-8",
    )
    result = run("evaluate", str(path))
    assert result.returncode == 0
    assert json.loads(result.stdout)["outcome"] == "not_floating"


@pytest.mark.parametrize("text", ["{not json", "", "[1, 2"])
def test_invalid_json_exits_2_with_a_message(text):
    result = run("evaluate", stdin=text)
    assert result.returncode == 2
    assert "JSON" in result.stderr and result.stdout == ""


def test_today_comes_from_the_injectable_clock():
    case = json.dumps({"question": "id_number", "value": "610981200002290038"})
    assert json.loads(run("evaluate", stdin=case, env={"JUZHU_TODAY": "2026-01-01"}).stdout)["outcome"] == "valid"
    # Before that birth date the number cannot exist yet.
    answer = json.loads(run("evaluate", stdin=case, env={"JUZHU_TODAY": "1999-01-01"}).stdout)
    assert answer["outcome"] == "invalid" and "晚于今天" in answer["errors"][0]["message"]


def test_the_case_files_through_the_command_give_the_same_answers():
    from juzhu.rules import RulesContext, evaluate

    specs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CASES_DIR.glob("*/*.json"))]
    result = run("evaluate", stdin=json.dumps([s["case"] for s in specs]), env={"JUZHU_TODAY": "2026-11-26"})
    assert result.returncode == 0
    import datetime

    ctx = RulesContext.default(datetime.date(2026, 11, 26))
    assert json.loads(result.stdout) == [evaluate(s["case"], ctx).to_dict() for s in specs]


def test_calendar_and_parameters_commands_print_their_data():
    shown = run("calendar", "show", "2027")
    assert shown.returncode == 0 and "推算" in shown.stdout and "2027-02-05 休 春节" in shown.stdout
    listed = run("parameters")
    assert "registration.deadline_working_days" in listed.stdout and "第九条" in listed.stdout


def test_today_is_the_date_in_beijing_whatever_the_server_time_zone(monkeypatch):
    import datetime as dt

    from juzhu import clock

    monkeypatch.delenv("JUZHU_TODAY", raising=False)
    beijing = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    assert clock.today() == beijing
