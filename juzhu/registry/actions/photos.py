"""The person's photo (Art 11: 本人相片; R-10: printed on the permit)."""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User

from ..events import emit
from ..events import payloads as p
from ..models import Permit, Person
from .common import ActionError, get_scoped, one_moment, require

MAX_BYTES = 2 * 1024 * 1024
MIN_SIZE = (240, 300)  # pixels, width × height: enough for a card photo
# Checked from the header before decoding: a few kilobytes of PNG can decode to gigabytes.
MAX_SIDE = 6000  # pixels; a 24-megapixel camera picture still fits


@one_moment
def set_person_photo(*, acting_user: User, person_id: int, data: bytes) -> Person:
    """Store the photo as a fresh JPEG (re-encoding drops any metadata such as GPS position).

    Permits not yet handed out take the new photo; a card already handed out keeps the
    photo it was printed with until it is replaced or reissued.
    """
    require(acting_user, "register_residence")
    if not data:
        raise ActionError("请选择相片文件", field="photo")
    if len(data) > MAX_BYTES:
        raise ActionError("相片文件不能超过 2 MB", field="photo")
    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        if image.format not in ("JPEG", "PNG"):
            raise ActionError("相片应为 JPEG 或 PNG 格式", field="photo")
        if max(image.size) > MAX_SIDE:
            raise ActionError(f"相片的长和宽都不能超过 {MAX_SIDE} 像素，请裁剪或缩小后再上传", field="photo")
        image.verify()
        image = Image.open(io.BytesIO(data)).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ActionError("无法识别的图片文件", field="photo") from None
    if image.width < MIN_SIZE[0] or image.height < MIN_SIZE[1]:
        raise ActionError(f"相片至少应为 {MIN_SIZE[0]}×{MIN_SIZE[1]} 像素", field="photo")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    now = clock.now()
    with transaction.atomic():
        person = get_scoped(Person, acting_user, "人员", lock=True, pk=person_id)
        if _stored(person) == out.getvalue():
            return person  # the same photo again (a double submit): the same answer, nothing written
        person.photo.save(f"{uuid.uuid4().hex}.jpg", ContentFile(out.getvalue()), save=False)
        person.save(update_fields=["photo", "updated_at"])
        Permit.objects.filter(person=person, cards__status="produced").exclude(status=Permit.Status.VOID).update(
            holder_photo=person.photo.name
        )
        emit(
            Event.PERSON_PHOTO,
            actor=acting_user,
            subject=person,
            person=person,
            purpose="采集相片",
            moment=now,
            payload=p.PhotoTaken(bytes=len(out.getvalue()), size=(image.width, image.height)),
        )
    return person


def _stored(person: Person) -> bytes | None:
    if not person.photo:
        return None
    try:
        with person.photo.open("rb") as stored:
            content: bytes = stored.read()  # django-stubs: File.read() is untyped
            return content
    except OSError:  # the file is gone: store the new one
        return None
