"""The stored agenda (issue 19) lists what the engine lists from scratch, also after writes (both backends).

Random dealerships (the rule properties' customer files, their referrals
stored as customers) are written to the test's database; on random days the
morning list made from the stored plans (``store.agenda.day_plans``: read,
re-planned where missing or run out, written back) is compared, as the JSON
``followup due`` writes, with the engine's list from every customer's whole
history (``load_files`` + ``due_items``). Then random writes — a contact
logged, a visit, a stage changed, a customer's vehicle sold — and the two are
compared again: the triggers must drop exactly what a write makes stale.
Runs on SQLite and PostgreSQL (the ``db`` fixture).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select, update

from followup_cli.i18n import set_language
from followup_cli.render.jsonout import due_json
from followup_cli.rules.engine import DayLists, day_list, due_items, staff_day
from followup_cli.rules.policy import default_policy
from followup_cli.store import digest as store_digest
from followup_cli.store.agenda import day_list_of, day_lists, day_plans
from followup_cli.store.database import open_store
from followup_cli.store.loaders import load_dealership, load_files
from followup_cli.store.tables import AgendaRow, ContactRow, CustomerRow, StaffRow, VehicleRow, VisitRow

from tests.rules.story import STAFF
from tests.rules.test_properties import customer_files, days

POLICY = default_policy()
HYPOTHESIS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TABLES = (AgendaRow, ContactRow, VisitRow, VehicleRow, CustomerRow)


def _columns(table) -> set[str]:
    return set(table.__table__.c.keys())


def _row(record, table, **extra) -> dict:
    names = _columns(table)
    values = {k: v for k, v in asdict(record).items() if k in names}
    values.update(extra)
    return values


def store_files(conn, files) -> None:
    """The files' customers (their referrals too), vehicles, visits and contacts, with the digest."""
    customers, vehicles, visits, contacts = {}, [], [], []
    for f in files:
        customers[f.customer.customer_id] = _row(f.customer, CustomerRow)
        for r in f.referrals:
            customers.setdefault(r.customer_id, _row(r, CustomerRow))
        vehicles += [_row(v, VehicleRow) for v in f.vehicles]
        visits += [_row(v, VisitRow) for v in f.visits]
        contacts += [
            {**_row(c, ContactRow), "id": c.seq, "fingerprint": f"{c.customer_id}-{c.seq}"} for c in f.contacts
        ]
    conn.execute(insert(CustomerRow), list(customers.values()))
    for table, rows in ((VehicleRow, vehicles), (VisitRow, visits), (ContactRow, contacts)):
        if rows:
            conn.execute(insert(table), rows)
    store_digest.refresh(conn)


@st.composite
def dealerships(draw):
    """Two or three customers with distinct ids, vehicles and contact ids (as the store requires)."""
    files = draw(st.lists(customer_files(), min_size=1, max_size=3))
    out, seq = [], 0
    for i, f in enumerate(files):
        cid = f"C{i}"
        vins = {v.vin: f"{v.vin[:-2]}{i}{n}" for n, v in enumerate(f.vehicles)}
        contacts = []
        for c in f.contacts:
            seq += 1
            contacts.append(replace(c, customer_id=cid, seq=seq))
        out.append(
            replace(
                f,
                customer=replace(f.customer, customer_id=cid),
                vehicles=tuple(replace(v, vin=vins[v.vin], customer_id=cid) for v in f.vehicles),
                visits=tuple(replace(v, vin=vins[v.vin], visit_id=f"{cid}-{v.visit_id}") for v in f.visits),
                contacts=tuple(contacts),
                referrals=tuple(replace(r, customer_id=f"{cid}-R{n}", referred_by=cid) for n, r in enumerate(f.referrals)),
            )
        )
    return out


WRITES = st.lists(
    st.tuples(
        st.sampled_from(("contact", "visit", "stage", "sold", "opt_out")),
        st.integers(0, 2),
        st.integers(-40, 40),
        st.sampled_from(("reached", "no_answer", "refused")),
    ),
    max_size=3,
)


