"""Keeping the data safe: ``backup``, ``restore`` and ``check`` (pure store functions, no terminal).

- ``backup`` copies a SQLite database with SQLite's online backup API: one
  read transaction, so a consistent copy of the last commit even while other
  processes write (WAL readers never block writers). The copy is written
  through ``fileout`` (a temporary name beside the target, renamed when
  complete, mode 0600; ``-`` or a pipe gets the finished file's bytes), in
  rollback-journal mode (one self-contained file).
- ``restore`` refuses a file that is not a followup database (not SQLite,
  damaged, without followup's tables, or from a newer followup) and one whose
  schema (tables, columns, indexes) is not exactly what followup's migrations
  build for its revision (a hand-edited or foreign file), keeps a copy
  of the current database, then writes the file into it with the backup API
  (which takes the write lock like any writer: processes that have the
  database open see the restored data on their next read).
- ``check`` reads only (``PRAGMA query_only``): SQLite's integrity check,
  every declared foreign key (contacts of deleted customers, visits of
  unknown VINs ...) and the references the importer checks but the schema
  does not declare (staff codes, referrers). It changes nothing.

Each returns a plain result; problems a person can act on are StoreErrors
with a translatable Message.
"""

from __future__ import annotations

from datetime import date

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exists, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from followup_cli.csvio.problems import clip, printable
from followup_cli.rules.policy import Policy
from followup_cli.message import Message, N_
from followup_cli import fileout
from followup_cli.store import database, digest
from followup_cli.store.database import BUSY_TIMEOUT_MS, Location, StoreError
from followup_cli.store.tables import metadata

#: the tables every followup database has (schema 0001 onwards)
FOLLOWUP_TABLES = ("staff", "customers", "vehicles", "visits", "contacts", "campaigns")
SQLITE_HEADER = b"SQLite format 3\x00"
EXAMPLES = 5  # offending rows named per finding


def _sqlite_only(location: Location, what: str) -> None:
    if not location.is_sqlite:
        raise StoreError(
            Message.of(
                N_("{command} works on a SQLite file only; {path} is a server database: use its own backup tools"),
                command=what,
                path=location.display(),
            )
        )


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that can only read (``PRAGMA query_only``)."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    return conn


@dataclass(frozen=True)
class FileInfo:
    """What a SQLite file holds, as far as followup is concerned."""

    revision: str | None  # None: no followup schema
    tables: tuple[str, ...]
    rows: tuple[tuple[str, int], ...]  # followup tables and their row counts


