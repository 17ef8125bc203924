from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "juzhu.documents"
    label = "documents"
    verbose_name = "证件文书打印"
