"""The contact digest table: per customer, the contacts the morning list can still need (issue 7).

``rules.digest`` decides which contacts those are; this module keeps a copy
of them in ``contact_digest``, so ``followup due`` reads a few rows per
customer instead of years of history. ``followup import contacts`` and
``followup log`` call :func:`refresh` in the same transaction as the
contacts they write; ``followup check --rebuild`` rebuilds the whole table
from the raw rows, and ``followup check`` compares the two.
"""

from __future__ import annotations

from itertools import groupby, islice
from operator import itemgetter
from typing import Iterable, Iterator, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection

from followup_cli.rules.digest import digest
from followup_cli.rules.model import Contact
from followup_cli.store.tables import ContactDigestRow, ContactRow

#: the columns of a digest row, in ``Contact`` field order (``id`` last, as the contact's seq)
COLUMNS = ("customer_id", "contacted_on", "channel", "touchpoint", "outcome", "staff", "next_contact_on", "score",
           "note", "id")
#: customers refreshed with one query; above ``_SCAN`` customers one scan of every contact is cheaper
_CHUNK = 500
_SCAN = 5000


def _contact(row: Sequence) -> Contact:
    record = object.__new__(Contact)
    record.__dict__.update(zip(_FIELDS, row))
    return record


_FIELDS = (*COLUMNS[:-1], "seq")


def _contact_rows(conn: Connection, customer_ids: Sequence[str] | None):
    table = ContactRow.__table__
    query = select(*(table.c[name] for name in COLUMNS)).order_by(table.c.customer_id, table.c.contacted_on, table.c.id)
    if customer_ids is not None:
        query = query.where(table.c.customer_id.in_(customer_ids))
    # a statement option: Connection.execution_options() would stream every later statement of the
    # connection too (on PostgreSQL a server-side cursor, which an UPDATE cannot be)
    return conn.execute(query.execution_options(yield_per=20000))


def digest_rows(rows: Iterable[Sequence]) -> Iterator[dict]:
    """The digest rows of contact rows (``COLUMNS``) grouped by customer, oldest first within each."""
    for _, group in groupby(rows, key=itemgetter(0)):
        for c in digest([_contact(row) for row in group]):
            yield {name: getattr(c, name) for name in _FIELDS[:-1]} | {"id": c.seq}


def _chunks(values: Iterable, size: int) -> Iterator[list]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


def _insert(conn: Connection, rows: Iterable[dict]) -> int:
    table = ContactDigestRow.__table__
    count = 0
    for chunk in _chunks(rows, 5000):
        conn.execute(table.insert(), chunk)
        count += len(chunk)
    return count


def refresh(conn: Connection, customer_ids: Iterable[str] | None = None) -> int:
    """Bring the digest of ``customer_ids`` (None: every customer) up to date with their contacts.

    Returns the number of digest rows written.
    """
    table = ContactDigestRow.__table__
    wanted = None if customer_ids is None else sorted(set(customer_ids))
    if wanted is None or len(wanted) > _SCAN:
        if wanted is None:
            conn.execute(delete(table))
            return _insert(conn, digest_rows(_contact_rows(conn, None)))
        keep = set(wanted)
        for chunk in _chunks(wanted, _CHUNK):
            conn.execute(delete(table).where(table.c.customer_id.in_(chunk)))
        rows = (row for row in _contact_rows(conn, None) if row[0] in keep)
        return _insert(conn, digest_rows(rows))
    written = 0
    for chunk in _chunks(wanted, _CHUNK):
        conn.execute(delete(table).where(table.c.customer_id.in_(chunk)))
        written += _insert(conn, list(digest_rows(_contact_rows(conn, chunk).all())))
    return written


def stale_customers(conn: Connection) -> list[str]:
    """The customers whose stored digest differs from the digest of their contacts (``followup check``)."""
    table = ContactDigestRow.__table__
    expected: dict[str, list] = {}
    for row in digest_rows(_contact_rows(conn, None)):
        expected.setdefault(row["customer_id"], []).append(tuple(row[name] for name in COLUMNS))
    stored: dict[str, list] = {}
    query = select(*(table.c[name] for name in COLUMNS)).order_by(table.c.customer_id, table.c.contacted_on, table.c.id)
    for row in conn.execute(query):
        stored.setdefault(row[0], []).append(tuple(row))
    return sorted(c for c in expected.keys() | stored.keys() if expected.get(c) != stored.get(c))


def row_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(ContactDigestRow.__table__)).scalar_one()
