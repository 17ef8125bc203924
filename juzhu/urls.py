"""URL map: the JSON API under /api/v1/ and the office screens."""

from django.urls import include, path

from juzhu.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("documents/", include("juzhu.documents.urls")),
    path("", include("juzhu.office.urls")),
]
