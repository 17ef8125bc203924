from django.apps import AppConfig


class ApiConfig(AppConfig):
    """An app only for its management command (``juzhu token``): the API has no models of its own."""

    name = "juzhu.api"
    label = "api"
    verbose_name = "JSON API"
