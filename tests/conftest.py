"""Shared fixtures: the CLI through Typer's CliRunner on temporary databases, and small CSV files.

    def test_something(cli, db, csvfile):
        path = csvfile("customers.csv", "customer_id,name\\nC1,张三\\n")
        result = cli("--db", db, "import", "customers", path)
        assert result.exit_code == 0, result.output

``cli(*args, env=None, input=None)`` settles the language the way ``run()``
does (``--lang``, else FOLLOWUP_LANG, else the locale; the session pins
English), builds a fresh app and invokes it. An unexpected exception is
re-raised, so a crash never passes for "exit 1". Every engine the command
opened is disposed afterwards, so the whole database is in the main file
(no WAL left behind) and the file's bytes can be compared.

The backend: ``FOLLOWUP_TEST_BACKEND=postgresql`` runs the same tests on a
real PostgreSQL server the session starts (tests/postgres.py); ``db`` is then
a database URL, and ``sql``/``digest`` read it through psycopg. A test about
something only a SQLite file has (its WAL, its mode 0600, copying the file)
is marked ``@pytest.mark.sqlite_only("why")`` and skipped there, with the reason;
a test of something only a server database has, ``postgresql_only``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import postgres
from followup_cli import i18n
from followup_cli.cli import main
from followup_cli.store import database
from postgres import postgres_db, postgres_empty_db, postgres_pool, postgres_server, postgres_template  # noqa: F401

BACKEND = postgres.backend()
if BACKEND not in postgres.BACKENDS:
    raise pytest.UsageError(f"FOLLOWUP_TEST_BACKEND={BACKEND!r}: expected one of {', '.join(postgres.BACKENDS)}")

#: environment variables a developer's shell may set that would change what the CLI does
_CLEARED = ("FOLLOWUP_DB", "FOLLOWUP_LANG", "FOLLOWUP_POLICY", "FOLLOWUP_STAFF", "FOLLOWUP_DEBUG", "LANGUAGE", "LC_MESSAGES")


@pytest.fixture(scope="session", autouse=True)
def _stable_environment(tmp_path_factory):
    """No colour, a wide terminal, English, and data/config directories no test shares with the user."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_COLOR", "1")
        mp.setenv("COLUMNS", "200")
        mp.setenv("LC_ALL", "C.UTF-8")
        mp.setenv("LANG", "C.UTF-8")
        mp.setenv("XDG_DATA_HOME", str(home / "data"))
        mp.setenv("XDG_CONFIG_HOME", str(home / "config"))
        for name in _CLEARED:
            mp.delenv(name, raising=False)
        yield
    i18n.set_language("en")


@pytest.fixture
def cli(monkeypatch):
    engines = []
    make_engine = database.make_engine

    def recording_make_engine(location):
        engine = make_engine(location)
        engines.append(engine)
        return engine

    monkeypatch.setattr(database, "make_engine", recording_make_engine)

    def invoke(*args, env=None, input=None):
        args = [str(a) for a in args]
        environ = {**os.environ, **{k: v for k, v in (env or {}).items() if v is not None}}
        i18n.set_language(i18n.resolve_language(main._language_from_argv(args), environ))
        app = main.build_app()
        try:
            result = CliRunner().invoke(app, args, env=env, input=input)
        finally:
            while engines:
                engines.pop().dispose()
            i18n.set_language("en")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


def pytest_collection_modifyitems(config, items):
    """``sqlite_only`` tests are skipped under PostgreSQL, ``postgresql_only`` ones under SQLite, with their reason."""
    other = "postgresql_only" if BACKEND == postgres.SQLITE else "sqlite_only"
    for item in items:
        marker = item.get_closest_marker(other)
        if marker is not None:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            item.add_marker(pytest.mark.skip(reason=f"{other.replace('_', ' ')}: {reason}"))


@pytest.fixture(scope="session")
def _empty_database(request, tmp_path_factory, _stable_environment):
    """One database made by ``init`` for the session; each test gets a copy (migrating is the slow part).

    A SQLite file, or under PostgreSQL the name of the template database."""
    if BACKEND == postgres.POSTGRESQL:
        return request.getfixturevalue("postgres_template")
    path = tmp_path_factory.mktemp("template") / "followup.db"
    database.init_store(str(path))
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def db(request, tmp_path, _empty_database):
    """An initialised, empty database private to the test: a SQLite file (mode 0600, WAL journal),
    or under PostgreSQL the URL of a fresh database."""
    if BACKEND == postgres.POSTGRESQL:
        return request.getfixturevalue("postgres_db")
    path = tmp_path / "followup.db"
    shutil.copy2(_empty_database, path)
    return path


@pytest.fixture
def new_db(request, tmp_path):
    """Where ``followup init`` can create a database: a SQLite path that does not exist yet, or under
    PostgreSQL the URL of an empty database (a server database is created by its administrator)."""
    if BACKEND == postgres.POSTGRESQL:
        return request.getfixturevalue("postgres_empty_db")
    return tmp_path / "new.db"


def tamper_with(db, *statements: str) -> None:
    """What a crash of another tool or a hand edit can leave: ``statements`` run with foreign keys off."""
    if postgres.is_url(db):
        postgres.execute(db, *statements)
        return
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture
def csvfile(tmp_path):
    """``csvfile(name, content, encoding="utf-8")``: write a CSV file into tmp_path, return its path.

    ``content`` is the file's text, or a list of rows (lists of cells, quoted
    by the csv module; the first row is the header). Text is written as is
    (no newline translation), so a test controls every byte.
    """

    def write(name: str, content, encoding: str = "utf-8") -> Path:
        if not isinstance(content, str):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(content)
            content = buffer.getvalue()
        path = tmp_path / name
        path.write_bytes(content.encode(encoding))
        return path

    return write


def file_digest(path: Path) -> str:
    """SHA-256 of the database file and of its WAL file when one is there (of every row, for PostgreSQL)."""
    if postgres.is_url(path):
        return postgres.digest(path)
    digest = hashlib.sha256(Path(path).read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        digest.update(b"--wal--")
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def query(path: Path, sql: str, *params) -> list[tuple]:
    """Rows of a query on the database file (plain sqlite3, no SQLAlchemy in between; psycopg for a URL)."""
    if postgres.is_url(path):
        return postgres.query(path, sql, *params)
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def digest():
    return file_digest


@pytest.fixture
def sql():
    return query


@pytest.fixture
def tamper():
    """``tamper(db, *statements)``: write behind followup's back, foreign keys off (see ``tamper_with``)."""
    return tamper_with

