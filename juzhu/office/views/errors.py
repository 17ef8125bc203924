"""The answer to a request Django could not read (``handler400``): a Chinese page, or JSON under the API.

Django calls it for a ``SuspiciousOperation`` or ``MultiPartParserError`` raised before the
view, e.g. while the CSRF check reads ``request.POST`` of a 3 MB form (issue 8, finding 4).
"""

from django.http import JsonResponse
from django.shortcuts import render

from juzhu.api.middleware import API_PREFIX
from juzhu.request_errors import unreadable


def bad_request(request, exception=None):
    status, message = unreadable(exception) or (400, "无法处理该请求")
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": message, "field": "body"}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "office/error.html", {"message": message}, status=status)
