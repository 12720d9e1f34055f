"""`followup due` and `followup why` on a small dealership built from CSV files (SPEC section 3).

The dealership on 2026-12-01: a hot prospect reached four days ago, a lead
created this morning, a car delivered yesterday whose insurance ends in nine
days, a customer lost two days ago with no reason recorded (nor verified by a manager yet),
and one who opted out.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

VIN1 = "LSVAB2BM0JN000001"
TODAY = "2026-12-01"
EXPECTED = [
    # (customer, touchpoint, vin, opens_on, due_on, overdue_days, staff, role, channel)
    ("O1", "delivery.manager_call", VIN1, "2026-11-30", "2026-12-01", 0, "M01", "manager", "phone"),
    ("P1", "lead.cadence", None, "2026-11-29", "2026-11-30", 1, "S01", "consultant", "phone"),
    ("O1", "delivery.thanks", VIN1, "2026-11-30", "2026-12-01", 0, "S01", "consultant", "sms"),
    ("P2", "lead.welcome", None, "2026-12-01", "2026-12-02", 0, "S01", "consultant", "sms"),
    ("O1", "expiry.insurance", VIN1, "2026-11-26", "2026-12-10", 0, "A01", "advisor", "phone"),
    ("L1", "lost.reason", None, "2026-11-29", "2026-12-02", 0, "S01", "consultant", "phone"),
    ("L1", "lost.verify", None, "2026-11-29", "2026-12-02", 0, "M01", "manager", "phone"),  # seed 004: a manager verifies
]


@pytest.fixture
def dealership(cli, db, csvfile):
    files = {
        "staff": "code,name,role,team,daily_capacity\n"
        "S01,张伟,consultant,sales,30\nA01,陈静,advisor,service,\nM01,周建华,manager,sales,\nK01,孙丽,crm,,\n",
        "customers": "customer_id,name,phone,stage,intent_level,grade,owner,advisor,created_on,lost_on,do_not_contact\n"
        "P1,王建国,13812345678,prospect,A,,S01,,2026-11-20,,\n"
        "P2,李娜,13912345678,prospect,B,,S01,,2026-12-01,,\n"
        "O1,赵敏,13712345678,owner,,premium,S01,A01,2024-05-01,,\n"
        "L1,钱进,13612345678,lost,,,S01,,2026-09-01,2026-11-29,\n"
        "X1,孙悟,13512345678,prospect,A,,S01,,2026-12-01,,true\n",
        "vehicles": "vin,customer_id,model,plate,delivered_on,sold_here,warranty_ends_on,insurance_ends_on\n"
        f"{VIN1},O1,星越L,浙A12345,2026-11-30,true,2029-11-30,2026-12-10\n",
        "contacts": "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n"
        "P1,2026-11-27,phone,,reached,S01,,,想周末试驾\n",
    }
    for kind in ("staff", "customers", "vehicles", "contacts"):
        result = cli("--db", str(db), "import", kind, str(csvfile(f"{kind}.csv", files[kind])))
        assert result.exit_code == 0, result.output
    return db


def due_json(cli, db, *args):
    result = cli("--db", str(db), "due", "--today", TODAY, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_due_all_json_gives_exactly_the_items_the_spec_implies(cli, dealership):
    items = due_json(cli, dealership, "--all")
    got = [
        (i["customer_id"], i["touchpoint"], i["vin"], i["opens_on"], i["due_on"], i["overdue_days"], i["staff"], i["role"], i["channel"])
        for i in items
    ]
    assert sorted(got) == sorted(EXPECTED)
    assert all(i["within_capacity"] for i in items)
    # ranked by weight x grade/level factor + overdue days (policy): the premium owner's
    # delivery calls (65 x 1.5, 60 x 1.5) before the hot lead (50 x 1.5 + 1 day x 2)
    assert [(i["customer_id"], i["touchpoint"], i["priority"]) for i in items[:3]] == [
        ("O1", "delivery.manager_call", 97.5), ("O1", "delivery.thanks", 90.0), ("P1", "lead.cadence", 77.0)
    ]
    assert set(items[0]) >= {
        "customer_id", "name", "phone", "vin", "touchpoint", "opens_on", "due_on", "overdue_days",
        "priority", "staff", "role", "channel", "reason", "within_capacity",
    }
    insurance = next(i for i in items if i["touchpoint"] == "expiry.insurance")
    assert insurance["reason"] == "insurance ends on 2026-12-10"
    assert insurance["name"] == "赵敏" and insurance["phone"] == "13712345678"


def test_the_opted_out_customer_is_never_listed(cli, dealership):
    assert "X1" not in {i["customer_id"] for i in due_json(cli, dealership, "--all")}


def test_filters_by_staff_role_touchpoint_and_channel(cli, dealership):
    assert {i["touchpoint"] for i in due_json(cli, dealership, "--staff", "A01")} == {"expiry.insurance"}
    assert [(i["customer_id"], i["touchpoint"]) for i in due_json(cli, dealership, "--role", "manager")] == [
        ("O1", "delivery.manager_call"), ("L1", "lost.verify")]
    assert [i["customer_id"] for i in due_json(cli, dealership, "--touchpoint", "lost.reason")] == ["L1"]
    assert {i["touchpoint"] for i in due_json(cli, dealership, "--channel", "sms")} == {"delivery.thanks", "lead.welcome"}


def test_csv_call_list_has_one_row_per_customer(cli, dealership, tmp_path):
    out = tmp_path / "calls.csv"
    result = cli("--db", str(dealership), "due", "--today", TODAY, "--all", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["customer_id"] for r in rows] == ["O1", "P1", "P2", "L1"]
    o1 = rows[0]
    assert o1["touchpoints"] == "delivery.manager_call;delivery.thanks;expiry.insurance"
    assert o1["staff"] == "M01 S01 A01" and o1["plate"] == "浙A12345" and o1["phone"] == "13712345678"


def test_capacity_cuts_the_table_and_csv_and_marks_the_json(cli, dealership, csvfile):
    # S01 can make only one call a day: the hot lead's (P1, the first phone call in rank); O1's thank-you
    # and P2's welcome are messages (SMS), which capacity never cuts; L1's call is cut
    staff = csvfile("staff_cap.csv", "code,daily_capacity\nS01,1\n")
    assert cli("--db", str(dealership), "import", "staff", str(staff)).exit_code == 0
    items = due_json(cli, dealership, "--staff", "S01")
    within = {(i["customer_id"], i["within_capacity"]) for i in items}
    assert within == {("O1", True), ("P1", True), ("P2", True), ("L1", False)}
    result = cli("--db", str(dealership), "due", "--today", TODAY, "--staff", "S01", "--format", "csv")
    assert [r["customer_id"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["O1", "P1", "P2"]
    assert "1 calls cut by daily capacity" in result.stderr
    table = cli("--db", str(dealership), "due", "--today", TODAY, "--staff", "S01")
    assert "1 more calls cut by daily capacity (S01: 1); --all lists them" in table.stdout
    assert len(due_json(cli, dealership, "--staff", "S01", "--all")) == 4


def test_a_list_cut_whole_by_capacity_still_says_how_many_calls_were_cut(cli, dealership, csvfile):
    # capacity 0: every call of S01 is cut (P1, L1); the two messages (O1's thank-you, P2's welcome) are the
    # message batch, which capacity never cuts (SPEC 3, two lanes)
    staff = csvfile("staff_cap.csv", "code,daily_capacity\nS01,0\n")
    assert cli("--db", str(dealership), "import", "staff", str(staff)).exit_code == 0
    table = cli("--db", str(dealership), "due", "--today", TODAY, "--staff", "S01")
    assert table.exit_code == 0, table.output
    assert "2 calls (2 touchpoints, 0 overdue)" in table.stdout
    assert "2 more calls cut by daily capacity (S01: 2); --all lists them" in table.stdout
    listed = cli("--db", str(dealership), "due", "--today", TODAY, "--staff", "S01", "--format", "csv")
    assert [r["customer_id"] for r in csv.DictReader(io.StringIO(listed.stdout))] == ["O1", "P2"]
    assert listed.stderr == "2 calls cut by daily capacity; --all lists them\n"
    as_json = cli("--db", str(dealership), "due", "--today", TODAY, "--staff", "S01", "--format", "json")
    assert {(i["customer_id"], i["within_capacity"]) for i in json.loads(as_json.stdout)} == {
        ("O1", True), ("P2", True), ("P1", False), ("L1", False),
    }
    assert as_json.stderr == '2 calls cut by daily capacity (in the JSON with "within_capacity": false)\n'
    only_calls = cli("--db", str(dealership), "due", "--today", TODAY, "--staff", "S01", "--channel", "phone")
    assert "0 calls (0 touchpoints, 0 overdue)" in only_calls.stdout  # a list cut whole still says so
    assert "2 more calls cut by daily capacity (S01: 2)" in only_calls.stdout


def test_logging_a_call_clears_the_callers_items_and_nothing_of_a_colleague(cli, dealership):
    result = cli("--db", str(dealership), "log", "O1", "--staff", "S01", "--on", TODAY, "--outcome", "reached")
    assert result.exit_code == 0, result.output
    tomorrow = cli("--db", str(dealership), "due", "--today", "2026-12-02", "--format", "json", "--all")
    o1 = {i["touchpoint"] for i in json.loads(tomorrow.stdout) if i["customer_id"] == "O1"}
    assert "delivery.thanks" not in o1  # S01's item, answered by S01's call
    assert "expiry.insurance" in o1  # A01's item: still A01's to make
    assert "delivery.week_call" in o1  # opened today, after the call


def test_nothing_due_is_quiet_and_exit_0(cli, db):
    result = cli("--db", str(db), "due", "--today", TODAY)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(cli("--db", str(db), "due", "--today", TODAY, "--format", "json").stdout) == []


def test_why_explains_each_item_and_each_absence(cli, dealership):
    result = cli("--db", str(dealership), "why", "O1", "--today", TODAY, "--format", "json")
    verdicts = {(v["touchpoint"], v["status"]) for v in json.loads(result.stdout)}
    assert ("delivery.thanks", "due") in verdicts
    assert ("delivery.week_call", "not_yet") in verdicts
    assert ("lead.cadence", "not_applicable") in verdicts
    table = cli("--db", str(dealership), "why", "X1", "--today", TODAY)
    assert "suppressed: do not contact" in table.stdout
    lost = json.loads(cli("--db", str(dealership), "why", "L1", "--today", TODAY, "--format", "json").stdout)
    statuses = {v["touchpoint"]: (v["status"], v["reason"]) for v in lost}
    assert statuses["lost.reason"][0] == "due"
    assert statuses["owner.keep_in_touch"][0] in ("suppressed", "not_applicable")


def test_unknown_values_are_refused_with_choices(cli, dealership):
    result = cli("--db", str(dealership), "due", "--touchpoint", "lead.nope")
    assert result.exit_code == 1 and "lead.cadence" in result.stderr
    result = cli("--db", str(dealership), "due", "--staff", "S99")
    assert result.exit_code == 1 and 'unknown staff code "S99"' in result.stderr
    result = cli("--db", str(dealership), "due", "--today", "2026-13-01")
    assert result.exit_code == 1 and "is not a date" in result.stderr
    assert cli("--db", str(dealership), "why", "C404", "--today", TODAY).exit_code == 1


def test_a_promise_kept_by_a_staff_member_without_a_role_is_listed(cli, dealer, csvfile):
    """Review: a staff row with a blank role who promised a call crashed the agenda (its roles column)."""
    staff = csvfile("norole.csv", "code,name,role,team,daily_capacity\nX01,钱多,,sales,\n")
    assert cli("--db", dealer, "import", "staff", staff).exit_code == 0
    logged = cli("--db", dealer, "log", "C1", "--staff", "X01", "--on", "2026-01-05", "--next", "2026-01-07")
    assert logged.exit_code == 0, logged.output
    for fmt in ("json", "table", "csv"):
        listed = cli("--db", dealer, "due", "--all", "--today", "2026-01-07", "--format", fmt)
        assert listed.exit_code == 0, listed.output
        assert "C1" in listed.stdout and "Traceback" not in listed.output
