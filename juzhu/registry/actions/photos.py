"""The person's photo (Art 11: 本人相片; R-10: printed on the permit)."""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User

from ..events import emit
from ..events import payloads as p
from ..images import checked_image, limit, reencoded
from ..models import Permit, Person
from .common import ActionError, get_scoped, one_moment, require


def max_bytes() -> int:
    """The photo's size limit in force today (``photo.max_bytes``): the views read no more."""
    return limit("photo.max_bytes")


@one_moment
def set_person_photo(*, acting_user: User, person_id: int, data: bytes) -> Person:
    """Store the photo as a fresh JPEG (re-encoding drops any metadata such as GPS position).

    Permits not yet handed out take the new photo; a card already handed out keeps the
    photo it was printed with until it is replaced or reissued.
    """
    require(acting_user, "register_residence")
    if not data:
        raise ActionError("请选择相片文件", field="photo")
    most = max_bytes()
    if len(data) > most:
        raise ActionError(f"相片文件不能超过 {most / 1024 / 1024:g} MB", field="photo")
    image = checked_image(data, field="photo", label="相片")  # JPEG/PNG by content, sides before decoding
    width, height = limit("photo.min_width"), limit("photo.min_height")
    if image.width < width or image.height < height:
        raise ActionError(f"相片至少应为 {width}×{height} 像素", field="photo")
    out = io.BytesIO(reencoded(image))
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
