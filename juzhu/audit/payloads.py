"""Typed payloads: what an event says, as a frozen dataclass instead of a free dict.

A payload class names its event (``event = Event.PERMIT_ISSUE``); the catalogue then knows
it (``payload_type``) and an audit entry's ``detail`` reads back as the typed object
(``payload_of``). The stored detail keeps the keys it always had: a field is stored under
its own name, or under ``metadata={"key": …}`` where the name would be a Python keyword
(``from``); a field marked ``OMIT_EMPTY`` is left out while empty (an optional remark).

Payload classes live beside the code that emits them (``juzhu.registry.events``,
``juzhu.org.events``): the audit layer sits below them and cannot import them.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from typing import Any, ClassVar, Self

from .events import Event, as_event

OMIT_EMPTY = {"omit_empty": True}
_TYPES: dict[Event, type[Payload]] = {}


@dataclasses.dataclass(frozen=True)
class Payload:
    """Base of every payload; a subclass sets ``event`` (or ``events`` when several share it)."""

    event: ClassVar[Event | None] = None
    events: ClassVar[tuple[Event, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for event in (cls.event, *cls.events) if cls.event else cls.events:
            if event in _TYPES and _TYPES[event].__qualname__ != cls.__qualname__:
                raise TypeError(f"{event} already has the payload {_TYPES[event].__name__}")
            _TYPES[event] = cls

    def detail(self) -> dict[str, Any]:
        """The entry's ``detail``: plain JSON values (dates as ISO text, tuples as lists)."""
        out: dict[str, Any] = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if item.metadata.get("omit_empty") and not value:
                continue
            out[item.metadata.get("key", item.name)] = _plain(value)
        return out

    @classmethod
    def from_detail(cls, detail: dict[str, Any]) -> Self:
        """The typed payload of a stored ``detail``; a key an older entry lacks takes the default."""
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for item in dataclasses.fields(cls):
            key = item.metadata.get("key", item.name)
            if key in detail:
                values[item.name] = _typed(detail[key], hints[item.name])
        return cls(**values)


def payload_type(event: Event | str) -> type[Payload] | None:
    """The payload class declared for ``event``, or None for an event that carries no data."""
    return _TYPES.get(as_event(event))


def payload_of(action: str, detail: dict[str, Any]) -> Payload | None:
    """The typed payload of a stored entry (``action``, ``detail``), or None."""
    kind = payload_type(action)
    return kind.from_detail(detail or {}) if kind else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Payload):
        return value.detail()
    return value


def _typed(value: Any, hint: Any) -> Any:
    """``value`` as read from JSON, converted to the field's type (dates, tuples, payloads)."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _typed(value, options[0]) if len(options) == 1 else value
    if hint is datetime.date and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    if origin is tuple and isinstance(value, list):
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_typed(v, args[0]) for v in value)
        return tuple(_typed(v, a) for v, a in zip(value, args, strict=False))
    if isinstance(hint, type) and issubclass(hint, Payload) and isinstance(value, dict):
        return hint.from_detail(value)
    return value
