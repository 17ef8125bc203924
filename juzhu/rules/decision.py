"""The answer every determination gives: outcome, facts, reasons, citations.

A decision must be explainable to a resident at the window, so it carries the
reasons in Chinese and the articles it rests on, and names the interpretation
(REQUIREMENTS.md, R-xx) it applied where the text is ambiguous.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """Input at fault, named so that a form can put the message on its field."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class InvalidInput(Exception):
    """Raised by input parsing; carries every field error found, not just the first."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


@dataclass
class Decision:
    """One determination under the measure.

    ``fields`` holds the contract's outputs beside ``outcome`` (``due_date``,
    ``missing``…); ``facts`` the inputs and intermediate dates it used.
    """

    question: str
    outcome: str
    fields: dict[str, Any] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    interpretations: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    def cite(self, *citations: str) -> None:
        for citation in citations:
            if citation not in self.citations:
                self.citations.append(citation)

    def interpret(self, *labels: str) -> None:
        for label in labels:
            if label not in self.interpretations:
                self.interpretations.append(label)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"question": self.question, "outcome": self.outcome}
        out.update({k: _jsonable(v) for k, v in self.fields.items()})
        if self.errors:
            out["errors"] = [e.to_dict() for e in self.errors]
        out["reasons"] = list(self.reasons)
        out["citations"] = list(self.citations)
        out["interpretations"] = list(self.interpretations)
        out["facts"] = {k: _jsonable(v) for k, v in self.facts.items()}
        return out


def invalid_input(question: str | None, errors: list[FieldError]) -> Decision:
    """The answer to a case that cannot be evaluated: every field at fault is named."""
    return Decision(
        question=question or "",
        outcome="invalid",
        errors=errors,
        reasons=[e.message for e in errors],  # each message names its field by its Chinese label
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
