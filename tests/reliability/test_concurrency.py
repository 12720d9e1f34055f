"""Concurrent writers lose nothing: `followup log` processes while `followup import contacts` runs.

Real processes on one SQLite file, no shared connection: an import of a
20,000-row contacts file, and 4 writer processes each running 50
`followup log` commands. The writers are released the moment the import
holds the write lock (a probe's ``BEGIN IMMEDIATE`` is refused), so every
one of them starts inside the import's transaction: each read it makes
before writing sees the database as it was before the import. (Without
``BEGIN IMMEDIATE`` such a reader-turned-writer is refused at once with
"database is locked" when the import commits: SQLite cannot let a
transaction write on a stale snapshot, and its busy timeout does not apply.)
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from followup_cli.store import database

from .conftest import HERE, dealership, integrity, start, write_contacts_csv

WRITERS = 4
CONTACTS_EACH = 50
IMPORT_ROWS = 20_000
CUSTOMERS = 2_000


def _import_holds_the_write_lock(path, process, deadline) -> bool:
    """True once a probe cannot take the write lock (the import's transaction is open); False if it ended first."""
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if database.is_busy(exc):
                    return True
                raise
            probe.execute("ROLLBACK")
            time.sleep(0.002)
        return False
    finally:
        probe.close()


@pytest.mark.slow
def test_log_processes_during_a_large_import_lose_nothing(cli, db, tmp_path, figures):
    dealership(cli, db, tmp_path, CUSTOMERS)
    big = write_contacts_csv(tmp_path / "contacts.csv", IMPORT_ROWS, CUSTOMERS)
    go = tmp_path / "go"

    writers = [
        subprocess.Popen(
            [sys.executable, str(HERE / "_logger.py"), str(db), str(w), str(CONTACTS_EACH), str(CUSTOMERS), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for w in range(WRITERS)
    ]
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

    # no process failed, nobody saw "database is locked"
    assert importer.returncode == 0, import_err
    assert "locked" not in import_err.lower() and "busy" not in import_err.lower()
    assert f"{IMPORT_ROWS} rows: {IMPORT_ROWS} inserted" in import_out
    for code, report, err in results:
        assert code == 0, err
        assert report["codes"] == [0] * CONTACTS_EACH, err
        assert "locked" not in err.lower(), err

    # every logged contact stored exactly once, and every imported row
    conn = sqlite3.connect(db)
    try:
        logged = dict(conn.execute("SELECT note, count(*) FROM contacts WHERE note LIKE 'w%' GROUP BY note").fetchall())
        imported = conn.execute(
            "SELECT count(*), count(DISTINCT note) FROM contacts WHERE note LIKE 'imp-%'"
        ).fetchone()
        total = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
    finally:
        conn.close()
    expected = {f"w{w}-{n}" for w in range(WRITERS) for n in range(CONTACTS_EACH)}
    assert set(logged) == expected
    assert set(logged.values()) == {1}
    assert imported == (IMPORT_ROWS, IMPORT_ROWS)
    assert total == IMPORT_ROWS + WRITERS * CONTACTS_EACH
    assert integrity(db) == ["ok"]

    assert overlapped, "the import ended before the writers could be released inside it"
    waits = sorted(s for _, report, _ in results for s in report["seconds"])
    figures(
        f"concurrency: {WRITERS} `followup log` processes x {CONTACTS_EACH} contacts = {WRITERS * CONTACTS_EACH} logged, "
        f"released while a `followup import contacts` of {IMPORT_ROWS:,} rows held the write lock; stored: "
        f"{len(logged)} logged contacts (each exactly once) + {imported[0]:,} imported = {total:,} rows; "
        f"0 failed processes, 0 'locked'; import process {import_seconds:.1f} s, log commands median "
        f"{waits[len(waits) // 2]:.2f} s, longest {waits[-1]:.2f} s (waiting for the import), all done in {all_done:.1f} s"
    )
