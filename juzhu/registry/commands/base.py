"""What every command shares: field types whose limits come from the model, Chinese errors.

A command is the contract of one action (docs/design.md, "Contracts"): its fields are the
action's keyword arguments, their limits are the model column's (``max_length``, choices),
free text follows its ``TextRule`` (``text_rules.py``) and names, phones and dates are checked
by the actions' own checks (``actions/checks.py``). The API takes a command as its request
body, an office form cleans into one (``juzhu.registry.commands.forms``), and the action validates its
keywords through it again, so a caller that skips both (the demo, an import) meets the same rules.

Every error names its field by its Chinese label (the column's ``verbose_name``) and quotes
at most ``ECHO`` characters of what was sent.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from juzhu.rules.inputs import EARLIEST_YEAR, LATEST_YEAR, parse_date

from ..errors import ActionError
from ..text_rules import TextRule

ECHO = 40  # characters of the input an error message may quote
# Largest id a BIGINT column holds: a bigger one is bad input, not a database overflow.
MAX_ID = 2**63 - 1


def echo(value: Any) -> str:
    """What was sent, as an error may quote it: at most ``ECHO`` characters."""
    shown = repr(value) if not isinstance(value, str) else value
    return shown if len(shown) <= ECHO else shown[: ECHO - 1] + "…"


@functools.cache
def _checks() -> ModuleType:
    """The actions' checks, imported on first use: the actions import the commands."""
    from ..actions import checks

    return checks


def refuse(kind: str, message: str) -> PydanticCustomError:
    """A validation error carrying a finished Chinese message (braces in it are not a template)."""
    return PydanticCustomError(f"juzhu_{kind}", "{message}", {"message": message})


