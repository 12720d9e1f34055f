"""`followup check`: integrity and foreign keys, orphans reported, nothing changed (SQLite and PostgreSQL)."""

from __future__ import annotations

import postgres
import pytest

VIN1 = "L6T7D4KX1NN270743"
VIN2 = "LSGPC52U6AF102554"
DATA = {
    "staff": "code,name,role\nS01,张伟,consultant\nA01,王强,advisor\n",
    "customers": "customer_id,name,phone,stage,owner,advisor\nC1,张三,13812345678,prospect,S01,\n"
                 "C2,李四,13987654321,owner,S01,A01\nC3,王五,13711112222,owner,S01,A01\n",
    "vehicles": f"vin,customer_id,model,delivered_on\n{VIN1},C2,星越L,2025-03-20\n{VIN2},C3,博越,2024-08-01\n",
    "visits": f"visit_id,vin,visited_on,odometer_km,kind,advisor\nV1,{VIN1},2026-01-10,5000,maintenance,A01\n"
              f"V2,{VIN2},2026-02-10,9000,repair,A01\n",
    "contacts": "customer_id,contacted_on,channel,outcome,staff,note\nC1,2026-03-01,phone,reached,S01,first\n"
                "C3,2026-03-02,phone,reached,S01,second\nC3,2026-03-03,phone,no_answer,S01,third\n",
}


def _dealer(cli, db, csvfile):
    for kind in ("staff", "customers", "vehicles", "visits", "contacts"):
        result = cli("--db", db, "import", kind, csvfile(f"{kind}.csv", DATA[kind]))
        assert result.exit_code == 0, result.output
    return db


def _integrity(db) -> str:
    """SQLite's integrity check runs on a file; a server checks its own pages."""
    return "integrity: not checked (not a SQLite file)" if postgres.is_url(db) else "integrity: ok"


def test_a_sound_database_passes(cli, db, csvfile, digest):
    _dealer(cli, db, csvfile)
    before = digest(db)
    result = cli("--db", db, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"checked {db}\n"
        f"{_integrity(db)}\n"
        "foreign keys: ok\n"
        "rows: staff 2, customers 3, vehicles 2, visits 2, contacts 3, campaigns 0\n"
        "contact digest: ok\n"
        "agenda: ok\n"
        "nothing was changed\n"
    )
    assert digest(db) == before


def test_orphans_are_reported_and_left_as_they_are(cli, db, csvfile, digest, sql, tamper):
    _dealer(cli, db, csvfile)
    tamper(
        db,
        "DELETE FROM customers WHERE customer_id = 'C3'",  # a deleted customer: 2 contacts and a vehicle left behind
        "INSERT INTO visits (visit_id, vin, visited_on, kind) VALUES ('V9', 'LFV3A23C1L3000001', '2026-04-01', 'repair')",
        "UPDATE customers SET owner = 'S99' WHERE customer_id = 'C1'",
    )
    before = digest(db)
    result = cli("--db", db, "check")
    assert result.exit_code == 1
    ids = [i for (i,) in sql(db, "SELECT id FROM contacts WHERE customer_id = 'C3' ORDER BY id")]
    assert result.stdout == (
        f"checked {db}\n"
        f"{_integrity(db)}\n"
        "foreign keys: 3 problems\n"
        "rows: staff 2, customers 2, vehicles 2, visits 3, contacts 3, campaigns 0\n"
        f"  contacts of customers that do not exist: 2 ({ids[0]}→C3, {ids[1]}→C3)\n"
        f"  vehicles of customers that do not exist: 1 ({VIN2}→C3)\n"
        "  visits of unknown VINs: 1 (V9→LFV3A23C1L3000001)\n"
        "  warning: customers whose owner is not a staff code: 1 (C1→S99)\n"
        "contact digest: ok\n"
        "agenda: ok\n"
        "nothing was changed\n"
    )
    assert digest(db) == before  # byte for byte (every row, on a server)
    assert sql(db, "SELECT count(*) FROM contacts WHERE customer_id = 'C3'") == [(2,)]


