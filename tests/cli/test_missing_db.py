"""Every command that needs a database refuses a missing one: exit 1, one line, the hint to run init."""

from __future__ import annotations

import postgres
import pytest

#: (command line after --db, files it needs) for every command that opens the store
COMMANDS = {
    "import": ("import", "staff", "{csv}"),
    "import --dry-run": ("import", "staff", "{csv}", "--dry-run"),
    "export to a file": ("export", "customers", "{out}"),
    "export to stdout": ("export", "customers", "-"),
    "customer add": ("customer", "add", "C1", "--name", "张三"),
    "customer edit": ("customer", "edit", "C1", "--name", "张三"),
    "customer show": ("customer", "show", "C1"),
    "customer list": ("customer", "list"),
    "log": ("log", "C1", "--staff", "S01", "--outcome", "reached"),
    "due": ("due", "--today", "2026-06-01"),
    "why": ("why", "C1", "--today", "2026-06-01"),
}


def _args(tmp_path, csvfile, template):
    staff = csvfile("staff.csv", "code,name,role\nS01,张伟,consultant\n")
    return [part.format(csv=staff, out=tmp_path / "out.csv") for part in template]


@pytest.mark.parametrize("template", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.sqlite_only("a SQLite file that is not there")
def test_a_missing_database_is_refused_with_the_init_hint(cli, tmp_path, csvfile, template):
    path = tmp_path / "nowhere" / "followup.db"
    result = cli("--db", path, *_args(tmp_path, csvfile, template))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"no database at {path}: run `followup init` first\n"
    assert not path.parent.exists()  # refusing creates nothing
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("template", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.sqlite_only("a SQLite file that is not there")
def test_a_missing_database_named_by_followup_db_is_refused(cli, tmp_path, csvfile, template):
    path = tmp_path / "env.db"
    result = cli(*_args(tmp_path, csvfile, template), env={"FOLLOWUP_DB": str(path)})
    assert result.exit_code == 1
    assert result.stderr == f"no database at {path}: run `followup init` first\n"
    assert not path.exists()


@pytest.mark.sqlite_only("an empty SQLite file")
def test_a_file_that_is_not_a_followup_database_is_refused(cli, tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    result = cli("--db", path, "customer", "list")
    assert result.exit_code == 1
    assert result.stderr == f"{path} is not a followup database: run `followup init` first\n"
    assert path.stat().st_size == 0


def test_policy_show_needs_no_database(cli, tmp_path):
    result = cli("--db", tmp_path / "missing.db", "policy", "show")
    assert result.exit_code == 0, result.output
    assert "\n[general]  " in result.stdout
    assert not (tmp_path / "missing.db").exists()


def test_a_database_with_another_schema_revision_is_refused_with_the_init_hint(cli, db, tamper):
    tamper(db, "UPDATE alembic_version SET version_num = '0000'")
    result = cli("--db", db, "customer", "list")
    assert result.exit_code == 1
    assert result.stderr == f"the database {db} has an older schema (0000): run `followup init` to upgrade it\n"


@pytest.mark.postgresql_only("a server database that is not there")
@pytest.mark.parametrize("template", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_missing_server_database_is_refused_in_one_line(cli, tmp_path, csvfile, template, request):
    url = request.getfixturevalue("postgres_server").url("nowhere")
    result = cli("--db", url, *_args(tmp_path, csvfile, template))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"cannot open the database {url}: ")
    assert 'database "nowhere" does not exist' in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out.csv").exists()


def test_a_followup_database_that_is_not_initialised_is_refused_with_the_init_hint(cli, new_db):
    if not postgres.is_url(new_db):
        new_db.touch()
    result = cli("--db", new_db, "customer", "list")
    assert result.exit_code == 1
    assert result.stderr == f"{new_db} is not a followup database: run `followup init` first\n"
