"""How many decisions a second the rules make (pure Python, no database).

    .venv/bin/python benchmarks/rules_throughput.py [--cases 20000]

Evaluates a mix of all seven questions over dates spread across 2020-2027 (so that
both official and provisional calendar years are reckoned) and prints decisions per
second, overall and per question.
"""

from __future__ import annotations

import argparse
import datetime
import random
import time
from collections import defaultdict

from juzhu.rules import RulesContext, evaluate
from juzhu.rules.id_number import check_character


def cases(count: int, seed: int = 2026):
    rng = random.Random(seed)
    start = datetime.date(2020, 1, 1)
    for i in range(count):
        day = start + datetime.timedelta(days=rng.randrange(0, 8 * 365))
        iso = day.isoformat()
        kind = i % 7
        if kind == 0:
            yield {"question": "registration_duty", "arrival_date": iso}
        elif kind == 1:
            yield {"question": "issuance_deadline", "acceptance_date": iso}
        elif kind == 2:
            yield {
                "question": "permit_eligibility",
                "registration_date": iso,
                "application_date": (day + datetime.timedelta(days=200)).isoformat(),
                "conditions": ["employment"],
            }
        elif kind == 3:
            yield {"question": "missing_materials", "condition": "study", "materials": ["passport", "photo"]}
        elif kind == 4:
            yield {
                "question": "endorsement_status",
                "issue_date": iso,
                "endorsements": [],
                "as_of": (day + datetime.timedelta(days=300)).isoformat(),
            }
        elif kind == 5:
            yield {
                "question": "floating_status",
                "hukou_division": rng.choice(["610113", "612429", "510104"]),
                "residence_division": "610902",
            }
        else:
            body = "610902" + f"{1950 + i % 60}0101" + f"{i % 1000:03d}"
            yield {"question": "id_number", "value": body + check_character(body)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20000)
    args = parser.parse_args()
    ctx = RulesContext.default(datetime.date(2026, 11, 26))
    spent: dict[str, float] = defaultdict(float)
    counted: dict[str, int] = defaultdict(int)
    began = time.perf_counter()
    for case in cases(args.cases):
        t = time.perf_counter()
        evaluate(case, ctx)
        spent[case["question"]] += time.perf_counter() - t
        counted[case["question"]] += 1
    total = time.perf_counter() - began
    print(f"{args.cases} decisions in {total:.2f} s: {args.cases / total:,.0f} decisions/s")
    for question in sorted(spent):
        print(f"  {question:<20} {counted[question] / spent[question]:>10,.0f} /s")


if __name__ == "__main__":
    main()