def _inspect(conn: sqlite3.Connection) -> FileInfo:
    tables = tuple(
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    )
    revision = None
    if "alembic_version" in tables:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = found[0] if found else None
    rows = tuple(
        # the table names come from FOLLOWUP_TABLES, never from the file
        (name, conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        for name in FOLLOWUP_TABLES
        if name in tables
    )
    return FileInfo(revision, tables, rows)


def _not_followup(path: Path, reason: Message) -> StoreError:
    return StoreError(
        Message.of(N_("{path} is not a followup database ({reason}): nothing was restored"), path=str(path), reason=reason)
    )


def inspect_followup_file(path: Path) -> FileInfo:
    """A followup database file's revision and row counts; a StoreError saying why it is not one.

    SQLite's integrity check runs too: a damaged file is refused.
    """
    if not path.is_file():
        raise StoreError(Message.of(N_("no such file: {path}"), path=str(path)))
    with open(path, "rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise _not_followup(path, Message.of(N_("not a SQLite file")))
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise _not_followup(path, Message.of(N_("cannot open it: {error}"), error=str(exc))) from None
    try:
        problems = [line for (line,) in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise _not_followup(path, Message.of(N_("damaged: {problem}"), problem=problems[0] if problems else "?"))
        info = _inspect(conn)
    except sqlite3.Error as exc:
        raise _not_followup(path, Message.of(N_("cannot read it: {error}"), error=str(exc))) from None
    finally:
        conn.close()
    missing = [name for name in FOLLOWUP_TABLES if name not in info.tables]
    if info.revision is None or missing:
        raise _not_followup(
            path, Message.of(N_("no followup tables: {tables}"), tables=", ".join(missing) or "alembic_version")
        )
    return info


# ---------------------------------------------------------------------------------------------- backup


@dataclass(frozen=True)
class BackupResult:
    source: str  # the database, for display
    target: Path
    revision: str
    rows: tuple[tuple[str, int], ...]


def backup(db: str | None, target: Path, overwrite: bool = False) -> BackupResult:
    """Copy the database to ``target`` (a new file unless ``overwrite``), mode 0600, safely while others write."""
    location = database.locate(db)
    _sqlite_only(location, "backup")
    source = location.path
    if not source.exists():
        raise StoreError(Message.of(N_("no database at {path}: run `followup init` first"), path=location.display()))
    named = Path(target).expanduser()
    target = named if str(target) == fileout.STDOUT else named.resolve()
    if target in {source, *(Path(f"{source}{s}") for s in ("-wal", "-shm", "-journal"))}:
        raise StoreError(Message.of(N_("{target} is the database itself: choose another file"), target=str(target)))
    if target.is_dir():
        raise StoreError(Message.of(N_("{target} is a directory: name the backup file"), target=str(target)))
    if named.parent.is_dir():  # (a missing directory is made below)
        fileout.check(named, overwrite)  # a symbolic link, or a file without --force: refused before the copy
    try:
        conn = _connect(source)
        try:
            info = _inspect(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(
            Message.of(N_("cannot open the database {path}: {error}"), path=location.display(), error=str(exc))
        ) from None
    if info.revision is None:
        raise StoreError(
            Message.of(N_("{path} is not a followup database: run `followup init` first"), path=location.display())
        )
    if str(named) != fileout.STDOUT:
        named.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with fileout.output_path(named, overwrite) as partial:  # mode 0600; removed if anything below fails
        try:
            database.copy_sqlite(source, partial, journal_mode="DELETE")
        except sqlite3.Error as exc:  # a full disk: "database or disk is full"
            raise StoreError(Message.of(N_("cannot write {path}: {error}"), path=str(named), error=str(exc))) from None
        conn = _connect(partial)
        try:
            problems = [line for (line,) in conn.execute("PRAGMA quick_check")]
            copied = _inspect(conn)
        finally:
            conn.close()
        if problems != ["ok"]:
            raise StoreError(
                Message.of(N_("the copy does not read back ({problem}): no backup was written"), problem=problems[0])
            )
    return BackupResult(location.display(), target, copied.revision, copied.rows)


# --------------------------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class RestoreResult:
    target: str  # the database, for display
    source: Path
    kept: Path | None  # the copy of the database as it was, None when there was none
    revision: str
    rows: tuple[tuple[str, int], ...]

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != database.SCHEMA_HEAD


def restore(db: str | None, source: Path) -> RestoreResult:
    """Replace the database's contents with the followup database ``source``, keeping a copy of it first."""
    location = database.locate(db)
    _sqlite_only(location, "restore")
    path = location.path
    source = Path(source).expanduser().resolve()
    if source == path:
        raise StoreError(Message.of(N_("{source} is the database itself: nothing to restore"), source=str(source)))
    info = inspect_followup_file(source)
    if info.revision > database.SCHEMA_HEAD:
        raise StoreError(
            Message.of(
                N_("{path} has a newer schema ({revision}) than this followup knows: upgrade followup first"),
                path=str(source),
                revision=info.revision,
            )
        )
    _check_schema(source, info.revision)
    kept = None
    if path.exists() and path.stat().st_size > 0:
        try:
            conn = _connect(path)
            try:
                current = _inspect(conn)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise StoreError(
                Message.of(
                    N_("cannot read the database {path} ({error}): refusing to replace it"),
                    path=location.display(),
                    error=str(exc),
                )
            ) from None
        if current.revision is None and current.tables:
            raise StoreError(
                Message.of(
                    N_("{path} already holds tables that are not followup's: refusing to touch it"),
                    path=location.display(),
                )
            )
        if current.tables:
            kept = database.private_sibling(path, "before-restore")
            try:
                database.copy_sqlite(path, kept)
            except BaseException:
                os.remove(kept)
                raise
    created = not path.exists()
    if created:
        database.create_private_file(path)
    try:
        database.copy_sqlite(source, path, journal_mode="WAL")
    except sqlite3.Error as exc:
        if created:
            os.remove(path)
        raise StoreError(
            Message.of(
                N_("cannot restore {source} into {path}: {error}; the database is as it was"),
                source=str(source),
                path=location.display(),
                error=str(exc),
            )
        ) from None
    return RestoreResult(location.display(), source, kept, info.revision, info.rows)


# ------------------------------------------------------------------------------------ schema comparison

#: (kind, table, name, shape): a column's shape is (type, not null, primary key); an index's, (unique, columns)
SchemaItem = tuple[str, str, str, tuple]


def _schema(conn: sqlite3.Connection) -> set[SchemaItem]:
    """Tables, columns and indexes of a SQLite file (SQLite's own and the demo marker left out)."""
    from followup_cli.demo_data import DEMO_MARKER

    items: set[SchemaItem] = set()
    tables = [
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_") and name != DEMO_MARKER
    ]
    for table in tables:
        items.add(("table", table, "", ()))
        for _cid, name, kind, notnull, _default, pk in conn.execute("SELECT * FROM pragma_table_info(?)", (table,)):
            items.add(("column", table, name, (kind.upper(), bool(notnull), pk)))
        for _seq, name, unique, origin, _partial in conn.execute("SELECT * FROM pragma_index_list(?)", (table,)):
            if origin == "pk":
                continue
            columns = tuple(c for (_n, _cid, c) in conn.execute("SELECT * FROM pragma_index_info(?)", (name,)))
            # an automatic index (a UNIQUE constraint) is named by SQLite: known by its columns alone
            items.add(("index", table, "" if name.startswith("sqlite_autoindex") else name, (bool(unique), columns)))
    return items


_EXPECTED: dict[str, set[SchemaItem]] = {}


def _expected_schema(revision: str) -> set[SchemaItem] | None:
    """What followup's migrations build up to ``revision`` (in a scratch file); None for an unknown revision."""
    if revision in _EXPECTED:
        return _EXPECTED[revision]
    from alembic import command
    from alembic.config import Config

    with tempfile.TemporaryDirectory(prefix="followup-schema-") as folder:
        path = Path(folder) / "expected.db"
        engine = database.make_engine(database.locate(str(path)))
        try:
            with engine.connect() as conn:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
                conn.execution_options(**{database.WRITE: True})
                with conn.begin():
                    config = Config()
                    config.set_main_option("script_location", str(database.MIGRATIONS))
                    config.attributes["connection"] = conn
                    command.upgrade(config, revision)
        except Exception:  # alembic: no such revision
            return None
        finally:
            engine.dispose()
        conn = _connect(path)
        try:
            _EXPECTED[revision] = _schema(conn)
        finally:
            conn.close()
    return _EXPECTED[revision]


def _check_schema(path: Path, revision: str) -> None:
    """Refuse a file whose tables, columns or indexes differ from what its revision's migrations build."""
    expected = _expected_schema(revision)
    if expected is None:
        raise _not_followup(path, Message.of(N_("unknown schema revision {revision}"), revision=revision))
    conn = _connect(path)
    try:
        found = _schema(conn)
    finally:
        conn.close()
    if found == expected:
        return

    def names(items: set[SchemaItem]) -> str:
        shown = sorted({".".join(x for x in (table, name) if x) + ("" if kind != "index" else " (index)")
                        for kind, table, name, _shape in items})
        return ", ".join(shown[:EXAMPLES]) + (", …" if len(shown) > EXAMPLES else "") if shown else "-"

    raise _not_followup(
        path,
        Message.of(
            N_("its schema differs from followup's schema {revision}: missing or changed {missing}; unexpected {extra}"),
            revision=revision,
            missing=names(expected - found),
            extra=names(found - expected),
        ),
    )


# ----------------------------------------------------------------------------------------------- check

#: references the importer checks but the schema does not declare: (table, column, parent table, parent column)
SOFT_REFERENCES = (
    ("customers", "owner", "staff", "code"),
    ("customers", "advisor", "staff", "code"),
    ("customers", "referred_by", "customers", "customer_id"),
    ("contacts", "staff", "staff", "code"),
    ("visits", "advisor", "staff", "code"),
)
#: a sentence for each known reference; others get GENERIC
SENTENCES = {
    ("contacts", "customer_id"): N_("contacts of customers that do not exist: {n} ({examples})"),
    ("vehicles", "customer_id"): N_("vehicles of customers that do not exist: {n} ({examples})"),
    ("visits", "vin"): N_("visits of unknown VINs: {n} ({examples})"),
    ("customers", "owner"): N_("customers whose owner is not a staff code: {n} ({examples})"),
    ("customers", "advisor"): N_("customers whose advisor is not a staff code: {n} ({examples})"),
    ("customers", "referred_by"): N_("customers referred by a customer who does not exist: {n} ({examples})"),
    ("contacts", "staff"): N_("contacts logged by an unknown staff code: {n} ({examples})"),
    ("visits", "advisor"): N_("visits with an unknown advisor code: {n} ({examples})"),
}
GENERIC = N_("{table}.{column} refers to a missing {parent}: {n} ({examples})")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error": a declared foreign key is broken; "warning": an undeclared reference
    table: str
    column: str
    count: int
    message: Message


@dataclass(frozen=True)
class CheckResult:
    integrity: tuple[str, ...] | None  # ("ok",) when sound; None when not checked (not SQLite)
    findings: tuple[Finding, ...]
    rows: tuple[tuple[str, int], ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity != "error")

    @property
    def integrity_ok(self) -> bool:
        return self.integrity is None or self.integrity == ("ok",)

    @property
    def ok(self) -> bool:
        """Sound: integrity ok and no broken foreign key (warnings allowed)."""
        return self.integrity_ok and not self.errors


def _references():
    """(severity, child table, column, parent table, parent column): declared foreign keys, then soft ones."""
    tables = metadata.tables
    for table in metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
            yield "error", table, fk.parent.name, fk.column.table, fk.column.name
    for child, column, parent, parent_column in SOFT_REFERENCES:
        yield "warning", tables[child], column, tables[parent], parent_column


def _missing(conn, child, column, parent, parent_column):
    """(count, examples) of child rows whose ``column`` names no ``parent`` row."""
    col = child.c[column]
    target = parent.c[parent_column]
    if parent is child:
        parent = parent.alias("referred")
        target = parent.c[parent_column]
    where = (col.is_not(None), ~exists(select(1).select_from(parent).where(target == col)))
    count = conn.execute(select(func.count()).select_from(child).where(*where)).scalar()
    if not count:
        return 0, ""
    key = list(child.primary_key.columns)[0]
    rows = conn.execute(select(key, col).where(*where).order_by(key).limit(EXAMPLES)).all()
    examples = ", ".join(f"{clip(printable(str(k)), 20)}→{clip(printable(str(v)), 20)}" for k, v in rows)
    return count, examples + (", …" if count > EXAMPLES else "")


def rebuild(engine: Engine) -> int:
    """Rebuild the derived tables (the contact digest) from the raw rows; returns the digest's row count."""
    with engine.begin() as conn:
        return digest.refresh(conn)


def rebuild_agenda(engine: Engine, day: date, policy: Policy) -> int:
    """Plan every customer again on ``day`` (the agenda, issue 19); returns the number of plans."""
    from followup_cli.store import agenda
    from followup_cli.store.loaders import load_dealership

    with engine.begin() as conn:
        return agenda.rebuild(conn, day, policy, load_dealership(conn))


def stale_plans(engine: Engine, day: date, policy: Policy) -> list[str]:
    """The customers whose stored plan lists otherwise on ``day`` than a plan made now."""
    from followup_cli.store import agenda
    from followup_cli.store.loaders import load_dealership

    with engine.connect() as conn:
        return agenda.stale_customers(conn, day, policy, load_dealership(conn))


def check(engine: Engine) -> CheckResult:
    """Integrity, foreign keys and references of the database; reads only (one snapshot), changes nothing.

    A table SQLite cannot read (a damaged page) is a finding, not a crash.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA query_only = ON")
        try:
            integrity = None
            if sqlite:
                integrity = tuple(line for (line,) in conn.exec_driver_sql("PRAGMA integrity_check"))
            findings = []
            for severity, child, column, parent, parent_column in _references():
                try:
                    with conn.begin_nested():
                        count, examples = _missing(conn, child, column, parent, parent_column)
                except DBAPIError as exc:
                    findings.append(_unreadable(child.name, column, exc))
                    continue
                if count:
                    sentence = SENTENCES.get((child.name, column), GENERIC)
                    message = Message.of(
                        sentence, n=count, examples=examples, table=child.name, column=column, parent=parent.name
                    )
                    findings.append(Finding(severity, child.name, column, count, message))
            if sqlite:
                try:
                    with conn.begin_nested():
                        findings.extend(_undeclared_violations(conn, findings))
                except DBAPIError as exc:
                    findings.append(_unreadable("*", "", exc))
            try:
                with conn.begin_nested():
                    stale = digest.stale_customers(conn)
            except DBAPIError as exc:
                findings.append(_unreadable("contact_digest", "", exc))
            else:
                if stale:
                    message = Message.of(
                        N_("contact digest out of date for {n} customers (e.g. {examples}): "
                           "run `followup check --rebuild`"),
                        n=len(stale),
                        examples=", ".join(printable(clip(c)) for c in stale[:EXAMPLES]),
                    )
                    findings.append(Finding("error", "contact_digest", "customer_id", len(stale), message))
            rows = []
            for name in FOLLOWUP_TABLES:
                try:
                    with conn.begin_nested():
                        rows.append((name, conn.execute(select(func.count()).select_from(metadata.tables[name])).scalar()))
                except DBAPIError as exc:
                    findings.append(_unreadable(name, "", exc))
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA query_only = OFF")
            conn.rollback()
    return CheckResult(integrity, tuple(findings), tuple(rows))


def _unreadable(table: str, column: str, exc: DBAPIError) -> Finding:
    error = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
    return Finding("error", table, column, 0, Message.of(N_("cannot read {table}: {error}"), table=table, error=error))


def _undeclared_violations(conn, found: list[Finding]) -> list[Finding]:
    """SQLite's own foreign-key check, for a key the database has but tables.py does not (a cross-check)."""
    seen = {(f.table, f.column) for f in found if f.severity == "error"}
    rowids: dict[tuple[str, str, int], list[object]] = {}
    for table, rowid, parent, fkid in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
        rowids.setdefault((table, parent, fkid), []).append(rowid)
    extra = []
    for (table, parent, fkid), ids in sorted(rowids.items()):
        keys = conn.exec_driver_sql('SELECT id, "from" FROM pragma_foreign_key_list(?)', (table,)).all()
        columns = [column for key, column in keys if key == fkid]
        column = ",".join(columns) or "?"
        if (table, column) in seen:
            continue
        examples = ", ".join(f"rowid {r}" for r in ids[:EXAMPLES]) + (", …" if len(ids) > EXAMPLES else "")
        message = Message.of(GENERIC, n=len(ids), examples=examples, table=table, column=column, parent=parent)
        extra.append(Finding("error", table, column, len(ids), message))
    return extra
