"""The life of an issued permit: hand-out, endorsement, address change, replacement (Art 13-15)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import Division, User
from juzhu.rules.id_number import normalise

from ..commands import ChangeAddress, ReplaceCard
from ..events import emit
from ..events import payloads as p
from ..models import AddressChange, Endorsement, Permit, PermitCard, Person, Registration
from .common import ActionError, NotFound, RuleRefusal, get_scoped, one_moment, require, require_place
from .issuing import apply_endorsement_state, endorsement_decision


@one_moment
def hand_out_card(*, acting_user: User, card_id: int) -> PermitCard:
    """Hand the produced card to the holder (the clerk's 发放)."""
    require(acting_user, "hand_out_card")
    with transaction.atomic():
        card = PermitCard.objects.select_for_update().filter(pk=card_id).first()
        if card is None:
            raise NotFound("居住证卡片")
        get_scoped(Permit, acting_user, "居住证卡片", pk=card.permit_id)
        now = clock.now()
        card.move_to(PermitCard.Status.HANDED_OUT)
        card.handed_out_on = now.date()
        card.save(update_fields=["status", "handed_out_on"])
        emit(Event.CARD_HAND_OUT, actor=acting_user, subject=card, purpose="发放居住证", moment=now)
    return card


@one_moment
def endorse_permit(*, acting_user: User, permit_id: int) -> Endorsement:
    """Endorse today: within the window, or late (restoring a suspended permit, Art 13)."""
    require(acting_user, "endorse_permit")
    now = clock.now()
    on = now.date()
    try:
        with transaction.atomic():
            permit = get_scoped(Permit, acting_user, "居住证", lock=True, pk=permit_id)
            if permit.status == Permit.Status.VOID:
                raise ActionError("居住证已作废，不能签注")
            history = list(permit.endorsements.order_by("date").values_list("date", flat=True))
            decision = endorsement_decision(permit, [*history, on], on)
            if decision.outcome == "invalid":
                raise RuleRefusal(decision, field="date")
            entry = decision.facts["history"][-1]
            anniversary = entry["anniversary"]
            endorsement = Endorsement.objects.create(  # type: ignore[misc]  # a unit: get_scoped() found the permit
                permit=permit,
                person_id=permit.person_id,
                date=on,
                anniversary=anniversary,
                late=entry["late"],
                unit=acting_user.unit,
                endorsed_by=acting_user,
            )
            apply_endorsement_state(permit, [*history, on], on)
            permit.save()
            emit(
                Event.PERMIT_ENDORSE,
                actor=acting_user,
                subject=permit,
                purpose="居住证签注",
                moment=now,
                payload=p.PermitEndorsed(date=on, late=entry["late"], reasons=tuple(decision.reasons)),
            )
    except IntegrityError:
        # Another clerk endorsed the same permit for the same anniversary a moment ago.
        raise ActionError("该居住证本年度已签注", field="date", status=409) from None
    return endorsement


@one_moment
def change_address(
    *, acting_user: User, permit_number: str, holder_id_number: str, town: str, address: str
) -> AddressChange:
    """Address change within the issuing county, at the new residence's station (Art 14, R-12).

    The holder presents the card: the permit is found by its number together with the
    holder's ID number, since the new station does not yet see the person.
    """
    require(acting_user, "change_address")
    command = ChangeAddress.check(
        permit_number=permit_number, holder_id_number=holder_id_number, town=town, address=address
    )
    permit_number, holder_id_number, town, address = (
        command.permit_number,
        command.holder_id_number,
        command.town,
        command.address,
    )
    new_town = Division.objects.filter(code=town, level=Division.Level.TOWN).first()
    if new_town is None:
        raise ActionError("请选择新居住地所在的乡镇（街道）", field="town")
    require_place(acting_user, new_town.parent_id, new_town.pk)
    with transaction.atomic():
        permit = (
            Permit.objects.select_for_update()
            .filter(number=(permit_number or "").strip(), holder_id_number=normalise(holder_id_number or ""))
            .first()
        )
        if permit is None or permit.status == Permit.Status.VOID:
            raise NotFound("居住证")
        if address == permit.residence_address and new_town.pk == permit.town_id:
            # Nothing to change: also the second of a double submit (issue 8, finding 3).
            raise ActionError("新居住地址与居住证上的地址相同，无需变更（请勿重复提交）", field="address", status=409)
        if new_town.parent_id != permit.county_id:
            raise ActionError(
                "新居住地不在居住证发证县（市、区）范围内，须在新居住地重新办理居住登记（第十四条）", field="town"
            )
        now = clock.now()
        change = AddressChange.objects.create(  # type: ignore[misc]  # the user has a unit: require_place() passed
            permit=permit,
            person_id=permit.person_id,
            date=now.date(),
            old_address=permit.residence_address,
            new_address=address,
            old_town_id=permit.town_id,
            new_town=new_town,
            unit=acting_user.unit,
            changed_by=acting_user,
        )
        permit.residence_address, permit.town = address, new_town
        permit.save(update_fields=["residence_address", "town"])
        Registration.objects.filter(pk=permit.registration_id).update(address=address, town=new_town)
        Person.objects.filter(pk=permit.person_id).update(town=new_town)
        emit(
            Event.PERMIT_CHANGE_ADDRESS,
            actor=acting_user,
            subject=permit,
            purpose="居住地址变更",
            moment=now,
            payload=p.AddressChanged(from_town=change.old_town_id, to_town=new_town.pk),
        )
    return change


@one_moment
def replace_card(*, acting_user: User, permit_id: int, kind: str, old_card_returned: bool = False) -> PermitCard:
    """Replacement of a damaged card (old one handed back) or reissue of a lost one (Art 15, 16)."""
    require(acting_user, "replace_card")
    kind = ReplaceCard.check(kind=kind, old_card_returned=old_card_returned).kind
    if kind == PermitCard.Kind.REPLACEMENT and not old_card_returned:
        raise ActionError("换领居住证应当交回原证（第十五条）", field="old_card_returned")
    with transaction.atomic():
        permit = get_scoped(Permit, acting_user, "居住证", lock=True, pk=permit_id)
        if permit.status == Permit.Status.VOID:
            raise ActionError("居住证已作废")
        now = clock.now()
        today = now.date()
        cards = list(permit.cards.select_for_update().order_by("version"))
        newest = cards[-1]
        if newest.kind == kind and newest.status == PermitCard.Status.PRODUCED and newest.produced_on == today:
            # Made today for the same reason and not yet handed out: the second of a double submit.
            raise ActionError(
                f"今天已受理该居住证的{newest.get_kind_display()}，第{newest.version}版新证正在制作，请勿重复提交",
                field="kind",
                status=409,
            )
        for old in cards:
            if old.status != PermitCard.Status.VOID:
                old.move_to(PermitCard.Status.VOID)
                old.voided_on = today
                old.void_reason = "换领，原证已交回" if kind == PermitCard.Kind.REPLACEMENT else "补领，原证丢失"
                old.old_card_returned = kind == PermitCard.Kind.REPLACEMENT
                old.save()
        card = PermitCard.objects.create(
            permit=permit, person_id=permit.person_id, version=cards[-1].version + 1, kind=kind, produced_on=today
        )
        if permit.person.photo:  # the new card is printed with the current photo
            permit.holder_photo = permit.person.photo.name  # type: ignore[assignment]  # a true FieldFile has a name
            permit.save(update_fields=["holder_photo"])
        event = Event.CARD_REPLACEMENT if kind == PermitCard.Kind.REPLACEMENT else Event.CARD_REISSUE
        emit(
            event,
            actor=acting_user,
            subject=card,
            person=permit.person,
            purpose="换领补领居住证",
            moment=now,
            payload=p.CardRenewed(version=card.version, fee="0"),
        )
    return card
