"""What the issuer's decision on an application rests on, shown beside the decision form.

The issuer decides on the facts of Art 10-12: who the applicant is (ID masked, R-22; the
photo the card will carry), since when she is registered and how long she has lived here,
the condition claimed and the materials with who issued each (Art 11 para 2), the notices
given, and the rules' own answer with its reasons and articles. The page that shows this
is a read of personal data, logged with the stated purpose (``application.view``).
"""

from __future__ import annotations

from juzhu.documents.render import photo_data_uri
from juzhu.masks import mask_id_number
from juzhu.registry.actions.common import rules_context
from juzhu.registry.actions.decisions import application_eligibility


def decision_basis(application) -> dict:
    registration = application.registration
    person = registration.person
    today = rules_context().today
    eligibility = application_eligibility(application)
    return {
        "person": person,
        "masked_id": mask_id_number(person.id_number),
        "registration": registration,
        "days_until_application": (application.received_on - registration.declared_date).days,
        "days_until_today": (today - registration.declared_date).days,
        "today": today,
        "eligibility": eligibility,
        "photo": photo_data_uri(person.photo.name) if person.photo else "",
    }
