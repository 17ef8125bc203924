"""A request the server cannot read answers 4xx in Chinese, in the office and the API alike.

Django raises these while reading the body (``request.body``, ``request.POST``), before any
view or action sees the request: too big (``DATA_UPLOAD_MAX_MEMORY_SIZE``), too many fields
or files, a multipart body without its boundary. Left alone they are a 500 from the API
(ninja's catch-all) and an English 400 page from the office (issue 8, finding 4).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http.multipartparser import MultiPartParserError


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def unreadable(exc: BaseException) -> tuple[int, str] | None:
    """(status, Chinese message) for an exception raised while reading the request, else None."""
    if isinstance(exc, RequestDataTooBig):
        return 413, f"请求内容过大：表单或 JSON 请求体不能超过 {megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}"
    if isinstance(exc, TooManyFieldsSent):
        return 400, f"请求中的字段过多（最多 {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} 个）"
    if isinstance(exc, TooManyFilesSent):
        return 400, f"请求中的文件过多（最多 {settings.DATA_UPLOAD_MAX_NUMBER_FILES} 个）"
    if isinstance(exc, MultiPartParserError):
        return 400, "无法读取上传的表单数据（multipart 格式不正确，例如缺少 boundary 分隔符）"
    if isinstance(exc, SuspiciousOperation):
        return 400, "无法处理该请求"
    return None
