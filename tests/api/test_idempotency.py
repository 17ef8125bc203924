"""``Idempotency-Key``: the same write request twice gets the first answer twice (issue 8, finding 3)."""

from __future__ import annotations

import datetime
import json
import threading

import pytest
from django.db import connections
from django.utils import timezone

from juzhu.registry.models import IdempotencyRecord, PermitCard, Person, Registration
from tests.factories import ensure_organisation
from tests.registry.flows import issued_permit

from .conftest import API, ApiClient, registration_body

pytestmark = pytest.mark.django_db


def post(client: ApiClient, path: str, body: dict, key: str | None):
    headers = dict(client.headers, **({"Idempotency-Key": key} if key else {}))
    return client.client.post(
        API + path, json.dumps(body, ensure_ascii=False), content_type="application/json", headers=headers
    )


@pytest.fixture
def clerk(staff, clock, as_user):
    return as_user(staff.clerk)


def test_the_same_key_twice_answers_the_first_answer_and_registers_once(clerk):
    first = post(clerk, "/registrations", registration_body(), "reg-0001")
    second = post(clerk, "/registrations", registration_body(), "reg-0001")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json() and second["Idempotent-Replayed"] == "true"
    assert Registration.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


def test_without_a_key_the_second_identical_registration_is_a_409_in_chinese(clerk):
    assert post(clerk, "/registrations", registration_body(), None).status_code == 201
    second = post(clerk, "/registrations", registration_body(), None)
    assert second.status_code == 409 and "请勿重复提交" in second.json()["message"]
    assert Registration.objects.count() == 1


def test_a_correction_the_same_day_is_not_taken_for_a_double_submit(clerk):
    """A changed phone is an identity change (R-27), asked to be confirmed with a reason, not
    refused as "请勿重复提交"; once confirmed it is made."""
    assert post(clerk, "/registrations", registration_body(), None).status_code == 201
    body = registration_body()
    body["person"]["phone"] = "13912345678"
    asked = post(clerk, "/registrations", body, None)
    assert asked.status_code == 409 and "重复提交" not in asked.json()["message"]
    assert [c["field"] for c in asked.json()["conflict"]["changes"]] == ["phone"]
    confirmed = {
        **body,
        "move": True,
        "identity_reason": "本人更换手机号码",
        "confirmation": asked.json()["conflict"]["confirmation"],
    }
    assert post(clerk, "/registrations", confirmed, None).status_code == 201
    assert Person.objects.get().phone == "13912345678"


def test_the_same_key_with_another_body_is_refused(clerk):
    assert post(clerk, "/registrations", registration_body(), "reg-0002").status_code == 201
    body = registration_body()
    body["residence"]["address"] = "汉滨区老城街道兴安路3号"
    refused = post(clerk, "/registrations", body, "reg-0002")
    assert refused.status_code == 422 and refused.json()["field"] == "Idempotency-Key"
    assert "不同" in refused.json()["message"]
    assert Registration.objects.count() == 1


def test_keys_belong_to_their_user(staff, clerk, as_user):
    other = as_user(staff.other_clerk)
    assert post(clerk, "/registrations", registration_body(), "same-key").status_code == 201
    body = registration_body()
    body["person"]["id_number"] = "610113199003070016"
    body["residence"]["town"] = "610902002"
    answer = post(other, "/registrations", body, "same-key")
    assert answer.status_code in (201, 403, 422), answer.json()  # its own answer, not the replay
    assert "Idempotent-Replayed" not in answer


@pytest.mark.parametrize("key", ["x" * 256, "键"])
def test_a_malformed_key_is_400_in_chinese(clerk, key):
    answer = post(clerk, "/registrations", registration_body(), key)
    assert answer.status_code == 400 and "Idempotency-Key" in answer.json()["message"]
    assert not Person.objects.exists()


def test_a_refusal_is_replayed_too_and_a_key_expires(clerk, settings):
    body = registration_body()
    body["person"]["hukou_division"] = "610902"  # local hukou: not floating population (Art 2)
    first = post(clerk, "/registrations", body, "k-late")
    assert first.status_code == 422
    assert post(clerk, "/registrations", body, "k-late")["Idempotent-Replayed"] == "true"
    IdempotencyRecord.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=settings.JUZHU_IDEMPOTENCY_HOURS, minutes=1)
    )
    again = post(clerk, "/registrations", body, "k-late")
    assert again.status_code == 422 and "Idempotent-Replayed" not in again
    assert IdempotencyRecord.objects.count() == 1


def concurrently(requests) -> list:
    barrier, answers = threading.Barrier(len(requests)), []

    def one(request):
        try:
            barrier.wait()
            answers.append(request())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == len(requests)
    return answers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_with_one_key_at_once_run_once_and_answer_alike(clock, flushable_audit):
    from juzhu.api.tokens import create_token

    staff = ensure_organisation()
    key = create_token(staff.clerk, "tests")
    answers = concurrently(
        [lambda: post(ApiClient(key), "/registrations", registration_body(), "double-click") for _ in range(2)]
    )
    assert [a.status_code for a in answers] == [201, 201], [a.content for a in answers]
    assert answers[0].json() == answers[1].json()
    assert Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_identical_requests_without_a_key_at_once_never_give_a_500(clock, flushable_audit):
    from juzhu.api.tokens import create_token

    staff = ensure_organisation()
    key = create_token(staff.clerk, "tests")
    answers = concurrently(
        [lambda: post(ApiClient(key), "/registrations", registration_body(), None) for _ in range(2)]
    )
    assert sorted(a.status_code for a in answers) == [201, 409], [a.content for a in answers]
    assert Registration.objects.count() == 1 and Person.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_clicked_reissue_makes_one_card(clock, flushable_audit):
    from juzhu.api.tokens import create_token

    staff = ensure_organisation()
    permit = issued_permit(staff, clock)
    key = create_token(staff.clerk, "tests")
    answers = concurrently(
        [lambda: post(ApiClient(key), f"/permits/{permit.pk}/cards", {"kind": "reissue"}, None) for _ in range(2)]
    )
    assert sorted(a.status_code for a in answers) == [201, 409], [a.content for a in answers]
    assert PermitCard.objects.filter(permit=permit).count() == 2  # the original, voided, and one new card


def test_the_api_description_documents_the_header(clerk):
    description = clerk.client.get(API + "/openapi.json").json()["info"]["description"]
    assert "Idempotency-Key" in description and "Idempotent-Replayed" in description
