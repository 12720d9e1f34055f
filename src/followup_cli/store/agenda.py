"""The stored agenda (issue 19): each customer's plan (``rules.engine.plan``), kept in ``agenda``.

The morning list, the forecast and the workload read plans instead of
evaluating every customer's history: :func:`day_plans` returns the plan of
every customer (or of those a staff member, a role or a store can be given)
covering a day. A plan that is missing or does not cover the day is made
again from the customer's records (``store.loaders.due_files``) and written
back, in one write transaction, so nothing written meanwhile is overtaken.

A plan never outlives the records it was made from: triggers on customers,
vehicles, visits and contacts (migration 0008) delete the plan of every
customer a change touches, whichever program writes. Plans made with another
policy, staff list or campaign list (``agenda_state.made_with``) are all made
again. ``followup check --rebuild`` rebuilds the whole table
(:func:`rebuild`); ``followup check`` compares stored plans with fresh ones
(:func:`stale_customers`).

A plan's entries are stored as JSON (``body``); a reason (a
:class:`Message`, maybe nested) as a JSON text of its own inside it, decoded
once per distinct text (the same "service due on ..." serves everyone
serviced that day).
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Iterable, Iterator, Sequence

from sqlalchemy import delete, func, insert, null, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from followup_cli import __version__
from followup_cli.jsonfields import fields_text, flags_text, head_fields, mid_fields
from followup_cli.message import Message
from followup_cli.rules.engine import DayLists, DueList, Entry, Plan, as_of, day_list, plan
from followup_cli.rules.catalogue import NEVER_CUT
from followup_cli.rules.context import RuleContext
from followup_cli.rules.model import CALL_CHANNELS
from followup_cli.rules.rank import Priorities, priorities
from followup_cli.rules.model import Dealership
from followup_cli.rules.policy import Policy
from followup_cli.store.database import StoreError
from followup_cli.store.tables import AgendaAheadRow, AgendaDayRow, AgendaItemRow, AgendaRow, AgendaStateRow, CustomerRow

#: what a stored body means: a new number makes every stored plan be made again
FORMAT = "3"
#: plans written with one statement (and read at a time)
_WRITE = 2000
#: customers `followup check` compares at a time
_CHECK = 500

_agenda = AgendaRow.__table__.c
_items = AgendaItemRow.__table__
_customer = CustomerRow.__table__.c


def made_with(policy: Policy, dealership: Dealership) -> str:
    """A digest of everything besides a customer's own records that a plan depends on: the rules' version
    too, so an upgraded followup makes every plan again."""
    text = json.dumps([FORMAT, __version__, policy.as_dict(), repr(dealership.staff), repr(dealership.campaigns)],
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- a plan as columns, and back -------------------------------------------------------------------------


def _value(value: object) -> object:
    if isinstance(value, Message):
        return ["m", value.msgid, [[name, _value(v)] for name, v in value.params]]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, (tuple, list)):
        return ["t", [_value(v) for v in value]]
    if value is None or isinstance(value, (str, int, float)):
        return value
    return ["s", str(value)]


def _unvalue(value: object) -> object:
    if isinstance(value, list):
        tag = value[0]
        if tag == "m":
            return Message(value[1], tuple((name, _unvalue(v)) for name, v in value[2]))
        if tag == "d":
            return date.fromisoformat(value[1])
        if tag == "t":
            return tuple(_unvalue(v) for v in value[1])
        return value[1]
    return value


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def columns(p: Plan) -> dict:
    """The ``agenda`` row of a plan."""
    entries = p.entries
    listed_from = min((e.opens_on for e in entries), default=None)
    ends = [min((d for d in (e.closes_on, e.missed_on) if d is not None), default=None) for e in entries]
    listed_until = None if not entries or any(d is None for d in ends) else max(ends)  # type: ignore[type-var]
    body = [
        p.factor,
        [
            [
                e.touchpoint, e.vin, _day(e.opens_on), _day(e.due_on), _day(e.closes_on), _day(e.missed_on), e.staff,
                e.role, e.channel, json.dumps(_value(e.reason), ensure_ascii=False), list(e.flags), e.held, e.complaint,
                _day(e.days_since),
            ]
            for e in entries
        ],
    ]
    return {
        "customer_id": p.customer_id,
        "planned_on": p.planned_on,
        "valid_until": p.valid_until,
        "listed_from": listed_from,
        "listed_until": listed_until,
        "body": json.dumps(body, ensure_ascii=False, separators=(",", ":")),
    }


def item_rows(p: Plan, weights: Priorities) -> list[dict]:
    """The ``agenda_items`` rows of a plan: its entries as columns (``store.agenda_list``)."""
    rows = []
    name = p.name or ""
    for n, e in enumerate(p.entries):
        call = e.channel in CALL_CHANNELS
        rows.append({
            "customer_id": p.customer_id,
            "n": n,
            "opens": e.opens_on.toordinal(),
            "due": e.due_on.toordinal(),
            "closes": None if e.closes_on is None else e.closes_on.toordinal(),
            "missed": None if e.missed_on is None else e.missed_on.toordinal(),
            "staff": e.staff,
            "role": e.role or "",  # a promise kept by a staff member with no role
            "channel": e.channel,
            "touchpoint": e.touchpoint,
            "vin": e.vin,
            "held": e.held,
            "complaint": e.complaint,
            "call": call,
            "cuttable": call and e.touchpoint not in NEVER_CUT,
            "base": weights.base(e.touchpoint, p.factor),
            "since": None if e.days_since is None else e.days_since.toordinal(),
            "reason": json.dumps(_value(e.reason), ensure_ascii=False),
            "head": fields_text(head_fields(p.customer_id, name, p.phone, e.vin, e.touchpoint, e.opens_on, e.due_on)),
            "mid": fields_text(mid_fields(e.staff, e.role, e.channel)),
            "flags": flags_text(e.flags),
        })
    return rows


def _plan_rows(counted: bool = False):
    """The stored plans with what an item shows of the customer: the rows :meth:`_Reader.plan` reads;
    ``counted``: plans only counted (``report forecast``), without the customer's name, phone, store and notes."""
    shown = (null(), null(), null(), null()) if counted else (_customer.name, _customer.phone, _customer.store, _customer.notes)
    return select(
        _agenda.customer_id, _agenda.planned_on, _agenda.valid_until, _agenda.body, *shown
    ).join(CustomerRow.__table__, _customer.customer_id == _agenda.customer_id)


