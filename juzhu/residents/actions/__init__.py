"""The residents' actions: each atomic and audited, like the registry's (juzhu/registry/actions).

A resident's own actions take ``account_id`` (the signed-in account, never from the request
body); the clerk's take ``acting_user`` and check permission and jurisdiction.
"""

from ..commands import DeclarationData
from .binding import NoMatch, bind_identity
from .declarations import confirm_declaration, return_declaration, submit_declaration
from .inbox import mark_notices_read
from .sign_in import request_code, verify_code

__all__ = [
    "DeclarationData",
    "NoMatch",
    "bind_identity",
    "confirm_declaration",
    "mark_notices_read",
    "request_code",
    "return_declaration",
    "submit_declaration",
    "verify_code",
]
