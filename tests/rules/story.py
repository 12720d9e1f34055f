"""Builders for rule-engine stories: a customer, a few records, a date, one verdict.

Every builder fills the fields a story does not care about with plain
defaults, so a test names only what matters to it::

    f = file(customer(stage="owner"), vehicles=[vehicle(delivered_on=D(2026, 3, 1))])
    v = verdict(f, D(2026, 3, 1), "delivery.thanks", vin=VIN)
    assert (v.status, v.due_on, v.staff) == ("due", D(2026, 3, 2), "S01")

Defaults: customer ``C001`` owned by consultant ``S01`` (team ``sales``) with
advisor ``A01``; the dealership has ``S01`` (consultant, sales), ``A01``
(advisor, service), ``M01`` (manager, sales) and ``K01`` (crm).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date as D  # noqa: N812  (tests write D(2026, 3, 1))
from itertools import count
from typing import Any, Iterable, Mapping

from followup_cli.rules.context import RuleContext
from followup_cli.rules.model import (
    Campaign,
    Contact,
    Customer,
    CustomerFile,
    Dealership,
    Staff,
    Vehicle,
    Verdict,
    Visit,
)
from followup_cli.rules.policy import Policy, default_policy

__all__ = [
    "D",
    "CID",
    "VIN",
    "VIN2",
    "STAFF",
    "DEALERSHIP",
    "customer",
    "vehicle",
    "visit",
    "contact",
    "campaign",
    "dealership_of",
    "file",
    "policy_of",
    "ctx",
    "verdicts",
    "verdict",
    "due",
]

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


def dealership_of(
    *extra: Staff, base: Iterable[Staff] = STAFF, campaigns: Iterable[Campaign] = ()
) -> Dealership:
    """A dealership with the default staff plus ``extra`` (and ``campaigns``)."""
    return Dealership(staff=tuple(base) + tuple(extra), campaigns=tuple(campaigns))


def file(
    customer: Customer,
    vehicles: Iterable[Vehicle] = (),
    visits: Iterable[Visit] = (),
    contacts: Iterable[Contact] = (),
    referrals: Iterable[Customer] = (),
) -> CustomerFile:
    """A customer's file as the loaders give it: visits and contacts oldest first.

    Contacts keep the story's order within a day (``seq`` is their position
    unless the story set one).
    """
    cid = customer.customer_id
    vehicles = tuple(v if v.customer_id == cid else replace(v, customer_id=cid) for v in vehicles)
    contacts = tuple(
        replace(c, customer_id=cid, seq=c.seq or i + 1) for i, c in enumerate(contacts)
    )
    contacts = tuple(sorted(contacts, key=lambda c: (c.contacted_on, c.seq)))
    visits = tuple(sorted(visits, key=lambda v: (v.visited_on, v.visit_id)))
    return CustomerFile(customer, vehicles, visits, contacts, tuple(referrals))


def policy_of(overrides: Mapping[str, Any] | None = None) -> Policy:
    """The default policy with dotted-path overrides, e.g. ``{"lead.cadence.A.due": 4}``."""
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


def ctx(
    today: D,
    policy: Policy | Mapping[str, Any] | None = None,
    dealership: Dealership | None = None,
) -> RuleContext:
    """A rule context for ``today``: default policy (or overrides) and dealership."""
    if policy is None or isinstance(policy, Mapping):
        policy = policy_of(policy)
    return RuleContext(today=today, policy=policy, dealership=dealership or DEALERSHIP)


def verdicts(
    file: CustomerFile,
    today: D,
    touchpoint: str | None = None,
    dealership: Dealership | None = None,
    policy: Policy | Mapping[str, Any] | None = None,
) -> list[Verdict]:
    """Every verdict for ``file`` on ``today`` (of one touchpoint if given)."""
    from followup_cli.rules.engine import evaluate

    found = evaluate(file, ctx(today, policy, dealership))
    return [v for v in found if touchpoint is None or v.touchpoint == touchpoint]


def verdict(
    file: CustomerFile,
    today: D,
    touchpoint: str,
    vin: str | None = None,
    dealership: Dealership | None = None,
    policy: Policy | Mapping[str, Any] | None = None,
) -> Verdict:
    """The one verdict of ``touchpoint`` (for ``vin`` if given); fails unless exactly one."""
    found = [
        v for v in verdicts(file, today, touchpoint, dealership, policy) if vin is None or v.vin == vin
    ]
    assert len(found) == 1, f"expected one {touchpoint} verdict (vin={vin}), got {found}"
    return found[0]


def due(
    files: Iterable[CustomerFile],
    today: D,
    dealership: Dealership | None = None,
    policy: Policy | Mapping[str, Any] | None = None,
):
    """The ranked due list of ``files`` on ``today`` (a ``DueList``)."""
    from followup_cli.rules.engine import due_items

    c = ctx(today, policy, dealership)
    return due_items(list(files), c.dealership, c.policy, today)