class _Reader:
    """Plans from rows, each distinct reason decoded once.

    ``window`` (first, end, since): only the entries that can matter from ``first`` until ``end``
    (exclusive) are decoded — open before ``end``, not closed by ``first``, not missed before ``since``
    (ISO days compare as text): a plan read for a day's list, never stored again."""

    def __init__(self, window: tuple[date, date, date] | None = None) -> None:
        self.window = None if window is None else tuple(d.isoformat() for d in window)
        self.reasons: dict[str, Message] = {}
        self.days: dict[str | None, date | None] = {None: None}
        self.words: dict[str, str] = {}
        self.flags: dict[str, tuple[str, ...]] = {}

    def flag_set(self, flags: list[str]) -> tuple[str, ...]:
        key = ",".join(flags)
        found = self.flags.get(key)
        if found is None:
            found = self.flags[key] = tuple(flags)
        return found

    def day(self, text: str | None) -> date | None:
        found = self.days.get(text)
        if found is None and text is not None:
            found = self.days[text] = date.fromisoformat(text)
        return found

    def plan(self, row: Sequence) -> Plan:
        customer_id, planned_on, valid_until, body, name, phone, store, notes = row
        factor, stored = json.loads(body)
        reasons, day, word = self.reasons, self.day, self.words.setdefault
        first, end, since = self.window or (None, None, None)
        entries = []
        for tp, vin, opens, due, closes, missed, staff, role, channel, reason, flags, held, complaint, since_day in stored:
            if first is not None and (
                opens >= end or (closes is not None and closes <= first) or (missed is not None and missed < since)
            ):
                continue  # nothing to list or count in the window
            message = reasons.get(reason)
            if message is None:
                message = reasons[reason] = _unvalue(json.loads(reason))  # type: ignore[assignment]
            # one copy of each touchpoint, staff code, role and channel for the quarter of a million items
            entries.append(
                Entry(word(tp, tp), vin if vin is None else word(vin, vin), day(opens), day(due), day(closes), day(missed),
                      staff if staff is None else word(staff, staff), word(role, role), word(channel, channel),
                      message, self.flag_set(flags) if flags else (), held, complaint, day(since_day))  # type: ignore[arg-type]
            )
        return Plan(customer_id, _as_date(planned_on), _as_date(valid_until), factor, tuple(entries), name or "",
                    phone, store, notes)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --- reading a day's plans ---------------------------------------------------------------------------------


