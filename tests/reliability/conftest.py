"""Helpers of the reliability tests: real `followup` processes, big CSV files, whole-database snapshots.

Subprocesses run ``python -m followup_cli`` with the session's environment
(tests/conftest.py pins English, no colour, private data directories).
Figures worth reading (processes, rows, timings) are collected with the
``figures`` fixture and printed at the end of the run.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import postgres
import pytest

HERE = Path(__file__).parent
FOLLOWUP = [sys.executable, "-m", "followup_cli"]
TABLES = ("staff", "customers", "vehicles", "visits", "contacts", "campaigns")
_FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if _FIGURES:
        terminalreporter.section("reliability figures")
        for line in _FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture
def figures():
    """``figures(line)``: a line for the reliability summary at the end of the run."""
    return _FIGURES.append


def followup(*args, check: bool = False, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run ``followup ARGS`` as its own process; returns the finished process (text stdout/stderr)."""
    result = subprocess.run(
        [*FOLLOWUP, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kwargs
    )
    if check:
        assert result.returncode == 0, f"followup {' '.join(map(str, args))}: {result.stderr}"
    return result


def start(*args, **kwargs) -> subprocess.Popen:
    """Start ``followup ARGS`` without waiting (stdout/stderr piped, text)."""
    return subprocess.Popen(
        [*FOLLOWUP, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )


STAFF_CSV = "code,name,role,team,daily_capacity\nS01,张伟,consultant,sales,30\nA01,王强,advisor,service,25\n"


def customers_csv(n: int) -> str:
    lines = ["customer_id,name,phone,stage,intent_level,owner,created_on"]
    lines += [f"C{i:05d},客户{i},138{i:08d},prospect,B,S01,2026-01-05" for i in range(n)]
    return "\n".join(lines) + "\n"


def write_contacts_csv(path: Path, rows: int, customers: int, tag: str = "imp") -> Path:
    """A contacts file of ``rows`` distinct rows (the note ``TAG-N`` tells them apart)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n")
        for i in range(rows):
            f.write(
                f"C{i % customers:05d},2026-{1 + i % 10:02d}-{1 + i % 28:02d},phone,,reached,S01,,,"
                f"{tag}-{i} 回访：客户满意，约下次保养\n"
            )
    return path


def dealership(cli, db: Path, tmp_path: Path, customers: int) -> None:
    """Staff S01 A01 and ``customers`` prospects C00000... in ``db`` (in-process: setting up is not under test)."""
    (tmp_path / "staff.csv").write_text(STAFF_CSV, encoding="utf-8")
    (tmp_path / "customers.csv").write_text(customers_csv(customers), encoding="utf-8")
    for kind in ("staff", "customers"):
        result = cli("--db", db, "import", kind, tmp_path / f"{kind}.csv")
        assert result.exit_code == 0, result.output


def row_counts(path: Path) -> dict[str, int]:
    if postgres.is_url(path):
        return {t: postgres.query(path, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    """SQLite's integrity check; for PostgreSQL, amcheck's check of every B-tree index against its table."""
    if postgres.is_url(path):
        return postgres.integrity(path)
    conn = sqlite3.connect(path)
    try:
        return [line for (line,) in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    """Every row of every followup table, in order: two databases with the same data give equal dumps."""
    if postgres.is_url(path):
        return [f"{table}: {row!r}" for table in ("alembic_version", *TABLES)
                for row in postgres.query(path, f"SELECT * FROM {table} ORDER BY 1")]
    conn = sqlite3.connect(path)
    try:
        out = []
        for table in ("alembic_version", *TABLES):
            out += [f"{table}: {row!r}" for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1")]
        return out
    finally:
        conn.close()


def mode(path: Path | str) -> int:
    return os.stat(path).st_mode & 0o777
