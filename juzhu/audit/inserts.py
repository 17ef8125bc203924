"""Prebuilt INSERTs for the audit log's two hot paths: a logged read queued by every read of
personal data, and the sequencer's batches (issue 9, "Speed").

The ORM builds an INSERT's SQL and runs its generic per-field machinery on every save and
``bulk_create``; for a row written on every card check that cost three times the insert
itself. Here the SQL is built once per process (per database vendor and columns) and each
value is prepared by its own field, as the ORM would prepare it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

# (vendor, model, columns, returning) → the statement and the fields that prepare its values
_PREBUILT: dict[tuple[str, str, tuple[str, ...], bool], tuple[str, list[Any]]] = {}


def _prebuilt(model: type[Model], names: tuple[str, ...], returning: bool) -> tuple[str, list[Any]]:
    key = (connection.vendor, model._meta.label, names, returning)
    found = _PREBUILT.get(key)
    if found is None:
        quote = connection.ops.quote_name
        by_name = {field.attname: field for field in model._meta.concrete_fields}
        fields = [by_name[name] for name in names]
        columns = ", ".join(quote(str(field.column)) for field in fields)
        places = ", ".join(["%s"] * len(names))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({places})"  # noqa: S608 (names of our own model)
        if returning:
            sql += f" RETURNING {quote(str(model._meta.pk.column))}"
        found = _PREBUILT[key] = (sql, fields)
    return found


def _params(fields: list[Any], values: Sequence[Any]) -> list[Any]:
    return [field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)]


def insert_one(model: type[Model], values: dict[str, Any]) -> int:
    """INSERT one row of ``values`` (attname → value); returns the new primary key."""
    returning = bool(connection.features.can_return_columns_from_insert)
    sql, fields = _prebuilt(model, tuple(values), returning)
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(fields, list(values.values())))
        return int(cursor.fetchone()[0] if returning else cursor.lastrowid)


def insert_many(model: type[Model], names: tuple[str, ...], rows: Iterable[Model]) -> None:
    """INSERT the ``names`` columns of every instance in ``rows`` (their keys already set)."""
    sql, fields = _prebuilt(model, names, returning=False)
    params = [_params(fields, [getattr(row, name) for name in names]) for row in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
