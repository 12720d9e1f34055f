"""Loading many rows at once, the fastest way each database offers (issue 7).

``insert_many(conn, table, columns, rows)`` is what the importer calls for
every batch. On SQLite it hands the rows to the driver's own ``executemany``
with the statement SQLAlchemy compiles for that table and column list, once:
no compilation per batch, no dict per row. On PostgreSQL (psycopg 3) the
batch is one ``COPY table (columns) FROM STDIN`` (text format), each row
written with ``Copy.write_row``. Other dialects get SQLAlchemy Core's
``insert``, and so does a PostgreSQL batch the ``COPY`` cannot take exactly
(see below). Every path runs inside the caller's transaction and stores the
same values: the driver is given what SQLAlchemy's own bind processors would
give it (on SQLite a boolean as 1 or 0, an amount as a float; a date as
``YYYY-MM-DD`` text, through an adapter registered for ``datetime.date``
exactly: ``datetime`` keeps its own; on PostgreSQL a boolean as ``bool``).

The ``COPY`` sends each value as the text psycopg's own dumpers write for
it, the text the Core path sends as a parameter too (``None`` as NULL; tabs,
newlines and backslashes escaped by psycopg). The difference: an ``INSERT``
casts a parameter of another type to the column's type (a float into an
integer column is rounded), a ``COPY`` parses the text as the column's type.
So a batch is copied only when every value is ``None`` or of the Python type
its column holds (``str`` for text, ``datetime.date`` exactly for a date,
``bool`` for a boolean, ``int`` for an integer, ``float`` or ``int`` for a
float, ``Decimal`` or ``int`` for a numeric), which is what the importer
writes; anything else (another type, a column type not in that list, a
column default SQLAlchemy would fill in on the client) goes through Core. A
database error is raised as SQLAlchemy's (``DBAPIError`` and its
subclasses), as Core raises it.

``existing(conn, table, column, values)`` says which of a batch's values a
(indexed) column holds already: the contact fingerprints of a batch, in one
query (on PostgreSQL ``= ANY`` of one array parameter).

For a large load: ``load_transaction(engine)`` is a write transaction set
up for it (on request, no foreign key lookup per row; ``enlarge_cache``);
``drop_indexes`` and ``create_indexes`` let a load into an empty table build
its indexes once, at the end; ``number_repeats`` and ``delete_stored`` let
the database sort out the rows of a load that repeat one another or rows
stored before it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Iterable, Iterator, Sequence

from sqlalchemy import (
    ARRAY,
    CHAR,
    Boolean,
    Date,
    Enum,
    Float,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    TypeDecorator,
    any_,
    bindparam,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

#: page cache of a connection while it loads a file, in KiB (SQLite's default is 2,000 KiB)
LOAD_CACHE_KIB = 64 * 1024
#: bound values one SQLite statement takes at most (SQLite's own limit may be lower: 999 before 3.32)
SQLITE_VARIABLES = 30_000

# what SQLAlchemy's SQLite Date type writes ("%(year)04d-%(month)02d-%(day)02d"), without a Python call per value
sqlite3.register_adapter(date, date.isoformat)

#: (table, columns) -> (the INSERT statement's text, how to put a row's values in its order, bind processors)
_inserts: dict[tuple[str, tuple[str, ...]], tuple[str, object, tuple]] = {}
#: (table, column, count of values) -> the text of the SELECT that finds them
_lookups: dict[tuple[str, str, int], str] = {}
#: (table, columns) -> how to COPY them on PostgreSQL, or None: through Core
_copies: dict[tuple[Table, tuple[str, ...]], "_Copy | None"] = {}


def insert_many(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    """Insert ``rows`` (each a sequence of values in ``columns`` order) into ``table``; returns how many."""
    if not rows:
        return 0
    columns = tuple(columns)
    if conn.dialect.name != "sqlite":
        if not (_is_psycopg(conn) and _copy_rows(conn, table, columns, rows)):
            conn.execute(table.insert(), [dict(zip(columns, row)) for row in rows])
        return len(rows)
    key = (table.name, columns)
    prepared = _inserts.get(key)
    if prepared is None:
        prepared = _inserts[key] = _prepare_insert(conn, table, columns)
    statement, order, processors = prepared
    if order is not None:
        rows = list(map(order, rows))
    if processors:
        rows = [_processed(row, processors) for row in rows]
    conn.connection.driver_connection.executemany(statement, rows)
    return len(rows)


def _prepare_insert(conn: Connection, table: Table, columns: tuple[str, ...]) -> tuple[str, object, tuple]:
    dialect = conn.dialect
    compiled = table.insert().compile(dialect=dialect, column_keys=list(columns))
    names = tuple(compiled.positiontup or ())
    if sorted(names) != sorted(columns):  # a column default SQLAlchemy would fill in: not for this path
        raise ValueError(f"cannot bulk-insert {table.name} ({', '.join(columns)})")
    order = None if names == columns else itemgetter(*(columns.index(name) for name in names))
    processors = []
    for index, name in enumerate(names):
        column_type = table.c[name].type
        if isinstance(column_type, Date):  # the adapter above writes the same text
            continue
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append((index, process))
    return str(compiled), order, tuple(processors)


def _processed(row: Sequence[object], processors: tuple) -> tuple:
    values = list(row)
    for index, process in processors:
        values[index] = process(values[index])
    return tuple(values)


def _is_psycopg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


@dataclass(frozen=True)
class _Copy:
    """A prepared ``COPY``: its statement, the bind processors to apply, the Python types each column takes."""

    statement: object  # psycopg.sql.Composed
    processors: tuple
    accepted: tuple[frozenset, ...]  # per column, in the order of the rows' values


_NONE = type(None)


def _copy_types(column_type, dialect) -> frozenset | None:
    """The Python types a value of a column of ``column_type`` may have for ``COPY`` to store what an
    ``INSERT`` stores, ``None`` included; ``None`` for a type this path leaves to Core."""
    kind = column_type.dialect_impl(dialect)
    if isinstance(kind, TypeDecorator):  # SQLModel's AutoString
        kind = kind.impl_instance
    if isinstance(kind, (Enum, CHAR)):  # a cast to CHAR pads or cuts; an enum: leave it to Core
        return None
    if isinstance(kind, String):
        return frozenset((str, _NONE))
    if isinstance(kind, Boolean):
        return frozenset((bool, _NONE))
    if isinstance(kind, Integer):
        return frozenset((int, _NONE))
    if isinstance(kind, Float):  # before Numeric: a Float is one
        return frozenset((float, int, _NONE))
    if isinstance(kind, Numeric):  # not float: an INSERT casts float8 to numeric with 15 digits
        return frozenset((Decimal, int, _NONE))
    if isinstance(kind, Date):  # exactly: a datetime is cast (in the session's time zone), not parsed
        return frozenset((date, _NONE))
    return None


def _prepare_copy(conn: Connection, table: Table, columns: tuple[str, ...]) -> _Copy | None:
    from psycopg import sql

    dialect = conn.dialect
    named = set(columns)
    for column in table.columns:  # a default SQLAlchemy computes on the client: Core puts it in, COPY would not
        if column.key not in named and column.default is not None:
            return None
    processors, accepted = [], []
    for index, name in enumerate(columns):
        column = table.c[name]
        kinds = _copy_types(column.type, dialect)
        if kinds is None:
            return None
        accepted.append(kinds)
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append((index, process))
    target = sql.Identifier(table.schema, table.name) if table.schema else sql.Identifier(table.name)
    names = sql.SQL(", ").join(sql.Identifier(table.c[name].name) for name in columns)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(target, names)
    return _Copy(statement, tuple(processors), tuple(accepted))


def _copy_rows(conn: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[Sequence[object]]) -> bool:
    """``COPY`` the rows (PostgreSQL, psycopg 3) in the caller's transaction; False (nothing written) when
    this batch is for Core (a value of another type than its column's, or a table or column it cannot take)."""
    key = (table, columns)
    if key in _copies:
        copy = _copies[key]
    else:
        copy = _copies[key] = _prepare_copy(conn, table, columns)
    if copy is None:
        return False
    if copy.processors:
        try:
            rows = [_processed(row, copy.processors) for row in rows]
        except (TypeError, ValueError):  # not a boolean, say: Core raises its own error for it
            return False
    for kinds, values in zip(copy.accepted, zip(*rows)):
        if not kinds.issuperset(map(type, values)):
            return False
    import psycopg

    if not conn.in_transaction():
        conn.begin()  # what Core's execute does (autobegin): the rows belong to the caller's transaction
    raw = conn.connection.driver_connection
    try:
        with raw.cursor() as cursor, cursor.copy(copy.statement) as writer:
            for row in rows:
                writer.write_row(row)
    except psycopg.Error as exc:  # as Core raises it: sqlalchemy.exc.IntegrityError, DataError, ...
        statement = copy.statement.as_string(raw)
        raise DBAPIError.instance(statement, None, exc, psycopg.Error, dialect=conn.dialect) from exc
    return True


def _variables(raw: sqlite3.Connection) -> int:
    """How many values one statement may bind on this connection."""
    return min(SQLITE_VARIABLES, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


def existing(conn: Connection, table: Table, column: str, values: Sequence[object]) -> set:
    """Which of ``values`` are stored in ``table.column`` (an indexed column): a set."""
    if not values:
        return set()
    target = table.c[column]
    if conn.dialect.name == "postgresql":  # one array parameter: half the time of an IN list of 5,000
        wanted = bindparam("values", list(values), type_=ARRAY(target.type))
        return set(conn.execute(select(target).where(target == any_(wanted))).scalars())
    if conn.dialect.name != "sqlite":
        return set(conn.execute(select(target).where(target.in_(values))).scalars())
    raw = conn.connection.driver_connection
    found: set = set()
    per = _variables(raw)
    for start in range(0, len(values), per):
        chunk = values[start : start + per]
        key = (table.name, column, len(chunk))
        statement = _lookups.get(key)
        if statement is None:
            query = select(target).where(target.in_(bindparam("values", value=list(chunk), expanding=True)))
            statement = _lookups[key] = str(
                query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
            )
        found.update(value for (value,) in raw.execute(statement, chunk))
    return found


def drop_indexes(conn: Connection, table: Table, keep: Iterable[str] = ()) -> list[Index]:
    """Drop ``table``'s indexes but those on a column of ``keep``; returns them, for :func:`create_indexes`.

    For a large load into an empty table: an index built once at the end
    (one sort) costs a fraction of one kept up to date row by row, whose
    rows arrive in no order of its own. SQLite only (elsewhere nothing is
    dropped). The caller builds them again before it commits, or rolls back,
    which brings them back too (SQLite's DDL is transactional).
    """
    if conn.dialect.name != "sqlite":
        return []
    kept = set(keep)
    dropped = [index for index in sorted(table.indexes, key=lambda i: i.name) if not kept & set(index.columns.keys())]
    for index in dropped:
        index.drop(conn)
    return dropped


def create_indexes(conn: Connection, dropped: Iterable[Index]) -> None:
    """Build again the indexes :func:`drop_indexes` dropped."""
    for index in dropped:
        index.create(conn)


def number_repeats(conn: Connection, table: Table, column: str, occurrence: str, after: int) -> int:
    """Number the rows past id ``after`` that share a ``column`` value: each one's ``occurrence`` is its rank
    among them (by id, from 1; the rows were inserted with 1). Returns how many rows were renumbered.

    One window function in the database (``UPDATE ... FROM``, SQLite 3.33 and PostgreSQL): no row goes
    through Python, whatever their number.
    """
    (key,) = table.primary_key.columns
    target = table.c[column]
    numbered = (
        select(key.label("row_id"), func.row_number().over(partition_by=target, order_by=key).label("rank"))
        .where(key > after)
        .subquery()
    )
    statement = (
        update(table)
        .values({occurrence: numbered.c["rank"]})
        .where(key == numbered.c.row_id, numbered.c["rank"] > 1)
    )
    return conn.execute(statement).rowcount


def delete_stored(conn: Connection, table: Table, columns: Sequence[str], after: int) -> int:
    """Delete every row past id ``after`` whose ``columns`` equal those of a row up to ``after``; returns how many.

    Each of those rows looks its twin up in an index on ``columns``.
    """
    (key,) = table.primary_key.columns
    old = table.alias("stored")
    twin = select(old.c[key.name]).where(old.c[key.name] <= after, *(old.c[c] == table.c[c] for c in columns))
    return conn.execute(delete(table).where(key > after, twin.exists())).rowcount


def enlarge_cache(conn: Connection) -> None:
    """Give a SQLite connection a bigger page cache (``LOAD_CACHE_KIB``) for the rest of a :func:`load_transaction`.

    For a large file into a table with rows already: the pages of an index
    it updates at random (the contact fingerprint) then stay in memory
    instead of being spilled to the WAL and read back again and again. A
    fixed size: still constant memory.
    """
    if conn.dialect.name == "sqlite":
        conn.connection.driver_connection.execute(f"PRAGMA cache_size = {-LOAD_CACHE_KIB:d}")


@contextlib.contextmanager
def load_transaction(engine: Engine, references_checked: bool = False) -> Iterator[Connection]:
    """A write transaction for a large load (``engine.begin()``, set up for it), committed when the block ends.

    ``references_checked``: the caller checks every reference of the rows it
    writes against the store itself, inside this transaction (the importer
    does), so SQLite's own check of each foreign key, a lookup per row, is
    left out (``PRAGMA foreign_keys`` is set before the transaction begins:
    SQLite ignores it inside one). The connection's settings are as they
    were afterwards (:func:`enlarge_cache` too).
    """
    from followup_cli.store.database import WRITE

    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})  # the write lock: BEGIN IMMEDIATE, PostgreSQL's advisory lock
        if conn.dialect.name != "sqlite":
            with conn.begin():
                yield conn
            return
        raw = conn.connection.driver_connection
        (cache,) = raw.execute("PRAGMA cache_size").fetchone()
        (foreign_keys,) = raw.execute("PRAGMA foreign_keys").fetchone()
        if references_checked:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
        finally:
            with contextlib.suppress(sqlite3.Error):
                raw.execute(f"PRAGMA cache_size = {int(cache):d}")
                raw.execute("PRAGMA foreign_keys = ON" if foreign_keys else "PRAGMA foreign_keys = OFF")
