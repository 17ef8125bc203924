"""The JSON API (django-ninja): /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every operation needs a user: an API token (``Authorization: Bearer <key>``, see
``tokens.create_token``) or the office session (unsafe methods with the CSRF token).
Views are thin: validate the request, call one action, serialise what it returns.
"""

from ninja import NinjaAPI

from . import applications, calendar, me, permits, persons, registrations, rules
from .auth import BearerToken, SessionCookie
from .errors import JsonParser, install

api = NinjaAPI(
    title="居住 juzhu API",
    version="1.0.0",
    description="流动人口居住登记和居住证业务接口。错误均为 JSON：message（中文）、field（出错的字段）；"
                "依规则不予办理的另有 reasons 和 citations。",
    urls_namespace="api-v1",
    auth=[BearerToken(), SessionCookie()],
    parser=JsonParser(),
)
install(api)
for module in (me, persons, registrations, applications, permits, calendar, rules):
    api.add_router("", module.router)
