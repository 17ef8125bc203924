"""Reading an application or a permit inside the jurisdiction, with the person's stated purpose."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from juzhu.audit.events import Event
from juzhu.org.jurisdiction import scope_filter
from juzhu.registry.actions.persons import read_record
from juzhu.registry.errors import NotFound, PermissionDenied

from .common import reading_purpose


def scoped_record(request, model, pk: int, action: Event):
    """The record, or 404 (absent or outside the jurisdiction); None when a purpose is still needed.

    A role that may read no record at all (view_person_detail) gets 403 first, as from the API.
    """
    if not request.user.has_perm("registry.view_person_detail"):
        raise DjangoPermissionDenied("您的角色无权查看此记录")
    found = model.objects.filter(scope_filter(request.user), pk=pk).only("pk", "person_id").first()
    if found is None:
        raise Http404("记录不存在")
    purpose = reading_purpose(request, found.person_id)
    if not purpose:
        return found, None
    try:
        return read_record(
            acting_user=request.user, model=model, record_id=pk, what="记录", action=action, purpose=purpose
        ), purpose
    except NotFound:
        raise Http404("记录不存在") from None
    except PermissionDenied:
        raise DjangoPermissionDenied("您的角色无权查看此记录") from None
