"""Registering a person the registry already knows (R-27, Art 9 and 25).

Identity data is never silently overwritten, and a registration of a person who holds an
active registration elsewhere is an explicit **move**:

- the clerk is told, before anything is saved, where (station) and since when (date) the
  person is registered — nothing else from outside her jurisdiction — and must confirm the
  move; the old registration then ends as ``moved``, pointing at the new one, and the old
  station sees it in its workbench ("迁出") until it acknowledges it;
- each identity field that would change is named; old values are shown (masked) only to a
  clerk whose jurisdiction holds the person; a change needs a reason, and is kept in
  ``IdentityChange`` (old → new, who, where, when, why) and in the audit log.

docs/registry.md, "Registering a person already registered", says why this much is shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Field
from django.utils.crypto import salted_hmac

from juzhu.audit.events import Event
from juzhu.masks import mask_identity_value
from juzhu.org.jurisdiction import scope_filter
from juzhu.org.models import User

from ..errors import IdentityConflict
from ..events import emit
from ..events import payloads as p
from ..models import IdentityChange, Person, Registration

# Person's identity fields, in the order a clerk reads them; labels are the model's.
IDENTITY_FIELDS = ("name", "sex", "birth_date", "ethnicity", "id_type", "hukou_division", "hukou_address", "phone")


def person_column(name: str) -> Field[Any, Any]:
    """Person's column ``name`` (the identity fields are columns, not relations)."""
    return cast("Field[Any, Any]", Person._meta.get_field(name))


def label_of(name: str) -> str:
    return str(person_column(name).verbose_name)


def stored_value(person: Person, name: str) -> str:
    """The field as text, as ``IdentityChange`` keeps it (codes for choices and divisions)."""
    value = getattr(person, person_column(name).attname)
    return "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))


def shown_value(name: str, value: str, *, masked: bool) -> str:
    """A value as a screen shows it: the label of a code, personal text masked when ``masked``."""
    labels = dict(person_column(name).flatchoices)
    if value in labels:
        return str(labels[value])
    return mask_identity_value(name, value) if masked else (value or "（空）")


@dataclass
class Change:
    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return label_of(self.field)


@dataclass
class Conflict:
    """What registering ``person`` again would do beyond a plain registration."""

    person: Person
    moves: list[Registration] = field(default_factory=list)  # active registrations that would end
    changes: list[Change] = field(default_factory=list)
    visible: bool = False  # the person is inside the clerk's jurisdiction: old values may be shown

    def token(self) -> str:
        """Binds a clerk's confirmation to what she was shown (not to another person or change)."""
        facts = [self.person.pk, sorted(r.pk for r in self.moves), [(c.field, c.new) for c in self.changes]]
        return salted_hmac("juzhu.registry.identity.confirmation", repr(facts)).hexdigest()[:32]

    def refusal(self, *, move: bool, reason: str, confirmation: str) -> IdentityConflict | None:
        """The 409 the action answers when the clerk has not (or not validly) confirmed."""
        stale = bool(confirmation) and confirmation != self.token()
        parts = []
        if self.moves and (not move or stale):
            where = "；".join(f"{r.declared_date.isoformat()}在{r.unit.name}" for r in self.moves)
            parts.append(
                f"该人员已有有效的居住登记（{where}办理）。如其已迁来本辖区居住，请确认按迁移办理："
                "原登记将转为“已迁出”，并告知原登记单位"
            )
        if self.changes and (not reason or stale):
            names = "、".join(c.label for c in self.changes)
            hidden = "" if self.visible else "（原值不在本单位管辖范围内，不予显示）"
            parts.append(f"{names}与已登记的不同{hidden}。身份信息不会被直接覆盖：请核对；确需更改的，请填写更改原因")
        if not parts:
            return None
        if stale:
            parts.insert(0, "确认之后登记内容有变化，请重新核对并确认")
        at = "id_number" if self.moves and (not move or stale) else self.changes[0].field
        return IdentityConflict("。".join(parts), field=at, details=self.details())

    def details(self) -> dict[str, Any]:
        return {
            "moves": [{"station": r.unit.name, "date": r.declared_date.isoformat()} for r in self.moves],
            "changes": [
                {
                    "field": c.field,
                    "label": c.label,
                    "new": shown_value(c.field, c.new, masked=False),
                    "old": shown_value(c.field, c.old, masked=True) if self.visible else None,
                }
                for c in self.changes
            ],
            "confirmation": self.token(),
        }


