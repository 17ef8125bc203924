"""The errors an action answers with, for every layer that has actions (``juzhu.org.actions``,
``juzhu.registry.actions``); ``juzhu.registry.errors`` adds the registry's own. Each carries a
Chinese message and, where it can, the field; the office and the API turn them into answers.
"""

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
