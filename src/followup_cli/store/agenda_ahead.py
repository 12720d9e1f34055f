"""The days ahead (issue 19): ``report forecast``'s days counted from rows kept for them, in SQL.

For each of the days from ``first`` (``days`` of them), ``agenda_ahead`` keeps a row for each customer
on each staff member's list that day (``rules.engine.Pair``: the best rank key of the customer's calls
with them, their items, those capacity may cut), made from the stored plans as ``rules.engine.DayLists``
makes the days (a plan that runs out is made again on that day from the records as they stand on the
first day). A day's counts (``rules.engine.counted_pairs``) are then one query: each staff member's
customers in the order of their best call, cut after their daily capacity.

The rows are kept up to date as the day's list is (``store.agenda_day``): storing plans that cover the
first day rewrites their customers' rows (:func:`refresh`, from ``store.agenda.store_plans``). A Hypothesis property holds the counts to the
engine's.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator, NamedTuple, Sequence

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Connection, Engine

from followup_cli.rules.engine import DayCounts, DayLists, Plan, StaffDay
from followup_cli.rules.model import Dealership
from followup_cli.rules.policy import Policy
from followup_cli.store.agenda_day import insert_rows
from followup_cli.store.tables import AgendaAheadRow, AgendaAheadStateRow

_ahead = AgendaAheadRow.__table__
_state = AgendaAheadStateRow.__table__
#: the days kept: ``report forecast``'s default
DAYS = 14
#: a customer's rank: the priority (hundredths, highest first) and due day of their best call
_DAY = 10**7
_TOP = 10**9
#: the rank of a customer with no call: after every rank
NO_CALL = 2**62
#: customers counted at a time
_CHUNK = 5000

#: a day's customers per staff member: all, their items, those with an item overdue, and of those with a
#: call (who may be cut): how many, how many have only items capacity may cut, those items, how many have any
_TOTALS = text("""
SELECT staff, count(*), sum(items), sum(late),
       sum(CASE WHEN "rank" < :no_call THEN 1 ELSE 0 END),
       sum(CASE WHEN "rank" < :no_call AND items = cuttable THEN 1 ELSE 0 END),
       sum(CASE WHEN "rank" < :no_call THEN cuttable ELSE 0 END),
       sum(CASE WHEN "rank" < :no_call AND cuttable > 0 THEN 1 ELSE 0 END)
FROM agenda_ahead WHERE day = :day GROUP BY staff
""")


def _kept(conn: Connection) -> tuple[date, int, str] | None:
    row = conn.execute(select(_state.c.first, _state.c.days, _state.c.made_with).where(_state.c.id == 1)).first()
    if row is None:
        return None
    first = row[0] if isinstance(row[0], date) else date.fromisoformat(str(row[0]))
    return first, row[1], row[2]


def drop(conn: Connection) -> None:
    conn.execute(delete(_ahead))
    conn.execute(delete(_state))


def forget(conn: Connection, customer_ids: list[str]) -> None:
    conn.execute(delete(_ahead).where(_ahead.c.customer_id.in_(customer_ids)))


def make(conn: Connection, first: date, policy: Policy, dealership: Dealership, made_with: str) -> None:
    """The :data:`DAYS` days from ``first`` counted again from the stored plans (which cover ``first``: the
    caller made sure), in the caller's write transaction: a chunk of customers at a time."""
    from followup_cli.store.agenda import _read

    drop(conn)
    end = first + timedelta(days=DAYS)
    chunk: list[Plan] = []
    for p in _read(conn, first, None, None, None, False, window=(first, end), window_since=first, counted=True):
        chunk.append(p)
        if len(chunk) >= _CHUNK:
            _write(conn, first, chunk, policy, dealership)
            chunk = []
    if chunk:
        _write(conn, first, chunk, policy, dealership)
    conn.execute(insert(_state).values(id=1, first=first, days=DAYS, made_with=made_with))


def refresh(conn: Connection, plans: Sequence[Plan], policy: Policy, dealership: Dealership, made_with: str) -> None:
    """The rows of ``plans``, just stored (their old ones went with the old plans: :func:`forget`), made
    with ``made_with``, where they cover the first day kept; the rows dropped if the days kept were made
    with anything else."""
    kept = _kept(conn)
    if kept is None:
        return
    first, _, made = kept
    if made != made_with:
        drop(conn)
        return
    covering = [p for p in plans if p.planned_on <= first < p.valid_until]
    if covering:
        _write(conn, first, covering, policy, dealership)


