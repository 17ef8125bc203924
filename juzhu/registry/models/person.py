"""The person: identity as on the document (R-04), hukou, contact, photo."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import models

from juzhu.rules.id_number import normalise

ETHNICITIES_CSV = Path(__file__).resolve().parents[1] / "data" / "ethnicities.csv"


@lru_cache(maxsize=1)
def ethnicity_choices() -> list[tuple[str, str]]:
    """GB/T 3304 codes and names, from the shipped CSV."""
    with open(ETHNICITIES_CSV, encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return [(row["code"], row["name"]) for row in rows]


@lru_cache(maxsize=1)
def ethnicity_names() -> dict[str, str]:
    """Code → name, built once: Django's ``get_FOO_display`` builds this dict on every call (56
    choices; a tenth of an API person read's CPU, benchmarks/README.md)."""
    return dict(ethnicity_choices())


@lru_cache(maxsize=1)
def identity_document_choices() -> list[tuple[str, str]]:
    """The document types a person may present: the rules' parameter ``identity.documents``
    (Art 9, 29; Art 2 para 3), every version, newest name. The one list the model, the
    office form, the API schema and the action use."""
    from juzhu.rules.parameters import Parameters

    names: dict[str, str] = {}
    for version in Parameters.load()["identity.documents"].values:
        names.update(version)
    return list(names.items())


DEFAULT_ID_TYPE = "resident_id_card"
# Documents whose holder's name may be written in Latin letters, as on a passport's name line.
LATIN_NAME_DOCUMENTS = frozenset({"passport", "foreign_travel_document"})


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    id_type = models.CharField(
        "身份证件类型", max_length=24, choices=identity_document_choices, default=DEFAULT_ID_TYPE
    )
    id_number = models.CharField("公民身份号码", max_length=18, unique=True)
    name = models.CharField("姓名", max_length=64, db_index=True)
    name_initials = models.CharField("姓名拼音首字母", max_length=16, blank=True, db_index=True)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices)
    ethnicity = models.CharField("民族", max_length=2, choices=ethnicity_choices)
    birth_date = models.DateField("出生日期")
    hukou_division = models.ForeignKey(
        "org.Division", on_delete=models.PROTECT, related_name="+", verbose_name="户籍地"
    )
    hukou_address = models.CharField("户籍地址", max_length=200)
    phone = models.CharField("联系电话", max_length=20, blank=True, db_index=True)
    photo = models.FileField("相片", upload_to="photos/%Y/%m/", blank=True)
    # The residence the person is registered at now: scopes who may see the person.
    county = models.ForeignKey(
        "org.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="现居住县级区划"
    )
    town = models.ForeignKey(
        "org.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="现居住乡镇街道"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "人员"
        indexes = [models.Index(fields=["county", "town"])]
        permissions = [
            ("view_person_detail", "查看人员完整信息"),
            ("register_residence", "办理居住登记"),
            ("cancel_registration", "注销居住登记"),
            ("receive_application", "受理居住证申领"),
            ("decide_application", "审批居住证申领"),
            ("extend_issuance", "延长发放期限"),
            ("issue_permit", "签发居住证"),
            ("hand_out_card", "发放居住证（交付持证人）"),
            ("endorse_permit", "办理签注"),
            ("change_address", "办理居住地址变更"),
            ("replace_card", "办理换领补领"),
            ("view_city", "查看全市数据"),
            ("manage_calendar", "管理工作日历"),
            ("manage_org", "管理机构和用户"),
            ("view_supervision", "查看监督信息"),
            ("verify_status", "核验居住证状态"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        from ..name_search import name_initials

        self.id_number = normalise(self.id_number)
        self.name_initials = name_initials(self.name)
        super().save(*args, **kwargs)

    def get_ethnicity_display(self) -> str:  # type: ignore[no-redef]  # replaces the one Django generates
        return ethnicity_names().get(self.ethnicity, self.ethnicity)  # as Django's: the code when unknown


class Child(models.Model):
    """A child or minor living with the registered person (Art 23)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    registration = models.ForeignKey("registry.Registration", on_delete=models.CASCADE, related_name="children")
    name = models.CharField("姓名", max_length=64)
    id_number = models.CharField("公民身份号码", max_length=18, blank=True)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=8, choices=Person.Sex.choices)

    class Meta:
        verbose_name = "随行子女"
