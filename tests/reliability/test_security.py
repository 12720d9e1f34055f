"""Security and privacy.

- Every SQL statement uses bound parameters: quotes, ``;``, ``--``, ``%``
  and ``_`` go through every filter and key and come back as the data they
  are (no SQL error, no LIKE wildcard, exact results); a scan of the source
  finds no SQL text built from values.
- A database URL's password never appears in output or errors.
- The database, its -wal and -shm files and backups are mode 0600, whatever the umask.
- Exports neutralise formula cells; ``--mask`` leaves only the last 4 phone digits.
- An opted-out customer never appears in ``due``, ``report forecast`` or an
  export made with ``--callable``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
from pathlib import Path

import postgres
import pytest

from .conftest import FOLLOWUP, integrity, mode

TODAY = "2026-11-24"
STAFF = "S'1;--%"
#: ids a careless query would trip over: quotes, statement separators, comments, LIKE wildcards
HOSTILE = [
    "O'Brien",
    'Pat "Q"',
    "a;b",
    "x--y",
    "100%",
    "_%_",
    "'; DROP TABLE customers; --",
    "%' OR '1'='1",
    "C1' --",
    "back\\slash",
]
VIN = "L6T7D4KX1NN270743"
SQL_ERRORS = re.compile(r"sqlite3|OperationalError|syntax error|ProgrammingError|unrecognized token", re.I)


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _clean(result) -> None:
    assert not SQL_ERRORS.search(result.output), result.output


def _intact(db) -> None:
    """Every table still there, every customer, and a sound file (sound indexes, on a server)."""
    if postgres.is_url(db):
        tables = set(postgres.tables(db))
        counts = [postgres.query(db, f"SELECT count(*) FROM {t}")[0] for t in ("customers", "visits")]
    else:
        conn = sqlite3.connect(db)
        try:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone() for t in ("customers", "visits")]
        finally:
            conn.close()
    assert {"staff", "customers", "vehicles", "visits", "contacts", "campaigns", "alembic_version"} <= tables
    assert counts == [(len(HOSTILE) + 1,), (1,)]
    assert integrity(db) == ["ok"]


@pytest.fixture
def hostile(cli, db, csvfile):
    """``db`` holding a staff member STAFF and one prospect per HOSTILE id (name ``客户N``), all owned by STAFF;
    the first has a vehicle, a visit with a hostile id and a hostile campaign; plus an ordinary S01 and C0."""
    files = {
        "staff": [["code", "name", "role"], [STAFF, "O'Hara; --", "consultant"], ["S01", "张伟", "consultant"],
                  ["A01", "王强", "advisor"]],
        "customers": [["customer_id", "name", "phone", "stage", "intent_level", "owner", "advisor", "created_on", "notes"]]
        + [[cid, f"客户{i}", f"1381234{i:04d}", "prospect", "A", STAFF, "A01", "2026-10-01", cid] for i, cid in enumerate(HOSTILE)]
        + [["C0", "普通客户", "13900000000", "prospect", "A", "S01", "A01", "2026-10-01", ""]],
        "vehicles": [["vin", "customer_id", "model", "delivered_on"], [VIN, HOSTILE[0], "星越L", "2025-03-20"]],
        "visits": [["visit_id", "vin", "visited_on", "odometer_km", "kind", "advisor", "complaint"],
                   ["V'1;--%", VIN, "2026-01-10", "5000", "maintenance", "A01", "'; DELETE FROM visits; --"]],
        "contacts": [["customer_id", "contacted_on", "channel", "outcome", "staff", "note"]]
        + [[cid, "2026-10-02", "phone", "reached", STAFF, f"note for {cid}"] for cid in HOSTILE],
        "campaigns": [["campaign_id", "name", "kind", "starts_on", "ends_on", "target_stages"],
                      ["E'1%;--", "'; DROP TABLE campaigns; --", "event", "2026-11-01", "2026-12-31", "prospect"]],
    }
    for kind, rows in files.items():
        result = cli("--db", db, "import", kind, csvfile(f"{kind}.csv", _csv(rows)))
        assert result.exit_code == 0, result.output
    return db


def test_hostile_keys_are_stored_exactly(hostile, sql):
    assert sql(hostile, "SELECT customer_id FROM customers WHERE owner = ? ORDER BY name", STAFF) == [
        (cid,) for cid in sorted(HOSTILE, key=lambda c: f"客户{HOSTILE.index(c)}")
    ]
    assert sql(hostile, "SELECT visit_id, complaint FROM visits") == [("V'1;--%", "'; DELETE FROM visits; --")]
    assert sql(hostile, "SELECT campaign_id, name FROM campaigns") == [("E'1%;--", "'; DROP TABLE campaigns; --")]
    assert sql(hostile, "SELECT count(*) FROM contacts WHERE staff = ?", STAFF) == [(len(HOSTILE),)]


def test_customer_show_and_why_find_exactly_the_customer_named(cli, hostile):
    for i, cid in enumerate(HOSTILE):
        shown = cli("--db", hostile, "customer", "show", cid, "--today", TODAY)
        assert shown.exit_code == 0, (cid, shown.output)
        _clean(shown)
        assert f"客户{i} ({cid})" in shown.stdout
        others = [f"客户{j} (" for j in range(len(HOSTILE)) if j != i]
        assert not any(o in shown.stdout for o in others), cid
        why = cli("--db", hostile, "why", cid, "--today", TODAY, "--format", "json")
        assert why.exit_code == 0, (cid, why.output)
        _clean(why)
        assert {verdict["customer_id"] for verdict in json.loads(why.stdout)} == {cid}
    for pattern in ("%", "_%_%", "C%", "' OR 1=1 --", "O''Brien"):
        missing = cli("--db", hostile, "customer", "show", pattern, "--today", TODAY)
        assert missing.exit_code == 1
        assert missing.stderr == f'unknown customer "{pattern}"\n'
        assert cli("--db", hostile, "why", pattern, "--today", TODAY).exit_code == 1
    _intact(hostile)


def test_log_stores_hostile_values_exactly(cli, hostile, sql):
    note = "50% off; -- 'quoted' \"double\" _x_ \\ ; DROP TABLE contacts; --"
    for cid in HOSTILE:
        result = cli("--db", hostile, "log", cid, "--on", "2026-11-22", "--staff", STAFF, "--note", note,
                     "--competitor", "x'--", "--stage", "quasi_lost", "--lost-category", "price", "--lost-reason", "价格; --")
        assert result.exit_code == 0, (cid, result.output)
    assert sql(hostile, "SELECT customer_id, staff, note FROM contacts WHERE contacted_on = '2026-11-22' ORDER BY id") == [
        (cid, STAFF, note) for cid in HOSTILE
    ]
    assert sql(hostile, "SELECT DISTINCT stage, competitor, lost_reason FROM customers WHERE owner = ?", STAFF) == [
        ("quasi_lost", "x'--", "价格; --")
    ]
    unknown = cli("--db", hostile, "log", "%", "--staff", "S01", "--on", "2026-11-22")
    assert unknown.exit_code == 1 and unknown.stderr == 'unknown customer "%"\n'
    wildcard_staff = cli("--db", hostile, "log", "C0", "--on", "2026-11-22", "--staff", "S%")
    assert wildcard_staff.exit_code == 1
    assert wildcard_staff.stderr.startswith('--staff: unknown staff code "S%"')
    _intact(hostile)


def test_customer_add_and_edit_take_hostile_ids_and_values(cli, hostile, sql):
    new_id = "N'ew;--%_"
    added = cli("--db", hostile, "customer", "add", new_id, "--name", "x'); DROP TABLE customers; --",
                "--owner", STAFF, "--phone", "13800001111")
    assert added.exit_code == 0, added.output
    edited = cli("--db", hostile, "customer", "edit", "100%", "--name", "百分之百 '%'", "--set", "notes=a;b--c")
    assert edited.exit_code == 0, edited.output
    assert sql(hostile, "SELECT name, owner FROM customers WHERE customer_id = ?", new_id) == [
        ("x'); DROP TABLE customers; --", STAFF)
    ]
    assert sql(hostile, "SELECT customer_id, name, notes FROM customers WHERE name LIKE '百分之百%'") == [
        ("100%", "百分之百 '%'", "a;b--c")
    ]
    assert sql(hostile, "SELECT customer_id FROM customers WHERE name = '客户5'") == [("_%_",)]  # no LIKE: untouched
    assert sql(hostile, "SELECT count(*) FROM customers WHERE name LIKE '客户%'") == [(len(HOSTILE) - 1,)]
    missing = cli("--db", hostile, "customer", "edit", "1%", "--name", "nobody")
    assert missing.exit_code == 1 and missing.stderr == 'unknown customer "1%"\n'
    if postgres.is_url(hostile):
        postgres.execute(hostile, ("DELETE FROM customers WHERE customer_id = %s", (new_id,)))
    else:
        conn = sqlite3.connect(hostile)
        conn.execute("DELETE FROM customers WHERE customer_id = ?", (new_id,))
        conn.commit()
        conn.close()
    _intact(hostile)


def test_customer_list_filters_match_values_not_patterns(cli, hostile):
    def listed(*args):
        result = cli("--db", hostile, "customer", "list", "--limit", "0", "--format", "json", *args)
        _clean(result)
        return result.exit_code, [c["customer_id"] for c in json.loads(result.stdout)] if result.exit_code == 0 else None

    assert listed("--owner", STAFF) == (0, sorted(HOSTILE))
    for pattern in ("%", "S%", "S'1;--_", "' OR '1'='1", "S'1"):
        assert listed("--owner", pattern) == (0, []), pattern
        assert listed("--advisor", pattern) == (0, []), pattern
    for option in ("--stage", "--level", "--grade"):
        for value in ("'; DROP TABLE customers; --", "%", "a' OR 'a'='a"):
            code, _ = listed(option, value)
            assert code == 1, (option, value)  # not one of the values: refused with a message, not an SQL error
    _intact(hostile)


def test_due_filters_match_values_not_patterns(cli, hostile):
    def due(*args):
        result = cli("--db", hostile, "due", "--today", TODAY, "--all", "--format", "json", *args)
        _clean(result)
        return result

    everyone = due()
    assert everyone.exit_code == 0, everyone.output
    ids = {item["customer_id"] for item in json.loads(everyone.stdout)}
    assert ids == {*HOSTILE, "C0"}
    mine = due("--staff", STAFF)
    assert mine.exit_code == 0, mine.output
    items = json.loads(mine.stdout)
    assert {i["customer_id"] for i in items} == set(HOSTILE) and {i["staff"] for i in items} == {STAFF}
    for pattern in ("%", "S%", "' OR '1'='1", "S'1;--_"):
        result = due("--staff", pattern)
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 0:
            assert json.loads(result.stdout) == [], pattern
    for option in ("--role", "--touchpoint", "--channel"):
        for value in ("'; DROP TABLE customers; --", "%", "phone' --"):
            assert due(option, value).exit_code == 1, (option, value)
    _intact(hostile)


def test_exports_give_hostile_values_back_exactly(cli, hostile):
    for kind, column, expected in (
        ("customers", "customer_id", sorted([*HOSTILE, "C0"])),
        ("visits", "visit_id", ["V'1;--%"]),
        ("campaigns", "campaign_id", ["E'1%;--"]),
        ("staff", "code", sorted(["A01", "S01", STAFF])),
    ):
        result = cli("--db", hostile, "export", kind, "-")
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert sorted(r[column] for r in rows) == expected, kind
    _intact(hostile)


#: SQL text built from a value (f-string, .format, %) that is known to be safe, and why
SAFE_SQL_TEXT = {
    ("store/database.py", 'f"DELETE FROM {table}"'): "init after an upgrade: the agenda's kept tables, named by a constant tuple",
    ("store/agenda_triggers.py", 'f"CREATE TRIGGER agenda_{table}_{event.lower()} AFTER {event} ON {table} "'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"BEGIN DELETE FROM agenda WHERE customer_id IN ({ids});{kept} END"'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f" DELETE FROM {name} WHERE customer_id = OLD.customer_id;"'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"DELETE FROM {name} WHERE customer_id IN (SELECT r.customer_id FROM old_rows r); "'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"SELECT {column} FROM {row} r"'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"DELETE FROM agenda WHERE customer_id IN ({\' UNION \'.join(selects)}); {kept}RETURN NULL; END $$"'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"CREATE TRIGGER {function} AFTER {event} ON {table} REFERENCING {referencing} "'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"DROP TRIGGER IF EXISTS agenda_{table}_{event} ON {table}"'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"DROP FUNCTION IF EXISTS agenda_{table}_{event}()"'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/agenda_triggers.py", 'f"DROP TRIGGER IF EXISTS agenda_{table}_{event}"'): "the agenda triggers: table, event and column names from the module's constants",
    ("store/database.py", 'f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}"'): "an int constant; PRAGMA takes no parameters",
    ("store/maintenance.py", "f'SELECT count(*) FROM \"{name}\"'"): "table names from FOLLOWUP_TABLES, a constant",
    ("store/bulk.py", 'f"PRAGMA cache_size = {-LOAD_CACHE_KIB:d}"'): "an int constant; PRAGMA takes no parameters",
    ("store/bulk.py", 'f"PRAGMA cache_size = {int(cache):d}"'): "the int SQLite gave before; PRAGMA takes no parameters",
}
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP|ALTER|WHERE|VALUES)\b")
BUILT = re.compile(r"""(f"[^"\n]*"|f'[^'\n]*'|"[^"\n]*"\s*(?:%|\.format\()|'[^'\n]*'\s*(?:%|\.format\())""")


def test_no_sql_text_is_built_from_values():
    """Every statement binds its values: SQL text put together from values is listed above with its reason."""
    root = Path(__import__("followup_cli").__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in BUILT.finditer(path.read_text(encoding="utf-8")):
            text = match.group(0).rstrip(" %.format(")
            if SQL_WORDS.search(text):
                found.add((path.relative_to(root).as_posix(), text))
    assert found <= set(SAFE_SQL_TEXT), sorted(found - set(SAFE_SQL_TEXT))


# --- passwords ---------------------------------------------------------------------------------

PASSWORD = "Tr0ub4dor&3-xyzzy"
URLS = [
    f"postgresql+psycopg://crm:{PASSWORD}@127.0.0.1:1/followup",
    f"postgresql+psycopg://crm@127.0.0.1:1/followup?password={PASSWORD}",
    f"postgresql://crm:{PASSWORD}@127.0.0.1:1/followup",
    f"postgresql+psycopg://crm:{PASSWORD}@127.0.0.1:port/followup",  # does not even parse
    f"mysql+pymysql://crm:{PASSWORD}@127.0.0.1:1/followup",
]


@pytest.mark.parametrize("url", URLS)
def test_a_database_password_never_appears_in_output_or_errors(cli, tmp_path, url):
    for args in (("init",), ("due", "--today", TODAY), ("customer", "list"), ("log", "C1", "--staff", "S01"), ("check",),
                 ("backup", tmp_path / "b.db"), ("restore", tmp_path / "b.db"), ("export", "customers", "-")):
        result = cli("--db", url, *args)
        assert result.exit_code == 1, (args, result.output)
        assert PASSWORD not in result.output, args
        assert "***" in result.stderr, (args, result.stderr)
    env_result = cli("due", env={"FOLLOWUP_DB": url})
    assert env_result.exit_code == 1 and PASSWORD not in env_result.output


def test_a_password_is_hidden_even_when_a_driver_quotes_it(cli, monkeypatch):
    """Some drivers put the connection string in their error; the message is scrubbed all the same."""
    from followup_cli.store import database

    def failing(location):
        raise RuntimeError(f'could not connect: "{location.url}" (password={PASSWORD}; user crm)')

    monkeypatch.setattr(database, "make_engine", failing)
    url = f"postgresql+psycopg://crm:{PASSWORD}@db.example/followup"
    for command in (("due",), ("init",)):
        result = cli("--db", url, *command)
        assert result.exit_code == 1
        assert PASSWORD not in result.output
        assert result.stderr.startswith("cannot open the database postgresql+psycopg://crm:***@db.example/followup: ")


@pytest.mark.slow
def test_a_password_is_hidden_by_the_real_process_too(tmp_path):
    result = subprocess.run([*FOLLOWUP, "--db", URLS[0], "due"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert PASSWORD not in result.stdout + result.stderr
    assert "crm:***@127.0.0.1:1/followup" in result.stderr
    assert "Traceback" not in result.stderr


# --- file modes --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.sqlite_only("the modes of a SQLite file, its WAL and its backups")
def test_database_wal_shm_and_backups_are_private_whatever_the_umask(tmp_path, cli, csvfile):
    db = tmp_path / "data" / "followup.db"
    staff = csvfile("staff.csv", "code,name,role\nS01,张伟,consultant\n")
    backup = tmp_path / "backups" / "followup-backup.db"
    restored = tmp_path / "restored.db"
    previous = os.umask(0o000)  # a careless umask: files would be world-writable
    try:
        # a real process for the first one, then this process (the umask is per process, and so is the file's mode)
        result = subprocess.run([*FOLLOWUP, "--db", str(db), "init"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert mode(db) == 0o600
        assert cli("--db", db, "import", "staff", staff).exit_code == 0
        reader = sqlite3.connect(db)  # while a connection is open the -wal and -shm files exist
        try:
            reader.execute("SELECT count(*) FROM staff").fetchone()
            assert mode(f"{db}-wal") == 0o600
            assert mode(f"{db}-shm") == 0o600
            assert cli("--db", db, "backup", backup).exit_code == 0
            assert cli("--db", restored, "restore", backup).exit_code == 0
            assert cli("--db", db, "restore", backup).exit_code == 0
        finally:
            reader.close()
    finally:
        os.umask(previous)
    assert mode(backup) == 0o600
    assert mode(restored) == 0o600
    [kept] = db.parent.glob("followup.db.before-restore-*")
    assert mode(kept) == 0o600 and mode(db) == 0o600


# --- exports: formulas, masks, opted-out customers ---------------------------------------------


PEOPLE = [
    ["customer_id", "name", "phone", "stage", "intent_level", "owner", "created_on", "do_not_contact", "notes"],
    ["C1", '=HYPERLINK("http://evil.example","点我")', "13812345678", "prospect", "A", "S01", "2026-11-20", "false",
     "@SUM(A1:A9)"],
    ["C2", "+86 王先生", "13812349999", "prospect", "A", "S01", "2026-11-20", "false", "-2+3"],
    ["C3", "李女士", "13812340000", "prospect", "A", "S01", "2026-11-20", "", ""],
]


def _people(cli, db, csvfile, ids=("C1", "C2", "C3")):
    vehicles = [["vin", "customer_id", "model", "delivered_on"]] + ([[VIN, "C3", "星越L", "2025-03-20"]] if "C3" in ids else [])
    customers = [PEOPLE[0]] + [row for row in PEOPLE[1:] if row[0] in ids]
    for kind, content in (("staff", "code,name,role\nS01,张伟,consultant\n"), ("customers", _csv(customers)),
                          ("vehicles", _csv(vehicles))):
        result = cli("--db", db, "import", kind, csvfile(f"{getattr(db, 'stem', 'server')}-{kind}.csv", content),
                     "--allow-empty")
        assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def people(cli, db, csvfile):
    """Three prospects of S01 due on TODAY: C1 (formula-looking name and notes), C2 and C3 (with a vehicle)."""
    return _people(cli, db, csvfile)


def test_exports_neutralise_formula_cells(cli, people, tmp_path):
    out = tmp_path / "customers.csv"
    assert cli("--db", people, "export", "customers", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    cells = {r["customer_id"]: r for r in rows}
    assert cells["C1"]["name"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert cells["C1"]["notes"] == "'@SUM(A1:A9)"
    assert cells["C2"]["name"] == "'+86 王先生"
    assert cells["C2"]["notes"] == "'-2+3"
    calls = cli("--db", people, "due", "--today", TODAY, "--all", "--format", "csv")
    assert calls.exit_code == 0, calls.output
    [call] = [r for r in csv.DictReader(io.StringIO(calls.stdout)) if r["customer_id"] == "C1"]
    assert call["name"].startswith("'=")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_mask_leaves_only_the_last_four_phone_digits(cli, people):
    exported = cli("--db", people, "export", "customers", "-", "--mask")
    assert exported.exit_code == 0
    phones = {r["customer_id"]: r["phone"] for r in csv.DictReader(io.StringIO(exported.stdout))}
    assert {cid: _digits(p) for cid, p in phones.items()} == {"C1": "5678", "C2": "9999", "C3": "0000"}
    assert "1381234" not in exported.stdout
    for fmt in ("csv", "json", "table"):
        result = cli("--db", people, "due", "--today", TODAY, "--all", "--format", fmt, "--mask")
        assert result.exit_code == 0, result.output
        assert "13812345678" not in result.stdout and "1381234" not in result.stdout, fmt
        assert "5678" in result.stdout, fmt


def _opt_out(cli, db):
    assert cli("--db", db, "customer", "edit", "C2", "--set", "do_not_contact=true").exit_code == 0
    result = cli("--db", db, "log", "C3", "--staff", "S01", "--on", "2026-11-21", "--outcome", "opted_out", "--note", "别再打了")
    assert result.exit_code == 0, result.output


def _forecast_calls(cli, db) -> list[int] | None:
    result = cli("--db", db, "report", "forecast", "--today", TODAY, "--format", "json")
    if result.exit_code != 0 and "unknown report" in result.stderr:
        return None
    assert result.exit_code == 0, result.output
    [days] = [t for t in json.loads(result.stdout)["tables"] if t["name"] == "days"]
    return [row["calls"] for row in days["rows"]]


def test_an_opted_out_customer_is_never_listed(cli, people, csvfile, tmp_path):
    due = cli("--db", people, "due", "--today", TODAY, "--all", "--format", "json")
    assert {i["customer_id"] for i in json.loads(due.stdout)} == {"C1", "C2", "C3"}  # all three are due
    forecast_before = _forecast_calls(cli, people)

    _opt_out(cli, people)  # C2 by the flag, C3 by a logged call
    for fmt in ("json", "csv", "table"):
        result = cli("--db", people, "due", "--today", TODAY, "--all", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "C1" in result.stdout and "C2" not in result.stdout and "C3" not in result.stdout, fmt
    for kind in ("customers", "vehicles", "contacts"):
        callable_rows = cli("--db", people, "export", kind, "-", "--callable")
        assert callable_rows.exit_code == 0, callable_rows.output
        ids = [r["customer_id"] for r in csv.DictReader(io.StringIO(callable_rows.stdout))]
        assert "C2" not in ids and "C3" not in ids, kind
    assert "C3" in cli("--db", people, "export", "vehicles", "-").stdout  # only --callable leaves them out

    forecast_after = _forecast_calls(cli, people)
    if forecast_before is not None:  # `followup report forecast`: the same as a dealership without C2 and C3
        control = tmp_path / "control.db"
        assert cli("--db", control, "init").exit_code == 0
        _people(cli, control, csvfile, ids=("C1",))
        assert forecast_after == _forecast_calls(cli, control)
        assert forecast_after != forecast_before
