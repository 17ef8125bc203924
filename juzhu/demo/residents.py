"""Demo residents for the self-service portal (/m/): two people of the demo city whose mobile
numbers ``./run`` prints, with demo accounts, so a reviewer can sign in and see a record.

Their codes are derivable by ``juzhu otp resident-code PHONE`` (demo accounts only, as the
staff's demo authenticators); any other number can sign in too, its code printed by the
demo's console sender. Idempotent: an existing account is kept.
"""

from __future__ import annotations

from juzhu import clock
from juzhu.registry.models import Permit, Person, Registration
from juzhu.residents.models import ResidentAccount


def ensure_demo_residents() -> list[dict]:
    """[{phone, name, what}] of the demo residents (a permit holder, one registered only)."""
    holder = Person.objects.filter(phone__regex=r"^1[3-9][0-9]{9}$").filter(
        pk__in=Permit.objects.filter(status=Permit.Status.VALID).values("person_id")
    )
    registered = (
        Person.objects.filter(phone__regex=r"^1[3-9][0-9]{9}$")
        .filter(pk__in=Registration.objects.filter(status=Registration.Status.ACTIVE).values("person_id"))
        .exclude(pk__in=Permit.objects.values("person_id"))
    )
    found = []
    for people, what in ((holder, "持有居住证"), (registered, "已办理居住登记，尚未申领居住证")):
        for person in people.order_by("pk")[:20]:
            account = _account(person)
            if account is not None:
                found.append({"phone": account.phone, "name": person.name, "what": what})
                break
    return found


def _account(person: Person) -> ResidentAccount | None:
    """The person's demo account (made now if the number and the person are free), or None."""
    account = ResidentAccount.objects.filter(phone=person.phone).first()
    if account is not None:
        return account if account.person_id == person.pk and account.demo else None
    if ResidentAccount.objects.filter(person=person).exists():
        return None
    moment = clock.now()
    return ResidentAccount.objects.create(
        phone=person.phone, person=person, created_at=moment, bound_at=moment, demo=True
    )
