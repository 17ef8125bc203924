"""Mounted at ``documents/`` by the project's URL map."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("find", views.find, name="find"),
    path("<slug:kind>/<int:pk>.pdf", views.download, name="download"),
]
