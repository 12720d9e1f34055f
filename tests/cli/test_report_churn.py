"""`followup report churn` on the example dealership (the demo database) on 2026-11-24.

108 workshop customers are managed today (two more are lost for good); 18 of them are
at risk or churned, most of them A01's.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

TODAY = "2026-11-24"
def report(cli, db, *args):
    result = cli("--db", db, "report", "churn", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_months_rate_and_advisors(cli, demo):
    doc = json.loads(report(cli, demo, "--format", "json"))
    assert doc["report"] == "churn"
    months, rate, advisors = doc["tables"]
    assert [t["name"] for t in doc["tables"]] == ["months", "churn_rate", "advisors"]
    assert months["rows"][-1] == {
        "month": "2026-11", "active": 90, "at_risk": 10, "churned": 8, "lost_for_good": 2, "managed": 108, "at_risk_or_churned": 18,
    }
    # each month's base is the month before's managed customers
    assert [r["managed_at_start"] for r in rate["rows"][1:]] == [r["managed"] for r in months["rows"][:-1]]
    assert rate["rows"][3] == {"month": "2026-08", "entered_churned": 2, "managed_at_start": 95, "churn_rate": 2 / 95}
    assert advisors["rows"][0]["advisor"] == "A01" and advisors["rows"][0]["name"] == "陈静"
    assert advisors["rows"][-1] == {
        "advisor": "total", "name": "", "active": 90, "at_risk": 10, "churned": 8, "lost_for_good": 2, "managed": 108,
        "at_risk_or_churned_share": 18 / 108,
    }


def test_csv_gives_the_numbers_behind_the_chart(cli, demo):
    text = report(cli, demo, "--months", "3", "--format", "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    months = [r for r in rows if r["table"] == "months"]
    assert [(r["month"], r["at_risk_or_churned"]) for r in months] == [("2026-08", "17"), ("2026-09", "18"), ("2026-10", "18"), ("2026-11", "18")]
    assert [r["advisor"] for r in rows if r["table"] == "advisors"] == ["A01", "A02", "A03", "total"]


def test_table_draws_the_chart_and_defines_the_rate(cli, demo):
    out = report(cli, demo)
    assert "Churn from 2026-05-25 to 2026-11-24" in out
    assert "█" in out
    assert "churn rate = customers who became churned during the month" in out
    assert "Customers by advisor and churn state on 2026-11-24" in out
    assert "16.7 %" in out