def day_plans(
    engine: Engine,
    day: date,
    policy: Policy,
    dealership: Dealership,
    staff: str | None = None,
    role: str | None = None,
    store: str | None = None,
    unassigned: bool = False,
) -> Iterator[Plan]:
    """The plan covering ``day`` of every customer with something listed that day, or only of those
    whose entries name ``staff`` or ``role`` (a superset: the list is filtered item by item; with
    ``unassigned`` also those with an entry nobody can take), in ``store``. Plans missing or not
    covering ``day`` are made again and written back first.

    One plan at a time, as the rows come (a dealer group's morning list reads tens of thousands): the
    caller lists each and lets it go."""
    if staff is not None or role is None:
        def read(conn):
            return _read(conn, day, staff, None, store, unassigned)
    else:
        def read(conn):
            return _of_role(conn, day, role, store)
    with snapshot(engine) as conn:  # the usual morning: every plan stored and covering the day
        if covers(conn, day, policy, dealership, store):
            yield from read(conn)
            return
    unstored = _ensure(engine, day, policy, dealership, store)
    if unstored is not None:
        yield from unstored
        return
    yield from _snapshot(engine, day, policy, dealership, store, read)


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection reading one snapshot of the store (REPEATABLE READ on PostgreSQL), in a transaction."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def covers(conn: Connection, day: date, policy: Policy, dealership: Dealership, store: str | None) -> bool:
    """Whether the stored plans, made with this policy, staff and campaigns, cover ``day`` for every
    customer (of ``store``): then they are read as they are."""
    return _made_with(conn) == made_with(policy, dealership) and not _missing(conn, day, store)


@contextmanager
def kept(engine: Engine, day: date, policy: Policy, dealership: Dealership, renew: bool, kept_of, make):
    """What is kept for ``day`` from the plans (``store.agenda_day``, ``store.agenda_ahead``): a connection
    reading one snapshot in which every plan covers ``day`` and what is kept is ``day``'s; kept first
    (under the write lock, whoever asks first) where it is not and it may replace what is kept
    (``renew``: ``day`` is the clock's today; :func:`replaces`). Else the plans of ``day`` made in memory
    (a database this user may only read), or None: the plans are read instead.

    ``kept_of(conn, made_with)`` -> ((the day kept, what it was made with) or None, what it is made with
    now); ``make(conn, made_with)`` keeps ``day``'s."""
    wanted = made_with(policy, dealership)
    for first in (True, False):
        with snapshot(engine) as conn:  # the usual morning: kept, and the plans covering the day
            if covers(conn, day, policy, dealership, None):
                found, now = kept_of(conn, wanted)
                if found == (day, now):
                    yield conn
                    return
                if not replaces(found, day, now, renew):
                    break
        if not first:
            break
        unstored = _ensure(engine, day, policy, dealership, None)
        if unstored is not None:
            yield unstored
            return
        try:
            with engine.begin() as conn:
                if covers(conn, day, policy, dealership, None):
                    found, now = kept_of(conn, wanted)
                    if found != (day, now):
                        if not replaces(found, day, now, renew):
                            break
                        make(conn, now)
        except (StoreError, DBAPIError):
            break
    yield None


def replaces(found: tuple[date, str] | None, day: date, made_with: str, renew: bool) -> bool:
    """Whether what is kept for ``day`` is made in place of what is ``found`` (its day, what it was made
    with): when nothing is kept, when it was made with anything else, or when ``renew`` (``day`` is the
    clock's today). Any other day is read from the plans: a look at another day leaves today's kept."""
    return found is None or found[1] != made_with or (renew and found[0] != day)


