"""Loading and checking rule cases kept as data files (tests/rules/cases/<question>/<sentence>.json).

A case file holds ``case`` (the input), ``expect`` (a subset of the output that must
match exactly, plus ``citations_include`` and ``errors_mention`` lists of substrings)
and ``why`` (the legal reasoning, for the officer who reviews it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CASES_DIR = Path(__file__).parent / "cases"


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*/*.json"))


def load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def mismatches(expect: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    """Every way ``answer`` differs from ``expect`` (empty when it satisfies it)."""
    problems = []
    for key, wanted in expect.items():
        if key == "citations_include":
            for fragment in wanted:
                if not any(fragment in c for c in answer.get("citations", [])):
                    problems.append(f"no citation contains {fragment!r}: {answer.get('citations')}")
        elif key == "errors_mention":
            fields = json.dumps(answer.get("errors", []), ensure_ascii=False)
            for name in wanted:
                if name not in fields:
                    problems.append(f"errors do not mention {name!r}: {fields}")
        elif answer.get(key, "<absent>") != wanted:
            problems.append(f"{key}: expected {wanted!r}, got {answer.get(key, '<absent>')!r}")
    return problems
