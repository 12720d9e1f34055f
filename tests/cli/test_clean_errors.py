"""The remaining generic errors, each a clear message and exit code 1 (or Click's 2), never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess

import pytest

from conftest import query

TODAY = "2026-12-01"


@pytest.mark.parametrize(
    "args, option, value",
    [
        (("due", "--today", "0001-01-01"), "--today", "0001-01-01"),
        (("due", "--today", "9999-12-31"), "--today", "9999-12-31"),
        (("why", "C1", "--today", "9999-12-31"), "--today", "9999-12-31"),
        (("report", "workload", "--from", "0001-01-01"), "--from", "0001-01-01"),
        (("report", "forecast", "--to", "9999-12-31"), "--to", "9999-12-31"),
        (("customer", "show", "C1", "--today", "2101-01-01"), "--today", "2101-01-01"),
    ],
)
def test_a_date_outside_the_supported_years_names_the_option(cli, dealer, args, option, value):
    result = cli("--db", dealer, *args)
    assert result.exit_code == 1
    assert result.stderr == f'{option}: "{value}" is out of range: the year must be from 1900 to 2100\n'


@pytest.mark.parametrize("command", [("due",), ("customer", "list")])
def test_a_limit_too_large_is_a_usage_error(cli, dealer, command):
    result = cli("--db", dealer, *command, "--limit", "99999999999999999999")
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.stderr
    assert "less than or equal to 1000000000" in result.stderr


def test_import_reads_standard_input_once_utf8_and_gb18030(cli, dealer):
    utf8 = cli("--db", dealer, "import", "staff", "-", input="code,name,role\nS07,王芳,consultant\n".encode("utf-8"))
    assert utf8.exit_code == 0, utf8.output
    assert utf8.stdout == "stdin: 1 rows: 1 inserted, 0 updated, 0 unchanged, 0 duplicates skipped\n"
    gbk = cli("--db", dealer, "import", "staff", "-", input="code,name,role\nS08,张伟,advisor\n".encode("gb18030"))
    assert gbk.exit_code == 0, gbk.output
    assert query(dealer, "SELECT code, name FROM staff WHERE code IN ('S07', 'S08') ORDER BY code") == [
        ("S07", "王芳"), ("S08", "张伟"),
    ]


def test_import_reads_a_pipe(cli, dealer, tmp_path):
    fifo = tmp_path / "staff-pipe"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"printf 'code,name\\nS09,x\\n' > '{fifo}'"])
    result = cli("--db", dealer, "import", "staff", fifo)
    writer.wait(timeout=30)
    assert result.exit_code == 0, result.output
    assert result.stdout == "staff-pipe: 1 rows: 1 inserted, 0 updated, 0 unchanged, 0 duplicates skipped\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("followup-import")] == []


def test_an_endless_input_is_refused_and_nothing_is_written(cli, dealer, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "import", "staff", "/dev/zero")
    assert result.exit_code == 1
    assert result.stderr == (
        "zero: a line longer than 16 MB: not a CSV file (an endless input such as /dev/zero?); nothing was read\n"
        "zero: 1 problem; nothing was written. Fix it and import the file again.\n"
    )
    assert digest(dealer) == before


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder whose files cannot be written, even by root: a tmpfs remounted read-only (skipped without root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)]).returncode:
        pytest.skip("needs root to mount a read-only file system")

    def seal():
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)

    try:
        yield folder, seal
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.sqlite_only("a SQLite file's permissions")
def test_a_read_only_database_is_named_on_opening_and_on_writing(cli, dealer, read_only_folder):
    folder, seal = read_only_folder
    wal = folder / "wal.db"
    rollback = folder / "rollback.db"
    for path in (wal, rollback):
        conn = sqlite3.connect(dealer)
        conn.execute("VACUUM INTO ?", (str(path),))
        conn.close()
    conn = sqlite3.connect(wal)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    seal()
    message = (
        "the database {} is read-only: followup needs to write to it and to its directory "
        "(check their permissions, or copy the file somewhere writable)\n"
    )
    opened = cli("--db", wal, "log", "C1", "--staff", "S01", "--outcome", "reached", "--on", TODAY)
    assert opened.exit_code == 1
    assert opened.stderr == message.format(wal)
    readable = cli("--db", rollback, "due", "--today", TODAY, "--format", "json")
    assert readable.exit_code == 0, readable.output  # reading a read-only file still works
    for args in (
        ("log", "C1", "--staff", "S01", "--outcome", "reached", "--on", TODAY),
        ("customer", "add", "C9", "--name", "赵六"),
    ):
        written = cli("--db", rollback, *args)
        assert written.exit_code == 1, written.output
        assert written.stderr == message.format(rollback)
