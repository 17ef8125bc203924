"""Divisions, units and the people who use the system (R-17, R-22).

A user belongs to one unit; the unit's jurisdiction (a set of county-level
divisions and towns) scopes every record the user may see. Roles are Django
groups carrying permission codenames (see ``roles.py``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Division(models.Model):
    """GB/T 2260 county level and above for the whole country, plus the city's towns and streets."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        PREFECTURE = "prefecture", "地级"
        COUNTY = "county", "县级"
        TOWN = "town", "乡级（乡镇、街道）"

    code = models.CharField("代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=64)
    full_name = models.CharField("全称", max_length=128)
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    current = models.BooleanField("现行", default=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="同一县级区划变更后的代码（如 610928 → 610981）",
    )

    class Meta:
        verbose_name = "行政区划"
        indexes = [models.Index(fields=["level", "current"])]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.code}）"


class Unit(models.Model):
    """An organisation that uses the system: bureau, station, entrusted organisation, department."""

    class Kind(models.TextChoices):
        CITY_BUREAU = "city_bureau", "市公安局"
        COUNTY_BUREAU = "county_bureau", "县级公安机关"
        STATION = "station", "公安派出所"
        COMMUNITY_ORG = "community_org", "受委托的社区服务机构"
        DEPARTMENT = "department", "有关部门"
        SUPERVISOR = "supervisor", "监督机关"

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    county = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="所属县级区划（县级公安机关、派出所、社区服务机构）",
    )
    towns = models.ManyToManyField(Division, blank=True, related_name="serving_units", verbose_name="服务的乡镇街道")
    illustrative = models.BooleanField("示例名称", default=False, help_text="名称为示例数据，待录入真实机构")

    class Meta:
        verbose_name = "单位"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff member, bound to the unit whose jurisdiction scopes what she sees."""

    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    display_name = models.CharField("姓名", max_length=64, blank=True)

    class Meta:
        verbose_name = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """A per-user API token; only its SHA-256 is stored, the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=64)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "API 令牌"
