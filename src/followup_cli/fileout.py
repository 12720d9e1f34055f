"""Every file followup writes (exports, ``--output``, backups): whole or not at all, private, never clobbered.

SPEC section 2, "Files written":

- ``-`` is standard output; a FIFO or a character device (a pipe, a
  terminal, ``/dev/null``), or a symbolic link to one (``/dev/stdout``), is
  written to directly and never replaced.
- Anything else is written to a temporary file beside the target (mode
  0600: the data is personal), flushed to disk and renamed over it at the
  end, so the file appears whole or not at all. An existing file is
  replaced only with ``force``; a symbolic link to a file, a directory or a
  missing directory is refused.
- The temporary file is removed when the writing fails (a full disk), on
  Ctrl-C, and on SIGTERM or SIGHUP, which are turned into ``Interrupted``
  while a file is being written; ``cli.main.run`` then ends the process by
  that signal.

Problems a person can act on are ``OutputError`` with a translatable Message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from followup_cli.message import Message, N_

STDOUT = "-"
#: signals that end a write cleanly (Ctrl-C is Python's KeyboardInterrupt already)
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class OutputError(Exception):
    """A file that cannot or may not be written; carries a translatable message."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written (a BaseException, like KeyboardInterrupt)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@dataclass(frozen=True)
class Target:
    """Where the output goes: ``stdout``, ``direct`` (a pipe or device, opened as it is) or ``file`` (replaced)."""

    path: str
    how: str


def check(path: str | os.PathLike[str], force: bool = False) -> Target:
    """How ``path`` would be written; an OutputError when it may not be (checked again when writing)."""
    name = os.fspath(path)
    if name == STDOUT:
        return Target(name, "stdout")
    try:
        found = os.lstat(name)
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(name))
        if not os.path.isdir(folder):
            raise _refused(N_("cannot write {path}: the directory {folder} does not exist"), name, folder=folder) from None
        return Target(name, "file")
    except OSError as exc:
        raise _cannot_write(name, exc) from None
    mode = found.st_mode
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(name).st_mode
        except OSError:
            mode = 0
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise _refused(
                N_("{path} is a symbolic link: followup does not replace one; name the file itself, or - for standard output"),
                name,
            )
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return Target(name, "direct")
    if stat.S_ISDIR(mode):
        raise _refused(N_("{path} is a directory: name the file to write"), name)
    if not stat.S_ISREG(mode):
        raise _refused(N_("{path} is not a file followup can write"), name)
    if not force:
        raise OutputError(
            Message.of(N_("{target} exists already: choose another name, or --force to replace it"), target=name)
        )
    return Target(name, "file")


@contextlib.contextmanager
def output_file(
    path: str | os.PathLike[str],
    force: bool = False,
    binary: bool = False,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> Iterator[IO]:
    """A stream to write ``path`` through (text, or bytes with ``binary``), committed when the block ends.

    ``-`` yields standard output. An OSError while writing (a full disk)
    becomes an OutputError naming the file, with nothing left behind.
    """
    target = check(path, force)
    if target.how == "stdout":
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    mode, options = ("wb", {}) if binary else ("w", {"encoding": encoding, "newline": newline})
    try:
        if target.how == "direct":
            with open(target.path, mode, **options) as stream:
                yield stream
            return
        with _replacing(target.path, force) as temporary, open(temporary, mode, **options) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise _cannot_write(target.path, exc) from None


@contextlib.contextmanager
def output_path(path: str | os.PathLike[str], force: bool = False) -> Iterator[Path]:
    """A temporary file (mode 0600) for a writer that needs a path (SQLite's backup): ``path`` when the block ends.

    For ``-``, a pipe or a device, the finished file's bytes are copied into it.
    """
    target = check(path, force)
    try:
        if target.how == "file":
            with _replacing(target.path, force) as temporary:
                yield temporary
                _fsync(temporary)
            return
        with tempfile.TemporaryDirectory(prefix="followup-") as folder, _cleaned_on_signal():
            temporary = Path(folder) / "output"
            temporary.touch(mode=0o600)
            yield temporary
            with open(temporary, "rb") as source:
                if target.how == "stdout":
                    sys.stdout.flush()
                    shutil.copyfileobj(source, sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                else:
                    with open(target.path, "wb") as stream:
                        shutil.copyfileobj(source, stream)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise _cannot_write(target.path, exc) from None


@contextlib.contextmanager
def _replacing(path: str, force: bool) -> Iterator[Path]:
    """A temporary file beside ``path`` (0600), renamed over it when the block ends; removed if it does not."""
    folder = os.path.dirname(os.path.abspath(path))
    with _cleaned_on_signal():
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")  # mode 0600
        os.close(fd)
        temporary = Path(name)
        try:
            yield temporary
            _commit(temporary, path, force)
        except BaseException:
            _block_signals()
            for suffix in ("", "-journal", "-wal", "-shm"):  # SQLite's companions, for a backup
                with contextlib.suppress(FileNotFoundError):
                    os.remove(f"{temporary}{suffix}")
            raise


def _commit(temporary: Path, path: str, force: bool) -> None:
    """Rename into place; without ``force`` a hard link, which refuses a file another process made meanwhile."""
    check(path, force)  # the target may have changed while the file was written
    if force:
        os.replace(temporary, path)
    else:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise OutputError(
                Message.of(N_("{target} exists already: choose another name, or --force to replace it"), target=path)
            ) from None
        except OSError as exc:  # a file system without hard links
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
                raise
            os.replace(temporary, path)
        else:
            os.remove(temporary)
    with contextlib.suppress(OSError):  # not every file system lets a directory be opened
        _fsync(Path(os.path.dirname(os.path.abspath(path))))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _raise_interrupted(signum: int, _frame) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def _cleaned_on_signal() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise Interrupted (so cleanup runs); then as they were."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _unblock_signals()


def _block_signals() -> None:
    """A second signal must not cut the cleanup short; it is delivered when the handlers are restored."""
    if hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread():
        signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)


def _unblock_signals() -> None:
    if hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread():
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def _refused(msgid: str, path: str, **values: object) -> OutputError:
    return OutputError(Message.of(msgid, path=path, **values))


def _cannot_write(path: str, exc: OSError) -> OutputError:
    return _refused(N_("cannot write {path}: {error}"), path, error=exc.strerror or str(exc))
