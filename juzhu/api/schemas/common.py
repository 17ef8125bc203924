"""Types shared by the request and response schemas."""

import datetime
from typing import Annotated, Any, Literal, Optional

from django.db import models
from ninja import Query, Schema
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from juzhu.rules.inputs import parse_date

# Largest id a BIGINT column holds: a bigger one is bad input, not a database overflow.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _iso_date(value: Any) -> datetime.date:
    """Only ``YYYY-MM-DD`` (pydantic alone would also take numbers and timestamps)."""
    day = parse_date(value) if isinstance(value, str) else None
    if day is None:
        raise PydanticCustomError("juzhu_date", "应为 YYYY-MM-DD 格式的有效日期，收到 {value}", {"value": repr(value)})
    return day


def _no_control_characters(value: Any) -> Any:
    """A one-line text: no control character at all (the action refuses them too)."""
    if isinstance(value, str) and any(ord(c) < 32 for c in value):
        raise PydanticCustomError("juzhu_text", "含有不可见的控制字符")
    return value


def _multiline_text(value: Any) -> Any:
    """A multi-line text (reasons): line breaks kept and counted as one character, as the
    action counts them (``checks.text``); no other control character."""
    from juzhu.registry.actions.checks import one_newline

    if isinstance(value, str):
        value = one_newline(value)
        if any(ord(c) < 32 and c != "\n" for c in value):
            raise PydanticCustomError("juzhu_text", "含有不可见的控制字符")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
CleanText = Annotated[str, BeforeValidator(_no_control_characters)]  # for query parameters


def text(limit, *, required: bool = False, description: str = ""):
    """A string no longer than its database column (PostgreSQL refuses longer ones).

    ``limit`` is the field's ``TextRule`` (juzhu.registry.text_rules: the length and newline
    policy the form and the action use too) or, for the others, its column's length.
    """
    max_length = getattr(limit, "max_length", limit)
    limits = {"max_length": max_length, "description": description or None}
    if required:
        limits["min_length"] = 1
    validator = _multiline_text if getattr(limit, "multiline", False) else _no_control_characters
    return Annotated[str, Field(**limits), BeforeValidator(validator)]


def checked(kind: str, check):
    """A field checked by the actions' own check (``juzhu.registry.actions.checks``): one rule,
    one Chinese message, refused here already so a client sees every bad field at once."""
    from juzhu.registry.errors import ActionError

    def validate(value):
        try:
            return check(value)
        except ActionError as refused:
            raise PydanticCustomError(f"juzhu_{kind}", refused.message) from None

    return AfterValidator(validate)


def purpose_param():
    """The ``?purpose=`` of a detail read; missing, it is the action's 400 naming ``purpose``."""
    return Query("", max_length=200, description="查看事由（记入审计日志）")


def choice(choices: type[models.Choices]):
    """A plain-string enum of a model's choices (``Literal['work', 'business', …]``)."""
    return Literal[tuple(choices.values)]


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
