"""The contact digest table: per customer, the contacts the morning list can still need (issue 7).

``rules.digest`` decides which contacts those are; this module keeps a copy
of them in ``contact_digest``, so ``followup due`` reads a few rows per
customer instead of years of history. ``followup import contacts`` and
``followup log`` call :func:`refresh` in the same transaction as the
contacts they write; ``followup check --rebuild`` rebuilds the whole table
from the raw rows, and ``followup check`` compares the two.

An import refreshes the digest of every customer it gave contacts to, a
million contacts at a time, so :func:`refresh` does as little per contact
as it can:

- it reads only the columns that decide (``DECIDING``: no note), on SQLite
  as the driver's own tuples (no ``Row``, no date parsed: a date stays the
  ``YYYY-MM-DD`` text it is stored as);
- :func:`kept_ids` decides on those tuples, ``rules.digest.digest``
  decision for decision without building a ``Contact`` (the Hypothesis
  properties of tests/store/test_digest_store.py hold the two together);
- the contacts kept are copied by the database itself, ``INSERT ...
  SELECT`` by id in id order (:func:`_copy`): no value goes through Python
  on the way back, each row is added at the end of the table, and a large
  copy into an empty table builds the table's index once, at the end.

:func:`stale_customers` (``followup check``) compares the table with
``rules.digest.digest`` itself, the specification.

Computing the digest in SQL (window functions, one ``INSERT ... SELECT``)
was measured too: on PostgreSQL no faster than this, on SQLite (five sorts
of the contacts) three times slower.
"""

from __future__ import annotations

import sqlite3
from itertools import groupby, islice
from operator import itemgetter
from typing import Iterable, Iterator, Sequence

from sqlalchemy import ARRAY, Integer, any_, bindparam, delete, select
from sqlalchemy.engine import Connection

from followup_cli.rules.digest import digest
from followup_cli.rules.model import ATTEMPTS, REACHING, Contact
from followup_cli.store import bulk
from followup_cli.store.tables import ContactDigestRow, ContactRow

#: the columns of a digest row, in ``Contact`` field order (``id`` last, as the contact's seq)
COLUMNS = ("customer_id", "contacted_on", "channel", "touchpoint", "outcome", "staff", "next_contact_on", "score",
           "note", "id")
#: the columns that decide whether the digest keeps a contact (:func:`kept_ids`): a digest row's but the note
DECIDING = tuple(name for name in COLUMNS if name != "note")
#: customers whose contacts are read (and digest rows deleted) with one query
_CHUNK = 500
#: contacts copied into the digest by one statement (fewer where SQLite binds fewer values)
_COPY = 10_000
#: contacts at least, copied into an empty digest, for which the index is built once at the end (SQLite)
_REINDEX = 50_000
#: customers whose digest `followup check` compares at a time
_CHECK = 2000
#: contacts fetched at a time through Core (PostgreSQL: a server-side cursor)
_FETCH = 20_000

_FIELDS = (*COLUMNS[:-1], "seq")
_first = itemgetter(0)


def _contact(row: Sequence) -> Contact:
    record = object.__new__(Contact)
    record.__dict__.update(zip(_FIELDS, row))
    return record


def _contact_rows(conn: Connection, customer_ids: Sequence[str] | None, columns: Sequence[str] = COLUMNS):
    """``columns`` of the contacts of ``customer_ids`` (None: every customer) through Core, grouped by customer,
    oldest first within each (``contacted_on``, then ``id``)."""
    table = ContactRow.__table__
    query = select(*(table.c[name] for name in columns)).order_by(table.c.customer_id, table.c.contacted_on, table.c.id)
    if customer_ids is not None:
        query = query.where(table.c.customer_id.in_(customer_ids))
    # a statement option: Connection.execution_options() would stream every later statement of the
    # connection too (on PostgreSQL a server-side cursor, which an UPDATE cannot be)
    return conn.execute(query.execution_options(yield_per=_FETCH))


