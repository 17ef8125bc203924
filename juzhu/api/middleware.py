"""Under /api/v1/, answer an unknown path or a wrong method in the API's own JSON.

Django's URL resolver answers an unknown path with the office's HTML 404, and
ninja answers a wrong method with an empty ``HttpResponseNotAllowed``; neither
reaches the API's exception handlers (``juzhu.api.errors``). A client must get
``{"message", "field"}`` in Chinese for every error, so this rewrites those two.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import reverse


def api_prefix() -> str:
    """Where the API is mounted (``/api/v1/``), read from the URL map (juzhu/urls.py)."""
    return reverse("api-v1:api-root")


def is_api(request: HttpRequest) -> bool:
    """The request is for the JSON API (it answers in JSON, never with an office page)."""
    return request.path.startswith(api_prefix())


class ApiJsonErrors:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api(request) or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response  # already the API's own answer (e.g. 记录不存在)
        if response.status_code == 404:
            return JsonResponse(
                {"message": f"接口不存在：{request.method} {request.path}", "field": None},
                status=404,
                json_dumps_params={"ensure_ascii": False},
            )
        allowed = response.get("Allow", "")
        answer = JsonResponse(
            {"message": f"接口 {request.path} 不支持 {request.method} 方法，允许：{allowed}", "field": None},
            status=405,
            json_dumps_params={"ensure_ascii": False},
        )
        answer["Allow"] = allowed
        return answer
