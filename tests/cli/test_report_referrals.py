"""`followup report referrals` on the example dealership (the demo database) on 2026-11-24.

In the six months from 2026-05-25, 8 of the 114 customers met came by referral (none
has bought yet); three owners bought a second car here. Over twelve months, 2 of 11
referred customers bought.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

TODAY = "2026-11-24"
def report(cli, db, *args):
    result = cli("--db", db, "report", "referrals", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_by_grade_source_and_month(cli, demo):
    doc = json.loads(report(cli, demo, "--format", "json"))
    assert doc["report"] == "referrals"
    assert [t["name"] for t in doc["tables"]] == ["by_grade", "by_source", "by_month"]
    by_grade, by_source, by_month = doc["tables"]
    assert [(r["grade"], r["referrals"], r["bought"], r["repurchases"]) for r in by_grade["rows"]] == [
        ("premium", 3, 0, 3), ("potential", 5, 0, 0), ("general", 0, 0, 0), ("total", 8, 0, 3),
    ]
    assert by_source["rows"][0] == {"source": "referral", "referrals": 8, "bought": 0, "bought_share": 0.0}
    assert by_month["rows"][-1] == {
        "month": "total", "new_customers": 114, "referrals": 8, "referral_share": 8 / 114, "bought": 0, "bought_share": 0.0, "repurchases": 3,
    }


def test_csv_over_twelve_months(cli, demo):
    text = report(cli, demo, "--months", "12", "--format", "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    total = [r for r in rows if r["table"] == "by_grade"][-1]
    assert (total["grade"], total["referrals"], total["bought"], total["repurchases"]) == ("total", "11", "2", "7")
    assert [r["month"] for r in rows if r["table"] == "by_month"][:2] == ["2025-11", "2025-12"]


def test_table_explains_the_counts(cli, demo):
    out = report(cli, demo)
    assert "Referrals and repurchases from 2026-05-25 to 2026-11-24" in out
    assert "By the referrer's grade on 2026-11-24" in out
    assert "referring a buyer or buying again makes a customer premium" in out
