"""The residents' self-service, mounted at ``m/`` (mobile first). Nothing here takes a
person's or a record's id except the resident's own documents, looked up among her own."""

from django.urls import path

from .views import apply, auth, cards, declare, endorse, epermit, home

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", auth.sign_in_page, name="sign_in"),
    path("sign-in/code/", auth.code_page, name="code"),
    path("sign-out/", auth.sign_out_page, name="sign_out"),
    path("bind/", auth.bind_page, name="bind"),
    path("declare/", declare.declare, name="declare"),
    path("endorse/", endorse.endorse, name="endorse"),
    path("inbox/", home.inbox, name="inbox"),
    path("inbox/read/", home.mark_read, name="mark_read"),
    path("access/", home.access_log, name="access"),
    path("documents/<slug:kind>/<int:pk>.pdf", home.document, name="document"),
    path("permits/<int:pk>/e-permit/", epermit.epermit, name="epermit"),
    # issue 10: online application with uploads
    path("apply/", apply.apply, name="apply"),
    path("apply/files/<int:upload_id>/", apply.own_file, name="apply_file"),
    # issue 10: cards
    path("permits/", cards.permit_services, name="permit_services"),
    path("permits/address/", cards.address_change, name="address_change"),
    path("permits/lost/", cards.lost_card, name="lost_card"),
    path("permits/card/", cards.card_request, name="card_request"),
]
