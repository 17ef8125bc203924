from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "juzhu.residents"
    label = "residents"
    verbose_name = "居民自助"
