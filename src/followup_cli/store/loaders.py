"""From the store to plain records: a few bulk queries, never one query per customer.

The rule engine reads only what these functions return (frozen dataclasses of
``rules.model``); it never sees a connection.

``load_files`` is the first half of ``followup due --all``: it reads every
contact of the dealership. Rows are fetched in bulk (``fetchall``, not one
``fetchone`` per row) and records are built from them positionally — the
select lists the columns in field order — without the frozen dataclass
``__init__``, which sets each field through ``object.__setattr__``. The
cyclic garbage collector is paused meanwhile: the records hold no cycles, and
it would otherwise scan the growing heap again and again (a third of the time).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date
from typing import Callable, Iterable, Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from followup_cli.rules.assign import stores_served
from followup_cli.rules.model import (
    Campaign,
    Contact,
    Customer,
    CustomerFile,
    Dealership,
    Staff,
    Vehicle,
    Visit,
)
from followup_cli.store.tables import (
    CampaignRow,
    ContactDigestRow,
    ContactRow,
    CustomerRow,
    StaffRow,
    StoreRow,
    VehicleRow,
    VisitRow,
)

_LIST_COLUMNS = ("target_models", "target_stages", "target_grades", "vins")


def _names(record_type) -> list[str]:
    return [f.name for f in fields(record_type)]


def _columns(table, names: Sequence[str]):
    cols = table.__table__.c
    return [cols[n] for n in names]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip()) if value else ()


def _maker(record_type) -> Callable[[Iterable], object]:
    """A constructor of ``record_type`` from every field's value, in field order.

    The same record as ``record_type(*values)``: these records have no
    ``__post_init__`` and every field is given, so nothing of ``__init__`` is
    skipped but its per-field ``object.__setattr__`` (about half the cost of
    a contact, and a dealership has a million contacts).
    """
    names = tuple(_names(record_type))
    new = object.__new__

    def make(values: Iterable) -> object:
        record = new(record_type)
        record.__dict__.update(zip(names, values))
        return record

    return make


_STAFF = _names(Staff)
_CUSTOMER = _names(Customer)
_VEHICLE = _names(Vehicle)
_VISIT = _names(Visit)
_CONTACT = [n for n in _names(Contact) if n != "seq"]
_CAMPAIGN = _names(Campaign)
assert _names(Contact)[-1] == "seq"  # the id column is selected last, as seq

_make_customer = _maker(Customer)
_make_vehicle = _maker(Vehicle)
_make_visit = _maker(Visit)
_make_contact = _maker(Contact)
_CUSTOMER_NAME = _CUSTOMER.index("name")
_CUSTOMER_STAGE = _CUSTOMER.index("stage")
_CUSTOMER_FLAGS = tuple(_CUSTOMER.index(name) for name in ("do_not_contact", "no_marketing", "important"))
_CUSTOMER_REFERRED_BY = _CUSTOMER.index("referred_by")
_VISIT_VIN = _VISIT.index("vin")
_VISIT_ON = _VISIT.index("visited_on")
_CONTACT_ON = _CONTACT.index("contacted_on")
_VEHICLE_OWNER = _VEHICLE.index("customer_id")


def read(engine: Engine, *queries: Callable[[Connection], object] | tuple) -> tuple:
    """Each query in one read transaction (one snapshot), their answers in order: how a command reads
    the store without holding a connection itself. A query is a loader of this module taking the
    connection alone (``load_dealership``), or a tuple of one and its other arguments
    (``(vehicles_of, vins)``)."""
    with engine.connect() as conn:
        return tuple(query(conn) if callable(query) else query[0](conn, *query[1:]) for query in queries)


def load_dealership(conn: Connection) -> Dealership:
    staff = tuple(
        Staff(**dict(zip(_STAFF, row)))
        for row in conn.execute(select(*_columns(StaffRow, _STAFF)).order_by(StaffRow.code))
    )
    campaigns = []
    for row in conn.execute(select(*_columns(CampaignRow, _CAMPAIGN)).order_by(CampaignRow.campaign_id)):
        values = dict(zip(_CAMPAIGN, row))
        for name in _LIST_COLUMNS:
            values[name] = _split(values[name])
        values["name"] = values["name"] or ""
        values["kind"] = values["kind"] or "event"
        campaigns.append(Campaign(**values))
    return Dealership(staff=staff, campaigns=tuple(campaigns))


def _customer(row: Sequence) -> Customer:
    values = list(row)
    values[_CUSTOMER_NAME] = values[_CUSTOMER_NAME] or ""
    values[_CUSTOMER_STAGE] = values[_CUSTOMER_STAGE] or "prospect"
    for flag in _CUSTOMER_FLAGS:
        values[flag] = bool(values[flag])
    return _make_customer(values)  # type: ignore[return-value]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (only acyclic records are built); restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _rows(conn: Connection, query) -> Sequence:
    """Every row of ``query``, fetched at once (row by row costs twice as much)."""
    return conn.execute(query).fetchall()


def load_files(conn: Connection, customer_ids: Iterable[str] | None = None) -> list[CustomerFile]:
    """Every customer's file (or only those of ``customer_ids``), in customer_id order, with every contact."""
    wanted = None if customer_ids is None else sorted(set(customer_ids))
    with _collector_paused():
        return _load_files(conn, _Chosen(ids=wanted))


