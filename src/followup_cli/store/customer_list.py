"""`followup customer list`: the stored customers that match some columns, in key order, with their count."""

from __future__ import annotations

from typing import Mapping

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from followup_cli.store.dialect import key_order
from followup_cli.store.tables import CustomerRow


def list_customers(conn: Connection, wanted: Mapping[str, object], limit: int | None = None) -> tuple[list[dict], int]:
    """(the rows as dicts of their columns, at most ``limit`` of them (None or 0: all), how many match in all).

    ``wanted``: column -> the value it must hold (parsed like the CSV column).
    A blank stage is a prospect (``store.loaders``), so ``stage=prospect`` finds it too.
    """
    customers = CustomerRow.__table__
    query = select(customers)
    for column, value in wanted.items():
        condition = customers.c[column] == value
        if column == "stage" and value == "prospect":
            condition = or_(condition, customers.c[column].is_(None))
        query = query.where(condition)
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar()
    if limit:
        query = query.limit(limit)
    ordered = query.order_by(key_order(customers.c.customer_id, conn.dialect.name))
    return [dict(r) for r in conn.execute(ordered).mappings()], total
