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

On PostgreSQL (no copy: a server database is backed up by its own tools):
the fixture's rows loaded into a database at schema 0001 upgrade with every
row kept, and a failing migration leaves every row as it was.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import postgres
import pytest
from alembic import command
from alembic.config import Config

from followup_cli.store import database

from .conftest import HERE, TABLES, dump, followup, integrity, mode

FIXTURE = HERE / "fixtures" / "schema-0001.sqlite"
#: the fixture file and the copy kept before upgrading are SQLite's; the server's stories are at the end
SQLITE_FILE = pytest.mark.sqlite_only("a SQLite file's upgrade and the copy kept before it")
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


@SQLITE_FILE
def test_the_fixture_is_what_the_first_release_made():
    assert _revision(FIXTURE) == "0001"
    assert integrity(FIXTURE) == ["ok"]
    counts = {table: len(rows) for table, rows in _rows(FIXTURE, _fixture_columns()).items()}
    assert counts == {"staff": 10, "customers": 31, "vehicles": 36, "visits": 335, "contacts": 766, "campaigns": 4}


@SQLITE_FILE
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
@SQLITE_FILE
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


#: the same, as a server database's migration would be written (no batch mode: ALTER TABLE in place)
IN_PLACE = '''
"""test: add a column in place"""
from alembic import op
import sqlalchemy as sa

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("wechat_nickname", sa.String(), nullable=True))
{fail}

def downgrade() -> None:
    pass
'''


def _next_migration(tmp_path: Path, monkeypatch, fail: bool, template: str = REBUILD) -> str:
    """A copy of the migrations plus one more after the head; the store is pointed at it. Returns its revision."""
    scripts = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = database.SCHEMA_HEAD
    revision = f"{int(head) + 1:04d}"
    (scripts / "versions" / f"{revision}_test_{'fail' if fail else 'rebuild'}.py").write_text(
        template.format(revision=revision, down=head, fail=FAIL if fail else ""), encoding="utf-8"
    )
    monkeypatch.setattr(database, "MIGRATIONS", scripts)
    monkeypatch.setattr(database, "SCHEMA_HEAD", revision)
    return revision


@SQLITE_FILE
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
    assert cli("--db", path, "log", "C1002", "--staff", "S01", "--on", "2026-11-20", "--note", "after the upgrade").exit_code == 0


@SQLITE_FILE
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


# --- PostgreSQL ---------------------------------------------------------------------------------


def _first_release_on_the_server(url: str) -> None:
    """``url`` (an empty database) at schema 0001, holding every row of the fixture, as 0.1.0 would have it."""
    from sqlalchemy import MetaData, create_engine, text

    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    engine = database.make_engine(database.locate(url))
    source = create_engine(f"sqlite:///{FIXTURE}")
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0001")
        tables, rows = MetaData(), MetaData()
        tables.reflect(engine, only=TABLES)
        rows.reflect(source, only=TABLES)
        with source.connect() as src, engine.begin() as dst:
            for table in TABLES:
                found = [dict(row._mapping) for row in src.execute(rows.tables[table].select())]
                dst.execute(tables.tables[table].insert(), found)
            dst.execute(text("SELECT setval(pg_get_serial_sequence('contacts', 'id'), (SELECT max(id) FROM contacts))"))
    finally:
        engine.dispose()
        source.dispose()


