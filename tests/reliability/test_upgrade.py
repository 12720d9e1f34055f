"""Upgrades keep every row: a database made by the first release upgrades with `followup init`.

``fixtures/schema-0001.sqlite`` was written by followup 0.1.0, schema 0001
(``fixtures/make_schema_0001.py`` says how). Three stories:

- the real upgrade: `followup init` (its own process) brings a copy of the
  fixture to SCHEMA_HEAD, names the copy it kept when there was anything to
  migrate, and every row of every table is still there;
- a next migration that rebuilds tables others refer to (customers,
  vehicles: what Alembic's batch mode does on SQLite for most changes) runs
  with every row intact and the copy named: the path a real 0002 will take;
- a next migration that fails half-way (after DDL and an UPDATE) leaves the
  database byte for byte as it was, and the message says where the copy is.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from followup_cli.store import database

from .conftest import HERE, TABLES, dump, followup, integrity, mode

FIXTURE = HERE / "fixtures" / "schema-0001.sqlite"
PRIMARY_KEYS = {"staff": "code", "customers": "customer_id", "vehicles": "vin", "visits": "visit_id", "contacts": "id",
                "campaigns": "campaign_id"}


def _copy_fixture(tmp_path: Path) -> Path:
    path = tmp_path / "followup.db"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    return path


def _columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _rows(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {PRIMARY_KEYS[table]}").fetchall()
            for table, cols in columns.items()
        }
    finally:
        conn.close()


def _fixture_columns() -> dict[str, list[str]]:
    conn = sqlite3.connect(FIXTURE)
    try:
        return {table: _columns(conn, table) for table in TABLES}
    finally:
        conn.close()


def _assert_every_row_kept(upgraded: Path) -> int:
    """Every row of the fixture, every column it had, is in ``upgraded``; returns the number of rows."""
    columns = _fixture_columns()
    before = _rows(FIXTURE, columns)
    after = _rows(upgraded, columns)
    for table in TABLES:
        assert after[table] == before[table], table
    return sum(len(rows) for rows in before.values())


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def test_the_fixture_is_what_the_first_release_made():
    assert _revision(FIXTURE) == "0001"
    assert integrity(FIXTURE) == ["ok"]
    counts = {table: len(rows) for table, rows in _rows(FIXTURE, _fixture_columns()).items()}
    assert counts == {"staff": 10, "customers": 31, "vehicles": 36, "visits": 335, "contacts": 766, "campaigns": 4}


def test_a_database_built_with_the_first_migration_is_stamped_0001(tmp_path):
    """The first migration alone (through Alembic, as 0.1.0's init ran it) gives the fixture's schema."""
    path = tmp_path / "alembic.db"
    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    engine = database.make_engine(database.locate(str(path)))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0001")
    finally:
        engine.dispose()
    assert _revision(path) == "0001"
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    built, fixture = sqlite3.connect(path), sqlite3.connect(FIXTURE)
    try:
        assert built.execute(schema).fetchall() == fixture.execute(schema).fetchall()
    finally:
        built.close()
        fixture.close()


@pytest.mark.slow
def test_followup_init_upgrades_the_first_release_database_keeping_every_row(tmp_path, figures):
    path = _copy_fixture(tmp_path)
    result = followup("--db", path, "init")
    assert result.returncode == 0, result.stderr
    assert _revision(path) == database.SCHEMA_HEAD
    if database.SCHEMA_HEAD == "0001":
        assert result.stdout == f"the database {path} is up to date (schema 0001)\n"
        assert list(tmp_path.glob("*.before-upgrade-*")) == []
    else:
        match = re.fullmatch(
            rf"upgraded the database {re.escape(str(path))} from schema 0001 to {database.SCHEMA_HEAD}; "
            r"a copy of the old one is at (.+)\n",
            result.stdout,
        )
        assert match, result.stdout
        copy = Path(match.group(1))
        assert dump(copy) == dump(FIXTURE)
        assert mode(copy) == 0o600
    rows = _assert_every_row_kept(path)
    assert integrity(path) == ["ok"]
    check = followup("--db", path, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    due = followup("--db", path, "due", "--all", "--today", "2026-11-24", "--format", "json")
    assert due.returncode == 0, due.stderr
    figures(f"upgrade: first-release database (schema 0001, {rows} rows) -> schema {database.SCHEMA_HEAD} "
            f"by `followup init`: every row intact")


# --- a next migration, written for the test ---------------------------------------------------

REBUILD = '''
"""test: rebuild tables others refer to (batch mode), adding a column to each"""
from alembic import op
import sqlalchemy as sa

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", recreate="always") as batch:
        batch.add_column(sa.Column("wechat_nickname", sa.String(), nullable=True))
    with op.batch_alter_table("vehicles", recreate="always") as batch:
        batch.add_column(sa.Column("color", sa.String(), nullable=True))
{fail}

def downgrade() -> None:
    pass
'''
FAIL = '''    op.create_table("scratch", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE customers SET name = 'overwritten'")
    raise RuntimeError("simulated failure in the test migration")
'''


def _next_migration(tmp_path: Path, monkeypatch, fail: bool) -> str:
    """A copy of the migrations plus one more after the head; the store is pointed at it. Returns its revision."""
    scripts = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = database.SCHEMA_HEAD
    revision = f"{int(head) + 1:04d}"
    (scripts / "versions" / f"{revision}_test_{'fail' if fail else 'rebuild'}.py").write_text(
        REBUILD.format(revision=revision, down=head, fail=FAIL if fail else ""), encoding="utf-8"
    )
    monkeypatch.setattr(database, "MIGRATIONS", scripts)
    monkeypatch.setattr(database, "SCHEMA_HEAD", revision)
    return revision


def test_a_migration_rebuilding_referenced_tables_keeps_every_row_and_names_the_copy(cli, tmp_path, monkeypatch):
    path = _copy_fixture(tmp_path)
    old = _revision(path)
    revision = _next_migration(tmp_path, monkeypatch, fail=False)
    result = cli("--db", path, "init")
    assert result.exit_code == 0, result.output
    match = re.fullmatch(
        rf"upgraded the database {re.escape(str(path))} from schema {old} to {revision}; a copy of the old one is at (.+)\n",
        result.stdout,
    )
    assert match, result.stdout
    copy = Path(match.group(1))
    assert copy.parent == path.parent and copy.name.startswith("followup.db.before-upgrade-")
    assert mode(copy) == 0o600
    assert dump(copy) == dump(FIXTURE)
    assert _revision(path) == revision
    conn = sqlite3.connect(path)
    try:
        assert "wechat_nickname" in _columns(conn, "customers") and "color" in _columns(conn, "vehicles")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    _assert_every_row_kept(path)
    assert integrity(path) == ["ok"]
    # the upgraded database works, foreign keys on again
    assert cli("--db", path, "log", "C1002", "--on", "2026-11-20", "--note", "after the upgrade").exit_code == 0


def test_a_failing_migration_leaves_the_database_untouched_and_says_where_the_copy_is(
    cli, tmp_path, monkeypatch, digest
):
    path = _copy_fixture(tmp_path)
    before = digest(path)
    migrations, head = database.MIGRATIONS, database.SCHEMA_HEAD
    _next_migration(tmp_path, monkeypatch, fail=True)
    result = cli("--db", path, "init")
    assert result.exit_code == 1
    [copy] = tmp_path.glob("followup.db.before-upgrade-*")
    assert result.stderr == (
        f"upgrade failed, the database is unchanged (simulated failure in the test migration); a copy is at {copy}\n"
    )
    assert digest(path) == before  # byte for byte: no scratch table, no new column, no overwritten name
    assert dump(copy) == dump(FIXTURE)
    assert mode(copy) == 0o600
    monkeypatch.setattr(database, "MIGRATIONS", migrations)
    monkeypatch.setattr(database, "SCHEMA_HEAD", head)
    assert cli("--db", path, "init").exit_code == 0  # still the first release's database, still usable
    _assert_every_row_kept(path)