def _of_role(conn: Connection, day: date, role: str, store: str | None) -> Iterator[Plan]:
    """The plans with an entry of ``role``, and every other plan naming a staff member who has one: a
    staff member's daily capacity is taken by all their calls, whatever their role (the list is then
    filtered item by item)."""
    first = list(_read(conn, day, None, role, store, False))
    yield from first
    codes = {e.staff for p in first for e in p.entries if e.role == role and e.staff is not None}
    if codes:
        seen = {p.customer_id for p in first}
        yield from (p for p in _read(conn, day, codes, None, store, False) if p.customer_id not in seen)


def _ensure(engine: Engine, day: date, policy: Policy, dealership: Dealership, store: str | None) -> list[Plan] | None:
    """Make sure a stored plan covers ``day`` for every customer (of ``store``), making again and storing
    those missing or run out; None when they are stored, else (a database this user may only read, or a
    writer holding the lock too long) every plan of ``day``, made in memory."""
    wanted = made_with(policy, dealership)
    with engine.connect() as conn:
        if _made_with(conn) == wanted and not _missing(conn, day, store):
            return None
    try:
        _replan(engine, day, policy, dealership, wanted, store)
    except (StoreError, DBAPIError):
        with engine.connect() as conn:
            return _unstored(conn, day, policy, dealership, wanted, store)
    return None


def _unstored(
    conn: Connection, day: date, policy: Policy, dealership: Dealership, wanted: str, store: str | None
) -> list[Plan]:
    """The plans of ``day`` without writing: the stored ones that cover it, the others made now."""
    stored: list[Plan] = []
    if _made_with(conn) == wanted:
        query = (
            _plan_rows()
            .where(_covering(day))
        )
        if store is not None:
            query = query.where(_customer.store == store)
        reader = _Reader()
        stored = [reader.plan(row) for row in conn.execute(query)]
    have = {p.customer_id for p in stored}
    query = select(_customer.customer_id).order_by(_customer.customer_id)
    if store is not None:
        query = query.where(_customer.store == store)
    missing = [cid for cid in conn.execute(query).scalars() if cid not in have]
    fresh = list(_plans(conn, day, policy, dealership, missing)) if missing else []
    return sorted(stored + fresh, key=lambda p: p.customer_id)


def day_lists(
    engine: Engine,
    today: date,
    policy: Policy,
    dealership: Dealership,
    store: str | None = None,
    days: int = 1,
    missed_since: date | None = None,
    counted: bool = False,
) -> DayLists:
    """The lists of ``today`` and the ``days`` - 1 days after (``report forecast``, ``report workload``):
    the stored plans covering ``today`` (made first where missing) that can list something in those days
    or count an item missed since ``missed_since``, or run out before their end; each made again from the
    records as they stand today on the day it runs out. ``counted``: the lists are only counted
    (``DayLists.counts``): the plans are read without what an item shows of the customer."""
    unstored = _ensure(engine, today, policy, dealership, store)
    if unstored is not None:
        return DayLists(unstored, _files_of(engine, today), dealership, policy)
    end = today + timedelta(days=days)
    since = min(today, missed_since or today)
    window = (today, end)
    plans = list(_snapshot(engine, today, policy, dealership, store,
                           lambda conn: _read(conn, today, None, None, store, False, window=window, window_since=since,
                                              counted=counted)))
    return DayLists(plans, _files_of(engine, today), dealership, policy, until=end)


def day_list_of(
    engine: Engine,
    day: date,
    policy: Policy,
    dealership: Dealership,
    store: str | None = None,
    missed_since: date | None = None,
) -> DueList:
    """The list of ``day`` alone (``report workload``), with the items missed since ``missed_since``
    counted: the plans read one at a time, as ``due`` reads them."""
    since = min(day, missed_since or day)
    unstored = _ensure(engine, day, policy, dealership, store)
    if unstored is not None:
        return day_list(unstored, dealership, policy, day, missed_since)
    window = (day, day + timedelta(days=1))
    plans = _snapshot(engine, day, policy, dealership, store,
                      lambda conn: _read(conn, day, None, None, store, False, window=window, window_since=since))
    return day_list(plans, dealership, policy, day, missed_since)


