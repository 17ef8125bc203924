"""Signing in (mobile number, then the SMS code), real-name binding, signing out."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from juzhu.masks import mask_phone
from juzhu.residents.actions import NoMatch, bind_identity, request_code, verify_code
from juzhu.residents.models import ResidentAccount

from ..forms import BindForm, CodeForm, PhoneForm
from ..session import PHONE_KEY, client_address, current_account, resident_required, sign_in, sign_out
from .common import run

SENT = "如该号码可以接收短信，验证码已发送，{minutes} 分钟内有效。"


def sign_in_page(request: HttpRequest) -> HttpResponse:
    """Step 1: the number. The answer is the same for every valid number (known or not)."""
    if current_account(request) is not None:
        return redirect("portal:home")
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = run(
            form, lambda: request_code(phone=form.cleaned_data["phone"], client_address=client_address(request))
        )
        if issued is not None:
            request.session[PHONE_KEY] = issued.phone
            minutes = round((issued.expires_at - issued.created_at).total_seconds() / 60)
            messages.info(request, SENT.format(minutes=minutes))
            return redirect(_with_next(reverse("portal:code"), request))
    return render(request, "portal/sign_in.html", {"form": form}, status=_status(request, form))


def code_page(request: HttpRequest) -> HttpResponse:
    """Step 2: the code sent to the number of step 1 (kept in the session, never in the form)."""
    phone = request.session.get(PHONE_KEY)
    if not phone:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = run(
            form,
            lambda: verify_code(phone=phone, code=form.cleaned_data["code"], client_address=client_address(request)),
        )
        if account is not None:
            target = request.GET.get("next", "")
            sign_in(request, account)
            if account.person_id is None:
                return redirect("portal:bind")
            safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
            return redirect(target if safe and target.startswith(reverse("portal:home")) else "portal:home")
    return render(
        request, "portal/code.html", {"form": form, "masked": mask_phone(phone)}, status=_status(request, form)
    )


@require_POST
def sign_out_page(request: HttpRequest) -> HttpResponse:
    sign_out(request)
    return redirect("portal:sign_in")


@resident_required
def bind_page(request: HttpRequest) -> HttpResponse:
    """Real-name binding; no match (for whatever reason) offers the online declaration."""
    account = request.resident
    if account.person_id is not None:
        return redirect("portal:home")
    form = BindForm(request.POST or None)
    no_match = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def attempt() -> ResidentAccount | None:
            nonlocal no_match
            try:
                return bind_identity(account_id=account.pk, name=data["name"], id_number=data["id_number"])
            except NoMatch as answer:  # not a mistake in a field: the way on is the declaration
                no_match = answer.message
                return None

        if run(form, attempt) is not None:
            messages.success(request, "实名绑定成功。")
            return redirect("portal:home")
    status = 400 if form.errors else 200
    return render(request, "portal/bind.html", {"form": form, "no_match": no_match}, status=status)


def _with_next(url: str, request: HttpRequest) -> str:
    target = request.GET.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url


def _status(request: HttpRequest, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200
