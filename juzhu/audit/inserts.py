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

_SQL: dict[tuple[str, str, tuple[str, ...], bool], str] = {}


def _statement(model: type[Model], names: tuple[str, ...], returning: bool) -> str:
    key = (connection.vendor, model._meta.label, names, returning)
    sql = _SQL.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        by_name = {field.attname: field for field in model._meta.concrete_fields}
        columns = ", ".join(quote(str(by_name[name].column)) for name in names)
        places = ", ".join(["%s"] * len(names))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({places})"  # noqa: S608 (names of our own model)
        if returning:
            sql += f" RETURNING {quote(str(model._meta.pk.column))}"
        _SQL[key] = sql
    return sql


def _params(model: type[Model], names: Sequence[str], values: dict[str, Any]) -> list[Any]:
    by_name = {field.attname: field for field in model._meta.concrete_fields}
    return [by_name[name].get_db_prep_save(values[name], connection) for name in names]


def insert_one(model: type[Model], values: dict[str, Any]) -> int:
    """INSERT one row of ``values`` (attname → value); returns the new primary key."""
    names = tuple(values)
    returning = bool(connection.features.can_return_columns_from_insert)
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, names, returning), _params(model, names, values))
        return int(cursor.fetchone()[0] if returning else cursor.lastrowid)


def insert_many(model: type[Model], names: tuple[str, ...], rows: Iterable[Model]) -> None:
    """INSERT the ``names`` columns of every instance in ``rows`` (their keys already set)."""
    sql = _statement(model, names, returning=False)
    params = [_params(model, names, {name: getattr(row, name) for name in names}) for row in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