def digest_rows(rows: Iterable[Sequence]) -> Iterator[dict]:
    """The digest rows of contact rows (``COLUMNS``) grouped by customer, oldest first within each.

    ``rules.digest.digest`` itself, on ``Contact`` records: what
    :func:`stale_customers` compares the table with.
    """
    for _, group in groupby(rows, key=_first):
        for c in digest([_contact(row) for row in group]):
            yield {name: getattr(c, name) for name in _FIELDS[:-1]} | {"id": c.seq}


def kept_ids(rows: Iterable[Sequence]) -> Iterator[int]:
    """The ids of the contacts ``rules.digest.digest`` keeps, of rows (``DECIDING``) grouped by customer, newest first.

    ``rules.digest.digest`` of each customer's contacts, decision for
    decision (see there why each is kept), on the rows as the database gives
    them, one at a time: no ``Contact`` built, and no customer's history held
    (20,000 contacts of one customer are as cheap as 20 of each of 1,000).
    A value is only compared for equality, and the latest day is the first
    row's (the rows come newest first), so a date may be a ``date`` or its
    ISO text alike. Ids come customer by customer, each customer's newest first.
    """
    reaching = REACHING
    attempts = ATTEMPTS
    customer = _NO_CUSTOMER
    latest_day = None
    seen_reaching: set[tuple] = set()
    answered: set[tuple] = set()
    seen_scores: set = set()
    promise_kept = False
    for row in rows:  # newest first: "the latest of each" is the first seen
        customer_id, contacted_on, channel, touchpoint, outcome, staff, next_contact_on, score, contact_id = row
        if customer_id != customer:
            customer, latest_day = customer_id, contacted_on
            seen_reaching = set()
            answered = set()
            seen_scores = set()
            promise_kept = False
        wanted = contacted_on == latest_day or outcome == "opted_out"
        if outcome in reaching:
            if touchpoint is None:
                wanted = True
            else:
                kind = (touchpoint, staff, score, channel == "visit")
                if kind not in seen_reaching:
                    seen_reaching.add(kind)
                    wanted = True
            if score is None:
                answered.add((touchpoint, staff))
        elif outcome in attempts and (touchpoint, staff) not in answered:
            wanted = True
        if next_contact_on is not None and not promise_kept:
            promise_kept = wanted = True
        if score is not None and score not in seen_scores:
            seen_scores.add(score)
            wanted = True
        if wanted:
            yield contact_id


_NO_CUSTOMER = object()


def _chunks(values: Iterable, size: int) -> Iterator[list]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


#: SQLite: the text of a statement by what it does and how many values it binds
_statements: dict[tuple[str, int | None], str] = {}


def _sqlite_text(conn: Connection, key: tuple[str, int | None], statement, values: Sequence) -> str:
    """The text of ``statement`` for SQLite's driver, bound to ``values`` (its one expanding parameter) in order."""
    text = _statements.get(key)
    if text is None:
        compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        if len(compiled.positiontup or ()) != len(values):  # the values are passed to the driver as they are
            raise AssertionError(f"{key[0]}: the statement binds other values than the {len(values)} given")
        text = _statements[key] = str(compiled)
    return text


def _deciding_rows(conn: Connection, customer_ids: Sequence[str] | None) -> Iterable[Sequence]:
    """``DECIDING`` of the contacts of ``customer_ids`` (None: every customer), grouped by customer, newest first.

    The customers' index read backwards (customers in descending order too:
    no sort). On SQLite the driver's own cursor, read row by row: plain
    tuples, a date the text it is stored as. Elsewhere Core's rows,
    ``_FETCH`` at a time.
    """
    table = ContactRow.__table__
    query = select(*(table.c[name] for name in DECIDING)).order_by(
        table.c.customer_id.desc(), table.c.contacted_on.desc(), table.c.id.desc()
    )
    if conn.dialect.name != "sqlite":
        if customer_ids is not None:
            query = query.where(table.c.customer_id.in_(customer_ids))
        return conn.execute(query.execution_options(yield_per=_FETCH))
    values: tuple = ()
    if customer_ids is not None:
        values = tuple(customer_ids)
        query = query.where(table.c.customer_id.in_(bindparam("ids", list(values), expanding=True)))
    text = _sqlite_text(conn, ("select", None if customer_ids is None else len(values)), query, values)
    return conn.connection.driver_connection.execute(text, values)