def conflict_for(acting_user: User, person: Person, values: dict[str, str]) -> Conflict:
    """Compare the stored person with the identity typed now (``values``: field → text)."""
    conflict = Conflict(person)
    conflict.moves = list(
        Registration.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(person=person, status=Registration.Status.ACTIVE)
        .order_by("declared_date")
    )
    conflict.changes = [
        Change(name, stored_value(person, name), values[name])
        for name in IDENTITY_FIELDS
        if name in values and stored_value(person, name) != values[name]
    ]
    conflict.visible = Person.objects.filter(scope_filter(acting_user), pk=person.pk).exists()
    return conflict


def record_refusal(acting_user: User, conflict: Conflict, refusal: IdentityConflict, now: datetime.datetime) -> None:
    """What was disclosed, and to whom: a read of personal data (R-22), for supervision."""
    emit(
        Event.REGISTRATION_IDENTITY_CONFLICT,
        actor=acting_user,
        subject=conflict.person,
        person=conflict.person,
        purpose="居住登记",
        moment=now,
        payload=p.IdentityConflictShown(
            message=refusal.message,
            moves=tuple(r.number for r in conflict.moves),
            fields=tuple(c.field for c in conflict.changes),
            shown_old_values=conflict.visible,
        ),
    )


def apply_changes(
    acting_user: User, conflict: Conflict, reason: str, registration: Registration, now: datetime.datetime
) -> None:
    """Write the person's new identity, keeping the old values (IdentityChange and audit)."""
    person = conflict.person
    for change in conflict.changes:
        setattr(person, person_column(change.field).attname, typed_value(change.field, change.new))
        IdentityChange.objects.create(  # type: ignore[misc]  # the user has a unit: require_place() passed
            person=person,
            county_id=registration.county_id,
            town_id=registration.town_id,
            registration=registration,
            field=change.field,
            old_value=change.old,
            new_value=change.new,
            reason=reason,
            unit=acting_user.unit,
            changed_by=acting_user,
        )
    if conflict.changes:
        person.save()
        emit(
            Event.PERSON_IDENTITY_CHANGE,
            actor=acting_user,
            subject=person,
            person=person,
            purpose="居住登记",
            moment=now,
            payload=p.IdentityChanged(
                registration=registration.number,
                reason=reason,
                changes={c.field: [c.old, c.new] for c in conflict.changes},
            ),
        )


def start_moves(moving: list[Registration]) -> None:
    """The old registrations stop being active before the new one is made: a person has one
    active registration (a database constraint); ``end_by_move`` then links them."""
    for old in moving:
        old.move_to(Registration.Status.MOVED)
        old.save(update_fields=["status"])


def move_reason(station: str) -> str:
    """What a move leaves on the old registration (the demo's bulk path writes the same)."""
    return f"迁出：在{station}重新办理居住登记"


def end_by_move(acting_user: User, conflict: Conflict, new: Registration, now: datetime.datetime) -> None:
    """The old registrations end as moved, linked to the new one (R-27; R-06a follows the chain)."""
    for old in conflict.moves:
        old.moved_to, old.cancelled_on = new, new.declared_date
        old.cancel_reason = move_reason(new.unit.name)
        if old.unit_id == new.unit_id:  # the same station moved it: nothing to tell anyone
            old.move_acknowledged_on, old.move_acknowledged_by = new.declared_date, acting_user
        old.save(
            update_fields=[
                "status",
                "moved_to",
                "cancelled_on",
                "cancel_reason",
                "move_acknowledged_on",
                "move_acknowledged_by",
            ]
        )
        emit(
            Event.REGISTRATION_MOVED,
            actor=acting_user,
            subject=old,
            purpose="居住登记",
            moment=now,
            payload=p.RegistrationMoved(
                moved_to=new.number, to_unit=new.unit.name, from_unit=old.unit.name, new_town=new.town_id
            ),
        )


def typed_value(name: str, text: str) -> datetime.date | str:
    """The model's value for a field kept as text (the birth date is the one non-text field)."""
    return datetime.date.fromisoformat(text) if name == "birth_date" else text


def names_when_moved(moved: list[Registration]) -> list[str]:
    """The name each person had when her registration moved: what the old station knew,
    not a name given at the new station (one query for the lot)."""
    renamed: dict[int | None, str] = dict(
        IdentityChange.objects.filter(registration__in=[r.moved_to_id for r in moved], field="name").values_list(
            "registration_id", "old_value"
        )
    )
    return [renamed.get(r.moved_to_id, r.person.name) for r in moved]