def due_files(
    conn: Connection, today: date, customer_ids: Iterable[str] | None = None, chunk_size: int = 4000
) -> Iterator[CustomerFile]:
    """Every customer's file (or those of ``customer_ids``) for the morning list of ``today``, a chunk at a time.

    Contacts come from the digest (``store.digest``): the same list as the
    whole history for every day on or after a customer's latest contact; a
    customer with contacts after ``today`` gets the whole history (the
    engine cuts it to the day). Only one chunk of customers' records is in
    memory at once. In customer_id order.
    """
    return _in_chunks(conn, _chunks(conn, customer_ids, chunk_size), today)


class CustomerFiles:
    """Every customer's file with its whole history (or those of ``customer_ids``), in customer_id order:
    what ``followup report`` reads.

    Re-iterable, and a chunk at a time: each ``iter()`` reads the files from
    the store again, ``chunk_size`` customers at once, and keeps nothing
    between chunks — a report may go over them twice, but never holds them all
    (a dealer group's files fill gigabytes). Iterate while the connection is open.
    """

    def __init__(self, conn: Connection, customer_ids: Iterable[str] | None = None, chunk_size: int = 2000):
        self._conn = conn
        self.customer_ids = None if customer_ids is None else tuple(sorted(set(customer_ids)))
        self.chunk_size = chunk_size

    def __iter__(self) -> Iterator[CustomerFile]:
        return _in_chunks(self._conn, _chunks(self._conn, self.customer_ids, self.chunk_size), None)

    def only(self, customer_ids: Iterable[str]) -> "CustomerFiles":
        """The files of ``customer_ids`` among these."""
        wanted = set(customer_ids) if self.customer_ids is None else set(customer_ids) & set(self.customer_ids)
        return CustomerFiles(self._conn, wanted, self.chunk_size)


def _chunks(conn: Connection, customer_ids: Iterable[str] | None, chunk_size: int) -> list[_Chosen]:
    """Which customers each chunk loads: ranges of ``chunk_size`` ids, or lists of 500 of ``customer_ids``."""
    if customer_ids is None:
        ids = conn.execute(select(CustomerRow.customer_id).order_by(CustomerRow.customer_id)).scalars().all()
        return [_Chosen(first=ids[i], last=ids[min(i + chunk_size, len(ids)) - 1]) for i in range(0, len(ids), chunk_size)]
    wanted = sorted(set(customer_ids))
    return [_Chosen(ids=wanted[i : i + 500]) for i in range(0, len(wanted), 500)]


