"""Login and the workbench (首页): the user's queues with working-day countdowns."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

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


@login_required
def workbench(request):
    roles = [ROLE_NAMES.get(g, g) for g in request.user.groups.values_list("name", flat=True)]
    return render(request, "office/workbench.html", {
        "roles": roles, "queues": queues_for(request.user), "search": SearchForm(),
    })
