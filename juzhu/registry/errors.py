"""Errors an action answers with; each carries a Chinese message and, where it can, the field."""

from __future__ import annotations

from typing import Any

from juzhu.errors import ActionError, NotFound, PermissionDenied
from juzhu.rules.decision import Decision

__all__ = ["ActionError", "IdentityConflict", "NotFound", "PermissionDenied", "RuleRefusal", "TransitionError"]


class TransitionError(ActionError):
    """A status change that the record's declared transitions do not allow."""

    status = 409


class RuleRefusal(ActionError):
    """The measure does not allow it: carries the decision's reasons and citations."""

    status = 422

    def __init__(self, decision: Decision, field: str | None = None) -> None:
        super().__init__("；".join(decision.reasons), field=field)
        self.decision = decision


class IdentityConflict(ActionError):
    """Registering a known person would move her or change her identity data (R-27): the clerk
    must confirm. ``details`` says what she may see: stations and dates, fields, masked values."""

    status = 409

    def __init__(self, message: str, field: str | None = None, details: dict[str, Any] | None = None) -> None:
        super().__init__(message, field=field)
        self.details = details or {}
