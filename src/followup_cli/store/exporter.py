"""Reading a kind back out of the store, as CSV-shaped dicts (the importer's inverse)."""

from __future__ import annotations

from typing import Callable, Iterator, Sequence

from sqlalchemy import false, or_, select
from sqlalchemy.engine import Connection, Engine

from followup_cli.store.dialect import key_order
from followup_cli.store.tables import KIND_TABLES, ContactRow, CustomerRow, VehicleRow

LIST_COLUMNS = ("target_models", "target_stages", "target_grades", "vins")


def _callable_customers():
    """Customers who may be contacted: not opted out by flag nor by an opted_out contact."""
    opted_out = select(ContactRow.customer_id).where(ContactRow.outcome == "opted_out")
    return select(CustomerRow.customer_id).where(
        or_(CustomerRow.do_not_contact.is_(None), CustomerRow.do_not_contact == false()),
        CustomerRow.customer_id.not_in(opted_out),
    )


def export_with(
    engine: Engine, kind: str, order_by: Sequence[str], write: Callable[[Iterator[dict]], int], callable_only: bool = False
) -> int:
    """``write`` the rows of ``kind`` as they are read (one read transaction); what ``write`` returns."""
    with engine.connect() as conn:
        return write(export_rows(conn, kind, order_by, callable_only=callable_only))


def export_rows(conn: Connection, kind: str, order_by: Sequence[str], callable_only: bool = False) -> Iterator[dict]:
    table = KIND_TABLES[kind][0].__table__
    query = select(table).order_by(*[key_order(table.c[c], conn.dialect.name) for c in order_by])
    if callable_only:
        if kind == "customers":
            query = query.where(CustomerRow.customer_id.in_(_callable_customers()))
        elif kind in ("vehicles", "contacts"):
            query = query.where(table.c.customer_id.in_(_callable_customers()))
        elif kind == "visits":
            owned = select(VehicleRow.vin).where(VehicleRow.customer_id.in_(_callable_customers()))
            query = query.where(table.c.vin.in_(owned))
    # options of this statement only: Connection.execution_options would stream every later statement on conn
    # too (a server-side cursor on PostgreSQL, which an INSERT or UPDATE cannot use)
    for row in conn.execute(query, execution_options={"stream_results": True, "yield_per": 2000}).mappings():
        values = dict(row)
        values.pop("id", None)
        values.pop("fingerprint", None)
        values.pop("occurrence", None)
        for column in LIST_COLUMNS:
            if column in values:
                values[column] = tuple(p for p in (values[column] or "").split(";") if p)
        yield values
