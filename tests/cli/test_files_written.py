"""Every file followup writes (SPEC section 2, "Files written"), through every command that writes one.

An existing file is replaced only with ``--force``; the new file is mode
0600; a FIFO is written to directly and stays a FIFO; a symbolic link is
refused and what it points to is untouched; a full disk (a small tmpfs)
leaves neither a partial file nor a temporary one; a process killed while
it writes leaves the old file as it was and no temporary file.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import postgres

TODAY = "2026-12-01"
OLD = "the old file, which must survive\n"


def _export(db, path):
    return ("--db", db, "export", "customers", path)


def _due(fmt):
    def args(db, path):
        return ("--db", db, "due", "--today", TODAY, "--all", "--format", fmt, "--output", path)

    return args


def _report(fmt):
    def args(db, path):
        return ("--db", db, "report", "workload", "--today", TODAY, "--format", fmt, "--output", path)

    return args


def _backup(db, path):
    return ("--db", db, "backup", path)


#: name -> the command line that writes ``path`` (backups: SQLite only)
WRITERS = {
    "export": _export,
    "due-table": _due("table"),
    "due-csv": _due("csv"),
    "due-json": _due("json"),
    "report-table": _report("table"),
    "report-csv": _report("csv"),
    "report-json": _report("json"),
    "backup": _backup,
}
SQLITE_ONLY = {"backup"}


def _writers():
    sqlite = postgres.backend() != postgres.POSTGRESQL
    return [name for name in WRITERS if sqlite or name not in SQLITE_ONLY]


def _looks_right(name: str, data: bytes) -> None:
    """The bytes are what the command writes, whole: not the old file nor a fragment."""
    if name == "backup":
        assert data.startswith(b"SQLite format 3\x00")
    elif name.endswith("json"):
        assert json.loads(data.decode("utf-8"))
    elif name.endswith("csv") or name == "export":
        assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    elif name.startswith("due"):
        assert "Due on 2026-12-01" in data.decode("utf-8") and "overdue)" in data.decode("utf-8")  # the cards and their footer
    else:
        assert "orkload" in data.decode("utf-8") and "━" in data.decode("utf-8")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _leftovers(folder: Path, *keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p not in keep)


@pytest.mark.parametrize("name", _writers())
def test_a_new_file_is_private_and_an_existing_one_is_replaced_only_with_force(cli, demo, tmp_path, name):
    target = tmp_path / "out"
    first = cli(*WRITERS[name](demo, target))
    assert first.exit_code == 0, first.output
    _looks_right(name, target.read_bytes())
    assert _mode(target) == 0o600

    target.write_text(OLD)
    target.chmod(0o644)
    refused = cli(*WRITERS[name](demo, target))
    assert refused.exit_code == 1
    assert refused.stderr == f"{target} exists already: choose another name, or --force to replace it\n"
    assert target.read_text() == OLD

    forced = cli(*WRITERS[name](demo, target), "--force")
    assert forced.exit_code == 0, forced.output
    _looks_right(name, target.read_bytes())
    assert _mode(target) == 0o600  # a replaced file is private too
    assert _leftovers(tmp_path, target) == []  # no temporary file beside it


@pytest.mark.parametrize("name", _writers())
def test_a_fifo_is_written_to_directly_and_stays_a_fifo(cli, demo, tmp_path, name):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o600)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli(*WRITERS[name](demo, fifo))  # no --force: a pipe is not replaced, so nothing to refuse
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _looks_right(name, received[0])
    assert _leftovers(tmp_path, fifo) == []


@pytest.mark.parametrize("name", _writers())
def test_a_symbolic_link_is_refused_and_its_file_untouched(cli, demo, tmp_path, name):
    real = tmp_path / "real.txt"
    real.write_text(OLD)
    link = tmp_path / "link"
    link.symlink_to(real)
    for force in ((), ("--force",)):
        result = cli(*WRITERS[name](demo, link), *force)
        assert result.exit_code == 1
        assert result.stderr == (
            f"{link} is a symbolic link: followup does not replace one; name the file itself, or - for standard output\n"
        )
        assert link.is_symlink() and real.read_text() == OLD
    assert _leftovers(tmp_path, real, link) == []


@pytest.mark.parametrize("name", _writers())
def test_a_link_to_a_character_device_is_written_through(cli, demo, tmp_path, name):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    result = cli(*WRITERS[name](demo, link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


@pytest.mark.parametrize("name", [n for n in _writers() if n != "backup"])
def test_a_missing_directory_is_refused_with_its_name(cli, demo, tmp_path, name):
    target = tmp_path / "no" / "such" / "out"
    result = cli(*WRITERS[name](demo, target))
    assert result.exit_code == 1
    assert result.stderr == f"cannot write {target}: the directory {target.parent} does not exist\n"
    assert not (tmp_path / "no").exists()


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs (root only), filled up to its last page by ``fill()``; skipped where it cannot be mounted."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(folder)], capture_output=True
    ) if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    if mounted is None or mounted.returncode != 0:
        pytest.skip("a small tmpfs cannot be mounted here (needs root)")

    def fill() -> Path:
        filler = folder / "filler"
        with open(filler, "wb", buffering=0) as f:
            with contextlib.suppress(OSError):
                while True:
                    f.write(b"x" * 4096)
                    f.flush()
        return filler

    try:
        yield folder, fill
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("name", _writers())
def test_a_full_disk_leaves_the_old_file_and_no_temporary_one(cli, demo, small_disk, name):
    folder, fill = small_disk
    target = folder / "out"
    target.write_text(OLD)
    filler = fill()
    result = cli(*WRITERS[name](demo, target), "--force")
    assert result.exit_code == 1
    full = "database or disk is full" if name == "backup" else "No space left on device"  # SQLite's words
    assert result.stderr == f"cannot write {target}: {full}\n"
    assert target.read_text() == OLD
    assert _leftovers(folder, target, filler) == []


@pytest.mark.parametrize("name", [n for n in _writers() if n != "backup"])
def test_a_full_disk_leaves_no_new_file(cli, demo, small_disk, name):
    folder, fill = small_disk
    filler = fill()
    target = folder / "out"
    result = cli(*WRITERS[name](demo, target))
    assert result.exit_code == 1
    assert result.stderr == f"cannot write {target}: No space left on device\n"
    assert _leftovers(folder, filler) == []


# A real process, slowed down inside the CSV writer so that the signal lands half-way through the file.
SLOW_EXPORT = """
import sys, time
import followup_cli.csvio.write as write
original = write.format_cell
def slow(value):
    time.sleep(0.01)
    return original(value)