def _copy(conn: Connection, ids: list[int]) -> int:
    """Copy the contacts ``ids`` (sorted) into the digest, in id order; returns how many.

    ``INSERT ... SELECT``: the rows go from table to table inside the
    database, stored exactly as the contacts hold them.
    """
    contacts, table = ContactRow.__table__, ContactDigestRow.__table__
    dialect = conn.dialect.name
    size = _COPY
    if dialect == "sqlite":
        raw = conn.connection.driver_connection
        size = min(size, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        if dialect == "postgresql":  # one array parameter, not one per id
            chosen = contacts.c.id == any_(bindparam("ids", chunk, type_=ARRAY(Integer)))
        else:
            chosen = contacts.c.id.in_(bindparam("ids", chunk, expanding=True))
        source = select(*(contacts.c[name] for name in COLUMNS)).where(chosen).order_by(contacts.c.id)
        statement = table.insert().from_select(COLUMNS, source)
        if dialect == "sqlite":
            raw.execute(_sqlite_text(conn, ("copy", len(chunk)), statement, chunk), chunk)
        else:
            conn.execute(statement)
    return len(ids)


def _write(conn: Connection, ids: list[int], empty: bool) -> int:
    """:func:`_copy` of ``ids``; into an ``empty`` digest, many of them with its index built once at the end."""
    table = ContactDigestRow.__table__
    dropped = bulk.drop_indexes(conn, table) if empty and len(ids) >= _REINDEX else []  # SQLite only
    written = _copy(conn, ids)
    bulk.create_indexes(conn, dropped)
    return written


def refresh(conn: Connection, customer_ids: Iterable[str] | None = None) -> int:
    """Bring the digest of ``customer_ids`` (None: every customer) up to date with their contacts.

    Their digest rows are deleted and the contacts :func:`kept_ids` keeps
    copied in again; other customers' rows are left as they are. Returns the
    number of digest rows written.
    """
    table = ContactDigestRow.__table__
    wanted = None if customer_ids is None else sorted(set(customer_ids))
    if wanted == []:
        return 0
    # nothing to delete: the first import, a rebuild (whose DELETE would find nothing either)
    empty = conn.execute(select(table.c.id).limit(1)).first() is None
    if wanted is None:
        if not empty:
            conn.execute(delete(table))
        return _write(conn, sorted(kept_ids(_deciding_rows(conn, None))), empty=True)
    ids: list[int] = []
    for chunk in _chunks(wanted, _CHUNK):
        if not empty:
            conn.execute(delete(table).where(table.c.customer_id.in_(chunk)))
        ids.extend(kept_ids(_deciding_rows(conn, chunk)))  # row by row: the rows are read before the next DELETE
    ids.sort()
    return _write(conn, ids, empty)


def stale_customers(conn: Connection) -> list[str]:
    """The customers whose stored digest differs from the digest of their contacts (``followup check``)."""
    table = ContactDigestRow.__table__
    ids = sorted(
        set(conn.execute(select(ContactRow.__table__.c.customer_id).distinct()).scalars())
        | set(conn.execute(select(table.c.customer_id).distinct()).scalars())
    )
    stale = []
    for start in range(0, len(ids), _CHECK):  # a chunk of customers at a time: a dealer group's history is large
        chunk = ids[start : start + _CHECK]
        expected: dict[str, list] = {}
        for row in digest_rows(_contact_rows(conn, chunk)):
            expected.setdefault(row["customer_id"], []).append(tuple(row[name] for name in COLUMNS))
        stored: dict[str, list] = {}
        query = (
            select(*(table.c[name] for name in COLUMNS))
            .where(table.c.customer_id.in_(chunk))
            .order_by(table.c.customer_id, table.c.contacted_on, table.c.id)
        )
        for row in conn.execute(query):
            stored.setdefault(row[0], []).append(tuple(row))
        stale.extend(c for c in expected.keys() | stored.keys() if expected.get(c) != stored.get(c))
    return sorted(stale)

