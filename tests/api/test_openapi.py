"""The OpenAPI document: public, and lists every action with a Chinese summary and a tag."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ACTIONS = {
    "register_residence",
    "cancel_registration",
    "acknowledge_move",
    "receive_application",
    "supplement_materials",
    "decide_application",
    "extend_issuance",
    "withdraw_application",
    "hand_out_card",
    "endorse_permit",
    "change_address",
    "replace_card",
    "search_persons",
    "view_person",
    "enter_calendar_year",
    "set_person_photo",
    "set_parameter_value",
}
READS = {"get_registration", "get_application", "get_permit", "get_calendar_year", "evaluate_rules", "me"}


def test_every_registry_action_is_an_api_operation_of_the_same_name():
    import inspect

    from juzhu.registry import actions

    functions = {name for name in actions.__all__ if inspect.isfunction(getattr(actions, name))}
    assert functions == ACTIONS


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_document_is_public_and_lists_every_endpoint():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    found = {op["operationId"]: (method, path) for path, method, op in operations(document)}
    assert set(found) == ACTIONS | READS
    assert found["register_residence"] == ("post", "/api/v1/registrations")
    assert found["change_address"] == ("post", "/api/v1/permits/address-change")
    assert found["hand_out_card"] == ("post", "/api/v1/cards/{id}/hand-out")
    assert found["view_person"] == ("get", "/api/v1/persons/{id}")


def test_every_operation_has_a_chinese_summary_a_tag_and_needs_authentication():
    document = Client().get("/api/v1/openapi.json").json()
    for path, method, operation in operations(document):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in operation["summary"]), (path, method)
        assert operation["tags"], (path, method)
        assert {"BearerToken": []} in operation["security"], (path, method)
        if method == "post":
            assert "422" in operation["responses"] and "403" in operation["responses"]


def test_the_docs_page_is_public():
    assert Client().get("/api/v1/docs").status_code == 200