def write(conn, what: str, customer: str, day, outcome: str) -> None:
    if conn.execute(select(CustomerRow.customer_id).where(CustomerRow.customer_id == customer)).first() is None:
        return
    if what == "contact":
        seq = (conn.execute(select(ContactRow.id).order_by(ContactRow.id.desc())).scalar() or 0) + 1
        conn.execute(insert(ContactRow).values(id=seq, customer_id=customer, contacted_on=day, channel="phone",
                                               outcome=outcome, staff="S01", fingerprint=f"w{seq}"))
        store_digest.refresh(conn, [customer])
    elif what == "visit":
        vin = conn.execute(select(VehicleRow.vin).where(VehicleRow.customer_id == customer)).scalar()
        if vin is not None:
            count = conn.execute(select(VisitRow.visit_id)).all()
            conn.execute(insert(VisitRow).values(visit_id=f"W{len(count)}", vin=vin, visited_on=day, kind="maintenance",
                                                 complaint="noise" if outcome == "refused" else None))
    elif what == "stage":
        conn.execute(update(CustomerRow).where(CustomerRow.customer_id == customer).values(stage="owner"))
    elif what == "sold":
        sold = len(conn.execute(select(VehicleRow.vin)).all())  # a new VIN each time
        conn.execute(insert(VehicleRow).values(vin=f"W{customer}{sold}", customer_id=customer, delivered_on=day,
                                               sold_here=True, model="Lavida"))
    elif what == "opt_out":
        conn.execute(update(CustomerRow).where(CustomerRow.customer_id == customer).values(do_not_contact=True))


@pytest.fixture
def engine(db):
    engine = open_store(str(db))
    with engine.begin() as conn:
        conn.execute(insert(StaffRow), [_row(s, StaffRow) for s in STAFF])
    yield engine
    engine.dispose()


def _clear(engine) -> None:
    with engine.begin() as conn:
        for table in TABLES:
            conn.execute(delete(table))


def load_all(engine):
    with engine.connect() as conn:
        return load_files(conn)


def _both(engine, day) -> tuple[str, str]:
    with engine.connect() as conn:
        dealership = load_dealership(conn)
        scratch = due_items(load_files(conn), dealership, POLICY, day, capped=False)
    stored = day_list(day_plans(engine, day, POLICY, dealership), dealership, POLICY, day, capped=False)
    for capped in (False, True):  # the whole list in one query (``due --format json``), messages written
        planned = _planned(engine, day, capped)
        assert _listed(engine, day, capped) == planned
        assert _kept(engine, day, capped) == planned
    assert _listed(engine, day, True, "manager") == _planned(engine, day, True, "manager")
    assert _kept(engine, day, True, "manager") == _planned(engine, day, True, "manager")
    return due_json(stored.items), due_json(scratch.items)


def _messages(engine, dealership):
    from followup_cli.render.messages import MessageTexts
    from followup_cli.store.loaders import vehicles_of

    with engine.connect() as conn:
        vehicles = vehicles_of(conn, conn.execute(select(VehicleRow.vin)).scalars())
    return MessageTexts(POLICY, vehicles, {s.code: s for s in dealership.staff}, {})


def _planned(engine, day, capped: bool, role: str | None = None) -> str:
    """``due --format json`` from the stored plans, listed by the engine."""
    from followup_cli.rules.worklist import select_items

    with engine.connect() as conn:
        dealership = load_dealership(conn)
    listed = day_list(day_plans(engine, day, POLICY, dealership, role=role), dealership, POLICY, day, capped=capped)
    items = select_items(listed.items, {s.code: s for s in dealership.staff}, role=role)
    return due_json(items, message=_messages(engine, dealership))


def _listed(engine, day, capped: bool, role: str | None = None) -> str:
    """``due --format json`` from the stored items, in one query (``store.agenda_list``)."""
    from followup_cli.render.jsonout import listed_json_parts
    from followup_cli.store.agenda_list import rows

    with engine.connect() as conn:
        dealership = load_dealership(conn)
    with rows(engine, day, POLICY, dealership, None, capped, role=role) as listing:
        assert listing is not None
        return "".join(listed_json_parts(listing, _messages(engine, dealership)))


def _kept(engine, day, capped: bool, role: str | None = None) -> str:
    """``due --format json`` from the day's list as it is kept (``store.agenda_day``), made first where it
    is not; a day before the one kept: that list dropped, and made for this day."""
    from followup_cli.i18n import language
    from followup_cli.render.jsonout import kept_json_parts
    from followup_cli.store import agenda_day

    with engine.connect() as conn:
        dealership = load_dealership(conn)
    for first in (True, False):
        with agenda_day.listed(engine, day, language(), POLICY, dealership, capped, role) as kept:
            if kept is not None:
                assert isinstance(kept, agenda_day.DayList)
                return b"".join(kept_json_parts(kept.texts)).decode("utf-8")
        assert first
        with engine.begin() as conn:
            assert agenda_day.state(conn)[language()][0] > day  # the only reason it is not made
            agenda_day.drop(conn)
    raise AssertionError("not kept")


