from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "juzhu.office"
    label = "office"
    verbose_name = "办公界面"
