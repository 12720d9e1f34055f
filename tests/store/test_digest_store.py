"""``store.digest``: the ``contact_digest`` table holds exactly the contacts ``rules.digest`` keeps (issue 7).

``refresh`` decides what to keep with ``kept_ids`` (``rules.digest.digest``
decision for decision, on the rows the database gives, dates as text on
SQLite) and copies the rows inside the database. These properties hold it
to the specification: random histories of a few customers (same-day ties,
ids in another order than the days, blank channels, staff, outcomes and
touchpoints, attempts, opt-outs, promises, scores, visits) are stored, and
the table ``refresh`` builds — all at once, for some customers, on top of an
older digest, with the chunk sizes forced small so that every path runs —
is compared row for row with ``digest()`` of each customer's contacts
(``stale_customers`` too). Runs on both backends (the ``db`` fixture).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import groupby
from operator import attrgetter
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from followup_cli.rules.digest import digest as rules_digest
from followup_cli.rules.model import Contact
from followup_cli.store import digest as store_digest
from followup_cli.store.database import open_store
from followup_cli.store.tables import ContactDigestRow, ContactRow, CustomerRow

HYPOTHESIS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

CUSTOMERS = ("C1", "C2", "客户3", "C10")
CHANNELS = (None, "phone", "visit", "sms", "wechat")
TOUCHPOINTS = (None, None, "lead.cadence", "owner.visit", "complaint.reply", "service.quality_callback")
OUTCOMES = (None, "reached", "no_answer", "busy", "wrong_number", "appointment", "refused", "opted_out")
STAFF = (None, "S01", "S02", "A01")
START = date(2025, 1, 1)
COLUMNS = store_digest.COLUMNS
CONTACTS = ContactRow.__table__
DIGEST = ContactDigestRow.__table__


@st.composite
def histories(draw, most: int = 40):
    """Contacts of a few customers as rows (dicts of ``COLUMNS``): few days (same-day ties), few kinds,
    ids a permutation (an id says nothing of the day), every column sometimes blank."""
    n = draw(st.integers(0, most))
    ids = draw(st.permutations(range(1, n + 1)))
    rows = []
    for contact_id in ids:
        on = START + timedelta(days=draw(st.integers(0, 12)))
        rows.append({
            "id": contact_id,
            "customer_id": draw(st.sampled_from(CUSTOMERS)),
            "contacted_on": on,
            "channel": draw(st.sampled_from(CHANNELS)),
            "touchpoint": draw(st.sampled_from(TOUCHPOINTS)),
            "outcome": draw(st.sampled_from(OUTCOMES)),
            "staff": draw(st.sampled_from(STAFF)),
            "next_contact_on": draw(st.none() | st.none() | st.integers(0, 30).map(lambda k, on=on: on + timedelta(k))),
            "score": draw(st.none() | st.none() | st.integers(1, 5)),
            "note": draw(st.none() | st.sampled_from(("first", "回访：客户说“下周再来”", ""))),
        })
    return rows


def _contact(row: dict) -> Contact:
    return Contact(**{("seq" if name == "id" else name): row[name] for name in COLUMNS})


def expected_digest(rows: list[dict]) -> list[tuple]:
    """``rules.digest.digest`` of each customer's contacts: digest rows as (``COLUMNS``) tuples, by id."""
    by_customer = defaultdict(list)
    for row in rows:
        by_customer[row["customer_id"]].append(_contact(row))
    kept = []
    for contacts in by_customer.values():
        contacts.sort(key=attrgetter("contacted_on", "seq"))
        kept.extend(rules_digest(contacts))
    return sorted((tuple(getattr(c, "seq" if name == "id" else name) for name in COLUMNS) for c in kept), key=_id)


def stored_digest(conn) -> list[tuple]:
    return sorted((tuple(row) for row in conn.execute(select(*(DIGEST.c[name] for name in COLUMNS)))), key=_id)


def _id(row: tuple):
    return row[-1]


@pytest.fixture
def engine(db):
    """An engine on the test's database, its customers stored; every example runs in a transaction rolled back."""
    engine = open_store(str(db))
    with engine.begin() as conn:
        conn.execute(CustomerRow.__table__.insert(), [{"customer_id": c} for c in CUSTOMERS])
    yield engine
    engine.dispose()


class _Rollback(Exception):
    pass


def in_rolled_back_transaction(engine, check) -> None:
    try:
        with engine.begin() as conn:
            check(conn)
            raise _Rollback()
    except _Rollback:
        pass


# small sizes, so that a handful of customers and contacts goes through every path: a query per few
# customers, several copies, the index of an empty digest dropped and built again; and the real sizes
SIZES = st.sampled_from([
    {"_CHUNK": 1, "_COPY": 1, "_REINDEX": 1},
    {"_CHUNK": 2, "_COPY": 3, "_REINDEX": 10**9},
    {"_CHUNK": 3, "_COPY": 7, "_REINDEX": 5},
    {"_CHUNK": store_digest._CHUNK, "_COPY": store_digest._COPY, "_REINDEX": store_digest._REINDEX},
])


