"""Keep the role groups in line with ``juzhu.org.roles`` after every migrate."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def _sync_roles(sender, **kwargs):
    if getattr(sender, "label", "") == "registry":
        from juzhu.org.roles import sync_roles

        sync_roles()