def _files_of(engine: Engine, today: date):
    """The customers' files as they stand on ``today`` (nothing logged after it counts)."""

    def files_of(customer_ids: Sequence[str], day: date) -> list:
        with engine.connect() as conn:
            return _files_on(conn, today)(customer_ids, day)

    return files_of


def _files_on(conn: Connection, today: date):
    """:func:`_files_of` read on ``conn``."""
    from followup_cli.store.loaders import due_files

    def files_of(customer_ids: Sequence[str], day: date) -> list:
        return [as_of(f, today) for f in due_files(conn, today, customer_ids)]

    return files_of


def _made_with(conn: Connection) -> str | None:
    return conn.execute(select(AgendaStateRow.made_with).where(AgendaStateRow.id == 1)).scalar()


def _covering(day: date):
    return (_agenda.planned_on <= day) & (_agenda.valid_until > day)


def _missing(conn: Connection, day: date, store: str | None) -> bool:
    """Whether any customer (of ``store``) has no plan covering ``day``."""
    if store is None:
        # two index lookups and two counts of an index, not a join of every customer with its plan (one
        # statement for all three would read every plan)
        first_end = conn.execute(select(func.min(_agenda.valid_until))).scalar()
        last_start = conn.execute(select(func.max(_agenda.planned_on))).scalar()
        plans = conn.execute(select(func.count()).select_from(AgendaRow.__table__)).scalar()
        customers = conn.execute(select(func.count()).select_from(CustomerRow.__table__)).scalar()
        if plans != customers:
            return True
        return plans > 0 and not (_as_date(last_start) <= day < _as_date(first_end))
    query = (
        select(_customer.customer_id)
        .select_from(CustomerRow.__table__.outerjoin(AgendaRow.__table__, _agenda.customer_id == _customer.customer_id))
        .where(or_(_agenda.customer_id.is_(None), ~_covering(day)), _customer.store == store)
        .limit(1)
    )
    return conn.execute(query).first() is not None


def _read(
    conn: Connection,
    day: date,
    staff: str | set[str] | None,
    role: str | None,
    store: str | None,
    unassigned: bool,
    listed_only: bool = True,
    window: tuple[date, date] | None = None,
    window_since: date | None = None,
    counted: bool = False,
) -> Iterator[Plan]:
    """The stored plans (all cover ``day``: the caller made sure); ``listed_only``: only those with
    something listed on ``day``; ``window`` (first, end): instead, those with an entry open or ending
    from ``first`` until ``end`` (exclusive), or running out before ``end``."""
    query = (
        _plan_rows(counted)
        .order_by(_agenda.customer_id)
    )
    if window is not None:
        first, end = window
        lowest = first if window_since is None else min(first, window_since)  # an item missed since then counts
        query = query.where(
            or_(
                (_agenda.listed_from < end) & or_(_agenda.listed_until.is_(None), _agenda.listed_until >= lowest),
                _agenda.valid_until < end,
            )
        )
    elif listed_only:
        query = query.where(_agenda.listed_from <= day, or_(_agenda.listed_until.is_(None), _agenda.listed_until > day))
    # the customers with an entry of that staff member or role, by the items' indexes; an item nobody can
    # take is on every manager's list
    nobody = _items.c.staff.is_(None)
    if staff is not None:
        codes = [staff] if isinstance(staff, str) else sorted(staff)
        named = _items.c.staff.in_(codes)
        query = query.where(_agenda.customer_id.in_(select(_items.c.customer_id).where(or_(named, nobody) if unassigned else named)))
    if role is not None:
        of_role = _items.c.role == role
        query = query.where(_agenda.customer_id.in_(
            select(_items.c.customer_id).where(or_(of_role, nobody) if role == "manager" else of_role)
        ))
    if store is not None:
        query = query.where(_customer.store == store)
    if window is not None:
        reader = _Reader((window[0], window[1], window[0] if window_since is None else window_since))
    elif listed_only:
        reader = _Reader((day, day + timedelta(days=1), day))
    else:
        reader = _Reader()
    for rows in conn.execute(query.execution_options(stream_results=True, yield_per=_WRITE)).partitions():
        for row in rows:
            yield reader.plan(row)


