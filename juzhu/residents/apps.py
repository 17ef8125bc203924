from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "juzhu.residents"
    label = "residents"
    verbose_name = "居民自助"

    def ready(self) -> None:
        from . import events  # noqa: F401  (the payloads and message builders of the residents' events)
