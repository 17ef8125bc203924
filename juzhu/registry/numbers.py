"""Document numbers: one format per kind, which the actions issue, the demo continues and the
document lookup reads back (docs/registry.md, "Numbers").

Each kind has its own gap-free serial per (county, year) (``registry.Sequence``, ``next_number``).
The permit's format is a setting (Art 12 para 2: the city may prescribe it), the others fixed:
``DJ…`` residence registration (Art 9), ``HZ…`` receipt of an accepted application (Art 12),
``GZ…`` one-time notice (Art 12), ``BP…`` refusal notice (不予批准通知书, Art 12).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class NumberFormat:
    prefix: str
    width: int  # digits of the serial

    @property
    def template(self) -> str:
        return f"{self.prefix}{{county}}{{year}}{{serial:0{self.width}d}}"


FORMATS: dict[str, NumberFormat] = {
    "registration": NumberFormat("DJ", 7),
    "notice": NumberFormat("GZ", 6),
    "receipt": NumberFormat("HZ", 6),
    "refusal": NumberFormat("BP", 6),
}
PERMIT = "permit"  # its format: the setting JUZHU_PERMIT_NUMBER_FORMAT


def template(kind: str) -> str:
    return settings.JUZHU_PERMIT_NUMBER_FORMAT if kind == PERMIT else FORMATS[kind].template


def document_number(kind: str, county: str, year: int, serial: int) -> str:
    """The printed number of the ``serial``-th document of ``kind`` in ``county`` and ``year``."""
    return template(kind).format(county=county, year=year, serial=serial)


def kind_of(number: str) -> str | None:
    """The kind a printed number's prefix names; None for a permit number (or none at all)."""
    return next((kind for kind, fmt in FORMATS.items() if number.startswith(fmt.prefix)), None)
