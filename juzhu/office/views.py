"""The office's entry: login, logout and the home page with the user's role and unit."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from juzhu.org.roles import ROLE_NAMES


class LoginView(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    roles = [ROLE_NAMES.get(g, g) for g in request.user.groups.values_list("name", flat=True)]
    return render(request, "office/home.html", {"roles": roles})