def _server_rows(url: str, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """As ``_rows``: in key order, text keys in byte order (SQLite's)."""
    order = {table: key if key == "id" else f'{key} COLLATE "C"' for table, key in PRIMARY_KEYS.items()}
    return {
        table: postgres.query(url, f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order[table]}")
        for table, cols in columns.items()
    }


@pytest.mark.slow
@pytest.mark.postgresql_only("the first release's rows on a server")
def test_followup_init_upgrades_a_first_release_server_database_keeping_every_row(new_db, figures):
    _first_release_on_the_server(new_db)
    columns = _fixture_columns()
    before = _server_rows(new_db, columns)
    assert before == _rows(FIXTURE, columns)  # loaded as the first release stored them
    result = followup("--db", new_db, "init")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"upgraded the database {new_db} from schema 0001 to {database.SCHEMA_HEAD}")
    assert postgres.query(new_db, "SELECT version_num FROM alembic_version") == [(database.SCHEMA_HEAD,)]
    assert _server_rows(new_db, columns) == before
    assert integrity(new_db) == ["ok"]
    check = followup("--db", new_db, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    due = followup("--db", new_db, "due", "--all", "--today", "2026-11-24", "--format", "json")
    assert due.returncode == 0, due.stderr
    logged = followup("--db", new_db, "log", "C1002", "--staff", "S01", "--on", "2026-11-20", "--note", "after the upgrade")
    assert logged.returncode == 0, logged.stderr
    rows = sum(len(r) for r in before.values())
    figures(f"upgrade (PostgreSQL): first-release rows (schema 0001, {rows} rows) -> schema {database.SCHEMA_HEAD} "
            f"by `followup init`: every row intact")


@pytest.mark.postgresql_only("a server database's transactional DDL")
def test_a_failing_migration_leaves_a_server_database_as_it_was(cli, db, csvfile, tmp_path, monkeypatch, digest):
    assert cli("--db", db, "import", "customers", csvfile("c.csv", "customer_id,name\nC1,张三\n")).exit_code == 0
    before = digest(db)
    _next_migration(tmp_path, monkeypatch, fail=True, template=IN_PLACE)
    result = cli("--db", db, "init")
    assert result.exit_code == 1
    assert result.stderr == "upgrade failed, the database is unchanged (simulated failure in the test migration)\n"
    assert digest(db) == before  # no scratch table, no new column, no overwritten name
    assert "scratch" not in postgres.tables(db)


# --- schema 0006 -> 0007: free-text defeat reasons stay uncategorised ------------------------------


@SQLITE_FILE
def test_an_old_database_with_free_text_reasons_upgrades_uncategorised_and_reports_say_so(tmp_path):
    """Seed 004 categories are never guessed from a free-text reason: after the upgrade every defeat is
    "uncategorised" in `report defeats`, and the stage-change history starts empty."""
    import json

    path = tmp_path / "old.db"
    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    engine = database.make_engine(database.locate(str(path)))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0006")
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT INTO staff (code, role, team) VALUES ('S01', 'consultant', 'sales'), ('M01', 'manager', 'sales')")
        conn.executemany(
            "INSERT INTO customers (customer_id, name, stage, owner, lost_on, lost_reason, competitor) VALUES (?, ?, ?, 'S01', ?, ?, ?)",
            [("C1", "甲", "lost", "2026-11-02", "价格原因", "大众"), ("C2", "乙", "lost", "2026-11-03", "贷款审批未通过", None),
             ("C3", "丙", "quasi_lost", "2026-11-05", "价格高", None)],
        )
        conn.commit()
    finally:
        conn.close()
    result = followup("--db", path, "init")
    assert result.returncode == 0, result.stderr
    assert _revision(path) == database.SCHEMA_HEAD
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT customer_id, lost_category, lost_reason FROM customers ORDER BY 1").fetchall() == [
            ("C1", None, "价格原因"), ("C2", None, "贷款审批未通过"), ("C3", None, "价格高")]
        assert conn.execute("SELECT count(*) FROM stage_changes").fetchone() == (0,)
    finally:
        conn.close()
    report = followup("--db", path, "report", "defeats", "--today", "2026-11-24", "--months", "1", "--format", "json")
    assert report.returncode == 0, report.stderr
    reasons = json.loads(report.stdout)["tables"][1]["rows"]
    assert reasons == [
        {"category": "uncategorised", "competitor": "(not recorded)", "lost": 1, "quasi_lost": 1, "total": 2},
        {"category": "uncategorised", "competitor": "大众", "lost": 1, "quasi_lost": 0, "total": 1},
        {"category": "total", "competitor": None, "lost": 2, "quasi_lost": 1, "total": 3},
    ]
    # and "ask why lost" asks for the category: the free text does not answer it
    why = followup("--db", path, "why", "C1", "--today", "2026-11-04")
    assert why.returncode == 0 and "category not recorded" in why.stdout
