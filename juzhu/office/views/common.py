"""What the office views share: running an action from a form, the purpose of reading a person."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from juzhu.registry.errors import ActionError, NotFound, PermissionDenied, RuleRefusal

PURPOSE_KEY = "purpose:{}"


def run_action(request, form, call, fields_map: dict[str, str] | None = None, *, url_record: bool = False):
    """Call ``call()``; an ActionError lands on the form (on its field when the form has it).

    Returns the action's result, or None when it was refused (the form then carries the error).
    With ``url_record``, the action works on the record the URL names: when it is absent or
    outside the jurisdiction the page answers 404, exactly like any other absent page (R-22).
    A role without the action's permission gets 403, never a form to correct (as from the API).
    """
    try:
        return call()
    except PermissionDenied as refused:
        raise DjangoPermissionDenied(refused.message) from None
    except NotFound as missing:
        if url_record:
            raise Http404(missing.message) from None
        _add(form, missing.field, missing.message, fields_map)
    except RuleRefusal as refused:
        message = refused.message
        if refused.decision.citations:
            message += "（依据：" + "、".join(refused.decision.citations) + "）"
        _add(form, refused.field, message, fields_map)
    except ActionError as refused:
        _add(form, refused.field, refused.message, fields_map)
    return None


def error_holder():
    """A bound, validated empty form: somewhere to put the error of an action that has no form."""
    from django import forms

    holder = forms.Form({})
    holder.is_valid()
    return holder


def _add(form, field, message, fields_map):
    field = (fields_map or {}).get(field, field)
    form.add_error(field if field in form.fields else None, message)


def reading_purpose(request, person_id: int) -> str | None:
    return request.session.get(PURPOSE_KEY.format(person_id))


def ask_purpose(request, person_id: int):
    """Send the user to state why she opens this person's data (logged with every read)."""
    return redirect(reverse("purpose", args=[person_id]) + "?" + urlencode({"next": request.get_full_path()}))


def done(request, message: str, url: str):
    messages.success(request, message)
    return redirect(url)


CONFIRMED = "confirmed"


def confirmed(request) -> bool:
    """The user confirmed an irreversible action on the confirmation page (``ask_confirmation``)."""
    return request.POST.get(CONFIRMED) == "1"


def ask_confirmation(request, *, title: str, consequence: str, button: str, back: str | None = None):
    """A page stating the consequence, with a button that posts the same form again, confirmed.

    Irreversible actions (withdrawal, late endorsement, hand-out, cancellation) take two
    steps; the second is a plain form, so it works without JavaScript.
    """
    from django.shortcuts import render

    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "office/confirm.html",
        {
            "title": title,
            "consequence": consequence,
            "button": button,
            "fields": fields,
            "action": request.get_full_path(),
            "back": back or request.get_full_path(),
            "confirmed_field": CONFIRMED,
        },
    )
