"""Every rule case file, evaluated in process and compared with its expectation."""

import pytest

from juzhu.rules import evaluate

from .case_files import case_files, load, mismatches

CASES = case_files()


def test_there_are_cases_for_every_question():
    from juzhu.rules import QUESTIONS

    covered = {path.parent.name for path in CASES}
    assert covered >= set(QUESTIONS), f"no cases for {set(QUESTIONS) - covered}"


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}: {p.stem}" for p in CASES])
def test_case(path, rules_ctx):
    spec = load(path)
    answer = evaluate(spec["case"], rules_ctx).to_dict()
    problems = mismatches(spec["expect"], answer)
    assert not problems, "\n".join([*problems, "why: " + spec.get("why", "")])
    if answer["outcome"] != "invalid":
        assert answer["citations"], "a decision must cite its basis"
