"""The caller (/me) and the rules' decisions (/rules/evaluate)."""

from typing import Any, Optional

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field


class UnitKindOut(Schema):
    code: str
    name: str
    kind: str


class RoleOut(Schema):
    code: str
    name: str


class MeOut(Schema):
    username: str
    display_name: str
    unit: Optional[UnitKindOut]
    roles: list[RoleOut]
    permissions: list[str] = Field(description="可办理的业务（权限代码）")


class RuleDecision(BaseModel):
    """A decision as ``juzhu rules evaluate`` prints it.

    Also carries the question's own fields (``due_date``, ``missing``…) and, for
    ``outcome: invalid``, ``errors``: one ``{field, message}`` per field at fault.
    """

    model_config = ConfigDict(extra="allow")

    question: str
    outcome: str
    measure_expired: bool = Field(
        False, description="true：所涉日期或判定之日在本办法有效期届满之后（第三十条，R-25a），沿用届满时有效的参数"
    )
    reasons: list[str]
    citations: list[str]
    interpretations: list[str]
    facts: dict[str, Any]