def _checked(check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run one of the actions' checks; its ``ActionError`` becomes this field's error."""
    try:
        return check(*args, **kwargs)
    except ActionError as refused:
        raise refuse("check", refused.message) from None


def text_field(
    rule: TextRule, *, required: bool = True, description: str = "", check: Callable[[str], str] | None = None
) -> Any:
    """A free text under its rule: trimmed, line breaks as the rule allows, no control
    characters, no longer than the rule (the column's length); ``check`` refines a non-empty value."""

    def validate(value: Any) -> Any:
        value = _checked(
            _checks().clean_text, value, "", rule.label, rule.max_length, required=required, multiline=rule.multiline
        )
        return check(value) if check is not None and value else value

    limits: dict[str, Any] = {"max_length": rule.max_length, "title": rule.label}
    if required:
        limits["min_length"] = 1
    if description:
        limits["description"] = description
    return Annotated[str, BeforeValidator(validate), Field(**limits), rule]  # the rule: for the walk test


def checked_by(check: str, *args: Any, **kwargs: Any) -> Callable[[str], str]:
    """``checks.<check>(value, "", *args, **kwargs)`` (``actions/checks.py``) as a ``text_field(check=…)``
    refinement; named, since the actions import the commands."""

    def refine(value: str) -> str:
        return _checked(getattr(_checks(), check), value, "", *args, **kwargs)

    return refine


def choice_field(label: str, choices: Iterable[tuple[str, Any]], *, description: str = "") -> Any:
    """One of the model's choices (the same choice function or ``Choices`` the column uses);
    a wrong one is refused with every option's code and Chinese name."""
    options = [(str(code), str(name)) for code, name in choices]
    listed = "、".join(f"{code}（{name}）" for code, name in options)

    codes = {code for code, _ in options}

    def validate(value: Any) -> Any:
        if isinstance(value, str) and value in codes:
            return value
        if value is None or value == "":
            raise refuse("choice", f"请选择{label}")
        raise refuse("choice", f"{label}的取值 {echo(value)} 无效，可选：{listed}")

    extra = {"description": description} if description else {}
    enum = tuple(code for code, _ in options)
    return Annotated[Literal[enum], BeforeValidator(validate), Field(title=label, **extra)]  # type: ignore[valid-type]


def _iso_date(label: str) -> Callable[[Any], datetime.date]:
    def validate(value: Any) -> datetime.date:
        """A date, or text written ``YYYY-MM-DD`` (not numbers or timestamps)."""
        if value is None or value == "":
            raise refuse("date", f"请填写{label}")
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value  # a form's date: the action judges its range, with its own words
        day = parse_date(value) if isinstance(value, str) else None  # the rules' own reading of text
        if day is not None:
            return day
        raise refuse(
            "date", f"{label}应为 YYYY-MM-DD 格式的有效日期（{EARLIEST_YEAR}至{LATEST_YEAR}年），收到 {echo(value)}"
        )

    return validate


def date_field(label: str, *, description: str = "") -> Any:
    extra = {"description": description} if description else {}
    return Annotated[datetime.date, BeforeValidator(_iso_date(label)), Field(title=label, **extra)]


def record_id(label: str) -> Any:
    """The id of a record the command refers to (a positive BIGINT)."""
    return Annotated[int, Field(ge=1, le=MAX_ID, title=label)]


def column(model: Any, name: str, label: str | None = None) -> TextRule:
    """The text rule of a model column (its length and verbose name): ``text_rules.column``."""
    from ..text_rules import column as of

    return of(model, name, label)


# --- pydantic's own errors, in Chinese, naming the field ---------------------------------

_WORDS = {
    "string_type": "应为文本",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "list_type": "应为列表",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "greater_than_equal": "超出范围",
    "less_than_equal": "超出范围",
}


def label_of(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """The Chinese label of the field at ``loc`` (its ``title``), else its name."""
    label = "请求体"
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        if info is None:
            return str(part)
        label = info.title or part
        inner = info.annotation
        for arg in (inner, *getattr(inner, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                model = arg
                break
    return label


def chinese(model: type[BaseModel], error: Any) -> str:
    """A pydantic error as a clerk reads it: ``请填写居住地址``, ``随行子女最多 20 项``."""
    kind, ctx, label = error["type"], error.get("ctx") or {}, label_of(model, error["loc"])
    if kind.startswith("juzhu_"):
        return str(error["msg"])
    if kind == "missing":
        return f"请填写{label}"
    if kind == "too_long":
        return f"{label}最多 {ctx.get('max_length')} 项"
    if kind == "too_short":
        return f"{label}至少 {ctx.get('min_length')} 项"
    if kind == "string_too_long":
        return f"{label}不能超过 {ctx.get('max_length')} 个字"
    if kind == "string_too_short":
        return f"请填写{label}"
    return f"{label}{_WORDS.get(kind, '取值无效')}"


def field_name(loc: Iterable[Any]) -> str:
    """The field an action names: ``("person", "name")`` → ``name`` (the parts of a command are
    flat to a form), ``("children", 0, "name")`` → ``children[0].name``."""
    parts = list(loc)
    out = ""
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(following, str) and not out:
            continue  # a part (person, residence): its fields are named alone
        else:
            out += f".{part}" if out else part
    return out


class Command(BaseModel):
    """The base of every command: Chinese errors, ``check`` for the action, ``arguments`` for the call."""

    # An action validates what it is given, even a command built with ``model_construct``.
    model_config = ConfigDict(revalidate_instances="always")

    @model_validator(mode="wrap")
    @classmethod
    def _in_chinese(cls, data: Any, handler: Callable[[Any], Self]) -> Self:
        try:
            return handler(data)
        except ValidationError as exc:
            errors = [
                {"type": refuse(_kind(e["type"]), chinese(cls, e)), "loc": e["loc"], "input": e.get("input")}
                for e in exc.errors()
            ]
            raise ValidationError.from_exception_data(cls.__name__, errors) from None  # type: ignore[arg-type]

    @classmethod
    def check(cls, **fields: Any) -> Self:
        """Validate an action's keyword arguments: the first error as an ``ActionError`` on its field."""
        try:
            return cls.model_validate(fields)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ActionError(str(first["msg"]), field=field_name(first["loc"]) or None) from None

    def arguments(self) -> dict[str, Any]:
        """The action's keyword arguments (parts stay commands)."""
        return {name: getattr(self, name) for name in type(self).model_fields}


def _kind(kind: str) -> str:
    return kind.removeprefix("juzhu_")