def _ahead_as_counted(engine, day) -> None:
    """``report forecast``'s days as they are kept (``store.agenda_ahead``), counted in SQL, are the
    engine's counts of the days from the records (made first where they are not kept)."""
    from followup_cli.store import agenda_ahead
    from followup_cli.store.agenda_ahead import DAYS, KeptDays, kept_days

    with engine.connect() as conn:
        dealership = load_dealership(conn)
        pure = DayLists.of_files(load_files(conn), dealership, POLICY, day)
    kept = kept_days(engine, day, DAYS, POLICY, dealership)
    if kept is None:  # only for a day before the first kept (an earlier example's): counted from the plans
        with engine.begin() as conn:
            assert agenda_ahead._kept(conn)[0] > day
            agenda_ahead.drop(conn)
        kept = kept_days(engine, day, DAYS, POLICY, dealership)
    assert isinstance(kept, KeptDays)
    for offset in range(DAYS):
        later = day + timedelta(days=offset)
        assert kept.counts(later) == pure.counts(later), offset
    # ``report workload``'s day: per staff member, with the week's missed items
    since = day - timedelta(days=6)
    expected = staff_day(due_items(load_all(engine), dealership, POLICY, day, missed_since=since))
    assert agenda_ahead.kept_staff_day(engine, day, since, POLICY, dealership) == expected


@settings(max_examples=40, **HYPOTHESIS)
@given(files=dealerships(), day=days, ahead=st.lists(st.integers(0, 90), min_size=1, max_size=3), writes=WRITES)
def test_the_stored_agenda_lists_what_the_engine_lists_also_after_writes(engine, files, day, ahead, writes):
    _clear(engine)
    try:
        with engine.begin() as conn:
            store_files(conn, files)
        stored, scratch = _both(engine, day)
        assert stored == scratch
        for offset in ahead:  # later days: the stored plans are read, or made again where they ran out
            later = day + timedelta(days=offset)
            assert _both(engine, later)[0] == _both(engine, later)[1]
        # the forecast's days and the workload's missed counts, from the stored plans and from scratch
        with engine.connect() as conn:
            dealership = load_dealership(conn)
            pure = DayLists.of_files(load_files(conn), dealership, POLICY, day)
        stored_days = day_lists(engine, day, POLICY, dealership, days=max(ahead) + 1)
        counted_days = day_lists(engine, day, POLICY, dealership, days=max(ahead) + 1, counted=True)
        for offset in sorted(set(ahead)):
            later = day + timedelta(days=offset)
            assert due_json(stored_days.on(later).items) == due_json(pure.on(later).items), offset
            assert counted_days.counts(later) == pure.counts(later), offset
        _ahead_as_counted(engine, day)
        since = day - timedelta(days=6)
        assert day_list_of(engine, day, POLICY, dealership, missed_since=since).missed == due_items(
            load_all(engine), dealership, POLICY, day, missed_since=since
        ).missed
        for what, who, shift, outcome in writes:
            with engine.begin() as conn:
                write(conn, what, f"C{who}", day + timedelta(days=shift), outcome)
            later = day + timedelta(days=max(shift, 0))
            stored, scratch = _both(engine, later)
            assert stored == scratch, (what, who, shift)
            _ahead_as_counted(engine, day)
    finally:
        _clear(engine)


def test_a_write_drops_the_plans_of_the_customers_it_touches(engine):
    """The triggers: a contact, a visit (through its vehicle), a customer's change and a new referral each
    delete exactly the touched customers' plans."""
    with engine.begin() as conn:
        conn.execute(insert(CustomerRow), [{"customer_id": c} for c in ("A", "B", "C")])
        conn.execute(insert(VehicleRow).values(vin="V1", customer_id="B"))
    with engine.connect() as conn:
        dealership = load_dealership(conn)
    from datetime import date

    list(day_plans(engine, date(2026, 1, 5), POLICY, dealership))

    def planned() -> set[str]:
        with engine.connect() as conn:
            return set(conn.execute(select(AgendaRow.customer_id)).scalars())

    assert planned() == {"A", "B", "C"}
    with engine.begin() as conn:
        conn.execute(insert(ContactRow).values(id=1, customer_id="A", contacted_on=date(2026, 1, 5), fingerprint="x"))
    assert planned() == {"B", "C"}
    with engine.begin() as conn:
        conn.execute(insert(VisitRow).values(visit_id="X1", vin="V1", visited_on=date(2026, 1, 4)))
    assert planned() == {"C"}
    list(day_plans(engine, date(2026, 1, 5), POLICY, dealership))
    with engine.begin() as conn:
        conn.execute(insert(CustomerRow).values(customer_id="D", referred_by="C"))
    assert planned() == {"A", "B"}
    with engine.begin() as conn:
        conn.execute(update(CustomerRow).where(CustomerRow.customer_id == "A").values(name="新名字"))
    assert planned() == {"B"}


