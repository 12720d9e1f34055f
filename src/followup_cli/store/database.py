"""Which database, how it is opened, and how its schema is created or upgraded (SPEC section 2).

``--db`` else ``FOLLOWUP_DB`` else ``followup.db`` in the user's data
directory. A plain path is a SQLite file; a URL (``postgresql+psycopg://...``)
selects another SQLAlchemy engine. SQLite runs in WAL mode with a busy timeout
and foreign keys on; a new file is created readable by its owner only.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url

from followup_cli.message import Message, N_

#: the Alembic revision this code expects (revisions are zero-padded, so they sort); a test checks it is the head
SCHEMA_HEAD = "0001"
BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """A problem with the database a person can act on; carries a translatable message."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


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
        return make_url(self.url).render_as_string(hide_password=True)


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("followup", appauthor=False) / "followup.db"


def locate(db: str | None) -> Location:
    """The database chosen by ``--db``, ``FOLLOWUP_DB`` or the default file."""
    value = db or os.environ.get("FOLLOWUP_DB") or str(default_path())
    if "://" in value:
        url = make_url(value)
        if url.get_backend_name() == "sqlite":
            path = Path(url.database or "").expanduser().resolve()
            return Location(f"sqlite:///{path}", path)
        return Location(value, None)
    path = Path(value).expanduser().resolve()
    return Location(f"sqlite:///{path}", path)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(location: Location) -> Engine:
    if location.is_sqlite:
        engine = create_engine(location.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(location.url, pool_pre_ping=True)


def _create_private_file(path: Path) -> None:
    """An empty SQLite file, mode 0600; SQLite gives its -wal and -shm files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision stamped in the database, None when it has no followup schema."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def open_store(db: str | None) -> Engine:
    """The engine of an existing, current database; else a StoreError with the hint to run init."""
    location = locate(db)
    if location.is_sqlite and not location.path.exists():
        raise StoreError(
            Message.of(N_("no database at {path}: run `followup init` first"), path=location.display())
        )
    engine = make_engine(location)
    try:
        revision = schema_revision(engine)
    except Exception as exc:  # not a database, unreachable server, ...
        raise StoreError(
            Message.of(N_("cannot open the database {path}: {error}"), path=location.display(), error=_clean(exc))
        ) from None
    if revision is None:
        raise StoreError(
            Message.of(N_("{path} is not a followup database: run `followup init` first"), path=location.display())
        )
    if revision > SCHEMA_HEAD:
        raise StoreError(
            Message.of(
                N_("the database {path} has a newer schema ({revision}) than this followup knows: upgrade followup"),
                path=location.display(),
                revision=revision,
            )
        )
    if revision != SCHEMA_HEAD:
        raise StoreError(
            Message.of(
                N_("the database {path} has an older schema ({revision}): run `followup init` to upgrade it"),
                path=location.display(),
                revision=revision,
            )
        )
    return engine


def _clean(exc: Exception) -> str:
    """An exception's first line, without SQL or parameters (which may hold personal data)."""
    return str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else type(exc).__name__


@dataclass(frozen=True)
class InitResult:
    location: Location
    created: bool
    from_revision: str | None
    to_revision: str
    backup: Path | None


def _backup_copy(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.before-upgrade-{stamp}")
    import sqlite3

    # the online backup API gives a consistent copy even with a WAL file beside it
    src = sqlite3.connect(path)
    fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    dst = sqlite3.connect(backup)
    with dst:
        src.backup(dst)
    dst.close()
    src.close()
    return backup


def init_store(db: str | None) -> InitResult:
    """Create the schema, or upgrade it to SCHEMA_HEAD (keeping a copy of a SQLite file first)."""
    from alembic import command
    from alembic.config import Config

    location = locate(db)
    created = False
    if location.is_sqlite and not location.path.exists():
        _create_private_file(location.path)
        created = True
    engine = make_engine(location)
    try:
        before = schema_revision(engine)
    except Exception as exc:
        raise StoreError(
            Message.of(N_("cannot open the database {path}: {error}"), path=location.display(), error=_clean(exc))
        ) from None
    if before is None and not created:
        with engine.connect() as conn:
            if inspect(conn).get_table_names():
                raise StoreError(
                    Message.of(
                        N_("{path} already holds tables that are not followup's: refusing to touch it"),
                        path=location.display(),
                    )
                )
    if before is not None and before > SCHEMA_HEAD:
        raise StoreError(
            Message.of(
                N_("the database {path} has a newer schema ({revision}) than this followup knows: upgrade followup"),
                path=location.display(),
                revision=before,
            )
        )
    if location.is_sqlite:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")
    backup = None
    if before is not None and before != SCHEMA_HEAD and location.is_sqlite:
        backup = _backup_copy(location.path)
    if before != SCHEMA_HEAD:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, SCHEMA_HEAD)
        except Exception as exc:
            if backup is not None:
                raise StoreError(
                    Message.of(
                        N_("upgrade failed, the database is unchanged ({error}); a copy is at {backup}"),
                        error=_clean(exc),
                        backup=str(backup),
                    )
                ) from None
            raise
    engine.dispose()
    return InitResult(location, created, before, SCHEMA_HEAD, backup)
