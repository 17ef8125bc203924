"""The verification page of a card's signed credential: ``/verify/c/<JWS>`` (issue 10, R-13a).

The JWS is checked first (signature, ``kid``, claims: juzhu.credentials.verifier); a forged,
altered or unknown-key code gets its Chinese answer and status 400, never a 500. A genuine
one is then answered like the older token link (``verify.answer``): the state today from the
registry itself (the status list is its copy, at most a day behind), the card void when
replaced or reissued, the holder's masked name, the audit entry.
"""

from __future__ import annotations

from juzhu.credentials.keys import public_keys
from juzhu.credentials.verifier import Verifier

from .verify import answer, cards_of_permit, page


def verify_credential(request, token: str):
    verdict = Verifier(public_keys()).check_signature(token)
    credential = verdict.credential
    if credential is None:
        return page({"found": False, "verdict": verdict}, status=400)
    cards = cards_of_permit(credential.permit_number)
    card = next((c for c in cards if c.version == credential.card_version), None)
    permit = card.permit if card is not None else None
    return answer(request, credential.permit_number, permit, card, verdict=verdict)
