"""A real PostgreSQL server for the test session, and the helpers that let one test run on either backend.

``FOLLOWUP_TEST_BACKEND=postgresql python -m pytest`` runs the suite on
PostgreSQL: the ``db`` fixture (tests/conftest.py) is then a URL of a fresh
database instead of a SQLite file, and ``query``/``file_digest`` read it
through psycopg. The default backend is ``sqlite``.

The server is the distribution's (Debian's ``postgresql`` package puts it in
/usr/lib/postgresql/N/bin; ``FOLLOWUP_PG_BIN`` names another directory):
``initdb`` into a temporary directory, listening on a Unix socket in that
directory only (no TCP port, so parallel runs never clash), with durability
off (``fsync``, ``synchronous_commit``, ``full_page_writes``: the data is
thrown away), in memory (/dev/shm) when there is room, stopped at the end
of the session. The server is a child of the test process and the kernel
stops it when that process ends, even killed (a hung run stopped by CI's
``timeout`` leaves no server behind). As root the server runs as
the ``postgres`` user (PostgreSQL refuses to run as root). A server that
cannot start ends the run with its log: a failure, never a skip.

Fixtures:

- ``postgres_server``    session: the running server (``url(name)``, ``create_database``, ``drop_database``)
- ``postgres_template``  session: a database ``followup init`` migrated once, marked as a template
- ``postgres_pool``      session: copies of the template made ahead by a thread, used ones dropped
- ``postgres_db``        per test: a fresh copy of the template, as a ``postgresql+psycopg://`` URL
- ``postgres_empty_db``  per test: an empty database (for ``init`` itself)

Copies are ``CREATE DATABASE ... TEMPLATE``: a file copy of a few MB, far
cheaper than running the migrations again.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import decimal
import glob
import hashlib
import itertools
import os
import pwd
import queue
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
BACKENDS = (SQLITE, POSTGRESQL)
#: where Debian puts the server binaries (one directory per major version)
DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"
#: the ICU locale of the test server's default collation (Chinese: pinyin order for 张 王 李, not code points)
COLLATION = "zh-CN"
#: prctl(2): the signal the kernel sends a process when its parent ends
PR_SET_PDEATHSIG = 1
#: the driver the product's URLs name (the extra ``followup-cli[postgresql]``)
DRIVER = "postgresql+psycopg"


def backend() -> str:
    """``FOLLOWUP_TEST_BACKEND``: ``sqlite`` (the default) or ``postgresql``."""
    return os.environ.get("FOLLOWUP_TEST_BACKEND", "").strip().lower() or SQLITE


def is_url(db) -> bool:
    return "://" in str(db)


def _binaries() -> Path:
    explicit = os.environ.get("FOLLOWUP_PG_BIN")
    if explicit:
        return Path(explicit)
    found = sorted(glob.glob(DEBIAN_BINARIES), key=lambda p: int(Path(p).parent.name))
    if found:
        return Path(found[-1])
    which = shutil.which("initdb")
    if which:
        return Path(which).parent
    pytest.exit(
        "FOLLOWUP_TEST_BACKEND=postgresql but no PostgreSQL server (initdb) was found: "
        "apt-get install postgresql, or set FOLLOWUP_PG_BIN",
        returncode=3,
    )


class PostgresServer:
    """A throwaway PostgreSQL cluster in ``root``, reached through its Unix socket."""

    def __init__(self, binaries: Path, root: Path):
        self.binaries = binaries
        self.root = root
        self.data = root / "data"
        self.socket_dir = root  # a socket path must stay under 107 bytes: root is a short /dev/shm or /tmp name
        self.log = root / "server.log"
        self.started_in = 0.0
        self.version = 0
        self.process: subprocess.Popen | None = None
        self._names = itertools.count(1)
        self._user = None
        if os.geteuid() == 0:
            try:
                self._user = pwd.getpwnam("postgres")  # created by Debian's package
            except KeyError:
                raise RuntimeError("running as root, and there is no 'postgres' user to run the server") from None
            os.chown(root, self._user.pw_uid, self._user.pw_gid)

    def _options(self, die_with_parent: bool = False) -> dict:
        """How to run a server program: as the postgres user when we are root; ``die_with_parent``: the
        kernel sends it SIGQUIT (PostgreSQL's immediate shutdown) when this process ends, however it ends."""
        user = self._user

        def prepare():
            if user is not None:
                os.setgroups([])
                os.setgid(user.pw_gid)
                os.setuid(user.pw_uid)
            if die_with_parent:  # after setuid, which clears it
                ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGQUIT, 0, 0, 0)

        env = os.environ if user is None else {**os.environ, "HOME": user.pw_dir, "USER": "postgres"}
        return {"preexec_fn": prepare, "env": env, "cwd": self.root}

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120, **self._options())
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")

    def major_version(self) -> int:
        found = subprocess.run([str(self.binaries / "initdb"), "--version"], capture_output=True, text=True)
        match = re.search(r"\) (\d+)", found.stdout)
        return int(match.group(1)) if match else 0

    def start(self) -> None:
        began = time.monotonic()
        # UTF-8 with a linguistic default collation, as a dealer group's server would have (zh_CN.UTF-8
        # or en_US.UTF-8), so a text ORDER BY that is not byte order shows up here; ICU's (PostgreSQL 15
        # and later), so it is the same on every machine whatever locales it has
        collation = ["--locale-provider=icu", f"--icu-locale={COLLATION}"] if self.major_version() >= 15 else []
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--locale=C", *collation, "--no-sync")
        settings = (
            f"-k {self.socket_dir} -c listen_addresses='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "  # throwaway data
            "-c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=256MB "  # little WAL (it may be in memory)
            "-c max_connections=100 -c shared_buffers=64MB"
        )
        # the server is this process's child (not pg_ctl's daemon): it goes when the session goes, even killed
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.binaries / "postgres"), "-D", str(self.data), *shlex.split(settings)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,  # no Ctrl-C
                **self._options(die_with_parent=True),
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                with self.connect() as conn:
                    self.version = conn.info.server_version // 10000
                break
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the server did not start:\n{self.log.read_text(errors='replace')}") from None
                time.sleep(0.05)
        self.started_in = time.monotonic() - began

    def stop(self) -> None:
        """Immediate shutdown (SIGQUIT): nothing to keep."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, name: str = "postgres", driver: str = DRIVER) -> str:
        return f"{driver}://postgres@/{name}?host={self.socket_dir}"

    def connect(self, name: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url(name, "postgresql"), autocommit=True)

    def new_name(self) -> str:
        return f"t{os.getpid()}_{next(self._names)}"

    def create_database(self, name: str | None = None, template: str = "template0", encoding: str | None = None) -> str:
        name = name or self.new_name()
        extra = f" ENCODING '{encoding}' LC_COLLATE 'C' LC_CTYPE 'C'" if encoding else ""
        with self.connect() as conn:
            conn.execute(self.create_statement(name, template) + extra)
        return name

    def create_statement(self, name: str, template: str) -> str:
        # FILE_COPY (PostgreSQL 15 and later): copies the files, twice as fast as logging every page
        strategy = " STRATEGY FILE_COPY" if self.version >= 15 else ""
        return f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}'

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


#: free space a memory file system needs for the server to go there (the databases stay small: used ones are dropped)
MEMORY_NEEDED = 1 << 30


def _memory_directory() -> str | None:
    """/dev/shm when it is a memory file system with room to spare: copying a database there takes 35 ms,
    ten times less than on a disk (CREATE DATABASE writes its files out even with fsync off); else the
    usual temporary directory."""
    try:
        found = os.statvfs("/dev/shm")
    except OSError:
        return None
    if found.f_bavail * found.f_frsize < MEMORY_NEEDED or not os.access("/dev/shm", os.W_OK):
        return None
    return "/dev/shm"


#: a leftover server directory is removed once it is this old and no server runs in it
STALE_AFTER = 3600


def _remove_stale(directory: str | None) -> None:
    """Directories of test servers whose session was killed (the kernel stopped the server, nobody removed
    its files): they would fill the memory file system run after run."""
    for root in glob.glob(os.path.join(directory or tempfile.gettempdir(), "fupg*")):
        pid_file = Path(root, "data", "postmaster.pid")
        try:
            if time.time() - os.stat(root).st_mtime < STALE_AFTER:
                continue
            if pid_file.exists():
                os.kill(int(pid_file.read_text().split()[0]), 0)  # raises when no such process
                continue
        except ProcessLookupError:
            pass
        except (OSError, ValueError, IndexError):
            continue
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.exit("the PostgreSQL tests need psycopg: pip install -e '.[test]'", returncode=3)
    binaries = _binaries()
    directory = _memory_directory()
    _remove_stale(directory)
    root = Path(tempfile.mkdtemp(prefix="fupg", dir=directory))
    try:
        server = PostgresServer(binaries, root)
        server.start()
    except Exception as exc:  # loud: a server that cannot start fails the run
        shutil.rmtree(root, ignore_errors=True)
        pytest.exit(f"cannot start PostgreSQL from {binaries}: {exc}", returncode=3)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_template(postgres_server, _stable_environment) -> str:
    """A database ``followup init`` migrated once; the per-test databases are copies of it."""
    from followup_cli.store import database

    name = postgres_server.create_database("followup_template")
    database.init_store(postgres_server.url(name))
    with postgres_server.connect() as conn:
        conn.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
    return name


class DatabasePool:
    """Copies of a template made ahead of time, and used ones dropped, by a thread of their own.

    A copy takes the server 35 ms in memory (/dev/shm), ten times as long on
    a disk; made while the previous test runs, a test does not wait for it
    (the server works on another core).
    """

    def __init__(self, server: PostgresServer, template: str, ahead: int = 3):
        self.server, self.template, self.ahead = server, template, ahead
        self._ready: queue.Queue[str] = queue.Queue()
        self._used: queue.Queue[str] = queue.Queue()
        self._wake = threading.Event()
        self._stopping = False
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="postgres-pool", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            with self.server.connect() as conn:
                while not self._stopping:
                    self._wake.clear()  # before looking: a take() or give_back() from now on wakes the wait below
                    if not self._used.empty():
                        conn.execute(f'DROP DATABASE IF EXISTS "{self._used.get()}" WITH (FORCE)')
                    elif self._ready.qsize() < self.ahead:
                        name = self.server.new_name()
                        conn.execute(self.server.create_statement(name, self.template))
                        self._ready.put(name)
                    else:
                        self._wake.wait(0.5)
        except BaseException as exc:  # handed to the next take()
            self._failure = exc

    def take(self) -> str:
        self._wake.set()
        while True:
            if self._failure is not None:
                raise RuntimeError(f"the database pool failed: {self._failure}") from self._failure
            try:
                return self._ready.get(timeout=1)
            except queue.Empty:
                if not self._thread.is_alive() and self._ready.empty():
                    raise RuntimeError(f"the database pool stopped: {self._failure}") from self._failure

    def give_back(self, name: str) -> None:
        self._used.put(name)
        self._wake.set()

    def close(self) -> None:
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout=60)
        for q in (self._ready, self._used):
            while not q.empty():
                self.server.drop_database(q.get())


@pytest.fixture(scope="session")
def postgres_pool(postgres_server, postgres_template):
    pool = DatabasePool(postgres_server, postgres_template)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def postgres_db(postgres_server, postgres_pool) -> str:
    name = postgres_pool.take()
    yield postgres_server.url(name)
    postgres_pool.give_back(name)


@pytest.fixture
def postgres_empty_db(postgres_server) -> str:
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


def database_name(db) -> str:
    from sqlalchemy.engine import make_url

    return make_url(str(db)).database if is_url(db) else str(db)


def copy_database(request, source, target: Path):
    """A private copy of ``source``: a SQLite file copied to ``target``, or a PostgreSQL database
    (name or URL) copied with CREATE DATABASE ... TEMPLATE (``target`` unused), dropped after the test."""
    if not is_url(source) and backend() != POSTGRESQL:
        shutil.copy2(source, target)
        return target
    server, pool = request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_pool")
    copy = server.create_database(template=database_name(source))
    request.addfinalizer(lambda: pool.give_back(copy))  # dropped by the pool's thread
    return server.url(copy)


@contextlib.contextmanager
def copied(request, source, target: Path):
    """``copy_database`` for a block: the PostgreSQL copy is dropped when the block ends
    (a Hypothesis test makes new copies for each example)."""
    if not is_url(source) and backend() != POSTGRESQL:
        shutil.copy2(source, target)
        yield target
        return
    server, pool = request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_pool")
    copy = server.create_database(template=database_name(source))
    try:
        yield server.url(copy)
    finally:
        pool.give_back(copy)


def _plain(value):
    """A value as sqlite3 would give it for followup's columns: dates as ISO text, booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _connect(url: str, autocommit: bool = False):
    import psycopg

    return psycopg.connect(str(url).replace(f"{DRIVER}://", "postgresql://"), autocommit=autocommit)


