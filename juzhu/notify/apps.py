from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "juzhu.notify"
    label = "notify"
    verbose_name = "通知"
