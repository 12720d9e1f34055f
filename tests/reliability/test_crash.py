"""Crash safety: an import killed with SIGKILL half-way leaves the database exactly as it was.

A real `followup import contacts` of a 100,000-row file runs in its own
process; once it has written a good part of its transaction into the WAL
file (SQLite spills pages there long before the commit), it is killed with
SIGKILL: no handler, no rollback, no closing of anything. The next process
to open the database finds the uncommitted frames and ignores them.

On PostgreSQL the uncommitted rows go into the table's own pages: the import
is killed once the contacts table has grown by as much, the server sees its
client gone and rolls the transaction back.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import postgres
import pytest

from .conftest import dealership, dump, followup, integrity, mode, row_counts, start, write_contacts_csv

CUSTOMERS = 1_000
BIG_FILE_ROWS = 100_000
#: WAL sizes at which the import is killed: early in its writing, and well into it
KILL_AT_WAL_BYTES = (256 * 1024, 4 * 1024 * 1024)


def _written(db) -> int:
    """Bytes the import's transaction has written so far: the WAL file's size, or on PostgreSQL the
    contacts table's (and its indexes') size."""
    if postgres.is_url(db):
        return postgres.query(db, "SELECT pg_total_relation_size('contacts')")[0][0]
    wal = Path(f"{db}-wal")
    return wal.stat().st_size if wal.exists() else 0


def _kill_when_wal_reaches(db: Path, process, size: int, timeout: float = 90) -> int:
    """SIGKILL ``process`` once ``db``'s WAL file is ``size`` bytes; returns the size seen. Fails if it ends first."""
    deadline = time.monotonic() + timeout
    start = _written(db) if postgres.is_url(db) else 0  # the table as it was: on a server it only grows
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the import ended before its WAL reached {size} bytes: {process.communicate()}")
        seen = _written(db) - start
        if seen >= size:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return seen
        time.sleep(0.005)
    process.kill()
    pytest.fail("the import did not get going in time")


@pytest.mark.slow
def test_an_import_killed_half_way_leaves_the_database_exactly_as_it_was(cli, db, tmp_path, figures):
    dealership(cli, db, tmp_path, CUSTOMERS)
    small = write_contacts_csv(tmp_path / "earlier.csv", 3_000, CUSTOMERS, tag="earlier")
    assert cli("--db", db, "import", "contacts", small).exit_code == 0
    big = write_contacts_csv(tmp_path / "big.csv", BIG_FILE_ROWS, CUSTOMERS)
    before_counts = row_counts(db)
    before_rows = dump(db)

    results = []
    server = postgres.is_url(db)
    for size in KILL_AT_WAL_BYTES:
        assert server or not os.path.exists(f"{db}-wal")  # every connection closed: the WAL's size is the import's
        process = start("--db", db, "import", "contacts", big)
        seen = _kill_when_wal_reaches(db, process, size)
        assert process.returncode == -signal.SIGKILL
        if not server:
            wal_left = os.path.getsize(f"{db}-wal")
            assert wal_left > 0  # the killed transaction's frames are still there, uncommitted

        # the next opener recovers: sound, and not one row more or less
        assert integrity(db) == ["ok"]
        assert row_counts(db) == before_counts
        assert dump(db) == before_rows
        check = followup("--db", db, "check")
        assert check.returncode == 0, check.stdout + check.stderr
        assert ("integrity: not checked" if server else "integrity: ok") in check.stdout
        for suffix in ("", "-wal", "-shm"):
            if not server and os.path.exists(f"{db}{suffix}"):
                assert mode(f"{db}{suffix}") == 0o600
        results.append((seen, None if server else wal_left))

    # and it is usable: the next write goes in
    logged = followup("--db", db, "log", "C00007", "--staff", "S01", "--on", "2026-11-20", "--note", "after the crash")
    assert logged.returncode == 0, logged.stderr
    assert row_counts(db)["contacts"] == before_counts["contacts"] + 1
    assert integrity(db) == ["ok"]
    figures(
        "crash ({}): import of a {:,}-row contacts file SIGKILLed twice mid-transaction ({} at {}): "
        "integrity_check ok, row counts {} unchanged, every row identical; the next `followup log` goes in".format(
            "PostgreSQL" if server else "SQLite",
            BIG_FILE_ROWS,
            "contacts table grown" if server else "WAL",
            " and ".join(f"{seen / 1e6:.1f} MB" for seen, _ in results),
            ", ".join(f"{t} {n}" for t, n in before_counts.items() if n),
        )
    )