def _rows(conn, sql: str, *params) -> list[tuple]:
    cursor = conn.execute(sql.replace("%", "%%").replace("?", "%s"), params)
    return [tuple(_plain(v) for v in row) for row in cursor.fetchall()] if cursor.description else []


def query(url: str, sql: str, *params) -> list[tuple]:
    """Rows of ``sql`` (``?`` placeholders, as for sqlite3) on a PostgreSQL database, through plain psycopg."""
    with _connect(url) as conn:
        return _rows(conn, sql, *params)


def execute(url: str, *statements) -> None:
    """Run ``statements`` (SQL text, or (SQL with %s, parameters)) in one transaction, foreign keys off
    (``session_replication_role``): what a hand edit or another tool can leave behind."""
    with _connect(url) as conn:
        conn.execute("SET session_replication_role = replica")  # no foreign-key triggers
        for statement in statements:
            conn.execute(*((statement,) if isinstance(statement, str) else statement))


_TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"


def tables(url: str) -> list[str]:
    return [name for (name,) in query(url, _TABLES)]


def digest(url: str) -> str:
    """SHA-256 of every row of every table: equal digests, same data.

    Sequences are left out: PostgreSQL advances them in a transaction that
    rolls back (a refused import), which changes no data.
    """
    hashed = hashlib.sha256()
    with _connect(url) as conn:  # one connection, one snapshot (a test takes two digests per Hypothesis example)
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for (table,) in _rows(conn, _TABLES):
            hashed.update(f"--{table}--".encode())
            for row in sorted(map(repr, _rows(conn, f'SELECT * FROM "{table}"'))):
                hashed.update(row.encode() + b"\n")
    return hashed.hexdigest()


def integrity(url: str) -> list[str]:
    """``["ok"]`` when amcheck finds every B-tree index of the database consistent with its table
    (PostgreSQL's nearest to SQLite's ``PRAGMA integrity_check``), else the first error."""
    import psycopg

    with _connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = conn.execute(
            "SELECT c.oid, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = 'public'"
        ).fetchall()
        for oid, name in indexes:
            try:
                conn.execute("SELECT bt_index_check(%s, true)", (oid,))
            except psycopg.Error as exc:
                return [f"{name}: {str(exc).splitlines()[0]}"]
    return ["ok"]
