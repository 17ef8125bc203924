"""Every error the API gives is JSON with a Chinese message naming the field.

``{"message": "...", "field": "arrival_date" | null}``, plus ``reasons`` and
``citations`` when the measure refused (RuleRefusal), and ``errors`` (one per field)
when the request did not validate. Bad input is never a 500.
"""

from __future__ import annotations

import json
import logging
import re
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from juzhu.registry.errors import ActionError, IdentityConflict, RuleRefusal
from juzhu.request_errors import unreadable

logger = logging.getLogger("juzhu.api")


class BadJson(ValueError):
    """The request body is not JSON; ninja wraps it in an HttpError(400) whose cause is this."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class JsonParser(Parser):
    def parse_body(self, request):
        try:
            return json.loads(request.body)
        except UnicodeDecodeError:
            raise BadJson("请求体不是 UTF-8 编码的 JSON") from None
        except json.JSONDecodeError as exc:
            raise BadJson(f"请求体不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}") from None


def body(message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"message": message, "field": field, **extra}


@contextmanager
def renamed(**names: str):
    """Report an action's field under the name the client sent (``query`` → ``q``)."""
    try:
        yield
    except ActionError as exc:
        if exc.field in names:
            exc.field = names[exc.field]
        raise


# --- pydantic errors in Chinese ---------------------------------------------------

_SIMPLE = {
    "missing": "必须填写",
    "string_type": "应为文本",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "date_type": "应为 YYYY-MM-DD 格式的有效日期",
    "date_parsing": "应为 YYYY-MM-DD 格式的有效日期",
    "date_from_datetime_parsing": "应为 YYYY-MM-DD 格式的有效日期",
    "date_from_datetime_inexact": "应为 YYYY-MM-DD 格式的有效日期",
}


def _describe(error: dict[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return "取值无效，可选：" + "、".join(options)
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"长度至少 {ctx.get('min_length')} 个字符"
    if kind == "string_too_long":
        return f"长度不能超过 {ctx.get('max_length')} 个字符"
    if kind in ("too_long", "too_short"):
        return f"项数应在 {ctx.get('min_length', 0)} 至 {ctx.get('max_length', '…')} 之间"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return "数值超出范围"
    if kind.startswith("juzhu_"):  # our own validators (the commands, schemas/common.py) speak Chinese
        return error.get("msg", "取值无效")
    return "取值无效"


_UNION_MEMBER = re.compile(r"^[\w-]+\[.*\]$")  # pydantic names the union member tried: "list[any]"


def _path(loc: tuple) -> list:
    """``("body", "payload", "residence", "arrival_date")`` → ``["residence", "arrival_date"]``;
    ``[]`` when the error is about the whole body."""
    source, rest = loc[0], [p for p in loc[1:] if not (isinstance(p, str) and _UNION_MEMBER.match(p))]
    return rest[1:] if source == "body" else rest  # drop the view's body parameter name


def _dotted(parts: list) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _named(error: dict[str, Any]) -> bool:
    """A request body is a command (juzhu.registry.commands): its messages already name the
    field by its Chinese label (``请填写居住地址``)."""
    loc = tuple(error.get("loc", ()))
    return bool(loc) and loc[0] == "body" and str(error.get("type", "")).startswith("juzhu_")


def translate(errors: list[dict[str, Any]]) -> dict[str, Any]:
    items = []
    for error in errors:
        parts = _path(tuple(error.get("loc", ())))
        names = [p for p in parts if isinstance(p, str)]
        field = names[-1] if names else "body"
        text = _describe(error)
        if _named(error):
            message = text
        else:
            message = f"字段 {field}：{text}" if parts else f"请求体{text}"
        items.append(
            {"field": field, "loc": _dotted(parts) or "body", "message": message, "type": error.get("type", "")}
        )
    first = items[0] if items else {"field": None}
    return body("；".join(dict.fromkeys(i["message"] for i in items)) or "请求无效", first["field"], errors=items)


# --- handlers ---------------------------------------------------------------------

_NINJA_MESSAGES = {
    401: "请先登录，或在 Authorization 头中提供有效的 API 令牌（Bearer）",
    403: "无权访问",
    404: "记录不存在",
    405: "不支持该请求方法",
    429: "请求过于频繁，请稍后再试",
}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ActionError)
    def action_error(request, exc: ActionError):
        extra = {}
        if isinstance(exc, RuleRefusal):
            extra = {"reasons": list(exc.decision.reasons), "citations": list(exc.decision.citations)}
        if isinstance(exc, IdentityConflict):
            extra = {"conflict": exc.details}
        return api.create_response(request, body(exc.message, exc.field, **extra), status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return api.create_response(request, translate(exc.errors), status=422)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, BadJson):
            return api.create_response(request, body(exc.__cause__.message, "body"), status=400)
        message = exc.message
        if message.isascii():  # ninja's own English texts
            message = _NINJA_MESSAGES.get(exc.status_code, "请求无效")
        response = api.create_response(request, body(message), status=exc.status_code)
        if isinstance(exc, AuthenticationError):
            response["WWW-Authenticate"] = 'Bearer realm="juzhu"'
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, body("记录不存在"), status=404)

    @api.exception_handler(DjangoValidationError)
    def model_validation(request, exc: DjangoValidationError):
        # An action that let a model's full_clean() through: still the client's input.
        if hasattr(exc, "error_dict"):
            field, problems = next(iter(exc.message_dict.items()))
            return api.create_response(request, body(f"字段 {field}：{'；'.join(problems)}", field), status=400)
        return api.create_response(request, body("；".join(exc.messages)), status=400)

    @api.exception_handler(SuspiciousOperation)
    @api.exception_handler(MultiPartParserError)
    def unreadable_request(request, exc):
        # The body could not be read (too big, no multipart boundary): the client's doing, a 4xx.
        status, message = unreadable(exc)
        logger.warning("API %s %s: %s", request.method, request.path, exc)
        return api.create_response(request, body(message, "body"), status=status)

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        logger.exception("API %s %s failed", request.method, request.path)
        return api.create_response(request, body("系统内部错误，请稍后重试或联系管理员"), status=500)
