"""Taking the person's photo at the window (Art 11)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from juzhu.registry.actions import set_person_photo
from juzhu.registry.actions.photos import max_bytes

from .common import done, error_holder, run_action


@login_required
@permission_required("registry.register_residence", raise_exception=True)
@require_POST
def upload(request, person_id: int):
    form = error_holder()
    upload = request.FILES.get("photo")
    data = upload.read(max_bytes() + 1) if upload else b""
    if run_action(
        request,
        form,
        lambda: set_person_photo(acting_user=request.user, person_id=person_id, data=data),
        url_record=True,
    ):
        return done(request, "相片已采集。", reverse("person", args=[person_id]))
    messages.error(request, "相片未采集：" + "；".join(form.non_field_errors()))
    return redirect(reverse("person", args=[person_id]))
