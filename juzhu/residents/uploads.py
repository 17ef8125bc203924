"""The checks of a resident's uploaded material (issue 10, Art 11): each file is judged by its
content, never by its name, and refused with a Chinese message naming the material and the file.

- Types by magic bytes: JPEG (``FF D8 FF``), PNG (``89 50 4E 47 0D 0A 1A 0A``), PDF (``%PDF-``).
- Sizes and counts are dated parameters (``resident.upload_max_bytes``,
  ``resident.upload_request_max_bytes``, ``resident.upload_max_files``; resident.yaml).
- Pictures: the decompression-bomb check from the header before decoding, then re-encoded
  (``juzhu.registry.images``, the same code as the person's photo): no metadata is kept.
- PDFs: refused when encrypted (the clerk could not open it) or carrying JavaScript or a launch
  action (``/JS``, ``/JavaScript``, ``/Launch``, ``/Encrypt``, also written with ``#xx`` escapes).
  This is the cheap check: a name inside a compressed object stream is not seen; the file is
  only ever sent back as a download (``Content-Disposition: attachment``, ``nosniff``), never
  shown inline, so a PDF viewer on the clerk's machine is the one to open it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

from juzhu.registry.errors import ActionError
from juzhu.registry.images import checked_image, reencoded

from .actions.common import policy

if TYPE_CHECKING:
    from .models import RequestUpload

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf"}
NAME_LENGTH = 100  # RequestUpload.name's max_length
# PDF names that make a file active or unreadable: JavaScript, launching a program, encryption.
FORBIDDEN_NAMES = {b"JS": "含有脚本", b"JavaScript": "含有脚本", b"Launch": "含有启动程序的动作", b"Encrypt": "已加密"}
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]{1,40})")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Checked:
    """One file ready to store: what the clerk and the resident will be sent back."""

    material: str
    name: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def sniff(data: bytes) -> str | None:
    """The type the content says it is (JPEG, PNG or PDF), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def clean_name(name: str) -> str:
    """The file's name as shown (never used as a path): no folders, no control characters,
    at most ``NAME_LENGTH`` characters with its extension kept."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C").strip()
    name = name.lstrip(".") or "文件"
    if len(name) > NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[: NAME_LENGTH - len(ext) - 1] + ("." + ext if ext else "")
    return name


def check_file(*, material: str, label: str, name: str, data: bytes) -> Checked:
    """One uploaded file for ``material`` (named ``label``), checked, or an ``ActionError`` on
    the material's field (``files_<code>``) naming both."""
    field = f"files_{material}"
    name = clean_name(name)
    what = f"{label}的文件“{name}”"
    if not data:
        raise ActionError(f"{what}是空文件", field=field)
    most = policy("upload_max_bytes")
    if len(data) > most:
        raise ActionError(f"{what}超过 {_megabytes(most)}，请压缩或分页后再上传", field=field)
    kind = sniff(data)
    if kind is None:
        raise ActionError(f"{what}不是 JPEG、PNG 图片或 PDF 文件（按文件内容判断，与扩展名无关）", field=field)
    if kind == PDF:
        _check_pdf(data, what, field)
        return Checked(material, name, PDF, data)
    image = checked_image(data, field=field, label=what)
    return Checked(material, name, kind, reencoded(image, "JPEG" if kind == JPEG else "PNG"))


def check_totals(files: list[Checked], *, already_files: int = 0, already_bytes: int = 0) -> None:
    """The request's own limits: how many files and how many bytes in all (with those kept)."""
    count = policy("upload_max_files")
    if already_files + len(files) > count:
        raise ActionError(
            f"一份申领最多上传 {count} 个文件（已上传 {already_files} 个），请合并后再上传", field="files"
        )
    most = policy("upload_request_max_bytes")
    if already_bytes + sum(len(f.data) for f in files) > most:
        raise ActionError(f"一份申领的上传文件合计不能超过 {_megabytes(most)}，请压缩后再上传", field="files")


def _check_pdf(data: bytes, what: str, field: str) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise ActionError(f"{what}不完整或已损坏（不是完整的 PDF 文件）", field=field)
    for match in PDF_NAME.finditer(data):
        name = HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name in FORBIDDEN_NAMES:
            raise ActionError(f"{what}{FORBIDDEN_NAMES[name]}，不能上传；请另存为普通 PDF 或拍照上传", field=field)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


def file_response(upload: RequestUpload) -> FileResponse:
    """A stored upload sent back (to the resident or the station's clerk, after the caller's
    check and log): its checked type, ``nosniff``, not cached, a PDF always as an attachment
    (never shown inline by the browser); a re-encoded picture may be shown."""
    try:
        stored = upload.file.open("rb")
    except OSError:  # removed from the disk (a restore without the media folder): absent, not a 500
        raise Http404("文件不存在") from None
    response = FileResponse(stored, content_type=upload.content_type)
    disposition = content_disposition_header(upload.content_type == PDF, upload.name)
    if disposition:  # None only for a picture without a name: shown inline, as it would be anyway
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
