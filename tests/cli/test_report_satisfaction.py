"""`followup report satisfaction` on the example dealership (the demo database) on 2026-11-24.

The advisors log their own quality callbacks with a score; complaints go to the
sales manager of the owner's team. Two complaints of 23 November are still open.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

TODAY = "2026-11-24"
def report(cli, db, *args):
    result = cli("--db", db, "report", "satisfaction", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_six_months_by_month_staff_and_both(cli, demo):
    doc = json.loads(report(cli, demo, "--format", "json"))
    assert doc["title"] == "Satisfaction from 2026-05-25 to 2026-11-24"
    months, staff, staff_months = doc["tables"]
    assert [t["name"] for t in doc["tables"]] == ["months", "staff", "staff_months"]
    assert [r["month"] for r in months["rows"]] == [
        "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "total",
    ]
    total = months["rows"][-1]
    assert (total["scored"], total["low"], total["complaints"], total["in_time"], total["open"]) == (235, 10, 14, 12, 2)
    assert 4.0 <= total["average"] <= 4.8
    assert sum(r["scored"] for r in months["rows"][:-1]) == total["scored"]
    november = months["rows"][-2]
    assert (november["complaints"], november["open"], november["in_time_rate"]) == (2, 2, None)  # both still in window
    by_staff = {r["staff"]: r for r in staff["rows"]}
    assert list(by_staff) == ["A01", "A02", "A03", "M02", "total"]
    assert sum(by_staff[a]["scored"] for a in ("A01", "A02", "A03")) == 235
    assert by_staff["M02"]["complaints"] == 14
    assert {r["staff"] for r in staff_months["rows"]} == {"A01", "A02", "A03"}


def test_a_longer_period_counts_more(cli, demo):
    doc = json.loads(report(cli, demo, "--months", "12", "--format", "json"))
    total = doc["tables"][0]["rows"][-1]
    assert (total["scored"], total["complaints"]) == (438, 26)
    doc = json.loads(report(cli, demo, "--from", "2026-07-01", "--to", "2026-07-31", "--format", "json"))
    (july, total) = doc["tables"][0]["rows"]
    assert july["month"] == "2026-07" and (july["scored"], july["low"], july["complaints"]) == (33, 5, 6)


def test_csv_and_table(cli, demo):
    text = report(cli, demo, "--format", "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["table"] for r in rows} == {"months", "staff", "staff_months"}
    assert next(r for r in rows if r["table"] == "months" and r["month"] == "total")["scored"] == "235"
    out = report(cli, demo)
    assert "Scores and complaints by month" in out and "杨帆" in out