write.format_cell = slow
from followup_cli.cli.main import run
run(sys.argv[1:])
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_process_killed_while_writing_leaves_the_old_file_and_no_temporary_one(demo, tmp_path, signum):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "customers.csv"
    target.write_text(OLD)
    env = {**os.environ, "FOLLOWUP_LANG": "en"}
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, "--db", str(demo), "export", "customers", str(target), "--force"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    deadline = time.monotonic() + 60
    while not [p for p in folder.iterdir() if p.name.endswith(".tmp")]:  # the temporary file: writing has begun
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.1)
    process.send_signal(signum)
    _out, err = process.communicate(timeout=60)
    if signum == signal.SIGINT:
        assert process.returncode != 0  # Click's "Aborted!"
    else:
        assert process.returncode == -signum, err  # ended by the signal, as the shell expects
    assert b"Traceback" not in err
    assert target.read_text() == OLD
    assert _leftovers(folder, target) == []


@pytest.mark.sqlite_only("backup copies a SQLite file")
def test_a_backup_to_standard_output_is_the_file_and_the_summary_goes_to_stderr(cli, demo, tmp_path):
    result = cli("--db", demo, "backup", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"SQLite format 3\x00")
    assert result.stderr.startswith(f"backed up {demo} to - (schema ")
    copy = tmp_path / "copy.db"
    copy.write_bytes(result.stdout_bytes)
    restored = cli("--db", tmp_path / "restored.db", "restore", copy)
    assert restored.exit_code == 0, restored.output
    assert _leftovers(tmp_path, copy) == ["restored.db"]
