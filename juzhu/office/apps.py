from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "juzhu.office"
    label = "office"
    verbose_name = "办公界面"

    def ready(self) -> None:
        from . import resident_queues  # noqa: F401  (registers its queues)
