"""Hot reads whose SQL is compiled once per process (issue 9, "Speed").

Django compiles a queryset into SQL on every evaluation. On the few reads that every card
check and every API person read run, compiling cost more than running the query (about
0.3 ms against 0.05 ms on SQLite, cProfile of ``benchmarks/http_reads.py``). A ``Prepared``
builds its queryset once with stand-in arguments, keeps the compiler's result (the SQL, the
columns, their converters, the ``select_related`` layout) and afterwards only executes it:
the same rows become the same model instances (``Model.from_db`` and Django's related
populators), with no compilation.

Why not a library: the maintained ones cache *results* (django-cachalot, cacheops), which
would be wrong here (a revoked token or a voided card must answer at once); none caches the
compiled SQL. This module stays small by accepting only what it can bind safely: arguments
are ``int`` or ``str`` compared with ``=`` (ids, numbers, codes), whose database value is the
Python value itself; anything else is refused when the query is first compiled.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connection, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]  # constants, with the argument names where a value is bound
    slots: dict[int, str]  # position in params → argument name
    compiler: Any  # the SQLCompiler that made ``sql``: its select and klass_info describe the rows
    converters: dict[int, Any]
    vendor: str
    # For model rows: the model, its columns' attnames and their slice of the row, and the
    # populators of what select_related joined (stateless, so shared by all threads).
    model: Any = None
    names: tuple[str, ...] = ()
    span: tuple[int, int] = (0, 0)
    populators: tuple[Any, ...] = ()

    def bind(self, arguments: dict[str, Any]) -> list[Any]:
        params = list(self.params)
        for position, name in self.slots.items():
            params[position] = arguments[name]
        return params

    def fetch(self, arguments: dict[str, Any]) -> Iterator[Any]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.bind(arguments))
            rows = cursor.fetchall()
        if not self.converters:
            return iter(rows)
        # As SQLCompiler.apply_converters, but with this thread's connection, not the one of the
        # thread that compiled the query (a converter is handed the connection).
        wrapper = connections[connection.alias]
        return (_converted(row, self.converters, wrapper) for row in rows)


def _converted(row: Any, converters: dict[int, Any], wrapper: Any) -> list[Any]:
    values = list(row)
    for position, (functions, expression) in converters.items():
        value = values[position]
        for function in functions:
            value = function(value, expression, wrapper)
        values[position] = value
    return values


class Prepared(Generic[M]):
    """A queryset built by ``build(**arguments)`` whose SQL is compiled once per process.

    ``arguments`` maps each argument's name to its type, ``int`` or ``str``. Use
    ``objects(...)`` for model instances (with what ``select_related`` joined) and ``rows(...)``
    for a ``values_list`` queryset's tuples.
    """

    def __init__(self, build: Callable[..., QuerySet[M]], **arguments: type) -> None:
        for name, kind in arguments.items():
            if kind not in (int, str):
                raise TypeError(f"{name}: only int or str arguments can be bound, not {kind!r}")
        self._build = build
        self._arguments = arguments
        self._compiled: _Compiled | None = None
        self._lock = threading.Lock()

    def objects(self, **arguments: Any) -> list[M]:
        compiled = self._ready(arguments)
        if compiled.model is None:
            raise TypeError("objects() needs a queryset of model instances; use rows() for values_list()")
        (start, end), annotations = compiled.span, compiled.compiler.annotation_col_map
        found = []
        for row in compiled.fetch(arguments):
            instance = compiled.model.from_db(connection.alias, compiled.names, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, instance)
            for name, position in annotations.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def rows(self, **arguments: Any) -> list[tuple[Any, ...]]:
        """The rows of a ``values_list`` queryset, converted as Django converts them."""
        return [tuple(row) for row in self._ready(arguments).fetch(arguments)]

    def _ready(self, arguments: dict[str, Any]) -> _Compiled:
        if arguments.keys() != self._arguments.keys():
            raise TypeError(f"arguments {sorted(arguments)} differ from the declared {sorted(self._arguments)}")
        for name, value in arguments.items():
            if type(value) is not self._arguments[name]:  # bool is not int here, nor a str subclass a str
                raise TypeError(f"{name}: expected {self._arguments[name].__name__}, got {type(value).__name__}")
        compiled = self._compiled
        if compiled is None or compiled.vendor != connection.vendor:
            with self._lock:
                compiled = self._compiled = self._compile()
        return compiled

    def _compile(self) -> _Compiled:
        stand_ins = {name: _stand_in(name, kind, n) for n, (name, kind) in enumerate(self._arguments.items())}
        queryset = self._build(**stand_ins)
        compiler = queryset.query.get_compiler(using=connection.alias)
        sql, params = compiler.as_sql()
        if compiler.has_extra_select:
            raise TypeError("extra() columns are not supported")
        by_value = {value: name for name, value in stand_ins.items()}
        slots = {position: by_value[value] for position, value in enumerate(params) if value in by_value}
        missing = set(stand_ins) - set(slots.values())
        if missing:  # the value was transformed or inlined, so it could not be bound later
            raise TypeError(f"arguments {sorted(missing)} do not reach the SQL as parameters")
        fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            compiler=compiler,
            converters=compiler.get_converters(fields),
            vendor=connection.vendor,
        )
        klass_info, select = compiler.klass_info, compiler.select
        if klass_info is None or queryset._iterable_class is not ModelIterable:  # values_list(): rows only
            return compiled
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return dataclasses.replace(
            compiled,
            model=klass_info["model"],
            names=tuple(column[0].target.attname for column in select[start:end]),
            span=(start, end),
            # Django 5.2's signature; the stubs describe 6.0's, which adds fetch_mode.
            populators=tuple(get_related_populators(klass_info, select, connection.alias)),  # type: ignore[call-arg]
        )


def _stand_in(name: str, kind: type, n: int) -> int | str:
    """A value no real argument has, recognisable among the compiled parameters."""
    return -7_340_000_017 - n if kind is int else f"\x00prepared:{name}\x00"
