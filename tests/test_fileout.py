"""``fileout``, the one way followup writes a file (SPEC section 2, "Files written"), on its own."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from followup_cli import fileout
from followup_cli.fileout import OutputError, check, output_file, output_path


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_text_file_appears_whole_when_the_block_ends_and_is_private(tmp_path):
    target = tmp_path / "list.txt"
    with output_file(target) as stream:
        stream.write("王芳\n")
        assert not target.exists()  # nothing at the name until the block ends
        (temporary,) = [p for p in tmp_path.iterdir()]
        assert temporary.name.startswith(".list.txt.") and temporary.name.endswith(".tmp")
        assert stat.S_IMODE(temporary.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == "王芳\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _names(tmp_path) == ["list.txt"]


def test_a_binary_stream_for_a_workbook_writer(tmp_path):
    target = tmp_path / "due.xlsx"
    with output_file(target, binary=True) as stream:
        stream.write(b"PK\x03\x04")
    assert target.read_bytes() == b"PK\x03\x04"


def test_an_error_in_the_block_leaves_nothing_behind(tmp_path):
    target = tmp_path / "list.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with output_file(target, force=True) as stream:
            stream.write("new")
            raise RuntimeError("the database went away")
    assert target.read_text() == "old"
    assert _names(tmp_path) == ["list.txt"]


def test_a_full_disk_at_the_last_moment_is_a_clean_error(tmp_path, monkeypatch):
    # where a small tmpfs cannot be mounted (tests/cli/test_files_written.py): the disk fills up at fsync
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileout.os, "fsync", full)
    target = tmp_path / "list.txt"
    with pytest.raises(OutputError) as refused:
        with output_file(target) as stream:
            stream.write("x" * 100_000)
    assert refused.value.message.values() == {"path": str(target), "error": "No space left on device"}
    assert _names(tmp_path) == []


def test_a_file_made_by_someone_else_meanwhile_is_not_replaced_without_force(tmp_path):
    target = tmp_path / "list.txt"
    with pytest.raises(OutputError) as refused:
        with output_file(target) as stream:
            stream.write("mine")
            target.write_text("theirs")
    assert refused.value.message.msgid.startswith("{target} exists already")
    assert target.read_text() == "theirs"
    assert _names(tmp_path) == ["list.txt"]


def test_what_each_kind_of_path_becomes(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "file").write_text("x")
    (tmp_path / "dir").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "file")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "stdout").symlink_to("/dev/null")
    assert check("-").how == "stdout"
    assert check(tmp_path / "pipe").how == "direct"
    assert check("/dev/null").how == "direct"
    assert check(tmp_path / "stdout").how == "direct"  # a link to a device (/dev/stdout) is written through
    assert check(tmp_path / "new").how == "file"
    assert check(tmp_path / "file", force=True).how == "file"
    refusals = {}
    for name in ("file", "dir", "link", "dangling", "no/such"):
        with pytest.raises(OutputError) as refused:
            check(tmp_path / name, force=name != "file")
        refusals[name] = refused.value.message.msgid
    assert refusals == {
        "file": "{target} exists already: choose another name, or --force to replace it",
        "dir": "{path} is a directory: name the file to write",
        "link": "{path} is a symbolic link: followup does not replace one; name the file itself, or - for standard output",
        "dangling": "{path} is a symbolic link: followup does not replace one; name the file itself, or - for standard output",
        "no/such": "cannot write {path}: the directory {folder} does not exist",
    }


def test_a_path_writer_into_a_pipe_gets_the_finished_bytes(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with output_path(fifo) as path:
        assert path.parent != tmp_path and stat.S_IMODE(path.stat().st_mode) == 0o600
        path.write_bytes(b"SQLite format 3\x00...")
    reader.join(timeout=10)
    assert received == [b"SQLite format 3\x00..."]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_signal_handlers_are_restored_after_writing(tmp_path):
    import signal

    before = signal.getsignal(signal.SIGTERM)
    with output_file(tmp_path / "a") as stream:
        assert signal.getsignal(signal.SIGTERM) is fileout._raise_interrupted
        stream.write("a")
    assert signal.getsignal(signal.SIGTERM) is before
