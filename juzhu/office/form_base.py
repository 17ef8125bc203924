"""What every office form shares: messages that name the field, the date widget."""

from __future__ import annotations

from django import forms

DATE = forms.DateInput(attrs={"type": "date"})


class OfficeForm(forms.Form):
    """A form that speaks the clerk's language: each message names its field (``请填写姓名``).

    Django's defaults ("这个字段是必填项。") name nothing; a message a form gives
    explicitly is kept. ``SHORT_NAMES`` names a field whose label is a long instruction.
    """

    SHORT_NAMES: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields; no trailing colon
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages = {
                **field.error_messages,
                **_clerk_messages(field, self.SHORT_NAMES.get(name) or str(field.label or name).split("（")[0]),
            }


def _clerk_messages(field, name: str) -> dict[str, str]:
    """Messages naming the field, in place of Django's defaults (lazy translations)."""
    from django.utils.functional import Promise

    choose = isinstance(field, (forms.ChoiceField, forms.BooleanField))
    date = isinstance(field, forms.DateField)
    ours = {
        "required": f"请选择{name}" if choose else f"请填写{name}",
        "max_length": f"{name}不能超过 %(limit_value)d 个字（现有 %(show_value)d 个）",
        "min_length": f"{name}至少 %(limit_value)d 个字",
        "invalid": f"{name}应为 YYYY-MM-DD 格式的有效日期" if date else f"{name}格式不正确",
        "invalid_choice": f"{name}的选项无效，请重新选择",
        "invalid_list": f"请选择{name}",
    }
    return {
        code: message
        for code, message in ours.items()
        if isinstance(field.error_messages.get(code, ours), Promise) or code not in field.error_messages
    }
