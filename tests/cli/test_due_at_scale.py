"""What makes `followup due` fast (issue 7) never changes its list.

The morning list reads the contact digest, not the whole history; `--staff`
evaluates only the customers that could give that person an item. Both must
give exactly what evaluating every customer's whole history gives.
"""

from __future__ import annotations

import csv
import json

import pytest

from followup_cli.demo_data import examples_dir

TODAY = "2026-11-24"
FIELDS = ("customer_id", "contacted_on", "channel", "touchpoint", "outcome", "staff", "next_contact_on", "score", "note")


def due_json(cli, db, *args):
    result = cli("--db", db, "due", "--today", TODAY, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_staff_members_list_is_their_part_of_the_whole_list(cli, demo):
    everyone = due_json(cli, demo, "--all")
    staff = sorted({item["staff"] for item in everyone if item["staff"]})
    assert len(staff) >= 8  # consultants, advisors, managers, the CRM clerks
    for code in staff:
        assert due_json(cli, demo, "--all", "--staff", code) == [i for i in everyone if i["staff"] == code], code


def test_the_digest_and_the_whole_history_give_the_same_list_every_day(demo):
    from datetime import date

    from followup_cli.rules.engine import due_items
    from followup_cli.rules.policy import default_policy
    from followup_cli.store.database import open_store
    from followup_cli.store.loaders import due_files, load_dealership, load_files

    engine = open_store(demo)
    with engine.connect() as conn:
        dealership, files = load_dealership(conn), load_files(conn)
        for day in (date(2026, 3, 1), date(2026, 11, 24), date(2027, 2, 17)):
            whole = due_items(files, dealership, default_policy(), day)
            assert due_items(due_files(conn, day, chunk_size=37), dealership, default_policy(), day) == whole, day
    engine.dispose()


def _contacts_of(customers: set[str]) -> list[dict]:
    with open(examples_dir() / "contacts.csv", encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.DictReader(f) if row["customer_id"] in customers]


def _shop(cli, db):
    """The example dealership without its contacts."""
    for kind in ("staff", "customers", "vehicles", "visits", "campaigns"):
        result = cli("--db", db, "import", kind, examples_dir() / f"{kind}.csv")
        assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def shop(cli, db):
    return _shop(cli, db)


def test_a_history_imported_at_once_or_logged_call_by_call_gives_the_same_list(cli, shop, tmp_path):
    rows = _contacts_of({"C1004", "C1017", "C1174"})
    assert len(rows) > 20
    bulk = tmp_path / "bulk.db"  # a SQLite file, also when `shop` is on PostgreSQL: the lists must agree
    assert cli("--db", bulk, "init").exit_code == 0
    _shop(cli, bulk)
    path = tmp_path / "contacts.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    assert cli("--db", bulk, "import", "contacts", path).exit_code == 0

    options = {"channel": "--channel", "touchpoint": "--touchpoint", "outcome": "--outcome", "staff": "--staff",
               "next_contact_on": "--next", "score": "--score", "note": "--note"}
    for row in rows:
        args = ["--db", shop, "log", row["customer_id"], "--staff", "S01", "--on", row["contacted_on"]]
        for column, option in options.items():
            if row[column]:
                args += [option, row[column]]
        result = cli(*args)
        assert result.exit_code == 0, result.output

    for day in ("2026-11-24", "2027-03-01"):
        logged = cli("--db", shop, "due", "--today", day, "--all", "--format", "json")
        imported = cli("--db", bulk, "due", "--today", day, "--all", "--format", "json")
        assert json.loads(logged.stdout) == json.loads(imported.stdout) != []


@pytest.mark.sqlite_only("tampers with a copy of the database file")
def test_check_finds_a_stale_digest_and_rebuild_repairs_it(cli, demo, tmp_path):
    import shutil
    import sqlite3

    db = tmp_path / "copy.db"
    shutil.copy2(demo, db)
    before = due_json(cli, db, "--all")
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM contact_digest WHERE customer_id IN ('C1001', 'C1002')")
    conn.close()
    result = cli("--db", db, "check")
    assert result.exit_code == 1
    assert "contact digest out of date for 2 customers (e.g. C1001, C1002)" in result.output
    result = cli("--db", db, "check", "--rebuild")
    assert result.exit_code == 0, result.output
    assert "contact digest rebuilt:" in result.output
    assert due_json(cli, db, "--all") == before
