"""What the registry's records share: the person, the jurisdiction codes, declared transitions."""

from __future__ import annotations

from django.db import models

from ..errors import TransitionError


class Scoped(models.Model):
    """A record about one person, located in one county and (usually) one town."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey("org.Division", on_delete=models.PROTECT, related_name="+", verbose_name="县级区划")
    town = models.ForeignKey(
        "org.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="乡镇街道"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class WithStatus(models.Model):
    """Statuses change only through ``move_to``, along the declared ``TRANSITIONS``."""

    TRANSITIONS: dict[str, set[str]] = {}
    status: str  # each model declares its column, with its choices

    class Meta:
        abstract = True

    def move_to(self, new_status: str) -> None:
        allowed = self.TRANSITIONS.get(self.status, set())
        if new_status not in allowed:
            labels = dict(self._meta.get_field("status").choices or ())  # type: ignore[union-attr]  # a column
            raise TransitionError(
                f"{self._meta.verbose_name}状态不能从“{labels.get(self.status, self.status)}”"
                f"变为“{labels.get(new_status, new_status)}”"
            )
        self.status = new_status
