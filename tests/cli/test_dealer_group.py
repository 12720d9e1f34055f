"""A dealer group (issue 8): stores copied into one database keep the lists they had on their own."""

from __future__ import annotations

import json

import pytest

from followup_cli.reports import REPORTS

from .conftest import load_example_dealership

TODAY = "2026-11-24"
NB = {
    "staff": "code,name,role,team,daily_capacity\n"
    "N01,吴磊,consultant,nb-sales,30\nNA1,郑洁,advisor,nb-service,\nNM1,冯涛,manager,nb-sales,\nNK1,蒋红,crm,,\n",
    "customers": "customer_id,name,phone,stage,intent_level,grade,owner,advisor,created_on,lost_on\n"
    "NB-P1,王建国,13812345678,prospect,A,,N01,,2026-11-15,\n"
    "NB-P2,李娜,13912345678,prospect,B,,N01,,2026-11-24,\n"
    "NB-O1,赵敏,13712345678,owner,,premium,N01,NA1,2024-05-01,\n"
    "NB-L1,钱进,13612345678,lost,,,N01,,2026-09-01,2026-11-22\n",
    "vehicles": "vin,customer_id,model,plate,delivered_on,sold_here,warranty_ends_on,insurance_ends_on\n"
    "LSVAB2BM0JN000009,NB-O1,星越L,浙B12345,2026-11-23,true,2029-11-23,2026-12-03\n",
    "contacts": "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n"
    "NB-P1,2026-11-20,phone,,reached,N01,,,想周末试驾\n",
}


@pytest.fixture
def ningbo(cli, db, csvfile):
    return _import_ningbo(cli, db, csvfile)


def _import_ningbo(cli, db, csvfile):
    for kind in ("staff", "customers", "vehicles", "contacts"):
        result = cli("--db", db, "import", kind, csvfile(f"nb-{kind}.csv", NB[kind]))
        assert result.exit_code == 0, result.output
    return db


def _json(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_two_stores_copied_into_one_database_keep_their_lists(cli, demo, ningbo, tmp_path):
    group = tmp_path / "group.db"
    assert cli("--db", group, "init").exit_code == 0
    _assert_the_group_keeps_each_stores_lists(cli, {"HZ": demo, "NB": ningbo}, group)


def test_two_store_files_copied_into_the_groups_database_keep_their_lists(cli, db, tmp_path, csvfile):
    """The issue's path: each store's own SQLite file copied into the group's database (under the
    PostgreSQL run, the real server's)."""
    hz, nb = tmp_path / "hz.db", tmp_path / "nb.db"
    for store in (hz, nb):
        assert cli("--db", store, "init").exit_code == 0, store
    load_example_dealership(hz)
    _import_ningbo(cli, nb, csvfile)
    _assert_the_group_keeps_each_stores_lists(cli, {"HZ": hz, "NB": nb}, db)


def _assert_the_group_keeps_each_stores_lists(cli, stores, group):
    for store, source in stores.items():
        result = cli("copy", source, group, "--store", store)
        assert result.exit_code == 0, result.output
        assert "copied" in result.output
    for store, source in stores.items():
        alone = _json(cli, "--db", source, "due", "--today", TODAY, "--all", "--format", "json")
        together = _json(cli, "--db", group, "due", "--today", TODAY, "--all", "--format", "json", "--store", store)
        assert together == alone != []
        for code in sorted({i["staff"] for i in alone if i["staff"]}):
            mine = _json(cli, "--db", group, "due", "--today", TODAY, "--format", "json", "--staff", code)
            assert mine == _json(cli, "--db", source, "due", "--today", TODAY, "--format", "json", "--staff", code)
        for name in REPORTS:  # each report reads only the store's files (store.loaders.of_store)
            report = ("report", name, "--today", TODAY, "--format", "json", "--days", "2")
            assert _json(cli, "--db", group, *report, "--store", store) == _json(cli, "--db", source, *report), name
    whole = cli("--db", group, "report", "workload", "--today", TODAY)
    assert whole.exit_code == 0, whole.output
    assert "N01" in whole.output and "S01" in whole.output


def test_a_copy_that_would_clash_writes_nothing_and_lists_the_keys(cli, demo, tmp_path, digest):
    group = tmp_path / "group.db"
    assert cli("--db", group, "init").exit_code == 0
    assert cli("copy", demo, group).exit_code == 0
    before = digest(group)
    result = cli("copy", demo, group, "--store", "HZ")
    assert result.exit_code == 1
    assert "nothing copied: these keys are already in the target: staff: 10 (A01, A02" in result.output
    assert digest(group) == before


def test_stores_import_and_export_like_any_kind(cli, db, csvfile):
    path = csvfile("stores.csv", "code,name,region\nHZ,杭州西湖店,浙江\nNB,宁波鄞州店,浙江\n")
    result = cli("--db", db, "import", "stores", path)
    assert result.exit_code == 0, result.output
    exported = cli("--db", db, "export", "stores", "-")
    assert exported.stdout.lstrip("\ufeff").splitlines() == ["code,name,region", "HZ,杭州西湖店,浙江", "NB,宁波鄞州店,浙江"]
