"""Address change online (Art 14, R-12, R-06a): the holder asks, the NEW town's station confirms.

Art 14: a holder who moves within the issuing 市区、县（市） "到变更后居住地公安派出所办理居住地址
变更登记" — at the station of the new residence. The registry's ``change_address`` says the
same: the clerk must cover the new town (``require_place``), and the permit is found by its
number with the holder's ID number because that station does not see her yet. So the request
is placed in the new town's county and town and lands in the queue of the stations serving the
NEW town; the old station neither confirms nor can refuse (it has no say under Art 14). It
sees the change afterwards: the permit, its registration and the person move to the new town
and the permit's history keeps the ``AddressChange`` row with the old town and address, on the
person's timeline (``permit.change_address``).

R-06a: the 居住地 is the county. A new town in another county is not an address change but a
new residence there: a new declaration (Art 9), which the portal links to (``OtherCounty``).

The change takes effect on the day the station records it (the clerk's day, not frozen to the
submission): Art 14 sets no deadline that the resident's submission day would have to meet.
"""

from __future__ import annotations

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.registry.actions import change_address
from juzhu.registry.actions.common import one_moment, require
from juzhu.registry.errors import ActionError
from juzhu.registry.events import emit

from ..commands import AddressChangeData
from ..events import AddressChangeConfirmed, AddressChangeSubmitted
from ..models import ResidentRequest
from .common import AsResident, station_town
from .holder import Kind, bound_account, create_request, open_request, own_permit, refuse_open, return_request

KINDS = (Kind.ADDRESS_CHANGE,)
WHAT = "网上居住地址变更申请"


class OtherCounty(ActionError):
    """The new town lies in another county: a new residence registration there (R-06a)."""

    def __init__(self, county: str, permit_county: str) -> None:
        super().__init__(
            f"新居住地在{county}，不在居住证发证地{permit_county}范围内。迁往其他县（市、区）居住的，"
            "不是居住地址变更，须在新居住地重新申报居住登记（第十四条）",
            field="town",
        )


@one_moment
def submit_address_change(*, account_id: int, data: AddressChangeData) -> ResidentRequest:
    """Queue the change at the new town's station; refused (nothing written) with a Chinese message."""
    data = AddressChangeData.check(**dict(data))
    moment = clock.now()
    with transaction.atomic():
        account = bound_account(account_id)
        permit = own_permit(account, data.permit)
        town, county = station_town(data.town, place="新居住地")
        if county.pk != permit.county_id:
            raise OtherCounty(county.name, permit.county.name)
        if town.pk == permit.town_id and data.address == permit.residence_address:
            raise ActionError("新居住地址与居住证上的地址相同，无需变更", field="address", status=409)
        refuse_open(account, KINDS)
        request = create_request(
            account=account,
            person=account.person,
            kind=Kind.ADDRESS_CHANGE,
            county_id=county.pk,
            town=town,
            data={
                "permit": permit.number,
                "town": town.pk,
                "address": data.address,
                "old_town": permit.town_id,
                "old_address": permit.residence_address,
            },
            submitted_at=moment,
            submitted_on=moment.date(),
        )
        emit(
            Event.ADDRESS_CHANGE_SUBMIT,
            actor=AsResident(account),
            subject=request,
            person=account.person,
            purpose="网上申请居住地址变更",
            moment=moment,
            payload=AddressChangeSubmitted(number=request.number, permit=permit.number, town=town.pk),
        )
    return request


@one_moment
def confirm_address_change(*, acting_user: User, request_id: int) -> ResidentRequest:
    """The registry's ``change_address``, as the clerk of the new town's station."""
    require(acting_user, "change_address")
    moment = clock.now()
    with transaction.atomic():
        request = open_request(acting_user, request_id, KINDS, WHAT)
        data = request.data
        holder = request.person
        change_address(
            acting_user=acting_user,
            permit_number=data["permit"],
            holder_id_number=holder.id_number if holder is not None else "",
            town=data["town"],
            address=data["address"],
        )
        request.move_to(ResidentRequest.Status.CONFIRMED)
        request.handled_by, request.handled_at = acting_user, moment
        request.save(update_fields=["status", "handled_by", "handled_at"])
        emit(
            Event.ADDRESS_CHANGE_CONFIRM,
            actor=acting_user,
            subject=request,
            person=holder,
            purpose="确认网上居住地址变更",
            moment=moment,
            payload=AddressChangeConfirmed(number=request.number, permit=data["permit"], town=data["town"]),
        )
    return request


@one_moment
def return_address_change(*, acting_user: User, request_id: int, reason: str) -> ResidentRequest:
    """Back to the resident with a reason (she may ask again)."""
    return return_request(
        acting_user,
        request_id,
        reason,
        kinds=KINDS,
        permission="change_address",
        event=Event.ADDRESS_CHANGE_RETURN,
        what=WHAT,
    )