def _in_chunks(conn: Connection, chunks: Sequence[_Chosen], today: date | None) -> Iterator[CustomerFile]:
    """The files of each chunk in turn (``today``: from the digest, as ``due_files``), one chunk in memory."""
    try:
        for number, chosen in enumerate(chunks, 1):
            with _collector_paused():
                files = _load_files(conn, chosen, today=today)
            yield from files
            del files
            if number < len(chunks):
                # the caller may keep the collector paused: free this chunk's cyclic leftovers now (the young
                # generations only: what an earlier call set aside is not walked again), and set what survives
                # (the caller's results) aside, so the next collection does not walk it
                gc.collect(1)
                gc.freeze()
    finally:
        gc.unfreeze()


@dataclass(frozen=True)
class _Chosen:
    """Which customers to load: ``ids`` (None: every customer), or those from ``first`` to ``last``."""

    ids: Sequence[str] | None = None
    first: str | None = None
    last: str | None = None

    @property
    def every(self) -> bool:
        return self.ids is None and self.first is None

    def where(self, query, column):
        if self.ids is not None:
            return query.where(column.in_(self.ids))
        if self.first is not None:
            return query.where(column.between(self.first, self.last))
        return query


def _load_files(conn: Connection, chosen: _Chosen, today: date | None = None) -> list[CustomerFile]:
    customers = [
        _customer(row)
        for row in _rows(
            conn,
            chosen.where(select(*_columns(CustomerRow, _CUSTOMER)), CustomerRow.customer_id).order_by(
                CustomerRow.customer_id
            ),
        )
    ]
    # Rows are grouped by customer first and each customer's records built together at the
    # end, so one customer's records lie side by side in memory: the rule engine reads one
    # customer at a time, and records scattered over the heap cost it a cache miss each.
    vehicle_rows: dict[str, list] = {}
    owner_of: dict[str, str] = {}
    vehicle_query = chosen.where(select(*_columns(VehicleRow, _VEHICLE)), VehicleRow.customer_id)
    for row in _rows(conn, vehicle_query.order_by(VehicleRow.vin)):
        customer_id = row[_VEHICLE_OWNER]
        if customer_id is not None:
            _group(vehicle_rows, customer_id, row)
            owner_of[row[0]] = customer_id

    visit_rows: dict[str, list] = {}
    visit_query = select(*_columns(VisitRow, _VISIT))
    if not chosen.every:
        visit_query = chosen.where(visit_query.join(VehicleRow, VehicleRow.vin == VisitRow.vin), VehicleRow.customer_id)
    for row in _rows(conn, visit_query.order_by(VisitRow.visited_on, VisitRow.visit_id)):
        customer_id = owner_of.get(row[_VISIT_VIN])
        if customer_id is not None and row[_VISIT_ON] is not None:
            _group(visit_rows, customer_id, row)

    contact_rows = _contact_rows(conn, chosen, ContactRow if today is None else ContactDigestRow)
    if today is not None:
        # the digest answers for days on or after a customer's latest contact (it keeps that whole day)
        later = [cid for cid, rows in contact_rows.items() if rows[-1][_CONTACT_ON] > today]
        for start in range(0, len(later), 500):
            contact_rows.update(_contact_rows(conn, _Chosen(ids=later[start : start + 500]), ContactRow))

    referrals: dict[str, list[Customer]] = {}
    if chosen.every:  # every customer is loaded already, in customer_id order
        referred_customers: Iterable[Customer] = (c for c in customers if c.referred_by is not None)
    else:
        referral_query = chosen.where(select(*_columns(CustomerRow, _CUSTOMER)), CustomerRow.referred_by)
        referred_customers = [_customer(row) for row in _rows(conn, referral_query.order_by(CustomerRow.customer_id))]
    for referred in referred_customers:
        _group(referrals, referred.referred_by, referred)

    files = []
    for c in customers:
        customer_id = c.customer_id
        rows = vehicle_rows.get(customer_id)
        vehicles = tuple(map(_make_vehicle, rows)) if rows else ()
        rows = visit_rows.get(customer_id)
        visits = tuple(map(_make_visit, rows)) if rows else ()
        rows = contact_rows.get(customer_id)
        contacts = tuple(map(_make_contact, rows)) if rows else ()
        referred = referrals.get(customer_id)
        files.append(CustomerFile(c, vehicles, visits, contacts, tuple(referred) if referred else ()))  # type: ignore[arg-type]
    return files


