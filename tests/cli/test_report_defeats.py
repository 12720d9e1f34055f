"""`followup report defeats` on the example dealership (the demo database) on 2026-11-24.

The six months from 2026-05-25: 19 cars delivered, 14 customers lost and 14 quasi-lost;
nobody lost came back yet.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

TODAY = "2026-11-24"
def report(cli, db, *args):
    result = cli("--db", db, "report", "defeats", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_months_and_reasons(cli, demo):
    doc = json.loads(report(cli, demo, "--format", "json"))
    assert doc["report"] == "defeats"
    months, reasons = doc["tables"]
    assert (months["name"], reasons["name"]) == ("months", "reasons")
    assert months["columns"] == ["month", "won", "lost", "quasi_lost", "defeat_rate", "recovered"]
    assert [r["month"] for r in months["rows"]] == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "total"]
    assert months["rows"][-2] == {"month": "2026-11", "won": 7, "lost": 4, "quasi_lost": 6, "defeat_rate": 4 / 11, "recovered": 0}
    assert months["rows"][-1] == {"month": "total", "won": 19, "lost": 14, "quasi_lost": 14, "defeat_rate": 14 / 33, "recovered": 0}
    assert reasons["rows"][0] == {"reason": "(not recorded)", "competitor": "(not recorded)", "lost": 3, "quasi_lost": 3, "total": 6}
    assert {"reason": "价格原因", "competitor": "丰田", "lost": 1, "quasi_lost": 0, "total": 1} in reasons["rows"]
    assert reasons["rows"][-1]["total"] == 28


def test_csv_gives_both_tables_for_excel(cli, demo):
    text = report(cli, demo, "--format", "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:4] == ["table", "month", "won", "lost"]
    assert [r["table"] for r in rows].count("months") == 8
    total = [r for r in rows if r["table"] == "months"][-1]
    assert (total["month"], total["won"], total["lost"], total["quasi_lost"]) == ("total", "19", "14", "14")
    assert any(r["table"] == "reasons" and r["reason"] == "贷款审批未通过" and r["lost"] == "4" for r in rows)


def test_table_shows_the_rate_as_a_percentage_and_says_how_it_is_counted(cli, demo):
    out = report(cli, demo, "--months", "1")
    assert "Defeats from 2026-10-25 to 2026-11-24" in out
    assert "36.4 %" in out  # November: 4 lost / (7 won + 4 lost)
    assert "defeat rate = lost / (won + lost)" in out
    assert "Why customers were lost, and to whom" in out
