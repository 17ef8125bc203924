"""Document numbers for the bulk path, in the actions' own formats (``juzhu.registry.numbers``),
continuing the ``registry.Sequence`` rows.

Serials are gap-free per (kind, county, year), like ``next_number`` hands them out;
after each batch the touched ``Sequence`` rows are brought up to the last serial used,
so that real actions go on numbering after the demo data.
"""

from __future__ import annotations

import datetime

from juzhu.registry.numbers import document_number


class Numbers:
    def __init__(self, last: dict[tuple[str, str, int], int] | None = None):
        self._last = dict(last or {})
        self._touched: set[tuple[str, str, int]] = set()

    @classmethod
    def from_db(cls) -> "Numbers":
        from juzhu.registry.models import Sequence

        return cls({(s.kind, s.scope, s.year): s.last for s in Sequence.objects.all()})

    def take(self, kind: str, county: str, on: datetime.date) -> str:
        key = (kind, county, on.year)
        serial = self._last.get(key, 0) + 1
        self._last[key] = serial
        self._touched.add(key)
        return document_number(kind, county, on.year, serial)

    def save(self) -> int:
        """Write the touched sequences (inside the batch's transaction)."""
        from juzhu.registry.models import Sequence

        if not self._touched:
            return 0
        rows = [Sequence(kind=k, scope=s, year=y, last=self._last[(k, s, y)]) for k, s, y in sorted(self._touched)]
        Sequence.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["kind", "scope", "year"], update_fields=["last"]
        )
        self._touched.clear()
        return len(rows)
