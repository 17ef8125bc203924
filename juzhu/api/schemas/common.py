"""Types shared by the response schemas and the query parameters (request bodies are the
commands of ``juzhu.registry.commands``)."""

from typing import Annotated, Any, Optional

from ninja import Query, Schema
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from juzhu.registry.commands.base import MAX_ID

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _no_control_characters(value: Any) -> Any:
    """A one-line text: no control character at all (the action refuses them too)."""
    if isinstance(value, str) and any(ord(c) < 32 for c in value):
        raise PydanticCustomError("juzhu_text", "含有不可见的控制字符")
    return value


CleanText = Annotated[str, BeforeValidator(_no_control_characters)]  # for query parameters


def purpose_param():
    """The ``?purpose=`` of a detail read; missing, it is the action's 400 naming ``purpose``."""
    return Query("", max_length=200, description="查看事由（记入审计日志）")


class Located(Schema):
    """A record in a county and town: their codes, from the foreign keys."""

    @staticmethod
    def resolve_county(obj):
        return obj.county_id

    @staticmethod
    def resolve_town(obj):
        return obj.town_id


class ErrorOut(Schema):
    message: str = Field(description="中文错误信息")
    field: Optional[str] = Field(None, description="出错的字段")
    reasons: Optional[list[str]] = Field(None, description="不予办理的理由（依规则拒绝时）")
    citations: Optional[list[str]] = Field(None, description="所依据的条款（依规则拒绝时）")
    errors: Optional[list[dict[str, Any]]] = Field(None, description="逐字段的校验错误")
    conflict: Optional[dict[str, Any]] = Field(
        None, description="409 居住登记：原登记单位和日期（moves）、将更改的字段（changes）、确认码（confirmation）"
    )


ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


def responses(schema, status: int = 200) -> dict:
    return {status: schema, **ERRORS}
