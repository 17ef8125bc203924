"""Keep the role groups in line with ``juzhu.org.roles`` after every migrate; stamp
every change to the entered rules data so each process rebuilds its rules context."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models import CalendarYear, ParameterValue


@receiver(post_migrate)
def _sync_roles(sender, **kwargs):
    if getattr(sender, "label", "") == "registry":
        from juzhu.org.roles import sync_roles

        sync_roles()


@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
@receiver(post_save, sender=ParameterValue)
@receiver(post_delete, sender=ParameterValue)
def _rules_data_changed(sender, **kwargs):
    from .context import changed

    changed()
