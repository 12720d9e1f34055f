"""The agenda's day (issue 19): the morning list of one day kept item by item, in rank order, as the
JSON text ``due --format json`` writes, in each language asked for.

The list of a day is the same for everyone who asks for it that day, and every write changes it for the
customers it touches only. So it is made once (:func:`make`: by ``check --rebuild``, or by the first
``due --format json`` of a day) from the stored plans' items (``store.agenda_list``, held to the engine's
list by tests), and kept up to date with the plans: storing plans rewrites their customers' items, for the plans
that cover the day (:func:`forget`, :func:`refresh`, called by ``store.agenda.store_plans`` in the
same transaction). A write drops the plans it touches, and while any customer has no plan the list is
not read (``store.agenda.covers``): the plans are made again first. A customer deleted or renamed takes
their items along (the triggers on ``customers``).

Each item's key is its rank key (``rank.rank_key``, and its place in the plan) as bytes that sort in the
same order, so the list is read in the order it is kept, never sorted; each item is kept as its text with
``"within_capacity": true``, and the daily capacity is counted as the list is read (:func:`read`): a
staff member takes customers in the order of their first call (``rank.beyond_capacity``), and every call
of a customer comes after that first one.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from datetime import date
from typing import Iterable, Iterator, NamedTuple, Sequence

from sqlalchemy import delete, insert, select, text, true, union_all, update
from sqlalchemy.engine import Connection, Engine

from followup_cli.rules.model import Dealership
from followup_cli.rules.policy import Policy
from followup_cli.store.tables import AgendaDayRow, AgendaDayStateRow

_day = AgendaDayRow.__table__
_state = AgendaDayStateRow.__table__
#: rows written with one statement
_WRITE = 2000
#: customers listed at a time when the whole day is made
_CUSTOMERS = 5000
#: the rank key's priority, written as 16 digits that sort as ``-priority`` does
_TOP = 10**15
_WITHIN = b'"within_capacity": true'


def digest_of(conn: Connection, plans_made_with: str) -> str:
    """What a day's list is made with: what its plans were made with (``store.agenda.made_with``), and
    the stores' names (messages name the store)."""
    from followup_cli.store.loaders import store_names

    text = plans_made_with + "\n" + repr(sorted(store_names(conn).items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _word(value: str | None) -> bytes:
    """A text of the rank key: bytes that sort as the text does, ended so no text sorts after a longer one
    it begins."""
    return (value or "").encode("utf-8").replace(b"\x00", b"\x00\x01") + b"\x00\x00"


def key_bytes(hundredths: int, due: int, customer_id: str, touchpoint: str, vin: str | None, staff: str | None,
              opens: int) -> bytes:
    """``rank.rank_key`` (the priority in hundredths, days as day numbers) as bytes in the same order."""
    return b"".join((
        b"%016d" % (_TOP - hundredths), b"%07d" % due, _word(customer_id), _word(touchpoint), _word(vin), _word(staff),
        b"%07d" % opens,
    ))


def rank_bytes(row) -> bytes:
    """The rank key of a ``store.agenda_list.Row`` and its place in the plan, as bytes in the same order."""
    return key_bytes(row.hundredths, row.due, row.customer_id, row.touchpoint, row.vin, row.staff, row.opens) + b"%05d" % row.n


# --- making and keeping the day's list ---------------------------------------------------------------------


def state(conn: Connection) -> dict[str, tuple[date, str]]:
    """language -> (the day listed, what it was made with)."""
    return {lang: (_as_date(day), made) for lang, day, made in conn.execute(select(_state.c.lang, _state.c.day, _state.c.made_with))}


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def make(
    conn: Connection, day: date, langs: Sequence[str], policy: Policy, dealership: Dealership, made_with: str
) -> None:
    """The list of ``day`` in ``langs``, made again from the stored plans' items (which cover ``day``: the
    caller made sure), in the caller's write transaction."""
    from followup_cli.store.tables import AgendaRow

    conn.execute(delete(_day).where(_day.c.lang.in_(langs)))
    ids = list(conn.execute(select(AgendaRow.customer_id).order_by(AgendaRow.customer_id)).scalars())
    for start in range(0, len(ids), _CUSTOMERS):  # a chunk of customers at a time: what a listing holds stays small
        _write(conn, day, langs, policy, dealership, ids[start : start + _CUSTOMERS])
    # how many items a role, a staff member has: SQLite, which keeps no statistics of its own, would read
    # the whole list in rank order for one role's few items rather than find them by their index
    conn.execute(text("ANALYZE agenda_day"))
    for lang in langs:
        if conn.execute(update(_state).where(_state.c.lang == lang).values(day=day, made_with=made_with)).rowcount == 0:
            conn.execute(insert(_state).values(lang=lang, day=day, made_with=made_with))


def refresh(conn: Connection, plans: Sequence, policy: Policy, dealership: Dealership, plans_made_with: str) -> None:
    """The day items of ``plans``, just stored (their old ones went with the old plans: :func:`forget`),
    made with ``plans_made_with``: written for each language's day those plans cover. A day's list made
    with anything else is dropped."""
    kept = state(conn)
    if not kept:
        return
    made_with = digest_of(conn, plans_made_with)
    days: dict[date, list[str]] = {}
    for lang, (day, made) in kept.items():
        if made != made_with:
            drop(conn, lang)
        else:
            days.setdefault(day, []).append(lang)
    for day, langs in days.items():
        ids = [p.customer_id for p in plans if p.planned_on <= day < p.valid_until]
        if ids:
            _write(conn, day, langs, policy, dealership, ids)


def forget(conn: Connection, customer_ids: list[str]) -> None:
    """These customers' day items gone (before their new plans' are written)."""
    conn.execute(delete(_day).where(_day.c.customer_id.in_(customer_ids)))


def drop(conn: Connection, lang: str | None = None) -> None:
    """The day's list gone (of ``lang``, or in every language)."""
    if lang is None:
        conn.execute(delete(_day))
        conn.execute(delete(_state))
    else:
        conn.execute(delete(_day).where(_day.c.lang == lang))
        conn.execute(delete(_state).where(_state.c.lang == lang))


def _write(
    conn: Connection, day: date, langs: Sequence[str], policy: Policy, dealership: Dealership,
    customers: list[str] | None,
) -> None:
    insert_rows(conn, _day, day_rows(conn, day, langs, policy, dealership, customers))


def insert_rows(conn: Connection, table, rows: Iterable[dict]) -> None:
    """``rows`` inserted into ``table``, :data:`_WRITE` to a statement."""
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _WRITE:
            conn.execute(insert(table), batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)


def day_rows(
    conn: Connection, day: date, langs: Sequence[str], policy: Policy, dealership: Dealership,
    customers: list[str] | None,
) -> Iterator[dict]:
    """The ``agenda_day`` rows of ``day`` in ``langs`` (of ``customers``), from the stored plans' items."""
    from followup_cli.i18n import language, set_language
    from followup_cli.render.jsonout import ListedTexts
    from followup_cli.render.messages import MessageTexts
    from followup_cli.store.agenda_list import _listing
    from followup_cli.store.loaders import store_names

    names = store_names(conn)
    staff = {s.code: s for s in dealership.staff}
    listing = _listing(conn, day, policy, dealership, None, False, None, customers)
    makers = [(lang, ListedTexts(listing.also, MessageTexts(policy, listing.vehicles, staff, names, lang=lang))) for lang in langs]
    speaking = language()
    for row in listing.rows:
        key = rank_bytes(row)
        for lang, maker in makers:
            set_language(lang)
            try:
                item = maker.text(row).encode("utf-8")
            finally:
                set_language(speaking)
            yield {
                "lang": lang, "key": key, "customer_id": row.customer_id, "staff": row.staff, "role": row.role,
                "call": row.call, "cuttable": row.cuttable, "text": item, "cut_at": item.index(_WITHIN) + len(_WITHIN) - 4,
            }


def stale(conn: Connection, day: date, policy: Policy, dealership: Dealership, made_with: str, customers: list[str]) -> set[str]:
    """``followup check``: of ``customers``, those whose items in the day's list kept for ``day`` (made
    with ``made_with``, the plans' digest) are not what their plans' items make now."""
    digest = digest_of(conn, made_with)
    langs = sorted(lang for lang, kept in state(conn).items() if kept == (day, digest))
    if not langs:
        return set()
    fresh: dict[str, list] = {}
    for row in day_rows(conn, day, langs, policy, dealership, customers):
        fresh.setdefault(row["customer_id"], []).append(row)
    c = _day.c
    kept_rows: dict[str, list] = {}
    query = select(_day).where(c.customer_id.in_(customers), c.lang.in_(langs)).order_by(c.customer_id, c.lang, c.key)
    for row in conn.execute(query):
        kept_rows.setdefault(row.customer_id, []).append(dict(row._mapping))
    def order(rows: list[dict]) -> list[dict]:
        return sorted(rows, key=lambda r: (r["lang"], r["key"]))

    return {cid for cid in set(fresh) | set(kept_rows) if order(fresh.get(cid, [])) != kept_rows.get(cid, [])}


# --- reading it ----------------------------------------------------------------------------------------------


class DayList(NamedTuple):
    #: the items' JSON texts (UTF-8), in rank order
    texts: Iterator[bytes]
    #: staff -> the customers cut by their capacity, filled as the texts are read
    cut: dict[str | None, set[str]]


def current(conn: Connection, day: date, lang: str, made_with: str) -> bool:
    """Whether the day's list kept in ``lang`` is ``day``'s, made with ``made_with``."""
    return state(conn).get(lang) == (day, made_with)


def read(conn: Connection, lang: str, policy: Policy, dealership: Dealership, capped: bool, role: str | None) -> DayList:
    """The kept list in ``lang`` (``current``: the caller made sure), or its items of ``role``
    (``rules.worklist.select_items``: a manager's, also those nobody can take); ``capped``: each staff
    member's customers beyond their daily capacity cut (``rank.apply_capacity``), counted over all their
    calls whatever the role."""
    from followup_cli.rules.rank import capacities

    capacity = capacities(dealership.staff, policy)
    default = int(policy.get("general.default_daily_capacity"))
    cut: dict[str | None, set[str]] = {}
    c = _day.c
    shown = (c.text, c.cut_at, c.staff, c.customer_id, c.call, c.cuttable, c.key)
    if role is None:
        query = select(*shown).where(c.lang == lang).order_by(c.key)
    else:
        # the role's items by its index, sorted (:func:`make` leaves the statistics that tell SQLite so)
        query = select(*shown).where(c.lang == lang, c.role == role)
        if role == "manager":  # and the items nobody can take
            nobody = select(*shown).where(c.lang == lang, c.staff.is_(None), c.role != role)
            both = union_all(query, nobody)
            query = both.order_by(both.selected_columns.key)
        else:
            query = query.order_by(c.key)
    beyond: dict[str, set[str]] | None = None
    if capped and role is not None:  # a staff member's capacity is taken by all their calls, whatever their role
        beyond = _beyond(conn, lang, role, capacity, default)
    result = conn.execute(query.execution_options(stream_results=True, yield_per=5000))
    return DayList(_texts(result, capped, beyond, capacity, default, cut), cut)


def _beyond(conn: Connection, lang: str, role: str, capacity: dict, default: int) -> dict[str, set[str]]:
    from followup_cli.rules.rank import beyond_capacity

    c = _day.c
    # not DISTINCT: SQLite would read the staff index whole for it
    codes = sorted({code for code in conn.execute(select(c.staff).where(c.lang == lang, c.role == role)).scalars()} - {None})
    if not codes:
        return {}
    calls = conn.execute(select(c.staff, c.customer_id).where(c.lang == lang, c.staff.in_(codes), c.call == true()).order_by(c.key))
    return beyond_capacity(((staff, customer_id) for staff, customer_id in calls), capacity, default)


def _texts(result, capped: bool, beyond: dict | None, capacity: dict, default: int, cut: dict) -> Iterator[bytes]:
    """Each item's text, cut by capacity as it comes (``beyond`` given: as it says)."""
    from followup_cli.rules.rank import Capacity

    taken = Capacity(capacity, default)
    counting = beyond is None
    out = taken.beyond if beyond is None else beyond
    for chunk in result.partitions():
        if not capped:
            for row in chunk:
                yield row[0]
            continue
        for item, cut_at, staff, customer_id, call, cuttable, _ in chunk:
            if counting and call and staff is not None:
                taken.call(staff, customer_id)
            if cuttable and customer_id in out.get(staff, ()):
                cut.setdefault(staff, set()).add(customer_id)
                item = item[:cut_at] + b"false" + item[cut_at + 4:]
            yield item


@contextmanager
def listed(
    engine: Engine, day: date, lang: str, policy: Policy, dealership: Dealership, capped: bool, role: str | None,
    renew: bool = True,
):
    """The list of ``day`` in ``lang`` as it is kept (a :class:`DayList`; ``store.agenda.kept``: made
    first where it is not and it may be). Else: the plans of the day made in memory, where they could not
    be stored (a database this user may only read), or None (``store.agenda_list`` lists the plans)."""
    from followup_cli.store.agenda import kept

    def kept_of(conn: Connection, wanted: str):
        return state(conn).get(lang), digest_of(conn, wanted)

    with kept(engine, day, policy, dealership, renew, kept_of,
              lambda conn, digest: make(conn, day, (lang,), policy, dealership, digest)) as found:
        yield read(found, lang, policy, dealership, capped, role) if isinstance(found, Connection) else found
