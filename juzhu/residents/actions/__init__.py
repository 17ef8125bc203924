"""The residents' actions: each atomic and audited, like the registry's (juzhu/registry/actions).

A resident's own actions take ``account_id`` (the signed-in account, never from the request
body); the clerk's take ``acting_user`` and check permission and jurisdiction.
"""

from ..commands import DeclarationData, EndorsementData
from .address_changes import OtherCounty, confirm_address_change, return_address_change, submit_address_change

# issue 10: online application with uploads
from .application_intake import clerk_upload, own_upload, receive_online_application, return_online_application
from .applications import submit_application, upload_missing
from .binding import NoMatch, bind_identity
from .card_requests import confirm_card_request, report_lost_card, return_card_request, submit_card_request
from .declarations import confirm_declaration, return_declaration, submit_declaration
from .endorsements import confirm_endorsement, return_endorsement, submit_endorsement
from .inbox import mark_notices_read
from .sign_in import request_code, verify_code

__all__ = [
    "DeclarationData",
    "EndorsementData",
    "NoMatch",
    "OtherCounty",
    "bind_identity",
    "clerk_upload",
    "confirm_address_change",
    "confirm_card_request",
    "confirm_declaration",
    "confirm_endorsement",
    "mark_notices_read",
    "own_upload",
    "receive_online_application",
    "report_lost_card",
    "request_code",
    "return_address_change",
    "return_card_request",
    "return_declaration",
    "return_endorsement",
    "return_online_application",
    "submit_address_change",
    "submit_application",
    "submit_card_request",
    "submit_declaration",
    "submit_endorsement",
    "upload_missing",
    "verify_code",
]
