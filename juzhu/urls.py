"""URL map: the JSON API under /api/v1/ and the office screens."""

from django.urls import include, path

from juzhu.api.urls import api
from juzhu.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("documents/", include("juzhu.documents.urls")),
    path("", include("juzhu.credentials.urls")),  # /.well-known/jwks.json, /status/<n>.jwt (e-permit)
    path("m/", include("juzhu.portal.urls")),  # the residents' self-service (issue 10)
    path("", include("juzhu.office.urls")),
]

# Chinese error pages inside the office's layout; JSON under /api/v1/ (juzhu.office.views.errors).
handler400 = "juzhu.office.views.errors.bad_request"
handler403 = "juzhu.office.views.errors.forbidden"
handler404 = "juzhu.office.views.errors.not_found"
handler500 = "juzhu.office.views.errors.server_error"
