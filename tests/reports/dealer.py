"""Builders for report stories: a small hand-built dealership, a day, a period, exact numbers.

A copy of the few builders of tests/rules/story.py the reports need (tests/
is not a package, so story.py cannot be imported from here), plus
``report_input`` to make a :class:`ReportInput`::

    files = [file(customer(stage="owner"), vehicles=[vehicle(delivered_on=D(2026, 3, 1))])]
    report = workload(report_input(files, D(2026, 3, 2)))

Defaults: customer ``C001`` owned by consultant ``S01`` (team ``sales``) with
advisor ``A01``; the dealership has ``S01`` (consultant, sales), ``A01``
(advisor, service), ``M01`` (manager, sales) and ``K01`` (crm).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date as D  # noqa: N812  (tests write D(2026, 3, 1))
from itertools import count
from typing import Any, Iterable, Mapping

from followup_cli.reports.model import Period, Report, ReportInput, Table
from followup_cli.rules.model import Campaign, Contact, Customer, CustomerFile, Dealership, Staff, Vehicle, Visit
from followup_cli.rules.policy import Policy, default_policy

CID = "C001"
VIN = "LSVAB2BM0JN000001"
VIN2 = "LSVAB2BM0JN000002"

STAFF: tuple[Staff, ...] = (
    Staff("S01", "Sales One", "consultant", "sales"),
    Staff("A01", "Advisor One", "advisor", "service"),
    Staff("M01", "Manager One", "manager", "sales"),
    Staff("K01", "Clerk One", "crm", None),
)
DEALERSHIP = Dealership(staff=STAFF)

_visit_ids = count(1)


def customer(**kw: Any) -> Customer:
    """A customer ``C001``, prospect by default, owned by S01 and advised by A01."""
    fields: dict[str, Any] = dict(
        customer_id=CID,
        name="王先生",
        phone="13800138000",
        stage="prospect",
        owner="S01",
        advisor="A01",
        created_on=D(2025, 1, 1),
    )
    fields.update(kw)
    return Customer(**fields)


def vehicle(**kw: Any) -> Vehicle:
    """Vehicle ``VIN`` of ``C001``, sold here; dates only when the story gives them."""
    fields: dict[str, Any] = dict(vin=VIN, customer_id=CID, model="Lavida", sold_here=True)
    fields.update(kw)
    return Vehicle(**fields)


def visit(**kw: Any) -> Visit:
    """A maintenance visit of ``VIN``; give at least ``visited_on``."""
    fields: dict[str, Any] = dict(vin=VIN, kind="maintenance")
    fields.update(kw)
    if "visit_id" not in fields:
        fields["visit_id"] = f"V{next(_visit_ids):05d}"
    return Visit(**fields)


def contact(**kw: Any) -> Contact:
    """A reached phone call to ``C001``, no touchpoint, no staff; give at least ``contacted_on``."""
    fields: dict[str, Any] = dict(customer_id=CID, channel="phone", outcome="reached")
    fields.update(kw)
    return Contact(**fields)


def campaign(**kw: Any) -> Campaign:
    fields: dict[str, Any] = dict(campaign_id="P001", name="Campaign", kind="event")
    fields.update(kw)
    for key in ("target_models", "target_stages", "target_grades", "vins"):
        if key in fields:
            fields[key] = tuple(fields[key])
    return Campaign(**fields)


def dealership_of(*extra: Staff, base: Iterable[Staff] = STAFF, campaigns: Iterable[Campaign] = ()) -> Dealership:
    """A dealership with the default staff plus ``extra`` (and ``campaigns``)."""
    return Dealership(staff=tuple(base) + tuple(extra), campaigns=tuple(campaigns))


def file(
    customer: Customer,
    vehicles: Iterable[Vehicle] = (),
    visits: Iterable[Visit] = (),
    contacts: Iterable[Contact] = (),
    referrals: Iterable[Customer] = (),
) -> CustomerFile:
    """A customer's file as the loaders give it: visits and contacts oldest first."""
    cid = customer.customer_id
    vehicles = tuple(v if v.customer_id == cid else replace(v, customer_id=cid) for v in vehicles)
    contacts = tuple(replace(c, customer_id=cid, seq=c.seq or i + 1) for i, c in enumerate(contacts))
    contacts = tuple(sorted(contacts, key=lambda c: (c.contacted_on, c.seq)))
    visits = tuple(sorted(visits, key=lambda v: (v.visited_on, v.visit_id)))
    return CustomerFile(customer, vehicles, visits, contacts, tuple(referrals))


def policy_of(overrides: Mapping[str, Any] | None = None) -> Policy:
    """The default policy with dotted-path overrides, e.g. ``{"general.default_daily_capacity": 2}``."""
    base = default_policy()
    if not overrides:
        return base
    data = base.as_dict()
    for path, value in overrides.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[part]
        if last not in node:
            raise KeyError(f"policy has no key {path!r}")
        node[last] = value
    return Policy(data)


def report_input(
    files: Iterable[CustomerFile],
    today: D,
    start: D | None = None,
    end: D | None = None,
    days: int = 14,
    dealership: Dealership | None = None,
    policy: Policy | Mapping[str, Any] | None = None,
) -> ReportInput:
    """What ``followup report`` hands a report: the period defaults to ``today`` alone."""
    if policy is None or isinstance(policy, Mapping):
        policy = policy_of(policy)
    period = Period(start or today, end or today)
    return ReportInput(tuple(files), dealership or DEALERSHIP, policy, today, period, days)


def table(report: Report, name: str) -> Table:
    """The report's table called ``name``."""
    found = [t for t in report.tables if t.name == name]
    assert len(found) == 1, f"expected one table {name!r}, got {[t.name for t in report.tables]}"
    return found[0]


def rows(report: Report, name: str) -> list[dict[str, Any]]:
    """The rows of table ``name`` as dicts keyed by column key (what JSON gives)."""
    t = table(report, name)
    keys = [c.key for c in t.columns]
    return [dict(zip(keys, row)) for row in t.rows]


def row(report: Report, name: str, **match: Any) -> dict[str, Any]:
    """The one row of table ``name`` whose columns equal ``match``."""
    found = [r for r in rows(report, name) if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one row {match} in {name!r}, got {found}"
    return found[0]