def _replan(
    engine: Engine, day: date, policy: Policy, dealership: Dealership, wanted: str, store: str | None = None
) -> None:
    """Make again, under the write lock, every plan (of ``store``) that is missing or does not cover
    ``day`` (every plan when they were made with something else), and store them."""
    with engine.begin() as conn:
        if _made_with(conn) != wanted:
            _clear(conn)
            _set_made_with(conn, wanted)
        ids = _uncovered(conn, day, store)
        if ids:
            store_plans(conn, _plans(conn, day, policy, dealership, ids), policy, dealership, wanted)


def _uncovered(conn: Connection, day: date, store: str | None) -> list[str]:
    """The customers (of ``store``) without a stored plan covering ``day``."""
    query = (
        select(_customer.customer_id)
        .select_from(CustomerRow.__table__.outerjoin(AgendaRow.__table__, _agenda.customer_id == _customer.customer_id))
        .where(or_(_agenda.customer_id.is_(None), ~_covering(day)))
        .order_by(_customer.customer_id)
    )
    if store is not None:
        query = query.where(_customer.store == store)
    return list(conn.execute(query).scalars())


def _snapshot(engine: Engine, day: date, policy: Policy, dealership: Dealership, store: str | None, read) -> Iterator[Plan]:
    """``read(conn)``'s plans and, from the same snapshot, plans made in memory for every customer a write
    left without one since :func:`_ensure` (a ``log`` in between drops that customer's plan: it is listed
    all the same), or for everyone if plans were meanwhile made with another policy."""
    with snapshot(engine) as conn:  # one snapshot for every statement below
        if _made_with(conn) != made_with(policy, dealership):
            yield from _plans(conn, day, policy, dealership, _store_ids(conn, store))
            return
        yield from read(conn)
        missing = _uncovered(conn, day, store)
        if missing:
            yield from _plans(conn, day, policy, dealership, missing)


def _store_ids(conn: Connection, store: str | None) -> list[str] | None:
    if store is None:
        return None
    return list(conn.execute(select(_customer.customer_id).where(_customer.store == store)).scalars())


def _plans(
    conn: Connection, day: date, policy: Policy, dealership: Dealership, customer_ids: Sequence[str] | None
) -> Iterator[Plan]:
    from followup_cli.store.loaders import due_files

    ctx = RuleContext(today=day, policy=policy, dealership=dealership)
    for file in due_files(conn, day, customer_ids):
        yield plan(file, ctx)


def _set_made_with(conn: Connection, wanted: str) -> None:
    if conn.execute(update(AgendaStateRow).where(AgendaStateRow.id == 1).values(made_with=wanted)).rowcount == 0:
        conn.execute(insert(AgendaStateRow).values(id=1, made_with=wanted))


def store_plans(conn: Connection, plans: Iterable[Plan], policy: Policy, dealership: Dealership, wanted: str) -> int:
    """Replace the stored plans of these customers with ``plans`` (in the caller's write transaction),
    made with ``wanted`` (:func:`made_with`), and their items in the kept day's list
    (``store.agenda_day``)."""
    from followup_cli.store import agenda_ahead, agenda_day

    weights = priorities(policy)
    count = 0
    batch: list[Plan] = []

    def write() -> int:
        written = _write(conn, [columns(p) for p in batch], [row for p in batch for row in item_rows(p, weights)])
        agenda_day.refresh(conn, batch, policy, dealership, wanted)
        agenda_ahead.refresh(conn, batch, policy, dealership, wanted)
        return written

    for p in plans:
        batch.append(p)
        if len(batch) >= _WRITE:
            count += write()
            batch = []
    if batch:
        count += write()
    return count


