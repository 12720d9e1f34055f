"""`followup report grades` on the example dealership (the demo database) on 2026-11-24.

110 owners: 27 premium, 70 potential, 13 general; 余杭区 and 制造业 hold the most.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

TODAY = "2026-11-24"
def report(cli, db, *args):
    result = cli("--db", db, "report", "grades", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_mix_regions_and_industries(cli, demo):
    doc = json.loads(report(cli, demo, "--format", "json"))
    assert doc["report"] == "grades"
    mix, regions, industries = doc["tables"]
    assert [t["name"] for t in doc["tables"]] == ["mix", "regions", "industries"]
    assert [(r["grade"], r["owners"]) for r in mix["rows"]] == [("premium", 27), ("potential", 70), ("general", 13), ("total", 110)]
    assert regions["columns"] == [
        "region", "premium", "premium_share", "potential", "potential_share", "general", "general_share", "total", "total_share",
    ]
    assert regions["rows"][0] == {
        "region": "余杭区", "premium": 1, "premium_share": 1 / 27, "potential": 17, "potential_share": 17 / 70,
        "general": 2, "general_share": 2 / 13, "total": 20, "total_share": 20 / 110,
    }
    assert industries["rows"][0]["industry"] == "制造业" and industries["rows"][0]["total"] == 21
    for table in (regions, industries):
        assert sum(r["total"] for r in table["rows"][:-1]) == 110
        assert table["rows"][-1]["premium_share"] == 1.0


def test_csv_gives_every_table(cli, demo):
    text = report(cli, demo, "--format", "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["table"] for r in rows].count("regions") == 9  # eight districts and the total
    assert any(r["table"] == "industries" and r["industry"] == "物流" and r["premium"] == "6" for r in rows)


def test_table_says_what_the_shares_are_of(cli, demo):
    out = report(cli, demo)
    assert "Owners by grade on 2026-11-24" in out
    assert "each grade's share is of that grade's owners" in out
    assert "24.5 %" in out  # premium: 27 of 110 owners
