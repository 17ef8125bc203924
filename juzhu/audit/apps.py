from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "juzhu.audit"
    label = "audit"
    verbose_name = "审计"
