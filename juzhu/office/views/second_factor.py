"""Entering the authenticator's code after the password, and enrolling an authenticator."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from juzhu.office.forms import OfficeForm
from juzhu.org.second_factor import (
    CodeRefused,
    confirm_enrolment,
    confirmed_device,
    secret_for_display,
    start_enrolment,
    verify_code,
)


class CodeForm(OfficeForm):  # no ASCII colon after 验证码
    code = forms.CharField(
        label="验证码",
        max_length=12,
        error_messages={"required": "请输入验证码"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request) -> str:
    """Where to go once the code is given: the page asked for, or the workbench (never another site)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


def _with_next(name: str, request) -> str:
    return reverse(name) + "?" + urlencode({"next": _next(request)})


@login_required
def verify(request):
    if request.user.is_verified():
        return redirect(_next(request))
    if confirmed_device(request.user) is None:
        return redirect(_with_next("second_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            verify_code(request, form.cleaned_data["code"])
            return redirect(_next(request))
        except CodeRefused as refused:
            form.add_error("code", refused.message)
    return render(request, "office/second_factor.html", {"form": form, "next": _next(request)})


@login_required
def enrol(request):
    if confirmed_device(request.user) is not None:
        return redirect(_with_next("second_factor", request))
    device = start_enrolment(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            confirm_enrolment(request, device, form.cleaned_data["code"])
            return redirect(_next(request))
        except CodeRefused as refused:
            form.add_error("code", refused.message)
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title="身份验证器二维码")
    return render(
        request,
        "office/second_factor_enrol.html",
        {
            "form": form,
            "next": _next(request),
            "qr": mark_safe(qr),  # noqa: S308 (segno's own SVG)
            "secret": secret_for_display(device),
        },
    )
