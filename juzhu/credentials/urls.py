"""Mounted at the site's root by the project's URL map (the paths verifiers expect)."""

from django.urls import path

from . import views

urlpatterns = [
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("status/<int:list_number>.jwt", views.status_list, name="status_list"),
]
