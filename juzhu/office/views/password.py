"""Staff change their own password (Django's PasswordChangeView, in the office layout).

The new password must meet the policy (settings.AUTH_PASSWORD_VALIDATORS); the old one
is asked again, since a session left open at a shared window is not the person. The
change is audited, without any secret; the session continues under a new key.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from juzhu.audit.log import record
from juzhu.org.passwords import MUST_CHANGE_SESSION_KEY


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "office/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "forced": self.request.session.get(MUST_CHANGE_SESSION_KEY)}

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(actor=self.request.user, action="staff.password_changed", obj=self.request.user,
                   detail={"forced": bool(self.request.session.get(MUST_CHANGE_SESSION_KEY))})
        self.request.session.pop(MUST_CHANGE_SESSION_KEY, None)
        messages.success(self.request, "密码已修改。")
        return response
