"""`followup copy SRC_DB DST_DB`: a store joins the group's database (or leaves it) (issue 8).

Every row of the source goes into the target in one transaction, through
the same SQLAlchemy tables on both sides, so SQLite -> PostgreSQL and back
are the same code. Nothing is written when a key of the source is already
in the target (the clashes are listed), and the row counts are checked
before the transaction commits. ``store``: rows of staff and customers with
a blank store get that store code (a single-store file never set one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from followup_cli.message import Message, N_
from followup_cli.store import digest
from followup_cli.store.database import StoreError
from followup_cli.store.tables import (
    CampaignRow,
    ContactRow,
    CustomerRow,
    StaffRow,
    StageChangeRow,
    StoreRow,
    VehicleRow,
    VisitRow,
)

#: (table, key column) in the order rows can be inserted (what a row refers to comes first)
TABLES = (
    (StoreRow, "code"),
    (StaffRow, "code"),
    (CustomerRow, "customer_id"),
    (VehicleRow, "vin"),
    (VisitRow, "visit_id"),
    (CampaignRow, "campaign_id"),
    (ContactRow, None),  # no natural key: each contact gets a new id in the target
    (StageChangeRow, None),
)
STAMPED = ("staff", "customers", "campaigns")  # the tables whose blank ``store`` takes the --store code
BATCH = 2000
SHOWN = 10  # clashing keys named per table


@dataclass
class CopyResult:
    copied: dict[str, int] = field(default_factory=dict)  # table -> rows copied


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _keys(conn: Connection, table, key: str) -> set:
    return set(conn.execute(select(table.c[key])).scalars())


def _count(conn: Connection, table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def clashes(source: Connection, target: Connection) -> list[tuple[str, int, list[str]]]:
    """(table, how many, the first keys) of every source key already in the target."""
    found = []
    for row_type, key in TABLES:
        if key is None:
            continue
        table = row_type.__table__
        both = sorted(_keys(source, table, key) & _keys(target, table, key))
        if both:
            found.append((table.name, len(both), both[:SHOWN]))
    return found


def copy_database(source: Engine, target: Engine, store: str | None = None) -> CopyResult:
    """Copy every row of ``source`` into ``target`` in one transaction; refuse key clashes; check counts."""
    result = CopyResult()
    with source.connect() as src, target.begin() as dst:
        found = clashes(src, dst)
        if found:
            listed = "; ".join(
                f"{name}: {n} ({', '.join(keys)}{', ...' if n > len(keys) else ''})" for name, n, keys in found
            )
            raise StoreError(
                Message.of(N_("nothing copied: these keys are already in the target: {clashes}"), clashes=listed)
            )
        before = {row_type.__table__.name: _count(dst, row_type.__table__) for row_type, _ in TABLES}
        customers: set[str] = set()
        for row_type, key in TABLES:
            table = row_type.__table__
            columns = [c.name for c in table.columns if not (key is None and c.name == "id")]
            query = select(*(table.c[c] for c in columns))
            if key is not None:
                query = query.order_by(table.c[key])
            else:
                query = query.order_by(table.c.id)
            copied = 0
            rows = src.execute(query.execution_options(yield_per=BATCH))
            for chunk in _chunks(rows, BATCH):
                values = [dict(zip(columns, row)) for row in chunk]
                if store is not None and table.name in STAMPED:
                    for v in values:
                        if not v.get("store"):
                            v["store"] = store
                if table.name == "contacts":
                    customers.update(v["customer_id"] for v in values)
                dst.execute(table.insert(), values)
                copied += len(values)
            result.copied[table.name] = copied
        for row_type, _ in TABLES:
            table = row_type.__table__
            expected = before[table.name] + _count(src, table)
            got = _count(dst, table)
            if got != expected:
                raise StoreError(
                    Message.of(
                        N_("nothing copied: {table} has {got} rows after the copy, expected {expected}"),
                        table=table.name,
                        got=got,
                        expected=expected,
                    )
                )
        if store is not None and not dst.execute(select(StoreRow.code).where(StoreRow.code == store)).first():
            dst.execute(StoreRow.__table__.insert(), [{"code": store}])  # the store joins the group's list
        digest.refresh(dst, customers)
    return result
