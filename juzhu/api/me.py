"""Who am I: the caller's unit and roles."""

from ninja import Router

from juzhu.org.roles import ROLE_NAMES

from .auth import actor
from .schemas.common import responses
from .schemas.other import MeOut

router = Router(tags=["用户"])


@router.get("/me", response=responses(MeOut), operation_id="me", summary="当前用户")
def me(request):
    user = actor(request)
    groups = sorted(user.groups.values_list("name", flat=True))
    return {
        "username": user.username,
        "display_name": user.display_name,
        "unit": user.unit,
        "roles": [{"code": g, "name": ROLE_NAMES.get(g, g)} for g in groups],
        "permissions": sorted(p.split(".", 1)[1] for p in user.get_all_permissions() if p.startswith("registry.")),
    }
