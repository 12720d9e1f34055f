"""``store.bulk.insert_many`` on PostgreSQL: a batch goes in as one psycopg ``COPY`` and is stored exactly as
SQLAlchemy Core's ``insert`` stores it; what ``COPY`` cannot take exactly goes through Core.

Each test inserts the same rows twice, through ``insert_many`` and through a Core ``insert``, into two
tables of the same shape, and reads both back: as Python values, and as the server's own text for every
column (``::text``), so a float, a date or a boolean stored differently would show.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Boolean, Column, Date, Float, Integer, MetaData, Numeric, String, Table, Text, create_engine, select
from sqlalchemy.exc import DataError, IntegrityError

from followup_cli.store import bulk

pytestmark = pytest.mark.postgresql_only("psycopg's COPY: the PostgreSQL path of store.bulk.insert_many")

COLUMNS = ("s", "t", "d", "b", "f", "n", "i")
#: text psycopg must escape for COPY's text format, CJK, NULL's own spelling, numbers at their limits
AWKWARD = [
    ("tab\tin a key", "line\nbreak\r\nCRLF and a back\\slash and \\N", date(2026, 11, 24), True, 0.1 + 0.2,
     Decimal("1.50"), 0),
    ("张三 李四", "电话回访：客户说“下周再来”\x0b\x0c\x08 end", date(1, 1, 1), False, 1e300, Decimal("-0.000001"),
     -2147483648),
    (None, None, None, None, None, None, None),
    ("", "", date(9999, 12, 31), 1, 980, 7, 2147483647),  # 1 for a boolean (SQLAlchemy's processor), int amount
    ("\\N", "\\.", date(2000, 2, 29), 0, float("inf"), Decimal("12345678901234.123456"), None),
    ("trailing  ", "  leading", None, True, float("-inf"), None, 5),
    ("'quote\" ,comma;", "emoji 🚗 \u2028 line separator \u00a0 no-break space", None, None, float("nan"), None, None),
    ("1e+17", "NULL", None, None, 123456789012345678.0, None, None),
]


def _table(metadata: MetaData, name: str) -> Table:
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True),
        Column("s", String(64)), Column("t", Text), Column("d", Date), Column("b", Boolean),
        Column("f", Float), Column("n", Numeric(20, 6)), Column("i", Integer),
    )


@pytest.fixture
def pair(db):
    """An engine on the test's database and two empty tables of the same shape: (engine, copied, inserted)."""
    engine = create_engine(str(db))
    metadata = MetaData()
    copied, inserted = _table(metadata, "bulk_copied"), _table(metadata, "bulk_inserted")
    metadata.create_all(engine)
    yield engine, copied, inserted
    engine.dispose()


@pytest.fixture
def paths(monkeypatch):
    """Which way each ``insert_many`` batch went: a list of "copy" or "core"."""
    taken = []
    copy_rows = bulk._copy_rows

    def spy(*args):
        copied = copy_rows(*args)
        taken.append("copy" if copied else "core")
        return copied

    monkeypatch.setattr(bulk, "_copy_rows", spy)
    return taken


def _read(engine, table: Table) -> tuple[list, list]:
    """The rows in id order, as Python values (``repr``, so NaN equals NaN) and as the server's text."""
    columns = [table.c[name] for name in COLUMNS]
    with engine.connect() as conn:
        values = [repr(tuple(row)) for row in conn.execute(select(*columns).order_by(table.c.id))]
        texts = conn.exec_driver_sql(
            f"SELECT {', '.join(f'{name}::text' for name in COLUMNS)} FROM {table.name} ORDER BY id"
        ).all()
    return values, [tuple(row) for row in texts]


def _both(engine, copied: Table, inserted: Table, rows: list[tuple], columns=COLUMNS) -> None:
    with engine.begin() as conn:
        assert bulk.insert_many(conn, copied, columns, rows) == len(rows)
        conn.execute(inserted.insert(), [dict(zip(columns, row)) for row in rows])


def test_copy_stores_what_a_core_insert_stores(pair, paths):
    engine, copied, inserted = pair
    _both(engine, copied, inserted, AWKWARD)
    assert paths == ["copy"]
    assert _read(engine, copied) == _read(engine, inserted)
    values, texts = _read(engine, copied)
    assert texts[0][:5] == ("tab\tin a key", "line\nbreak\r\nCRLF and a back\\slash and \\N", "2026-11-24", "true",
                            "0.30000000000000004")
    assert texts[2] == (None,) * len(COLUMNS)  # None is NULL, not the text "None" or ""
    assert texts[3][:2] == ("", "")  # an empty string stays one (COPY's text format: NULL is \N, not empty)
    assert texts[4][:2] == ("\\N", "\\.")
    assert texts[7][1] == "NULL"


