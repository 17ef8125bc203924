"""The hooks that keep the status lists in line with the registry, without the registry's
actions knowing of them (they save cards and permits; the lists follow):

- a card is made: it gets its status list entry; a card is saved: its entry's status;
- a permit is saved (suspended, restored, cancelled): its cards' entries;
- the daily job has run: missing entries are added, statuses reconciled, every list re-signed;
- after ``migrate``: the first signing key exists, so ``./run`` needs no extra step.
"""

from __future__ import annotations

from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from juzhu.registry.jobs.daily import after_daily
from juzhu.registry.models import Permit, PermitCard
from juzhu.registry.verification import PublicUrlMissing

from . import keys, status


@receiver(post_save, sender=PermitCard)
def _card_saved(sender, instance: PermitCard, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw:
        status.card_saved(instance, created)


@receiver(post_save, sender=Permit)
def _permit_saved(sender, instance: Permit, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw and not created:
        status.permit_saved(instance)


@receiver(after_daily)
def _daily(sender, on, report, **kwargs) -> None:
    report.add("status_entries_reconciled", status.reconcile())
    try:
        report.add("status_lists_signed", status.sign_all())
    except (PublicUrlMissing, keys.KeyUnavailable):  # no card prints either: the job goes on, the
        report.add("status_lists_signed", 0)  # lists wait for the address or `juzhu permit keys rotate`


@receiver(post_migrate)
def _first_key(sender, **kwargs) -> None:
    if getattr(sender, "label", "") == "credentials":
        keys.current_key()
