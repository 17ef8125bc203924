from django.contrib.auth.views import LogoutView
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from .views import (
    applications,
    calendar,
    credential,
    declarations,
    endorsements,
    holder_requests,
    home,
    permits,
    persons,
    photos,
    registrations,
    second_factor,
    verify,
)
from .views.online_applications import online_application, upload_file
from .views.parameters import parameters as parameters_page
from .views.queues import queue

urlpatterns = [
    path("", home.workbench, name="home"),
    path("queues/<slug:key>/", queue, name="queue"),
    path("login/", home.LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="login"), name="logout"),
    path("second-factor/", second_factor.verify, name="second_factor"),
    path("second-factor/enrol/", second_factor.enrol, name="second_factor_enrol"),
    path("password/", home.PasswordChangeView.as_view(), name="password_change"),
    path("search/", persons.search, name="search"),
    path("persons/<int:person_id>/", persons.person, name="person"),
    path("persons/<int:person_id>/purpose/", persons.purpose, name="purpose"),
    path("persons/<int:person_id>/photo/", photos.upload, name="photo"),
    path("registrations/new/", registrations.new, name="registration_new"),
    path("registrations/<int:registration_id>/cancel/", registrations.cancel, name="registration_cancel"),
    path("registrations/<int:registration_id>/moved/", registrations.moved, name="registration_moved"),
    path("registrations/<int:registration_id>/apply/", applications.new, name="application_new"),
    path("declarations/<int:request_id>/", declarations.declaration, name="declaration"),
    path("endorsements/<int:endorsement_id>/", endorsements.endorsement, name="endorsement"),
    # issue 10: online application with uploads
    path("online-applications/<int:request_id>/", online_application, name="online_application"),
    path("online-applications/uploads/<int:upload_id>/", upload_file, name="online_application_upload"),
    # issue 10: cards
    path("address-changes/<int:request_id>/", holder_requests.address_change_request, name="address_change_request"),
    path("card-requests/<int:request_id>/", holder_requests.card_request, name="card_request"),
    path("applications/<int:application_id>/", applications.detail, name="application"),
    path("permits/<int:permit_id>/", permits.detail, name="permit"),
    path("permits/address-change/", permits.address_change, name="address_change"),
    path("calendar/<int:year>/", calendar.year, name="calendar"),
    path("parameters/", parameters_page, name="parameters"),
    path("verify/c/<str:token>", credential.verify_credential, name="verify_credential"),  # the e-permit's QR code
    path("verify/<str:number>", verify.verify, name="verify"),  # cards printed before it
    # Browsers ask for /favicon.ico on their own (PDF tabs, bookmarks): the office's icon.
    path("favicon.ico", RedirectView.as_view(url=static("office/favicon.svg"), permanent=True), name="favicon"),
]
