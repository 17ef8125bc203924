from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "juzhu.registry"
    label = "registry"
    verbose_name = "居住登记与居住证"

    def ready(self):
        from . import signals  # noqa: F401  (roles are synced after migrate)
