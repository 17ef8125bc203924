"""One typed command per write action: the contract the API, the office forms and the action share.

See ``base.py`` for how a command is built and docs/design.md ("Contracts"). Actions that take
only the record they act on (hand out a card, endorse, acknowledge a move) have no command.
"""

from .admin import EnterCalendarYear, SetParameterValue
from .applications import (
    DecideApplication,
    ExtendIssuance,
    MaterialIn,
    ReceiveApplication,
    SupplementMaterials,
    WithdrawApplication,
)
from .base import Command
from .permits import ChangeAddress, ReplaceCard
from .registrations import CancelRegistration, ChildIn, PersonIn, RegisterResidence, ResidenceIn

# Every command, by the action that takes it (the walk test and the docs list them from here).
COMMANDS: dict[str, type[Command]] = {
    "register_residence": RegisterResidence,
    "cancel_registration": CancelRegistration,
    "receive_application": ReceiveApplication,
    "supplement_materials": SupplementMaterials,
    "decide_application": DecideApplication,
    "extend_issuance": ExtendIssuance,
    "withdraw_application": WithdrawApplication,
    "change_address": ChangeAddress,
    "replace_card": ReplaceCard,
    "enter_calendar_year": EnterCalendarYear,
    "set_parameter_value": SetParameterValue,
}

__all__ = [
    "COMMANDS",
    "CancelRegistration",
    "ChangeAddress",
    "ChildIn",
    "Command",
    "DecideApplication",
    "EnterCalendarYear",
    "ExtendIssuance",
    "MaterialIn",
    "PersonIn",
    "ReceiveApplication",
    "RegisterResidence",
    "ReplaceCard",
    "ResidenceIn",
    "SetParameterValue",
    "SupplementMaterials",
    "WithdrawApplication",
]
