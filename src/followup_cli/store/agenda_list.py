"""The whole morning list from the stored agenda in one query (issue 19): ``due --format json``.

``agenda_items`` keeps every entry of every stored plan as columns (``store.agenda.item_rows``). For
one day the database picks the entries due (``rules.engine.status_on``: open, not closed, not missed,
not held by an open complaint), adds the days overdue to each priority base (``rank.Priorities``),
ranks them (``rank.rank_key``), and cuts each staff member's customers beyond their daily capacity
(``rank.apply_capacity``): the list ``rules.engine.day_list`` makes from the same plans, item for item,
streamed in rank order with each item's fixed JSON text as it was stored. A Hypothesis property
(tests/store/test_agenda_store.py) holds the two to the same JSON on both backends.

:func:`rows` gives the plans themselves where they could not be stored (a database this user may only
read, a writer holding the lock too long), and None where a write dropped plans between making and
reading them: the caller lists the plans instead.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date
from typing import Iterator, NamedTuple

from sqlalchemy import and_, case, func, literal, or_, select, true
from sqlalchemy.engine import Engine

from followup_cli.message import Message
from followup_cli.rules.model import MESSAGE_CHANNELS, Dealership
from followup_cli.rules.policy import Policy
from followup_cli.rules.rank import priorities
from followup_cli.store.tables import AgendaItemRow, CustomerRow

_i = AgendaItemRow.__table__.c
_customer = CustomerRow.__table__.c


class Row(NamedTuple):
    """One due item, in rank order: its stored JSON text and what the day makes of it."""

    head: str  # the fields before overdue_days (``jsonfields.head_fields``)
    overdue: int
    hundredths: int  # the priority
    mid: str  # staff, role and channel (``jsonfields.mid_fields``)
    reason: Message
    within: bool
    flags: str  # the flags list
    customer_id: str
    staff: str | None
    role: str
    channel: str
    touchpoint: str
    vin: str | None
    opens: int  # day numbers (``date.toordinal``)
    due: int
    name: str | None  # a message's customer name and store (None for calls)
    store: str | None
    n: int  # its place in the plan
    call: bool
    cuttable: bool


class Listing(NamedTuple):
    rows: Iterator[Row]
    #: customer -> every (staff, touchpoint) due for them, when more than one staff member has some
    also: dict[str, tuple[tuple[str | None, str], ...]]
    #: staff -> the customers cut by their capacity, filled as the rows are read
    cut: dict[str | None, set[str]]
    #: the vehicles messages name, by vin
    vehicles: dict


@contextmanager
def rows(
    engine: Engine, day: date, policy: Policy, dealership: Dealership, store: str | None, capped: bool,
    role: str | None = None,
):
    """The day's list as :class:`Row` s (a :class:`Listing`), or None: see the module.

    ``role``: only that role's items (``rules.worklist.select_items``; a manager's: also those nobody can
    take), each staff member's capacity counted over all their calls, and ``also`` over all the customer's
    items, as in the whole list."""
    from followup_cli.store.agenda import _ensure, covers, snapshot

    for first in (True, False):  # the usual morning: the plans cover the day; else they are made first
        with snapshot(engine) as conn:  # one snapshot for every statement below
            if covers(conn, day, policy, dealership, store):
                yield _listing(conn, day, policy, dealership, store, capped, role)
                return
        if not first:
            break
        unstored = _ensure(engine, day, policy, dealership, store)
        if unstored is not None:  # made in memory (a database this user may only read): listed as they are
            yield unstored
            return
    yield None


def _listing(
    conn, day: date, policy: Policy, dealership: Dealership, store: str | None, capped: bool, role: str | None,
    customers: list[str] | None = None,
) -> Listing:
    """The :class:`Listing` read on ``conn``, whose plans cover ``day``; ``customers``: only theirs."""
    from followup_cli.store.loaders import vehicles_of

    postgres = conn.dialect.name == "postgresql"
    scope = None
    if role is not None:
        a, b = (AgendaItemRow.__table__.alias(name) for name in ("of_role", "callers"))
        codes = select(b.c.staff).distinct().where(_open(b.c, day), b.c.staff.is_not(None), _of_role(b.c, role))
        scope = or_(_i.customer_id.in_(select(a.c.customer_id).where(_of_role(a.c, role))), _i.staff.in_(codes))
    if customers is not None:
        scope = _i.customer_id.in_(customers)
    due = _due(day, policy, store, scope).cte("due")
    beyond, also, vins = _first_pass(conn, due, dealership, policy, capped, postgres)
    cut: dict[str | None, set[str]] = {}
    return Listing(_stream(conn, due, beyond, day, postgres, cut, role), also, cut, vehicles_of(conn, vins))


def _text(column, postgres: bool):
    """A text column ordered as Python orders strings (by code point), whatever the database's collation."""
    return column.collate("C") if postgres else column


def _of_role(items, role: str):
    """``rules.worklist.select_items``: an item of ``role``; of a manager's, also one nobody can take."""
    return or_(items.role == role, items.staff.is_(None)) if role == "manager" else items.role == role


def _open(items, day: date):
    """``rules.engine.status_on``: open on ``day``, not lapsed, not missed (held aside)."""
    d = day.toordinal()
    return and_(items.opens <= d, or_(items.closes.is_(None), items.closes > d), or_(items.missed.is_(None), items.missed > d))


