"""Each card's entry in a status list, kept in line with the registry, and the signed lists.

**Index.** A card gets its entry when it is made (a ``post_save`` of ``PermitCard``,
signals.py), at a random free index of the newest list: the draft advises random indices so
that a card's position says nothing about when it was issued or who was issued beside it.
A list takes cards until 4 rounds of 16 random draws in a row find no free index (~85 %
full); then a new list opens. Cards made without the signal (the demo's bulk insert, cards from before
this feature) get theirs from ``reconcile`` (the daily job) or at their first print.

**Status.** ``status_of`` is the one mapping from the registry: a void card or permit is 1,
a suspended permit 2, otherwise 0. Saving a card or a permit updates its entries and marks
them ``pending``.

**Signing.** A list is re-signed before it is served when an entry is pending, when it is
older than ``REFRESH`` or was never signed, and by the daily job. The signer clears the
pending marks in a committed transaction *before* reading the statuses: a change that
commits later marks its entry again (so the next request re-signs), and one that commits
earlier is read. A timestamp would miss a change made before the signing started but
committed after it read.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse

from juzhu import clock
from juzhu.registry.models import Permit, PermitCard
from juzhu.registry.verification import public_base_url

from . import jose, keys, statuslist
from .models import CardCredential, StatusList
from .statuslist import DRAWS, LIFETIME, LIST_SIZE, ROUNDS, TTL, Status

BATCH = 5000
FILL = 0.85  # where allocate's random draws give up on a list, for the bulk allocation
REFRESH = datetime.timedelta(hours=6)  # re-signed when older, so a served list is always fresh


def status_of(card_status: str, permit_status: str) -> Status:
    if card_status == PermitCard.Status.VOID or permit_status == Permit.Status.VOID:
        return Status.VOID
    if permit_status == Permit.Status.SUSPENDED:
        return Status.SUSPENDED
    return Status.VALID


def list_uri(number: int) -> str:
    """The list's absolute URL, its ``sub`` and the ``uri`` in its cards' credentials."""
    return public_base_url() + reverse("status_list", args=[number])


# -- indices -----------------------------------------------------------------------------------


def _newest_list() -> StatusList:
    newest = StatusList.objects.order_by("-number").first()
    return newest or _open_list(1)


def _open_list(number: int) -> StatusList:
    return StatusList.objects.get_or_create(number=number, defaults={"size": LIST_SIZE})[0]


def allocate(card: PermitCard, status: Status) -> CardCredential:
    """The card's entry at a random free index of the newest list (in the caller's transaction)."""
    status_list, misses = _newest_list(), 0
    for _ in range(ROUNDS + 4):
        draws = {secrets.randbelow(status_list.size) for _ in range(DRAWS)}
        taken = set(
            CardCredential.objects.filter(status_list=status_list, index__in=draws).values_list("index", flat=True)
        )
        free = sorted(draws - taken)
        if not free:
            misses += 1
            if misses == ROUNDS:  # 64 draws in a row found no place: the list is ~85 % full
                status_list, misses = _open_list(status_list.number + 1), 0
            continue
        try:
            with transaction.atomic():  # a savepoint: a clash with a concurrent card is retried
                return CardCredential.objects.create(
                    card=card, status_list=status_list, index=secrets.choice(free), status=status
                )
        except IntegrityError:
            existing = CardCredential.objects.filter(card=card).first()
            if existing is not None:
                return existing
    raise RuntimeError("no free status list index after repeated draws")


def reconcile() -> int:
    """Entries for cards that have none and statuses that differ from the registry's; the count."""
    missing = PermitCard.objects.filter(credential__isnull=True)
    before = missing.count()
    places = _Places()
    for _ in range(before // BATCH + 10):  # a batch may lose a clash with a card made meanwhile
        rows = list(missing.order_by("pk").values_list("pk", "status", "permit__status")[:BATCH])
        if not rows:
            break
        CardCredential.objects.bulk_create([places.entry(*row) for row in rows], ignore_conflicts=True)
    fixed = before - missing.count()
    for code in Status:
        wrong = CardCredential.objects.exclude(status=code).filter(_registry_says(code))
        fixed += wrong.update(status=code, pending=True)
    return fixed


class _Places:
    """Random free indices for many cards at once (the demo's bulk-inserted cards): a list's
    taken indices are read once, and a new list opens at the fill ``allocate`` leaves (~85 %)."""

    def __init__(self) -> None:
        self.status_list = _newest_list()
        self.taken = self._taken()

    def _taken(self) -> set[int]:
        return set(CardCredential.objects.filter(status_list=self.status_list).values_list("index", flat=True))

    def entry(self, pk: int, card_status: str, permit_status: str) -> CardCredential:
        if len(self.taken) >= self.status_list.size * FILL:
            self.status_list = _open_list(self.status_list.number + 1)
            self.taken = self._taken()
        index = secrets.randbelow(self.status_list.size)
        while index in self.taken:
            index = secrets.randbelow(self.status_list.size)
        self.taken.add(index)
        code = status_of(card_status, permit_status)
        return CardCredential(card_id=pk, status_list=self.status_list, index=index, status=code, pending=bool(code))


def _registry_says(code: Status):
    from django.db.models import Q

    void = Q(card__status=PermitCard.Status.VOID) | Q(card__permit__status=Permit.Status.VOID)
    if code == Status.VOID:
        return void
    if code == Status.SUSPENDED:
        return ~void & Q(card__permit__status=Permit.Status.SUSPENDED)
    return ~void & ~Q(card__permit__status=Permit.Status.SUSPENDED)


# -- hooks (signals.py) ------------------------------------------------------------------------


def card_saved(card: PermitCard, created: bool) -> None:
    permit_status = Permit.objects.filter(pk=card.permit_id).values_list("status", flat=True).first() or ""
    code = status_of(card.status, permit_status)
    if created:
        allocate(card, code)
    else:
        CardCredential.objects.filter(card=card).exclude(status=code).update(status=code, pending=True)


def permit_saved(permit: Permit) -> None:
    code = status_of("", permit.status)
    entries = CardCredential.objects.filter(card__permit=permit).exclude(card__status=PermitCard.Status.VOID)
    entries.exclude(status=code).update(status=code, pending=True)


# -- signing and serving -----------------------------------------------------------------------


def sign_list(status_list: StatusList) -> StatusList:
    """Re-sign one list from the entries' statuses (outside any transaction: see the module)."""
    with transaction.atomic():
        CardCredential.objects.filter(status_list=status_list, pending=True).update(pending=False)
    entries = CardCredential.objects.filter(status_list=status_list).exclude(status=Status.VALID)
    packed = statuslist.pack(status_list.size, entries.values_list("index", "status").iterator(chunk_size=10_000))
    now = clock.now()
    kid, key = keys.signer()
    claims = statuslist.claims(
        list_uri(status_list.number), statuslist.encode(packed), int(now.timestamp()), LIFETIME, TTL
    )
    token = jose.sign({"kid": kid, "typ": statuslist.TYP}, claims, key)
    StatusList.objects.filter(pk=status_list.pk).update(token=token, signed_at=now)
    status_list.token, status_list.signed_at = token, now
    return status_list


def needs_signing(status_list: StatusList) -> bool:
    if not status_list.token or status_list.signed_at is None:
        return True
    if clock.now() - status_list.signed_at > REFRESH or status_list.signed_at > clock.now():
        return True
    return CardCredential.objects.filter(status_list=status_list, pending=True).exists()


def served(number: int) -> StatusList | None:
    """The list as served: re-signed first when a status changed or it grew old."""
    status_list = StatusList.objects.filter(number=number).first()
    if status_list is not None and needs_signing(status_list):
        status_list = sign_list(status_list)
    return status_list


def sign_all() -> int:
    """Every list re-signed (the daily job, a key rotation); the count."""
    lists = list(StatusList.objects.order_by("number"))
    for status_list in lists:
        sign_list(status_list)
    return len(lists)
