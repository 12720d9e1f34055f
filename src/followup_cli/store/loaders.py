"""From the store to plain records: a few bulk queries, never one query per customer.

The rule engine reads only what these functions return (frozen dataclasses of
``rules.model``); it never sees a connection.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from typing import Iterable, Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.engine import Connection

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
from followup_cli.store.tables import CampaignRow, ContactRow, CustomerRow, StaffRow, VehicleRow, VisitRow

_LIST_COLUMNS = ("target_models", "target_stages", "target_grades", "vins")


def _names(record_type) -> list[str]:
    return [f.name for f in fields(record_type)]


def _columns(table, names: Sequence[str]):
    cols = table.__table__.c
    return [cols[n] for n in names]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip()) if value else ()


_STAFF = _names(Staff)
_CUSTOMER = _names(Customer)
_VEHICLE = _names(Vehicle)
_VISIT = _names(Visit)
_CONTACT = [n for n in _names(Contact) if n != "seq"]
_CAMPAIGN = _names(Campaign)


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
    values = dict(zip(_CUSTOMER, row))
    values["name"] = values["name"] or ""
    values["stage"] = values["stage"] or "prospect"
    values["do_not_contact"] = bool(values["do_not_contact"])
    return Customer(**values)


def _vehicle(row: Sequence) -> Vehicle:
    return Vehicle(**dict(zip(_VEHICLE, row)))


def _visit(row: Sequence) -> Visit:
    return Visit(**dict(zip(_VISIT, row)))


def _contact(row: Sequence) -> Contact:
    *values, seq = row
    return Contact(**dict(zip(_CONTACT, values)), seq=seq)


def load_files(conn: Connection, customer_ids: Iterable[str] | None = None) -> list[CustomerFile]:
    """Every customer's file (or only those of ``customer_ids``), in customer_id order."""
    wanted = None if customer_ids is None else sorted(set(customer_ids))

    def only(query, column):
        return query if wanted is None else query.where(column.in_(wanted))

    customers = [
        _customer(row)
        for row in conn.execute(
            only(select(*_columns(CustomerRow, _CUSTOMER)), CustomerRow.customer_id).order_by(CustomerRow.customer_id)
        )
    ]
    vehicles: dict[str, list[Vehicle]] = defaultdict(list)
    owner_of: dict[str, str] = {}
    for row in conn.execute(
        only(select(*_columns(VehicleRow, _VEHICLE)), VehicleRow.customer_id).order_by(VehicleRow.vin)
    ):
        v = _vehicle(row)
        if v.customer_id is not None:
            vehicles[v.customer_id].append(v)
            owner_of[v.vin] = v.customer_id

    visits: dict[str, list[Visit]] = defaultdict(list)
    visit_query = select(*_columns(VisitRow, _VISIT)).order_by(VisitRow.visited_on, VisitRow.visit_id)
    if wanted is not None:
        visit_query = visit_query.where(VisitRow.vin.in_(list(owner_of)))
    for row in conn.execute(visit_query):
        visit = _visit(row)
        customer_id = owner_of.get(visit.vin)
        if customer_id is not None and visit.visited_on is not None:
            visits[customer_id].append(visit)

    contacts: dict[str, list[Contact]] = defaultdict(list)
    contact_query = only(
        select(*_columns(ContactRow, _CONTACT), ContactRow.id), ContactRow.customer_id
    ).order_by(ContactRow.customer_id, ContactRow.contacted_on, ContactRow.id)
    for row in conn.execute(contact_query):
        contacts[row[0]].append(_contact(row))

    referrals: dict[str, list[Customer]] = defaultdict(list)
    referral_query = select(*_columns(CustomerRow, _CUSTOMER)).where(CustomerRow.referred_by.is_not(None))
    if wanted is not None:
        referral_query = referral_query.where(CustomerRow.referred_by.in_(wanted))
    for row in conn.execute(referral_query.order_by(CustomerRow.customer_id)):
        referred = _customer(row)
        referrals[referred.referred_by].append(referred)

    return [
        CustomerFile(
            customer=c,
            vehicles=tuple(vehicles.get(c.customer_id, ())),
            visits=tuple(visits.get(c.customer_id, ())),
            contacts=tuple(contacts.get(c.customer_id, ())),
            referrals=tuple(referrals.get(c.customer_id, ())),
        )
        for c in customers
    ]


def load_file(conn: Connection, customer_id: str) -> CustomerFile | None:
    files = load_files(conn, [customer_id])
    return files[0] if files else None


def iter_rows(conn: Connection, table, order_by: Sequence[str]) -> Iterator[dict]:
    """Every row of a table as a dict, in a stable order (for export)."""
    cols = table.__table__.c
    result = conn.execution_options(stream_results=True).execute(
        select(table.__table__).order_by(*[cols[n] for n in order_by])
    )
    for row in result.mappings():
        yield dict(row)
