"""The JSON API (django-ninja): /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every operation needs a user: an API token (``Authorization: Bearer <key>``, see
``tokens.create_token``) or the office session (unsafe methods with the CSRF token).
Views are thin: validate the request, call one action, serialise what it returns.
"""

from django.conf import settings
from ninja import NinjaAPI

from juzhu.idempotency import HEADER, MAX_KEY, REPLAYED
from juzhu.request_errors import megabytes

from . import applications, calendar, me, permits, persons, registrations, rules
from .auth import BearerToken, SessionCookie
from .errors import JsonParser, install

api = NinjaAPI(
    title="居住 juzhu API",
    version="1.0.0",
    description="流动人口居住登记和居住证业务接口。错误均为 JSON：message（中文）、field（出错的字段）；"
    "依规则不予办理的另有 reasons 和 citations。"
    f"请求体超过 {megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} 答 413，无法解析答 400。\n\n"
    f"**重复提交（幂等）**：写操作（POST、PUT）可带请求头 `{HEADER}`（1 至 {MAX_KEY} 个可见 ASCII 字符，"
    "每个新请求用一个新值，例如 UUID）。同一用户以同一键再次发送同一请求（方法、路径、请求体均相同），"
    f"不再执行，而是原样返回第一次的响应，并带响应头 `{REPLAYED}: true`；"
    "两个同键请求同时到达时，后到的等待先到的完成后返回相同响应。同一键用于内容不同的请求答 422。"
    f"响应保留 {settings.JUZHU_IDEMPOTENCY_HOURS} 小时；5xx、401、403 的响应不保留，可以用同一键重试。"
    "不带该请求头时，重复的登记、补领等由业务本身拒绝，答 409 并说明已办理。",
    urls_namespace="api-v1",
    auth=[BearerToken(), SessionCookie()],
    parser=JsonParser(),
)
install(api)
for module in (me, persons, registrations, applications, permits, calendar, rules):
    api.add_router("", module.router)
