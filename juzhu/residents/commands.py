"""The resident's declaration as a typed command (``juzhu.registry.commands``, docs/design.md
"Contracts"): the identity and residence facts are ``PersonIn``'s and ``ResidenceIn``'s own
fields (their limits come from the registry's columns), so a declaration is held to the same
lengths and choices as the registration it becomes. The rules' checks (the ID number, Art 2's
floating status, the arrival date against the declaration day) stay in the action."""

from typing import Any

from pydantic import Field, StrictBool

from juzhu.registry.commands import ChangeAddress, PersonIn, ResidenceIn
from juzhu.registry.commands.base import Command, checked_by, choice_field, column, record_id, text_field
from juzhu.registry.commands.registrations import MAX_CHILDREN, ChildIn
from juzhu.registry.models import Permit, PermitApplication, Person

# The same facts as at the window: the registry's own field types (length, choices, checks).
IdNumber = PersonIn.__annotations__["id_number"]
Ethnicity = PersonIn.__annotations__["ethnicity"]
HukouDivision = PersonIn.__annotations__["hukou_division"]
HukouAddress = PersonIn.__annotations__["hukou_address"]
Town = ResidenceIn.__annotations__["town"]
Address = ResidenceIn.__annotations__["address"]
ArrivalDate = ResidenceIn.__annotations__["arrival_date"]
Reason = ResidenceIn.__annotations__["reason"]
Housing = ResidenceIn.__annotations__["housing"]
Exemption = ResidenceIn.__annotations__["exemption"]


class DeclarationData(Command):
    """``submit_declaration``: who declares (herself only) and where she lives since when.
    The name is checked as Chinese (no passport here: Art 29's foreigners are outside)."""

    name: text_field(column(Person, "name"), check=checked_by("person_name", "姓名", 64))  # type: ignore[valid-type]
    id_number: IdNumber  # type: ignore[valid-type]
    ethnicity: Ethnicity  # type: ignore[valid-type]
    hukou_division: HukouDivision = ""  # type: ignore[valid-type]
    hukou_address: HukouAddress  # type: ignore[valid-type]
    town: Town  # type: ignore[valid-type]
    address: Address  # type: ignore[valid-type]
    arrival_date: ArrivalDate  # type: ignore[valid-type]
    reason: Reason  # type: ignore[valid-type]
    housing: Housing  # type: ignore[valid-type]
    exemption: Exemption = ""  # type: ignore[valid-type]  # Art 9 para 2: changes the duty she is shown
    children: list[ChildIn] = Field(  # Art 23: registered with her, as at the window
        default_factory=list, max_length=MAX_CHILDREN, title="随行子女", description="随行子女（第二十三条）"
    )

    def stored(self) -> dict[str, Any]:
        """As kept in ``ResidentRequest.data`` (JSON: dates as ISO text)."""
        return self.model_dump(mode="json")

    def registration(self, phone: str) -> dict[str, Any]:
        """``register_residence``'s person, residence and children, for the clerk's confirmation."""
        return {
            "person": PersonIn.model_construct(
                id_number=self.id_number,
                name=self.name,
                ethnicity=self.ethnicity,
                hukou_division=self.hukou_division,
                hukou_address=self.hukou_address,
                phone=phone,
            ),
            "residence": ResidenceIn.model_construct(
                town=self.town,
                address=self.address,
                arrival_date=self.arrival_date,
                reason=self.reason,
                housing=self.housing,
                exemption=self.exemption,
            ),
            "children": self.children,
        }


class ApplicationData(Command):
    """``submit_application`` (issue 10, Art 10-11): the condition claimed; the condition's
    choices are the registry's (``PermitApplication.Condition``), as at the window. The files
    are not part of the command (bytes): ``juzhu.residents.uploads`` checks each."""

    condition: choice_field("申领条件", PermitApplication.Condition.choices)  # type: ignore[valid-type]


# issue 10: cards. The permit is named by its number and looked up among the resident's own.
NewTown = ChangeAddress.__annotations__["town"]
NewAddress = ChangeAddress.__annotations__["address"]
PermitNumber = text_field(column(Permit, "number", "居住证"), description="本人居住证的号码")


class AddressChangeData(Command):
    """``submit_address_change`` (Art 14): the new town and address, the registry's own
    ``ChangeAddress`` field types (the new address's column length)."""

    permit: PermitNumber  # type: ignore[valid-type]
    town: NewTown  # type: ignore[valid-type]
    address: NewAddress  # type: ignore[valid-type]


class LostCardData(Command):
    """``report_lost_card`` (Art 15, R-13a): which permit's card is lost, and whether to ask
    for the reissue (补领) at once."""

    permit: PermitNumber  # type: ignore[valid-type]
    reissue: StrictBool = Field(False, title="同时申请补领", description="挂失后同时申请补领新证")


class CardRequestData(Command):
    """``submit_card_request``: a reissue after the loss was reported, or a replacement of a
    damaged card (换领, Art 15 para 2: the old card is handed back at the station)."""

    permit: PermitNumber  # type: ignore[valid-type]


class EndorsementData(Command):
    """``submit_endorsement`` (Art 13): which of her permits, the registered address she was
    shown, and her confirmation that she still lives there (the action requires it)."""

    permit: record_id("居住证")  # type: ignore[valid-type]
    address: text_field(column(Permit, "residence_address", "确认的居住地址"))  # type: ignore[valid-type]
    confirmed: StrictBool = Field(False, title="确认仍居住在登记的居住地址")


__all__ = [
    "AddressChangeData",
    "ApplicationData",
    "CardRequestData",
    "DeclarationData",
    "EndorsementData",
    "LostCardData",
]