def _write(conn: Connection, rows: list[dict], items: list[dict]) -> int:
    from followup_cli.store import agenda_ahead, agenda_day

    ids = [r["customer_id"] for r in rows]
    conn.execute(delete(_items).where(_items.c.customer_id.in_(ids)))
    agenda_day.forget(conn, ids)
    agenda_ahead.forget(conn, ids)
    conn.execute(delete(AgendaRow).where(_agenda.customer_id.in_(ids)))
    conn.execute(insert(AgendaRow), rows)
    if items:
        conn.execute(insert(_items), items)
    return len(rows)


def _clear(conn: Connection) -> None:
    """Every stored plan gone, with its items, the kept day's list and the days ahead."""
    from followup_cli.store import agenda_ahead, agenda_day

    agenda_day.drop(conn)
    agenda_ahead.drop(conn)
    conn.execute(delete(_items))
    conn.execute(delete(AgendaRow))


def rebuild(conn: Connection, day: date, policy: Policy, dealership: Dealership) -> int:
    """``followup check --rebuild``: every customer planned again on ``day`` (in the caller's write
    transaction), and the list of ``day`` kept (``store.agenda_day``) in the languages kept before and in
    this one; the number of plans."""
    from followup_cli.i18n import language
    from followup_cli.store import agenda_ahead, agenda_day

    langs = sorted(set(agenda_day.state(conn)) | {language()})
    _clear(conn)
    wanted = made_with(policy, dealership)
    _set_made_with(conn, wanted)
    count = store_plans(conn, _plans(conn, day, policy, dealership, None), policy, dealership, wanted)
    agenda_day.make(conn, day, langs, policy, dealership, agenda_day.digest_of(conn, wanted))
    agenda_ahead.make(conn, day, policy, dealership, wanted)
    return count


def stale_customers(conn: Connection, day: date, policy: Policy, dealership: Dealership) -> list[str]:
    """``followup check``: the customers whose stored plan covers ``day`` but lists otherwise than a plan
    made now (none, if the agenda is right); a chunk of customers at a time."""
    from followup_cli.store import agenda_ahead, agenda_day

    wanted = made_with(policy, dealership)
    if _made_with(conn) != wanted:
        return []
    ids = list(conn.execute(select(_agenda.customer_id).where(_covering(day)).order_by(_agenda.customer_id)).scalars())
    reader = _Reader()
    weights = priorities(policy)
    stale = []
    for start in range(0, len(ids), _CHECK):
        chunk = ids[start : start + _CHECK]
        query = (
            _plan_rows()
            .where(_agenda.customer_id.in_(chunk))
        )
        stored = {row[0]: reader.plan(row) for row in conn.execute(query)}
        items: dict[str, list[dict]] = {}
        for row in conn.execute(select(_items).where(_items.c.customer_id.in_(chunk)).order_by(_items.c.customer_id, _items.c.n)):
            items.setdefault(row.customer_id, []).append(dict(row._mapping))
        for fresh in _plans(conn, day, policy, dealership, chunk):
            old = stored.get(fresh.customer_id)
            if old is None:  # dropped by a write since the ids were read: nothing stale to report
                continue
            if day_list([old], dealership, policy, day, capped=False) != day_list(
                [fresh], dealership, policy, day, capped=False
            ) or items.get(fresh.customer_id, []) != item_rows(old, weights):  # the items as the plan says
                stale.append(fresh.customer_id)
        # the day's list and the days ahead kept from this day, as the stored plans make them
        kept = agenda_day.stale(conn, day, policy, dealership, wanted, chunk) | agenda_ahead.stale(
            conn, day, policy, dealership, wanted, [stored[cid] for cid in chunk if cid in stored]
        )
        stale.extend(sorted(kept - set(stale)))
    # rows kept for a customer who is no more (deleted by another program while a list was being made)
    for table in (AgendaDayRow.__table__, AgendaAheadRow.__table__):
        gone = select(table.c.customer_id).distinct().where(
            ~table.c.customer_id.in_(select(_customer.customer_id))
        ).order_by(table.c.customer_id)
        stale.extend(cid for cid in conn.execute(gone).scalars() if cid not in stale)
    return stale
