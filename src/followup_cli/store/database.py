"""Which database, how it is opened, and how its schema is created or upgraded (SPEC section 2).

``--db`` else ``FOLLOWUP_DB`` else ``followup.db`` in the user's data
directory. A plain path is a SQLite file; a URL (``postgresql+psycopg://...``)
selects another SQLAlchemy engine. A URL's password never appears in a
message (``Location.display``, ``Location.scrub``).

SQLite, with several ``followup`` processes writing at once (a ``log`` per
call while a nightly ``import`` runs):

- WAL journal (set by ``init``): readers never wait for the writer.
- SQLAlchemy emits BEGIN itself (the sqlite3 module's own transaction
  handling runs DDL outside any transaction, so a failing migration would
  half-apply). ``engine.begin()`` is a write transaction and starts with
  ``BEGIN IMMEDIATE``: it takes the write lock before its first read, so a
  transaction that reads and then writes can never hit SQLITE_BUSY on its
  first write (a WAL reader whose snapshot went stale is refused at once,
  without waiting); ``engine.connect()`` reads with a plain BEGIN.
- Waiting for the write lock: the busy timeout, then a few more attempts
  (``WRITE_ATTEMPTS``), so a long import delays a ``log`` but never fails it.
- ``synchronous = FULL``: a committed contact survives a power cut too.
- Files are created readable by their owner only (0600); SQLite gives the
  ``-wal`` and ``-shm`` files the mode of the database file.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, quote_plus

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError

from followup_cli.message import Message, N_

#: the Alembic revision this code expects (revisions are zero-padded, so they sort); a test checks it is the head
SCHEMA_HEAD = "0011"
#: how long one attempt waits for a lock held by another process
BUSY_TIMEOUT_MS = 60_000
#: attempts at the write lock (each waits BUSY_TIMEOUT_MS): five minutes in all
WRITE_ATTEMPTS = 5
#: execution option marking a connection whose transactions write (set by ``engine.begin()``)
WRITE = "followup_write"
MIGRATIONS = Path(__file__).parent / "migrations"
#: URL query parameters that carry a secret (libpq accepts ``?password=``)
_SECRET_PARAMS = ("password", "passwd", "pwd", "sslpassword", "secret", "token")


class StoreError(Exception):
    """A problem with the database a person can act on; carries a translatable message."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def redact(value: str) -> str:
    """A database URL (or any text holding one) with its passwords replaced by ``***``.

    Works on text that is not a valid URL too, so a URL that fails to parse
    can still be named.
    """
    value = re.sub(r"(://[^/?#@\s:]*:)[^\s]*@", r"\1***@", value)
    names = "|".join(_SECRET_PARAMS)
    return re.sub(rf"([?&;\s](?:{names})=)[^&;\s]*", r"\1***", value, flags=re.IGNORECASE)


@dataclass(frozen=True)
class Location:
    url: str
    path: Path | None  # the SQLite file, None for a server database

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    def display(self) -> str:
        """The location for messages: never shows a password."""
        if self.path is not None:
            return str(self.path)
        from urllib.parse import unquote

        url = make_url(self.url)
        # secret query values hidden before decoding, so a %26 in one cannot split it; then decoded, as typed
        # (render_as_string percent-encodes the query: host=%2Frun%2Fpostgresql for a socket directory)
        query = {k: ("***" if k.lower() in _SECRET_PARAMS else v) for k, v in url.query.items()}
        return redact(unquote(url.set(query=query).render_as_string(hide_password=True)))

    def secrets(self) -> list[str]:
        """The passwords in the URL, as written and as decoded."""
        if self.path is not None:
            return []
        url = make_url(self.url)
        found = [url.password] if url.password else []
        for name, value in url.query.items():
            if name.lower() in _SECRET_PARAMS:
                found.extend([value] if isinstance(value, str) else value)
        found += [quote(s, safe="") for s in found] + [quote_plus(s) for s in found]
        return [s for s in set(found) if s]

    def scrub(self, text: str) -> str:
        """``text`` (an error from a driver, say) without this location's passwords."""
        for secret in sorted(self.secrets(), key=len, reverse=True):
            text = text.replace(secret, "***")
        return redact(text)


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("followup", appauthor=False) / "followup.db"


