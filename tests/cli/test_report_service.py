"""`followup report service` on the example dealership (the demo database) on 2026-11-24.

Every figure is checked against counts made here from examples/*.csv (tests/cli/examples_data.py)
with the policy's defaults written out: quality callback +1..+7, care callback +14..+30, the
manager's callback of an important customer's visit +1..+3 (marked important, a complaint, or
a repair within 90 days of the vehicle's previous repair), first service 3 months or 5,000 km
after delivery, taken up when done by the predicted day + 30.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .examples_data import REACHING, day, month, table

TODAY = date(2026, 11, 24)
START = date(2026, 5, 25)
MONTHS = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
MANAGERS = {s["code"] for s in table("staff") if s["role"] == "manager"}


def report(cli, db):
    result = cli("--db", db, "report", "service", "--today", TODAY.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [t["name"] for t in doc["tables"]] == ["first_service", "callbacks"]
    return {t["name"]: {r["month"]: r for r in t["rows"]} for t in doc["tables"]}


def in_period(d):
    return d is not None and START <= d <= TODAY


def called(customer_id, touchpoint, opens, due, staff):
    return any(
        c["customer_id"] == customer_id and c["outcome"] in REACHING and opens <= day(c["contacted_on"]) <= due
        and (c["touchpoint"] == touchpoint or (c["touchpoint"] == "" and (c["staff"] == "" or c["staff"] in staff)))
        for c in table("contacts")
    )


def test_callbacks_in_their_window_match_the_example_files(cli, demo):
    got = report(cli, demo)["callbacks"]
    customers = {c["customer_id"]: c for c in table("customers")}
    owner_of = {v["vin"]: customers[v["customer_id"]] for v in table("vehicles")}
    by_vin = {}
    for v in sorted(table("visits"), key=lambda v: (v["visited_on"], v["visit_id"])):
        if day(v["visited_on"]) <= TODAY:
            by_vin.setdefault(v["vin"], []).append(v)
    expected = {m: Counter() for m in MONTHS}
    for vin, visits in by_vin.items():
        cust = owner_of[vin]
        for i, v in enumerate(visits):
            on = day(v["visited_on"])
            if not in_period(on):
                continue
            e = expected[month(on)]
            e["visits"] += 1
            repeat = v["kind"] == "repair" and _previous_repair_within(visits[:i], on)
            important = bool(v["complaint"].strip()) or repeat or cust["important"] == "true"
            advisor = {v["advisor"] or cust["advisor"]}
            windows = [("service.manager_callback", "important", 1, 3, MANAGERS) if important
                       else ("service.quality_callback", "quality", 1, 7, advisor),
                       ("service.care_callback", "care", 14, 30, advisor)]
            for touchpoint, name, lo, hi, staff in windows:
                if on + timedelta(days=hi) > TODAY:
                    continue
                e[f"{name}_due"] += 1
                e[f"{name}_made"] += called(cust["customer_id"], touchpoint, on + timedelta(days=lo), on + timedelta(days=hi), staff)
    for m in MONTHS:
        row = got[m]
        for key in ("visits", "quality_due", "quality_made", "care_due", "care_made", "important_due", "important_made"):
            assert row[key] == expected[m][key], (m, key)
    total = sum(expected.values(), Counter())
    assert got["total"]["quality_rate"] == total["quality_made"] / total["quality_due"]
    assert total["important_due"] > 0 and total["quality_made"] > 0


def _previous_repair_within(earlier, on):
    """seed 003 多次返修: the vehicle's previous repair (the latest before) within 90 days."""
    for p in reversed(earlier):
        if p["kind"] == "repair" and day(p["visited_on"]) < on:
            return (on - day(p["visited_on"])).days <= 90
    return False


def test_first_service_uptake_by_month_of_delivery_matches_the_example_files(cli, demo):
    got = report(cli, demo)["first_service"]
    expected = {m: Counter() for m in MONTHS}
    visits = table("visits")
    for v in table("vehicles"):
        delivered = day(v["delivered_on"])
        if not in_period(delivered):
            continue
        e = expected[month(delivered)]
        e["delivered"] += 1
        services = sorted(day(x["visited_on"]) for x in visits if x["vin"] == v["vin"] and x["kind"] in ("first_service", "maintenance")
                          and delivered <= day(x["visited_on"]) <= TODAY)
        # the example's cars are serviced before they reach 5,000 km: the first service is due 3 months after delivery
        deadline = delivered + relativedelta(months=3) + timedelta(days=30)
        if services or deadline <= TODAY:
            e["due"] += 1
            e["in_time"] += bool(services) and services[0] <= deadline
    for m in MONTHS:
        assert (got[m]["delivered"], got[m]["due"], got[m]["in_time"]) == (
            expected[m]["delivered"], expected[m]["due"], expected[m]["in_time"]), m
    total = sum(expected.values(), Counter())
    assert got["total"]["uptake"] == total["in_time"] / total["due"] and total["due"] > 0


def test_table_in_both_languages(cli, demo):
    out = cli("--db", demo, "report", "service", "--today", TODAY.isoformat())
    assert out.exit_code == 0 and "First-service uptake by month of delivery" in out.stdout
    zh = cli("--lang", "zh", "--db", demo, "report", "service", "--today", TODAY.isoformat())
    assert zh.exit_code == 0 and "首保率" in zh.stdout and "质量回访" in zh.stdout
