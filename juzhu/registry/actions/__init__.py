"""One function per use case (Zulip's ``zerver/actions`` style).

Each action takes the keyword-only ``acting_user``, checks permission and
jurisdiction, asks ``juzhu.rules`` for every decision, writes its rows and its
audit entry in one transaction, and queues notifications in the same transaction.
Views and the API only translate requests into calls and errors into responses.
"""

from .applications import receive_application, supplement_materials, withdraw_application
from .calendar import enter_calendar_year
from .common import ActionError, NotFound, RuleRefusal
from .decisions import decide_application
from .extensions import extend_issuance
from .parameters import set_parameter_value
from .permits import change_address, endorse_permit, hand_out_card, replace_card
from .persons import search_persons, view_person
from .photos import set_person_photo
from .registration_endings import acknowledge_move, cancel_registration
from .registrations import register_residence

__all__ = [
    "ActionError",
    "NotFound",
    "RuleRefusal",
    "acknowledge_move",
    "cancel_registration",
    "change_address",
    "decide_application",
    "endorse_permit",
    "enter_calendar_year",
    "extend_issuance",
    "hand_out_card",
    "receive_application",
    "register_residence",
    "replace_card",
    "search_persons",
    "set_parameter_value",
    "set_person_photo",
    "supplement_materials",
    "view_person",
    "withdraw_application",
]
