"""Reading an application or a permit inside the jurisdiction, with the person's stated purpose."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from juzhu.audit.log import record
from juzhu.org.jurisdiction import scope_filter

from .common import reading_purpose


def scoped_record(request, model, pk: int, action: str):
    """The record, or 404 (absent or outside the jurisdiction); None when a purpose is still needed."""
    found = model.objects.filter(scope_filter(request.user), pk=pk).select_related("person").first()
    if found is None:
        raise Http404("记录不存在")
    purpose = reading_purpose(request, found.person_id)
    if not purpose:
        return found, None
    with transaction.atomic():
        record(actor=request.user, action=action, obj=found, person_id=found.person_id, purpose=purpose)
    return found, purpose
