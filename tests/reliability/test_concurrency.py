"""Concurrent writers lose nothing: `followup log` processes while `followup import contacts` runs.

Real processes on one database, no shared connection: an import of a
20,000-row contacts file, and writer processes running `followup log`
commands (4 x 50 on SQLite, 8 x 25 on PostgreSQL). The writers are released the moment the import holds the write
lock, so every one of them starts inside the import's transaction: each read
it makes before writing sees the database as it was before the import.

SQLite: the write lock is the file's (a probe's ``BEGIN IMMEDIATE`` is
refused while the import holds it). Without ``BEGIN IMMEDIATE`` such a
reader-turned-writer is refused at once with "database is locked" when the
import commits: SQLite cannot let a transaction write on a stale snapshot,
and its busy timeout does not apply.

PostgreSQL: the write lock is the advisory lock every write transaction
takes first (store/database.py), so writers run one at a time there too; a
probe's ``pg_try_advisory_xact_lock`` fails while the import holds it.

Either way every `log` goes in after the whole import: its contacts' ids
come after the import's.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from typing import Iterator

import postgres
import pytest

from followup_cli.store import database

from .conftest import HERE, dealership, integrity, start, write_contacts_csv

WRITERS = 4
CONTACTS_EACH = 50
#: the issue's figure for a dealer group's server (as many contacts in all, so the run stays short)
POSTGRESQL_WRITERS = 8
POSTGRESQL_CONTACTS_EACH = 25
IMPORT_ROWS = 20_000
CUSTOMERS = 2_000


def _sqlite_write_lock_taken(path) -> Iterator[bool]:
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        while True:
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if database.is_busy(exc):
                    yield True
                    return
                raise
            probe.execute("ROLLBACK")
            yield False
    finally:
        probe.close()


def _postgresql_write_lock_taken(url) -> Iterator[bool]:
    import psycopg

    with psycopg.connect(url.replace(f"{postgres.DRIVER}://", "postgresql://"), autocommit=True) as probe:
        while True:
            with probe.transaction():
                (free,) = probe.execute("SELECT pg_try_advisory_xact_lock(%s)", (database.PG_WRITE_LOCK,)).fetchone()
            yield not free
            if not free:
                return


def _import_holds_the_write_lock(db, process, deadline) -> bool:
    """True once a probe cannot take the write lock (the import's transaction is open); False if it ended first."""
    probe = _postgresql_write_lock_taken(db) if postgres.is_url(db) else _sqlite_write_lock_taken(db)
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if next(probe):
                return True
            time.sleep(0.002)
        return False
    finally:
        probe.close()


@pytest.mark.slow
@pytest.mark.sqlite_only("a SQLite file's writers; the server's are the 8-process test below")
def test_log_processes_during_a_large_import_lose_nothing(cli, db, tmp_path, figures, sql):
    _logs_during_an_import(cli, db, tmp_path, figures, sql, WRITERS, CONTACTS_EACH)


@pytest.mark.slow
@pytest.mark.postgresql_only("the issue's figure for a dealer group's server: 8 writer processes")
def test_eight_log_processes_during_a_large_import_lose_nothing(cli, db, tmp_path, figures, sql):
    _logs_during_an_import(cli, db, tmp_path, figures, sql, POSTGRESQL_WRITERS, POSTGRESQL_CONTACTS_EACH)


def _logs_during_an_import(cli, db, tmp_path, figures, sql, processes, contacts_each):
    dealership(cli, db, tmp_path, CUSTOMERS)
    big = write_contacts_csv(tmp_path / "contacts.csv", IMPORT_ROWS, CUSTOMERS)
    go = tmp_path / "go"

    writers = [
        subprocess.Popen(
            [sys.executable, str(HERE / "_logger.py"), str(db), str(w), str(contacts_each), str(CUSTOMERS), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for w in range(processes)
    ]
    importer = None
    try:
        for w in writers:
            assert w.stdout.readline().strip() == "ready", w.stderr.read()

        began = time.monotonic()
        importer = start("--db", db, "import", "contacts", big)
        overlapped = _import_holds_the_write_lock(db, importer, began + 60)
        go.touch()
        import_out, import_err = importer.communicate(timeout=120)
        import_seconds = time.monotonic() - began
        results = []
        for w in writers:
            out, err = w.communicate(timeout=180)
            results.append((w.returncode, json.loads(out.strip().splitlines()[-1]), err))
        all_done = time.monotonic() - began
    finally:  # a failure above leaves no process behind (a writer waits for the go file forever)
        for process in [*writers, importer]:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()

    # no process failed, nobody saw "database is locked"
    assert importer.returncode == 0, import_err
    assert "locked" not in import_err.lower() and "busy" not in import_err.lower()
    assert f"{IMPORT_ROWS} rows: {IMPORT_ROWS} inserted" in import_out
    for code, report, err in results:
        assert code == 0, err
        assert report["codes"] == [0] * contacts_each, err
        assert "locked" not in err.lower(), err

    # every logged contact stored exactly once, and every imported row
    logged = dict(sql(db, "SELECT note, count(*) FROM contacts WHERE note LIKE 'w%' GROUP BY note"))
    [imported] = sql(db, "SELECT count(*), count(DISTINCT note) FROM contacts WHERE note LIKE 'imp-%'")
    [(total,)] = sql(db, "SELECT count(*) FROM contacts")
    expected = {f"w{w}-{n}" for w in range(processes) for n in range(contacts_each)}
    assert set(logged) == expected
    assert set(logged.values()) == {1}
    assert imported == (IMPORT_ROWS, IMPORT_ROWS)
    assert total == IMPORT_ROWS + processes * contacts_each
    assert integrity(db) == ["ok"]
    # one writer at a time: every `log` went in after the whole import (its ids come after the import's)
    [(last_imported, first_logged)] = sql(
        db, "SELECT max(CASE WHEN note LIKE 'imp-%' THEN id END), min(CASE WHEN note LIKE 'w%' THEN id END) FROM contacts"
    )
    assert first_logged > last_imported

    assert overlapped, "the import ended before the writers could be released inside it"
    waits = sorted(s for _, report, _ in results for s in report["seconds"])
    figures(
        f"concurrency ({'PostgreSQL' if postgres.is_url(db) else 'SQLite'}): {processes} `followup log` processes "
        f"x {contacts_each} contacts = {processes * contacts_each} logged, "
        f"released while a `followup import contacts` of {IMPORT_ROWS:,} rows held the write lock; stored: "
        f"{len(logged)} logged contacts (each exactly once) + {imported[0]:,} imported = {total:,} rows; "
        f"0 failed processes, 0 'locked'; import process {import_seconds:.1f} s, log commands median "
        f"{waits[len(waits) // 2]:.2f} s, longest {waits[-1]:.2f} s (waiting for the import), all done in {all_done:.1f} s"
    )