def _due(day: date, policy: Policy, store: str | None, scope=None):
    """The entries due on ``day`` with their days overdue and priority (hundredths); ``scope``: of those
    entries only."""
    d = day.toordinal()
    weights = priorities(policy)
    open_ = _open(_i, day)
    other = AgendaItemRow.__table__.alias("complaint")
    complaint_open = (
        select(other.c.customer_id)
        .where(other.c.customer_id == _i.customer_id, other.c.complaint == true(), _open(other.c, day))
        .exists()
    )
    late = case((literal(d) - _i.due > 0, literal(d) - _i.due), else_=0)
    counted = case((late > weights.cap, weights.cap), else_=late)
    query = select(
        *(_i[name] for name in (
            "customer_id", "n", "opens", "due", "staff", "role", "channel", "touchpoint", "vin", "call", "cuttable",
            "since", "reason", "head", "mid", "flags",
        )),
        late.label("late"),
        (_i.base + counted * weights.per_day).label("p"),
    ).where(open_, or_(_i.held != true(), ~complaint_open))
    if scope is not None:
        query = query.where(scope)
    if store is not None:
        query = query.where(_i.customer_id.in_(select(_customer.customer_id).where(_customer.store == store)))
    return query


def _order(due, postgres: bool) -> tuple:
    """``rank.rank_key``: priority first, then the oldest due day, ids; then the plan's own order."""
    c = due.c
    return (
        c.p.desc(), c.due, _text(c.customer_id, postgres), _text(c.touchpoint, postgres),
        _text(func.coalesce(c.vin, ""), postgres), _text(func.coalesce(c.staff, ""), postgres), c.opens, c.n,
    )


def _first_pass(conn, due, dealership: Dealership, policy: Policy, capped: bool, postgres: bool):
    """Who calls whom, in rank order: the customers beyond each staff member's daily capacity
    (``rank.beyond_capacity``; none when not ``capped``); SPEC ``also`` (``rules.engine._colleagues``): each
    customer's (staff, touchpoint) pairs due today, for the customers more than one staff member (or
    nobody) has items of; and the vins the messages name."""
    from followup_cli.rules.rank import beyond_capacity, capacities

    c = due.c
    query = select(c.customer_id, c.staff, c.touchpoint, c.call, c.vin, c.channel)
    if capped:
        query = query.order_by(*_order(due, postgres))
    calls: list[tuple[str, str]] = []
    pairs: dict[str, set[tuple[str | None, str]]] = {}
    vins: set[str] = set()
    result = conn.execute(query.execution_options(stream_results=True, yield_per=5000))
    for chunk in result.partitions():
        for customer_id, staff, touchpoint, call, vin, channel in chunk:
            found = pairs.get(customer_id)
            if found is None:
                pairs[customer_id] = {(staff, touchpoint)}
            else:
                found.add((staff, touchpoint))
            if call and staff is not None:
                calls.append((staff, customer_id))
            elif vin is not None and channel in MESSAGE_CHANNELS:
                vins.add(vin)
    beyond = {}
    if capped:
        beyond = beyond_capacity(calls, capacities(dealership.staff, policy), int(policy.get("general.default_daily_capacity")))
    also = {
        customer_id: tuple(sorted(found, key=lambda st: (st[0] or "", st[1])))
        for customer_id, found in pairs.items()
        if len(found) > 1 and len({staff for staff, _ in found}) > 1
    }
    return beyond, also, vins


def _stream(
    conn, due, beyond: dict[str, set[str]], day: date, postgres: bool, cut: dict, role: str | None
) -> Iterator[Row]:
    c = due.c
    message = c.channel.in_(sorted(MESSAGE_CHANNELS))
    of_customer = _customer.customer_id == c.customer_id
    query = (
        select(
            c.head, c.late, c.p, c.mid, c.reason, c.since, c.cuttable, c.flags, c.customer_id, c.staff, c.role,
            c.channel, c.touchpoint, c.vin, c.opens, c.due,
            case((message, select(_customer.name).where(of_customer).scalar_subquery())),
            case((message, select(_customer.store).where(of_customer).scalar_subquery())),
            c.n, c.call, c.cuttable,
        )
        .order_by(*_order(due, postgres))
    )
    if role is not None:
        query = query.where(_of_role(c, role))
    reasons: dict[tuple[str, int | None], Message] = {}
    result = conn.execute(query.execution_options(stream_results=True, yield_per=2000))
    for chunk in result.partitions():
        for head, late, p, mid, reason, since, cuttable, flags, customer_id, staff, *rest in chunk:
            key = (reason, since)
            found = reasons.get(key)
            if found is None:
                found = reasons[key] = _reason(reason, since, day)
            within = not (cuttable and beyond and customer_id in beyond.get(staff, ()))
            if not within:
                cut.setdefault(staff, set()).add(customer_id)
            yield Row(head, late, p, mid, found, within, flags, customer_id, staff, *rest)


def _reason(stored: str, since: int | None, day: date) -> Message:
    from followup_cli.rules.engine import counted_reason
    from followup_cli.store.agenda import _unvalue

    message = _unvalue(json.loads(stored))
    return message if since is None else counted_reason(message, date.fromordinal(since), day)  # type: ignore[arg-type]
