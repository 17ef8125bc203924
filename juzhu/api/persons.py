"""Finding and reading persons (R-22): masked search, full record with a purpose."""

from typing import Optional

from ninja import File, Path, Query, Router, Schema, UploadedFile

from juzhu.org.jurisdiction import covers
from juzhu.prepared import Prepared
from juzhu.registry.actions import search_persons, set_person_photo, view_person
from juzhu.registry.actions.photos import max_bytes
from juzhu.registry.models import Permit, PermitApplication, Registration

from .auth import actor
from .errors import renamed
from .schemas.applications import ApplicationBrief
from .schemas.common import CleanText, Id, purpose_param, responses
from .schemas.permits import PermitBrief
from .schemas.persons import PersonListItem, PersonOut
from .schemas.registrations import RegistrationBase

router = Router(tags=["人员"])


class PersonDetailOut(Schema):
    person: PersonOut
    current_registration: Optional[RegistrationBase]
    applications: list[ApplicationBrief]
    permits: list[PermitBrief]


@router.get(
    "/persons",
    response=responses(list[PersonListItem]),
    operation_id="search_persons",
    summary="查询人员",
    description="按完整身份号码、姓名、姓名拼音首字母或电话查询；身份号码和电话脱敏显示，查询记入审计日志。",
)
def search(request, q: CleanText = Query("", max_length=64, description="查询内容，至少两个字符")):
    with renamed(query="q"):
        return search_persons(acting_user=actor(request), query=q)


@router.get(
    "/persons/{id}",
    response=responses(PersonDetailOut),
    operation_id="view_person",
    summary="查看人员完整信息",
    description="须填写查看事由（purpose）；含本辖区内的当前居住登记、申领和居住证，查看记入审计日志。",
)
def detail(request, id: Path[Id], purpose: CleanText = purpose_param()):
    user = actor(request)
    person = view_person(acting_user=user, person_id=id, purpose=purpose)

    def inside(records: list) -> list:  # the records the jurisdiction covers, as scope_filter picks them
        return [r for r in records if covers(user, r.county_id, r.town_id)]

    return {
        "person": person,
        "current_registration": next(iter(inside(ACTIVE_REGISTRATIONS.objects(person_id=person.pk))), None),
        "applications": inside(APPLICATIONS.objects(person_id=person.pk)),
        "permits": inside(PERMITS.objects(person_id=person.pk)),
    }


# The person read's three lists, compiled once per process (juzhu.prepared), by the person's index.
ACTIVE_REGISTRATIONS = Prepared(
    lambda person_id: (
        Registration.objects.filter(person_id=person_id, status=Registration.Status.ACTIVE)
        .select_related("unit")
        .order_by("pk")
    ),
    person_id=int,
)
APPLICATIONS = Prepared(
    lambda person_id: PermitApplication.objects.filter(person_id=person_id).order_by("-received_on", "-id"),
    person_id=int,
)
PERMITS = Prepared(
    lambda person_id: Permit.objects.filter(person_id=person_id).order_by("-issue_date", "-id"), person_id=int
)


class PhotoOut(Schema):
    id: int
    photo: str


@router.post(
    "/persons/{id}/photo",
    response=responses(PhotoOut),
    operation_id="set_person_photo",
    summary="采集相片",
    description="上传本人相片（JPEG 或 PNG，至少 240×300 像素，长宽不超过 6000 像素，文件不超过 2 MB）；"
    "重新编码为 JPEG 并去除元数据。",
)
def photo(request, id: Path[Id], file: UploadedFile = File(..., description="相片文件")):
    person = set_person_photo(acting_user=actor(request), person_id=id, data=file.read(max_bytes() + 1))
    return {"id": person.pk, "photo": person.photo.name}
