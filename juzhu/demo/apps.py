from django.apps import AppConfig


class DemoConfig(AppConfig):
    """An app only for its management command (``juzhu demo``): the demo has no models of its own."""

    name = "juzhu.demo"
    label = "demo"
    verbose_name = "演示数据"