def test_values_copy_would_parse_otherwise_go_through_core(pair, paths):
    """An INSERT casts a parameter to its column's type, a COPY parses text: for a value of another type
    than its column's the batch is Core's, so it is stored as Core stores it (1.5 rounded, True as 'true')."""
    engine, copied, inserted = pair
    for columns, rows in (
        (("i",), [(1.5,), (2,)]),  # a float for an integer
        (("s",), [(True,), ("x",)]),  # a boolean for text: 'true', where COPY would store 't'
        (("d",), [(datetime(2026, 11, 24, 23, 30),)]),  # a datetime for a date
        (("n",), [(0.1 + 0.2,)]),  # a float for a numeric: cast with 15 digits
    ):
        _both(engine, copied, inserted, rows, columns)
    assert paths == ["core"] * 4
    assert _read(engine, copied) == _read(engine, inserted)
    assert [row[6] for row in _read(engine, copied)[1][:2]] == ["2", "2"]


def test_copy_is_part_of_the_callers_transaction(pair):
    engine, copied, _ = pair
    with engine.connect() as conn:
        with conn.begin() as transaction:
            bulk.insert_many(conn, copied, COLUMNS, AWKWARD)
            transaction.rollback()
        bulk.insert_many(conn, copied, ("s",), [("autobegun",)])  # no begin(): as Core, the caller commits
        conn.commit()
        bulk.insert_many(conn, copied, ("s",), [("rolled back",)])
        conn.rollback()
    with engine.connect() as conn:
        assert conn.execute(select(copied.c.s)).scalars().all() == ["autobegun"]


def test_a_refused_copy_raises_what_core_raises_and_writes_nothing(pair):
    engine, copied, inserted = pair
    for table in (copied, inserted):  # a primary key given twice; a value too long for its column
        with pytest.raises(IntegrityError), engine.begin() as conn:
            bulk.insert_many(conn, table, ("id", "s"), [(1, "a"), (1, "b")])
        with pytest.raises(DataError, match="too long"), engine.begin() as conn:
            bulk.insert_many(conn, table, ("s",), [("x" * 64,), ("x" * 65,)])
    assert _read(engine, copied) == _read(engine, inserted) == ([], [])


def test_every_import_batch_goes_through_copy(cli, db, csvfile, sql, paths):
    """The importer's values are of their columns' types: each kind's rows are copied, none left to Core."""
    files = {
        "staff": "code,name,role,team,daily_capacity\nS01,张伟,consultant,sales,30\nA01,王强,advisor,service,\n",
        "customers": "customer_id,name,phone,stage,owner,created_on,do_not_contact,notes\n"
                     'C1,张三,13812345678,prospect,S01,2026-01-05,false,"tab\there, \\ and\na new line"\n'
                     "C2,李四,13987654321,owner,S01,2025-03-01,true,\n",
        "vehicles": "vin,customer_id,model,delivered_on,sold_here,service_interval_km\n"
                    "L6T7D4KX1NN270743,C2,星越L,2025-03-20,true,10000\n",
        "visits": "visit_id,vin,visited_on,odometer_km,kind,amount,advisor,complaint\n"
                  "V1,L6T7D4KX1NN270743,2026/1/5,12000,maintenance,980.5,A01,异响\\N\n",
        "campaigns": "campaign_id,name,kind,starts_on,ends_on,vins\nE1,春季保养,season_check,2026-03-01,2026-03-31,"
                     "L6T7D4KX1NN270743\n",
        "contacts": "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n"
                    'C1,2026-01-06,phone,,reached,S01,2026-02-01,4,"说：\t""下周""\\再来\r\n第二行"\n'
                    "C2,2026-01-07,sms,,no_answer,,,,\n",
    }
    for kind, text in files.items():
        result = cli("--db", db, "import", kind, csvfile(f"{kind}.csv", text))
        assert result.exit_code == 0, (kind, result.output)
    assert set(paths) == {"copy"} and len(paths) >= len(files)  # a kind's rows may come in several column sets
    assert sql(db, "SELECT customer_id, notes, do_not_contact FROM customers ORDER BY customer_id") == [
        ("C1", "tab\there, \\ and\na new line", 0),
        ("C2", None, 1),
    ]
    assert sql(db, "SELECT visited_on, odometer_km, amount, complaint FROM visits") == [
        ("2026-01-05", 12000, 980.5, "异响\\N")
    ]
    assert sql(db, "SELECT customer_id, contacted_on, next_contact_on, score, note, fingerprint IS NOT NULL "
                   "FROM contacts ORDER BY id") == [
        ("C1", "2026-01-06", "2026-02-01", 4, '说：\t"下周"\\再来\r\n第二行', True),
        ("C2", "2026-01-07", None, None, None, True),
    ]
