"""URL map: the JSON API under /api/v1/ and the office screens."""

from django.urls import include, path

from juzhu.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("documents/", include("juzhu.documents.urls")),
    path("", include("juzhu.office.urls")),
]

# A request whose body cannot be read (too big, malformed multipart): a Chinese 413/400.
handler400 = "juzhu.office.views.errors.bad_request"