def _contact_rows(conn: Connection, chosen: _Chosen, table) -> dict[str, list]:
    """Contact rows (``Contact`` field order, id last as seq) by customer, oldest first."""
    grouped: dict[str, list] = {}
    query = chosen.where(select(*_columns(table, _CONTACT), table.id), table.customer_id).order_by(
        table.customer_id, table.contacted_on, table.id
    )
    for row in _rows(conn, query):
        _group(grouped, row[0], row)
    return grouped


def store_names(conn: Connection) -> dict[str, str]:
    """Each store's name by code (a message names the customer's store)."""
    return {code: name for code, name in conn.execute(select(StoreRow.code, StoreRow.name)) if name}


def store_customers(conn: Connection, store: str) -> list[str]:
    """The customers of ``store`` (``--store``); a blank store is the only store, when there is one."""
    condition = CustomerRow.store == store
    if conn.execute(select(func.count()).select_from(StoreRow)).scalar_one() <= 1:
        condition = condition | CustomerRow.store.is_(None) | (CustomerRow.store == "")
    return list(conn.execute(select(CustomerRow.customer_id).where(condition).order_by(CustomerRow.customer_id)).scalars())


def of_store(conn: Connection, files: CustomerFiles, dealership: Dealership, store: str) -> tuple[CustomerFiles, Dealership]:
    """Only ``store``'s customers, and the staff who serve it (``report --store``)."""
    staff = []
    for person in dealership.staff:
        served = stores_served(person)
        if served is None or store in served:
            staff.append(person)
    return files.only(store_customers(conn, store)), Dealership(staff=tuple(staff), campaigns=dealership.campaigns)


def vehicles_of(conn: Connection, vins: Iterable[str]) -> dict[str, Vehicle]:
    """The vehicles of ``vins``, by vin, as a list shows them: vin, owner, model and plate only (a dealer
    group's whole list names a hundred thousand vehicles)."""
    wanted = sorted(set(vins))
    found: dict[str, Vehicle] = {}
    columns = (VehicleRow.vin, VehicleRow.customer_id, VehicleRow.model, VehicleRow.plate)
    for start in range(0, len(wanted), 500):
        query = select(*columns).where(VehicleRow.vin.in_(wanted[start : start + 500]))
        for vin, customer_id, model, plate in _rows(conn, query):
            found[vin] = Vehicle(vin, customer_id, model, plate)
    return found


def _group(groups: dict[str, list], key: str, value) -> None:
    found = groups.get(key)
    if found is None:
        groups[key] = [value]
    else:
        found.append(value)


def contacts_of(conn: Connection, customer_ids: Iterable[str]) -> dict[str, list[Contact]]:
    """Each customer's contacts, oldest first (``followup call``: the card's last contacts)."""
    return {f.customer.customer_id: list(f.contacts) for f in load_files(conn, list(customer_ids))}


def load_file(conn: Connection, customer_id: str) -> CustomerFile | None:
    files = load_files(conn, [customer_id])
    return files[0] if files else None


def iter_rows(conn: Connection, table, order_by: Sequence[str]) -> Iterator[dict]:
    """Every row of a table as a dict, in a stable order (for export)."""
    cols = table.__table__.c
    result = conn.execute(
        select(table.__table__).order_by(*[cols[n] for n in order_by]).execution_options(stream_results=True)
    )
    for row in result.mappings():
        yield dict(row)


def contacts_between(conn: Connection, first: date, last: date, customer_ids: Sequence[str] | None = None) -> list[Contact]:
    """The contacts dated from ``first`` to ``last`` (of ``customer_ids``; None: everyone's), by day:
    what ``report workload`` counts of the last week, without reading anyone's whole history."""
    query = (
        select(*_columns(ContactRow, _CONTACT), ContactRow.id)
        .where(ContactRow.contacted_on.between(first, last))
        .order_by(ContactRow.contacted_on, ContactRow.id)
    )
    wanted = None if customer_ids is None else set(customer_ids)
    return [_make_contact(row) for row in _rows(conn, query) if wanted is None or row[0] in wanted]