def test_a_plan_changed_behind_followups_back_is_found_and_rebuilt(cli, db, csvfile, tamper):
    """The agenda (issue 19): ``check`` makes every stored plan again and compares; ``--rebuild`` plans anew."""
    _dealer(cli, db, csvfile)
    day = "2026-11-24"
    listed = cli("--db", db, "due", "--all", "--today", day, "--format", "json")
    assert listed.exit_code == 0 and '"customer_id"' in listed.stdout
    assert cli("--db", db, "check", "--today", day).stdout.endswith("agenda: ok\nnothing was changed\n")
    tamper(db, "UPDATE agenda SET body = '[null,[]]' WHERE customer_id = 'C1'")
    stale = cli("--db", db, "check", "--today", day)
    assert stale.exit_code == 1
    assert "agenda out of date for 1 customers (e.g. C1): run `followup check --rebuild`\n" in stale.stdout
    rebuilt = cli("--db", db, "check", "--rebuild", "--today", day)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "agenda rebuilt: 3 customers planned on 2026-11-24\n" in rebuilt.stdout and "agenda: ok\n" in rebuilt.stdout
    again = cli("--db", db, "due", "--all", "--today", day, "--format", "json")
    assert again.stdout == listed.stdout
    # the plan's items, which ``due --format json`` reads: one deleted behind followup's back is found too
    tamper(db, "DELETE FROM agenda_items WHERE customer_id = (SELECT min(customer_id) FROM agenda_items)")
    stale = cli("--db", db, "check", "--today", day)
    assert stale.exit_code == 1 and "agenda out of date for 1 customers" in stale.stdout
    assert cli("--db", db, "check", "--rebuild", "--today", day).exit_code == 0
    assert cli("--db", db, "due", "--all", "--today", day, "--format", "json").stdout == listed.stdout
    # the day's list and the days ahead kept from the day (``due --format json``, ``report forecast``)
    forecast = cli("--db", db, "report", "forecast", "--today", day, "--format", "json")
    assert forecast.exit_code == 0, forecast.output
    for change, found in (
        ("UPDATE agenda_day SET cut_at = cut_at + 1 WHERE customer_id = (SELECT min(customer_id) FROM agenda_day)",
         "1 customers (e.g. C1)"),
        ("DELETE FROM agenda_ahead WHERE customer_id = (SELECT max(customer_id) FROM agenda_ahead)",
         "1 customers (e.g. C3)"),
        # C1's rows under a customer who is no more (as if deleted by another program while the list was made)
        ("UPDATE agenda_day SET customer_id = 'GONE' WHERE customer_id = 'C1'", "2 customers (e.g. C1, GONE)"),
    ):
        tamper(db, change)
        stale = cli("--db", db, "check", "--today", day)
        assert stale.exit_code == 1 and f"agenda out of date for {found}" in stale.stdout, (change, stale.stdout)
        assert cli("--db", db, "check", "--rebuild", "--today", day).exit_code == 0
        assert cli("--db", db, "check", "--today", day).stdout.endswith("agenda: ok\nnothing was changed\n")
    assert cli("--db", db, "due", "--all", "--today", day, "--format", "json").stdout == listed.stdout
    assert cli("--db", db, "report", "forecast", "--today", day, "--format", "json").stdout == forecast.stdout


def test_warnings_alone_do_not_fail_the_check(cli, db, csvfile, tamper):
    _dealer(cli, db, csvfile)
    tamper(db, "UPDATE contacts SET staff = 'X9' WHERE note = 'first'", "UPDATE visits SET advisor = 'A77'")
    stale = cli("--db", db, "check")  # a contact changed behind followup's back: its digest is out of date
    assert stale.exit_code == 1
    assert "contact digest out of date for 1 customers (e.g. C1): run `followup check --rebuild`\n" in stale.stdout
    result = cli("--db", db, "check", "--rebuild")
    assert result.exit_code == 0, result.output
    assert "contact digest rebuilt: " in result.stdout and "contact digest: ok\n" in result.stdout
    assert "  warning: contacts logged by an unknown staff code: 1 (" in result.stdout
    assert "  warning: visits with an unknown advisor code: 2 (V1→A77, V2→A77)\n" in result.stdout
    assert "foreign keys: ok\n" in result.stdout


@pytest.mark.sqlite_only("damaging a page of a SQLite file, PRAGMA integrity_check")
def test_a_damaged_index_fails_the_integrity_check(cli, db, csvfile, digest, sql):
    _dealer(cli, db, csvfile)
    [(fingerprint,)] = sql(db, "SELECT fingerprint FROM contacts WHERE note = 'first'")
    [(root,)] = sql(db, "SELECT rootpage FROM sqlite_master WHERE name = 'ix_contacts_fingerprint'")
    [(page_size,)] = sql(db, "PRAGMA page_size")
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    at = data.index(fingerprint.encode(), start, start + page_size)
    data[at] = ord("0") if data[at] != ord("0") else ord("1")  # the index no longer matches its row
    db.write_bytes(bytes(data))
    before = digest(db)
    result = cli("--db", db, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("integrity: ") and lines[1] != "integrity: ok"
    assert any("ix_contacts_fingerprint" in line for line in lines)
    assert lines[-1] == "nothing was changed"
    assert digest(db) == before


@pytest.mark.sqlite_only("a SQLite file that is not there")
def test_check_refuses_a_missing_database_with_the_init_hint(cli, tmp_path):
    result = cli("--db", tmp_path / "none.db", "check")
    assert result.exit_code == 1
    assert result.stderr == f"no database at {tmp_path / 'none.db'}: run `followup init` first\n"
