from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "juzhu.credentials"
    label = "credentials"
    verbose_name = "电子居住证凭证"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (card status → status list; the first key after migrate)
