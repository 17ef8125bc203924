"""The documents mounted at documents/, as the project's URL map is asked to mount them."""

from django.urls import include, path

urlpatterns = [path("documents/", include("juzhu.documents.urls"))]
