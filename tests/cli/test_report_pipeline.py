"""`followup report pipeline` on the example dealership (the demo database) on 2026-11-24.

Checked against `followup customer list` for every consultant and level, and against counts
made here from examples/*.csv (tests/cli/examples_data.py) for the period's columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date, timedelta

import pytest

from .examples_data import REACHING, contacts_of, day, table

TODAY = date(2026, 11, 24)
START = date(2026, 5, 25)
LEVELS = ("A", "B", "C", "D")
CONSULTANTS = sorted(s["code"] for s in table("staff") if s["role"] == "consultant")
#: SPEC 3 lead.cadence: each level's cadence period (its window's due offset), and 3 periods make a level stale
PERIOD_DAYS = {"A": 3, "B": 7, "C": 30, "D": 90}


@pytest.fixture
def levels(cli, demo):
    result = cli("--db", demo, "report", "pipeline", "--today", TODAY.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["report"] == "pipeline"
    return doc["tables"][0]


def test_period_columns_match_the_example_files(cli, demo, levels):
    check_period_columns(levels, TODAY, START)
    # three months on, without a call in between, the example's A and B prospects have gone stale
    later = cli("--db", demo, "report", "pipeline", "--today", "2027-03-01", "--format", "json")
    assert later.exit_code == 0, later.output
    stale = check_period_columns(json.loads(later.stdout)["tables"][0], date(2027, 3, 1), date(2026, 9, 2))
    assert stale > 0


def check_period_columns(levels, today: date, start: date) -> int:
    """The report's period columns against the example files' counts; returns how many prospects are stale."""

    def in_period(d):
        return d is not None and start <= d <= today

    expected = Counter()
    for c in table("customers"):
        key = (c["owner"], c["intent_level"] or "(no level)")
        if in_period(day(c["created_on"])):
            expected[key + ("new",)] += 1
        if any(v["customer_id"] == c["customer_id"] and v["sold_here"] == "true" and in_period(day(v["delivered_on"]))
               for v in table("vehicles")):
            expected[key + ("won",)] += 1
        if c["stage"] in ("lost", "quasi_lost") and in_period(day(c["lost_on"])):
            expected[key + (c["stage"],)] += 1
        if c["stage"] == "prospect" and c["intent_level"]:
            reached = [day(x["contacted_on"]) for x in contacts_of(c["customer_id"], today) if x["outcome"] in REACHING]
            trigger = max([day(c["created_on"]), *reached])
            if today >= trigger + timedelta(days=3 * PERIOD_DAYS[c["intent_level"]]):
                expected[key + ("stale",)] += 1
    got = Counter()
    for r in levels["rows"]:
        if r["owner"] == "total":
            continue
        for column in ("new", "won", "lost", "quasi_lost", "stale"):
            got[(r["owner"], r["level"], column)] += r[column]
        decided = r["won"] + r["quasi_lost"] + r["lost"]
        assert r["conversion"] == (r["won"] / decided if decided else None)
        assert (r["up"], r["down"]) == (0, 0)  # an import records no level change made by hand
    assert +got == +expected
    assert sum(v for k, v in expected.items() if k[2] in ("new", "won")) > 0
    return sum(v for k, v in expected.items() if k[2] == "stale")


def test_level_changes_made_by_hand_count_up_and_down(cli, dealer):
    for on, level in (("2026-02-01", "A"), ("2026-02-05", "C"), ("2026-02-09", "D")):
        assert cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", on, "--level", level).exit_code == 0
    result = cli("--db", dealer, "report", "pipeline", "--today", "2026-02-28", "--from", "2026-02-01", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {(r["owner"], r["level"]): r for r in json.loads(result.stdout)["tables"][0]["rows"]}
    assert (rows[("S01", "A")]["up"], rows[("S01", "A")]["down"]) == (1, 0)  # B -> A
    assert (rows[("S01", "C")]["up"], rows[("S01", "C")]["down"]) == (0, 1)  # A -> C
    assert (rows[("S01", "D")]["up"], rows[("S01", "D")]["down"]) == (0, 1)  # C -> D
    assert rows[("S01", "D")]["prospects"] == 1 and rows[("total", "D")]["down"] == 1


def test_table_and_csv_in_both_languages(cli, demo):
    out = cli("--db", demo, "report", "pipeline", "--today", TODAY.isoformat())
    assert out.exit_code == 0 and "Intent levels per consultant" in out.stdout
    zh = cli("--lang", "zh", "--db", demo, "report", "pipeline", "--today", TODAY.isoformat())
    assert zh.exit_code == 0 and "销售顾问" in zh.stdout and "转化率" in zh.stdout
    text = cli("--db", demo, "report", "pipeline", "--today", TODAY.isoformat(), "--format", "csv").stdout.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:4] == ["table", "owner", "level", "prospects"]
    assert [r["owner"] for r in rows if r["level"] == "A"] == [*CONSULTANTS, "total"]
