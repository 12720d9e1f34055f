"""`followup report workload` on the example dealership (the demo database) on 2026-11-24.

Checked against `followup due` on the same day: the report's calls and items
are the morning list's, staff member by staff member.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pytest

TODAY = "2026-11-24"
def report(cli, db, *args):
    result = cli("--db", db, "report", "workload", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_has_a_row_per_staff_member_and_the_morning_lists_numbers(cli, demo):
    doc = json.loads(report(cli, demo, "--format", "json"))
    assert doc["report"] == "workload" and doc["title"] == "Workload on 2026-11-24"
    (table,) = doc["tables"]
    assert table["name"] == "staff"
    assert table["columns"] == [
        "staff", "name", "role", "capacity", "calls", "items", "overdue", "cut", "missed",
        "contacts_yesterday", "contacts_7d", "reach_rate",
    ]
    by_staff = {r["staff"]: r for r in table["rows"]}
    assert list(by_staff) == ["A01", "A02", "A03", "K01", "M01", "M02", "S01", "S02", "S03", "S04", "total"]
    assert (by_staff["A01"]["name"], by_staff["A01"]["role"], by_staff["A01"]["capacity"]) == ("陈静", "advisor", 40)
    assert by_staff["A03"]["capacity"] == 30  # blank in staff.csv: the policy default

    due = json.loads(cli("--db", demo, "due", "--today", TODAY, "--all", "--format", "json").stdout)
    items, customers = defaultdict(int), defaultdict(set)
    for item in due:
        items[item["staff"]] += 1
        customers[item["staff"]].add(item["customer_id"])
    for code in ("A01", "K01", "M01", "S03"):
        assert by_staff[code]["items"] == items[code]
        assert by_staff[code]["calls"] == len(customers[code])
    total = by_staff["total"]
    assert (total["calls"], total["items"], total["cut"]) == (153, 193, 0)
    assert total["items"] == len(due)
    assert (total["contacts_yesterday"], total["contacts_7d"]) == (23, 153)
    assert 0.5 < total["reach_rate"] <= 1


def test_csv_for_excel(cli, demo):
    text = report(cli, demo, "--format", "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["table"] == "staff" and rows[0]["staff"] == "A01"
    assert rows[-1]["staff"] == "total" and rows[-1]["calls"] == "153"
    assert float(rows[-1]["reach_rate"]) == pytest.approx(144 / 153, abs=1e-4)


def test_table_on_screen(cli, demo):
    out = report(cli, demo)
    assert "Workload on 2026-11-24" in out
    assert "陈静" in out and "total" in out and "%" in out
