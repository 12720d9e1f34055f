"""`followup backup FILE` (SQLite's online backup, safe while others write) and `followup restore FILE`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from followup_cli.store import database

from .conftest import HERE, dealership, dump, integrity, mode, row_counts, start, write_contacts_csv

CUSTOMERS = 500
IMPORT_ROWS = 10_000
LOGS = 40

#: backup and restore are SQLite's (a server database has its own tools: refused, see the last test)
SQLITE_ONLY = pytest.mark.sqlite_only("backup and restore copy a SQLite file")


def _notes(path, prefix: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [n for (n,) in conn.execute("SELECT note FROM contacts WHERE note LIKE ? ORDER BY id", (prefix + "%",))]
    finally:
        conn.close()


def _journal_mode(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


@SQLITE_ONLY
@pytest.mark.slow
def test_backups_taken_while_other_processes_write_are_consistent_snapshots(cli, db, tmp_path, figures):
    dealership(cli, db, tmp_path, CUSTOMERS)
    big = write_contacts_csv(tmp_path / "contacts.csv", IMPORT_ROWS, CUSTOMERS)
    go = tmp_path / "go"
    go.touch()
    writer = subprocess.Popen(
        [sys.executable, str(HERE / "_logger.py"), str(db), "0", str(LOGS), str(CUSTOMERS), str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    importer = start("--db", db, "import", "contacts", big)
    backups, started = [], time.monotonic()
    while writer.poll() is None or importer.poll() is None:  # backups (in this process) while both write
        target = tmp_path / "backups" / f"b{len(backups)}.db"
        result = cli("--db", db, "backup", target)
        assert result.exit_code == 0, result.output
        backups.append(target)
        time.sleep(0.2)
    writer_out, writer_err = writer.communicate(timeout=180)
    import_out, import_err = importer.communicate(timeout=180)
    assert importer.returncode == 0, import_err
    assert writer.returncode == 0 and json.loads(writer_out.splitlines()[-1])["codes"] == [0] * LOGS, writer_err

    assert len(backups) >= 3
    states = []
    for target in backups:
        assert mode(target) == 0o600
        assert not os.path.exists(f"{target}-wal")  # one self-contained file
        assert _journal_mode(target) == "delete"
        assert integrity(target) == ["ok"]
        imported = len(_notes(target, "imp-"))
        logged = _notes(target, "w0-")
        assert imported in (0, IMPORT_ROWS)  # the import is one transaction: all of it or none
        assert logged == [f"w0-{n}" for n in range(len(logged))]  # the log commands in order, none missing
        states.append((imported, len(logged)))
    assert _notes(db, "w0-") == [f"w0-{n}" for n in range(LOGS)]
    assert len(_notes(db, "imp-")) == IMPORT_ROWS
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == sorted(t.name for t in backups)  # no temporary file
    figures(
        f"backup: {len(backups)} backups during a {IMPORT_ROWS:,}-row import and {LOGS} `followup log` commands "
        f"(other processes, {time.monotonic() - started:.1f} s): every one a consistent snapshot, "
        f"{len(set(states))} distinct states from {states[0]} to {states[-1]} (imported, logged); writers never failed"
    )


@SQLITE_ONLY
def test_backup_writes_a_private_copy_and_refuses_to_overwrite(cli, db, tmp_path, csvfile):
    dealership(cli, db, tmp_path, 20)
    target = tmp_path / "keep" / "followup-backup.db"
    result = cli("--db", db, "backup", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"backed up {db} to {target} (schema {database.SCHEMA_HEAD}): "
        "staff 2, customers 20, vehicles 0, visits 0, contacts 0, campaigns 0\n"
    )
    assert mode(target) == 0o600
    assert dump(target) == dump(db)

    again = cli("--db", db, "backup", target)
    assert again.exit_code == 1
    assert again.stderr == f"{target} exists already: choose another name, or --force to replace it\n"
    assert cli("--db", db, "log", "C00001", "--staff", "S01", "--on", "2026-11-20").exit_code == 0
    assert row_counts(target)["contacts"] == 0

    target.chmod(0o644)
    forced = cli("--db", db, "backup", target, "--force")
    assert forced.exit_code == 0, forced.output
    assert row_counts(target)["contacts"] == 1
    assert mode(target) == 0o600  # a replaced file is private too


@SQLITE_ONLY
def test_backup_refuses_the_database_itself_a_missing_database_and_a_server(cli, db, tmp_path):
    itself = cli("--db", db, "backup", db)
    assert itself.exit_code == 1
    assert itself.stderr == f"{db} is the database itself: choose another file\n"
    missing = cli("--db", tmp_path / "nothing.db", "backup", tmp_path / "b.db")
    assert missing.exit_code == 1
    assert missing.stderr == f"no database at {tmp_path / 'nothing.db'}: run `followup init` first\n"
    server = cli("--db", "postgresql+psycopg://crm:Secret-Pa55@db.example/followup", "backup", tmp_path / "b.db")
    assert server.exit_code == 1
    assert "Secret-Pa55" not in server.output
    assert "server database" in server.stderr
    assert not (tmp_path / "b.db").exists()


def _not_followup_files(tmp_path, db):
    text = tmp_path / "notes.txt"
    text.write_text("customer_id,name\nC1,张三\n", encoding="utf-8")
    empty = tmp_path / "empty.db"
    empty.touch()
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    followup_copy(db, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    damaged = tmp_path / "damaged.db"
    followup_copy(db, damaged)
    data = bytearray(damaged.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # scribble over every page but the first and last
        data[offset + 100 : offset + 200] = b"\xff" * 100
    damaged.write_bytes(bytes(data))
    return {
        text: "not a SQLite file",
        empty: "not a SQLite file",
        other: "no followup tables",
        damaged: "damaged",
        newer: "newer schema",
        tmp_path / "missing.db": "no such file",
    }


def followup_copy(db, target):
    conn = sqlite3.connect(db)
    conn.execute("VACUUM INTO ?", (str(target),))
    conn.close()


@SQLITE_ONLY
def test_restore_refuses_what_is_not_a_followup_database(cli, db, tmp_path, digest):
    dealership(cli, db, tmp_path, 50)
    before = digest(db)
    for path, reason in _not_followup_files(tmp_path, db).items():
        result = cli("--db", db, "restore", path)
        assert result.exit_code == 1, (path, result.output)
        assert reason in result.stderr, (path, result.stderr)
        assert result.stdout == ""
        assert digest(db) == before, path
    assert list(tmp_path.glob("*before-restore*")) == []


@SQLITE_ONLY
def test_restore_keeps_a_copy_of_the_current_database(cli, db, tmp_path):
    dealership(cli, db, tmp_path, 30)
    assert cli("--db", db, "log", "C00001", "--staff", "S01", "--on", "2026-11-01", "--note", "in the backup").exit_code == 0
    backup = tmp_path / "monday.db"
    assert cli("--db", db, "backup", backup).exit_code == 0
    assert cli("--db", db, "log", "C00002", "--staff", "S01", "--on", "2026-11-02", "--note", "after the backup").exit_code == 0
    current = dump(db)
    reader = sqlite3.connect(db)  # a process that has the database open while it is restored
    assert reader.execute("SELECT count(*) FROM contacts").fetchone() == (2,)

    result = cli("--db", db, "restore", backup)
    assert result.exit_code == 0, result.output
    [kept] = tmp_path.glob("followup.db.before-restore-*")
    assert result.stdout == (
        f"restored {backup} into {db} (schema {database.SCHEMA_HEAD}): "
        "staff 2, customers 30, vehicles 0, visits 0, contacts 1, campaigns 0\n"
        f"the database as it was before is kept at {kept}\n"
    )
    assert dump(db) == dump(backup)
    assert dump(kept) == current
    assert mode(kept) == 0o600 and mode(db) == 0o600
    assert _journal_mode(db) == "wal"
    assert reader.execute("SELECT count(*) FROM contacts").fetchone() == (1,)  # sees the restored data
    reader.close()
    assert integrity(db) == ["ok"]
    assert cli("--db", db, "check").exit_code == 0


@SQLITE_ONLY
def test_restore_into_a_new_file_creates_it_private(cli, db, tmp_path):
    dealership(cli, db, tmp_path, 5)
    backup = tmp_path / "b.db"
    assert cli("--db", db, "backup", backup).exit_code == 0
    fresh = tmp_path / "elsewhere" / "followup.db"
    fresh.parent.mkdir()
    result = cli("--db", fresh, "restore", backup)
    assert result.exit_code == 0, result.output
    assert "kept" not in result.stdout
    assert mode(fresh) == 0o600
    assert dump(fresh) == dump(db)
    assert cli("--db", fresh, "customer", "show", "C00003", "--today", "2026-11-24").exit_code == 0


@SQLITE_ONLY
def test_restore_refuses_to_overwrite_a_database_that_is_not_followups(cli, db, tmp_path, digest):
    other = tmp_path / "accounts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(other)
    backup = tmp_path / "b.db"
    assert cli("--db", db, "backup", backup).exit_code == 0
    result = cli("--db", other, "restore", backup)
    assert result.exit_code == 1
    assert result.stderr == f"{other} already holds tables that are not followup's: refusing to touch it\n"
    assert digest(other) == before


@pytest.mark.postgresql_only("a server database")
def test_backup_and_restore_refuse_a_server_database_and_change_nothing(cli, db, tmp_path, digest):
    before = digest(db)
    for command in ("backup", "restore"):
        target = tmp_path / f"{command}.db"
        if command == "restore":
            target.write_bytes(b"")
        result = cli("--db", db, command, target)
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert result.stderr == (
            f"{command} works on a SQLite file only; {db} is a server database: use its own backup tools\n"
        )
    assert not (tmp_path / "backup.db").exists()
    assert digest(db) == before


def _altered(db, path, *statements):
    followup_copy(db, path)
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


@SQLITE_ONLY
def test_restore_refuses_a_file_whose_schema_differs_from_its_revision(cli, db, tmp_path, digest):
    dealership(cli, db, tmp_path, 10)
    before = digest(db)
    head = database.SCHEMA_HEAD
    cases = {
        _altered(db, tmp_path / "dropped.db", "ALTER TABLE customers DROP COLUMN notes"):
            "missing or changed customers.notes; unexpected -)",
        _altered(db, tmp_path / "extra-column.db", "ALTER TABLE visits ADD COLUMN mileage_note TEXT"):
            "missing or changed -; unexpected visits.mileage_note)",
        _altered(db, tmp_path / "extra-table.db", "CREATE TABLE leads (id INTEGER PRIMARY KEY)"):
            "missing or changed -; unexpected leads, leads.id)",
        _altered(db, tmp_path / "no-index.db", "DROP INDEX ix_contact_digest_staff"):
            f"schema {head}: missing or changed contact_digest.ix_contact_digest_staff (index); unexpected -)",
        _altered(db, tmp_path / "old-stamp.db", "UPDATE alembic_version SET version_num = '0001'"):
            "its schema differs from followup's schema 0001: missing or changed contacts.ix_contacts_fingerprint (index), customers.ix_customers_owner (index); unexpected agenda, agenda.body, agenda.customer_id, ",
    }
    for path, reason in cases.items():
        result = cli("--db", db, "restore", path)
        assert result.exit_code == 1, (path, result.output)
        assert result.stderr.startswith(f"{path} is not a followup database (its schema differs"), result.stderr
        assert reason in result.stderr, (path, result.stderr)
        assert result.stderr.endswith("): nothing was restored\n")
        assert digest(db) == before, path
    assert list(tmp_path.glob("*before-restore*")) == []


@SQLITE_ONLY
def test_restore_accepts_an_older_schema_and_a_demo_database(cli, tmp_path):
    old = HERE / "fixtures" / "schema-0001.sqlite"
    result = cli("--db", tmp_path / "from-0001.db", "restore", old)
    assert result.exit_code == 0, result.output
    assert "run `followup init` to upgrade it to schema" in result.stdout
    demo = tmp_path / "demo.db"
    assert cli("--db", demo, "demo", "--today", "2026-12-01").exit_code == 0
    restored = cli("--db", tmp_path / "from-demo.db", "restore", demo)
    assert restored.exit_code == 0, restored.output