@settings(max_examples=60, **HYPOTHESIS)
@given(rows=histories(), sizes=SIZES, listed=st.booleans())
def test_refresh_stores_what_rules_digest_keeps(engine, rows, sizes, listed):
    def check(conn):
        if rows:
            conn.execute(CONTACTS.insert(), rows)
        with mock.patch.multiple(store_digest, **sizes):
            written = store_digest.refresh(conn, CUSTOMERS if listed else None)
        expected = expected_digest(rows)
        assert stored_digest(conn) == expected
        assert written == len(expected)
        assert store_digest.stale_customers(conn) == []
        # each digest row is its contact's row, column for column (no value rewritten on the way)
        contacts = {row[-1]: tuple(row) for row in conn.execute(select(*(CONTACTS.c[name] for name in COLUMNS)))}
        assert all(contacts[row[-1]] == row for row in stored_digest(conn))

    in_rolled_back_transaction(engine, check)


@settings(max_examples=40, **HYPOTHESIS)
@given(rows=histories(), data=st.data(), sizes=SIZES)
def test_refreshing_some_customers_after_new_contacts_gives_them_the_digest_of_the_whole(engine, rows, data, sizes):
    """What an import does: contacts and their digest stored, more contacts, the digest of some customers
    refreshed. Those get the digest of all their contacts; the others keep what they had, out of date or not."""
    old_count = data.draw(st.integers(0, len(rows)), label="old contacts")
    old, new = rows[:old_count], rows[old_count:]
    refreshed = data.draw(st.lists(st.sampled_from(CUSTOMERS), unique=True), label="refreshed")

    def check(conn):
        if old:
            conn.execute(CONTACTS.insert(), old)
        store_digest.refresh(conn)
        before = stored_digest(conn)
        if new:
            conn.execute(CONTACTS.insert(), new)
        with mock.patch.multiple(store_digest, **sizes):
            store_digest.refresh(conn, refreshed)
        whole = expected_digest(rows)
        after = stored_digest(conn)
        assert [r for r in after if r[0] in refreshed] == [r for r in whole if r[0] in refreshed]
        assert [r for r in after if r[0] not in refreshed] == [r for r in before if r[0] not in refreshed]
        assert not set(store_digest.stale_customers(conn)) & set(refreshed)

    in_rolled_back_transaction(engine, check)


def test_a_refresh_replaces_a_refreshed_customers_stale_rows_and_leaves_the_others(engine):
    rows = [
        {"id": 1, "customer_id": "C1", "contacted_on": date(2025, 3, 1), "channel": "phone", "touchpoint": "lead.cadence",
         "outcome": "reached", "staff": "S01", "next_contact_on": None, "score": None, "note": "first"},
        {"id": 2, "customer_id": "C1", "contacted_on": date(2025, 4, 1), "channel": "phone", "touchpoint": "lead.cadence",
         "outcome": "reached", "staff": "S01", "next_contact_on": None, "score": None, "note": "second"},
        {"id": 3, "customer_id": "C2", "contacted_on": date(2025, 4, 1), "channel": "sms", "touchpoint": None,
         "outcome": "no_answer", "staff": None, "next_contact_on": None, "score": None, "note": None},
    ]

    def check(conn):
        conn.execute(CONTACTS.insert(), rows)
        assert store_digest.refresh(conn) == 2  # C1's first call is superseded by the second
        assert [r[-1] for r in stored_digest(conn)] == [2, 3]
        conn.execute(DIGEST.update().where(DIGEST.c.id == 2).values(note="tampered"))
        conn.execute(DIGEST.update().where(DIGEST.c.id == 3).values(note="tampered"))
        conn.execute(DIGEST.insert(), [{**rows[0], "id": 99, "note": "an old row of C1"}])
        assert store_digest.stale_customers(conn) == ["C1", "C2"]
        assert store_digest.refresh(conn, ["C1"]) == 1
        assert store_digest.stale_customers(conn) == ["C2"]
        assert store_digest.refresh(conn, []) == 0
        assert store_digest.stale_customers(conn) == ["C2"]
        assert store_digest.refresh(conn) == 2
        assert store_digest.stale_customers(conn) == []
        conn.execute(delete(CONTACTS).where(CONTACTS.c.customer_id == "C2"))
        assert store_digest.refresh(conn, ["C2", "C3"]) == 0  # no contacts left: no digest rows
        assert [r[-1] for r in stored_digest(conn)] == [2]

    in_rolled_back_transaction(engine, check)


def _iso(row: tuple) -> tuple:
    return tuple(v.isoformat() if isinstance(v, date) else v for v in row)


@settings(max_examples=150, deadline=None)
@given(rows=histories(most=50))
def test_kept_ids_keeps_what_rules_digest_keeps_dates_or_their_text(rows):
    """The decisions alone, without a database, on rows newest first: on ``date`` objects (PostgreSQL's rows) and on their ISO text
    (SQLite's, read by the driver), ``kept_ids`` keeps the contacts ``rules.digest.digest`` keeps."""
    ordered = sorted((tuple(row[name] for name in store_digest.DECIDING) for row in rows),
                     key=lambda r: (r[0], r[1], r[-1]), reverse=True)  # newest first, as the store reads them
    expected = sorted(r[-1] for r in expected_digest(rows))
    assert sorted(store_digest.kept_ids(ordered)) == expected
    assert sorted(store_digest.kept_ids(map(_iso, ordered))) == expected
    # grouping by customer needs only their rows together, in any order of customers
    shuffled = [r for _, group in sorted(((k, list(g)) for k, g in groupby(ordered, key=lambda r: r[0])),
                                         key=lambda kg: kg[0][::-1]) for r in group]
    assert sorted(store_digest.kept_ids(shuffled)) == expected