def test_a_plan_dropped_between_planning_and_reading_is_made_in_memory(engine, monkeypatch):
    """Review: a `log` committed after the plans were made and before they are read drops that customer's
    plan; the list still has the customer (planned from the same snapshot as the rest)."""
    from datetime import date

    from followup_cli.store import agenda

    day = date(2026, 1, 5)
    with engine.begin() as conn:
        conn.execute(insert(CustomerRow), [{"customer_id": c, "stage": "prospect", "owner": "S01", "created_on": day}
                                           for c in ("A", "B")])
    with engine.connect() as conn:
        dealership = load_dealership(conn)
    expected = due_json(day_list(day_plans(engine, day, POLICY, dealership), dealership, POLICY, day).items)
    assert '"customer_id": "A"' in expected and '"customer_id": "B"' in expected
    ensure = agenda._ensure

    def ensure_then_a_write(*args):
        found = ensure(*args)
        with engine.begin() as conn:  # what the trigger of a contact logged for A does
            conn.execute(delete(AgendaRow).where(AgendaRow.customer_id == "A"))
        return found

    monkeypatch.setattr(agenda, "_ensure", ensure_then_a_write)
    monkeypatch.setattr(agenda, "covers", lambda *args: False)  # as if a plan had run out: made, then read
    again = due_json(day_list(day_plans(engine, day, POLICY, dealership), dealership, POLICY, day).items)
    assert again == expected
    with engine.connect() as conn:  # the write did drop A's plan: it was listed from the snapshot's records
        assert conn.execute(select(AgendaRow.customer_id).where(AgendaRow.customer_id == "A")).first() is None


def test_a_role_list_is_cut_by_capacity_as_the_whole_list_is(engine):
    """Review: ``due --role manager`` cuts a manager's list as ``due --staff`` does, counting the manager's
    calls of other roles too (here M01 owns A, a consultant's item, and verifies B's defeat)."""
    from datetime import date

    from followup_cli.rules.worklist import select_items

    day = date(2026, 1, 5)
    with engine.begin() as conn:
        conn.execute(update(StaffRow).where(StaffRow.code == "M01").values(daily_capacity=1))
        conn.execute(insert(CustomerRow), [
            {"customer_id": "A", "stage": "prospect", "intent_level": "A", "owner": "M01", "created_on": date(2025, 12, 1),
             "lost_on": None, "lost_category": None, "competitor": None},
            {"customer_id": "B", "stage": "lost", "intent_level": None, "owner": "S01", "created_on": None, "lost_on": day,
             "lost_category": "price", "competitor": "X"},
        ])
    with engine.connect() as conn:
        dealership = load_dealership(conn)
        files = load_files(conn)
    staff_by_code = {s.code: s for s in dealership.staff}
    whole = due_items(files, dealership, POLICY, day)
    by_role = day_list(day_plans(engine, day, POLICY, dealership, role="manager"), dealership, POLICY, day)
    expected = select_items(whole.items, staff_by_code, role="manager")
    assert [(i.customer_id, i.touchpoint, i.within_capacity) for i in expected] == [("B", "lost.verify", False)]
    assert select_items(by_role.items, staff_by_code, role="manager") == expected


