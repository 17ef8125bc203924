"""Forms clean into the actions' commands: the office's and the portal's, so it lives here,
below both surfaces (the layer contract keeps the portal from importing the office).

A ``CommandForm`` keeps what a page needs (labels, widgets, layout, choices that depend on
the clerk); the limits and the checks are the command's: each form field takes its length
and requiredness from the command field it fills, and after Django's own cleaning the form
builds the command, putting each of its Chinese errors beside the form field it came from.
The view then calls the action with ``form.command.arguments()``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, ClassVar

from django import forms
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .base import Command, field_name

Path = tuple[str | int, ...]


def field_at(command: type[BaseModel], path: Path) -> tuple[FieldInfo, bool] | None:
    """The command field at ``path`` and whether the form must always send it (every part
    on the way required); None when the command has no such field."""
    model: type[BaseModel] | None = command
    info, required = None, True
    for part in path:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        required = required and info.is_required()
        model = _model_in(info.annotation)
    return (info, required) if info is not None else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def max_length(info: FieldInfo) -> int | None:
    return next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)


class CommandForm(forms.Form):
    """A form (mixed in before ``OfficeForm`` or ``PortalForm``) whose cleaned data becomes ``command``; ``PATHS``
    names the command field of a form field whose name or place differs
    (``child_name`` → ``("children", 0, "name")``)."""

    command_class: ClassVar[type[Command]]
    PATHS: ClassVar[dict[str, Path]] = {}

    command: Command | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _name, field, info, required in self.command_fields():
            limit = max_length(info)
            if limit and isinstance(field, forms.CharField):
                field.max_length = limit
                field.widget.attrs["maxlength"] = str(limit)
            field.required = required

    @classmethod
    def path(cls, name: str) -> Path:
        return cls.PATHS.get(name, (name,))

    def command_fields(self) -> Iterator[tuple[str, forms.Field, FieldInfo, bool]]:
        """Each form field that fills a command field, with that field and its requiredness."""
        for name, field in self.fields.items():
            found = field_at(self.command_class, self.path(name))
            if found is not None:
                yield name, field, *found

    def command_data(self) -> dict[str, Any]:
        """The command's input from the cleaned data (nested along ``PATHS``)."""
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            path = self.path(name)
            if field_at(self.command_class, path) is None or self.assembled(name):
                continue
            target: Any = data
            for part, following in itertools.pairwise(path):
                if isinstance(target, list):
                    while len(target) <= part:  # type: ignore[operator]
                        target.append({})
                    target = target[part]  # type: ignore[index]
                else:
                    target = target.setdefault(part, [] if isinstance(following, int) else {})
            target[path[-1]] = value
        return data

    def assembled(self, name: str) -> bool:
        """A field the form puts into the command itself (``command_data``), not along its path."""
        return False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            self.command = self.command_class.model_validate(self.command_data())
        except ValidationError as exc:
            self.command = None
            for error in exc.errors():
                name = self.form_field(error["loc"])
                if name is None or name not in self.errors:  # Django's own message stays first
                    self.add_error(name, str(error["msg"]))
        return data

    def form_field(self, loc: Any) -> str | None:
        """The form field an error at ``loc`` belongs to; None for the whole form."""
        loc = tuple(loc)
        for name in self.fields:
            if self.path(name) == loc:
                return name
        return None

    def field_for(self, action_field: str | None) -> str | None:
        """The form field of a field an action names in its refusal (``field_name``:
        ``children[0].birth_date``), so the refusal lands beside it; None for the whole form."""
        if not action_field:
            return None
        for name in self.fields:
            if name == action_field or field_name(self.path(name)) == action_field:
                return name
        return None
