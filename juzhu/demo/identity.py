"""Citizen identity numbers (GB 11643) that are valid and unique by construction.

A number is region (6) + birth date (8) + sequence (3) + check character. Each
(region, sex) has a counter ``c``; a fixed permutation of 0…SLOTS·SPREAD-1 (an affine
map, offset per region and sex) turns it into ``k``, and ``k`` into

- the sequence digits ``2 * (k // SPREAD + 1) + (1 if male else 0)`` (002…999, odd = male),
- a residue ``k % SPREAD``: the planned birth date moves back by 0…SPREAD-1 days to
  the nearest day whose day number has that residue.

Two people of the same region and sex have different ``k``: they differ in the
sequence digits or, sharing them, in the residue and so in the birth date. No number
repeats while a (region, sex) has fewer than SLOTS·SPREAD = 63,872 people; the writer
still checks the database for numbers that were there before the demo.
"""

from __future__ import annotations

import datetime
import zlib

from juzhu.rules.id_number import check_character

SPREAD = 128  # days a birth date may move
SLOTS = 499  # sequence digits 002…999 per sex
CAPACITY = SLOTS * SPREAD
_MULTIPLIER = 40_503  # odd and not a multiple of 499: coprime with CAPACITY
_EPOCH = datetime.date(1900, 1, 1)


class IdentityNumbers:
    def __init__(self):
        self._counters: dict[tuple[str, str], int] = {}

    def issue(self, region: str, sex: str, birth: datetime.date, earliest: datetime.date) -> tuple[datetime.date, str]:
        """A birth date at most SPREAD-1 days before ``birth`` (later only when ``earliest``
        forces it) and the identity number for it."""
        key = (region, sex)
        counter = self._counters.get(key, 0)
        self._counters[key] = counter + 1
        offset = zlib.crc32(f"{region}{sex}".encode()) % CAPACITY
        slot, residue = divmod((_MULTIPLIER * counter + offset) % CAPACITY, SPREAD)
        day = (birth - _EPOCH).days
        day -= (day - residue) % SPREAD
        if day < (earliest - _EPOCH).days:
            day += SPREAD
        born = _EPOCH + datetime.timedelta(days=day)
        first17 = f"{region}{born:%Y%m%d}{2 * (slot + 1) + (1 if sex == 'male' else 0):03d}"
        return born, first17 + check_character(first17)