@pytest.mark.parametrize("offset", [0, 3, 40])
def test_the_whole_list_in_one_query_is_the_engines_on_the_example_dealership(db, offset):
    """``due --format json`` from ``agenda_items`` (ranked, cut and joined in SQL) is the engine's list of the
    stored plans, text for text: the example dealership, some staff members cut to a capacity of 2 or 0, a
    customer's items of several staff members (``also``), messages, counted "ended N days ago" reasons."""
    from datetime import date

    from tests.cli.conftest import load_example_dealership

    engine = open_store(str(load_example_dealership(db)))
    try:
        with engine.begin() as conn:
            conn.execute(update(StaffRow).where(StaffRow.code.in_(["A01", "S03"])).values(daily_capacity=2))
            conn.execute(update(StaffRow).where(StaffRow.code == "M01").values(daily_capacity=0))
        day = date(2026, 11, 24) + timedelta(days=offset)
        for capped in (True, False):
            listed = _listed(engine, day, capped)
            assert listed == _planned(engine, day, capped)
        for role in ("manager", "advisor", "consultant", "crm"):  # ``due --role``
            assert _listed(engine, day, True, role) == _planned(engine, day, True, role), role
        assert '"within_capacity": false' in _listed(engine, day, True)
        _ahead_as_counted(engine, day)  # ``report forecast``'s days, some staff members' customers cut
        for lang in ("zh", "en"):  # the day's list as it is kept, in each language
            set_language(lang)
            try:
                for capped in (True, False):
                    assert _kept(engine, day, capped) == _planned(engine, day, capped), (lang, capped)
                for role in ("manager", "advisor", "consultant", "crm"):
                    assert _kept(engine, day, True, role) == _planned(engine, day, True, role), (lang, role)
            finally:
                set_language("en")
        assert '"also": [\n' in listed and '"message": "' in listed
    finally:
        engine.dispose()


def test_a_customer_deleted_or_renamed_behind_followups_back_leaves_nothing_kept(engine):
    """The day's list and the days ahead keep rows per customer: a customer deleted, or given another id,
    by another program takes their rows along (the triggers on ``customers``), else the plans would all
    cover the day again and the list would still name them."""
    from datetime import date

    day = date(2026, 1, 5)
    with engine.begin() as conn:
        conn.execute(insert(CustomerRow), [{"customer_id": c, "stage": "prospect", "owner": "S01", "created_on": day}
                                           for c in ("A", "B", "C")])
    before = _kept(engine, day, False)
    assert all(f'"customer_id": "{c}"' in before for c in "ABC")
    _ahead_as_counted(engine, day)
    with engine.begin() as conn:
        conn.execute(delete(CustomerRow).where(CustomerRow.customer_id == "A"))
        conn.execute(update(CustomerRow).where(CustomerRow.customer_id == "B").values(customer_id="B2"))
    after = _kept(engine, day, False)
    assert after == _planned(engine, day, False)
    assert '"customer_id": "A"' not in after and '"customer_id": "B"' not in after and '"customer_id": "B2"' in after
    _ahead_as_counted(engine, day)


def test_another_day_is_listed_from_the_plans_and_leaves_todays_list_kept(engine):
    """Review: a look at another day (``--today``) lists it from the plans; only today's list (``renew``)
    replaces the one kept, so a glance at a later day does not leave every list until then unkept."""
    from datetime import date

    from followup_cli.i18n import language
    from followup_cli.store import agenda_ahead, agenda_day

    day, later = date(2026, 1, 5), date(2026, 3, 1)
    with engine.begin() as conn:
        conn.execute(insert(CustomerRow), [{"customer_id": c, "stage": "prospect", "owner": "S01", "created_on": day}
                                           for c in ("A", "B")])
        dealership = load_dealership(conn)
    with agenda_day.listed(engine, day, language(), POLICY, dealership, False, None) as kept:
        assert isinstance(kept, agenda_day.DayList)
    assert isinstance(agenda_ahead.kept_days(engine, day, 14, POLICY, dealership), agenda_ahead.KeptDays)
    for other in (later, day - timedelta(days=1)):  # not today: from the plans, the kept lists left as they are
        with agenda_day.listed(engine, other, language(), POLICY, dealership, False, None, renew=False) as kept:
            assert kept is None
        assert agenda_ahead.kept_days(engine, other, 14, POLICY, dealership, renew=False) is None
    with engine.connect() as conn:
        assert agenda_day.state(conn)[language()][0] == day and agenda_ahead._kept(conn)[0] == day
    with agenda_day.listed(engine, day, language(), POLICY, dealership, False, None, renew=False) as kept:
        assert isinstance(kept, agenda_day.DayList)  # still kept
    with agenda_day.listed(engine, later, language(), POLICY, dealership, False, None, renew=True) as kept:
        assert isinstance(kept, agenda_day.DayList)  # today (renew): made for it
    with engine.connect() as conn:
        assert agenda_day.state(conn)[language()][0] == later
