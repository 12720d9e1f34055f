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

from followup_cli import i18n
from followup_cli.cli import main
from followup_cli.store import database

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


@pytest.fixture(scope="session")
def _empty_database(tmp_path_factory, _stable_environment) -> Path:
    """One database made by ``init`` for the session; each test gets a copy (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "followup.db"
    database.init_store(str(path))
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def db(tmp_path, _empty_database) -> Path:
    """An initialised, empty SQLite database file (mode 0600, WAL journal), private to the test."""
    path = tmp_path / "followup.db"
    shutil.copy2(_empty_database, path)
    return path


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
    """SHA-256 of the database file and of its WAL file when one is there."""
    digest = hashlib.sha256(Path(path).read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        digest.update(b"--wal--")
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def query(path: Path, sql: str, *params) -> list[tuple]:
    """Rows of a query on the database file (plain sqlite3, no SQLAlchemy in between)."""
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

