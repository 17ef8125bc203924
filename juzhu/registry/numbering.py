"""The formats of the documents' numbers: one place for the actions and the demo's bulk path.

A number is a gap-free serial per (kind, county, year) (``actions.common.next_number``)
set into its kind's format. The permit's layout is the provincial police's to set
(``JUZHU_PERMIT_NUMBER_FORMAT``, Art 12; docs/registry.md).
"""

from __future__ import annotations

from django.conf import settings

FORMATS = {
    "registration": "DJ{county}{year}{serial:07d}",  # 居住登记
    "notice": "GZ{county}{year}{serial:06d}",  # 一次性告知书
    "receipt": "HZ{county}{year}{serial:06d}",  # 受理回执
    "refusal": "BP{county}{year}{serial:06d}",  # 不予批准通知书
}


def document_number(kind: str, county: str, year: int, serial: int) -> str:
    template = settings.JUZHU_PERMIT_NUMBER_FORMAT if kind == "permit" else FORMATS[kind]
    return template.format(county=county, year=year, serial=serial)
