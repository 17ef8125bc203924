"""Error pages in Chinese, inside the office's layout with its navigation (handler404 …).

A clerk who follows a stale link, lacks a right or sends an expired form lands on a page
that says what happened in her language and offers the way on (首页, 返回), never on
Django's bare English page. Under the API (``/api/v1/``) a client gets the API's own JSON
(``{"message", "field"}``) instead. A record outside the jurisdiction answers exactly like a
missing one (R-22): the page says only that it was not found.
"""

from __future__ import annotations

import logging
import re

from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from juzhu.api.middleware import is_api
from juzhu.request_errors import unreadable

log = logging.getLogger("juzhu.office")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")

PAGES = {
    400: ("请求有误", "提交的内容无法处理，请返回上一页检查后重试。"),
    403: ("无权办理", "您的角色或管辖范围无权打开此页面或办理此事项。如确需办理，请联系本单位管理员。"),
    404: ("页面不存在", "您要打开的页面或记录不存在，或不在您的管辖范围内。"),
    500: ("系统出错", "系统处理时出错，本次操作未完成。请稍后重试；如仍出错，请联系系统管理员。"),
    503: ("暂时无法办理", "系统设置不完整，暂时无法办理此事项。请联系系统管理员。"),
}
CSRF_MESSAGE = "页面已过期或来源无法确认（安全校验未通过），本次提交未被处理。请返回上一页，刷新后重新提交。"


def _message(exception, status: int) -> str:
    """Our own Chinese message (e.g. “人员不存在”); Django's internal English ones are not shown."""
    args = getattr(exception, "args", ())
    text = args[0] if args and isinstance(args[0], str) else ""
    return text if _CHINESE.search(text) else PAGES[status][1]


def error_page(request, status: int, message: str | None = None):
    """The office's error page (or the API's JSON error) with ``status``."""
    heading, default = PAGES.get(status, PAGES[400])
    message = message or default
    if is_api(request):
        return JsonResponse(
            {"message": message, "field": None}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    return render(
        request, "office/error.html", {"heading": heading, "message": message, "status": status}, status=status
    )


def bad_request(request, exception=None):
    """Also a request Django could not read (too big: 413; malformed multipart: 400), e.g. while
    the CSRF check reads ``request.POST`` of a 3 MB form (issue 8, finding 4)."""
    unread = unreadable(exception)
    if unread is None:
        return error_page(request, 400, _message(exception, 400))
    status, message = unread
    if is_api(request):
        return JsonResponse(
            {"message": message, "field": "body"}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    return error_page(request, status, message)


def forbidden(request, exception=None):
    return error_page(request, 403, _message(exception, 403))


def not_found(request, exception=None):
    if is_api(request):
        return HttpResponseNotFound()  # juzhu.api.middleware.ApiJsonErrors answers it in the API's words
    return error_page(request, 404, _message(exception, 404))


def _home_link() -> str:
    """The way back to the workbench, or nothing when even the URL map cannot answer."""
    try:
        return f"<p><a href='{reverse('home')}'>返回首页</a></p>"
    except Exception:  # the last resort must answer
        return ""


def server_error(request):
    """Rendered defensively: whatever failed (the database, a template) must not fail again here."""
    try:
        return error_page(request, 500)
    except Exception:  # the last resort must answer
        log.exception("the error page itself failed")
        heading, message = PAGES[500]
        return HttpResponse(
            f"<!doctype html><html lang='zh-Hans'><meta charset='utf-8'><title>{heading}</title>"
            f"<h1>{heading}</h1><p>{message}</p>{_home_link()}</html>",
            status=500,
            content_type="text/html; charset=utf-8",
        )


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: an expired or foreign form, explained (the reason goes to the log only)."""
    log.warning("CSRF check failed on %s: %s", request.path, reason)
    return error_page(request, 403, CSRF_MESSAGE)
