"""Errors an action answers with; each carries a Chinese message and, where it can, the field."""

from __future__ import annotations


class ActionError(Exception):
    """A request the action refuses; the message is Chinese and names the field when there is one."""

    status = 400

    def __init__(self, message: str, field: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message, self.field = message, field
        if status is not None:
            self.status = status


class NotFound(ActionError):
    """Absent, or outside the user's jurisdiction: the two answer the same (R-22)."""

    status = 404

    def __init__(self, what: str = "记录"):
        super().__init__(f"{what}不存在")


class PermissionDenied(ActionError):
    status = 403

    def __init__(self, message: str = "您的角色无权办理此项业务"):
        super().__init__(message)


class TransitionError(ActionError):
    """A status change that the record's declared transitions do not allow."""

    status = 409


class RuleRefusal(ActionError):
    """The measure does not allow it: carries the decision's reasons and citations."""

    status = 422

    def __init__(self, decision, field: str | None = None):
        super().__init__("；".join(decision.reasons), field=field)
        self.decision = decision


class IdentityConflict(ActionError):
    """Registering a known person would move her or change her identity data (R-27): the clerk
    must confirm. ``details`` says what she may see: stations and dates, fields, masked values."""

    status = 409

    def __init__(self, message: str, field: str | None = None, details: dict | None = None):
        super().__init__(message, field=field)
        self.details = details or {}
