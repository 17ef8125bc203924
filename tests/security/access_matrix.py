"""Who may do what: every API operation and every page × every role, as data (issue 8).

test_access_matrix.py checks that this table names exactly the operations of the OpenAPI
document and the pages of the URL conf (a new one without a row fails the build, a row
naming something gone fails too), then makes each cell's real request against the world
of world.py (a resident at each step, all in station A's jurisdiction) and compares.

Expected outcomes, one per role in ``ROLES`` order:

- ``ok``: 2xx, the request did what it asks;
- ``redirect``: 3xx somewhere other than the login page (an office form that succeeded);
- ``login``: 3xx to the login page (the office, not logged in: also a resident, who is no staff user);
- ``signin``: 3xx to the residents' sign-in page (the portal at /m/, not signed in as a resident:
  also every staff session, which is never a resident's);
- ``401``: the API without a valid token or verified session;
- ``403``: the role may not do this anywhere (least privilege, R-22);
- ``404``: the record lies outside the user's jurisdiction, answered like an absent one (docs/design.md).

Adding a row is one line. API rows: ``op(expected, id=…, query=…, body=…)``; the method and
path come from the OpenAPI document, ``id`` names the world object that fills ``{id}``.
Page rows: ``page(expected, method=…, query=…, data=…)``; URL arguments are filled from the
world by their name (``URL_ARGUMENTS``). ``body``/``data`` is a dict, or a function of the world.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

ROLES = ("clerk_a", "clerk_b", "clerk_c", "issuer", "admin", "supervisor", "officer", "resident", "anonymous")
OUTCOMES = {"ok", "redirect", "login", "signin", "401", "403", "404"}
PURPOSE = {"purpose": "访问控制测试"}


@dataclass(frozen=True)
class Row:
    expected: str  # one outcome per role, in ROLES order, separated by spaces
    method: str = "GET"  # pages only: API rows take it from the OpenAPI document
    id: str = ""  # the world object in {id} ("person", "permit", "card", …) or the page's id
    query: dict = field(default_factory=dict)
    body: dict | Callable[[Any], dict] | None = None  # API: JSON; pages: form data (files allowed)

    def outcomes(self) -> dict[str, str]:
        values = self.expected.split()
        assert len(values) == len(ROLES) and set(values) <= OUTCOMES, f"bad row: {self.expected!r}"
        return dict(zip(ROLES, values, strict=True))


op = page = Row


def _registration(world) -> dict:
    return {
        "person": {
            "id_number": world.ids["new_id_number"],
            "name": "孙悦",
            "ethnicity": "01",
            "hukou_division": "610113",
            "hukou_address": "陕西省西安市雁塔区小寨路9号",
            "phone": "13812345679",
        },
        "residence": {
            "town": "610902001",
            "address": "汉滨区老城街道兴安路8号",
            "arrival_date": "2026-11-18",
            "reason": "work",
            "housing": "rented",
        },
    }


def _photo(world) -> dict:
    from .world import photo_bytes

    return {"file": ("photo.jpg", photo_bytes(), "image/jpeg")}


COMPLETE = [{"code": c} for c in ("resident_id_card", "photo", "residence_address_proof", "employment_proof")]
CALENDAR = {"source": "国务院办公厅关于2027年部分节假日安排的通知", "holidays": {"2027-01-01": "元旦"}}
RULES_CASE = {"question": "id_number", "id_number": "610113199002280029"}

# fmt: off
API = {
    # operation id             clerk_a clerk_b clerk_c issuer admin supervisor officer resident anonymous
    "me":                   op("ok  ok  ok  ok  ok  ok  ok  401 401"),
    "search_persons":       op("ok  ok  ok  ok  ok  403 403 401 401", query={"q": "张丽"}),
    "view_person":          op("ok  404 404 ok  ok  403 403 401 401", id="person", query=PURPOSE),
    "set_person_photo":     op("ok  404 404 403 403 403 403 401 401", id="person", body=_photo),
    "register_residence":   op("ok  403 403 403 403 403 403 401 401", body=_registration),
    "cancel_registration":  op("ok  404 404 403 403 403 403 401 401", id="registration", body={"reason": "离开本市"}),
    "get_registration":     op("ok  404 404 ok  ok  403 403 401 401", id="registration", query=PURPOSE),
    "receive_application":  op("ok  404 404 403 403 403 403 401 401",
                               body=lambda w: {"registration_id": w.ids["registration"], "condition": "employment",
                                               "materials": COMPLETE}),
    "supplement_materials": op("ok  404 404 403 403 403 403 401 401", id="waiting_application",
                               body={"materials": COMPLETE}),
    "decide_application":   op("403 403 403 ok  403 403 403 401 401", id="application", body={"approve": True}),
    "extend_issuance":      op("403 403 403 ok  403 403 403 401 401", id="application",
                               body={"until": "2026-12-01", "reason": "偏远地区，交通不便"}),
    "withdraw_application": op("ok  404 404 403 403 403 403 401 401", id="application", body={"reason": "申请人撤回"}),
    "get_application":      op("ok  404 404 ok  ok  403 403 401 401", id="application", query=PURPOSE),
    "hand_out_card":        op("ok  404 404 403 403 403 403 401 401", id="card"),
    "change_address":       op("ok  403 403 403 403 403 403 401 401",
                               body=lambda w: {"permit_number": w.ids["permit_number"], "town": "610902001",
                                               "holder_id_number": w.ids["holder_id_number"],
                                               "address": "汉滨区老城街道新街10号"}),
    "endorse_permit":       op("ok  404 404 403 403 403 403 401 401", id="permit"),
    "replace_card":         op("ok  404 404 403 403 403 403 401 401", id="permit", body={"kind": "reissue"}),
    "get_permit":           op("ok  404 404 ok  ok  403 403 401 401", id="permit", query=PURPOSE),
    "get_calendar_year":    op("ok  ok  ok  ok  ok  ok  ok  401 401"),
    "enter_calendar_year":  op("403 403 403 403 ok  403 403 401 401", body=CALENDAR),
    "set_parameter_value":  op("403 403 403 403 ok  403 403 401 401",
                               body={"value": 15, "reference": "国务院《居住证暂行条例》第十四条"}),
    "acknowledge_move":     op("ok  404 404 403 403 403 403 401 401", id="moved_registration"),
    "evaluate_rules":       op("ok  ok  ok  ok  ok  ok  ok  401 401", body=RULES_CASE),
}

# URL names as reverse() takes them; the API's own operations are the rows above.
PAGES = {
    # URL name                      clerk_a  clerk_b  clerk_c  issuer   admin    supervisor officer resident anonymous
    "home":                  page("ok       ok       ok       ok       ok       ok       ok       login    login"),
    "login":                 page("redirect redirect redirect redirect redirect redirect redirect ok       ok"),
    "logout":                page("login    login    login    login    login    login    login    login    login",
                                  method="POST"),
    "second_factor":         page("redirect redirect redirect redirect redirect redirect redirect login    login"),
    "second_factor_enrol":   page("redirect redirect redirect redirect redirect redirect redirect login    login"),
    "search":                page("ok       ok       ok       ok       ok       403      403      login    login",
                                  query={"q": "张丽"}),
    "person":                page("ok       404      404      ok       ok       403      403      login    login"),
    "purpose":               page("ok       404      404      ok       ok       403      403      login    login"),
    "photo":                 page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST",
                                  body=lambda w: {"photo": _photo(w)["file"]}),
    "registration_new":      page("ok       ok       ok       403      403      403      403      login    login"),
    "registration_cancel":   page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST",
                                  body={"reason": "离开本市", "confirmed": "1"}),
    "application_new":       page("ok       404      404      403      403      403      403      login    login"),
    "application":           page("ok       404      404      ok       ok       403      403      login    login"),
    "permit":                page("ok       404      404      ok       ok       403      403      login    login"),
    "address_change":        page("ok       ok       ok       403      403      403      403      login    login"),
    "calendar":              page("403      403      403      403      ok       403      403      login    login"),
    "parameters":            page("403      403      403      403      ok       403      403      login    login"),
    "password_change":       page("ok       ok       ok       ok       ok       ok       ok       login    login"),
    "registration_moved":    page("ok       404      404      403      403      403      403      login    login",
                                  id="moved_registration"),
    "queue":                 page("ok       ok       ok       ok       403      403      403      login    login"),
    "favicon":               page("redirect redirect redirect redirect redirect redirect redirect redirect redirect"),
    "verify":                page("ok       ok       ok       ok       ok       ok       ok       ok       ok",
                                  query={"t": "{verify_token}"}),
    "verify_credential":     page("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "jwks":                  page("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "status_list":           page("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "documents:find":        page("redirect 404      404      redirect redirect 403      403      login    login",
                                  query={"number": "{registration_number}"}),
    "documents:download":    page("ok       404      404      ok       ok       403      403      login    login"),
    "api-v1:openapi-json":   page("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "api-v1:openapi-view":   page("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "healthz":               page("ok       ok       ok       ok       ok       ok       ok       ok       ok"),
    "api-v1:api-root":       page("404      404      404      404      404      404      404      404      404"),
    # More requests to one page: "URL name#what" (the part after # only names the cell).
    "application#decide":    page("403      404      404      redirect 403      403      403      login    login",
                                  method="POST",
                                  body={"step": "decision", "d-approve": "yes"}),
    "application#supplement": page("redirect 404      404      403      403      403      403      login    login",
                                   method="POST",
                                   body={"step": "supplement", "s-materials": ["photo"]}, id="waiting_application"),
    "permit#endorse":        page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST",
                                  body={"step": "endorse"}),
    # The office's side of the residents' online declaration (issue 10): station A's town.
    "declaration":           page("ok       404      404      403      403      403      403      login    login"),
    "declaration#confirm":   page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST", body={"step": "confirm"}),
    "declaration#return":    page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST", body={"step": "return", "reason": "门牌号不存在"}),
    # issue 10: endorsement. The holder's online endorsement in station A's queue.
    "endorsement":           page("ok       404      404      403      403      403      403      login    login"),
    "endorsement#confirm":   page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST", body={"step": "confirm"}),
    "endorsement#return":    page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST", body={"step": "return", "reason": "无法核实居住情况"}),
    "portal:endorse":        page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    # The residents' portal (/m/): only a resident's session opens it, and only her own records.
    "portal:home":           page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    "portal:sign_in":        page("ok       ok       ok       ok       ok       ok       ok       redirect ok"),
    "portal:code":           page("signin   signin   signin   signin   signin   signin   signin   signin   signin"),
    "portal:sign_out":       page("signin   signin   signin   signin   signin   signin   signin   signin   signin",
                                  method="POST"),
    "portal:bind":           page("signin   signin   signin   signin   signin   signin   signin   redirect signin"),
    "portal:declare":        page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    "portal:inbox":          page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    "portal:mark_read":      page("signin   signin   signin   signin   signin   signin   signin   redirect signin",
                                  method="POST"),
    "portal:access":         page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    # The world's resident holds no permit: the holder's permit is not hers, so 404 like a missing one.
    "portal:epermit":        page("signin   signin   signin   signin   signin   signin   signin   404      signin",
                                  id="permit"),
    "portal:document":       page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    # issue 10: cards. The station's pages (station A's requests) and the holder's pages.
    "address_change_request": page("ok     404      404      403      403      403      403      login    login",
                                   id="address_change_request"),
    "address_change_request#confirm": page("redirect 404  404      403      403      403      403      login    login",
                                   method="POST", body={"step": "confirm"}, id="address_change_request"),
    "address_change_request#return": page("redirect 404   404      403      403      403      403      login    login",
                                   method="POST", body={"step": "return", "reason": "门牌号不存在"},
                                   id="address_change_request"),
    "card_request":          page("ok       404      404      403      403      403      403      login    login",
                                  id="card_request"),
    "card_request#confirm":  page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST", body={"step": "confirm", "old_card_returned": "1"}, id="card_request"),
    "card_request#return":   page("redirect 404      404      403      403      403      403      login    login",
                                  method="POST", body={"step": "return", "reason": "原证未带来"}, id="card_request"),
    "portal:permit_services": page("signin signin   signin   signin   signin   signin   signin   ok       signin"),
    "portal:address_change": page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    "portal:lost_card":      page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    "portal:card_request":   page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    "calendar#enter":        page("403      403      403      403      redirect 403      403      login    login",
                                  method="POST",
                                  body={"source": "国务院办公厅通知", "holidays": "2027-01-01 元旦"}),
    # issue 10: the online application with uploads (the resident's, in station A's town).
    "online_application":    page("ok       404      404      403      403      403      403      login    login",
                                  id="online_application"),
    "online_application#receive": page("redirect 404      404      403      403      403      403      login    login",
                                       method="POST", id="online_application",
                                       body={"step": "receive", "materials": ["resident_id_card"]}),
    "online_application#return": page("redirect 404      404      403      403      403      403      login    login",
                                      method="POST", id="online_application",
                                      body={"step": "return", "reason": "上传的材料无法辨认"}),
    "online_application_upload": page("ok       404      404      403      403      403      403      login    login"),
    "portal:apply":          page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
    "portal:apply_file":     page("signin   signin   signin   signin   signin   signin   signin   ok       signin"),
}
# fmt: on

# Which world object fills a URL argument of that name (pages); a new page reuses them.
URL_ARGUMENTS = {
    "person_id": "person",
    "registration_id": "registration",
    "application_id": "application",
    "permit_id": "permit",
    "year": "year",
    "number": "permit_number",
    "pk": "registration",
    "kind": "registration_kind",
    "key": "queue_key",
    "token": "credential_token",
    "list_number": "status_list_number",
    "request_id": "declaration",
    "endorsement_id": "endorsement",
    "upload_id": "online_upload",
}
