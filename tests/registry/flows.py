"""Shortcuts that take a person through the registry's actions, for tests."""

from __future__ import annotations

import datetime

from juzhu.clock import today as clock_today
from juzhu.registry.actions import decide_application, receive_application, register_residence, set_person_photo
from juzhu.registry.models import PermitApplication
from juzhu.rules.id_number import check_character
from tests.factories import person_data, residence_data

COMPLETE_FOR_EMPLOYMENT = {
    "resident_id_card": "",
    "photo": "",
    "residence_address_proof": "房东王某",
    "employment_proof": "安康市某某有限公司",
}


def registered(staff, **person):
    """Registered today (the clock), having arrived three days before."""
    arrived = clock_today() - datetime.timedelta(days=3)
    return register_residence(
        acting_user=staff.clerk, person=person_data(**person), residence=residence_data(arrival_date=arrived)
    )


def photo_bytes(size=(358, 441), fmt="PNG") -> bytes:
    """A plain picture of a card photo's proportions (the action re-encodes it as JPEG)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (70, 110, 160)).save(out, fmt)
    return out.getvalue()


def photographed(staff, person_id: int):
    """The clerk takes the person's photo at the window (needed before approval)."""
    return set_person_photo(acting_user=staff.clerk, person_id=person_id, data=photo_bytes())


def issued_permit(staff, clock, registered_on="2025-06-02", applied_on="2025-12-02"):
    """Register, photograph, apply complete, approve: returns the permit (card produced, not handed out)."""
    clock(registered_on)
    registration = registered(staff)
    photographed(staff, registration.person_id)
    clock(applied_on)
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    return decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)


MATERIALS = {
    "employment": {"resident_id_card": "", "photo": "", "residence_address_proof": "房东", "employment_proof": "公司"},
    "study": {"resident_id_card": "", "photo": "", "residence_address_proof": "房东", "study_proof": "学校"},
}
# Laocheng station (clerk) and Xincheng station (other_clerk), both in Hanbin district.
STATIONS = {"AK-610902-PS01": ("clerk", "610902001"), "AK-610902-PS02": ("other_clerk", "610902002")}
ACCEPTED_ON = ["2025-12-02", "2025-12-03", "2025-12-04", "2025-12-05", "2025-12-08"]


def id_number(index: int) -> str:
    birth = datetime.date(1990, 1, 1) + datetime.timedelta(days=index)
    first17 = f"610113{birth:%Y%m%d}{index % 1000:03d}"
    return first17 + check_character(first17)


def applicant_name(index: int) -> str:
    """申请人〇七: a name of Han characters only (names refuse digits, R-27 / issue 8)."""
    return "申请人" + "".join("〇一二三四五六七八九"[int(d)] for d in f"{index:02d}")


def many_accepted_applications(staff, clock):
    """32 accepted applications: 20 at Laocheng, 12 at Xincheng; a third for study; accepted over a week."""
    clock("2025-06-02")
    registrations = []
    for index in range(32):
        station = "AK-610902-PS01" if index < 20 else "AK-610902-PS02"
        user, town = STATIONS[station]
        registrations.append(
            (
                getattr(staff, user),
                register_residence(
                    acting_user=getattr(staff, user),
                    person=person_data(id_number=id_number(index), name=applicant_name(index)),
                    residence=residence_data(town=town, arrival_date=datetime.date(2025, 5, 30)),
                ),
            )
        )
    for index, (user, registration) in enumerate(registrations):
        clock(ACCEPTED_ON[index % len(ACCEPTED_ON)])
        condition = "study" if index % 3 == 0 else "employment"
        receive_application(
            acting_user=user, registration_id=registration.pk, condition=condition, materials=MATERIALS[condition]
        )
    clock("2025-12-10")
    return PermitApplication.objects.filter(status="accepted")