def _write(conn: Connection, first: date, plans: list[Plan], policy: Policy, dealership: Dealership) -> None:
    insert_rows(conn, _ahead, ahead_rows(conn, first, plans, policy, dealership))


def ahead_rows(conn: Connection, first: date, plans: list[Plan], policy: Policy, dealership: Dealership) -> Iterator[dict]:
    """The ``agenda_ahead`` rows of ``plans`` (which cover ``first``), day by day."""
    from followup_cli.store.agenda import _files_on

    lists = DayLists(plans, _files_on(conn, first), dealership, policy, until=first + timedelta(days=DAYS))
    for offset in range(DAYS):
        day = first + timedelta(days=offset)
        number = day.toordinal()
        for (staff, customer_id), pair in lists.pairs(day).items():
            best = pair.best
            yield {
                "day": number, "staff": staff or "", "customer_id": customer_id,
                "rank": NO_CALL if best is None else (_TOP + best[0]) * _DAY + best[1].toordinal(),
                "items": pair.items, "cuttable": pair.cuttable, "late": int(pair.late),
            }


def stale(conn: Connection, day: date, policy: Policy, dealership: Dealership, made_with: str, plans: list[Plan]) -> set[str]:
    """``followup check``: of the customers of ``plans`` (stored, covering ``day``), those whose rows in the
    days ahead kept from ``day`` (made with ``made_with``) are not what their plans make now."""
    kept = _kept(conn)
    if kept is None or kept[0] != day or kept[2] != made_with or not plans:
        return set()
    fresh: dict[str, list] = {}
    for row in ahead_rows(conn, day, plans, policy, dealership):
        fresh.setdefault(row["customer_id"], []).append(row)
    c = _ahead.c
    kept_rows: dict[str, list] = {}
    ids = [p.customer_id for p in plans]
    for row in conn.execute(select(_ahead).where(c.customer_id.in_(ids))):
        kept_rows.setdefault(row.customer_id, []).append(dict(row._mapping))

    def order(rows: list[dict]) -> list:
        return sorted(rows, key=lambda r: (r["day"], r["staff"]))

    return {cid for cid in set(fresh) | set(kept_rows) if order(fresh.get(cid, [])) != order(kept_rows.get(cid, []))}


class StaffCounts(NamedTuple):
    """One staff member's customers on a day's list: within capacity, their items within it, with an
    item overdue, cut."""

    calls: int
    items: int
    overdue: int
    cut: int


def staff_counts(conn: Connection, day: date, policy: Policy, dealership: Dealership) -> dict[str | None, StaffCounts]:
    """The day's list as it is kept, counted per staff member (``rules.engine.counted_pairs``): the
    customers beyond a staff member's capacity are those with a call after their first ``capacity``."""
    from followup_cli.rules.rank import capacities

    capacity = capacities(dealership.staff, policy)
    default = int(policy.get("general.default_daily_capacity"))
    number = day.toordinal()
    first = _first(conn.dialect.name == "postgresql")
    counted: dict[str | None, StaffCounts] = {}
    for code, customers, listed, late, called, only_cut, cuttable, any_cut in conn.execute(
        _TOTALS, {"day": number, "no_call": NO_CALL}
    ).all():
        staff = code or None
        limit = capacity.get(code, default)
        if staff is not None and called > limit:  # those beyond: every one called, less the first
            for first_items, first_cuttable in conn.execute(first, {"day": number, "staff": code, "n": limit}):
                only_cut -= first_items == first_cuttable
                cuttable -= first_cuttable
                any_cut -= first_cuttable > 0
        else:
            only_cut = cuttable = any_cut = 0
        counted[staff] = StaffCounts(customers - only_cut, listed - cuttable, late, any_cut)
    return counted


def _first(postgres: bool):
    """A staff member's first ``n`` customers with a call on a ``day``, in rank order (ties by customer id,
    in code-point order as ``rank.rank_key`` has them, whatever the database's collation): one statement,
    run for every staff member over capacity on every day."""
    from sqlalchemy import bindparam

    from followup_cli.store.agenda_list import _text

    c = _ahead.c
    return (
        select(c["items"], c.cuttable).where(c.day == bindparam("day"), c.staff == bindparam("staff"), c.rank < NO_CALL)
        .order_by(c.rank, _text(c.customer_id, postgres)).limit(bindparam("n"))
    )


