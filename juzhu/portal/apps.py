from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "juzhu.portal"
    label = "portal"
    verbose_name = "居民自助服务（/m/）"
