"""`followup report forecast` on the example dealership (the demo database) from 2026-11-24.

Day 0 is the morning list of `followup due`; the numbers reach Excel through CSV.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

TODAY = "2026-11-24"
def report(cli, db, *args):
    result = cli("--db", db, "report", "forecast", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_day_zero_is_todays_list_and_later_days_follow(cli, demo):
    doc = json.loads(report(cli, demo, "--days", "7", "--format", "json"))
    assert doc["report"] == "forecast"
    days, staff = doc["tables"]
    assert (days["name"], staff["name"]) == ("days", "staff")
    assert [r["day"] for r in days["rows"]] == [f"2026-11-{d}" for d in range(24, 31)]
    assert days["rows"][0] == {"day": "2026-11-24", "calls": 153, "items": 193, "cut": 0}
    due = json.loads(cli("--db", demo, "due", "--today", TODAY, "--format", "json").stdout)
    assert days["rows"][0]["items"] == len(due)
    assert staff["columns"][:4] == ["day", "A01", "A02", "A03"]
    for day, by_staff in zip(days["rows"], staff["rows"]):
        assert day["calls"] == sum(v for k, v in by_staff.items() if k != "day" and not k.endswith("_cut"))
    assert doc["notes"] == ["assumes nothing is logged in between: no calls, no visits after 2026-11-24"]


def test_csv_carries_the_numbers_per_day_and_staff_member(cli, demo):
    text = report(cli, demo, "--days", "3", "--format", "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["table"], r["day"]) for r in rows] == [
        ("days", "2026-11-24"), ("days", "2026-11-25"), ("days", "2026-11-26"),
        ("staff", "2026-11-24"), ("staff", "2026-11-25"), ("staff", "2026-11-26"),
    ]
    assert rows[0]["calls"] == "153"
    assert rows[3]["A01"] == "16" and rows[3]["S03"] == "17"


def test_table_draws_bars_and_says_what_it_assumes(cli, demo):
    out = report(cli, demo, "--days", "3")
    assert "Forecast from 2026-11-24 to 2026-11-26" in out
    assert "█" in out
    assert "assumes nothing is logged in between" in out