def locate(db: str | None) -> Location:
    """The database chosen by ``--db``, ``FOLLOWUP_DB`` or the default file."""
    value = db or os.environ.get("FOLLOWUP_DB") or str(default_path())
    if "://" in value:
        try:
            url = make_url(value)
        except Exception as exc:  # the parser's message may quote the URL, password and all
            raise StoreError(
                Message.of(N_("cannot read the database URL {url}: {error}"), url=redact(value), error=redact(str(exc)))
            ) from None
        if url.get_backend_name() == "sqlite":
            path = Path(url.database or "").expanduser().resolve()
            return Location(f"sqlite:///{path}", path)
        return Location(value, None)
    path = Path(value).expanduser().resolve()
    return Location(f"sqlite:///{path}", path)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # SQLAlchemy emits BEGIN (see _sqlite_begin); the sqlite3 module must not
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def is_busy(exc: BaseException) -> bool:
    """Waiting for another writer's lock ran out, wrapped or not: SQLite's "database is locked"
    (SQLITE_BUSY and its extended codes), PostgreSQL's lock_not_available (``lock_timeout``)."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == PG_LOCK_NOT_AVAILABLE:
        return True
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == sqlite3.SQLITE_BUSY
    return "database is locked" in str(orig)


def _sqlite_begin(conn: Connection) -> None:
    """BEGIN IMMEDIATE for a write transaction (waiting for the lock), else a plain BEGIN."""
    if not conn.get_execution_options().get(WRITE):
        conn.exec_driver_sql("BEGIN")
        return
    for attempt in range(WRITE_ATTEMPTS):
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as exc:
            # the busy timeout ran out: someone has been writing for a long time (a big import); wait again
            if not is_busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                raise


class SQLiteEngine(Engine):
    """An engine whose ``begin()`` is a write transaction: ``BEGIN IMMEDIATE`` (see the module docstring).

    ``engine.connect()`` (and a ``conn.begin()`` on it) stays a plain,
    deferred transaction, for reading; a connection that is to write sets
    ``conn.execution_options(followup_write=True)`` (``WRITE``) before it begins.
    """

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn


#: PostgreSQL's SQLSTATE when ``lock_timeout`` ran out
PG_LOCK_NOT_AVAILABLE = "55P03"
#: the transaction-level advisory lock every PostgreSQL write transaction takes first: the database's one
#: write lock, as SQLite has (advisory locks belong to one database, so two followup databases never share it)
PG_WRITE_LOCK = 0x666F6C6C  # "foll"


def _postgresql_begin(conn: Connection) -> None:
    """A write transaction starts by taking the write lock (SQLite's BEGIN IMMEDIATE): writers run one at a
    time, so a ``log`` never interleaves with an import half-way. It waits as long as SQLite's writers do
    (``WRITE_ATTEMPTS`` busy timeouts), then fails with lock_not_available (``is_busy``)."""
    if not conn.get_execution_options().get(WRITE):
        return
    conn.exec_driver_sql("SELECT set_config('lock_timeout', %(ms)s, true)", {"ms": str(BUSY_TIMEOUT_MS * WRITE_ATTEMPTS)})
    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%(key)s)", {"key": PG_WRITE_LOCK})
    conn.exec_driver_sql("SET LOCAL lock_timeout TO DEFAULT")


def _psycopg_missing(location: Location, exc: ImportError) -> bool:
    """psycopg (or its libpq wrapper, ``exc.name`` None) cannot be imported for a PostgreSQL URL."""
    module = (exc.name or "psycopg").split(".")[0]
    return make_url(location.url).get_backend_name() == "postgresql" and module in ("psycopg", "psycopg_binary", "psycopg_c")


def make_engine(location: Location) -> Engine:
    if location.is_sqlite:
        engine = create_engine(location.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        # the only way to give create_engine's result another begin(): Engine has no __slots__
        engine.__class__ = SQLiteEngine
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "handle_error", _on_sqlite_error(location))
        return engine
    try:
        engine = create_engine(location.url, pool_pre_ping=True)
    except ImportError as exc:  # the URL's driver: psycopg comes with the extra followup-cli[postgresql]
        if not _psycopg_missing(location, exc):
            raise
        raise StoreError(
            Message.of(
                N_("the PostgreSQL driver (psycopg) is not installed: pip install 'followup-cli[postgresql]' "
                   "(needed for {path})"),
                path=location.display(),
            )
        ) from None
    # begin() marks the connection as writing (nothing SQLite-specific in SQLiteEngine.begin itself)
    engine.__class__ = SQLiteEngine
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _postgresql_begin)
    return engine


def create_private_file(path: Path) -> None:
    """An empty file, mode 0600 (refuses to replace one); SQLite gives its -wal and -shm files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def private_sibling(path: Path, label: str) -> Path:
    """A new, empty, mode 0600 file beside ``path``: ``followup.db.LABEL-20261124-093000`` (``-2``... if taken)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.name}.{label}-{stamp}" + ("" if n == 1 else f"-{n}"))
        try:
            create_private_file(candidate)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(path.with_name(f"{path.name}.{label}-{stamp}"))


def copy_sqlite(source: Path, target: Path, journal_mode: str | None = None) -> None:
    """Copy the SQLite file ``source`` into ``target`` (an existing file) with the online backup API.

    One step, so one read transaction on ``source``: a consistent snapshot of
    its last commit, even while other processes write (WAL readers do not
    block them). Writing ``target`` takes its write lock like any writer
    (waiting while another holds it) and is all or nothing. ``journal_mode``
    is set on ``target`` afterwards when given (best effort for WAL: it needs
    a moment when no one else has the file open).
    """
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        src.execute("PRAGMA query_only = ON")
        dst = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            src.backup(dst)
            if journal_mode == "WAL":
                with contextlib.suppress(sqlite3.OperationalError):
                    dst.execute("PRAGMA journal_mode = WAL")
            elif journal_mode == "DELETE":
                dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision stamped in the database, None when it has no followup schema."""
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def read_only(location: Location, exc: BaseException) -> StoreError | None:
    """The clear refusal for a SQLite database that cannot be written (its file or its directory), else None."""
    if not location.is_sqlite:
        return None
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    path = location.path
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    if writable and not (code is not None and code & 0xFF == sqlite3.SQLITE_READONLY):
        return None
    return StoreError(
        Message.of(
            N_("the database {path} is read-only: followup needs to write to it and to its directory "
               "(check their permissions, or copy the file somewhere writable)"),
            path=location.display(),
        )
    )


def _on_sqlite_error(location: Location):
    """An engine's handle_error hook: a write refused because the file is read-only becomes that refusal."""

    def handle(context) -> None:
        orig = context.original_exception
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == sqlite3.SQLITE_READONLY:
            raise read_only(location, orig) from None

    return handle


def _cannot_open(location: Location, exc: BaseException) -> StoreError:
    refusal = read_only(location, exc)
    if refusal is not None:
        return refusal
    return StoreError(
        Message.of(N_("cannot open the database {path}: {error}"), path=location.display(), error=_clean(exc, location))
    )


def open_store(db: str | None) -> Engine:
    """The engine of an existing, current database; else a StoreError with the hint to run init."""
    location = locate(db)
    if location.is_sqlite and not location.path.exists():
        raise StoreError(
            Message.of(N_("no database at {path}: run `followup init` first"), path=location.display())
        )
    try:
        engine = make_engine(location)  # a missing driver fails here
        revision = schema_revision(engine)
    except StoreError:  # make_engine's own message (a missing driver)
        raise
    except Exception as exc:  # not a database, unreachable server, wrong password, ...
        raise _cannot_open(location, exc) from None
    if revision is None:
        raise StoreError(
            Message.of(N_("{path} is not a followup database: run `followup init` first"), path=location.display())
        )
    if revision > SCHEMA_HEAD:
        raise _newer(location, revision)
    if revision != SCHEMA_HEAD:
        raise StoreError(
            Message.of(
                N_("the database {path} has an older schema ({revision}): run `followup init` to upgrade it"),
                path=location.display(),
                revision=revision,
            )
        )
    return engine


def _newer(location: Location, revision: str) -> StoreError:
    return StoreError(
        Message.of(
            N_("the database {path} has a newer schema ({revision}) than this followup knows: upgrade followup"),
            path=location.display(),
            revision=revision,
        )
    )


def _clean(exc: BaseException, location: Location | None = None) -> str:
    """An exception's first line, without SQL or parameters (which may hold personal data) nor passwords."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).splitlines()
    line = lines[0] if lines and lines[0].strip() else type(orig).__name__
    return location.scrub(line) if location is not None else redact(line)


@dataclass(frozen=True)
class InitResult:
    location: Location
    created: bool
    from_revision: str | None
    to_revision: str
    backup: Path | None


def _set_wal(engine: Engine) -> None:
    """WAL journal, set outside any transaction (SQLite refuses it inside one); it stays with the file."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode = WAL")
    finally:
        raw.close()


