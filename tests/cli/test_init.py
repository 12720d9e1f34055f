"""`followup init`: creates the schema in a private file, is idempotent, refuses foreign databases."""

from __future__ import annotations

import sqlite3
import stat

import postgres
import pytest

from followup_cli.store.database import SCHEMA_HEAD


@pytest.mark.sqlite_only("a new SQLite file and its mode 0600")
def test_init_creates_a_database_readable_by_its_owner_only(cli, tmp_path, sql):
    path = tmp_path / "new.db"
    result = cli("--db", path, "init")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"created the database {path} (schema {SCHEMA_HEAD})\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sql(path, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    tables = {name for (name,) in sql(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"staff", "customers", "vehicles", "visits", "contacts", "campaigns"} <= tables


def test_init_creates_the_schema_in_an_empty_database(cli, new_db, sql):
    result = cli("--db", new_db, "init")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"created the database {new_db} (schema {SCHEMA_HEAD})\n"
    assert sql(new_db, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    assert {"staff", "customers", "vehicles", "visits", "contacts", "campaigns"} <= set(_tables(new_db, sql))
    again = cli("--db", new_db, "init")
    assert again.stdout == f"the database {new_db} is up to date (schema {SCHEMA_HEAD})\n"


def _tables(db, sql) -> list[str]:
    if postgres.is_url(db):
        return postgres.tables(db)
    return [name for (name,) in sql(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


@pytest.mark.sqlite_only("WAL is a SQLite journal mode")
def test_init_uses_wal_journal_mode(cli, db, sql):
    assert sql(db, "PRAGMA journal_mode") == [("wal",)]


@pytest.mark.sqlite_only("directories of a SQLite file")
def test_init_creates_missing_parent_directories(cli, tmp_path):
    path = tmp_path / "a" / "b" / "followup.db"
    result = cli("--db", path, "init")
    assert result.exit_code == 0, result.output
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_init_twice_says_up_to_date_and_keeps_the_data(cli, db, csvfile, sql):
    staff = csvfile("staff.csv", "code,name,role\nS01,张伟,consultant\n")
    assert cli("--db", db, "import", "staff", staff).exit_code == 0
    result = cli("--db", db, "init")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"the database {db} is up to date (schema {SCHEMA_HEAD})\n"
    assert sql(db, "SELECT code, name, role FROM staff") == [("S01", "张伟", "consultant")]
    if not postgres.is_url(db):
        assert list(db.parent.glob("*.before-upgrade-*")) == []  # nothing to upgrade, no copy


def test_init_takes_the_database_from_followup_db(cli, new_db, sql):
    result = cli("init", env={"FOLLOWUP_DB": str(new_db)})
    assert result.exit_code == 0, result.output
    assert result.stdout == f"created the database {new_db} (schema {SCHEMA_HEAD})\n"
    assert sql(new_db, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]


@pytest.mark.sqlite_only("a sqlite:/// URL")
def test_init_accepts_a_sqlite_url(cli, tmp_path):
    path = tmp_path / "url.db"
    result = cli("--db", f"sqlite:///{path}", "init")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"created the database {path} (schema {SCHEMA_HEAD})\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _foreign_database(path):
    if postgres.is_url(path):
        postgres.execute(path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)", "INSERT INTO invoices VALUES (7)")
        return path
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return path


def test_init_refuses_a_database_with_foreign_tables(cli, new_db, sql, digest):
    path = _foreign_database(new_db)
    before = digest(path)
    result = cli("--db", path, "init")
    assert result.exit_code == 1
    assert result.stderr == f"{path} already holds tables that are not followup's: refusing to touch it\n"
    assert _tables(path, sql) == ["invoices"]
    assert digest(path) == before


@pytest.mark.sqlite_only("the bytes and journal mode of a SQLite file")
def test_init_leaves_a_refused_database_byte_for_byte_as_it_was(cli, tmp_path, digest, sql):
    path = _foreign_database(tmp_path / "other.db")
    before = digest(path)
    assert cli("--db", path, "init").exit_code == 1
    assert sql(path, "PRAGMA journal_mode") == [("delete",)]
    assert digest(path) == before


@pytest.mark.sqlite_only("an empty SQLite file")
def test_init_fills_an_empty_existing_file(cli, tmp_path, sql):
    path = tmp_path / "empty.db"
    path.touch()
    result = cli("--db", path, "init")
    assert result.exit_code == 0, result.output
    assert sql(path, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]


@pytest.mark.sqlite_only("the copy of a SQLite file kept before upgrading")
def test_a_failed_upgrade_keeps_a_private_copy_and_leaves_the_database_as_it_was(cli, db, csvfile, digest, sql):
    staff = csvfile("staff.csv", "code,name,role\nS01,张伟,consultant\n")
    assert cli("--db", db, "import", "staff", staff).exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '0000'")  # a revision this code cannot upgrade from
    conn.commit()
    conn.close()
    before = digest(db)
    result = cli("--db", db, "init")
    assert result.exit_code == 1
    [backup] = db.parent.glob("followup.db.before-upgrade-*")
    assert result.stderr == (
        f"upgrade failed, the database is unchanged (Can't locate revision identified by '0000'); a copy is at {backup}\n"
    )
    assert digest(db) == before
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert sql(backup, "SELECT code, name FROM staff") == [("S01", "张伟")]


@pytest.mark.sqlite_only("the mode of a SQLite file")
def test_writes_keep_the_database_private(cli, db, csvfile):
    staff = csvfile("staff.csv", "code,name,role\nS01,张伟,consultant\n")
    assert cli("--db", db, "import", "staff", staff).exit_code == 0
    assert cli("--db", db, "customer", "add", "C1", "--name", "张三", "--owner", "S01").exit_code == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_failed_upgrade_leaves_the_database_as_it_was(cli, db, csvfile, digest, sql, tamper):
    staff = csvfile("staff.csv", "code,name,role\nS01,张伟,consultant\n")
    assert cli("--db", db, "import", "staff", staff).exit_code == 0
    tamper(db, "UPDATE alembic_version SET version_num = '0000'")  # a revision this code cannot upgrade from
    before = digest(db)
    result = cli("--db", db, "init")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "upgrade failed, the database is unchanged (Can't locate revision identified by '0000')"
    ), result.stderr
    assert digest(db) == before
    assert sql(db, "SELECT code, name FROM staff") == [("S01", "张伟")]


@pytest.mark.postgresql_only("a server database's encoding")
def test_init_refuses_a_database_that_is_not_utf8(cli, request, sql):
    server = request.getfixturevalue("postgres_server")
    name = server.create_database(encoding="LATIN1")
    request.addfinalizer(lambda: server.drop_database(name))
    url = server.url(name)
    result = cli("--db", url, "init")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"the database {url} uses the LATIN1 encoding; followup needs UTF8: create the database with ENCODING 'UTF8'\n"
    )
    assert postgres.tables(url) == []


@pytest.mark.parametrize("url", ["postgresql+psycopg://crm:s3cret@db.example/group", "postgresql://crm@/group?host=/run/pg"])
def test_a_missing_postgresql_driver_is_named_with_the_extra_to_install(cli, monkeypatch, url):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    shown = url.replace(":s3cret@", ":***@")
    for command in (("init",), ("customer", "list")):
        result = cli("--db", url, *command)
        assert result.exit_code == 1
        assert result.stderr == (
            f"the PostgreSQL driver (psycopg) is not installed: pip install 'followup-cli[postgresql]' (needed for {shown})\n"
        )


def test_the_migrations_build_the_schema_the_tables_module_declares(cli, new_db):
    """Every table, column and index of ``store.tables`` is what ``followup init``'s migrations made:
    a model changed without a migration (or the other way round) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from followup_cli.store import database
    from followup_cli.store.tables import metadata

    assert cli("--db", new_db, "init").exit_code == 0
    engine = database.make_engine(database.locate(str(new_db)))
    try:
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert differences == []
