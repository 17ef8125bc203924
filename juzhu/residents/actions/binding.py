"""Real-name binding: the account of a mobile number becomes the account of a registry person.

The resident gives name and ID number, checked as the office checks them (GB 11643, the name
standard). The binding succeeds only when the registry holds that ID number with that name
and this mobile number on record, and no other account holds it: a leaked name and ID number
alone do not open someone's record. Every other case (no such person, someone else's ID
number, another phone on record) gets the same answer, so the page cannot be used to learn
who is registered (Art 25); someone else's ID number is logged for the supervisors.
Attempts are limited per account and day (``resident.binding_attempts_per_day``).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.masks import mask_id_number
from juzhu.registry.actions.checks import person_name
from juzhu.registry.actions.common import ask_rules, one_moment
from juzhu.registry.errors import ActionError, RuleRefusal
from juzhu.registry.events import emit
from juzhu.registry.models import Person

from ..events import BindingNotMatched, OthersIdUsed
from ..models import BindingAttempt, ResidentAccount
from .common import AsResident, policy

PURPOSE = "居民实名绑定"


class NoMatch(ActionError):
    """The one answer for every binding that does not succeed (never says why)."""

    status = 404

    def __init__(self) -> None:
        super().__init__(
            "未找到与您填写的姓名、身份证号码和本手机号码相符的居住登记。"
            "如您尚未在本市办理居住登记，可以在网上申报；如已登记但联系电话有变，请到居住地派出所更新。",
            field="id_number",
        )


@one_moment
def bind_identity(*, account_id: int, name: str, id_number: str) -> ResidentAccount:
    """Bind the account to its person, or raise ``NoMatch`` (logged) or an input error."""
    name = person_name(name, "name", "姓名", 64)
    identity = ask_rules("id_number", value=id_number)
    if identity.outcome != "valid":
        raise RuleRefusal(identity, field="id_number")
    number = identity.fields["value"]
    moment = clock.now()
    matched = None
    with transaction.atomic():
        account = ResidentAccount.objects.select_for_update().get(pk=account_id)
        if account.person_id is not None:
            raise ActionError("您的账户已完成实名绑定", field="id_number", status=409)
        since = moment - datetime.timedelta(days=1)
        if BindingAttempt.objects.filter(account=account, at__gte=since).count() >= policy("binding_attempts_per_day"):
            raise ActionError("实名核验次数已达今日上限，请明日再试，或携带身份证到居住地派出所办理", status=429)
        person = Person.objects.select_for_update().filter(id_number=number).first()
        mismatch = _mismatch(person, name, account) if person is not None else None
        BindingAttempt.objects.create(account=account, at=moment, matched=person is not None and not mismatch)
        resident = AsResident(account)
        if person is None:
            emit(
                Event.RESIDENT_BIND_NO_MATCH,
                actor=resident,
                subject=account,
                purpose=PURPOSE,
                moment=moment,
                payload=BindingNotMatched(id_number=mask_id_number(number)),
            )
        elif mismatch:
            # On the person's own record: her "who read my data" shows that someone tried.
            emit(
                Event.RESIDENT_BIND_OTHERS_ID,
                actor=resident,
                subject=account,
                person=person,
                purpose=PURPOSE,
                moment=moment,
                payload=OthersIdUsed(mismatch=tuple(mismatch)),
            )
        else:
            account.person, account.bound_at = person, moment
            account.save(update_fields=["person", "bound_at"])
            emit(Event.RESIDENT_BIND, actor=resident, subject=account, person=person, purpose=PURPOSE, moment=moment)
            matched = account
    if matched is None:
        raise NoMatch()
    return matched


def _mismatch(person: Person, name: str, account: ResidentAccount) -> list[str]:
    """What does not fit (for the log only): the name, the phone on record, another account."""
    found = []
    if person.name != name:
        found.append("name")
    if person.phone != account.phone:
        found.append("phone")
    if ResidentAccount.objects.filter(person=person).exclude(pk=account.pk).exists():
        found.append("bound_to_another_account")
    return found
