"""Real-name binding (issue 10): the registry's person with that name, ID number and this phone;
every other case is one answer, someone else's ID number is logged, attempts are limited."""

from __future__ import annotations

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.registry.errors import ActionError, RuleRefusal
from juzhu.residents.actions import NoMatch, bind_identity
from tests.registry.flows import registered

from .helpers import id_number, signed_in

pytestmark = pytest.mark.django_db
OWN_PHONE = "13812345678"  # person_data()'s phone
STRANGER_ID = id_number(2)


def test_name_id_number_and_the_phone_on_record_bind(staff, clock):
    registration = registered(staff)
    account = signed_in(OWN_PHONE)
    bound = bind_identity(account_id=account.pk, name="张丽", id_number="610113199002280029")
    assert bound.person_id == registration.person_id
    assert AuditEntry.objects.filter(action="resident.bind", person_id=registration.person_id).count() == 1
    with pytest.raises(ActionError) as again:
        bind_identity(account_id=account.pk, name="张丽", id_number="610113199002280029")
    assert again.value.status == 409


def test_no_person_and_someone_elses_id_number_get_the_same_answer(staff, clock):
    registration = registered(staff)
    stranger = signed_in("13700000002")
    answers = []
    for name, number in (("张丽", "610113199002280029"), ("王伟", "610113199002280029"), ("王伟", STRANGER_ID)):
        with pytest.raises(NoMatch) as refused:
            bind_identity(account_id=stranger.pk, name=name, id_number=number)
        answers.append((refused.value.message, refused.value.field, refused.value.status))
    assert len(set(answers)) == 1
    others = AuditEntry.objects.filter(action="resident.bind_others_id")
    assert others.count() == 2 and {e.person_id for e in others} == {registration.person_id}
    assert others.first().detail["mismatch"][-1] == "phone"
    assert AuditEntry.objects.filter(action="resident.bind_no_match").count() == 1
    stranger.refresh_from_db()
    assert stranger.person_id is None


def test_an_invalid_id_number_is_named_like_the_office_names_it(clock):
    account = signed_in()
    with pytest.raises(RuleRefusal) as refused:
        bind_identity(account_id=account.pk, name="张丽", id_number="610113199002280028")
    assert refused.value.field == "id_number" and "校验码" in refused.value.message


def test_binding_attempts_are_limited_per_day(clock):
    account = signed_in()
    for _ in range(5):
        with pytest.raises(NoMatch):
            bind_identity(account_id=account.pk, name="王伟", id_number=STRANGER_ID)
    with pytest.raises(ActionError) as limited:
        bind_identity(account_id=account.pk, name="王伟", id_number=STRANGER_ID)
    assert limited.value.status == 429