class KeptDays:
    """The days ahead as they are kept, counted (``counts(day)``, as ``rules.engine.DayLists.counts``)."""

    def __init__(self, conn: Connection, today: date, days: int, policy: Policy, dealership: Dealership) -> None:
        self.days: dict[date, DayCounts] = {}
        for offset in range(days):
            day = today + timedelta(days=offset)
            counted = staff_counts(conn, day, policy, dealership)
            self.days[day] = DayCounts(
                {staff: c.calls for staff, c in counted.items() if c.calls},
                sum(c.items for c in counted.values()),
                dict(sorted((staff, c.cut) for staff, c in counted.items() if c.cut)),
            )

    def counts(self, day: date) -> DayCounts:
        return self.days[day]


#: the one-off items that became missed from a day to another, per staff member (``rules.engine.listing``:
#: ``status_on`` is "missed": not held by an open complaint, open, not lapsed, missed by the day)
_MISSED = text("""
SELECT i.staff, count(*) FROM agenda_items i
WHERE i.missed >= :since AND i.missed <= :day AND i.opens <= :day AND (i.closes IS NULL OR i.closes > :day)
  AND NOT (i.held = :yes AND EXISTS (
      SELECT 1 FROM agenda_items c WHERE c.customer_id = i.customer_id AND c.complaint = :yes
        AND c.opens <= :day AND (c.closes IS NULL OR c.closes > :day) AND (c.missed IS NULL OR c.missed > :day)))
GROUP BY i.staff
""")


def _staff_day(conn: Connection, today: date, missed_since: date, policy: Policy, dealership: Dealership) -> StaffDay:
    counted = staff_counts(conn, today, policy, dealership)
    since = missed_since.toordinal()
    missed = conn.execute(_MISSED, {"since": since, "day": today.toordinal(), "yes": True}).all()
    return StaffDay(
        {staff: c.calls for staff, c in counted.items() if c.calls},
        {staff: c.items for staff, c in counted.items() if c.items},
        {staff: c.overdue for staff, c in counted.items() if c.overdue},
        {staff: c.cut for staff, c in counted.items() if c.cut},
        {staff: n for staff, n in missed if n},
    )


def kept_days(engine: Engine, today: date, days: int, policy: Policy, dealership: Dealership, renew: bool = True):
    """``report forecast``'s ``days`` days from ``today`` as they are kept (:class:`KeptDays`), counted
    first if they are not and ``today`` is not before the first day kept; else the plans of ``today``
    made in memory where they could not be stored (a database this user may only read: a
    ``rules.engine.DayLists``), or None (``store.agenda.day_lists`` counts them)."""
    from followup_cli.store.agenda import _files_of

    if days > DAYS:
        return None
    found = _read_kept(engine, today, policy, dealership, renew, lambda conn: KeptDays(conn, today, days, policy, dealership))
    if isinstance(found, list):
        return DayLists(found, _files_of(engine, today), dealership, policy)
    return found


def kept_staff_day(
    engine: Engine, today: date, missed_since: date, policy: Policy, dealership: Dealership, renew: bool = True
):
    """``report workload``'s :class:`StaffDay` of ``today`` as it is kept (as :func:`kept_days`), or None."""
    from followup_cli.rules.engine import day_list, staff_day

    found = _read_kept(
        engine, today, policy, dealership, renew, lambda conn: _staff_day(conn, today, missed_since, policy, dealership)
    )
    if isinstance(found, list):
        return staff_day(day_list(found, dealership, policy, today, missed_since))
    return found


def _read_kept(engine: Engine, today: date, policy: Policy, dealership: Dealership, renew: bool, read):
    """``read(conn)`` where the days kept begin on ``today`` (``store.agenda.kept``); else the plans of
    ``today`` made in memory, or None."""
    from followup_cli.store.agenda import kept

    def kept_of(conn: Connection, wanted: str):
        found = _kept(conn)
        return (None if found is None else (found[0], found[2])), wanted

    with kept(engine, today, policy, dealership, renew, kept_of,
              lambda conn, wanted: make(conn, today, policy, dealership, wanted)) as found:
        return read(found) if isinstance(found, Connection) else found
