"""Login, the password change, and the workbench (首页): the user's queues with working-day countdowns."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse_lazy

from juzhu.audit.events import Event
from juzhu.audit.log import record
from juzhu.org.events import PasswordChanged
from juzhu.org.passwords import MUST_CHANGE_SESSION_KEY, must_change
from juzhu.org.roles import ROLE_NAMES

from ..forms import SearchForm
from ..queues import queues_for


class LoginView(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """After the password: one that falls short of the policy must be changed first."""
        response = super().form_valid(form)
        if must_change(form.cleaned_data["password"], form.get_user()):
            self.request.session[MUST_CHANGE_SESSION_KEY] = True
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Staff change their own password (Django's view, in the office layout).

    The new password must meet the policy (settings.AUTH_PASSWORD_VALIDATORS); the old one
    is asked again, since a session left open at a shared window is not the person. The
    change is audited, without any secret; the session continues under a new key."""

    template_name = "office/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "forced": self.request.session.get(MUST_CHANGE_SESSION_KEY)}

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record(
                actor=self.request.user,
                action=Event.STAFF_PASSWORD_CHANGED,
                obj=self.request.user,
                detail=PasswordChanged(forced=bool(self.request.session.get(MUST_CHANGE_SESSION_KEY))).detail(),
            )
        self.request.session.pop(MUST_CHANGE_SESSION_KEY, None)
        messages.success(self.request, "密码已修改。")
        return response


@login_required
def workbench(request):
    roles = [ROLE_NAMES.get(g, g) for g in request.user.groups.values_list("name", flat=True)]
    return render(
        request,
        "office/workbench.html",
        {
            "roles": roles,
            "queues": queues_for(request.user),
            "search": SearchForm(),
        },
    )
