"""`followup visit add`: one service visit by hand, with the checks of a visits.csv row; and `customer add`'s owner warning."""

from __future__ import annotations

import json
from datetime import date

from .dataset import VIN1, VIN3

ROW = "SELECT visit_id, vin, visited_on, odometer_km, kind, advisor, complaint FROM visits ORDER BY visit_id"


def _text(rows: list[tuple]) -> list[tuple]:
    return [tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in row) for row in rows]


def _due(cli, db, today: str) -> list[tuple[str, str, str | None]]:
    result = cli("--db", db, "due", "--all", "--format", "json", "--today", today)
    assert result.exit_code == 0, result.output
    return [(i["customer_id"], i["touchpoint"], i["staff"]) for i in json.loads(result.stdout)]


def test_add_stores_the_visit_under_a_generated_id(cli, dealer, sql):
    first = cli(
        "--db", dealer, "visit", "add", "--vin", VIN1.lower(), "--on", "2026/03/01", "--odometer", "8,000",
        "--kind", "Maintenance", "--advisor", "A01", "--complaint", "异响未修好",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    assert first.stdout == f"added visit H20260301-1: {VIN1} on 2026-03-01\n"
    second = cli("--db", dealer, "visit", "add", "--vin", VIN1, "--on", "2026-03-01")
    assert second.stdout == f"added visit H20260301-2: {VIN1} on 2026-03-01\n"
    assert _text(sql(dealer, ROW)) == [
        ("H20260301-1", VIN1, "2026-03-01", 8000, "maintenance", "A01", "异响未修好"),
        ("H20260301-2", VIN1, "2026-03-01", None, None, None, None),
    ]


def test_the_day_defaults_to_today_and_an_id_may_be_given(cli, dealer, sql):
    result = cli("--db", dealer, "visit", "add", "--vin", VIN1, "--id", "RO-778")
    assert result.exit_code == 0, result.output
    assert _text(sql(dealer, "SELECT visit_id, visited_on FROM visits")) == [("RO-778", date.today().isoformat())]
    again = cli("--db", dealer, "visit", "add", "--vin", VIN1, "--id", "RO-778")
    assert again.exit_code == 1 and again.stderr == 'visit "RO-778" exists already\n'


def test_a_visit_with_a_complaint_is_answered_by_a_manager_and_called_back(cli, dealer):
    """SPEC 3: a visit with a complaint makes `complaint.reply` due at once, and a manager's callback next day."""
    assert ("C2", "complaint.reply", "M01") not in _due(cli, dealer, "2026-03-02")
    result = cli("--db", dealer, "visit", "add", "--vin", VIN1, "--on", "2026-03-02", "--kind", "repair",
                 "--advisor", "A01", "--complaint", "等了三个小时")
    assert result.exit_code == 0, result.output
    due = _due(cli, dealer, "2026-03-02")
    assert ("C2", "complaint.reply", "M01") in due
    assert ("C2", "service.manager_callback", "M01") in _due(cli, dealer, "2026-03-03")


def test_add_refuses_every_bad_option_and_writes_nothing(cli, dealer, digest):
    before = digest(dealer)
    result = cli(
        "--db", dealer, "visit", "add", "--vin", VIN1, "--on", "2026-13-01", "--odometer", "12k",
        "--kind", "wash", "--amount", "free",
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        '--on: "2026-13-01" is not a real date (no such month or day)',
        '--odometer: "12k" is not a whole number',
        '--kind: "wash" is not one of: first_service, maintenance, repair, accident, warranty, recall, inspection, other',
        '--amount: "free" is not an amount (a number such as 1234.50)',
    ]
    assert digest(dealer) == before


def test_add_refuses_an_unknown_vehicle_or_advisor(cli, dealer, digest):
    before = digest(dealer)
    vehicle = cli("--db", dealer, "visit", "add", "--vin", VIN3, "--on", "2026-03-01")
    assert vehicle.exit_code == 1
    assert vehicle.stderr == f'--vin: unknown vehicle "{VIN3}" (import vehicles.csv first)\n'
    advisor = cli("--db", dealer, "visit", "add", "--vin", VIN1, "--on", "2026-03-01", "--advisor", "A09")
    assert advisor.exit_code == 1
    assert advisor.stderr == '--advisor: unknown staff code "A09" (import staff.csv first)\n'
    assert digest(dealer) == before


def test_customer_add_warns_when_nobody_owns_the_customer(cli, dealer):
    orphan = cli("--db", dealer, "customer", "add", "N1", "--name", "赵六")
    assert orphan.exit_code == 0
    assert orphan.stdout == "added customer N1\n"
    assert "N1 has no owner" in orphan.stderr and "unassigned" in orphan.stderr
    owned = cli("--db", dealer, "customer", "add", "N2", "--name", "钱七", "--owner", "S01")
    assert owned.exit_code == 0 and owned.stderr == ""