def remove_sqlite_files(path: Path) -> None:
    """A SQLite database gone, with its write-ahead log, shared memory and journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def init_store(db: str | None) -> InitResult:
    """Create the schema, or upgrade it to SCHEMA_HEAD (keeping a copy of a SQLite file first).

    The migrations run in one write transaction (DDL included), so a failing
    one leaves the database as it was. The copy is taken while that
    transaction holds the write lock, so it is exactly the database the
    migrations started from. Foreign keys are off while migrating (SQLite's
    procedure for rebuilding a table that others refer to).
    """
    location = locate(db)
    created = False
    if location.is_sqlite and not location.path.exists():
        create_private_file(location.path)
        created = True
    try:
        engine = make_engine(location)
    except StoreError:  # make_engine's own message (a missing driver)
        raise
    except Exception as exc:
        raise _cannot_open(location, exc) from None
    try:
        result = _init(engine, location, created)
    except BaseException:
        engine.dispose()
        if created:
            remove_sqlite_files(location.path)
        raise
    engine.dispose()
    return result


def _is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _init(engine: Engine, location: Location, created: bool) -> InitResult:
    from alembic import command
    from alembic.config import Config

    try:
        with engine.connect() as conn:
            before = _revision(conn)
            foreign = before is None and bool(inspect(conn).get_table_names())
            encoding = conn.exec_driver_sql("SHOW server_encoding").scalar() if _is_postgresql(engine) else "UTF8"
    except Exception as exc:
        raise _cannot_open(location, exc) from None
    if encoding.upper() not in ("UTF8", "UTF-8"):
        # names, notes and addresses are Chinese: another encoding refuses them (or, SQL_ASCII, stores bytes unchecked)
        raise StoreError(
            Message.of(
                N_("the database {path} uses the {encoding} encoding; followup needs UTF8: "
                   "create the database with ENCODING 'UTF8'"),
                path=location.display(),
                encoding=encoding,
            )
        )
    if foreign:
        raise StoreError(
            Message.of(
                N_("{path} already holds tables that are not followup's: refusing to touch it"),
                path=location.display(),
            )
        )
    if before is not None and before > SCHEMA_HEAD:
        raise _newer(location, before)
    if before == SCHEMA_HEAD:
        return InitResult(location, created, before, SCHEMA_HEAD, None)
    if location.is_sqlite:
        _set_wal(engine)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    backup = None
    try:
        with engine.connect() as conn:
            if location.is_sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                before = _revision(conn)  # again, under the write lock: another init may have just run
                if before is not None and before > SCHEMA_HEAD:
                    raise _newer(location, before)
                if before != SCHEMA_HEAD:
                    if before is not None and location.is_sqlite:
                        copy = private_sibling(location.path, "before-upgrade")
                        try:
                            copy_sqlite(location.path, copy)
                        except BaseException:
                            remove_sqlite_files(copy)
                            raise
                        backup = copy
                    config.attributes["connection"] = conn
                    dialect = conn.dialect.name
                    from followup_cli.store import agenda_triggers

                    # a migration that rebuilds a table drops its triggers and trips over those naming it
                    for statement in agenda_triggers.drops(dialect):
                        conn.exec_driver_sql(statement)
                    command.upgrade(config, SCHEMA_HEAD)
                    for statement in agenda_triggers.drops(dialect) + agenda_triggers.statements(dialect):
                        conn.exec_driver_sql(statement)
                    for table in ("agenda_ahead_state", "agenda_ahead", "agenda_day_state", "agenda_day", "agenda_items"):
                        conn.exec_driver_sql(f"DELETE FROM {table}")  # what the plans keep, made again with them
                    conn.exec_driver_sql("DELETE FROM agenda")  # plans are made again from the upgraded records
            if location.is_sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")
    except StoreError:
        raise
    except Exception as exc:
        if backup is not None:
            raise StoreError(
                Message.of(
                    N_("upgrade failed, the database is unchanged ({error}); a copy is at {backup}"),
                    error=_clean(exc, location),
                    backup=str(backup),
                )
            ) from None
        if before is not None and not location.is_sqlite:  # a server database's upgrade: rolled back, no copy
            raise StoreError(
                Message.of(N_("upgrade failed, the database is unchanged ({error})"), error=_clean(exc, location))
            ) from None
        raise
    return InitResult(location, created, before, SCHEMA_HEAD, backup)
